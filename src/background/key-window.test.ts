import { describe, expect, it } from 'vitest';
import { LocalStore, MemoryArea, type CachedKey } from '../storage';
import { KeyCache } from '../storage/key-cache';
import { isRefreshDue } from './key-methods';
import { CLOCK_STEP_SLACK_MS } from '../common/clock';
import { KeyWindows } from './key-window';

const ACC = 'acc';
const key = (name: string, id: string, bucketIds: string[] | null = null): CachedKey => ({
  accountId: ACC,
  applicationKeyId: id,
  keyName: name,
  capabilities: ['readFiles'],
  bucketIds,
  namePrefix: null,
  expirationTimestamp: null,
  options: [],
});

async function setup(keys: CachedKey[]) {
  const area = new MemoryArea();
  const store = new LocalStore(area);
  const cache = new KeyCache(store);
  await store.write((tx) => cache.replaceAll(tx, ACC, keys, { fetchedAt: 1, lastError: null, buckets: [{ bucketId: 'b1', bucketName: 'photos', bucketType: 'allPrivate' }] }));
  return { area, store, cache, windows: new KeyWindows(cache) };
}

const keys = Array.from({ length: 1_500 }, (_, i) => key(`key-${String(i).padStart(4, '0')}`, `id${i}`, i % 100 === 0 ? ['b1'] : null));

describe('KeyWindows', () => {
  it('serves a window without a query from the shards, with the counts', async () => {
    const { windows } = await setup(keys);
    const w = await windows.window(ACC, { offset: 495, limit: 10, query: '' });
    expect(w.rows.map((r) => r.keyName)).toEqual(Array.from({ length: 10 }, (_, i) => `key-${String(495 + i).padStart(4, '0')}`));
    expect([w.total, w.totalAll, w.offset]).toEqual([1_500, 1_500, 495]);
  });

  it('searches the whole list, windows the matches, and counts them', async () => {
    const { windows } = await setup(keys);
    const w = await windows.window(ACC, { offset: 2, limit: 3, query: 'photos' });
    expect(w.total).toBe(15);
    expect(w.rows.map((r) => r.keyName)).toEqual(['key-0200', 'key-0300', 'key-0400']);
    expect((await windows.window(ACC, { offset: 0, limit: 5, query: 'no-such-thing' })).total).toBe(0);
  });

  it('a copy still loading when its account is forgotten is not kept: the account added again with a fresh cache of the same generation searches its own rows', async () => {
    const { windows, store, cache } = await setup([key('old-one', 'o1'), key('old-two', 'o2')]);
    const gen = (await cache.meta(ACC)).gen;
    let release!: () => void;
    let started!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const reading = new Promise<void>((r) => (started = r));
    const all = cache.all.bind(cache);
    cache.all = async (...args) => {
      started();
      const rows = await all(...args);
      await gate;
      return rows;
    };
    const loading = windows.prepare(ACC);
    await reading;
    windows.forget(ACC);
    release();
    await loading;
    cache.all = all;
    // Removed and added again: a fresh cache, whose generation starts where the old one was.
    await store.write((tx) => cache.drop(tx, ACC));
    await store.write((tx) => cache.replaceAll(tx, ACC, [key('new-one', 'n1')], { fetchedAt: 2, lastError: null, buckets: [] }));
    expect((await cache.meta(ACC)).gen).toBe(gen);
    const w = await windows.window(ACC, { offset: 0, limit: 10, query: 'one' });
    expect(w.rows.map((r) => r.keyName)).toEqual(['new-one']);
  });

  it('a change to the cache is seen by the next search (the in-memory copy follows the generation)', async () => {
    const { windows, store, cache } = await setup(keys);
    expect((await windows.window(ACC, { offset: 0, limit: 5, query: 'fresh' })).total).toBe(0);
    await store.write((tx) => cache.upsert(tx, ACC, key('fresh-one', 'new')));
    const w = await windows.window(ACC, { offset: 0, limit: 5, query: 'fresh' });
    expect(w.rows.map((r) => r.applicationKeyId)).toEqual(['new']);
    expect(w.totalAll).toBe(1_501);
  });

  it('loads the list once for many searches', async () => {
    const { windows, area } = await setup(keys);
    let reads = 0;
    const get = area.get.bind(area);
    area.get = async (k) => {
      if (Array.isArray(k)) reads++;
      return get(k);
    };
    for (const q of ['k', 'ke', 'key', 'key-1']) await windows.window(ACC, { offset: 0, limit: 10, query: q });
    expect(reads).toBe(1);
  });
});

