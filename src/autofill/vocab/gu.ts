import { d, k, s, type VocabTable } from './types';

// Gujarati: "કી" is a key (from English) and "નું" marks "of" ("કીનું નામ", the key's name).
export const gu: VocabTable = {
  lang: 'gu',
  entries: [
    k('એપ્લિકેશન કી આઈડી'), k('ઍક્સેસ કી આઈડી'), k('એક્સેસ કી આઈડી'), k('કી આઈડી', 9), k('એકાઉન્ટ આઈડી', 8), k('ખાતા આઈડી', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('ઍક્સેસ કી', 7), k('એક્સેસ કી', 7),
    s('ગુપ્ત ઍક્સેસ કી'), s('સિક્રેટ ઍક્સેસ કી'), s('ગુપ્ત કી'), s('સિક્રેટ કી'), s('એપ્લિકેશન કી'), s('ગુપ્ત', 8), s('કી', 3),
    d('પાસવર્ડ'), d('વપરાશકર્તા નામ'), d('વપરાશકર્તા'), d('એન્ક્રિપ્શન'), d('કીનું નામ'), d('બકેટ'),
  ],
};
