import { d, k, s, type VocabTable } from './types';

// Persian, written with its own letters (ی, ک), which Arabic writes otherwise.
export const fa: VocabTable = {
  lang: 'fa',
  entries: [
    k('شناسه کلید برنامه'), k('شناسه کلید دسترسی'), k('شناسه کلید', 9), k('شناسه حساب', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('کلید دسترسی', 7),
    s('کلید دسترسی مخفی'), s('کلید دسترسی محرمانه'), s('کلید دسترسی سری'), s('کلید مخفی'), s('کلید محرمانه'), s('کلید سری'), s('کلید برنامه'), s('کلید اصلی', 9), s('کلید', 3),
    d('رمز عبور'), d('گذرواژه'), d('نام کاربری'), d('کاربر'), d('رمزگذاری'), d('نام کلید'), d('پوشه'),
  ],
};
