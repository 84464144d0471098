import { d, k, s, type VocabTable } from './types';

export const sk: VocabTable = {
  lang: 'sk',
  entries: [
    k('ID kľúča aplikácie'), k('ID aplikačného kľúča'), k('Identifikátor kľúča aplikácie'), k('ID prístupového kľúča'),
    k('Identifikátor prístupového kľúča'), k('ID kľúča', 9), k('Identifikátor kľúča', 9), k('ID účtu', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Prístupový kľúč', 7),
    s('Tajný prístupový kľúč'), s('Tajný kľúč'), s('Kľúč aplikácie'), s('Aplikačný kľúč'), s('Kľúč účtu', 9),
    s('Hlavný kľúč', 9), s('Tajomstvo', 8), s('Kľúč', 3),
    d('Heslo'), d('Používateľské meno'), d('Používateľ'), d('Šifrovacie heslo'), d('Šifrovanie'), d('Názov kľúča'),
    d('Názov'), d('Meno'), d('Priečinok'),
  ],
};
