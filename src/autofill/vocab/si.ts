import { d, k, s, type VocabTable } from './types';

// Sinhala: "යතුර" is a key and "යතුරු" the same before another noun ("යතුරු නාමය", the key name); the zero-width
// joiner of "ප්‍ර" and "ස්‍ය" is read as a space that may be missing.
export const si: VocabTable = {
  lang: 'si',
  entries: [
    k('යෙදුම් යතුරු ID'), k('ප්\u200dරවේශ යතුරු ID'), k('යතුරු ID', 9), k('යතුරු හැඳුනුම', 9), k('ගිණුම් ID', 8), k('ගිණුම් හැඳුනුම', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('ප්\u200dරවේශ යතුර', 7),
    s('රහස්\u200dය ප්\u200dරවේශ යතුර'), s('රහස්\u200dය යතුර'), s('යෙදුම් යතුර'), s('රහස', 8), s('යතුර', 3),
    d('මුරපදය'), d('පරිශීලක නාමය'), d('පරිශීලක'), d('සංකේතනය'), d('යතුරු නාමය'), d('බාල්දිය'),
  ],
};
