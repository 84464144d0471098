/**
 * Staged items (Tx.stage): a refresh's new key-cache shards land before the rest of the write, in parallel calls,
 * and a write that fails or is cut off at any point leaves the cached list as it was.
 */
import { describe, expect, it } from 'vitest';
import { MemoryArea } from './area';
import { KeyCache, keysMetaKey, keysShardKey } from './key-cache';
import { SHARD_TARGET } from './key-shards';
import { SCHEMA_VERSION } from './schema';
import { LocalStore, PENDING_REMOVALS_KEY, STAGE_CALLS, stageGroups } from './store';
import { ACC, isShardItem, key, setup } from './test-support';

const items = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`item-${i}`, i]));
const many = (n: number, tag = 'k') => Array.from({ length: n }, (_, i) => key(`${tag}-${String(i).padStart(6, '0')}`, `id-${tag}-${String(i).padStart(6, '0')}`));
const names = (keys: { keyName: string }[]) => keys.map((k) => k.keyName);
/** Key names of the cached list as a background started afresh over `area` reads it (not what a store kept). */
const storedNames = async (area: MemoryArea) => (await new KeyCache(new LocalStore(area)).all(ACC)).map((r) => r[1]);

/** An area that records each call's keys, in order, and can be told to fail the calls a predicate picks. */
class RecordingArea extends MemoryArea {
  readonly calls: { op: 'set' | 'remove'; keys: string[] }[] = [];
  failSet: (keys: string[]) => boolean = () => false;
  failRemove = false;

  override async set(items: Record<string, unknown>): Promise<void> {
    const keys = Object.keys(items);
    this.calls.push({ op: 'set', keys });
    if (this.failSet(keys)) throw new Error('set refused');
    return super.set(items);
  }

  override async remove(keys: string | string[]): Promise<void> {
    const list = Array.isArray(keys) ? keys : [keys];
    this.calls.push({ op: 'remove', keys: list });
    if (this.failRemove) throw new Error('remove refused');
    return super.remove(list);
  }
}

async function recordingSetup(count: number) {
  const area = new RecordingArea();
  await area.set({ schemaVersion: SCHEMA_VERSION });
  const store = new LocalStore(area);
  const cache = new KeyCache(store);
  await store.write((tx) => cache.replaceAll(tx, ACC, many(count, 'old'), { fetchedAt: 1, lastError: null, buckets: [] }));
  area.calls.length = 0;
  return { area, store, cache };
}

const isShard = (k: string) => isShardItem(k);

