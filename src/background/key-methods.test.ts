/**
 * Key methods that need no B2, in Node over in-memory storage: revealing a saved applicationKey (and every
 * way it refuses), one key's view, the cached bucket list, and the managing key that cannot be deleted.
 * Listing, deleting and saving against B2 are tested with the emulator (test/integration/service.test.ts).
 */
import { describe, expect, it, vi } from 'vitest';
import { ACCOUNT_ID, authorizeReply, b2Error, connectionRefused, json, keyJson } from '../b2/test-support';
import { RpcError } from '../rpc/errors';
import { lostKey, RECENT_READ_MS, secretsKey, type CachedKey } from '../storage';
import { sealSecret } from '../vault';
import { keyHandlers } from './key-methods';
import { failure, fakeB2, fixture } from './test-support';

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

describe('listKeys', () => {
  /** Records the items of each storage.local read. */
  function recordReads(f: Awaited<ReturnType<typeof withSecrets>>): string[][] {
    const reads: string[][] = [];
    const get = f.local.get.bind(f.local);
    f.local.get = async (keys) => {
      reads.push(keys == null ? [] : Array.isArray(keys) ? keys : [keys]);
      return get(keys);
    };
    return reads;
  }

  it('reads storage once for a window of the account it listed last, and the listing of another account after a switch', async () => {
    const f = await withSecrets();
    await f.addAccount('other', 'k-other-manager', 'K-other-secret');
    const { store, keyCache } = f.service.context;
    await store.write(async (tx) => {
      await keyCache.upsert(tx, 'acc', cached('k-one', 'one'));
      await keyCache.upsert(tx, 'other', { ...cached('k-o', 'of the other account'), accountId: 'other' });
    });
    const first = await f.call('listKeys', {});
    expect(first.keys.map((k) => [k.applicationKeyId, k.hasSecret])).toEqual([['k-one', true]]);

    const reads = recordReads(f);
    // A window right after another (the next keystroke, the next page) reads nothing: what the one before read will do.
    expect((await f.call('listKeys', { offset: 0, limit: 10 })).keys.map((k) => k.applicationKeyId)).toEqual(['k-one']);
    expect(reads).toHaveLength(0);
    f.clock.now += RECENT_READ_MS + 1;
    const again = await f.call('listKeys', {});
    expect(again.keys.map((k) => k.applicationKeyId)).toEqual(['k-one']);
    // The active account, and the secrets and flags of the account listed last, in one call.
    expect(reads).toHaveLength(1);
    expect(reads[0]).toEqual(expect.arrayContaining(['activeAccountId', 'accounts', secretsKey('acc')]));

    f.clock.now += RECENT_READ_MS + 1;
    await store.write(async (tx) => tx.set('activeAccountId', 'other'));
    reads.length = 0;
    const switched = await f.call('listKeys', {});
    expect(switched.accountId).toBe('other');
    expect(switched.keys.map((k) => [k.applicationKeyId, k.hasSecret])).toEqual([['k-o', false]]);
    // The guess (the first account) was read along with the active account, then the other account's items.
    expect(reads.flat()).toEqual(expect.arrayContaining([secretsKey('acc'), secretsKey('other')]));

    // A switch right after a window is seen at once too: the background's own write drops what was read.
    await store.write(async (tx) => tx.set('activeAccountId', 'acc'));
    expect((await f.call('listKeys', {})).accountId).toBe('acc');
  });

  it('works out the window of the account listed last while the active account is still being read', async () => {
    const f = await withSecrets();
    const { store, keyCache, keyWindows } = f.service.context;
    await store.write((tx) => keyCache.upsert(tx, 'acc', cached('k-one', 'one')));
    await f.call('listKeys', {});
    const events: string[] = [];
    const get = f.local.get.bind(f.local);
    f.local.get = async (keys) => {
      const got = await get(keys);
      events.push('read back');
      return got;
    };
    const window = keyWindows.window.bind(keyWindows);
    keyWindows.window = (accountId, req) => {
      events.push(`window ${accountId} ${req.query}`);
      return window(accountId, req);
    };
    const found = await f.call('listKeys', { query: 'one' });
    expect(found.keys.map((k) => k.applicationKeyId)).toEqual(['k-one']);
    // One window, asked for before the storage call (the active account, the secrets) was back, and used.
    expect(events[0]).toBe('window acc one');
    expect(events.filter((e) => e.startsWith('window'))).toHaveLength(1);
    // A view that needs the account's facts first is worked out after the read, as before.
    events.length = 0;
    await f.call('listKeys', { filter: 'noSecret' });
    expect(events[0]).toBe('read back');
    expect(events).toContain('window acc ');
  });

  /** A key whose secret is saved, listed once; then its saved secret removed behind the background's back. */
  async function secretRemovedAfterListing() {
    const f = await withSecrets();
    const { store, keyCache } = f.service.context;
    await store.write((tx) => keyCache.upsert(tx, 'acc', cached('k-one', 'one')));
    expect((await f.call('listKeys', {})).keys[0]!.hasSecret).toBe(true);
    await f.local.remove(secretsKey('acc'));
    return f;
  }

  it('an edit of the saved secrets made behind the background\'s back shows in a window once RECENT_READ_MS has passed', async () => {
    const f = await secretRemovedAfterListing();
    f.clock.now += RECENT_READ_MS;
    expect((await f.call('listKeys', {})).keys[0]!.hasSecret).toBe(true);
    f.clock.now += 1;
    expect((await f.call('listKeys', {})).keys[0]!.hasSecret).toBe(false);
  });

  it('a call that opens a secret reads afresh: an edit made a moment after a window is seen at once', async () => {
    const f = await secretRemovedAfterListing();
    const e = await failure(f.call('revealSecret', { applicationKeyId: 'k-one' }));
    expect(e.code).toBe('NOT_FOUND');
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

  it('answers the buckets of the account named (a form opened for it), whichever is active', async () => {
    const f = await withSecrets();
    await f.addAccount('other', 'k-other-manager', 'K-other-secret');
    const own = [{ bucketId: 'b1', bucketName: 'photos', bucketType: 'allPrivate' }];
    const others = [{ bucketId: 'b9', bucketName: 'logs', bucketType: 'allPrivate' }];
    await f.service.context.store.write(async (tx) => {
      await f.service.context.keyCache.setFields(tx, 'acc', { buckets: own } as never);
      await f.service.context.keyCache.setFields(tx, 'other', { buckets: others } as never);
    });
    await f.call('setActiveAccount', { accountId: 'other' });
    expect(await f.call('listBuckets', { accountId: 'acc' })).toEqual({ buckets: own });
    expect(await f.call('listBuckets', {})).toEqual({ buckets: others });
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

describe('a change sent for the account the page showed, after another page made another account active', () => {
  /** Account X (the page's) holds key K with its secret; account Y is made active by another page. */
  async function twoAccounts() {
    const b2 = fakeB2();
    b2.accounts = { 'k-manager': 'accX', 'k-manager-y': 'accY' };
    const f = await fixture({ fetch: b2.fetch });
    const ctx = f.service.context;
    await f.addAccount('accX', 'k-manager', 'K-manager-secret');
    await f.addAccount('accY', 'k-manager-y', 'K-manager-secret-y');
    await ctx.store.write((tx) => ctx.keyCache.upsert(tx, 'accX', { ...cached('K', 'prod'), accountId: 'accX' }));
    const sealed = await sealSecret(await ctx.dataKey(), { accountId: 'accX', applicationKeyId: 'K' }, 'secret-K');
    await ctx.store.write(async (tx) => tx.putSecret('accX', 'K', { sealed, keyName: 'prod', savedAt: 1 }));
    await f.call('setActiveAccount', { accountId: 'accY' });
    return { f, b2, ctx };
  }

  it('Delete Key acts in the key’s own account', async () => {
    const { f, b2, ctx } = await twoAccounts();
    await f.call('deleteKey', { applicationKeyId: 'K', accountId: 'accX' });
    expect(b2.calls).toContain('b2_delete_key');
    expect(await ctx.keyCache.find('accX', 'K')).toBeUndefined();
    expect(await ctx.store.secrets('accX')).toEqual({});
    expect(await ctx.store.get('activeAccountId')).toBe('accY');
  });

  it('an account removed meanwhile is said as such, and nothing is sent', async () => {
    const { f, b2 } = await twoAccounts();
    const e = await failure(f.call('deleteKey', { applicationKeyId: 'K', accountId: 'accGone' }));
    expect([e.code, e.message]).toEqual(['NOT_FOUND', 'That account is no longer in the list. Reopen this page.']);
    expect(b2.calls).not.toContain('b2_delete_key');
  });

  it('Create New Key and Rotate make the key in the form’s account', async () => {
    const { f, ctx } = await twoAccounts();
    const made = await f.call('createKey', { keyName: 'made-for-x', capabilities: ['readFiles'], accountId: 'accX' });
    expect(await ctx.keyCache.find('accX', made.key.applicationKeyId)).toBeDefined();
    expect(Object.keys(await ctx.store.secrets('accY'))).toEqual([]);
    const rotated = await f.call('rotateKey', { applicationKeyId: 'K', accountId: 'accX', keyName: 'prod-2', validDurationInSeconds: null });
    expect(Object.keys(await ctx.store.secrets('accX')).sort()).toEqual(['K', rotated.key.applicationKeyId, made.key.applicationKeyId].sort());
  });
});

describe('key methods against a fake B2', () => {
  async function withB2() {
    const b2 = fakeB2();
    const f = await fixture({ fetch: b2.fetch });
    await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
    const dataKey = await f.service.context.dataKey();
    await f.local.set({ [secretsKey(ACCOUNT_ID)]: { 'k-saved': { sealed: await sealSecret(dataKey, { accountId: ACCOUNT_ID, applicationKeyId: 'k-saved' }, 'S-saved'), keyName: 'saved', savedAt: 1 } } });
    b2.keys = Array.from({ length: 150 }, (_, i) => keyJson(`k-${String(i).padStart(3, '0')}`, { keyName: `key-${String(i).padStart(3, '0')}` }));
    b2.keys.push(keyJson('k-saved', { keyName: 'saved' }), keyJson('k-manager', { keyName: 'manager' }));
    return { f, b2, ctx: f.service.context };
  }

  it('a refresh is of the account the page showed, not of one another page made active meanwhile (fault review 15)', async () => {
    const { f, b2 } = await withB2();
    await f.addAccount('acc2', 'k2', 'secret-2');
    await f.call('setActiveAccount', { accountId: 'acc2' });
    const list = await f.call('refreshKeys', { accountId: ACCOUNT_ID });
    expect([list.accountId, list.total]).toEqual([ACCOUNT_ID, 152]);
    expect(b2.calls.filter((c) => c === 'b2_list_keys')).toHaveLength(1);
  });

  it('a refresh lists every key and answers the first window of 100 with the counts and the list’s state', async () => {
    const { f, b2 } = await withB2();
    const list = await f.call('refreshKeys', {});
    expect(list).toMatchObject({ accountId: ACCOUNT_ID, offset: 0, total: 152, totalAll: 152, fetchedAt: f.clock.now, lastError: null, refreshDue: false, createChecks: [] });
    expect(list.buckets).toEqual([{ bucketId: 'b1', bucketName: 'photos', bucketType: 'allPrivate' }]);
    expect(list.keys).toHaveLength(100);
    expect(list.keys[0]).toMatchObject({ applicationKeyId: 'k-000', hasSecret: false });
    expect('expiryWarningDays' in list).toBe(false);
    expect(b2.calls.filter((c) => c === 'b2_list_keys')).toHaveLength(1);
    const page = await f.call('listKeys', { offset: 140, limit: 5, query: '' });
    expect([page.offset, page.keys.map((k) => k.keyName)]).toEqual([140, ['key-140', 'key-141', 'key-142', 'key-143', 'key-144']]);
    const found = await f.call('listKeys', { query: 'saved' });
    expect([found.total, found.keys.map((k) => [k.applicationKeyId, k.hasSecret])]).toEqual([1, [['k-saved', true]]]);
    // The filter row answers from the vault's facts.
    const noSecret = await f.call('listKeys', { filter: 'noSecret', limit: 3 });
    expect([noSecret.total, noSecret.keys.map((k) => k.applicationKeyId)]).toEqual([150, ['k-000', 'k-001', 'k-002']]);
    // A sort alone (no filter) is answered over the in-memory copy too: the key expiring first comes first.
    b2.keys.push(keyJson('k-soon', { keyName: 'zz-soon', expirationTimestamp: f.clock.now + 1000 }));
    await f.call('refreshKeys', {});
    expect((await f.call('listKeys', { sort: 'expiry', limit: 1 })).keys.map((k) => k.applicationKeyId)).toEqual(['k-soon']);
    b2.keys.pop();
    await f.call('refreshKeys', {});
    const byName = await f.call('listKeys', { filter: 'all', sort: 'name', limit: 1 });
    expect(byName.keys.map((k) => k.applicationKeyId)).toEqual(['k-000']);
    f.clock.now += 5 * 60_000;
    expect((await f.call('listKeys', {})).refreshDue).toBe(true);
    await f.service.context.store.write(async (tx) => tx.set('settings', { ...(await f.service.context.store.settings()), expiryWarningDays: 14 }));
    expect((await f.call('listKeys', {})).expiryWarningDays).toBe(14);
  });

  it('starts loading the searchable copy a moment after a first window, not for a search or a later page', async () => {
    const { f, ctx } = await withB2();
    await f.call('refreshKeys', {});
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const prepare = vi.spyOn(ctx.keyWindows, 'prepare');
    try {
      await f.call('listKeys', { query: 'key' });
      await f.call('listKeys', { offset: 100 });
      vi.advanceTimersByTime(1000);
      expect(prepare).not.toHaveBeenCalled();
      await f.call('listKeys', {});
      vi.advanceTimersByTime(399);
      expect(prepare).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(prepare).toHaveBeenCalledTimes(1);
      expect(prepare.mock.calls[0]![0]).toBe(ACCOUNT_ID);
    } finally {
      prepare.mockRestore();
      vi.useRealTimers();
    }
  });

  it('buckets: from B2 when none are cached or a refresh is asked for, stored for the next time', async () => {
    const { f, b2 } = await withB2();
    expect(await f.call('listBuckets', { refresh: false })).toEqual({ buckets: [{ bucketId: 'b1', bucketName: 'photos', bucketType: 'allPrivate' }] });
    expect(b2.calls.filter((c) => c === 'b2_list_buckets')).toHaveLength(1);
    await f.call('listBuckets', { refresh: false });
    expect(b2.calls.filter((c) => c === 'b2_list_buckets')).toHaveLength(1);
    await f.call('listBuckets', { refresh: true });
    expect(b2.calls.filter((c) => c === 'b2_list_buckets')).toHaveLength(2);
  });

  it('delete: gone from B2, from the list, with its secret and flags', async () => {
    const { f, b2, ctx } = await withB2();
    await f.call('refreshKeys', {});
    await ctx.store.write(async (tx) => tx.flagLost(ACCOUNT_ID, 'k-saved', { keyName: 'saved', flaggedAt: 1, recordId: 'r' }));
    expect(await f.call('deleteKey', { applicationKeyId: 'k-saved' })).toEqual({});
    expect(b2.calls.at(-1)).toBe('b2_delete_key');
    expect((await ctx.store.secretIndex(ACCOUNT_ID)).valid).toEqual({});
    expect(await ctx.store.lostKeys(ACCOUNT_ID)).toEqual({});
    expect((await f.call('getKey', { applicationKeyId: 'k-saved' })).key).toBeNull();
    expect((await f.call('listKeys', {})).totalAll).toBe(151);
  });

  it('delete of a key B2 no longer has finishes the job locally; other refusals are passed on', async () => {
    const { f, b2 } = await withB2();
    await f.call('refreshKeys', {});
    b2.deletes.push(b2Error(400, 'bad_request', 'Key Does Not Exist: k-000'));
    expect(await f.call('deleteKey', { applicationKeyId: 'k-000' })).toEqual({});
    expect((await f.call('getKey', { applicationKeyId: 'k-000' })).key).toBeNull();
    b2.deletes.push(b2Error(400, 'bad_request', 'something else'));
    expect((await failure(f.call('deleteKey', { applicationKeyId: 'k-001' }))).code).not.toBe('CORRUPT_ENTRY');
    b2.deletes.push(b2Error(401, 'unauthorized', 'key does not exist'));
    await failure(f.call('deleteKey', { applicationKeyId: 'k-001' }));
    expect((await f.call('getKey', { applicationKeyId: 'k-001' })).key).not.toBeNull();
  });

  it('delete whose local update fails says B2 deleted it, why the copy was not updated, and whether it is still listed', async () => {
    const { f, ctx } = await withB2();
    await f.call('refreshKeys', {});
    await f.local.set({ [secretsKey(ACCOUNT_ID)]: 'not a record' });
    let e = await failure(f.call('deleteKey', { applicationKeyId: 'k-000' }));
    expect(e.code).toBe('CORRUPT_ENTRY');
    expect(e.message).toBe('Deleted in B2 (keyID k-000); the local copy could not be updated: the saved secrets of this account are damaged, so they were left exactly as they are. The key is no longer listed.');
    expect((await f.call('getKey', { applicationKeyId: 'k-000' })).key).toBeNull();
    expect((await f.local.get(secretsKey(ACCOUNT_ID)))[secretsKey(ACCOUNT_ID)]).toBe('not a record');

    // A damaged note about the key (its lost flag) does not keep its secret: the delete goes through without it.
    const dataKey = await ctx.dataKey();
    const sealed = await sealSecret(dataKey, { accountId: ACCOUNT_ID, applicationKeyId: 'k-003' }, 'S3');
    await f.local.set({ [secretsKey(ACCOUNT_ID)]: { 'k-003': { sealed, keyName: 'key-003', savedAt: 1 } }, [lostKey(ACCOUNT_ID)]: ['not', 'a', 'record'] });
    expect(await f.call('deleteKey', { applicationKeyId: 'k-003' })).toEqual({});
    expect((await ctx.store.secretIndex(ACCOUNT_ID)).valid['k-003']).toBeUndefined();
    expect(JSON.parse(f.local.data.get(lostKey(ACCOUNT_ID))!)).toEqual(['not', 'a', 'record']);
    await f.local.set({ [lostKey(ACCOUNT_ID)]: {} });

    await f.local.set({ [secretsKey(ACCOUNT_ID)]: {} });
    const set = f.local.set.bind(f.local);
    let fail = 0;
    f.local.set = async (items) => {
      if (fail-- > 0) throw new Error('disk full');
      return set(items);
    };
    // One failed write: the smaller one lands.
    fail = 1;
    expect(await f.call('deleteKey', { applicationKeyId: 'k-004' })).toEqual({});
    // The secret's write failing too: only the row goes.
    fail = 2;
    e = await failure(f.call('deleteKey', { applicationKeyId: 'k-001' }));
    expect(e.message).toBe('Deleted in B2 (keyID k-001); the local copy could not be updated: saving the change failed. The key is no longer listed.');
    fail = 3;
    e = await failure(f.call('deleteKey', { applicationKeyId: 'k-005' }));
    expect(e.message).toBe('Deleted in B2 (keyID k-005); the local copy could not be updated: saving the change failed. It may still be listed until the next refresh.');
    fail = 0;

    // The service refuses a change once it knows the store is read-only; this is the store finding out mid-call.
    ctx.store.readOnlyReason = 'newer version';
    e = await failure(keyHandlers(ctx).deleteKey({ applicationKeyId: 'k-002' }, { sender: {}, senderClass: 'page' } as never));
    expect(e.message).toBe('Deleted in B2 (keyID k-002); the local copy could not be updated: the saved data is from a newer version of B2 Key Manager and cannot be changed. It may still be listed until the next refresh.');
  });

  it('save secret: checked with B2 first, stored for a listed key under its name, for an unlisted one from what B2 said', async () => {
    const { f, b2, ctx } = await withB2();
    await f.call('refreshKeys', {});
    await ctx.store.write(async (tx) => tx.flagLost(ACCOUNT_ID, 'k-000', { keyName: 'key-000', flaggedAt: 1, recordId: 'r' }));
    const tried: string[][] = [];
    b2.authorize = (id, key) => {
      tried.push([id, key]);
      return key === 'right' ? authorizeReply({ capabilities: ['readFiles'], buckets: [{ id: 'b1', name: 'photos' }] }) : b2Error(401, 'unauthorized', 'no');
    };
    const view = await f.call('saveSecret', { applicationKeyId: 'k-000', applicationKey: '  right \n' });
    expect(tried).toEqual([['k-000', 'right']]);
    expect(view).toEqual({ ...(await f.call('getKey', { applicationKeyId: 'k-000' })).key, hasSecret: true, isManagingKey: false, secretDamaged: false, lost: false });
    expect(view.keyName).toBe('key-000');
    expect(await f.call('revealSecret', { applicationKeyId: 'k-000' })).toEqual({ applicationKey: 'right' });
    expect((await ctx.store.secretIndex(ACCOUNT_ID)).valid['k-000']).toMatchObject({ keyName: 'key-000', savedAt: f.clock.now });
    expect(await ctx.store.lostKeys(ACCOUNT_ID)).toEqual({});

    const unlisted = await f.call('saveSecret', { applicationKeyId: 'k-new', applicationKey: 'right' });
    expect(unlisted).toEqual({ accountId: ACCOUNT_ID, applicationKeyId: 'k-new', keyName: '', capabilities: ['readFiles'], bucketIds: ['b1'], namePrefix: null, expirationTimestamp: null, options: [], hasSecret: true, isManagingKey: false, secretDamaged: false, lost: false });
    expect((await f.call('getKey', { applicationKeyId: 'k-new' })).key).toMatchObject({ applicationKeyId: 'k-new', hasSecret: true });

    b2.authorize = () => authorizeReply();
    const allBuckets = await f.call('saveSecret', { applicationKeyId: 'k-all', applicationKey: 'x' });
    expect(allBuckets.bucketIds).toBeNull();
  });

  it('save secret: a copy B2 accepted drops the failed check of the copy it replaces', async () => {
    const { f, b2, ctx } = await withB2();
    await f.call('refreshKeys', {});
    await ctx.store.write(async (tx) => tx.putCheck(ACCOUNT_ID, 'k-000', { outcome: 'mismatch', at: 1 }));
    await ctx.store.write(async (tx) => tx.putCheck(ACCOUNT_ID, 'k-001', { outcome: 'mismatch', at: 1 }));
    b2.authorize = () => authorizeReply({ capabilities: ['readFiles'] });
    await f.call('saveSecret', { applicationKeyId: 'k-000', applicationKey: 'right' });
    expect(await ctx.store.secretChecks(ACCOUNT_ID)).toEqual({ 'k-001': { outcome: 'mismatch', at: 1 } });
  });

  it('save secret: a key deleted while B2 checked the pasted secret stays deleted, and the secret is not kept', async () => {
    const { f, b2, ctx } = await withB2();
    await f.call('refreshKeys', {});
    let answer!: () => void;
    const gate = new Promise<void>((r) => (answer = r));
    b2.authorize = () => async () => (await gate, authorizeReply({ capabilities: ['readFiles'] }));
    const saving = failure(f.call('saveSecret', { applicationKeyId: 'k-000', applicationKey: 'right', keyName: 'key-000' }));
    await vi.waitFor(() => expect(b2.calls.filter((c) => c === 'b2_authorize_account').length).toBeGreaterThan(1));
    await f.call('deleteKey', { applicationKeyId: 'k-000', keyName: 'key-000' });
    answer();
    const e = await saving;
    expect([e.code, e.message]).toEqual(['NOT_FOUND', 'This key was deleted while B2 checked its applicationKey, so the applicationKey was not saved.']);
    expect((await f.call('getKey', { applicationKeyId: 'k-000' })).key).toBeNull();
    expect((await ctx.store.secretIndex(ACCOUNT_ID)).valid['k-000']).toBeUndefined();
    // Another key deleted meanwhile does not stop it.
    const gate2 = new Promise<void>((r) => (answer = r));
    b2.authorize = () => async () => (await gate2, authorizeReply({ capabilities: ['readFiles'] }));
    const saved = f.call('saveSecret', { applicationKeyId: 'k-001', applicationKey: 'right' });
    await f.call('deleteKey', { applicationKeyId: 'k-002' });
    answer();
    expect((await saved).hasSecret).toBe(true);
  });

  it('save secret: an account removed while B2 checks the pasted secret keeps nothing of it', async () => {
    const { f, b2 } = await withB2();
    let answer!: () => void;
    const gate = new Promise<void>((r) => (answer = r));
    b2.authorize = () => async () => (await gate, authorizeReply({ capabilities: ['readFiles'] }));
    const saving = failure(f.call('saveSecret', { applicationKeyId: 'k-000', accountId: ACCOUNT_ID, applicationKey: 'right' }));
    await vi.waitFor(() => expect(b2.calls).toContain('b2_authorize_account'));
    await f.call('removeAccount', { accountId: ACCOUNT_ID, keepSecrets: false, savedSecretCount: 1 });
    answer();
    expect((await saving).message).toBe('This key’s account was removed while B2 checked the applicationKey, so the applicationKey was not saved.');
    expect([...f.local.data.keys()].filter((k) => k.includes(ACCOUNT_ID))).toEqual([]);
  });

  it('buckets: an account removed while B2 lists its buckets gets no cached buckets back', async () => {
    const { f, b2 } = await withB2();
    let answer!: () => void;
    b2.bucketsGate = new Promise<void>((r) => (answer = r));
    const asked = f.call('listBuckets', { refresh: true }).catch((e: unknown) => e);
    await vi.waitFor(() => expect(b2.calls).toContain('b2_list_buckets'));
    await f.call('removeAccount', { accountId: ACCOUNT_ID, keepSecrets: false, savedSecretCount: 1 });
    answer();
    await asked;
    expect([...f.local.data.keys()].filter((k) => k.includes(ACCOUNT_ID))).toEqual([]);
  });

  it('refresh: an account removed while B2 lists its keys gets no key list back', async () => {
    const { f, b2 } = await withB2();
    let answer!: () => void;
    b2.listGate = new Promise<void>((r) => (answer = r));
    const refreshing = f.call('refreshKeys', {}).catch((e: unknown) => e);
    await vi.waitFor(() => expect(b2.calls).toContain('b2_list_keys'));
    await f.call('removeAccount', { accountId: ACCOUNT_ID, keepSecrets: false, savedSecretCount: 1 });
    answer();
    await refreshing;
    expect([...f.local.data.keys()].filter((k) => k.includes(ACCOUNT_ID))).toEqual([]);
  });

  it('save secret: an unlisted key takes the name the page gives; damaged lost flags or key list do not cost the secret', async () => {
    const { f, b2, ctx } = await withB2();
    b2.authorize = () => authorizeReply({ capabilities: ['readFiles'] });
    const named = await f.call('saveSecret', { applicationKeyId: 'k-named', applicationKey: 'right', keyName: 'nas-backup' });
    expect(named.keyName).toBe('nas-backup');
    expect((await ctx.store.secretIndex(ACCOUNT_ID)).valid['k-named']).toMatchObject({ keyName: 'nas-backup' });
    for (const item of [lostKey(ACCOUNT_ID), `keys:${ACCOUNT_ID}`]) {
      f.local.data.set(item, JSON.stringify(['not', 'a', 'record']));
      const id = `k-${item.split(':')[0]}`;
      const view = await f.call('saveSecret', { applicationKeyId: id, applicationKey: 'right', keyName: 'after-damage' });
      expect([item, view.hasSecret, view.keyName]).toEqual([item, true, 'after-damage']);
      expect(await f.call('revealSecret', { applicationKeyId: id })).toEqual({ applicationKey: 'right' });
      expect((await ctx.store.secretIndex(ACCOUNT_ID)).valid[id]).toMatchObject({ keyName: 'after-damage' });
      f.local.data.delete(item);
    }
  });

  it('save secret refuses a secret B2 does not accept, one of another account, and passes other failures on', async () => {
    const { f, b2, ctx } = await withB2();
    b2.authorize = () => b2Error(401, 'unauthorized', 'no');
    let e = await failure(f.call('saveSecret', { applicationKeyId: 'k-000', applicationKey: 'wrong' }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/^B2 did not accept this applicationKey for this keyID/);
    expect(e.fields).toEqual({ applicationKey: 'B2 did not accept this applicationKey for this keyID.' });
    b2.authorize = () => b2Error(403, 'access_denied', 'no');
    e = await failure(f.call('saveSecret', { applicationKeyId: 'k-000', applicationKey: 'wrong' }));
    expect(e.code).not.toBe('INVALID_INPUT');
    b2.authorize = () => json(authorizeJson('other-account'));
    e = await failure(f.call('saveSecret', { applicationKeyId: 'k-000', applicationKey: 'theirs' }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toBe('This key belongs to a different B2 account.');
    expect(e.fields).toEqual({ applicationKey: 'This key belongs to a different B2 account.' });
    expect((await ctx.store.secretIndex(ACCOUNT_ID)).valid['k-000']).toBeUndefined();
  });
});

describe('a connection refused', () => {
  const SENTENCE = 'Could not connect to api.backblazeb2.com: the connection was refused';
  const SERVER = "api004.backblazeb2.com, the B2 server this account's calls go to, could not be reached. B2 may be having trouble there; try again in a little while.";

  it('names the host that refused: the account’s server for a list or a delete, the API endpoint for a sign-in', async () => {
    const b2 = fakeB2();
    let refuseLists = false;
    const f = await fixture({ fetch: (input, init) => (refuseLists && String(input).endsWith('/b2_list_keys') ? Promise.reject(connectionRefused()) : b2.fetch(input, init)) });
    await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
    b2.keys = [keyJson('k-000', { keyName: 'one' })];
    await f.call('refreshKeys', {});
    refuseLists = true;
    let e = await failure(f.call('refreshKeys', {}));
    expect(e.code).toBe('NETWORK');
    expect(e.message).toBe(SERVER);
    // A refused delete is tried again (it changes nothing until B2 has it): every try is refused here.
    b2.deletes.push(...Array.from({ length: 10 }, connectionRefused));
    e = await failure(f.call('deleteKey', { applicationKeyId: 'k-000' }));
    expect(e.code).toBe('NETWORK');
    expect(e.message).toBe(SERVER);
    b2.deletes.length = 0;
    b2.authorize = () => connectionRefused();
    e = await failure(f.call('saveSecret', { applicationKeyId: 'k-000', applicationKey: 'K-000-secret' }));
    expect(e.code).toBe('NETWORK');
    expect(e.message).toContain(SENTENCE);
  });
});

/** authorizeReply's body with another accountId. */
function authorizeJson(accountId: string): unknown {
  return { accountId, authorizationToken: 't', apiInfo: { storageApi: { absoluteMinimumPartSize: 5000000, recommendedPartSize: 100000000, apiUrl: 'https://api004.backblazeb2.com', downloadUrl: 'https://f004.backblazeb2.com', s3ApiUrl: 'https://s3.us-west-004.backblazeb2.com', allowed: { buckets: null, capabilities: ['readFiles'], namePrefix: null } }, groupsApi: {} }, applicationKeyExpirationTimestamp: null };
}

describe('Save secret refused by B2 (cases from a fault review)', () => {
  async function setup() {
    const b2 = fakeB2();
    const f = await fixture({ fetch: b2.fetch });
    await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
    // In keyID order, as B2 lists them.
    b2.keys = [keyJson('k-gone', { keyName: 'gone' }), keyJson('k-here', { keyName: 'here' }), keyJson('k-manager', { keyName: 'manager' }), keyJson('k-old', { keyName: 'old', expirationTimestamp: f.clock.now + 60_000 })];
    await f.call('refreshKeys', {});
    // Every pasted secret is refused, as for a deleted or expired key whatever is sent (the listing still works).
    b2.authorize = () => b2Error(401, 'unauthorized', '');
    return { f, b2 };
  }
  const paste = (f: Awaited<ReturnType<typeof setup>>['f'], applicationKeyId: string) => failure(f.call('saveSecret', { applicationKeyId, accountId: ACCOUNT_ID, applicationKey: 'the-right-secret' }));

  it('says the key was deleted in B2, or has expired, rather than blaming the paste', async () => {
    const { f, b2 } = await setup();
    b2.keys = b2.keys.filter((k) => k['applicationKeyId'] !== 'k-gone');
    const gone = await paste(f, 'k-gone');
    expect([gone.code, gone.message]).toEqual(['NOT_FOUND', expect.stringMatching(/^B2 no longer has this key: it was deleted/)]);
    f.clock.now += 120_000;
    expect((await paste(f, 'k-old')).message).toMatch(/^This key has expired/);
  });

  it('a key B2 still has: the paste is what B2 refused, said at the field', async () => {
    const { f } = await setup();
    const e = await paste(f, 'k-here');
    expect(e.message).toBe('B2 did not accept this applicationKey for this keyID. Check that you pasted the whole applicationKey.');
    expect(e.fields).toEqual({ applicationKey: 'B2 did not accept this applicationKey for this keyID.' });
    expect(await f.service.context.store.secrets(ACCOUNT_ID)).toEqual({});
  });
});

describe('the list\'s version in each window (gen)', () => {
  it('stays while the list stays, and changes with a key deleted, so a popup does not lay new rows among old ones', async () => {
    const b2 = fakeB2();
    const f = await fixture({ fetch: b2.fetch });
    await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
    b2.keys = [keyJson('k1', { keyName: 'a' }), keyJson('k2', { keyName: 'b' })];
    await f.call('refreshKeys', {});
    const first = (await f.call('listKeys', { offset: 0, limit: 1 })).gen;
    expect(first).toEqual(expect.any(Number));
    expect((await f.call('listKeys', { offset: 1, limit: 1 })).gen).toBe(first);
    await f.call('deleteKey', { applicationKeyId: 'k1', keyName: 'a' });
    expect((await f.call('listKeys', { offset: 0, limit: 1 })).gen).not.toBe(first);
  });
});
