import { d, k, s, type VocabTable } from './types';

export const cs: VocabTable = {
  lang: 'cs',
  entries: [
    k('ID klíče aplikace'), k('ID aplikačního klíče'), k('Identifikátor klíče aplikace'), k('ID přístupového klíče'),
    k('Identifikátor přístupového klíče'), k('ID klíče', 9), k('Identifikátor klíče', 9), k('ID účtu', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Přístupový klíč', 7),
    s('Tajný přístupový klíč'), s('Tajný klíč'), s('Klíč aplikace'), s('Aplikační klíč'), s('Klíč účtu', 9),
    s('Hlavní klíč', 9), s('Tajemství', 8), s('Klíč', 3),
    d('Heslo'), d('Uživatelské jméno'), d('Uživatel'), d('Šifrovací heslo'), d('Šifrování'), d('Název klíče'),
    d('Název'), d('Jméno'), d('Složka'),
    // A protocol's shared secret is held by its two ends, never a storage key (score.ts).
    d('Sdílené tajemství', 8),
  ],
};
