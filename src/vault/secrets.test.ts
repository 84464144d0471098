import { beforeAll, describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from './base64';
import { VaultError, createVault, openSecret, openSecrets, sealSecret, sealedSecretSchema } from './index';
import type { SealedSecret, SecretBinding } from './index';
import { FAST, deepFreeze, expectVaultError, flipByte, truncateBytes } from './test-helpers';

const ACC1_KEY1: SecretBinding = { accountId: 'acc1', applicationKeyId: 'key1' };
const ACC1_KEY2: SecretBinding = { accountId: 'acc1', applicationKeyId: 'key2' };
const ACC2_KEY1: SecretBinding = { accountId: 'acc2', applicationKeyId: 'key1' };
const ACC1_KEY1_MANAGING: SecretBinding = { accountId: 'acc1', applicationKeyId: 'key1', purpose: 'accountKey', endpoint: 'https://api.backblazeb2.com' };

let dataKey: CryptoKey;
let otherVaultKey: CryptoKey;

beforeAll(async () => {
  dataKey = (await createVault('test passphrase one', { iterations: FAST })).dataKey;
  otherVaultKey = (await createVault('test passphrase two', { iterations: FAST })).dataKey;
});

const stored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('sealSecret / openSecret', () => {
  it('round-trips ASCII, Unicode and empty secrets through JSON', async () => {
    for (const secret of ['K005abcdefghijklmnopqrstuvwxyz0', 'ünïcødé 🔑 секрет', '']) {
      const sealed = stored(await sealSecret(dataKey, ACC1_KEY1, secret));
      expect(await openSecret(dataKey, ACC1_KEY1, sealed)).toBe(secret);
    }
  });

  it('produces a v1 SealedSecret: 12-byte IV, ciphertext + 16-byte tag, nothing else', async () => {
    const secret = 'K005abcdefghijklmnopqrstuvwxyz0';
    const sealed = await sealSecret(dataKey, ACC1_KEY1, secret);
    expect(Object.keys(sealed).sort()).toEqual(['ct', 'iv', 'v']);
    expect(sealed.v).toBe(1);
    expect(base64ToBytes(sealed.iv)).toHaveLength(12);
    expect(base64ToBytes(sealed.ct)).toHaveLength(secret.length + 16);
    expect(sealedSecretSchema.parse(stored(sealed))).toEqual(sealed);
    expect(sealed.ct).not.toContain(btoa(secret).slice(0, 8));
  });

  it('uses a fresh IV on every seal: the same secret twice gives different ciphertexts', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const sealed = await sealSecret(dataKey, ACC1_KEY1, 'same secret');
      expect(seen.has(sealed.iv)).toBe(false);
      expect(seen.has(sealed.ct)).toBe(false);
      seen.add(sealed.iv).add(sealed.ct);
      expect(await openSecret(dataKey, ACC1_KEY1, sealed)).toBe('same secret');
    }
  });

  it('treats a missing purpose as appKey', async () => {
    const sealed = await sealSecret(dataKey, ACC1_KEY1, 's');
    expect(await openSecret(dataKey, { ...ACC1_KEY1, purpose: 'appKey' }, sealed)).toBe('s');
  });

  it('accepts a richer record as the binding (extra fields are ignored)', async () => {
    const record = { ...ACC1_KEY1, keyName: 'backup', capabilities: ['listBuckets'] };
    const sealed = await sealSecret(dataKey, record, 's');
    expect(await openSecret(dataKey, ACC1_KEY1, sealed)).toBe('s');
  });

  it('never mutates the sealed value it opens', async () => {
    const sealed = deepFreeze(stored(await sealSecret(dataKey, ACC1_KEY1, 's')));
    const before = JSON.stringify(sealed);
    expect(await openSecret(dataKey, ACC1_KEY1, sealed)).toBe('s');
    await expectVaultError(openSecret(dataKey, ACC1_KEY2, sealed), 'CORRUPT_ENTRY');
    expect(JSON.stringify(sealed)).toBe(before);
  });
});

