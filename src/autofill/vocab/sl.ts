import { d, k, s, type VocabTable } from './types';

// Slovenian (Croatian and Serbian Latin are in hr.ts; shared words such as "Ključ" are read there).
export const sl: VocabTable = {
  lang: 'sl',
  entries: [
    k('ID aplikacijskega ključa'), k('ID dostopnega ključa'), k('ID računa', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Dostopni ključ', 7),
    s('Skrivni dostopni ključ'), s('Skrivni ključ'), s('Aplikacijski ključ'), s('Skrivnost', 8),
    d('Geslo'), d('Uporabniško ime'), d('Uporabnik'), d('Ime ključa'), d('Mapa'),
  ],
};