describe('stageGroups', () => {
  it('sends every item exactly once, in at most STAGE_CALLS calls', () => {
    const groups = stageGroups(items(200));
    expect(groups).toHaveLength(STAGE_CALLS);
    const seen = groups.flatMap((g) => Object.entries(g));
    expect(seen).toHaveLength(200);
    expect(Object.fromEntries(seen)).toEqual(items(200));
    // Side by side means about the same size each, not one big call and a few small ones.
    const sizes = groups.map((g) => Object.keys(g).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('keeps a few items in one call, and splits only groups of four or more items each', () => {
    expect(stageGroups(items(1))).toEqual([items(1)]);
    expect(stageGroups(items(7))).toHaveLength(1);
    expect(stageGroups(items(8))).toHaveLength(2);
    expect(stageGroups(items(12))).toHaveLength(3);
    expect(stageGroups(items(64))).toHaveLength(16);
    expect(stageGroups(items(65))).toHaveLength(16);
    expect(stageGroups({})).toEqual([]);
  });
});

describe('Tx.stage', () => {
  it('a staged item lands before the rest of the write, and each is written once', async () => {
    const area = new RecordingArea();
    await area.set({ schemaVersion: SCHEMA_VERSION });
    area.calls.length = 0;
    const store = new LocalStore(area);
    await store.write(async (tx) => {
      tx.setItem('meta', { n: 40 });
      for (let i = 0; i < 40; i++) tx.stage(`shard:${i}`, `text ${i}`);
      tx.remove('old');
    });
    const sets = area.calls.filter((c) => c.op === 'set');
    // The last set names what the write removes (PENDING_REMOVALS_KEY), in case the removal is cut off.
    expect(sets.at(-1)!.keys).toEqual(['meta', PENDING_REMOVALS_KEY]);
    expect(sets.slice(0, -1).length).toBeGreaterThan(1);
    expect(sets.slice(0, -1).flatMap((c) => c.keys).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `shard:${i}`).sort());
    expect(area.calls.at(-1)).toEqual({ op: 'remove', keys: ['old', PENDING_REMOVALS_KEY] });
    expect(await area.get(['shard:0', 'shard:39', 'meta'])).toEqual({ 'shard:0': 'text 0', 'shard:39': 'text 39', meta: { n: 40 } });
  });

  it('the last change to an item wins: staged then removed is not written, removed then staged is written, staged then set is set with the rest', async () => {
    const area = new RecordingArea();
    await area.set({ schemaVersion: SCHEMA_VERSION, gone: 'stored', back: 'stored' });
    area.calls.length = 0;
    const store = new LocalStore(area);
    await store.write(async (tx) => {
      tx.stage('gone', 'staged');
      tx.remove('gone');
      tx.stage('moved', 'staged');
      tx.setItem('moved', 'set');
      tx.setItem('again', 'set');
      tx.stage('again', 'staged');
      tx.remove('back');
      tx.stage('back', 'staged');
      expect(tx.pending('gone')).toBeNull();
      expect(tx.pending('back')).toEqual({ value: 'staged' });
      expect(tx.pending('moved')).toEqual({ value: 'set' });
      expect(tx.pending('again')).toEqual({ value: 'staged' });
      expect(tx.pending('untouched')).toBeUndefined();
    });
    expect(area.calls).toEqual([
      { op: 'set', keys: ['again', 'back'] },
      { op: 'set', keys: ['moved', PENDING_REMOVALS_KEY] },
      { op: 'remove', keys: ['gone', PENDING_REMOVALS_KEY] },
    ]);
    expect(await area.get(['gone', 'moved', 'again', 'back'])).toEqual({ moved: 'set', again: 'staged', back: 'staged' });
  });

  it('a read in the same write sees a staged shard', async () => {
    const { store, cache } = await setup(many(3));
    await store.write(async (tx) => {
      await cache.replaceAll(tx, ACC, many(2, 'new'), { fetchedAt: 9, lastError: null, buckets: [] });
      const meta = await cache.meta(ACC, tx);
      expect(tx.pending(keysShardKey(ACC, meta.shards[0]!.id))).not.toBeUndefined();
      expect((await cache.shard(ACC, meta.shards[0]!.id, tx)).map((r) => r[1])).toEqual(['new-000000', 'new-000001']);
    });
  });
});

describe('a refresh written as staged shards', () => {
  const fields = { fetchedAt: 9, lastError: null, buckets: [] };

  it('stages only the shards it writes anew, under ids no stored meta names, and names them in the meta it sets last', async () => {
    const { area, store, cache } = await recordingSetup(10 * SHARD_TARGET);
    const before = await cache.meta(ACC);
    await store.write((tx) => cache.replaceAll(tx, ACC, [...many(10 * SHARD_TARGET, 'old'), ...many(20 * SHARD_TARGET, 'new')], fields));
    const after = await cache.meta(ACC);
    const sets = area.calls.filter((c) => c.op === 'set');
    const last = sets.at(-1)!;
    expect(last.keys).toContain(keysMetaKey(ACC));
    expect(last.keys.filter(isShard)).toEqual([]);
    const staged = sets.slice(0, -1).flatMap((c) => c.keys);
    expect(sets.length - 1).toBeGreaterThan(1);
    const oldIds = new Set(before.shards.map((s) => s.id));
    const newIds = after.shards.map((s) => s.id).filter((id) => !oldIds.has(id));
    expect(newIds.length).toBeGreaterThan(0);
    expect(staged.sort()).toEqual(newIds.map((id) => keysShardKey(ACC, id)).sort());
    for (const id of newIds) expect(id).toBeGreaterThanOrEqual(before.nextShard);
    expect((await cache.meta(ACC)).count).toBe(30 * SHARD_TARGET);
    // In list order: every 'new-' name sorts before every 'old-' one.
    expect(await storedNames(area)).toEqual([...names(many(20 * SHARD_TARGET, 'new')), ...names(many(10 * SHARD_TARGET, 'old'))]);
  });

  it('the meta call failing after the shards landed leaves the old list, and the next refresh lands', async () => {
    const { area, store, cache } = await recordingSetup(3 * SHARD_TARGET);
    area.failSet = (keys) => keys.includes(keysMetaKey(ACC));
    await expect(store.write((tx) => cache.replaceAll(tx, ACC, many(5 * SHARD_TARGET, 'new'), fields))).rejects.toThrow('set refused');
    // A background started afresh reads what is stored, not what this store kept.
    expect((await new KeyCache(new LocalStore(area)).meta(ACC)).count).toBe(3 * SHARD_TARGET);
    expect(await storedNames(area)).toEqual(names(many(3 * SHARD_TARGET, 'old')));
    area.failSet = () => false;
    await store.write((tx) => cache.replaceAll(tx, ACC, many(5 * SHARD_TARGET, 'new'), fields));
    expect(await storedNames(area)).toEqual(names(many(5 * SHARD_TARGET, 'new')));
  });

  it('one staged call failing fails the write before the meta is sent, and takes out the shards that did land', async () => {
    const { area, store, cache } = await recordingSetup(3 * SHARD_TARGET);
    const storedBefore = new Set(area.data.keys());
    let shardCalls = 0;
    area.failSet = (keys) => keys.some(isShard) && ++shardCalls === 2;
    await expect(store.write((tx) => cache.replaceAll(tx, ACC, many(12 * SHARD_TARGET, 'new'), fields))).rejects.toThrow('set refused');
    expect(area.calls.some((c) => c.op === 'set' && c.keys.includes(keysMetaKey(ACC)))).toBe(false);
    expect(new Set(area.data.keys())).toEqual(storedBefore);
    expect(await storedNames(area)).toEqual(names(many(3 * SHARD_TARGET, 'old')));
  });

  it('a failed write whose clean-up also fails still reports the write error, and the old list is intact', async () => {
    const { area, store, cache } = await recordingSetup(3 * SHARD_TARGET);
    let shardCalls = 0;
    area.failSet = (keys) => keys.some(isShard) && ++shardCalls === 1;
    area.failRemove = true;
    await expect(store.write((tx) => cache.replaceAll(tx, ACC, many(12 * SHARD_TARGET, 'new'), fields))).rejects.toThrow('set refused');
    area.failRemove = false;
    expect(await storedNames(area)).toEqual(names(many(3 * SHARD_TARGET, 'old')));
  });
});