describe('damaged or misplaced entries → CORRUPT_ENTRY', () => {
  let sealed: SealedSecret;
  beforeAll(async () => {
    sealed = await sealSecret(dataKey, ACC1_KEY1, 'K005abcdefghijklmnopqrstuvwxyz0');
  });

  it('any flipped ciphertext or tag byte', async () => {
    const length = base64ToBytes(sealed.ct).length;
    for (let i = 0; i < length; i++) {
      await expectVaultError(openSecret(dataKey, ACC1_KEY1, { ...sealed, ct: flipByte(sealed.ct, i) }), 'CORRUPT_ENTRY');
    }
    await expectVaultError(openSecret(dataKey, ACC1_KEY1, { ...sealed, ct: flipByte(sealed.ct, 5, 0x80) }), 'CORRUPT_ENTRY');
  });

  it('a tampered IV', async () => {
    for (const i of [0, 6, 11]) {
      await expectVaultError(openSecret(dataKey, ACC1_KEY1, { ...sealed, iv: flipByte(sealed.iv, i) }), 'CORRUPT_ENTRY');
    }
    const otherIv = bytesToBase64(crypto.getRandomValues(new Uint8Array(12)));
    await expectVaultError(openSecret(dataKey, ACC1_KEY1, { ...sealed, iv: otherIv }), 'CORRUPT_ENTRY');
  });

  it('truncated or extended ciphertext', async () => {
    const length = base64ToBytes(sealed.ct).length;
    for (const drop of [1, 2, 16, length - 16, length - 15, length]) {
      await expectVaultError(openSecret(dataKey, ACC1_KEY1, { ...sealed, ct: truncateBytes(sealed.ct, drop) }), 'CORRUPT_ENTRY');
    }
    const extended = bytesToBase64(new Uint8Array([...base64ToBytes(sealed.ct), 0]));
    await expectVaultError(openSecret(dataKey, ACC1_KEY1, { ...sealed, ct: extended }), 'CORRUPT_ENTRY');
  });

  it('swapped between two keyIDs of one account, between accounts, and between purposes', async () => {
    await expectVaultError(openSecret(dataKey, ACC1_KEY2, sealed), 'CORRUPT_ENTRY');
    await expectVaultError(openSecret(dataKey, ACC2_KEY1, sealed), 'CORRUPT_ENTRY');
    await expectVaultError(openSecret(dataKey, ACC1_KEY1_MANAGING, sealed), 'CORRUPT_ENTRY');
    const managing = await sealSecret(dataKey, ACC1_KEY1_MANAGING, 'managing');
    await expectVaultError(openSecret(dataKey, ACC1_KEY1, managing), 'CORRUPT_ENTRY');
    expect(await openSecret(dataKey, ACC1_KEY1_MANAGING, managing)).toBe('managing');
  });

  it('cannot be confused by moving characters between accountId and applicationKeyId', async () => {
    const s = await sealSecret(dataKey, { accountId: 'ab', applicationKeyId: 'c' }, 'x');
    await expectVaultError(openSecret(dataKey, { accountId: 'a', applicationKeyId: 'bc' }, s), 'CORRUPT_ENTRY');
    const quoted = await sealSecret(dataKey, { accountId: 'a","b', applicationKeyId: 'c' }, 'x');
    await expectVaultError(openSecret(dataKey, { accountId: 'a', applicationKeyId: 'b","c' }, quoted), 'CORRUPT_ENTRY');
  });

  it('opened with the data key of another vault', async () => {
    await expectVaultError(openSecret(otherVaultKey, ACC1_KEY1, sealed), 'CORRUPT_ENTRY');
  });

  it('garbage, null and wrongly shaped values', async () => {
    const garbage: unknown[] = [
      null,
      undefined,
      '',
      'K005abcdefghijklmnopqrstuvwxyz0',
      JSON.stringify(sealed),
      42,
      true,
      [],
      [sealed],
      {},
      { v: 1 },
      { v: '1', iv: sealed.iv, ct: sealed.ct },
      { iv: sealed.iv, ct: sealed.ct },
      { ...sealed, extra: 1 },
      { ...sealed, iv: 'not base64' },
      { ...sealed, iv: truncateBytes(sealed.iv, 1) },
      { ...sealed, ct: `${sealed.ct}\n` },
      { ...sealed, ct: '' },
      { ...sealed, ct: null },
    ];
    for (const value of garbage) {
      await expectVaultError(openSecret(dataKey, ACC1_KEY1, value), 'CORRUPT_ENTRY');
    }
  });

  it('a numeric version other than 1 is UNSUPPORTED_VERSION', async () => {
    await expectVaultError(openSecret(dataKey, ACC1_KEY1, { ...sealed, v: 2 }), 'UNSUPPORTED_VERSION');
  });
});

describe('openSecrets', () => {
  it('one bad entry does not stop the others; results keep their order', async () => {
    const good1 = await sealSecret(dataKey, ACC1_KEY1, 'secret-1');
    const good2 = await sealSecret(dataKey, ACC1_KEY2, 'secret-2');
    const good3 = await sealSecret(dataKey, ACC2_KEY1, 'secret-3');
    const managing = await sealSecret(dataKey, ACC1_KEY1_MANAGING, 'managing');

    const results = await openSecrets(dataKey, [
      { binding: ACC1_KEY1, sealed: good1 },
      { binding: ACC1_KEY2, sealed: { ...good2, ct: flipByte(good2.ct, 3) } }, // tampered ct
      { binding: ACC2_KEY1, sealed: good3 },
      { binding: ACC1_KEY2, sealed: good1 }, // swapped keyID
      { binding: ACC2_KEY1, sealed: { ...good3, iv: flipByte(good3.iv, 0) } }, // tampered iv
      { binding: ACC2_KEY1, sealed: good1 }, // swapped account
      { binding: ACC1_KEY1, sealed: managing }, // purpose swap
      { binding: ACC1_KEY1, sealed: { ...good1, ct: truncateBytes(good1.ct, 1) } }, // truncated
      { binding: ACC1_KEY1, sealed: null }, // garbage
      { binding: ACC1_KEY1, sealed: 'garbage' },
      { binding: ACC1_KEY2, sealed: good2 },
      { binding: ACC1_KEY1_MANAGING, sealed: managing },
    ]);

    expect(results.map((r) => (r.ok ? r.secret : r.error.code))).toEqual([
      'secret-1',
      'CORRUPT_ENTRY',
      'secret-3',
      'CORRUPT_ENTRY',
      'CORRUPT_ENTRY',
      'CORRUPT_ENTRY',
      'CORRUPT_ENTRY',
      'CORRUPT_ENTRY',
      'CORRUPT_ENTRY',
      'CORRUPT_ENTRY',
      'secret-2',
      'managing',
    ]);
    for (const r of results) if (!r.ok) expect(r.error).toBeInstanceOf(VaultError);
  });

  it('reports a broken entry object or binding for that entry only', async () => {
    const good = await sealSecret(dataKey, ACC1_KEY1, 'ok');
    const results = await openSecrets(dataKey, [
      null as unknown as { binding: SecretBinding; sealed: unknown },
      { binding: { accountId: '', applicationKeyId: 'key1' }, sealed: good },
      { binding: ACC1_KEY1, sealed: good },
    ]);
    expect(results.map((r) => (r.ok ? r.secret : r.error.code))).toEqual(['INVALID_ARGUMENT', 'INVALID_ARGUMENT', 'ok']);
    expect(await openSecrets(dataKey, [])).toEqual([]);
  });
});

