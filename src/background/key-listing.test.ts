/**
 * Listings from B2 stored as the cache (key-listing.ts), in Node against a fake B2 answered in-process: what a
 * failed refresh records, creates and deletes made while a listing was under way, a listing with a key twice,
 * and the create journal applied in the same write (flags set, kept and dropped; records resolved).
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNT_ID, keyJson } from '../b2/test-support';
import type { CreateRecord } from '../storage';
import { sealSecret } from '../vault';
import type { Context } from './context';
import { DEFAULT_JOURNAL_TIMING as T } from './create-journal';
import { failure, fakeB2, fixture } from './test-support';

async function setup(extra: Parameters<Awaited<ReturnType<typeof fixture>>['addAccount']>[3] = {}) {
  const b2 = fakeB2();
  const f = await fixture({ fetch: b2.fetch });
  await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret', extra);
  const ctx = f.service.context;
  const ids = async () => (await f.call('listKeys', { limit: 500 })).keys.map((k) => k.applicationKeyId);
  return { f, b2, ctx, ids };
}

const record = (over: Partial<CreateRecord>): CreateRecord => ({
  id: 'r1', accountId: ACCOUNT_ID, keyName: 'reader', capabilities: ['readFiles'], bucketIds: null, namePrefix: null, validDurationInSeconds: null,
  startedAt: 0, workerId: 'w', priorKeyIds: [], state: 'uncertain', endedAt: 0, savedKeyId: null, detail: null, resolution: null, ...over,
});

/**
 * Holds the answer of the next b2_list_keys (its reply is taken at once, so it lists B2 as it is now) until
 * `release`: a listing under way while something else happens.
 */
function holdNextListing(b2: ReturnType<typeof fakeB2>, ctx: Context): { release: () => void; isHeld: () => boolean } {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const fetch = b2.fetch;
  let held = false;
  b2.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    if (!held && String(input).endsWith('/b2_list_keys')) {
      held = true;
      const reply = await fetch(input, init);
      await gate;
      return reply;
    }
    return fetch(input, init);
  }) as typeof fetch;
  (ctx.deps as { fetch: typeof fetch }).fetch = b2.fetch;
  ctx.forgetClients();
  return { release, isHeld: () => held };
}

describe('refresh', () => {
  it('asks for buckets only with listBuckets', async () => {
    const { f, b2 } = await setup({ capabilities: ['listKeys', 'writeKeys', 'deleteKeys'] });
    const list = await f.call('refreshKeys', {});
    expect(list.buckets).toEqual([]);
    expect(b2.calls).not.toContain('b2_list_buckets');
  });

  it('a failed refresh keeps the list and records why; a later success clears it', async () => {
    const { f, b2, ids } = await setup();
    b2.keys = [keyJson('k1', { keyName: 'one' })];
    await f.call('refreshKeys', {});
    b2.listFails = true;
    f.clock.now += 1000;
    const e = await failure(f.call('refreshKeys', {}));
    const list = await f.call('listKeys', {});
    expect(list.lastError).toBe(e.message);
    expect(list.lastError).toBeTruthy();
    expect(list.fetchedAt).toBe(f.clock.now - 1000);
    expect(await ids()).toEqual(['k1']);
    b2.listFails = false;
    expect((await f.call('refreshKeys', {})).lastError).toBeNull();
  });

  it('a failure does not overwrite a newer listing’s state; being locked is not recorded as a failure', async () => {
    const { f, b2 } = await setup();
    f.clock.now += 10_000;
    await f.call('refreshKeys', {});
    // A listing that started before the stored one (its clock reads earlier) fails: the newer state stays.
    f.clock.now -= 5_000;
    b2.listFails = true;
    await failure(f.call('refreshKeys', {}));
    expect((await f.call('listKeys', {})).lastError).toBeNull();
    // Started at the same millisecond as the stored listing: recorded.
    f.clock.now += 5_000;
    await failure(f.call('refreshKeys', {}));
    expect((await f.call('listKeys', {})).lastError).not.toBeNull();
  });

  it('locked: nothing recorded', async () => {
    const { f } = await setup();
    await f.service.lock();
    expect((await failure(f.call('refreshKeys', {}))).code).toBe('LOCKED');
    expect((await f.call('listKeys', {})).lastError).toBeNull();
  });

  it('a key listed twice is cached once', async () => {
    const { f, b2, ids } = await setup();
    b2.keys = [keyJson('k1', { keyName: 'one' }), keyJson('k2', { keyName: 'two' }), keyJson('k1', { keyName: 'one' })];
    const list = await f.call('refreshKeys', {});
    expect(list.totalAll).toBe(2);
    expect(await ids()).toEqual(['k1', 'k2']);
  });

  it('a create and a delete made while the listing was under way are kept', async () => {
    const { f, b2, ids } = await setup();
    b2.keys = [keyJson('k-a', { keyName: 'a' }), keyJson('k-b', { keyName: 'b' })];
    await f.call('refreshKeys', {});
    const { release, isHeld } = holdNextListing(b2, f.service.context);
    let done = false;
    const refreshing = f.call('refreshKeys', {}).then(() => (done = true));
    while (!isHeld()) await new Promise((r) => setTimeout(r, 1));
    await f.call('createKey', { keyName: 'c', capabilities: ['readFiles'] });
    await f.call('deleteKey', { applicationKeyId: 'k-a' });
    expect(done).toBe(false);
    release();
    await refreshing;
    expect(await ids()).toEqual(['k-b', 'k-c']);
  });
});

