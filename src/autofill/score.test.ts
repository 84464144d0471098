import { describe, expect, it } from 'vitest';
import { THRESHOLD } from './detect';
import { foldText, needleOf, normalizeText, scoreText, scoreTextDetailed, vocabRule } from './score';
import { VOCAB_TABLES } from './vocab';

function role(text: string): 'keyId' | 'secret' | 'none' {
  const s = scoreText(text);
  if (s.keyId >= THRESHOLD && s.keyId > s.secret) return 'keyId';
  if (s.secret >= THRESHOLD && s.secret > s.keyId) return 'secret';
  return 'none';
}

describe('normalizeText', () => {
  it.each([
    ['applicationKeyID', 'application key id'],
    ['applicationKeyId', 'application key id'],
    ['access_key_id', 'access key id'],
    ['AWS_SECRET_ACCESS_KEY', 'aws secret access key'],
    ['keyID', 'key id'],
    ['KeyID', 'key id'],
    ['keyid', 'key id'],
    ['accesskeyid', 'access key id'],
    ['secretaccesskey', 'secret access key'],
    ['applicationkey', 'application key'],
    ['B2_APPLICATION_KEY', 'b2 application key'],
    ['AWSAccessKeyId', 'aws access key id'],
    ['S3AccessKey', 's3 access key'],
    ['  Application Key ID: ', 'application key id'],
    ['app-key-id', 'app key id'],
    ['e-mail', 'e mail'],
    ['keyboard', 'keyboard'],
    ['identity', 'identity'],
    ['', ''],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeText(raw)).toBe(expected);
  });

  it('cuts very long text', () => {
    expect(normalizeText('a '.repeat(500)).length).toBeLessThanOrEqual(200);
  });
});

describe('scoreText: keyID wording', () => {
  it.each([
    'Application Key ID',
    'applicationKeyId',
    'application_key_id',
    'App key ID',
    'keyID',
    'key_id',
    'Key ID',
    'keyId',
    'Access Key ID',
    'accessKeyId',
    'access_key_id',
    'AWS_ACCESS_KEY_ID',
    'Account ID',
    'accountId',
    'B2 account ID',
    'Account ID or Application Key ID',
    'Access key',
    'access_key',
    'Access ID',
    'Key identifier',
    'Application Key ID (not the application key)',
    'Application key ID for this bucket',
    'b2_id',
    'B2 ID',
  ])('%j is a keyID', (text) => {
    expect(role(text)).toBe('keyId');
  });
});

describe('scoreText: a secret’s name followed by "ID" is the keyID, in the tables’ languages', () => {
  it.each([
    ['Applikationsnyckelns ID', 'keyId'],
    ['Applikationsnyckel ID', 'keyId'],
    ['Anwendungsschlüssels ID', 'keyId'],
    ['Applikationsnyckel', 'secret'],
    ['Anwendungsschlüssel', 'secret'],
    // "ID" as a word of its own: not the start of a longer one.
    ['Applikationsnyckelns identitet', 'none'],
  ])('%j is the %s', (text, expected) => {
    expect(role(text)).toBe(expected);
  });
});

describe('scoreText: secret wording', () => {
  it.each([
    'Application Key',
    'applicationKey',
    'application_key',
    'B2_APPLICATION_KEY',
    'App key',
    'Master application key',
    'Secret key',
    'secretKey',
    'secret_key',
    'Secret Access Key',
    'secret_access_key',
    'secretAccessKey',
    'AWS_SECRET_ACCESS_KEY',
    'Access key secret',
    'Secret',
    'Application Key (shown once)',
    'B2 Cloud Storage Application Key',
    'B2_ACCOUNT_KEY',
    'Account key',
    'Master key',
  ])('%j is a secret', (text) => {
    expect(role(text)).toBe('secret');
  });
});

