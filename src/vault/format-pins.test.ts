import { describe, expect, it } from 'vitest';
import { changePassphrase, createVault, importDataKey, MIN_PASSPHRASE_LENGTH, openSecret, openSecrets, sealSecret, unlockVault, verifyPassphrase, VaultError, type VaultHeader } from './index';
import { secretAdditionalData } from './secrets';
import { FAST } from './test-helpers';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

// The additional data is part of the stored format: every saved secret was sealed under it, so changing one
// string would make every existing vault unreadable. Pinned byte for byte, as secrets.ts documents it.
describe('the additional data each secret is sealed under', () => {
  it('is the documented JSON for each purpose; the managing key and the legacy one never collide', () => {
    expect(text(secretAdditionalData({ accountId: 'acc', applicationKeyId: 'kid' }))).toBe('["b2km-vault",1,"secret","appKey","acc","kid"]');
    expect(text(secretAdditionalData({ accountId: 'acc', applicationKeyId: 'kid', purpose: 'accountKey', endpoint: 'https://e' }))).toBe(
      '["b2km-vault",1,"secret","accountKey","acc","kid","https://e"]',
    );
    expect(text(secretAdditionalData({ accountId: 'acc', applicationKeyId: 'kid', purpose: 'legacyAccountKey' }))).toBe('["b2km-vault",1,"secret","accountKey","acc","kid"]');
  });
});

describe('vault refusals say what is wrong', () => {
  it('names the minimum length and the iteration bounds', async () => {
    await expect(createVault('short', { iterations: FAST })).rejects.toThrow(`The passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters long.`);
    await expect(createVault('long enough passphrase', { iterations: 999 })).rejects.toThrow(/^iterations must be an integer between 1000 and \d+\.$/);
  });

  it('verifyPassphrase answers false for a wrong passphrase but throws for a damaged header', async () => {
    const { header } = await createVault('long enough passphrase', { iterations: FAST });
    await expect(verifyPassphrase(header, 'another passphrase')).resolves.toBe(false);
    await expect(verifyPassphrase({} as VaultHeader, 'long enough passphrase')).rejects.toMatchObject({ code: 'CORRUPT_HEADER' });
  });

  it('openSecrets reports an entry that is not an object, without hiding the others', async () => {
    const { dataKey } = await createVault('long enough passphrase', { iterations: FAST });
    const binding = { accountId: 'acc', applicationKeyId: 'kid' };
    const sealed = await sealSecret(dataKey, binding, 'K00secret-value');
    const results = await openSecrets(dataKey, ['junk' as never, null as never, { binding, sealed }]);
    expect(results[0]).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: 'Each entry needs a binding and a sealed value.' } });
    expect(results[1]).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(results[2]).toEqual({ ok: true, secret: 'K00secret-value' });
    expect(results[0]!.ok === false && results[0]!.error).toBeInstanceOf(VaultError);
  });
});

describe('vault errors keep their cause (for diagnostics) and name the bad argument', () => {
  const PASS = 'long enough passphrase';

  it('a wrong passphrase, a tampered entry and a bad data key carry the underlying error', async () => {
    const { header, dataKey } = await createVault(PASS, { iterations: FAST });
    const wrong = await unlockVault(header, 'not the passphrase', { minIterations: FAST }).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ code: 'WRONG_PASSPHRASE' });
    expect((wrong as Error).cause).toBeInstanceOf(Error);
    const binding = { accountId: 'acc', applicationKeyId: 'kid' };
    const sealed = await sealSecret(dataKey, binding, 'K00secret-value');
    const tampered = await openSecret(dataKey, { ...binding, applicationKeyId: 'other' }, sealed).catch((e: unknown) => e);
    expect(tampered).toMatchObject({ code: 'CORRUPT_ENTRY' });
    expect((tampered as Error).cause).toBeInstanceOf(Error);
    const badKey = await importDataKey('not base64!').catch((e: unknown) => e);
    expect(badKey).toMatchObject({ code: 'INVALID_DATA_KEY' });
    expect((badKey as Error).cause).toBeDefined();
  });

  it('names minIterations and iterations in their refusals, and says what a data key and a secret must be', async () => {
    const { header, dataKey } = await createVault(PASS, { iterations: FAST });
    await expect(unlockVault(header, PASS, { minIterations: 5 })).rejects.toThrow(/^minIterations must be an integer between/);
    await expect(changePassphrase(header, PASS, 'another long passphrase', { iterations: 5 })).rejects.toThrow(/^iterations must be an integer between/);
    await expect(sealSecret('not a key' as never, { accountId: 'a', applicationKeyId: 'k' }, 's')).rejects.toThrow('The data key must be an AES-GCM CryptoKey with encrypt usage.');
    await expect(sealSecret(dataKey, { accountId: 'a', applicationKeyId: 'k' }, 42 as never)).rejects.toThrow('The secret must be a string.');
  });
});
