import { describe, expect, it } from 'vitest';
import { MemoryArea } from './area';
import { keysIndexKey, keysMetaKey, keysShardKey, legacyCacheKey } from './key-cache';
import { SHARD_MAX, SHARD_TARGET } from './key-shards';
import { migrate } from './migrations';
import { ACC, isShardItem, key, reopened, setup } from './test-support';

const many = (n: number) => Array.from({ length: n }, (_, i) => key(`k-${String((i * 7919) % n).padStart(6, '0')}`, `id${String(i).padStart(6, '0')}`));
const bytes = (v: unknown) => JSON.stringify(v).length;

/** What one write sets, in bytes (storage.set payloads), by wrapping the area. */
function measureWrites(area: MemoryArea): { bytes: () => number } {
  let total = 0;
  const set = area.set.bind(area);
  area.set = async (items) => {
    total += Object.values(items).reduce<number>((n, v) => n + bytes(v), 0);
    return set(items);
  };
  return { bytes: () => total };
}

describe('KeyCache', () => {
  it('lists every key in name order through windows of any size', async () => {
    const keys = many(SHARD_TARGET * 3 + 11);
    const { cache } = await setup(keys);
    const sorted = [...keys].sort((a, b) => (a.keyName < b.keyName ? -1 : 1)).map((k) => k.applicationKeyId);
    expect((await cache.all(ACC)).map((r) => r[0])).toEqual(sorted);
    expect((await cache.window(ACC, 0, 10)).map((r) => r[0])).toEqual(sorted.slice(0, 10));
    // Across a shard boundary, and past the end.
    expect((await cache.window(ACC, SHARD_TARGET - 3, 7)).map((r) => r[0])).toEqual(sorted.slice(SHARD_TARGET - 3, SHARD_TARGET + 4));
    expect((await cache.window(ACC, keys.length - 2, 50)).map((r) => r[0])).toEqual(sorted.slice(-2));
    expect(await cache.window(ACC, keys.length + 5, 10)).toEqual([]);
    expect((await cache.meta(ACC)).count).toBe(keys.length);
  });

  it('remembers the highest keyID of the list as last replaced whole; creates and deletes do not move it, the next replacement does', async () => {
    const { area, store, cache } = await setup([key('b', 'id5'), key('a', 'id9'), key('c', 'id1')]);
    expect((await cache.meta(ACC)).last).toBe('id9');
    await store.write((tx) => cache.upsert(tx, ACC, key('z', 'idz')));
    await store.write((tx) => cache.remove(tx, ACC, 'id9'));
    expect((await reopened(area).meta(ACC)).last).toBe('id9');
    await store.write((tx) => cache.replaceAll(tx, ACC, [key('z', 'idz'), key('b', 'id5')], { fetchedAt: 6, lastError: null, buckets: [] }));
    expect((await reopened(area).meta(ACC)).last).toBe('idz');
    await store.write((tx) => cache.replaceAll(tx, ACC, [], { fetchedAt: 7, lastError: null, buckets: [] }));
    expect((await reopened(area).meta(ACC)).last).toBeUndefined();
  });

  it('a create, a delete and a re-listing of one key write the same bytes at 1,000 and at 20,000 keys', async () => {
    const perSize: number[] = [];
    for (const n of [1_000, 20_000]) {
      const { area, store, cache } = await setup(many(n));
      const w = measureWrites(area);
      await store.write((tx) => cache.upsert(tx, ACC, key('k-000500-new', 'new-id')));
      await store.write((tx) => cache.remove(tx, ACC, 'new-id', 'k-000500-new'));
      perSize.push(w.bytes());
      expect((await cache.meta(ACC)).count).toBe(n);
    }
    // Bounded by a shard (and a meta that grows by one small entry per shard), never by the whole list.
    expect(perSize[1]!).toBeLessThan(perSize[0]! * 1.5);
    expect(perSize[1]!).toBeLessThan(2 * (SHARD_MAX * 80 + 20_000));
  });

  it('upsert replaces a listed key (no duplicate) and moves it when its name changes; remove of an unknown key writes nothing', async () => {
    const { area, store, cache } = await setup(many(50));
    const first = (await cache.window(ACC, 0, 1))[0]!;
    await store.write((tx) => cache.upsert(tx, ACC, key(first[1], first[0], { capabilities: ['listFiles'] })));
    expect((await cache.meta(ACC)).count).toBe(50);
    expect((await cache.find(ACC, first[0]))?.capabilities).toEqual(['listFiles']);
    await store.write((tx) => cache.upsert(tx, ACC, key('zzz-last', first[0])));
    expect((await cache.window(ACC, 49, 1))[0]![0]).toBe(first[0]);
    expect((await cache.meta(ACC)).count).toBe(50);
    const w = measureWrites(area);
    await store.write((tx) => cache.remove(tx, ACC, 'not-there'));
    expect(w.bytes()).toBe(0);
  });

  it('several changes in one write each see the ones before them', async () => {
    const { store, cache } = await setup(many(20));
    await store.write(async (tx) => {
      await cache.upsert(tx, ACC, key('aaa-first', 'n1'));
      await cache.upsert(tx, ACC, key('zzz-last', 'n2'));
      await cache.remove(tx, ACC, 'n1', 'aaa-first');
      await cache.upsert(tx, ACC, key('mmm-middle', 'n3'));
    });
    expect((await cache.meta(ACC)).count).toBe(22);
    const ids = (await cache.all(ACC)).map((r) => r[0]);
    expect(ids).toContain('n2');
    expect(ids).toContain('n3');
    expect(ids).not.toContain('n1');
  });

  it('find uses the name to go to one shard, and still finds a key without it', async () => {
    const { cache } = await setup(many(SHARD_TARGET * 2));
    const [id, name] = (await cache.window(ACC, SHARD_TARGET + 3, 1))[0]!;
    expect((await cache.find(ACC, id, name))?.keyName).toBe(name);
    expect((await cache.find(ACC, id))?.keyName).toBe(name);
    expect(await cache.find(ACC, 'nope')).toBeUndefined();
  });

  it('a damaged shard reads as empty rows and a damaged meta as an empty list, never a throw', async () => {
    const { area, cache } = await setup(many(10));
    const meta = await cache.meta(ACC);
    await area.set({ [keysShardKey(ACC, meta.shards[0]!.id)]: [['only-an-id'], 'junk'] });
    expect(await reopened(area).window(ACC, 0, 10)).toEqual([]);
    await area.set({ [keysMetaKey(ACC)]: { v: 2 } });
    expect((await reopened(area).meta(ACC)).count).toBe(0);
  });

  it('a shard is stored as text with each distinct capability and option list once and the keyIDs\' shared prefix once; the forms written before read the same; damage reads as empty', async () => {
    const keys = [...many(6), key('z-writer', 'idw', { capabilities: ['writeFiles', 'readFiles'], options: [] })];
    const { area, cache } = await setup(keys);
    const meta = await cache.meta(ACC);
    const id = keysShardKey(ACC, meta.shards[0]!.id);
    const stored = (await area.get(id))[id];
    expect(typeof stored).toBe('string');
    const parsed = JSON.parse(stored as string) as { v: number; p: string; c: string[][]; o: string[][]; r: unknown[][] };
    expect(parsed.v).toBe(2);
    expect(parsed.c).toEqual([['readFiles'], ['writeFiles', 'readFiles']]);
    expect(parsed.o).toEqual([['s3'], []]);
    // The keyID without the shared prefix, then name, list indexes; no bucket, prefix or expiry: no trailing nulls.
    expect(parsed.p).toBe('id');
    expect(parsed.r.at(-1)).toEqual(['w', 'z-writer', 1, 1]);
    const rows = await cache.window(ACC, 0, 10);
    expect(rows).toHaveLength(keys.length);
    for (const r of rows) {
      const k = keys.find((x) => x.applicationKeyId === r[0])!;
      expect([r[1], r[2], r[6]]).toEqual([k.keyName, k.capabilities, k.options]);
    }
    // The formats before: rows as arrays, and text of whole rows without `v` and `p`.
    await area.set({ [id]: rows });
    expect(await reopened(area).window(ACC, 0, 10)).toEqual(rows);
    await area.set({ [id]: JSON.stringify({ c: parsed.c, o: parsed.o, r: rows.map((r) => [r[0], r[1], parsed.c.findIndex((c) => c.join() === r[2].join()), r[3], r[4], r[5], parsed.o.findIndex((o) => o.join() === r[6].join())]) }) });
    expect(await reopened(area).window(ACC, 0, 10)).toEqual(rows);
    // A row pointing past the lists is skipped, the others kept; text that is not a shard gives none.
    await area.set({ [id]: JSON.stringify({ c: [['readFiles']], o: [['s3']], r: [['a', 'n-a', 0, null, null, null, 0], ['b', 'n-b', 5, null, null, null, 0]] }) });
    expect((await reopened(area).window(ACC, 0, 10)).map((r) => r[0])).toEqual(['a']);
    for (const junk of ['[["half', '[]', '{"c":[],"o":[]}', '7']) {
      await area.set({ [id]: junk });
      expect(await reopened(area).window(ACC, 0, 10)).toEqual([]);
    }
  });

  it('the meta is stored as a head (counts) and an index (refs as tuples, the first keyIDs\' shared prefix once); the single items written before read the same', async () => {
    const { area, cache } = await setup(many(SHARD_TARGET * 2 + 3));
    const meta = await cache.meta(ACC);
    const head = (await area.get(keysMetaKey(ACC)))[keysMetaKey(ACC)] as Record<string, unknown>;
    const index = (await area.get(keysIndexKey(ACC)))[keysIndexKey(ACC)] as { kp: string; r: unknown[]; b: unknown[] };
    expect(head['c']).toEqual([SHARD_TARGET, SHARD_TARGET, 3]);
    expect(head).not.toHaveProperty('shards');
    expect(head).not.toHaveProperty('buckets');
    expect(index.r).toHaveLength(3);
    expect(index.kp.length).toBeGreaterThanOrEqual(2);
    expect(meta.shards.every((r) => r.first.id.startsWith(index.kp))).toBe(true);
    expect(index.r[1]).toEqual([meta.shards[1]!.id, meta.shards[1]!.first.name, meta.shards[1]!.first.id.slice(index.kp.length), meta.shards[1]!.h]);
    expect(meta.shards[1]!.first.n).toBe(meta.shards[1]!.first.name.toLowerCase());
    const rows = await cache.window(ACC, SHARD_TARGET - 2, 5);
    // Written before: one item with refs as tuples (with and without `kp`) or as objects, and no index item.
    const { c: _c, d: _d, ...fields } = head;
    const single = { ...fields, buckets: index.b };
    await area.remove(keysIndexKey(ACC));
    for (const shards of [
      { kp: index.kp, shards: meta.shards.map((r) => [r.id, r.count, r.first.name, r.first.id.slice(index.kp.length), r.h]) },
      { shards: meta.shards.map((r) => [r.id, r.count, r.first.name, r.first.id, r.h]) },
      { shards: meta.shards },
    ]) {
      await area.set({ [keysMetaKey(ACC)]: { ...single, ...shards } });
      expect(await reopened(area).meta(ACC)).toEqual(meta);
      expect(await reopened(area).window(ACC, SHARD_TARGET - 2, 5)).toEqual(rows);
    }
    // A tuple of the wrong shape makes the meta unreadable: an empty list until the next refresh, never a throw.
    await area.set({ [keysMetaKey(ACC)]: { ...single, shards: [[1, 'x', 'n', 'id']] } });
    expect((await reopened(area).meta(ACC)).count).toBe(0);
  });

  it('a head and an index that disagree, or an unreadable index, read as an empty list, never a throw; the next refresh writes both anew', async () => {
    const { area, store, cache } = await setup(many(SHARD_TARGET * 2));
    const meta = await cache.meta(ACC);
    const index = (await area.get(keysIndexKey(ACC)))[keysIndexKey(ACC)] as { r: unknown[] };
    await area.set({ [keysIndexKey(ACC)]: { ...index, r: index.r.slice(1) } });
    expect((await reopened(area).meta(ACC)).shards).toEqual([]);
    await area.remove(keysIndexKey(ACC));
    expect((await reopened(area).meta(ACC)).count).toBe(0);
    await area.set({ [keysIndexKey(ACC)]: { r: 'junk' } });
    const fresh = reopened(area);
    expect((await fresh.meta(ACC)).count).toBe(0);
    await store.write((tx) => fresh.replaceAll(tx, ACC, many(SHARD_TARGET * 2), { fetchedAt: 7, lastError: null, buckets: [] }));
    const again = await reopened(area).meta(ACC);
    expect(again.count).toBe(meta.count);
    expect(await reopened(area).window(ACC, 0, 3)).toEqual(await cache.window(ACC, 0, 3));
  });

  it('a create or delete inside a shard writes that shard and the head, not the index; its hash is listed as stale, so the next refresh rewrites the shard', async () => {
    const keys = many(SHARD_TARGET * 4);
    const { area, store, cache } = await setup(keys);
    const indexBefore = (await area.get(keysIndexKey(ACC)))[keysIndexKey(ACC)];
    const written: string[] = [];
    const set = area.set.bind(area);
    area.set = async (items) => {
      written.push(...Object.keys(items));
      return set(items);
    };
    await store.write((tx) => cache.upsert(tx, ACC, key('k-000500-new', 'new-id')));
    await store.write((tx) => cache.remove(tx, ACC, keys[7]!.applicationKeyId, keys[7]!.keyName));
    expect(written).not.toContain(keysIndexKey(ACC));
    expect(written.filter(isShardItem).length).toBe(2);
    expect((await area.get(keysIndexKey(ACC)))[keysIndexKey(ACC)]).toEqual(indexBefore);
    const meta = await reopened(area).meta(ACC);
    const head = (await area.get(keysMetaKey(ACC)))[keysMetaKey(ACC)] as { d: number[] };
    const edited = meta.shards.filter((s) => s.h === undefined).map((s) => s.id);
    expect(edited.length).toBeGreaterThanOrEqual(1);
    expect([...head.d].sort()).toEqual([...edited].sort());
    expect(meta.count).toBe(keys.length);
    // The index read back with its keys in another order (Chromium sorts them) is the same index: not written.
    await area.set({ [keysIndexKey(ACC)]: Object.fromEntries(Object.entries(indexBefore as object).reverse()) });
    written.length = 0;
    const fresh = reopened(area);
    await store.write((tx) => fresh.upsert(tx, ACC, key('k-000900-new', 'new-id-2')));
    expect(written).not.toContain(keysIndexKey(ACC));
    // A refresh listing what B2 has (the deleted key again) does not trust the stale hashes.
    await store.write((tx) => reopened(area).replaceAll(tx, ACC, keys, { fetchedAt: 11, lastError: null, buckets: [] }));
    const after = reopened(area);
    expect((await after.meta(ACC)).count).toBe(keys.length);
    expect(await after.find(ACC, keys[7]!.applicationKeyId)).toBeDefined();
    expect(await after.find(ACC, 'new-id')).toBeUndefined();
    expect((await area.get(keysMetaKey(ACC)))[keysMetaKey(ACC)]).not.toHaveProperty('d');
  });

  it('the index is written when the buckets change, or a shard splits, and not when the buckets stay', async () => {
    const { area, store, cache } = await setup(many(SHARD_TARGET * 2));
    const written: string[] = [];
    const set = area.set.bind(area);
    area.set = async (items) => {
      written.push(...Object.keys(items));
      return set(items);
    };
    const buckets = [{ bucketId: 'b1', bucketName: 'one', bucketType: 'allPrivate' }];
    await store.write((tx) => cache.setFields(tx, ACC, { buckets }));
    expect(written).toContain(keysIndexKey(ACC));
    expect((await reopened(area).meta(ACC)).buckets).toEqual(buckets);
    written.length = 0;
    await store.write((tx) => cache.setFields(tx, ACC, { buckets, lastError: 'x' }));
    expect(written).toEqual([keysMetaKey(ACC)]);
    const before = (await cache.meta(ACC)).shards.length;
    for (let i = 0; i <= SHARD_MAX - SHARD_TARGET; i++) await store.write((tx) => cache.upsert(tx, ACC, key(`k-000000-${String(i).padStart(4, '0')}`, `split-${i}`)));
    const split = await reopened(area).meta(ACC);
    expect(split.shards.length).toBe(before + 1);
    expect(written).toContain(keysIndexKey(ACC));
    // The shard that was there keeps its old hash, listed as stale; the new one has no hash to go stale.
    expect(((await area.get(keysMetaKey(ACC)))[keysMetaKey(ACC)] as { d?: number[] }).d).toEqual([split.shards[0]!.id]);
    expect((await reopened(area).all(ACC)).length).toBe(SHARD_TARGET * 2 + SHARD_MAX - SHARD_TARGET + 1);
  });

  it('a shard written by an edit is stored as text too', async () => {
    const { area, store, cache } = await setup(many(10));
    await store.write((tx) => cache.upsert(tx, ACC, key('k-000003x', 'idnew')));
    const meta = await cache.meta(ACC);
    const id = keysShardKey(ACC, meta.shards[0]!.id);
    expect(typeof (await area.get(id))[id]).toBe('string');
    expect((await cache.find(ACC, 'idnew', 'k-000003x'))?.keyName).toBe('k-000003x');
  });

  it('a refresh that lists the same keys writes no shard and keeps the generation; one changed key rewrites one shard', async () => {
    const keys = many(SHARD_TARGET * 3);
    const { area, store, cache } = await setup(keys);
    const before = await cache.meta(ACC);
    const writes = measureWrites(area);
    await store.write((tx) => cache.replaceAll(tx, ACC, [...keys].reverse(), { fetchedAt: 9, lastError: null, buckets: [] }));
    const same = await cache.meta(ACC);
    expect(same).toMatchObject({ gen: before.gen, fetchedAt: 9, count: keys.length });
    expect(same.shards.map((s) => s.id)).toEqual(before.shards.map((s) => s.id));
    // Only the meta item was written.
    expect(writes.bytes()).toBeLessThan(bytes(same) + 100);

    const changed = keys.map((k, i) => (i === 0 ? { ...k, capabilities: ['readFiles', 'writeFiles'] } : k));
    await store.write((tx) => cache.replaceAll(tx, ACC, changed, { fetchedAt: 10, lastError: null, buckets: [] }));
    const after = await cache.meta(ACC);
    expect(after.gen).toBe(before.gen + 1);
    expect(after.shards.filter((s) => !before.shards.some((b) => b.id === s.id))).toHaveLength(1);
    expect([...area.data.keys()].filter((k) => isShardItem(k))).toHaveLength(3);
    expect((await cache.find(ACC, keys[0]!.applicationKeyId))?.capabilities).toEqual(['readFiles', 'writeFiles']);
  });

  it('a refresh listing a key made elsewhere that sorts first writes one shard, not every shard after it', async () => {
    const keys = many(SHARD_TARGET * 4);
    const { area, store, cache } = await setup(keys);
    const before = await cache.meta(ACC);
    const writes = measureWrites(area);
    await store.write((tx) => cache.replaceAll(tx, ACC, [key('a-made-elsewhere', 'idnew'), ...keys], { fetchedAt: 9, lastError: null, buckets: [] }));
    const after = await cache.meta(ACC);
    expect(after.count).toBe(keys.length + 1);
    expect(after.shards.filter((s) => !before.shards.some((b) => b.id === s.id))).toHaveLength(1);
    // One shard (a quarter of the list) and the meta item, not the whole list again.
    expect(writes.bytes()).toBeLessThan(bytes(await cache.shard(ACC, after.shards[0]!.id)) * 1.5 + bytes(after) + 1_000);
    expect((await cache.window(ACC, 0, 2)).map((r) => r[1])).toEqual(['a-made-elsewhere', keys.map((k) => k.keyName).sort()[0]]);
  });

  it('a shard edited by a create or delete is written again by the next refresh, not trusted by its old hash', async () => {
    const keys = many(SHARD_TARGET * 2);
    const { store, cache } = await setup(keys);
    await store.write((tx) => cache.remove(tx, ACC, keys[5]!.applicationKeyId));
    expect((await cache.meta(ACC)).shards.filter((s) => s.h === undefined)).toHaveLength(1);
    // The refresh lists the deleted key again (B2 still had it): it must be back in the cache.
    await store.write((tx) => cache.replaceAll(tx, ACC, keys, { fetchedAt: 11, lastError: null, buckets: [] }));
    expect(await cache.find(ACC, keys[5]!.applicationKeyId)).not.toBeNull();
    expect((await cache.meta(ACC)).count).toBe(keys.length);
  });

  it('replaceAll removes the old shards and the drop removes everything of the account', async () => {
    const { area, store, cache } = await setup(many(SHARD_TARGET * 2));
    await store.write((tx) => cache.replaceAll(tx, ACC, many(3), { fetchedAt: 9, lastError: null, buckets: [] }));
    expect([...area.data.keys()].filter((k) => isShardItem(k))).toHaveLength(1);
    await store.write((tx) => cache.drop(tx, ACC));
    expect([...area.data.keys()].filter((k) => k.startsWith(`keys:${ACC}`))).toEqual([]);
  });
});

