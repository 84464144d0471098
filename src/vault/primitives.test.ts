// The WebCrypto helpers and the format rules under the vault, where a fault would not show in a round trip:
// the data key and the KEK must stay non-extractable, a key of the wrong kind or usage must be refused before
// WebCrypto sees it, authentic but non-UTF-8 plaintext is damage, and the KDF-upgrade boundary.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bytesToBase64 } from './base64';
import { VaultError, isVaultError } from './errors';
import { DEFAULT_KDF, needsKdfUpgrade, parseSealedSecret, parseVaultHeader, type VaultHeader } from './format';
import { createVault, openSecret, sealSecret, unlockVault } from './index';
import { deriveKek, importDek, isAesGcmKey, normalizePassphrase, utf8Decode, wipe } from './primitives';
import { secretAdditionalData } from './secrets';
import { FAST, expectVaultError } from './test-helpers';

const PASS = 'correct horse battery staple';
const BINDING = { accountId: 'acc1', applicationKeyId: 'key1' };

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('without WebCrypto', () => {
  it('says that WebCrypto is missing instead of failing somewhere inside', async () => {
    // An http: page or an old runtime has getRandomValues but no crypto.subtle.
    vi.stubGlobal('crypto', { getRandomValues: crypto.getRandomValues.bind(crypto), subtle: undefined });
    await expect(createVault(PASS, { iterations: FAST })).rejects.toThrow('WebCrypto (crypto.subtle) is not available in this context.');
  });
});

describe('deriveKek', () => {
  const salt = () => crypto.getRandomValues(new Uint8Array(16));

  it('gives a non-extractable AES-GCM key: the passphrase key cannot be read back out', async () => {
    const kek = await deriveKek(PASS, salt(), FAST);
    expect(kek.extractable).toBe(false);
    expect(kek.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    expect([...kek.usages].sort()).toEqual(['decrypt', 'encrypt']);
    await expect(crypto.subtle.exportKey('raw', kek)).rejects.toThrow();
  });

  it('is PBKDF2-HMAC-SHA256 over the UTF-8 passphrase (checked against WebCrypto directly)', async () => {
    const s = salt();
    const kek = await deriveKek(PASS, s, FAST);
    const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(PASS), 'PBKDF2', false, ['deriveKey']);
    const ref = await crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: s, iterations: FAST }, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    const iv = new Uint8Array(12);
    const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, kek, new TextEncoder().encode('x'));
    await expect(crypto.subtle.decrypt({ name: 'AES-GCM', iv }, ref, ct)).resolves.toBeDefined();
  });
});

describe('the data key', () => {
  it('importDek refuses anything but 32 bytes, and gives a non-extractable key', async () => {
    await expectVaultError(importDek(new Uint8Array(16)), 'INVALID_DATA_KEY');
    await expectVaultError(importDek(new Uint8Array(31)), 'INVALID_DATA_KEY');
    const key = await importDek(crypto.getRandomValues(new Uint8Array(32)));
    expect(key.extractable).toBe(false);
  });

  it('a key of the wrong algorithm or without the needed usage is refused as a caller bug', async () => {
    const raw = crypto.getRandomValues(new Uint8Array(32));
    const encryptOnly = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt']);
    const decryptOnly = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['decrypt']);
    const cbc = await crypto.subtle.importKey('raw', raw, 'AES-CBC', false, ['encrypt', 'decrypt']);
    expect(isAesGcmKey(encryptOnly, 'encrypt')).toBe(true);
    expect(isAesGcmKey(encryptOnly, 'decrypt')).toBe(false);
    expect(isAesGcmKey(decryptOnly, 'encrypt')).toBe(false);
    expect(isAesGcmKey(cbc, 'encrypt')).toBe(false);
    const sealed = await sealSecret(encryptOnly, BINDING, 'secret');
    expect(await openSecret(decryptOnly, BINDING, sealed)).toBe('secret');
    await expectVaultError(sealSecret(decryptOnly, BINDING, 'secret'), 'INVALID_ARGUMENT');
    await expectVaultError(openSecret(encryptOnly, BINDING, sealed), 'INVALID_ARGUMENT');
    await expectVaultError(sealSecret(cbc, BINDING, 'secret'), 'INVALID_ARGUMENT');
    // Look-alike objects are not keys, whatever fields they have or lack.
    for (const fake of [{ type: 'secret' }, { type: 'secret', algorithm: { name: 'AES-GCM' } }, { algorithm: { name: 'AES-GCM' }, usages: ['encrypt'] }]) {
      expect(isAesGcmKey(fake, 'encrypt'), JSON.stringify(fake)).toBe(false);
    }
  });
});

