import { d, k, s, type VocabTable } from './types';

// Uzbek (Latin): "kalit" is a key, "kaliti" its possessive ("kirish kaliti", the access key).
export const uz: VocabTable = {
  lang: 'uz',
  entries: [
    k('Ilova kaliti ID'), k('Kirish kaliti ID'), k('Ilova kaliti identifikatori'), k('Kirish kaliti identifikatori'), k('Kalit identifikatori', 9), k('Kalit ID', 9),
    k('Hisob ID', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Kirish kaliti', 7),
    s('Maxfiy kirish kaliti'), s('Maxfiy kalit'), s('Ilova kaliti'), s('Kalit', 3),
    d('Parol'), d('Foydalanuvchi nomi'), d('Foydalanuvchi'), d('Shifrlash'), d('Kalit nomi'),
  ],
};
