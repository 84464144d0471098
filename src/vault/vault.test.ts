import { afterEach, describe, expect, it, vi } from 'vitest';
import { base64ToBytes, bytesToBase64 } from './base64';
import {
  DEFAULT_KDF,
  MIN_PASSPHRASE_LENGTH,
  VAULT_FORMAT_VERSION,
  changePassphrase,
  createVault,
  importDataKey,
  openSecret,
  parseVaultHeader,
  sealSecret,
  unlockVault,
  vaultHeaderSchema,
  verifyPassphrase,
} from './index';
import type { SecretBinding, VaultHeader } from './index';
import { FAST, deepFreeze, expectVaultError, flipByte, truncateBytes } from './test-helpers';

const PASS = 'correct horse battery staple';
const KEY_A: SecretBinding = { accountId: 'acc1', applicationKeyId: '0051a2b3c4d5e6f0000000001' };
const KEY_B: SecretBinding = { accountId: 'acc1', applicationKeyId: '0051a2b3c4d5e6f0000000002' };
const SECRET_A = 'K005abcdefghijklmnopqrstuvwxyz0';
const SECRET_B = 'K005ZYXWVUTSRQPONMLKJIHGFEDCBA9';

/** What storage.local would give back: a JSON round trip. */
const stored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('createVault', () => {
  it('produces a JSON-serialisable v1 header with the documented parameters', async () => {
    const { header, dataKey, rawDataKey } = await createVault(PASS, { iterations: FAST });
    expect(header.v).toBe(VAULT_FORMAT_VERSION);
    expect(header.kdf).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256', iterations: FAST });
    expect(base64ToBytes(header.kdf.salt)).toHaveLength(16);
    expect(base64ToBytes(header.wrappedKey.iv)).toHaveLength(12);
    expect(base64ToBytes(header.wrappedKey.ct)).toHaveLength(32 + 16);
    expect(base64ToBytes(rawDataKey)).toHaveLength(32);
    expect(stored(header)).toEqual(header);
    expect(vaultHeaderSchema.parse(stored(header))).toEqual(header);
    expect(Object.keys(header).sort()).toEqual(['kdf', 'v', 'wrappedKey']);
    // The CryptoKey handed out cannot be exported; the only raw copy is rawDataKey.
    expect(dataKey.extractable).toBe(false);
    expect(dataKey.algorithm.name).toBe('AES-GCM');
    await expect(crypto.subtle.exportKey('raw', dataKey)).rejects.toThrow();
  });

  it('uses a new salt, IV and data key every time', async () => {
    const a = await createVault(PASS, { iterations: FAST });
    const b = await createVault(PASS, { iterations: FAST });
    expect(a.header.kdf.salt).not.toBe(b.header.kdf.salt);
    expect(a.header.wrappedKey.iv).not.toBe(b.header.wrappedKey.iv);
    expect(a.rawDataKey).not.toBe(b.rawDataKey);
  });

  it('rejects passphrases shorter than MIN_PASSPHRASE_LENGTH code points (after NFC)', async () => {
    expect(MIN_PASSPHRASE_LENGTH).toBe(8);
    await expectVaultError(createVault('', { iterations: FAST }), 'WEAK_PASSPHRASE');
    await expectVaultError(createVault('1234567', { iterations: FAST }), 'WEAK_PASSPHRASE');
    // 4 emoji are 8 UTF-16 units but only 4 characters.
    await expectVaultError(createVault('🔑🔑🔑🔑', { iterations: FAST }), 'WEAK_PASSPHRASE');
    // 8 code points in NFD, 4 after NFC.
    await expectVaultError(createVault('e\u0301e\u0301e\u0301e\u0301', { iterations: FAST }), 'WEAK_PASSPHRASE');
    await expect(createVault('12345678', { iterations: FAST })).resolves.toBeDefined();
    await expect(createVault('🔑🔑🔑🔑🔑🔑🔑🔑', { iterations: FAST })).resolves.toBeDefined();
  });

  it('rejects bad arguments', async () => {
    await expectVaultError(createVault(PASS, { iterations: 999 }), 'INVALID_ARGUMENT');
    await expectVaultError(createVault(PASS, { iterations: 1000.5 }), 'INVALID_ARGUMENT');
    await expectVaultError(createVault(PASS, { iterations: 1e9 }), 'INVALID_ARGUMENT');
    await expectVaultError(createVault(12345678 as unknown as string, { iterations: FAST }), 'INVALID_ARGUMENT');
  });
});

