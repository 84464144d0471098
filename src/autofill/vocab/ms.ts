import { d, k, s, type VocabTable } from './types';

// Malay, where it is spelt otherwise than Indonesian (id.ts reads the words both share).
export const ms: VocabTable = {
  lang: 'ms',
  entries: [
    k('ID akaun', 8),
    s('Kunci akses rahsia'), s('Kunci rahsia'), s('Kunci akaun', 9), s('Rahsia', 8),
    d('Penyulitan'), d('Nama kunci'), d('Kata laluan'),
  ],
};
