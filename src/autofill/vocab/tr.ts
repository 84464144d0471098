import { d, k, s, type VocabTable } from './types';

export const tr: VocabTable = {
  lang: 'tr',
  entries: [
    k('Uygulama anahtarı kimliği'), k('Uygulama anahtar kimliği'), k('Uygulama anahtarı ID'),
    k('Erişim anahtarı kimliği'), k('Erişim anahtar kimliği'), k('Erişim anahtarı ID'), k('Anahtar kimliği', 9),
    k('Anahtar ID', 9), k('Hesap kimliği', 8), k('Hesap ID', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Erişim anahtarı', 7), k('Erişim anahtarınız', 7),
    s('Gizli erişim anahtarı'), s('Gizli anahtar'), s('Gizli anahtarı'), s('Uygulama anahtarı'), s('Uygulama anahtarınız'),
    s('Hesap anahtarı', 9), s('Ana anahtar', 9), s('Anahtar', 3), s('Anahtarı', 3),
    // "Şifre" is the password and "şifreleme" the encryption in Turkish.
    d('Şifre'), d('Parola'), d('Kullanıcı adı'), d('Kullanıcı'), d('Şifreleme parolası'), d('Şifreleme'),
    d('Anahtar adı'), d('Klasör'), d('E-posta'),
    // A protocol's shared secret is held by its two ends, never a storage key (score.ts).
    d('Paylaşılan gizli anahtar', 8),
  ],
};
