import { d, k, s, type VocabTable } from './types';

// Maltese: the article joins its noun with a hyphen and takes its first letter ("taċ-ċavetta", of the key;
// "tal-kont", of the account); "kelma sigrieta" (a secret word) is a password.
export const mt: VocabTable = {
  lang: 'mt',
  entries: [
    k('ID taċ-ċavetta tal-applikazzjoni'), k("ID taċ-ċavetta ta' aċċess"), k('ID taċ-ċavetta tal-aċċess'), k('ID taċ-ċavetta', 9), k('ID tal-kont', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k("Ċavetta ta' aċċess", 7), k('Ċavetta tal-aċċess', 7),
    s("Ċavetta sigrieta ta' aċċess"), s("Ċavetta ta' aċċess sigrieta"), s('Ċavetta sigrieta'), s('Ċavetta tal-applikazzjoni'), s('Sigriet', 8),
    s('Ċavetta', 3),
    d('Kelma sigrieta'), d('Kelma tad-dħul'), d('Isem tal-utent'), d('Utent'), d('Kriptaġġ'), d('Isem taċ-ċavetta'), d('Barmil'),
  ],
};
