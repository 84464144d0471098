import { describe, expect, it } from 'vitest';
import { findSecrets } from '../helpers/secrets-scan';
import { BackupError, decryptBackup, encryptBackup, type BackupPayload } from '../../src/vault/backup';

const PASS = 'backup passphrase of mine';
const FAST = { iterations: 1000 };
const payload: BackupPayload = {
  v: 1,
  exportedAt: 1_764_000_000_000,
  accounts: [
    { accountId: 'acc1', label: 'Work', endpoint: 'https://api.backblazeb2.com', managingKeyId: 'acc1', applicationKey: 'K001masterSecretValueAAAAAAAAAAA', capabilities: ['listKeys'], bucketRestriction: null, namePrefix: null, s3ApiUrl: 'https://s3.us-west-004.backblazeb2.com', addedAt: 1 },
  ],
  secrets: [
    { accountId: 'acc1', applicationKeyId: '004aaa', keyName: 'one', savedAt: 2, applicationKey: 'K004firstAppKeySecretBBBBBBBBBBB' },
    { accountId: 'gone', applicationKeyId: '004bbb', keyName: 'orphan', savedAt: 3, applicationKey: 'K004secondAppKeySecretCCCCCCCCCC' },
  ],
  lost: [{ accountId: 'acc1', applicationKeyId: '004ccc', keyName: 'lost-one', flaggedAt: 4 }],
};

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof BackupError) return e.code;
    throw e;
  }
  return 'opened';
}

/** The file with one base64 field changed by one character (a valid character, so only the crypto can notice). */
function flip(text: string, path: (f: Record<string, Record<string, string>>) => [Record<string, string>, string]): string {
  const f = JSON.parse(text) as Record<string, Record<string, string>>;
  const [obj, key] = path(f);
  const v = obj[key]!;
  obj[key] = (v[5] === 'A' ? 'B' : 'A') + v.slice(1, 5) + (v[5] === 'A' ? 'B' : 'A') + v.slice(6);
  return JSON.stringify(f);
}

async function redigest(text: string): Promise<string> {
  // What someone who edits the file on purpose would do: recompute the digest over the edit.
  const f = JSON.parse(text) as { format: string; v: number; kdf: { name: string; hash: string; iterations: number; salt: string }; check: { iv: string; ct: string }; body: { iv: string; ct: string }; sha256: string };
  const header = JSON.stringify([f.format, f.v, f.kdf.name, f.kdf.hash, f.kdf.iterations, f.kdf.salt, f.check.iv, f.check.ct]);
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify([header, f.body.iv, f.body.ct]))));
  f.sha256 = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return JSON.stringify(f);
}

describe('backup file', () => {
  it('round-trips, and holds no secret in plain, base64 or hex form', async () => {
    const text = await encryptBackup(payload, PASS, FAST);
    await expect(decryptBackup(text, PASS)).resolves.toEqual(payload);
    const secrets = Object.fromEntries([...payload.accounts.map((a) => [a.accountId, a.applicationKey]), ...payload.secrets.map((s) => [s.applicationKeyId, s.applicationKey]), ['passphrase', PASS]]);
    expect(findSecrets(text, secrets)).toEqual([]);
    // Not even key names or keyIDs are readable.
    expect(text).not.toContain('orphan');
    expect(text).not.toContain('004aaa');
  });

  it('a wrong passphrase and a damaged file are told apart', async () => {
    const text = await encryptBackup(payload, PASS, FAST);
    expect(await code(decryptBackup(text, 'another passphrase here'))).toBe('WRONG_PASSPHRASE');
    expect(await code(decryptBackup(text, ''))).toBe('WRONG_PASSPHRASE');
    // Accidental damage anywhere, caught by the digest before any passphrase is tried.
    expect(await code(decryptBackup(flip(text, (f) => [f['body']!, 'ct']), PASS))).toBe('DAMAGED');
    expect(await code(decryptBackup(flip(text, (f) => [f['kdf']!, 'salt']), PASS))).toBe('DAMAGED');
    expect(await code(decryptBackup(text.slice(0, text.length >> 1), PASS))).toBe('DAMAGED');
    // Deliberate edits with the digest recomputed: the body's tag still refuses them.
    expect(await code(decryptBackup(await redigest(flip(text, (f) => [f['body']!, 'ct'])), PASS))).toBe('DAMAGED');
    expect(await code(decryptBackup(await redigest(flip(text, (f) => [f['body']!, 'iv'])), PASS))).toBe('DAMAGED');
    const moreIterations = JSON.parse(text) as { kdf: { iterations: number } };
    moreIterations.kdf.iterations = 1001;
    // A changed KDF changes the key: to the person it is a passphrase that does not open the file (the digest was faked).
    expect(await code(decryptBackup(await redigest(JSON.stringify(moreIterations)), PASS))).toBe('WRONG_PASSPHRASE');
  });

  it('names files that are not backups, and newer versions', async () => {
    expect(await code(decryptBackup('hello', PASS))).toBe('NOT_A_BACKUP');
    expect(await code(decryptBackup('{"format":"something-else"}', PASS))).toBe('NOT_A_BACKUP');
    const text = await encryptBackup(payload, PASS, FAST);
    expect(await code(decryptBackup(text.replace('"v": 1', '"v": 2'), PASS))).toBe('UNSUPPORTED_VERSION');
    expect(await code(encryptBackup(payload, 'short', FAST))).toBe('WEAK_PASSPHRASE');
  });

  it('uses the vault’s KDF strength by default', async () => {
    const text = await encryptBackup({ ...payload, secrets: [], accounts: [], lost: [] }, PASS);
    expect((JSON.parse(text) as { kdf: { iterations: number; name: string; hash: string } }).kdf).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256', iterations: 600_000 });
  });
});