describe('isRefreshDue', () => {
  const min = 60_000;
  it('a list never fetched is always due; "only when I click Refresh" is otherwise never due', () => {
    expect(isRefreshDue({ fetchedAt: null, lastError: null }, null, 0)).toBe(true);
    expect(isRefreshDue({ fetchedAt: 0, lastError: 'x' }, null, 99 * min)).toBe(false);
  });
  it('due once older than the setting (default 5 minutes), or after a failed refresh', () => {
    expect(isRefreshDue({ fetchedAt: 0, lastError: null }, undefined, 5 * min - 1)).toBe(false);
    expect(isRefreshDue({ fetchedAt: 0, lastError: null }, undefined, 5 * min)).toBe(true);
    expect(isRefreshDue({ fetchedAt: 0, lastError: null }, 15, 10 * min)).toBe(false);
    expect(isRefreshDue({ fetchedAt: 0, lastError: null }, 0, 0)).toBe(true);
    expect(isRefreshDue({ fetchedAt: 0, lastError: 'B2 said no' }, 15, 1)).toBe(true);
    // Fetched before the clock was set back by an hour: due, not left until the clock catches up.
    expect(isRefreshDue({ fetchedAt: 60 * min, lastError: null }, 5, 10 * min)).toBe(true);
    expect(isRefreshDue({ fetchedAt: 60 * min, lastError: null }, null, 10 * min)).toBe(false);
    // A stamp a few seconds ahead (written a moment ago by another clock reading) is no step.
    expect(isRefreshDue({ fetchedAt: 60 * min, lastError: null }, 5, 60 * min - CLOCK_STEP_SLACK_MS)).toBe(false);
    expect(isRefreshDue({ fetchedAt: 60 * min, lastError: null }, 5, 60 * min - CLOCK_STEP_SLACK_MS - 1)).toBe(true);
  });
});

