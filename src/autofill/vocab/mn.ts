import { d, k, s, type VocabTable } from './types';

// Mongolian (Cyrillic): "түлхүүр" is a key, "түлхүүрийн" its genitive; "нууц" is secret, "нууц үг" a password.
export const mn: VocabTable = {
  lang: 'mn',
  entries: [
    k('Хандалтын түлхүүрийн ID'), k('Програмын түлхүүрийн ID'), k('Аппликейшний түлхүүрийн ID'), k('Түлхүүрийн ID', 9), k('Түлхүүрийн дугаар', 9),
    k('Бүртгэлийн ID', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Хандалтын түлхүүр', 7),
    s('Нууц хандалтын түлхүүр'), s('Хандалтын нууц түлхүүр'), s('Нууц түлхүүр'), s('Програмын түлхүүр'), s('Аппликейшний түлхүүр'), s('Түлхүүр', 3),
    d('Нууц үг'), d('Хэрэглэгчийн нэр'), d('Хэрэглэгч'), d('Шифрлэлт'), d('Түлхүүрийн нэр'),
  ],
};
