import { d, k, s, type VocabTable } from './types';

export const zhHant: VocabTable = {
  lang: 'zh-Hant',
  entries: [
    k('應用程式金鑰 ID'), k('應用程式金鑰識別碼'), k('存取金鑰 ID'), k('金鑰 ID', 9), k('金鑰識別碼', 9), k('帳戶 ID', 8),
    k('應用程式金鑰編號'), k('存取金鑰編號'), k('存取金鑰識別碼'), k('金鑰編號', 9), k('帳戶編號', 8),
    k('存取金鑰', 7),
    s('秘密存取金鑰'), s('私密存取金鑰'), s('應用程式金鑰'), s('秘密金鑰'), s('主金鑰', 9), s('金鑰', 3),
    d('密碼'), d('使用者名稱'), d('儲存貯體'), d('金鑰名稱'), d('加密'), d('電子郵件'),
    // A protocol's shared secret is held by its two ends, never a storage key (score.ts).
    d('共用密鑰', 8),
  ],
};