describe('scoreText: neither', () => {
  it.each([
    // OAuth's client credentials: no B2 or S3-compatible tool names its keys so.
    'Client secret',
    'Client ID',
    'Client secret key',
    'JWT secret',
    'jwt_secret',
    // A protocol's shared secret, and keys an encryption service holds (heldout-11).
    'Shared secret',
    'shared_secret',
    'Secreto compartido',
    'Secret partagé',
    'Gemeinsames Geheimnis',
    'KMS key ID',
    'SSE-C key',
    'sse_kms_key_id',
    // A webhook's secret, and where a key file lies (heldout-12): uncapped, so naming a credential does not save them.
    'Webhook secret',
    'webhook.secret',
    'Webhook signing key',
    'Application key file',
    'sinks.b2.application_key_file',
    'Path to the application key',
    'credentials_path',
    'Key name',
    'keyName',
    'Search keys',
    'Search',
    'q',
    'Bucket name',
    'Bucket',
    'Username',
    'Username or email',
    'Email address',
    'Password',
    'Endpoint',
    'Region',
    'Name prefix',
    'Remote name',
    'Two-factor code',
    'key', // rclone's bare `key` is only a weak hint on its own
    'account', // rclone's bare `account` likewise
    'keyboard layout',
    '',
  ])('%j is neither', (text) => {
    expect(role(text)).toBe('none');
  });

  it('decoys score below zero', () => {
    expect(scoreText('Search keys').keyId).toBeLessThan(0);
    expect(scoreText('Key name').secret).toBeLessThan(0);
    expect(scoreText('Bucket name').keyId).toBeLessThanOrEqual(-6);
  });

  it('weak hints are positive but below the threshold', () => {
    const key = scoreText('key');
    expect(key.secret).toBeGreaterThan(0);
    expect(key.secret).toBeLessThan(THRESHOLD);
    const account = scoreText('account');
    expect(account.keyId).toBeGreaterThan(0);
    expect(account.keyId).toBeLessThan(THRESHOLD);
  });
});

describe('scoreText: tricky pairs', () => {
  it('"Application Key ID" vs "Application Key"', () => {
    expect(scoreText('Application Key ID').secret).toBe(0);
    expect(scoreText('Application Key').keyId).toBe(0);
  });

  it('"Access Key ID" vs "Secret Access Key"', () => {
    expect(scoreText('Access Key ID').secret).toBe(0);
    expect(scoreText('Secret Access Key').keyId).toBe(0);
  });

  it('the role named first wins when a text names both', () => {
    const s = scoreText('Access Key ID, then the Secret Access Key below');
    expect(s.keyId).toBeGreaterThan(s.secret);
    const t = scoreText('Secret Access Key (pair it with the Access Key ID)');
    expect(t.secret).toBeGreaterThan(t.keyId);
  });

  it('reports what matched', () => {
    expect(scoreTextDetailed('Bucket name').hits).toEqual(['not:bucket', 'not:name/description']);
    expect(scoreTextDetailed('Secret Access Key').hits).toEqual(['secret access key']);
  });
});