describe('storage migration 2 → 3', () => {
  it('turns a one-item cache into shards with the same keys, and drops an unreadable one', async () => {
    const area = new MemoryArea();
    const keys = many(1_200).map(({ accountId: _a, ...k }) => k);
    await area.set({ schemaVersion: 2, [legacyCacheKey(ACC)]: { fetchedAt: 7, keys, buckets: [], lastError: 'x' }, [legacyCacheKey('broken')]: 'junk' });
    await migrate(area);
    const cache = reopened(area);
    expect(await cache.meta(ACC)).toMatchObject({ count: 1_200, fetchedAt: 7, lastError: 'x' });
    expect(new Set((await cache.all(ACC)).map((r) => r[0]))).toEqual(new Set(keys.map((k) => k.applicationKeyId)));
    expect(await area.get([legacyCacheKey(ACC), legacyCacheKey('broken')])).toEqual({});
  });
});

describe('KeyCache: dropped and refilled in one write', () => {
  it('a key added after the cache was dropped in the same write is listed', async () => {
    const { area, store, cache } = await setup([key('old-1', 'k1'), key('old-2', 'k2')]);
    await store.write(async (tx) => {
      await cache.drop(tx, ACC);
      await cache.upsert(tx, ACC, key('fresh', 'k3'));
    });
    const after = reopened(area);
    expect((await after.all(ACC)).map((r) => r[0])).toEqual(['k3']);
    expect((await after.meta(ACC)).count).toBe(1);
  });
});
