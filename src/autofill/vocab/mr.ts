import { d, k, s, type VocabTable } from './types';

// Marathi: "की" (a key, from English) is also "that" in Marathi and "of" in Hindi: it appears only in phrases that say
// which key ("कीचा आयडी", the key's ID). "गुप्त", "पासवर्ड" and "बकेट" are spelled as in Hindi (hi.ts).
export const mr: VocabTable = {
  lang: 'mr',
  entries: [
    k('ॲप्लिकेशन की आयडी'), k('ॲक्सेस की आयडी'), k('कीचा आयडी', 9), k('खाते आयडी', 8), k('खात्याचा आयडी', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('ॲक्सेस की', 7),
    s('गुप्त ॲक्सेस की'), s('सिक्रेट ॲक्सेस की'), s('गुप्त की'), s('सिक्रेट की'), s('ॲप्लिकेशन की'),
    d('वापरकर्ता नाव'), d('वापरकर्ता'), d('एन्क्रिप्शन'), d('कूटबद्धीकरण'), d('कीचे नाव'),
  ],
};
