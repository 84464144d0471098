import { d, k, s, type VocabTable } from './types';

export const da: VocabTable = {
  lang: 'da',
  entries: [
    k('Applikationsnøgle-ID'), k('Programnøgle-ID'), k('ID for applikationsnøglen'), k('Adgangsnøgle-ID'),
    k('ID for adgangsnøglen'), k('Nøgle-ID', 9), k('ID for nøglen', 9), k('Konto-ID', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Adgangsnøgle', 7), k('Adgangsnøglen', 7),
    s('Hemmelig adgangsnøgle'), s('Hemmelige adgangsnøgle'), s('Hemmelig nøgle'), s('Hemmelige nøgle'),
    s('Applikationsnøgle'), s('Applikationsnøglen'), s('Programnøgle'), s('Programnøglen'), s('Kontonøgle', 9),
    s('Hovednøgle', 9), s('Hemmelighed', 8), s('Nøgle', 3), s('Nøglen', 3),
    // "Adgangskode" is the password, whatever "adgang" (access) suggests.
    d('Adgangskode'), d('Brugernavn'), d('Bruger'), d('Krypteringsadgangskode'), d('Kryptering'), d('Nøglenavn'),
    d('Navn'), d('Mappe'), d('Kontonummer'),
  ],
};
