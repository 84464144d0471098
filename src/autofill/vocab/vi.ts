import { d, k, s, type VocabTable } from './types';

export const vi: VocabTable = {
  lang: 'vi',
  entries: [
    k('ID khóa ứng dụng'), k('Mã định danh khóa ứng dụng'), k('ID khóa truy cập'), k('Mã định danh khóa truy cập'),
    k('Mã khóa truy cập'), k('ID khóa', 9), k('Mã định danh khóa', 9), k('ID tài khoản', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Khóa truy cập', 7),
    s('Khóa truy cập bí mật'), s('Khóa bí mật'), s('Khóa ứng dụng'), s('Khóa tài khoản', 9), s('Khóa chính', 9),
    s('Bí mật', 8), s('Khóa', 3),
    // "Mã hóa" (encryption) and "mã khóa" differ by one letter once folded: both are whole phrases here.
    d('Mật khẩu'), d('Tên người dùng'), d('Tên đăng nhập'), d('Người dùng'), d('Mật khẩu mã hóa'), d('Mã hóa'),
    d('Tên khóa'), d('Tên'), d('Thư mục'),
  ],
};
