import { d, k, s, type VocabTable } from './types';

// Kannada: "ಕೀ" is a key; a zero-width non-joiner ("ಪಾಸ್‌ವರ್ಡ್") is read as a space that may be missing.
export const kn: VocabTable = {
  lang: 'kn',
  entries: [
    k('ಅಪ್ಲಿಕೇಶನ್ ಕೀ ಐಡಿ'), k('ಆ್ಯಕ್ಸೆಸ್ ಕೀ ಐಡಿ'), k('ಪ್ರವೇಶ ಕೀ ಐಡಿ'), k('ಕೀ ಐಡಿ', 9), k('ಖಾತೆ ಐಡಿ', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('ಆ್ಯಕ್ಸೆಸ್ ಕೀ', 7), k('ಪ್ರವೇಶ ಕೀ', 7),
    s('ರಹಸ್ಯ ಆ್ಯಕ್ಸೆಸ್ ಕೀ'), s('ರಹಸ್ಯ ಪ್ರವೇಶ ಕೀ'), s('ರಹಸ್ಯ ಕೀ'), s('ಸೀಕ್ರೆಟ್ ಕೀ'), s('ಅಪ್ಲಿಕೇಶನ್ ಕೀ'), s('ರಹಸ್ಯ', 8), s('ಕೀ', 3),
    d('ಪಾಸ್\u200cವರ್ಡ್'), d('ಬಳಕೆದಾರರ ಹೆಸರು'), d('ಬಳಕೆದಾರ ಹೆಸರು'), d('ಬಳಕೆದಾರ'), d('ಎನ್\u200cಕ್ರಿಪ್ಶನ್'), d('ಕೀ ಹೆಸರು'), d('ಬಕೆಟ್'),
  ],
};