describe('KeyWindows edges', () => {
  const counting = (area: { get: (k: never) => Promise<Record<string, unknown>> }) => {
    const count = { reads: 0 };
    const get = area.get.bind(area);
    area.get = async (k: never) => {
      if (Array.isArray(k)) count.reads++;
      return get(k);
    };
    return count;
  };

  it('a negative offset starts at the top; a query of spaces is no query', async () => {
    const { windows } = await setup(keys);
    const w = await windows.window(ACC, { offset: -5, limit: 2, query: '   ' });
    expect([w.offset, w.total, w.rows.map((r) => r.keyName)]).toEqual([0, 1_500, ['key-0000', 'key-0001']]);
    const s = await windows.window(ACC, { offset: -5, limit: 2, query: 'photos' });
    expect([s.offset, s.total, s.rows.map((r) => r.keyName)]).toEqual([0, 15, ['key-0000', 'key-0100']]);
  });

  it('a filter reuses its last answer while the facts’ signature is unchanged, and recomputes without one', async () => {
    const few = [key('a', 'x1'), key('b', 'x2'), key('c', 'x3')];
    const { windows } = await setup(few);
    const facts = (saved: string[]) => ({ now: 0, warningMs: 0, saved: new Set(saved), lost: new Set<string>(), managingKeyId: 'm', savedAt: new Map<string, number>() });
    const names = async (saved: string[], factsSig?: string, query = '') =>
      (await windows.window(ACC, { offset: 0, limit: 10, query, filter: 'noSecret', sort: 'name', facts: facts(saved), ...(factsSig !== undefined ? { factsSig } : {}) })).rows.map((r) => r.keyName);
    expect(await names(['x1'], 's1')).toEqual(['b', 'c']);
    expect(await names(['x1', 'x2'], 's1')).toEqual(['b', 'c']);
    expect(await names(['x1', 'x2'], 's2')).toEqual(['c']);
    expect(await names(['x3'])).toEqual(['a', 'b']);
    expect(await names(['x2'])).toEqual(['a', 'c']);
    // A query is part of the answer's signature; the window's counts are of the filtered list.
    expect(await names(['x2'], 's3', 'x2')).toEqual([]);
    expect(await names(['x2'], 's3', 'x3')).toEqual(['c']);
    const w = await windows.window(ACC, { offset: 1, limit: 1, query: '', filter: 'noSecret', sort: 'name', facts: facts([]), factsSig: 's4' });
    expect([w.offset, w.total, w.totalAll, w.rows.map((r) => r.keyName)]).toEqual([1, 3, 3, ['b']]);
  });

  it('the default view with facts is read from the shards, as without them', async () => {
    const { windows, area } = await setup(keys);
    const count = counting(area as never);
    const facts = { now: 0, warningMs: 0, saved: new Set<string>(), lost: new Set<string>(), managingKeyId: 'm', savedAt: new Map<string, number>() };
    const w = await windows.window(ACC, { offset: 3, limit: 2, query: '', filter: 'all', sort: 'name', facts, factsSig: '1' });
    expect(w.rows.map((r) => r.keyName)).toEqual(['key-0003', 'key-0004']);
    // The whole list was not loaded: the next search loads it.
    expect(count.reads).toBe(0);
    await windows.window(ACC, { offset: 0, limit: 1, query: 'x', filter: 'all', sort: 'name' });
    expect(count.reads).toBe(1);
  });

  it('loads once for concurrent searches; prepare and rows share the copy; forget drops it', async () => {
    const { windows, area } = await setup(keys);
    const count = counting(area as never);
    await Promise.all([windows.window(ACC, { offset: 0, limit: 1, query: 'a' }), windows.window(ACC, { offset: 0, limit: 1, query: 'b' }), windows.prepare(ACC)]);
    expect(count.reads).toBe(1);
    expect((await windows.rows(ACC)).length).toBe(1_500);
    expect(count.reads).toBe(1);
    windows.forget(ACC);
    await windows.prepare(ACC);
    expect(count.reads).toBe(2);
    windows.forget('other');
    await windows.rows(ACC);
    expect(count.reads).toBe(2);
    windows.forget();
    expect((await windows.rows(ACC))[0]![1]).toBe('key-0000');
    expect(count.reads).toBe(3);
  });

  it('prepare with the meta it is given loads that generation', async () => {
    const { windows, area, cache } = await setup(keys);
    const count = counting(area as never);
    const meta = await cache.meta(ACC);
    count.reads = 0;
    await windows.prepare(ACC, meta);
    expect(count.reads).toBe(1);
    await windows.window(ACC, { offset: 0, limit: 1, query: 'k' });
    expect(count.reads).toBe(1);
  });
});

describe('KeyWindows: two accounts', () => {
  it('two accounts searched at the same time each get their own list', async () => {
    const store = new LocalStore(new MemoryArea());
    const cache = new KeyCache(store);
    const fields = { fetchedAt: 1, lastError: null, buckets: [] };
    await store.write((tx) => cache.replaceAll(tx, 'a1', [key('alpha-1', 'x1'), key('alpha-2', 'x2')], fields));
    await store.write((tx) => cache.replaceAll(tx, 'a2', [key('beta-1', 'y1')], fields));
    const windows = new KeyWindows(cache);
    const [w1, w2] = await Promise.all([windows.window('a1', { offset: 0, limit: 5, query: '1' }), windows.window('a2', { offset: 0, limit: 5, query: '1' })]);
    expect(w1.rows.map((r) => [r.accountId, r.keyName])).toEqual([['a1', 'alpha-1']]);
    expect(w2.rows.map((r) => [r.accountId, r.keyName])).toEqual([['a2', 'beta-1']]);
    expect((await windows.rows('a2')).map((r) => r[1])).toEqual(['beta-1']);
  });
});
