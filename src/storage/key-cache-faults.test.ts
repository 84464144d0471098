/** Faults of the key cache that its main tests (key-cache.test.ts) pass by: each test here fails if one check is lost. */
import { describe, expect, it } from 'vitest';
import { MemoryArea } from './area';
import { KeyCache, keysIndexKey, keysMetaKey, keysShardKey, type KeysMeta } from './key-cache';
import { LocalStore } from './store';
import { SHARD_MAX, SHARD_TARGET } from './key-shards';
import { ACC, isShardItem, key, reopened, setup } from './test-support';

const many = (n: number) => Array.from({ length: n }, (_, i) => key(`k-${String(i).padStart(6, '0')}`, `id${String(i).padStart(6, '0')}`));

/** Counts the shard items read from the area (single reads and batched ones). */
function countShardReads(area: MemoryArea): () => number {
  let n = 0;
  const get = area.get.bind(area);
  area.get = async (keys) => {
    for (const k of keys == null ? [] : Array.isArray(keys) ? keys : [keys]) if (isShardItem(k)) n++;
    return get(keys);
  };
  return () => n;
}

describe('KeyCache faults', () => {
  it('a stored row with any one field of the wrong type is skipped; the good rows are kept', async () => {
    const { area, cache } = await setup(many(1));
    const meta = await cache.meta(ACC);
    const good = ['id-good', 'good', ['readFiles'], ['b1'], 'p/', 5, ['s3']];
    const bad = [
      [7, 'n', [], null, null, null, []],
      ['i', 7, [], null, null, null, []],
      ['i', 'n', 'readFiles', null, null, null, []],
      ['i', 'n', [7], null, null, null, []],
      ['i', 'n', [], 'b1', null, null, []],
      ['i', 'n', [], [7], null, null, []],
      ['i', 'n', [], null, 7, null, []],
      ['i', 'n', [], null, null, '5', []],
      ['i', 'n', [], null, null, null, 's3'],
      ['i', 'n', [], null, null, null, [7]],
      ['i', 'n', [], null, null, null],
      ['i', 'n', [], null, null, null, [], 'extra'],
      { 0: 'i', 1: 'n', 2: [], 3: null, 4: null, 5: null, 6: [], length: 7 },
    ];
    await area.set({ [keysShardKey(ACC, meta.shards[0]!.id)]: [...bad, good] });
    expect(await cache.window(ACC, 0, 20)).toEqual([good]);
  });

  it('named finds every key of exactly that name, across a shard boundary, and no other case of it; it reads at most two shards', async () => {
    // The first key left out so that the capitalised name and A0 end the first shard.
    const keys = many(SHARD_TARGET * 5).slice(1);
    const name = `k-${String(SHARD_TARGET - 1).padStart(6, '0')}`;
    // Keys of one name straddling the first shard boundary (keyIDs that sort before letters), and the name in capitals.
    for (let i = 0; i < 5; i++) keys.push(key(name, `A${i}`));
    keys.push(key(name.toUpperCase(), 'upper'));
    const { area, cache } = await setup(keys);
    const refs = (await cache.meta(ACC)).shards;
    expect(refs[1]!.first).toEqual({ n: name, name, id: 'A1' });
    const reads = countShardReads(area);
    const found = await cache.named(ACC, name);
    expect(found.map((k) => k.applicationKeyId).sort()).toEqual(['A0', 'A1', 'A2', 'A3', 'A4', `id${String(SHARD_TARGET - 1).padStart(6, '0')}`]);
    expect(found.every((k) => k.accountId === ACC && k.keyName === name)).toBe(true);
    expect(reads()).toBeLessThanOrEqual(2);
    expect((await cache.named(ACC, name.toUpperCase())).map((k) => k.applicationKeyId)).toEqual(['upper']);
    expect(await cache.named(ACC, 'no-such-name')).toEqual([]);
    expect(await cache.named('empty-account', 'x')).toEqual([]);
  });

  it('find, upsert and remove with the right name read only that key\'s shard, wherever the key sits in it', async () => {
    const keys = many(SHARD_TARGET * 4);
    const { area, store, cache } = await setup(keys);
    const reads = countShardReads(area);
    for (const i of [SHARD_TARGET * 2, SHARD_TARGET * 2 + 7]) {
      const before = reads();
      // A fresh store each time, as a restarted background: a running one keeps a shard it has read (LocalStore).
      const fresh = reopened(area);
      expect((await fresh.find(ACC, keys[i]!.applicationKeyId, keys[i]!.keyName))?.keyName).toBe(keys[i]!.keyName);
      expect(reads() - before).toBe(1);
    }
    const before = reads();
    await store.write((tx) => cache.remove(tx, ACC, keys[5]!.applicationKeyId, keys[5]!.keyName));
    expect(reads() - before).toBe(1);
  });

  it('an upsert that renames a key into another shard moves it: it is listed once and the count holds', async () => {
    const keys = many(SHARD_TARGET * 3);
    const { store, cache } = await setup(keys);
    const gen = (await cache.meta(ACC)).gen;
    await store.write((tx) => cache.upsert(tx, ACC, key('zzz-renamed', keys[3]!.applicationKeyId)));
    const ids = (await cache.all(ACC)).map((r) => r[0]);
    expect(ids.filter((id) => id === keys[3]!.applicationKeyId)).toHaveLength(1);
    expect(ids.at(-1)).toBe(keys[3]!.applicationKeyId);
    expect(await cache.meta(ACC)).toMatchObject({ count: keys.length, gen: gen + 1 });
    await store.write((tx) => cache.remove(tx, ACC, keys[4]!.applicationKeyId));
    expect(await cache.meta(ACC)).toMatchObject({ count: keys.length - 1, gen: gen + 2 });
  });

  it('all returns every row in order when the list has more shards than one read takes', async () => {
    const keys = many(SHARD_TARGET * 11 + 3);
    const { cache } = await setup(keys);
    expect((await cache.meta(ACC)).shards).toHaveLength(12);
    expect((await cache.all(ACC)).map((r) => r[0])).toEqual(keys.map((k) => k.applicationKeyId));
    expect(await cache.all('empty-account')).toEqual([]);
  });

  it('window of no rows is empty; a window starting inside the last shard stops at the end', async () => {
    const keys = many(SHARD_TARGET + 10);
    const { cache } = await setup(keys);
    expect(await cache.window(ACC, 3, 0)).toEqual([]);
    expect((await cache.window(ACC, SHARD_TARGET + 8, 10)).map((r) => r[0])).toEqual(keys.slice(-2).map((k) => k.applicationKeyId));
  });

  it('setFields changes the given fields, bumps the generation and keeps the rows', async () => {
    const { store, cache } = await setup(many(10));
    const before = await cache.meta(ACC);
    await store.write((tx) => cache.setFields(tx, ACC, { lastError: 'B2 said no' }));
    const after = await cache.meta(ACC);
    expect(after).toEqual({ ...before, lastError: 'B2 said no', gen: before.gen + 1 });
    expect(await cache.all(ACC)).toHaveLength(10);
  });

  it('setSoonest and setHygiene store a summary of the current generation without bumping it; an old generation or an empty list stores nothing', async () => {
    const { store, cache } = await setup(many(3));
    const { gen, hyg } = await cache.meta(ACC);
    await store.write((tx) => cache.setSoonest(tx, ACC, gen, { ts: [42], complete: true }));
    expect(await cache.meta(ACC)).toMatchObject({ gen, soonest: { ts: [42], complete: true } });
    const other = { n: { neverExpires: 9, allBuckets: 9, keyAdmin: 9 }, s: { neverExpires: [], allBuckets: [], keyAdmin: [] } };
    await store.write((tx) => cache.setHygiene(tx, ACC, gen - 1, other));
    expect((await cache.meta(ACC)).hyg).toEqual(hyg);
    await store.write((tx) => cache.setHygiene(tx, ACC, gen, other));
    expect(await cache.meta(ACC)).toMatchObject({ gen, hyg: other });

    const empty = await setup([]);
    const m = await empty.cache.meta(ACC);
    await empty.store.write((tx) => empty.cache.setSoonest(tx, ACC, m.gen, { ts: [1], complete: true }));
    expect((await empty.cache.meta(ACC)).soonest).toEqual(m.soonest);
  });

  it('an upsert that changes a key\'s expiry replaces its old expiry in the summary; a remove takes it out', async () => {
    const { store, cache } = await setup([key('a', 'ka', { expirationTimestamp: 100 }), key('b', 'kb', { expirationTimestamp: 300 })]);
    await store.write((tx) => cache.upsert(tx, ACC, key('a', 'ka', { expirationTimestamp: 200 })));
    expect((await cache.meta(ACC)).soonest).toEqual({ ts: [200, 300], complete: true });
    await store.write((tx) => cache.remove(tx, ACC, 'kb', 'b'));
    expect(await cache.meta(ACC)).toMatchObject({ count: 1, soonest: { ts: [200], complete: true } });
  });

  it('a remove without the name, in the same write as a refresh, finds the key in what the refresh wrote', async () => {
    const keys = many(20);
    const { store, cache } = await setup(keys);
    await store.write(async (tx) => {
      await cache.replaceAll(tx, ACC, [...keys, key('zz-new', 'new-id')], { fetchedAt: 6, lastError: null, buckets: [] });
      await cache.remove(tx, ACC, 'new-id');
    });
    expect(await cache.meta(ACC)).toMatchObject({ count: 20, fetchedAt: 6 });
    expect(await cache.find(ACC, 'new-id')).toBeUndefined();
    expect((await cache.all(ACC)).map((r) => r[0])).toEqual(keys.map((k) => k.applicationKeyId));
  });

  it('a wrong name hint still finds the key in another shard (find, upsert and remove)', async () => {
    const keys = many(SHARD_TARGET * 3);
    const { store, cache } = await setup(keys);
    const target = keys[SHARD_TARGET * 2 + 5]!;
    expect((await cache.find(ACC, target.applicationKeyId, 'k-000000'))?.keyName).toBe(target.keyName);
    await store.write((tx) => cache.remove(tx, ACC, target.applicationKeyId, 'k-000000'));
    expect(await cache.find(ACC, target.applicationKeyId)).toBeUndefined();
    expect((await cache.meta(ACC)).count).toBe(keys.length - 1);
  });

  it('the meta written by a refresh counts the keys and moves nextShard past every shard it planned', async () => {
    const { area, store, cache } = await setup(many(SHARD_TARGET * 2));
    const first = await cache.meta(ACC);
    expect(first).toMatchObject({ count: SHARD_TARGET * 2, nextShard: 2, fetchedAt: 5 });
    await store.write((tx) => cache.replaceAll(tx, ACC, many(SHARD_TARGET * 2 + 1).slice(1), { fetchedAt: 6, lastError: null, buckets: [] }));
    const second = await cache.meta(ACC);
    expect(second.nextShard).toBe(4);
    expect(second.gen).toBe(first.gen + 1);
    // Every shard the meta names exists, and none other is left behind.
    const stored = [...area.data.keys()].filter((k) => isShardItem(k)).sort();
    expect(stored).toEqual(second.shards.map((s) => keysShardKey(ACC, s.id)).sort());
    expect(area.data.has(keysMetaKey(ACC))).toBe(true);
  });

  it('a meta read while a write lands sees its head and index from the same side of that write, never one of each', async () => {
    const { area, store, cache } = await setup(many(SHARD_TARGET * 20));
    const m0 = await cache.meta(ACC);
    // A create: the head is written (and no longer kept in memory), the index is not (kept, and now the oldest).
    await store.write((tx) => cache.upsert(tx, ACC, key('k-000001x', 'idx1')));
    let during: KeysMeta | undefined;
    let hook: (() => Promise<void>) | undefined = async () => {
      // The popup scrolls while the next write lands: shard reads push the index out of memory, not the head.
      for (let i = 0; i < 15; i++) await cache.window(ACC, i * SHARD_TARGET + 5, 1, m0);
      during = await cache.meta(ACC);
    };
    const set = area.set.bind(area);
    area.set = async (items) => {
      await set(items);
      const h = hook;
      if (h && keysMetaKey(ACC) in items) {
        hook = undefined;
        await h();
      }
    };
    // A write that splits a shard, so the index changes too.
    await store.write(async (tx) => {
      for (let i = 0; i <= SHARD_MAX - SHARD_TARGET; i++) await cache.upsert(tx, ACC, key(`k-000000-${String(i).padStart(4, '0')}`, `split-${i}`));
    });
    const after = await cache.meta(ACC);
    expect(after.shards).toHaveLength(21);
    expect(during).toEqual(after);
  });

  it('an index stored as null is replaced by the next write, even with nothing to list', async () => {
    const { area } = await setup([]);
    await area.set({ [keysIndexKey(ACC)]: null });
    const store = new LocalStore(area);
    const cache = new KeyCache(store);
    expect((await cache.meta(ACC)).fetchedAt).toBeNull();
    await store.write((tx) => cache.replaceAll(tx, ACC, [], { fetchedAt: 8, lastError: null, buckets: [] }));
    expect(area.data.get(keysIndexKey(ACC))).not.toBeNull();
    expect((await reopened(area).meta(ACC)).fetchedAt).toBe(8);
  });
});