describe('scoreTextDetailed: the numbers behind the roles', () => {
  it('splits short glued tokens and collapses runs of separators', () => {
    expect(normalizeText('b2id')).toBe('b2 id');
    expect(normalizeText('idid')).toBe('id id');
    expect(normalizeText('Key -- ID')).toBe('key id');
    expect(normalizeText('key__id')).toBe('key id');
  });

  it('"ID of" a strong secret phrase is the keyID; of a bare "secret" it is not', () => {
    expect(scoreTextDetailed('ID of the account key')).toEqual({ keyId: 9, secret: 0, hits: ['id of:account key'], specific: { keyId: true, secret: false } });
    expect(scoreTextDetailed('ID of the secret')).toEqual({ keyId: 0, secret: 8, hits: ['secret'], specific: { keyId: false, secret: false } });
    expect(scoreTextDetailed('secret key of the id')).toMatchObject({ keyId: 0, secret: 10 });
  });

  it('the role first named keeps its weight, the other gets 0.6 of it, wherever the first one is named again', () => {
    expect(scoreTextDetailed('Key ID or Secret or Key ID')).toMatchObject({ keyId: 9, secret: 8 * 0.6 });
    expect(scoreTextDetailed('Secret, or Key ID, or Secret')).toMatchObject({ keyId: 9 * 0.6, secret: 8 });
  });

  it('says which roles were named by more than a generic word', () => {
    expect(scoreTextDetailed('Application Key').specific).toEqual({ keyId: false, secret: true });
    expect(scoreTextDetailed('Account ID').specific).toEqual({ keyId: true, secret: false });
    for (const generic of ['Secret', 'Key', 'Account']) expect(scoreTextDetailed(generic).specific, generic).toEqual({ keyId: false, secret: false });
  });

  it('a decoy costs its full weight (up to 8) alone, and at most 3 beside a named credential', () => {
    expect(scoreText('Key name')).toEqual({ keyId: -6, secret: -6 });
    expect(scoreText('Bucket name')).toEqual({ keyId: -8, secret: -8 });
    expect(scoreText('Secret name')).toEqual({ keyId: -3, secret: 5 });
    expect(scoreText('')).toEqual({ keyId: 0, secret: 0 });
  });
});

describe('vocabRule: a table phrase as a rule over normalised text', () => {
  const all = (re: RegExp, text: string) => Array.from(text.matchAll(re), (m) => m[0]);

  it('a Latin phrase: whole words, each space optional but single, every occurrence', () => {
    const rule = vocabRule({ text: 'Zugriffs-Schlüssel ID', role: 'keyId', weight: 7 }, 'de');
    expect(rule).toMatchObject({ role: 'keyId', weight: 7, tag: 'de:Zugriffs-Schlüssel ID' });
    expect(all(rule.re, 'zugriffs schlussel id')).toEqual(['zugriffs schlussel id']);
    expect(all(rule.re, 'zugriffsschlusselid')).toEqual(['zugriffsschlusselid']);
    expect(all(rule.re, 'zugriffs schlussel id or zugriffsschlussel id')).toEqual(['zugriffs schlussel id', 'zugriffsschlussel id']);
    for (const miss of ['xzugriffs schlussel id', 'zugriffs schlussel idx', 'zugriffs  schlussel id', 'zugriffs schlussel i d', 'zugriffs schlussel ids', '1zugriffs schlussel id']) {
      expect(all(rule.re, miss), miss).toEqual([]);
    }
  });

  it('next to a CJK character any space is optional, and a CJK end needs no word boundary', () => {
    const front = vocabRule({ text: '密钥 ID', role: 'keyId', weight: 9 }, 'zh');
    expect(front).toMatchObject({ role: 'keyId', weight: 9, tag: 'zh:密钥 ID' });
    for (const hit of ['密钥id', '密 钥 id', '密钥 id', 'x密钥id']) expect(all(front.re, hit), hit).toEqual([hit.replace(/^x/, '')]);
    for (const miss of ['密钥idx', '密钥i d', '密钥  id']) expect(all(front.re, miss), miss).toEqual([]);
    const back = vocabRule({ text: 'ID 密钥', role: 'secret', weight: 8 }, 'zh');
    for (const hit of ['id密钥', 'id 密 钥', 'id密钥x']) expect(all(back.re, hit), hit).toEqual([hit.replace(/x$/, '')]);
    expect(all(back.re, 'xid密钥')).toEqual([]);
    // Written without the space: it may still be there in the text, on either side of the CJK part.
    expect(all(vocabRule({ text: '密钥ID', role: 'keyId', weight: 9 }, 'zh').re, '密钥 id')).toEqual(['密钥 id']);
    expect(all(vocabRule({ text: 'ID密钥', role: 'secret', weight: 8 }, 'zh').re, 'id 密钥')).toEqual(['id 密钥']);
    // The match ends at the phrase's last character: a space after it is not taken along.
    const bare = vocabRule({ text: '密钥', role: 'secret', weight: 8 }, 'zh');
    expect(all(bare.re, '密钥 id')).toEqual(['密钥']);
    expect(all(bare.re, 'a 密钥')).toEqual(['密钥']);
  });

  it('a phrase of one word', () => {
    const rule = vocabRule({ text: 'Klucz', role: 'secret', weight: 4 }, 'pl');
    expect(all(rule.re, 'klucz')).toEqual(['klucz']);
    expect(all(rule.re, 'kluczy klucz')).toEqual(['klucz']);
  });
});