describe('an entry that authenticates but is not text', () => {
  it('is CORRUPT_ENTRY, never a secret with replacement characters', async () => {
    const { rawDataKey, dataKey } = await createVault(PASS, { iterations: FAST });
    // What a buggy or hostile writer holding the data key could store: valid tag, invalid UTF-8.
    const key = await crypto.subtle.importKey('raw', Uint8Array.from(atob(rawDataKey), (c) => c.charCodeAt(0)), 'AES-GCM', false, ['encrypt']);
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: secretAdditionalData(BINDING) }, key, new Uint8Array([0x4b, 0xff, 0xc3, 0x28]));
    const error = await expectVaultError(openSecret(dataKey, BINDING, { v: 1, iv: bytesToBase64(iv), ct: bytesToBase64(new Uint8Array(ct)) }), 'CORRUPT_ENTRY');
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(() => utf8Decode(new Uint8Array([0xff]))).toThrow(TypeError);
  });
});

describe('small helpers', () => {
  it('wipe zeroes every byte it is given', () => {
    const bytes = crypto.getRandomValues(new Uint8Array(64));
    bytes[0] = 1;
    wipe(bytes);
    expect(bytes.every((b) => b === 0)).toBe(true);
  });

  it('a passphrase that is not a string is refused with a sentence', () => {
    expect(() => normalizePassphrase(12345678)).toThrow(new VaultError('INVALID_ARGUMENT', 'The passphrase must be a string.'));
  });
});

describe('format rules', () => {
  it('needsKdfUpgrade: only below the minimum, which defaults to the current KDF strength', async () => {
    const { header } = await createVault(PASS, { iterations: FAST });
    const at = (iterations: number): VaultHeader => ({ ...header, kdf: { ...header.kdf, iterations } });
    expect(needsKdfUpgrade(at(DEFAULT_KDF.iterations - 1))).toBe(true);
    expect(needsKdfUpgrade(at(DEFAULT_KDF.iterations))).toBe(false);
    expect(needsKdfUpgrade(at(2000), 2000)).toBe(false);
    expect(needsKdfUpgrade(at(1999), 2000)).toBe(true);
    // unlockVault applies the same boundary: a header exactly at the minimum is not re-wrapped.
    expect((await unlockVault(at(FAST), PASS, { minIterations: FAST })).upgradedHeader).toBeNull();
  });

  it('a stored value whose version field throws when read is damage, not a crash', async () => {
    const hostile = Object.defineProperty({}, 'v', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(() => parseVaultHeader(hostile)).toThrow(expect.objectContaining({ code: 'CORRUPT_HEADER' }));
    expect(() => parseSealedSecret(hostile)).toThrow(expect.objectContaining({ code: 'CORRUPT_ENTRY' }));
  });

  it('a sealed where-used list (keyUsage) opens only as one, never as the key\'s secret', async () => {
    const { dataKey } = await createVault(PASS, { iterations: FAST });
    const usage = { ...BINDING, purpose: 'keyUsage' as const };
    const sealed = await sealSecret(dataKey, usage, '[]');
    expect(await openSecret(dataKey, usage, sealed)).toBe('[]');
    await expectVaultError(openSecret(dataKey, BINDING, sealed), 'CORRUPT_ENTRY');
    await expectVaultError(openSecret(dataKey, { ...BINDING, purpose: 'legacyAccountKey' }, sealed), 'CORRUPT_ENTRY');
  });
});

describe('errors', () => {
  it('isVaultError tells vault errors apart, by code when one is given', () => {
    const e = new VaultError('WRONG_PASSPHRASE');
    expect(e.name).toBe('VaultError');
    expect(e.message).toBe('The passphrase is not correct.');
    expect(isVaultError(e)).toBe(true);
    expect(isVaultError(e, 'WRONG_PASSPHRASE')).toBe(true);
    expect(isVaultError(e, 'CORRUPT_HEADER')).toBe(false);
    expect(isVaultError(new Error('The passphrase is not correct.'))).toBe(false);
    expect(isVaultError(Object.assign(new Error('x'), { code: 'WRONG_PASSPHRASE' }), 'WRONG_PASSPHRASE')).toBe(false);
    expect(isVaultError(undefined)).toBe(false);
  });
});

describe('with no crypto object at all', () => {
  it('unlocking says that WebCrypto is missing', async () => {
    const { header } = await createVault(PASS, { iterations: FAST });
    vi.stubGlobal('crypto', undefined);
    await expect(unlockVault(header, PASS, { minIterations: FAST })).rejects.toThrow('WebCrypto (crypto.subtle) is not available in this context.');
  });
});

describe('a bad binding says what a binding needs', () => {
  it('names the missing IDs, and the endpoint a managing key must be bound to', async () => {
    const { dataKey } = await createVault(PASS, { iterations: FAST });
    await expect(sealSecret(dataKey, { accountId: '', applicationKeyId: 'k' }, 's')).rejects.toThrow('A secret binding needs a non-empty accountId and applicationKeyId.');
    await expect(sealSecret(dataKey, { ...BINDING, purpose: 'accountKey' }, 's')).rejects.toThrow("An account's managing key must be bound to its endpoint.");
  });
});
