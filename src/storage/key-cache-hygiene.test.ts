/** Issue 13: the hygiene summary in the cache meta stays what a full count of the rows says, through edits. */
import { describe, expect, it } from 'vitest';
import { summarizeHygiene } from '../common/hygiene';
import { MemoryArea } from './area';
import { KeyCache } from './key-cache';
import type { CachedKey } from './schema';
import { LocalStore } from './store';

const ACC = 'acc1';
const key = (id: string, extra: Partial<CachedKey> = {}): CachedKey => ({
  accountId: ACC,
  applicationKeyId: id,
  keyName: `name-${id}`,
  capabilities: ['readFiles'],
  bucketIds: ['b1'],
  namePrefix: null,
  expirationTimestamp: 1000,
  options: [],
  ...extra,
});

describe('hygiene summary in the key cache meta', () => {
  it('matches a full count after a refresh, an upsert that changes a key, and a remove', async () => {
    const store = new LocalStore(new MemoryArea());
    const cache = new KeyCache(store);
    const keys = Array.from({ length: 300 }, (_, i) =>
      key(`k${String(i).padStart(4, '0')}`, {
        expirationTimestamp: i % 3 === 0 ? null : 1000,
        bucketIds: i % 5 === 0 ? null : ['b1'],
        capabilities: i % 5 === 0 ? ['writeFiles'] : i % 7 === 0 ? ['writeKeys'] : ['readFiles'],
      }),
    );
    await store.write((tx) => cache.replaceAll(tx, ACC, keys, { fetchedAt: 1, lastError: null, buckets: [] }));
    const full = async () => summarizeHygiene(await cache.all(ACC)).n;
    expect((await cache.meta(ACC)).hyg!.n).toEqual(await full());
    // An existing clean key becomes an unrestricted, never-expiring admin key.
    await store.write((tx) => cache.upsert(tx, ACC, key('k0001', { capabilities: ['writeKeys', 'deleteFiles'], bucketIds: null, expirationTimestamp: null })));
    await store.write((tx) => cache.upsert(tx, ACC, key('new1', { expirationTimestamp: null })));
    await store.write((tx) => cache.remove(tx, ACC, 'k0000', 'name-k0000'));
    const meta = await cache.meta(ACC);
    expect(meta.hyg!.n).toEqual(await full());
    // Every sampled key is of its kind; the removed one is gone from every sample.
    const rows = new Map((await cache.all(ACC)).map((r) => [r[0], r]));
    for (const [kind, sample] of Object.entries(meta.hyg!.s)) {
      expect(sample.length).toBeLessThanOrEqual(Math.min(20, meta.hyg!.n[kind as 'keyAdmin']));
      for (const [id] of sample) expect(summarizeHygiene([rows.get(id)!]).n[kind as 'keyAdmin']).toBe(1);
    }
    expect(Object.values(meta.hyg!.s).flat().map(([id]) => id)).not.toContain('k0000');
  });
});