describe('the journal applied to a listing', () => {
  it('flags a key of an open record’s name that is new and unsaved, under its listed name, once', async () => {
    const { f, b2, ctx } = await setup();
    await ctx.store.write(async (tx) => tx.putCreateRecord(record({ startedAt: f.clock.now - T.uncertainSettleMs, endedAt: f.clock.now - T.uncertainSettleMs })));
    b2.keys = [keyJson('k-lost', { keyName: 'reader' }), keyJson('k-other', { keyName: 'other' })];
    await f.call('refreshKeys', {});
    expect(await ctx.store.lostKeys(ACCOUNT_ID)).toEqual({ 'k-lost': { keyName: 'reader', flaggedAt: f.clock.now, recordId: 'r1' } });
    const [resolved] = Object.values((await ctx.store.journal()).valid);
    expect(resolved).toMatchObject({ resolution: { at: f.clock.now, lostKeyIds: ['k-lost'], created: true } });
    // A second record finding the same key does not flag it again.
    const flaggedAt = f.clock.now;
    f.clock.now += 1000;
    await ctx.store.write(async (tx) => tx.putCreateRecord(record({ id: 'r2', startedAt: 0, endedAt: 0 })));
    await f.call('refreshKeys', {});
    expect(await ctx.store.lostKeys(ACCOUNT_ID)).toEqual({ 'k-lost': { keyName: 'reader', flaggedAt, recordId: 'r1' } });
    // Deleted elsewhere: B2 no longer lists it, the flag goes.
    b2.keys = [keyJson('k-other', { keyName: 'other' })];
    await f.call('refreshKeys', {});
    expect(await ctx.store.lostKeys(ACCOUNT_ID)).toEqual({});
  });

  it('a create that worked and left nothing else is dropped once checked; one that found a lost key is kept', async () => {
    const { f, b2, ctx } = await setup();
    await f.call('createKey', { keyName: 'reader', capabilities: ['readFiles'] });
    f.clock.now += T.savedSettleMs;
    b2.keys = [keyJson('k-reader', { keyName: 'reader' })];
    await f.call('refreshKeys', {});
    expect((await ctx.store.journal()).valid).toEqual({});
    await f.call('createKey', { keyName: 'twice', capabilities: ['readFiles'] });
    f.clock.now += T.savedSettleMs;
    b2.keys.push(keyJson('k-twice', { keyName: 'twice' }), keyJson('k-twice-2', { keyName: 'twice' }));
    await f.call('refreshKeys', {});
    expect(Object.values((await ctx.store.journal()).valid)).toMatchObject([{ keyName: 'twice', resolution: { lostKeyIds: ['k-twice-2'], created: true } }]);
  });

  it('a create check that lists the keys from a keyID on makes one call, and drops only flags from there on that B2 no longer lists', async () => {
    const { f, b2, ctx } = await setup();
    b2.keys = [keyJson('k-b', { keyName: 'reader' }), keyJson('k-m', { keyName: 'm' })];
    await f.call('refreshKeys', {});
    const then = f.clock.now - T.savedSettleMs;
    const sealed = await sealSecret(await ctx.dataKey(), { accountId: ACCOUNT_ID, applicationKeyId: 'k-z' }, 'S-z');
    await ctx.store.write(async (tx) => {
      // k-b is older than the tail's start (still in B2, not listed by the tail); k-p is after it, deleted since.
      tx.flagLost(ACCOUNT_ID, 'k-b', { keyName: 'reader', flaggedAt: then - 1, recordId: 'r0' });
      tx.flagLost(ACCOUNT_ID, 'k-p', { keyName: 'reader', flaggedAt: then - 1, recordId: 'r0' });
      tx.putCreateRecord(record({ state: 'saved', startedAt: then, endedAt: then, savedKeyId: 'k-z', tailFrom: 'k-m' }));
      tx.putSecret(ACCOUNT_ID, 'k-z', { sealed, keyName: 'reader', savedAt: then });
    });
    b2.keys.push(keyJson('k-z', { keyName: 'reader' }));
    b2.calls.length = 0;
    await f.service.checkCreates();
    expect(b2.calls.filter((c) => c === 'b2_list_keys')).toHaveLength(1);
    expect(Object.keys(await ctx.store.lostKeys(ACCOUNT_ID))).toEqual(['k-b']);
  });

  it('a tail that lacks the key of any one of the checked creates is not trusted: every key is listed', async () => {
    const { f, b2, ctx } = await setup();
    b2.keys = [keyJson('k-b', { keyName: 'reader' }), keyJson('k-m', { keyName: 'm' })];
    await f.call('refreshKeys', {});
    const then = f.clock.now - T.savedSettleMs;
    await ctx.store.write(async (tx) => {
      tx.putCreateRecord(record({ id: 'r1', state: 'saved', startedAt: then, endedAt: then, savedKeyId: 'k-z', tailFrom: 'k-m' }));
      // Its key sorts before the tail's start: B2 did not number it after the keys it had.
      tx.putCreateRecord(record({ id: 'r2', keyName: 'other', state: 'saved', startedAt: then, endedAt: then, savedKeyId: 'k-a', tailFrom: 'k-m' }));
    });
    b2.keys.push(keyJson('k-z', { keyName: 'reader' }), keyJson('k-a', { keyName: 'other' }));
    b2.calls.length = 0;
    await f.service.checkCreates();
    expect(b2.calls.filter((c) => c === 'b2_list_keys')).toHaveLength(2);
  });

  it('a create check adds the checked names’ keys the cache lacks, and no others', async () => {
    const { f, b2, ctx, ids } = await setup();
    b2.keys = [keyJson('k-a', { keyName: 'a' })];
    await f.call('refreshKeys', {});
    await ctx.store.write(async (tx) => {
      tx.putCreateRecord(record({ startedAt: f.clock.now - T.uncertainSettleMs, endedAt: f.clock.now - T.uncertainSettleMs }));
      tx.putCreateRecord(record({ id: 'r-done', keyName: 'done', resolution: { at: f.clock.now, lostKeyIds: ['k-x'], created: true } }));
    });
    b2.keys = [keyJson('k-a', { keyName: 'a' }), keyJson('k-new-reader', { keyName: 'reader' }), keyJson('k-elsewhere', { keyName: 'elsewhere' }), keyJson('k-done', { keyName: 'done' })];
    await f.service.checkCreates();
    expect(await ids()).toEqual(['k-a', 'k-new-reader']);
    expect(Object.keys(await ctx.store.lostKeys(ACCOUNT_ID))).toEqual(['k-new-reader']);
    expect(b2.calls.filter((c) => c === 'b2_list_keys')).toHaveLength(2);
  });

  it('a refresh whose listing began before a create check neither drops the key the check added nor its flag', async () => {
    const { f, b2, ctx, ids } = await setup();
    b2.keys = [keyJson('k-a', { keyName: 'a' }), keyJson('k-gone', { keyName: 'reader' })];
    await f.call('refreshKeys', {});
    // The refresh's listing is taken now (before the lost key exists in B2) and held.
    const { release, isHeld } = holdNextListing(b2, ctx);
    const refreshing = f.call('refreshKeys', {});
    while (!isHeld()) await new Promise((r) => setTimeout(r, 1));
    // Meanwhile a create's answer was lost and B2 made the key; the create check lists (not held) and flags it,
    // in the same millisecond the refresh's listing began (a flag from then on is not that listing's to drop).
    b2.keys.push(keyJson('k-lost', { keyName: 'reader' }));
    await ctx.store.write(async (tx) => tx.putCreateRecord(record({ priorKeyIds: ['k-gone'], startedAt: f.clock.now - T.uncertainSettleMs, endedAt: f.clock.now - T.uncertainSettleMs })));
    await f.service.checkCreates();
    expect(Object.keys(await ctx.store.lostKeys(ACCOUNT_ID))).toEqual(['k-lost']);
    release();
    await refreshing;
    expect(await ids()).toEqual(['k-a', 'k-gone', 'k-lost']);
    expect(Object.keys(await ctx.store.lostKeys(ACCOUNT_ID))).toEqual(['k-lost']);
  });

  it('a create check whose listing began before a delete does not bring the deleted key back', async () => {
    const { f, b2, ctx, ids } = await setup();
    b2.keys = [keyJson('k-a', { keyName: 'a' })];
    await f.call('refreshKeys', {});
    f.clock.now += 1000;
    b2.keys.push(keyJson('k-new', { keyName: 'reader' }));
    await ctx.store.write(async (tx) => tx.putCreateRecord(record({ startedAt: f.clock.now - T.uncertainSettleMs, endedAt: f.clock.now - T.uncertainSettleMs })));
    const { release, isHeld } = holdNextListing(b2, ctx);
    const checking = f.service.checkCreates();
    while (!isHeld()) await new Promise((r) => setTimeout(r, 1));
    // Deleted in the extension while the check's listing (which still has it) is on its way.
    await ctx.store.write(async (tx) => ctx.keyCache.upsert(tx, ACCOUNT_ID, { accountId: ACCOUNT_ID, applicationKeyId: 'k-new', keyName: 'reader', capabilities: ['readFiles'], bucketIds: null, namePrefix: null, expirationTimestamp: null, options: [] }));
    await f.call('deleteKey', { applicationKeyId: 'k-new' });
    release();
    await checking;
    expect(await ids()).toEqual(['k-a']);
  });

  it('a create check that cannot list keeps the records open', async () => {
    const { f, b2, ctx } = await setup();
    await ctx.store.write(async (tx) => tx.putCreateRecord(record({})));
    b2.listFails = true;
    await f.service.checkCreates();
    expect(Object.values((await ctx.store.journal()).valid)).toMatchObject([{ id: 'r1', resolution: null }]);
  });
});
