import { d, k, s, type VocabTable } from './types';

// Burmese writes words without spaces between them: phrases are written word by word, so they match with or without
// the spaces, as a whole label (score.ts reads phrases inside longer text only in the scripts of its CJK list).
export const my: VocabTable = {
  lang: 'my',
  entries: [
    k('အပလီကေးရှင်း ကီး ID'), k('ဝင်ရောက်ခွင့် ကီး ID'), k('ကီး ID', 9), k('ကီး အိုင်ဒီ', 9), k('သော့ ID', 9), k('အကောင့် ID', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('ဝင်ရောက်ခွင့် ကီး', 7),
    s('လျှို့ဝှက် ဝင်ရောက်ခွင့် ကီး'), s('လျှို့ဝှက် ကီး'), s('လျှို့ဝှက် သော့'), s('အပလီကေးရှင်း ကီး'), s('လျှို့ဝှက်ချက်', 8), s('ကီး', 3),
    d('စကားဝှက်'), d('အသုံးပြုသူ အမည်'), d('အသုံးပြုသူ'), d('ကုဒ်ဝှက်ခြင်း'), d('ကီး အမည်'), d('ပုံး'),
  ],
};
