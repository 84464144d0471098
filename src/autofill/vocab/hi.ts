import { d, k, s, type VocabTable } from './types';

// "की" is also the word for "of" ("उपयोगकर्ता की आईडी", the user's ID; "एक्सेस की अवधि", the duration of access):
// the transliterated "key" appears only in phrases that say which key, and "कुंजी" is the word for a key.
export const hi: VocabTable = {
  lang: 'hi',
  entries: [
    k('एप्लिकेशन कुंजी आईडी'), k('ऐप्लिकेशन कुंजी आईडी'), k('एप्लिकेशन की आईडी'), k('ऐप्लिकेशन की आईडी'), k('एक्सेस कुंजी आईडी'),
    k('एक्सेस की आईडी'), k('कुंजी आईडी', 9), k('कुंजी आईडी नंबर', 9), k('खाता आईडी', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('एक्सेस कुंजी', 7),
    s('गुप्त एक्सेस कुंजी'), s('सीक्रेट एक्सेस की'), s('गुप्त कुंजी'), s('सीक्रेट की'), s('एप्लिकेशन कुंजी'), s('ऐप्लिकेशन कुंजी'),
    s('खाता कुंजी', 9), s('मास्टर कुंजी', 9), s('गुप्त', 8), s('सीक्रेट', 8), s('कुंजी', 3),
    d('पासवर्ड'), d('उपयोगकर्ता नाम'), d('यूज़रनेम'), d('कुंजी का नाम'), d('ईमेल'), d('बकेट'), d('क्षेत्र'), d('होस्टनाम'), d('नाम'),
  ],
};
