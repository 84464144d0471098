import { d, k, s, type VocabTable } from './types';

// Urdu: "کلید" is a key and "آئی ڈی" an ID. "کی" is left out: it is also "of" ("صارف کی آئی ڈی", the user's ID).
export const ur: VocabTable = {
  lang: 'ur',
  entries: [
    k('ایپلیکیشن کلید آئی ڈی'), k('رسائی کلید آئی ڈی'), k('کلید آئی ڈی', 9), k('کلید کی شناخت', 9), k('اکاؤنٹ آئی ڈی', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('رسائی کلید', 7),
    s('خفیہ رسائی کلید'), s('خفیہ کلید'), s('ایپلیکیشن کلید'), s('ماسٹر کلید', 9), s('کلید', 3),
    d('پاس ورڈ'), d('صارف نام'), d('صارف'), d('خفیہ کاری'), d('بکٹ'),
  ],
};
