import { d, k, s, type VocabTable } from './types';

// Hausa: "maɓalli" is a key, "maɓallin" the same before what it belongs to ("maɓallin shiga", the access key);
// "kalmar sirri" (the password) holds "sirri" (secret).
export const ha: VocabTable = {
  lang: 'ha',
  entries: [
    k('ID na maɓallin manhaja'), k('ID na maɓallin shiga'), k('ID na maɓalli', 9), k('ID ɗin maɓalli', 9), k('ID na asusu', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Maɓallin shiga', 7),
    s('Maɓallin shiga na sirri'), s('Maɓallin sirri'), s('Maɓallin manhaja'), s('Sirri', 8), s('Maɓalli', 3),
    d('Kalmar sirri'), d('Sunan mai amfani'), d('Mai amfani'), d('Ɓoyewa'), d('Sunan maɓalli'), d('Bokiti'),
  ],
};
