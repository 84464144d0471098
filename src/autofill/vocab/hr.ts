import { d, k, s, type VocabTable } from './types';

// Croatian, with the Serbian and Bosnian Latin spellings where they differ.
export const hr: VocabTable = {
  lang: 'hr',
  entries: [
    k('ID ključa aplikacije'), k('ID aplikacijskog ključa'), k('ID pristupnog ključa'), k('ID ključa', 9),
    k('Identifikator ključa', 9), k('ID računa', 8), k('ID naloga', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Pristupni ključ', 7), k('Ključ za pristup', 7), k('Ključ pristupa', 7),
    s('Tajni pristupni ključ'), s('Tajni ključ za pristup'), s('Tajni ključ pristupa'), s('Tajni ključ'), s('Ključ aplikacije'), s('Aplikacijski ključ'), s('Glavni ključ', 9),
    s('Tajna', 8), s('Ključ', 3),
    d('Lozinka'), d('Zaporka'), d('Korisničko ime'), d('Korisnik'), d('Šifriranje'), d('Enkripcija'), d('Naziv ključa'),
    d('Naziv'), d('Ime'), d('Mapa'),
  ],
};
