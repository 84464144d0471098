import { d, k, s, type VocabTable } from './types';

// Filipino: forms often keep the English terms ("Application Key ID", read by the English rules); these are the
// Filipino ones ("susi" = key, "lihim" = secret, "ng" = of).
export const fil: VocabTable = {
  lang: 'fil',
  entries: [
    k('ID ng susi ng aplikasyon'), k('ID ng application key'), k('ID ng access key'), k('ID ng susi', 9), k('ID ng account', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Susi sa pag-access', 7),
    s('Lihim na susi sa pag-access'), s('Lihim na susi'), s('Susi ng aplikasyon'), s('Pangunahing susi', 9), s('Lihim', 8), s('Susi', 3),
    d('Password'), d('Pangalan ng user'), d('Pangalan ng gumagamit'), d('Pag-encrypt'), d('Pangalan ng susi'), d('Balde'),
  ],
};