describe('caller mistakes → INVALID_ARGUMENT', () => {
  it('bad bindings', async () => {
    const bad: unknown[] = [
      null,
      {},
      { accountId: '', applicationKeyId: 'k' },
      { accountId: 'a', applicationKeyId: '' },
      { accountId: 'a', applicationKeyId: 7 },
      { accountId: 'a', applicationKeyId: 'k', purpose: 'other' },
    ];
    const sealed = await sealSecret(dataKey, ACC1_KEY1, 's');
    for (const binding of bad) {
      await expectVaultError(sealSecret(dataKey, binding as SecretBinding, 's'), 'INVALID_ARGUMENT');
      await expectVaultError(openSecret(dataKey, binding as SecretBinding, sealed), 'INVALID_ARGUMENT');
    }
  });

  it('a missing or wrong kind of key, or a non-string secret', async () => {
    const sealed = await sealSecret(dataKey, ACC1_KEY1, 's');
    const hmac = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    for (const key of [undefined, null, {}, 'key', hmac]) {
      await expectVaultError(sealSecret(key as CryptoKey, ACC1_KEY1, 's'), 'INVALID_ARGUMENT');
      await expectVaultError(openSecret(key as CryptoKey, ACC1_KEY1, sealed), 'INVALID_ARGUMENT');
    }
    await expectVaultError(sealSecret(dataKey, ACC1_KEY1, 42 as unknown as string), 'INVALID_ARGUMENT');
  });
});

describe('the managing key is bound to where it is sent', () => {
  it('fails to open once the endpoint, the keyID or the accountId is edited', async () => {
    const sealed = stored(await sealSecret(dataKey, ACC1_KEY1_MANAGING, 'managing'));
    expect(await openSecret(dataKey, ACC1_KEY1_MANAGING, sealed)).toBe('managing');
    await expectVaultError(openSecret(dataKey, { ...ACC1_KEY1_MANAGING, endpoint: 'https://evil.example' }, sealed), 'CORRUPT_ENTRY');
    await expectVaultError(openSecret(dataKey, { ...ACC1_KEY1_MANAGING, endpoint: 'https://api.backblazeb2.com/' }, sealed), 'CORRUPT_ENTRY');
    await expectVaultError(openSecret(dataKey, { ...ACC1_KEY1_MANAGING, applicationKeyId: 'key2' }, sealed), 'CORRUPT_ENTRY');
    await expectVaultError(openSecret(dataKey, { ...ACC1_KEY1_MANAGING, accountId: 'acc2' }, sealed), 'CORRUPT_ENTRY');
  });

  it('a managing key without an endpoint is a caller bug', async () => {
    await expectVaultError(sealSecret(dataKey, { accountId: 'acc1', applicationKeyId: 'key1', purpose: 'accountKey' }, 's'), 'INVALID_ARGUMENT');
  });

  it('a new managing key never opens as a legacy one, and a legacy one never as new (no downgrade)', async () => {
    const legacyBinding: SecretBinding = { accountId: 'acc1', applicationKeyId: 'key1', purpose: 'legacyAccountKey' };
    const legacy = stored(await sealSecret(dataKey, legacyBinding, 'old'));
    const current = stored(await sealSecret(dataKey, ACC1_KEY1_MANAGING, 'new'));
    expect(await openSecret(dataKey, legacyBinding, legacy)).toBe('old');
    await expectVaultError(openSecret(dataKey, legacyBinding, current), 'CORRUPT_ENTRY');
    await expectVaultError(openSecret(dataKey, ACC1_KEY1_MANAGING, legacy), 'CORRUPT_ENTRY');
    // Nor as an app key of the same keyID.
    await expectVaultError(openSecret(dataKey, ACC1_KEY1, legacy), 'CORRUPT_ENTRY');
  });
});
