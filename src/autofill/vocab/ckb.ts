import { d, k, s, type VocabTable } from './types';

// Sorani Kurdish: the ezafe "ی" joins a noun to what qualifies it ("کلیلی نهێنی", the secret key); "وشەی نهێنی" (the
// password) holds "نهێنی" (secret).
export const ckb: VocabTable = {
  lang: 'ckb',
  entries: [
    k('ناسنامەی کلیلی بەرنامە'), k('ناسنامەی کلیلی دەستگەیشتن'), k('ناسنامەی کلیل', 9), k('ناسنامەی هەژمار', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('کلیلی دەستگەیشتن', 7),
    s('کلیلی دەستگەیشتنی نهێنی'), s('کلیلی نهێنی'), s('کلیلی بەرنامە'), s('نهێنی', 8), s('کلیل', 3),
    d('وشەی نهێنی'), d('تێپەڕەوشە'), d('ناوی بەکارهێنەر'), d('بەکارهێنەر'), d('شفرەکردن'), d('ناوی کلیل'), d('سەتڵ'),
  ],
};
