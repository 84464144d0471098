/**
 * Key methods that need no B2, in Node over in-memory storage: revealing a saved applicationKey (and every
 * way it refuses), one key's view, the cached bucket list, and the managing key that cannot be deleted.
 * Listing, deleting and saving against B2 are tested with the emulator (test/integration/service.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { RpcError } from '../rpc/errors';
import { secretsKey, type CachedKey } from '../storage';
import { sealSecret } from '../vault';
import { failure, fixture } from './test-support';

const cached = (applicationKeyId: string, keyName: string): CachedKey => ({ accountId: 'acc', applicationKeyId, keyName, capabilities: ['readFiles'], bucketIds: null, namePrefix: null, expirationTimestamp: null, options: [] });

async function withSecrets() {
  const f = await fixture();
  await f.addAccount('acc', 'k-manager', 'K-manager-secret');
  const dataKey = await f.service.context.dataKey();
  const entry = async (id: string, secret: string, boundTo = id) => ({ sealed: await sealSecret(dataKey, { accountId: 'acc', applicationKeyId: boundTo }, secret), keyName: `name of ${id}`, savedAt: 1 });
  await f.local.set({ [secretsKey('acc')]: { 'k-one': await entry('k-one', 'K-one-secret'), 'k-two': await entry('k-two', 'K-two-secret'), 'k-swapped': await entry('k-swapped', 'K-one-secret', 'k-one') } });
  return f;
}

describe('revealSecret', () => {
  it('opens the saved applicationKey of that keyID, and the account’s own key from the account record', async () => {
    const f = await withSecrets();
    expect(await f.call('revealSecret', { applicationKeyId: 'k-one' })).toEqual({ applicationKey: 'K-one-secret' });
    expect(await f.call('revealSecret', { applicationKeyId: 'k-two' })).toEqual({ applicationKey: 'K-two-secret' });
    expect(await f.call('revealSecret', { applicationKeyId: 'k-manager' })).toEqual({ applicationKey: 'K-manager-secret' });
  });

  it('a secret moved under another keyID does not open (it is bound to its own keyID)', async () => {
    const f = await withSecrets();
    const e = await failure(f.call('revealSecret', { applicationKeyId: 'k-swapped' }));
    expect(e.code).toBe('CORRUPT_ENTRY');
    expect(e.message).toMatch(/damaged and cannot be decrypted/);
  });

  it('no saved secret: says how to add one', async () => {
    const f = await withSecrets();
    const e = await failure(f.call('revealSecret', { applicationKeyId: 'k-none' }));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toMatch(/Save secret/);
  });

  it('an entry of the wrong shape is damaged, the others still open', async () => {
    const f = await withSecrets();
    const record = (await f.local.get(secretsKey('acc')))[secretsKey('acc')] as Record<string, unknown>;
    await f.local.set({ [secretsKey('acc')]: { ...record, 'k-two': { sealed: 'nope' } } });
    const e = await failure(f.call('revealSecret', { applicationKeyId: 'k-two' }));
    expect(e.code).toBe('CORRUPT_ENTRY');
    expect(e.message).toMatch(/^This saved secret is damaged/);
    expect(await f.call('revealSecret', { applicationKeyId: 'k-one' })).toEqual({ applicationKey: 'K-one-secret' });
  });

  it('a secrets record of the wrong type: says so, and leaves it as it is', async () => {
    const f = await withSecrets();
    await f.local.set({ [secretsKey('acc')]: 'not a record' });
    const e = await failure(f.call('revealSecret', { applicationKeyId: 'k-one' }));
    expect(e.code).toBe('CORRUPT_ENTRY');
    expect(e.message).toMatch(/stored with the wrong type/);
    expect((await f.local.get(secretsKey('acc')))[secretsKey('acc')]).toBe('not a record');
  });

  it('while locked, nothing is opened; without an account, says to add one', async () => {
    const f = await withSecrets();
    await f.service.lock();
    for (const id of ['k-one', 'k-manager']) expect((await failure(f.call('revealSecret', { applicationKeyId: id }))).code).toBe('LOCKED');
    const bare = await fixture();
    expect((await failure(bare.call('revealSecret', { applicationKeyId: 'k-one' }))).code).toBe('NO_ACCOUNT');
  });
});

describe('getKey', () => {
  it('answers one cached key with what the vault knows of it, or null', async () => {
    const f = await withSecrets();
    await f.service.context.store.write((tx) => f.service.context.keyCache.upsert(tx, 'acc', cached('k-one', 'one')));
    await f.service.context.store.write((tx) => f.service.context.keyCache.upsert(tx, 'acc', cached('k-manager', 'manager')));
    expect((await f.call('getKey', { applicationKeyId: 'k-one' })).key).toMatchObject({ applicationKeyId: 'k-one', keyName: 'one', hasSecret: true, isManagingKey: false });
    expect((await f.call('getKey', { applicationKeyId: 'k-manager' })).key).toMatchObject({ isManagingKey: true, hasSecret: true });
    expect((await f.call('getKey', { applicationKeyId: 'k-unknown' })).key).toBeNull();
  });
});

describe('listBuckets', () => {
  it('answers the cached buckets without asking B2, unless a refresh is asked for', async () => {
    const f = await withSecrets();
    const buckets = [{ bucketId: 'b1', bucketName: 'photos', bucketType: 'allPrivate' }];
    await f.service.context.store.write((tx) => f.service.context.keyCache.setFields(tx, 'acc', { buckets } as never));
    expect(await f.call('listBuckets', { refresh: false })).toEqual({ buckets });
    // The fixture has no network: a refresh has to go to B2 and fails there.
    await expect(f.call('listBuckets', { refresh: true })).rejects.toBeInstanceOf(RpcError);
  });
});

describe('deleteKey', () => {
  it('refuses the key the account is managed with before anything is sent', async () => {
    const f = await withSecrets();
    const e = await failure(f.call('deleteKey', { applicationKeyId: 'k-manager' }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/lock the extension out/);
  });

  it('needs the vault unlocked', async () => {
    const f = await withSecrets();
    await f.service.lock();
    expect((await failure(f.call('deleteKey', { applicationKeyId: 'k-one' }))).code).toBe('LOCKED');
  });
});
