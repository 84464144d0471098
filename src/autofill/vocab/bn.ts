import { d, k, s, type VocabTable } from './types';

// Bengali: "কী" (key) is also the word for "what", and "কি" a question word: both appear only in phrases that say
// which key. Vowel signs and the hasanta are marks kept with their letters (score.ts).
export const bn: VocabTable = {
  lang: 'bn',
  entries: [
    k('অ্যাপ্লিকেশন কী আইডি'), k('অ্যাপ্লিকেশন কি আইডি'), k('অ্যাপ্লিকেশন কী-এর আইডি'), k('অ্যাক্সেস কী আইডি'), k('অ্যাক্সেস কি আইডি'),
    k('কী আইডি', 9), k('কি আইডি', 9), k('চাবির আইডি', 9), k('অ্যাকাউন্ট আইডি', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('অ্যাক্সেস কী', 7), k('অ্যাক্সেস কি', 7),
    s('সিক্রেট অ্যাক্সেস কী'), s('গোপন অ্যাক্সেস কী'), s('গোপন কী'), s('সিক্রেট কী'), s('গোপন চাবি'), s('অ্যাপ্লিকেশন কী'), s('অ্যাপ্লিকেশন কি'),
    s('মাস্টার কী', 9), s('গোপন', 8), s('সিক্রেট', 8), s('চাবি', 3),
    d('পাসওয়ার্ড'), d('ব্যবহারকারীর নাম'), d('ইউজারনেম'), d('এনক্রিপশন'), d('কী-এর নাম'), d('বাকেট'), d('ফোল্ডার'),
  ],
};
