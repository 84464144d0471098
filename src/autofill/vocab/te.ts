import { d, k, s, type VocabTable } from './types';

// Telugu: "కీ" is a key; a zero-width non-joiner ("పాస్‌వర్డ్") is read as a space that may be missing.
export const te: VocabTable = {
  lang: 'te',
  entries: [
    k('అప్లికేషన్ కీ ఐడి'), k('యాక్సెస్ కీ ఐడి'), k('కీ ఐడి', 9), k('ఖాతా ఐడి', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('యాక్సెస్ కీ', 7),
    s('రహస్య యాక్సెస్ కీ'), s('సీక్రెట్ యాక్సెస్ కీ'), s('రహస్య కీ'), s('సీక్రెట్ కీ'), s('అప్లికేషన్ కీ'), s('రహస్యం', 8), s('కీ', 3),
    d('పాస్\u200cవర్డ్'), d('వినియోగదారు పేరు'), d('వినియోగదారు'), d('ఎన్\u200cక్రిప్షన్'), d('కీ పేరు'), d('బకెట్'),
  ],
};
