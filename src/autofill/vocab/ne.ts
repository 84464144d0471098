import { d, k, s, type VocabTable } from './types';

// Nepali: "कुञ्जी" is a key (Hindi writes "कुंजी") and "को" marks "of" ("कुञ्जीको नाम", the key's name); "खाता आईडी" and
// "पासवर्ड" are spelled as in Hindi (hi.ts).
export const ne: VocabTable = {
  lang: 'ne',
  entries: [
    k('एप्लिकेसन कुञ्जी आईडी'), k('पहुँच कुञ्जी आईडी'), k('कुञ्जी आईडी', 9), k('कुञ्जीको आईडी', 9), k('खाताको आईडी', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('पहुँच कुञ्जी', 7),
    s('गोप्य पहुँच कुञ्जी'), s('गोप्य कुञ्जी'), s('एप्लिकेसन कुञ्जी'), s('गोप्य', 8), s('कुञ्जी', 3),
    d('प्रयोगकर्ताको नाम'), d('प्रयोगकर्ता नाम'), d('प्रयोगकर्ता'), d('इन्क्रिप्सन'), d('कुञ्जीको नाम'), d('बाल्टिन'),
  ],
};
