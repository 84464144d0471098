import { d, k, s, type VocabTable } from './types';

// Khmer writes words without spaces between them: phrases are written word by word, so they match with or without
// the spaces, as a whole label. "សោ" is a key, "លេខសម្គាល់" an ID; "ពាក្យសម្ងាត់" (a secret word) is a password.
export const km: VocabTable = {
  lang: 'km',
  entries: [
    k('លេខសម្គាល់ សោ កម្មវិធី'), k('លេខសម្គាល់ សោ ចូលប្រើ'), k('លេខសម្គាល់ សោ', 9), k('លេខសម្គាល់ គណនី', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('សោ ចូលប្រើ', 7),
    s('សោ ចូលប្រើ សម្ងាត់'), s('សោ សម្ងាត់'), s('សោ កម្មវិធី'), s('សម្ងាត់', 8), s('សោ', 3),
    d('ពាក្យ សម្ងាត់'), d('ឈ្មោះ អ្នកប្រើ'), d('អ្នកប្រើ'), d('អ្នកប្រើប្រាស់'), d('ការ អ៊ិនគ្រីប'), d('ឈ្មោះ សោ'), d('ធុង'),
  ],
};
