import { d, k, s, type VocabTable } from './types';

export const zh: VocabTable = {
  lang: 'zh-Hans',
  entries: [
    k('应用程序密钥 ID'), k('应用密钥 ID'), k('访问密钥 ID'), k('密钥 ID', 9), k('账户 ID', 8), k('帐户 ID', 8),
    k('账号 ID', 8),
    // 编号 (number) and 标识 (identifier) stand for "ID" on many consoles.
    k('应用程序密钥编号'), k('应用密钥编号'), k('访问密钥编号'), k('应用密钥标识'), k('访问密钥标识'), k('密钥编号', 9),
    k('密钥标识', 9), k('账户编号', 8), k('账号编号', 8), k('访问密钥', 7),
    s('秘密访问密钥'), s('私有访问密钥'), s('访问密钥密文'), s('秘密密钥'), s('应用程序密钥'), s('应用密钥'),
    s('主密钥', 9), s('密钥', 3),
    d('密码'), d('口令'), d('用户名'), d('存储桶'), d('存储空间'), d('密钥名称'), d('加密'), d('电子邮件'), d('名称'),
    // A protocol's shared secret is held by its two ends, never a storage key (score.ts).
    d('共享密钥', 8),
  ],
};
