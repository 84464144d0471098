import { d, k, s, type VocabTable } from './types';

export const nb: VocabTable = {
  lang: 'nb',
  entries: [
    k('Applikasjonsnøkkel-ID'), k('Programnøkkel-ID'), k('ID for applikasjonsnøkkelen'), k('Tilgangsnøkkel-ID'),
    k('ID for tilgangsnøkkelen'), k('Nøkkel-ID', 9), k('ID for nøkkelen', 9), k('Konto-ID', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Tilgangsnøkkel', 7), k('Tilgangsnøkkelen', 7),
    s('Hemmelig tilgangsnøkkel'), s('Hemmelige tilgangsnøkkelen'), s('Hemmelig nøkkel'), s('Hemmelige nøkkelen'),
    s('Applikasjonsnøkkel'), s('Applikasjonsnøkkelen'), s('Programnøkkel'), s('Programnøkkelen'), s('Kontonøkkel', 9),
    s('Hovednøkkel', 9), s('Hemmelighet', 8), s('Nøkkel', 3), s('Nøkkelen', 3),
    d('Passord'), d('Brukernavn'), d('Bruker'), d('Krypteringspassord'), d('Kryptering'), d('Nøkkelnavn'), d('Navn'),
    d('Mappe'), d('E-post'),
  ],
};
