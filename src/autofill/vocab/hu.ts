import { d, k, s, type VocabTable } from './types';

export const hu: VocabTable = {
  lang: 'hu',
  entries: [
    k('Alkalmazáskulcs-azonosító'), k('Alkalmazáskulcs azonosítója'), k('Alkalmazáskulcs-azonosítója'),
    k('Alkalmazáskulcs ID'), k('Hozzáférésikulcs-azonosító'), k('Hozzáférési kulcs azonosító'),
    k('Hozzáférési kulcs azonosítója'), k('Hozzáférési kulcs ID'), k('Kulcsazonosító', 9), k('Kulcs azonosító', 9),
    k('Kulcs azonosítója', 9), k('Fiókazonosító', 8), k('Fiók azonosító', 8), k('Fiók azonosítója', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Hozzáférési kulcs', 7),
    s('Titkos hozzáférési kulcs'), s('Titkos kulcs'), s('Alkalmazáskulcs'), s('Alkalmazás kulcs'), s('Alkalmazáskulcsa'),
    s('Fiókkulcs', 9), s('Mesterkulcs', 9), s('Titok', 8), s('Kulcs', 3),
    // "Titkosítás" (encryption) shares its first letters with "titkos" (secret): a word of its own.
    d('Jelszó'), d('Felhasználónév'), d('Felhasználó'), d('Titkosítási jelszó'), d('Titkosítás'), d('Kulcs neve'),
    d('Név'), d('Mappa'),
  ],
};
