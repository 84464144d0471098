/** Shared set-up of the key-cache tests (not mutated: see scripts/mutate.ts). */
import { MemoryArea } from './area';
import { KeyCache } from './key-cache';
import type { CachedKey } from './schema';
import { LocalStore } from './store';

export const ACC = 'acc1';

export const key = (name: string, id: string, extra: Partial<CachedKey> = {}): CachedKey => ({
  accountId: ACC,
  applicationKeyId: id,
  keyName: name,
  capabilities: ['readFiles'],
  bucketIds: null,
  namePrefix: null,
  expirationTimestamp: null,
  options: ['s3'],
  ...extra,
});

/** A store over a fresh memory area whose key cache holds `keys` for ACC. */
export async function setup(keys: CachedKey[]) {
  const area = new MemoryArea();
  const store = new LocalStore(area);
  const cache = new KeyCache(store);
  await store.write((tx) => cache.replaceAll(tx, ACC, keys, { fetchedAt: 5, lastError: null, buckets: [] }));
  return { area, store, cache };
}

/**
 * The cache as a background started after `area` was edited behind its store's back (damage, an older format) sees
 * it: a running store keeps key-cache items it has read (LocalStore's kept items), as only it writes them.
 */
export function reopened(area: MemoryArea): KeyCache {
  return new KeyCache(new LocalStore(area));
}

/** Whether a storage item is one of ACC's shards (`keys:acc1:<n>`), not its meta's head or index. */
export const isShardItem = (k: string): boolean => /^keys:acc1:\d+$/.test(k);
