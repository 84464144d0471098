import { d, k, s, type VocabTable } from './types';

// Zulu: "ukhiye" is a key; "of" is a prefix that merges with the noun ("yokhiye", of the key; "wokufinyelela", of access).
export const zu: VocabTable = {
  lang: 'zu',
  entries: [
    k('ID yokhiye wohlelo lokusebenza'), k('ID yokhiye wokufinyelela'), k('ID yokhiye', 9), k('ID ye-akhawunti', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Ukhiye wokufinyelela', 7),
    s('Ukhiye wokufinyelela oyimfihlo'), s('Ukhiye oyimfihlo'), s('Ukhiye wohlelo lokusebenza'), s('Imfihlo', 8), s('Ukhiye', 3),
    d('Iphasiwedi'), d('Igama lomsebenzisi'), d('Umsebenzisi'), d('Ukubethela'), d('Igama lokhiye'), d('Ibhakede'),
  ],
};