describe('needleOf: what a text must hold for a phrase to be looked for at all', () => {
  it('the longest word, cut at CJK characters; a CJK-only phrase has its first character', () => {
    expect(needleOf('zugriffs schlussel id')).toBe('schlussel');
    expect(needleOf('id klice aplikace')).toBe('aplikace');
    expect(needleOf('アクセスキー id')).toBe('id');
    expect(needleOf('アクセスキー')).toBe('ー');
    expect(needleOf('密钥 id')).toBe('id');
    expect(needleOf('应用密钥编号')).toBe('应');
    expect(needleOf('키')).toBe('키');
    expect(needleOf('')).toBe('');
  });

  // The filter may only skip a rule that could not match: every table phrase, written as a form may write it
  // (as it is, without its spaces, spaced around each CJK character), still holds its needle and matches.
  for (const table of VOCAB_TABLES) {
    it(`every ${table.lang} phrase holds its needle in each way it can be written`, () => {
      for (const entry of table.entries) {
        const rule = vocabRule(entry, table.lang);
        const phrase = normalizeText(entry.text);
        const spacedCjk = Array.from(phrase.replace(/ /g, ''))
          .map((c) => (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u.test(c) ? ` ${c} ` : c))
          .join('')
          .replace(/ +/g, ' ')
          .trim();
        for (const written of [phrase, phrase.replace(/ /g, ''), spacedCjk]) {
          rule.re.lastIndex = 0;
          expect(rule.re.test(written), `${entry.text} written ${JSON.stringify(written)} matches`).toBe(true);
          expect(written.includes(rule.needle ?? ''), `${entry.text} written ${JSON.stringify(written)}`).toBe(true);
        }
        expect(rule.needle, entry.text).not.toBe('');
      }
    });
  }
});

describe('scoreTextDetailed: edges found by mutation testing', () => {
  it('folds the letters that Unicode decomposition leaves whole', () => {
    expect(foldText('ẞ Ł ø Ø đ Đ æ Æ œ Œ ı')).toBe('ss l o o d d ae ae oe oe i');
  });

  it('splits camelCase between words that are not in the vocabulary', () => {
    expect(normalizeText('fooBar')).toBe('foo bar');
    expect(normalizeText('x9Y')).toBe('x9 y');
    expect(normalizeText('HTTPServer')).toBe('http server');
    expect(normalizeText('myXMLName')).toBe('my xml name');
  });

  it('a blanked match keeps its length, so later offsets still say which role came first', () => {
    // "secret" (offset 12) is read before the decoys and "account" (offset 19). Were matches cut out
    // instead of blanked, "account" would be found at offset 3 and seem to come first.
    expect(scoreTextDetailed('Name, name: secret account')).toEqual({
      keyId: 4 * 0.6 - 3,
      secret: 8 - 3,
      hits: ['secret', 'not:name/description', 'account'],
      specific: { keyId: false, secret: false },
    });
  });

  it('"ID of" before a keyID phrase changes nothing: only a secret phrase becomes the keyID', () => {
    expect(scoreTextDetailed('ID of the application key ID')).toEqual({ keyId: 10, secret: 0, hits: ['application/access key id'], specific: { keyId: true, secret: false } });
    expect(scoreTextDetailed('ID of the key ID')).toEqual({ keyId: 9, secret: 0, hits: ['key id'], specific: { keyId: true, secret: false } });
  });

  it('a decoy beside a keyID alone costs at most 3', () => {
    expect(scoreText('Key ID name')).toEqual({ keyId: 6, secret: -3 });
  });
});
