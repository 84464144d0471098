import { d, k, s, type VocabTable } from './types';

// Punjabi (Gurmukhi): "ਕੁੰਜੀ" is a key and "ਦਾ" marks "of" ("ਕੁੰਜੀ ਦਾ ਨਾਮ", the key's name).
export const pa: VocabTable = {
  lang: 'pa',
  entries: [
    k('ਐਪਲੀਕੇਸ਼ਨ ਕੁੰਜੀ ਆਈਡੀ'), k('ਐਕਸੈਸ ਕੁੰਜੀ ਆਈਡੀ'), k('ਪਹੁੰਚ ਕੁੰਜੀ ਆਈਡੀ'), k('ਕੁੰਜੀ ਆਈਡੀ', 9), k('ਖਾਤਾ ਆਈਡੀ', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('ਐਕਸੈਸ ਕੁੰਜੀ', 7), k('ਪਹੁੰਚ ਕੁੰਜੀ', 7),
    s('ਗੁਪਤ ਐਕਸੈਸ ਕੁੰਜੀ'), s('ਗੁਪਤ ਪਹੁੰਚ ਕੁੰਜੀ'), s('ਗੁਪਤ ਕੁੰਜੀ'), s('ਐਪਲੀਕੇਸ਼ਨ ਕੁੰਜੀ'), s('ਗੁਪਤ', 8), s('ਕੁੰਜੀ', 3),
    d('ਪਾਸਵਰਡ'), d('ਵਰਤੋਂਕਾਰ ਨਾਮ'), d('ਯੂਜ਼ਰਨੇਮ'), d('ਵਰਤੋਂਕਾਰ'), d('ਇਨਕ੍ਰਿਪਸ਼ਨ'), d('ਕੁੰਜੀ ਦਾ ਨਾਮ'), d('ਬਕੇਟ'),
  ],
};
