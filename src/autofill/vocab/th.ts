import { d, k, s, type VocabTable } from './types';

// Thai writes words without spaces between them: phrases match inside longer text (score.ts CJK), longest first,
// so "คีย์การเข้าถึงลับ" is read before "คีย์การเข้าถึง" and "รหัสผ่าน" (password) before "รหัส".
export const th: VocabTable = {
  lang: 'th',
  entries: [
    k('รหัสคีย์แอปพลิเคชัน'), k('ไอดีคีย์แอปพลิเคชัน'), k('รหัสคีย์การเข้าถึง'), k('ไอดีคีย์การเข้าถึง'),
    k('รหัสคีย์', 9), k('ไอดีคีย์', 9), k('รหัสบัญชี', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('คีย์การเข้าถึง', 7),
    s('คีย์การเข้าถึงลับ'), s('คีย์ลับ'), s('คีย์แอปพลิเคชัน'), s('คีย์บัญชี', 9), s('คีย์หลัก', 9),
    s('ความลับ', 8), s('คีย์', 3),
    d('รหัสผ่าน'), d('ชื่อผู้ใช้'), d('ชื่อคีย์'), d('ชื่อโฮสต์'), d('อีเมล'), d('บักเก็ต'), d('ภูมิภาค'), d('พอร์ต'), d('ชื่อ'),
  ],
};
