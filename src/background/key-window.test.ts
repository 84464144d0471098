import { describe, expect, it } from 'vitest';
import { LocalStore, MemoryArea, type CachedKey } from '../storage';
import { KeyCache } from '../storage/key-cache';
import { isRefreshDue } from './key-methods';
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
  });
});