describe('unlockVault', () => {
  it('round trip: create → seal → lock (drop the key) → unlock → open', async () => {
    const created = await createVault(PASS, { iterations: FAST });
    // Only what storage.local would hold survives the lock: the header and the sealed secrets, as JSON.
    const storage = stored({
      vault: created.header,
      a: await sealSecret(created.dataKey, KEY_A, SECRET_A),
      b: await sealSecret(created.dataKey, KEY_B, SECRET_B),
    });
    const originalRaw = created.rawDataKey;
    expect(JSON.stringify(storage)).not.toContain(originalRaw);
    expect(JSON.stringify(storage)).not.toContain(SECRET_A);

    const unlocked = await unlockVault(storage.vault, PASS, { minIterations: FAST });
    expect(unlocked.upgradedHeader).toBeNull();
    expect(unlocked.rawDataKey).toBe(originalRaw);
    expect(unlocked.dataKey.extractable).toBe(false);
    expect(await openSecret(unlocked.dataKey, KEY_A, storage.a)).toBe(SECRET_A);
    expect(await openSecret(unlocked.dataKey, KEY_B, storage.b)).toBe(SECRET_B);
  });

  // Its time is a figure of `npm run bench` (unlock), never an assertion here.
  it('at the 600,000-iteration default: creates and unlocks without upgrading', async () => {
    const created = await createVault(PASS);
    expect(created.header.kdf.iterations).toBe(600000);
    const sealed = await sealSecret(created.dataKey, KEY_A, SECRET_A);

    const unlocked = await unlockVault(stored(created.header), PASS);
    expect(unlocked.upgradedHeader).toBeNull(); // already at the default: no upgrade
    expect(unlocked.rawDataKey).toBe(created.rawDataKey);
    expect(await openSecret(unlocked.dataKey, KEY_A, sealed)).toBe(SECRET_A);
  }, 60_000);

  it('wrong passphrase 100 times: WRONG_PASSPHRASE every time, stored header byte-identical', async () => {
    const { header } = await createVault(PASS, { iterations: FAST });
    const storedJson = JSON.stringify(header);
    const storage = deepFreeze(JSON.parse(storedJson) as VaultHeader); // any mutation attempt would throw
    const wrongs = [
      '',
      'correct horse battery stapl',
      'Correct horse battery staple',
      'correct horse battery staple ',
      ' correct horse battery staple',
      'correcthorsebatterystaple',
    ];
    for (let i = 0; wrongs.length < 100; i++) wrongs.push(`wrong passphrase #${i}`);
    expect(wrongs).toHaveLength(100);
    for (const wrong of wrongs) {
      await expectVaultError(unlockVault(storage, wrong, { minIterations: FAST }), 'WRONG_PASSPHRASE');
    }
    expect(JSON.stringify(storage)).toBe(storedJson);
    expect(JSON.stringify(header)).toBe(storedJson);
    // …and the right passphrase still works afterwards.
    await expect(unlockVault(storage, PASS, { minIterations: FAST })).resolves.toBeDefined();
  });

  it('tampered salt or wrapped key reads as a wrong passphrase (the GCM tag fails), never a wrong key', async () => {
    const { header } = await createVault(PASS, { iterations: FAST });
    const otherSalt = bytesToBase64(crypto.getRandomValues(new Uint8Array(16)));
    const variants: VaultHeader[] = [
      { ...header, kdf: { ...header.kdf, salt: otherSalt } },
      { ...header, kdf: { ...header.kdf, iterations: FAST + 1 } },
      { ...header, wrappedKey: { ...header.wrappedKey, ct: flipByte(header.wrappedKey.ct, 0) } },
      { ...header, wrappedKey: { ...header.wrappedKey, ct: flipByte(header.wrappedKey.ct, -1) } },
      { ...header, wrappedKey: { ...header.wrappedKey, iv: flipByte(header.wrappedKey.iv, 3) } },
    ];
    for (const variant of variants) {
      await expectVaultError(unlockVault(variant, PASS, { minIterations: FAST }), 'WRONG_PASSPHRASE');
    }
  });

  it('malformed headers → CORRUPT_HEADER', async () => {
    const { header } = await createVault(PASS, { iterations: FAST });
    const bad: unknown[] = [
      null,
      undefined,
      'header',
      42,
      [],
      {},
      { v: '1', kdf: header.kdf, wrappedKey: header.wrappedKey },
      { kdf: header.kdf, wrappedKey: header.wrappedKey },
      { ...header, extra: true },
      { ...header, kdf: { ...header.kdf, name: 'Argon2id' } },
      { ...header, kdf: { ...header.kdf, hash: 'SHA-1' } },
      { ...header, kdf: { ...header.kdf, iterations: 0 } },
      { ...header, kdf: { ...header.kdf, iterations: 999 } },
      { ...header, kdf: { ...header.kdf, iterations: 1e12 } },
      { ...header, kdf: { ...header.kdf, iterations: 1000.5 } },
      { ...header, kdf: { ...header.kdf, iterations: '600000' } },
      { ...header, kdf: { ...header.kdf, salt: truncateBytes(header.kdf.salt, 1) } },
      { ...header, kdf: { ...header.kdf, salt: 'not base64!' } },
      { ...header, wrappedKey: { ...header.wrappedKey, ct: truncateBytes(header.wrappedKey.ct, 1) } },
      { ...header, wrappedKey: { ...header.wrappedKey, iv: truncateBytes(header.wrappedKey.iv, 1) } },
      { ...header, wrappedKey: null },
      JSON.stringify(header), // the JSON text instead of the object
    ];
    for (const value of bad) {
      await expectVaultError(unlockVault(value, PASS, { minIterations: FAST }), 'CORRUPT_HEADER');
    }
    // Hostile input whose getter throws is reported as damage too.
    const hostile = Object.defineProperty({}, 'kdf', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    await expectVaultError(unlockVault(hostile, PASS, { minIterations: FAST }), 'CORRUPT_HEADER');
  });

  it('another numeric format version → UNSUPPORTED_VERSION', async () => {
    const { header } = await createVault(PASS, { iterations: FAST });
    await expectVaultError(unlockVault({ ...header, v: 2 }, PASS, { minIterations: FAST }), 'UNSUPPORTED_VERSION');
    await expectVaultError(unlockVault({ v: 2, kdf: { name: 'Argon2id' } }, PASS), 'UNSUPPORTED_VERSION');
    await expectVaultError(unlockVault({ ...header, v: 0 }, PASS, { minIterations: FAST }), 'UNSUPPORTED_VERSION');
    expect(() => parseVaultHeader({ v: 3 })).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_VERSION' }));
  });

  it('rejects a bad minIterations', async () => {
    const { header } = await createVault(PASS, { iterations: FAST });
    await expectVaultError(unlockVault(header, PASS, { minIterations: 10 }), 'INVALID_ARGUMENT');
    await expectVaultError(unlockVault(header, PASS, { minIterations: Number.NaN }), 'INVALID_ARGUMENT');
  });

  it('treats NFC and NFD spellings of a passphrase as the same passphrase, but does not fold NFKC', async () => {
    const nfc = 'Crème brûlée in Zürich, 한국어'.normalize('NFC');
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    const fromNfd = await createVault(nfd, { iterations: FAST });
    const viaNfc = await unlockVault(fromNfd.header, nfc, { minIterations: FAST });
    expect(viaNfc.rawDataKey).toBe(fromNfd.rawDataKey);
    const fromNfc = await createVault(nfc, { iterations: FAST });
    expect((await unlockVault(fromNfc.header, nfd, { minIterations: FAST })).rawDataKey).toBe(fromNfc.rawDataKey);
    // "ﬁ" (U+FB01 ligature) is a different character from "fi": only NFKC would merge them.
    const lig = await createVault('con\uFB01dential pass', { iterations: FAST });
    await expectVaultError(unlockVault(lig.header, 'confidential pass', { minIterations: FAST }), 'WRONG_PASSPHRASE');
  });
});

describe('KDF upgrade on unlock', () => {
  it('re-wraps a 1000-iteration header at 600,000 with a new salt; the upgraded header opens the same DEK', async () => {
    const created = await createVault(PASS, { iterations: FAST });
    const sealed = await sealSecret(created.dataKey, KEY_A, SECRET_A);
    const storedHeader = deepFreeze(stored(created.header));
    const before = JSON.stringify(storedHeader);

    const first = await unlockVault(storedHeader, PASS, { minIterations: 600000 });
    expect(JSON.stringify(storedHeader)).toBe(before); // input untouched
    expect(first.rawDataKey).toBe(created.rawDataKey);
    const upgraded = first.upgradedHeader;
    if (!upgraded) throw new Error('expected an upgraded header');
    expect(upgraded.kdf.iterations).toBe(600000);
    expect(upgraded.kdf.salt).not.toBe(created.header.kdf.salt);
    expect(upgraded.wrappedKey.iv).not.toBe(created.header.wrappedKey.iv);
    expect(vaultHeaderSchema.parse(stored(upgraded))).toEqual(upgraded);

    const second = await unlockVault(stored(upgraded), PASS); // default minIterations = 600000
    expect(second.upgradedHeader).toBeNull();
    expect(second.rawDataKey).toBe(created.rawDataKey);
    expect(await openSecret(second.dataKey, KEY_A, sealed)).toBe(SECRET_A);
    await expectVaultError(unlockVault(upgraded, 'not the passphrase'), 'WRONG_PASSPHRASE');
  }, 60_000);

  it('upgrades to minIterations when the caller raises it, and not when the header already meets it', async () => {
    const created = await createVault(PASS, { iterations: FAST });
    const { upgradedHeader } = await unlockVault(created.header, PASS, { minIterations: 2000 });
    expect(upgradedHeader?.kdf.iterations).toBe(2000);
    expect((await unlockVault(created.header, PASS, { minIterations: FAST })).upgradedHeader).toBeNull();
    // A wrong passphrase never produces an upgrade.
    await expectVaultError(unlockVault(created.header, 'wrong passphrase', { minIterations: 2000 }), 'WRONG_PASSPHRASE');
  });
});

describe('changePassphrase', () => {
  it('re-wraps the DEK only: old fails, new works, existing secrets still open', async () => {
    const created = await createVault(PASS, { iterations: FAST });
    const sealedA = await sealSecret(created.dataKey, KEY_A, SECRET_A);
    const sealedB = await sealSecret(created.dataKey, KEY_B, SECRET_B);
    const original = deepFreeze(stored(created.header));
    const before = JSON.stringify(original);
    const NEW = 'a completely different passphrase';

    const changed = await changePassphrase(original, PASS, NEW, { iterations: FAST });
    expect(JSON.stringify(original)).toBe(before);
    expect(changed.kdf.salt).not.toBe(original.kdf.salt);
    expect(changed.wrappedKey.iv).not.toBe(original.wrappedKey.iv);
    expect(changed.kdf.iterations).toBe(FAST);

    await expectVaultError(unlockVault(changed, PASS, { minIterations: FAST }), 'WRONG_PASSPHRASE');
    const unlocked = await unlockVault(stored(changed), NEW, { minIterations: FAST });
    expect(unlocked.rawDataKey).toBe(created.rawDataKey);
    expect(await openSecret(unlocked.dataKey, KEY_A, sealedA)).toBe(SECRET_A);
    expect(await openSecret(unlocked.dataKey, KEY_B, sealedB)).toBe(SECRET_B);
    expect(await verifyPassphrase(changed, NEW)).toBe(true);
    expect(await verifyPassphrase(changed, PASS)).toBe(false);
  });

  it('refuses a wrong old passphrase, a weak new one, and a damaged header', async () => {
    const { header } = await createVault(PASS, { iterations: FAST });
    await expectVaultError(changePassphrase(header, 'wrong old passphrase', 'new passphrase ok', { iterations: FAST }), 'WRONG_PASSPHRASE');
    await expectVaultError(changePassphrase(header, PASS, 'short', { iterations: FAST }), 'WEAK_PASSPHRASE');
    await expectVaultError(changePassphrase({ ...header, v: 2 } as unknown as VaultHeader, PASS, 'new passphrase ok'), 'UNSUPPORTED_VERSION');
    await expectVaultError(changePassphrase({} as VaultHeader, PASS, 'new passphrase ok'), 'CORRUPT_HEADER');
  });

  it('without an explicit iteration count, never goes below the default', async () => {
    const { header, rawDataKey } = await createVault(PASS, { iterations: FAST });
    const changed = await changePassphrase(header, PASS, 'new passphrase ok');
    expect(changed.kdf.iterations).toBe(DEFAULT_KDF.iterations);
    expect((await unlockVault(changed, 'new passphrase ok')).rawDataKey).toBe(rawDataKey);
  }, 60_000);
});

describe('importDataKey', () => {
  it('re-creates the same data key from rawDataKey (worker restart)', async () => {
    const created = await createVault(PASS, { iterations: FAST });
    const sealed = await sealSecret(created.dataKey, KEY_A, SECRET_A);
    const sessionValue = stored({ dataKey: created.rawDataKey });

    const restored = await importDataKey(sessionValue.dataKey);
    expect(restored.extractable).toBe(false);
    expect(await openSecret(restored, KEY_A, sealed)).toBe(SECRET_A);
    const sealedAfter = await sealSecret(restored, KEY_B, SECRET_B);
    expect(await openSecret(created.dataKey, KEY_B, sealedAfter)).toBe(SECRET_B);
  });

  it('rejects anything that is not 32 bytes of base64 with INVALID_DATA_KEY', async () => {
    for (const bad of ['', 'not base64', bytesToBase64(new Uint8Array(16)), bytesToBase64(new Uint8Array(33)), null]) {
      await expectVaultError(importDataKey(bad as string), 'INVALID_DATA_KEY');
    }
  });
});

describe('an empty or missing passphrase', () => {
  // Some browsers' WebCrypto refuse a zero-length PBKDF2 password (Node's does not): as such a browser would.
  function refuseEmptyPbkdf2Password(): void {
    const importKey = crypto.subtle.importKey.bind(crypto.subtle);
    vi.spyOn(crypto.subtle, 'importKey').mockImplementation(((format: KeyFormat, data: BufferSource, algorithm: AlgorithmIdentifier, extractable: boolean, usages: KeyUsage[]) => {
      if (algorithm === 'PBKDF2' && data.byteLength === 0) return Promise.reject(new DOMException('Password is empty.', 'OperationError'));
      return importKey(format as 'raw', data, algorithm, extractable, usages);
    }) as typeof crypto.subtle.importKey);
  }
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('is a wrong passphrase, also where WebCrypto refuses an empty PBKDF2 password', async () => {
    const { header } = await createVault(PASS, { iterations: FAST });
    refuseEmptyPbkdf2Password();
    await expectVaultError(unlockVault(header, '', { minIterations: FAST }), 'WRONG_PASSPHRASE');
    await expect(verifyPassphrase(header, '')).resolves.toBe(false);
    await expectVaultError(changePassphrase(header, '', 'new passphrase ok', { iterations: FAST }), 'WRONG_PASSPHRASE');
    // The right passphrase still works with that WebCrypto.
    await expect(verifyPassphrase(header, PASS)).resolves.toBe(true);
  });

  it('verifyPassphrase: a passphrase that is not a string is a caller bug, not "wrong"', async () => {
    const { header } = await createVault(PASS, { iterations: FAST });
    for (const missing of [undefined, null, 42]) {
      await expectVaultError(verifyPassphrase(header, missing as unknown as string), 'INVALID_ARGUMENT');
    }
  });
});
