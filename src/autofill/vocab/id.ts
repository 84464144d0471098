import { d, k, s, type VocabTable } from './types';

export const id: VocabTable = {
  lang: 'id',
  entries: [
    k('ID kunci aplikasi'), k('ID kunci akses'), k('ID kunci', 9), k('ID akun', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Kunci akses', 7),
    s('Kunci akses rahasia'), s('Kunci rahasia'), s('Kunci aplikasi'), s('Kunci akun', 9), s('Kunci utama', 9),
    s('Rahasia', 8), s('Kunci', 3),
    d('Kata sandi'), d('Sandi'), d('Nama pengguna'), d('Pengguna'), d('Kata sandi enkripsi'), d('Enkripsi'),
    d('Nama kunci'), d('Nama'), d('Kata laluan'),
  ],
};
