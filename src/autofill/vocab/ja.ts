import { d, k, s, type VocabTable } from './types';

export const ja: VocabTable = {
  lang: 'ja',
  entries: [
    k('アプリケーションキー ID'), k('アプリケーションキーの ID'), k('アプリキー ID'), k('アクセスキー ID'), k('アクセスキーの ID'),
    k('キー ID', 9), k('キーの ID', 9), k('アカウント ID', 8),
    k('アクセスキー', 7),
    s('シークレットアクセスキー'), s('シークレットキー'), s('秘密アクセスキー'), s('アプリケーションキー'),
    s('アプリキー'), s('マスターキー', 9), s('シークレット', 8), s('キー', 3),
    d('パスワード'), d('ユーザー名'), d('ユーザ名'), d('バケット'), d('キー名'), d('暗号化'), d('パスフレーズ'),
    d('メールアドレス'), d('フォルダ'),
    // A protocol's shared secret is held by its two ends, never a storage key (score.ts).
    d('共有シークレット', 8),
  ],
};
