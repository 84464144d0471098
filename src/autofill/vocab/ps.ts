import { d, k, s, type VocabTable } from './types';

// Pashto: "د" before a noun is "of" ("د کیلي نوم", the key's name), and "پټ" (hidden) is secret; "پټنوم" is a password.
export const ps: VocabTable = {
  lang: 'ps',
  entries: [
    k('د اپلیکیشن د کیلي پېژند'), k('د لاسرسي د کیلي پېژند'), k('د کیلي پېژند', 9), k('د کیلي آی ډي', 9), k('د حساب پېژند', 8), k('د حساب آی ډي', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('د لاسرسي کیلي', 7),
    s('د لاسرسي پټ کیلي'), s('پټ کیلي'), s('د اپلیکیشن کیلي'), s('راز', 8), s('کیلي', 3),
    d('پټنوم'), d('پاسورډ'), d('کارن نوم'), d('کارن'), d('کوډ کول'), d('د کیلي نوم'), d('سطل'),
  ],
};
