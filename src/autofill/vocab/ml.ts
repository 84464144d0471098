import { d, k, s, type VocabTable } from './types';

// Malayalam: "കീ" is a key and "-യുടെ" marks "of" ("കീയുടെ പേര്", the key's name); a zero-width non-joiner
// ("ആക്‌സസ്") is read as a space that may be missing.
export const ml: VocabTable = {
  lang: 'ml',
  entries: [
    k('ആപ്ലിക്കേഷൻ കീ ഐഡി'), k('ആക്\u200cസസ് കീ ഐഡി'), k('കീ ഐഡി', 9), k('അക്കൗണ്ട് ഐഡി', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('ആക്\u200cസസ് കീ', 7),
    s('രഹസ്യ ആക്\u200cസസ് കീ'), s('സീക്രട്ട് ആക്\u200cസസ് കീ'), s('രഹസ്യ കീ'), s('സീക്രട്ട് കീ'), s('ആപ്ലിക്കേഷൻ കീ'), s('രഹസ്യം', 8), s('കീ', 3),
    d('പാസ്\u200cവേഡ്'), d('ഉപയോക്തൃനാമം'), d('ഉപയോക്താവ്'), d('എൻക്രിപ്ഷൻ'), d('കീയുടെ പേര്'), d('ബക്കറ്റ്'),
  ],
};
