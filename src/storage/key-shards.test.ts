import { describe, expect, it } from 'vitest';
import { commonPrefix, compareRows, decodeShard, encodeShard, fromRow, insertRow, ListInterner, locate, mergeRuns, planShards, removeRow, rowPosition, RunMerger, SHARD_MAX, SHARD_MIN, SHARD_TARGET, shardHash, shardIndexFor, sortKeyOf, sortRows, sortRun, toRow, type KeyRow, type ShardRef } from './key-shards';

const row = (name: string, id: string): KeyRow => [id, name, ['readFiles'], null, null, null, []];
const names = (rows: readonly KeyRow[]) => rows.map((r) => r[1]);

/** Applies edits to an in-memory shard store, the way the storage layer will. */
function applyAll(rows: KeyRow[]): { refs: ShardRef[]; shards: Map<number, KeyRow[]>; nextId: number } {
  let refs: ShardRef[] = [];
  const shards = new Map<number, KeyRow[]>();
  let nextId = 0;
  for (const r of rows) {
    const index = refs.length ? shardIndexFor(refs, sortKeyOf(r)) : 0;
    const edit = insertRow(refs, index, refs.length ? shards.get(refs[index]!.id)! : [], r, nextId);
    for (const [id, content] of edit.write) shards.set(id, content);
    refs = edit.refs;
    nextId = edit.nextId;
  }
  return { refs, shards, nextId };
}

const flatten = (refs: readonly ShardRef[], shards: Map<number, KeyRow[]>) => refs.flatMap((r) => shards.get(r.id)!);

describe('order', () => {
  it('sorts by name ignoring case, then name, then keyID', () => {
    const rows = [row('b', '1'), row('A', '2'), row('a', '3'), row('a', '1'), row('a-b', '9'), row('a0', '8')];
    expect(sortRows(rows).map((r) => `${r[1]}/${r[0]}`)).toEqual(['A/2', 'a/1', 'a/3', 'a-b/9', 'a0/8', 'b/1']);
    expect(compareRows(row('x', '1'), row('x', '1'))).toBe(0);
  });

  it('rowPosition finds where a row is or goes', () => {
    const rows = sortRows([row('a', '1'), row('c', '1'), row('e', '1')]);
    expect(rowPosition(rows, sortKeyOf(row('a', '0')))).toBe(0);
    expect(rowPosition(rows, sortKeyOf(row('c', '1')))).toBe(1);
    expect(rowPosition(rows, sortKeyOf(row('d', '1')))).toBe(2);
    expect(rowPosition(rows, sortKeyOf(row('z', '1')))).toBe(3);
  });
});

describe('mergeRuns (a refresh sorts each page, then merges)', () => {
  /** Deterministic pseudo-random rows with many equal folded names, names equal but for case, and equal names. */
  function randomRows(n: number, seed: number): KeyRow[] {
    let x = seed;
    const next = () => (x = (x * 1103515245 + 12345) % 2147483648);
    const names = ['a', 'A', 'b', 'B-x', 'b-X', 'c0', 'C0', 'd'];
    return Array.from({ length: n }, (_, i) => row(names[next() % names.length]!, `id${next() % 50}-${i % 7}`));
  }

  it.each([
    [0, 3],
    [1, 1],
    [57, 1],
    [200, 3],
    [1000, 10],
    [999, 7],
  ])('%i rows in %i runs come out as sortRows orders them all', (n, parts) => {
    const rows = randomRows(n, n + parts);
    const runs = Array.from({ length: parts }, (_, p) => sortRun(rows.filter((_, i) => i % parts === p)));
    expect(mergeRuns(runs).map((r) => `${r[1]}/${r[0]}`)).toEqual(sortRows(rows).map((r) => `${r[1]}/${r[0]}`));
  });

  it('runs of uneven sizes, merged as they come (RunMerger), come out sorted and stable', () => {
    const rows = randomRows(600, 42);
    const sizes = [3, 10, 1, 7, 7, 2, 120, 0, 64, 64, 5, 317];
    const runs: ReturnType<typeof sortRun>[] = [];
    let at = 0;
    for (const size of sizes) {
      runs.push(sortRun(rows.slice(at, at + size)));
      at += size;
    }
    const merger = new RunMerger();
    for (const run of runs) merger.push(run);
    // Stable: equal rows keep the order of the runs they came in, as a stable sort of the whole listing does.
    const byIdentity = merger.rows();
    const stable = sortRun(rows).map((d) => d.r);
    expect(byIdentity).toHaveLength(rows.length);
    expect(byIdentity.every((r, i) => r === stable[i])).toBe(true);
    expect(new RunMerger().rows()).toEqual([]);
  });

  it('keeps every row, also rows whose sort keys are equal', () => {
    const a = row('same', 'k1');
    const b = row('same', 'k1');
    const merged = mergeRuns([sortRun([a]), sortRun([]), sortRun([b])]);
    expect(merged).toHaveLength(2);
    expect(merged[0]).toBe(a);
    expect(merged[1]).toBe(b);
  });
});

describe('ListInterner', () => {
  it('gives equal lists one array and different lists their own', () => {
    const lists = new ListInterner();
    const first = lists.intern(['readFiles', 'listBuckets']);
    expect(lists.intern(['readFiles', 'listBuckets'])).toBe(first);
    expect(lists.intern(['readFiles'])).not.toBe(first);
    expect(lists.intern(['listBuckets', 'readFiles'])).not.toBe(first);
    // Joined text must not make two lists one: ['a,b'] is not ['a', 'b'], and [] is not [''].
    expect(lists.intern(['a,b'])).not.toBe(lists.intern(['a', 'b']));
    expect(lists.intern([])).not.toBe(lists.intern(['']));
  });

  it('row() shares a row\'s capability and option lists with earlier rows', () => {
    const lists = new ListInterner();
    const r1 = lists.row(['k1', 'a', ['readFiles'], null, null, null, ['s3']]);
    const r2 = lists.row(['k2', 'b', ['readFiles'], null, null, null, ['s3']]);
    expect(r2[2]).toBe(r1[2]);
    expect(r2[6]).toBe(r1[6]);
  });
});

describe('encodeShard with shared lists', () => {
  it('stores the same text whether rows share their list arrays or hold copies', () => {
    const caps = ['readFiles', 'listBuckets'];
    const shared: KeyRow[] = [['k1', 'a', caps, null, null, null, []], ['k2', 'b', caps, null, null, null, []], ['k3', 'c', ['writeFiles'], null, null, null, []]];
    const copies: KeyRow[] = shared.map((r) => [r[0], r[1], [...r[2]], r[3], r[4], r[5], [...r[6]]]);
    expect(encodeShard(shared)).toBe(encodeShard(copies));
    const stored = JSON.parse(encodeShard(shared)) as { c: string[][]; r: unknown[][] };
    expect(stored.c).toEqual([caps, ['writeFiles']]);
    expect(stored.r.map((r) => r[2])).toEqual([0, 0, 1]);
  });
});

describe('shards', () => {
  it('planShards cuts sorted rows into target-size shards whose refs know their first row and count', () => {
    const sorted = sortRows(Array.from({ length: SHARD_TARGET * 2 + 7 }, (_, i) => row(`k${String(i).padStart(5, '0')}`, `id${i}`)));
    const { refs, shards } = planShards(sorted, 4);
    expect(refs.map((r) => [r.id, r.count])).toEqual([
      [4, SHARD_TARGET],
      [5, SHARD_TARGET],
      [6, 7],
    ]);
    expect(refs[1]!.first).toEqual(sortKeyOf(sorted[SHARD_TARGET]!));
    expect(flatten(refs, shards)).toEqual(sorted);
  });

  it('planShards with the cuts of the cache keeps every shard a listing did not change, wherever the change sorts', () => {
    const named = (n: number) => Array.from({ length: n }, (_, i) => row(`k${String(i * 2).padStart(6, '0')}`, `id${i}`));
    const before = planShards(sortRows(named(SHARD_TARGET * 4)));
    const cuts = before.refs.map((r) => r.first);
    const hashes = (p: { refs: ShardRef[] }) => p.refs.map((r) => r.h);
    // One key more before all others, one fewer in the third shard.
    const listed = sortRows([row('a-first', 'idnew'), ...named(SHARD_TARGET * 4).filter((r) => r[0] !== `id${SHARD_TARGET * 2 + 9}`)]);
    const after = planShards(listed, 10, cuts);
    expect(after.refs.map((r) => r.count)).toEqual([SHARD_TARGET + 1, SHARD_TARGET, SHARD_TARGET - 1, SHARD_TARGET]);
    expect(hashes(after).filter((h) => hashes(before).includes(h))).toEqual([before.refs[1]!.h, before.refs[3]!.h]);
    expect(flatten(after.refs, after.shards)).toEqual(listed);
    // Cut every SHARD_TARGET rows instead, the key at the top moves every boundary up to the deleted key's shard.
    expect(hashes(planShards(listed)).filter((h) => hashes(before).includes(h))).toEqual([before.refs[3]!.h]);
  });

  it('planShards cuts a piece that grew past SHARD_MAX again, joins a piece that shrank below SHARD_MIN, and ignores cuts past the end', () => {
    const named = (n: number, p = 'k') => Array.from({ length: n }, (_, i) => row(`${p}${String(i).padStart(6, '0')}`, `${p}id${i}`));
    const base = sortRows([...named(SHARD_TARGET, 'a'), ...named(SHARD_TARGET, 'b'), ...named(SHARD_TARGET, 'c')]);
    const cuts = planShards(base).refs.map((r) => r.first);
    // 'a' grew to SHARD_MAX + 1 rows, 'b' shrank to SHARD_MIN - 1, 'c' kept its rows.
    const grown = sortRows([...named(SHARD_MAX + 1, 'a'), ...named(SHARD_MIN - 1, 'b'), ...named(SHARD_TARGET, 'c')]);
    const plan = planShards(grown, 0, [...cuts, sortKeyOf(row('zzz', 'zz'))]);
    expect(plan.refs.map((r) => r.count)).toEqual([SHARD_TARGET, SHARD_TARGET, 1 + SHARD_MIN - 1, SHARD_TARGET]);
    expect(flatten(plan.refs, plan.shards)).toEqual(grown);
    // A piece at SHARD_MIN stays apart; pieces that would pass SHARD_TARGET together stay apart too.
    const kept = sortRows([...named(SHARD_TARGET, 'a'), ...named(SHARD_MIN, 'b'), ...named(SHARD_TARGET, 'c')]);
    expect(planShards(kept, 0, cuts).refs.map((r) => r.count)).toEqual([SHARD_TARGET, SHARD_MIN, SHARD_TARGET]);
    const small = sortRows([...named(SHARD_TARGET, 'a'), ...named(SHARD_MIN - 1, 'b'), ...named(SHARD_TARGET, 'c')]);
    expect(planShards(small, 0, cuts).refs.map((r) => r.count)).toEqual([SHARD_TARGET, SHARD_MIN - 1, SHARD_TARGET]);
    expect(planShards([], 0, cuts).refs).toEqual([]);
    // Two pieces of at least SHARD_MIN stay apart even where together they would fit one shard (each is a shard the
    // cache holds: joining them would rewrite both); a piece under SHARD_MIN joins the one before it, either way round.
    const plan3 = (a: number, b: number) => planShards(sortRows([...named(a, 'a'), ...named(b, 'b'), ...named(SHARD_TARGET, 'c')]), 0, cuts).refs.map((r) => r.count);
    expect(plan3(200, 200)).toEqual([200, 200, SHARD_TARGET]);
    expect(plan3(200, SHARD_MIN)).toEqual([200, SHARD_MIN, SHARD_TARGET]);
    expect(plan3(SHARD_MIN, 200)).toEqual([SHARD_MIN, 200, SHARD_TARGET]);
    expect(plan3(200, SHARD_MIN - 1)).toEqual([200 + SHARD_MIN - 1, SHARD_TARGET]);
    expect(plan3(SHARD_MIN - 1, 200)).toEqual([SHARD_MIN - 1 + 200, SHARD_TARGET]);
    expect(plan3(SHARD_TARGET - (SHARD_MIN - 1), SHARD_MIN - 1)).toEqual([SHARD_TARGET, SHARD_TARGET]);
  });

  it('insertions in any order keep the whole list sorted, split past SHARD_MAX, and touch one shard each', () => {
    const rows = Array.from({ length: SHARD_MAX * 3 }, (_, i) => row(`key-${(i * 7919) % 4001}`, `id${i}`));
    const { refs, shards } = applyAll(rows);
    expect(names(flatten(refs, shards))).toEqual(names(sortRows(rows)));
    expect(refs.every((r) => r.count <= SHARD_MAX && r.count === shards.get(r.id)!.length)).toBe(true);
    expect(refs.length).toBeGreaterThan(3);
    // One more insert writes exactly one shard unless it splits (then two).
    const i = shardIndexFor(refs, sortKeyOf(row('key-2000', 'new')));
    const edit = insertRow(refs, i, shards.get(refs[i]!.id)!, row('key-2000', 'new'), 1000);
    expect(edit.write.size).toBeLessThanOrEqual(2);
  });

  it('re-inserting a keyID replaces its row instead of adding a second', () => {
    const { refs, shards } = applyAll([row('a', '1'), row('b', '2')]);
    const edit = insertRow(refs, 0, shards.get(refs[0]!.id)!, row('a', '1'), 9);
    expect(edit.refs[0]!.count).toBe(2);
  });

  it('removeRow drops the row, an emptied shard, and reports a row that is not there', () => {
    const { refs, shards } = applyAll([row('a', '1'), row('b', '2')]);
    const edit = removeRow(refs, 0, shards.get(refs[0]!.id)!, '1', 5)!;
    expect(names(edit.write.get(refs[0]!.id)!)).toEqual(['b']);
    expect(edit.refs[0]).toMatchObject({ count: 1, first: { name: 'b' } });
    expect(removeRow(refs, 0, shards.get(refs[0]!.id)!, 'missing', 5)).toBeNull();
    const single = applyAll([row('a', '1')]);
    expect(removeRow(single.refs, 0, single.shards.get(single.refs[0]!.id)!, '1', 1)).toMatchObject({ refs: [], drop: [single.refs[0]!.id] });
  });

  it('locate maps a list position to its shard', () => {
    const refs: ShardRef[] = [
      { id: 1, count: 3, first: sortKeyOf(row('a', '1')) },
      { id: 2, count: 2, first: sortKeyOf(row('d', '1')) },
    ];
    expect(locate(refs, 0)).toEqual({ index: 0, within: 0 });
    expect(locate(refs, 2)).toEqual({ index: 0, within: 2 });
    expect(locate(refs, 3)).toEqual({ index: 1, within: 0 });
    expect(locate(refs, 5)).toBeNull();
  });

  it('shardIndexFor puts a row before every shard into the first', () => {
    const { refs } = planShards(sortRows([row('m', '1')]));
    expect(shardIndexFor(refs, sortKeyOf(row('a', '1')))).toBe(0);
  });
});

describe('shard faults', () => {
  it('encodeShard keeps lists apart that join to the same text: [] and [""], ["ab"] and ["a", "b"]', () => {
    const rows: KeyRow[] = [
      ['1', 'a', [], null, null, null, []],
      ['2', 'b', [''], null, null, null, ['']],
      ['3', 'c', ['ab'], null, null, null, ['ab']],
      ['4', 'd', ['a', 'b'], null, null, null, ['a', 'b']],
    ];
    expect(decodeShard(encodeShard(rows))).toEqual(rows);
  });

  it('decodeShard gives no rows for text that is not a shard, and skips a row whose list index is not a number', () => {
    for (const junk of ['null', '"text"', '{"c":{"0":["readFiles"]},"o":[[]],"r":[["1","a",0,null,null,null,0]]}', '{"c":[["readFiles"]],"o":{"0":[]},"r":[["1","a",0,null,null,null,0]]}']) {
      expect(decodeShard(junk).filter((r) => Array.isArray(r) && Array.isArray(r[2]) && Array.isArray(r[6]))).toEqual([]);
    }
    // Text that is no shard at all (not JSON, not an object, without its three lists) is no rows, not rows the
    // row check must then drop.
    for (const junk of ['{"c":', 'null', '7', '"text"', '{"c":[],"o":[]}', '{"c":[],"o":{},"r":[]}', '{"v":2,"c":[],"o":[],"r":[["1"]]}']) {
      expect(decodeShard(junk), junk).toEqual([]);
    }
    const text = JSON.stringify({ c: [['readFiles']], o: [[]], r: [['1', 'a', '0', null, null, null, 0], ['2', 'b', 0, null, null, null, '0'], ['3', 'c', 0, null, null, null, 0, 'extra'], ['4', 'd', 0, null, null, null, 0]] });
    const decoded = decodeShard(text);
    expect(decoded[0]).toEqual(['1', 'a', undefined, null, null, null, []]);
    expect(decoded[1]).toEqual(['2', 'b', ['readFiles'], null, null, null, undefined]);
    // A row of the wrong length is returned as it is (the row check drops it), never re-shaped into a valid row.
    expect(decoded[2]).toEqual(['3', 'c', 0, null, null, null, 0, 'extra']);
    expect(decoded[3]).toEqual(['4', 'd', ['readFiles'], null, null, null, []]);
  });

  it('decodeShard reads back every field of encodeShard\'s rows: nulls kept in the middle, trailing ones dropped, an empty prefix or an ID that is all prefix', () => {
    const caps = ['readFiles'];
    const rows: KeyRow[] = [
      ['0054ba5845d7aaf000000000a', 'a', caps, null, null, null, ['s3']],
      ['0054ba5845d7aaf000000000b', 'b', caps, ['bucket1', 'bucket2'], null, null, []],
      ['0054ba5845d7aaf000000000c', 'c', caps, null, 'photos/', null, []],
      ['0054ba5845d7aaf000000000d', 'd', caps, null, null, 1_900_000_000_000, []],
      ['0054ba5845d7aaf000000000e', 'e', caps, [], '', 0, []],
      ['0054ba5845d7aaf0000000010', 'f', [], null, 'a"quote\\and\nlines', null, []],
    ];
    const text = encodeShard(rows);
    expect(decodeShard(text)).toEqual(rows);
    const stored = JSON.parse(text) as { p: string; r: unknown[][] };
    expect(stored.p).toBe('0054ba5845d7aaf00000000');
    expect(stored.r.map((r) => r.length)).toEqual([4, 5, 6, 7, 7, 6]);
    // No shared prefix; one row, whose whole ID is the prefix; no rows.
    const apart: KeyRow[] = [['x1', 'a', caps, null, null, null, []], ['y1', 'b', caps, null, null, null, []]];
    expect(JSON.parse(encodeShard(apart)).p).toBe('');
    expect(decodeShard(encodeShard(apart))).toEqual(apart);
    expect(decodeShard(encodeShard([rows[3]!]))).toEqual([rows[3]]);
    expect(JSON.parse(encodeShard([rows[3]!])).r[0][0]).toBe('');
    expect(decodeShard(encodeShard([]))).toEqual([]);
    // An ID that is a prefix of another.
    const nested: KeyRow[] = [['ab', 'a', caps, null, null, null, []], ['abc', 'b', caps, null, null, null, []]];
    expect(decodeShard(encodeShard(nested))).toEqual(nested);
  });

  it('commonPrefix: the longest prefix of every item, \'\' for none or when two differ at the start', () => {
    const id = (s: string) => s;
    expect(commonPrefix([], id)).toBe('');
    expect(commonPrefix(['abc'], id)).toBe('abc');
    expect(commonPrefix(['abcd', 'abc', 'abce'], id)).toBe('abc');
    expect(commonPrefix(['abc', 'abd', 'xbc'], id)).toBe('');
    expect(commonPrefix(['ab', ''], id)).toBe('');
  });

  it('a shard of typical keys stores about half the bytes of whole rows', () => {
    const caps = ['listBuckets', 'listFiles', 'readFiles'];
    const rows: KeyRow[] = Array.from({ length: SHARD_TARGET }, (_, i) => [`0054ba5845d7aaf${(1e9 + i * 7919).toString(16).padStart(10, '0')}`, `backup-customer-${String(i).padStart(5, '0')}`, caps, null, null, null, ['s3']]);
    const whole = JSON.stringify({ c: [caps], o: [['s3']], r: rows.map((r) => [r[0], r[1], 0, r[3], r[4], r[5], 0]) });
    const text = encodeShard(rows);
    expect(decodeShard(text)).toEqual(rows);
    expect(text.length / rows.length).toBeLessThan(45);
    expect(text.length).toBeLessThan(whole.length * 0.65);
  });

  it('decodeShard: a v2 shard without its prefix, or of a later version, gives no rows; a v2 row of the wrong shape is dropped', () => {
    expect(decodeShard('{"v":2,"c":[["readFiles"]],"o":[[]],"r":[["1","a",0,0]]}')).toEqual([]);
    expect(decodeShard('{"v":3,"p":"","c":[["readFiles"]],"o":[[]],"r":[["1","a",0,0]]}')).toEqual([]);
    const decoded = decodeShard(JSON.stringify({ v: 2, p: 'id', c: [['readFiles']], o: [[]], r: [['1', 'a', 0, 0], ['2', 'b', 0], [3, 'c', 0, 0], ['4', 'd', 0, 0, null, null, null, 'extra'], ['5', 'e', '0', 0], ['6', 'f', 0, 9]] }));
    expect(decoded[0]).toEqual(['id1', 'a', ['readFiles'], null, null, null, []]);
    expect(decoded.slice(1, 4)).toEqual([null, null, null]);
    // A list index that is not one: the row keeps a value the row check refuses.
    expect(decoded[4]).toEqual(['id5', 'e', undefined, null, null, null, []]);
    expect(decoded[5]).toEqual(['id6', 'f', ['readFiles'], null, null, null, undefined]);
  });

  it('shardHash tells apart shards that differ in one character, and gives equal text the same hash', () => {
    const texts = Array.from({ length: 2000 }, (_, i) => encodeShard([row(`key-${i}`, `id${i}`)]));
    expect(new Set(texts.map(shardHash)).size).toBe(texts.length);
    expect(new Set(['a', 'b', 'ab', 'ba', ''].map(shardHash)).size).toBe(5);
    expect(shardHash(texts[7]!)).toBe(shardHash(`${texts[7]!}`));
  });

  it('shardIndexFor: a row equal to a shard\'s first row belongs to that shard, not the one before', () => {
    const sorted = sortRows(Array.from({ length: SHARD_TARGET * 3 }, (_, i) => row(`k${String(i).padStart(5, '0')}`, `id${i}`)));
    const { refs } = planShards(sorted);
    for (let i = 0; i < refs.length; i++) expect(shardIndexFor(refs, refs[i]!.first)).toBe(i);
    expect(shardIndexFor(refs, sortKeyOf(sorted.at(-1)!))).toBe(refs.length - 1);
    expect(shardIndexFor(refs, sortKeyOf(sorted[SHARD_TARGET - 1]!))).toBe(0);
  });

  it('a shard holds up to SHARD_MAX rows; the next insert splits it in two halves, the new half under nextId', () => {
    const rows = Array.from({ length: SHARD_MAX }, (_, i) => row(`k${String(i).padStart(5, '0')}`, `id${i}`));
    const full = applyAll(rows.slice(0, SHARD_MAX - 1));
    expect(full.refs).toHaveLength(1);
    const fits = insertRow(full.refs, 0, full.shards.get(full.refs[0]!.id)!, rows[SHARD_MAX - 1]!, full.nextId);
    expect(fits.refs.map((r) => r.count)).toEqual([SHARD_MAX]);
    expect(fits.nextId).toBe(full.nextId);
    const split = insertRow(fits.refs, 0, fits.write.get(fits.refs[0]!.id)!, row('k99999', 'last'), 7);
    expect(split.refs.map((r) => [r.id, r.count])).toEqual([
      [fits.refs[0]!.id, (SHARD_MAX + 1) >> 1],
      [7, SHARD_MAX + 1 - ((SHARD_MAX + 1) >> 1)],
    ]);
    expect(split.nextId).toBe(8);
    expect(split.refs[1]!.first).toEqual(sortKeyOf(split.write.get(7)![0]!));
    expect([...split.write.get(fits.refs[0]!.id)!, ...split.write.get(7)!]).toEqual(sortRows([...rows, row('k99999', 'last')]));
  });

  it('an insert into an empty list makes one shard under nextId; an edit drops the shard\'s hash', () => {
    const first = insertRow([], 0, [], row('a', '1'), 3);
    expect(first).toEqual({ refs: [{ id: 3, count: 1, first: sortKeyOf(row('a', '1')) }], write: new Map([[3, [row('a', '1')]]]), drop: [], nextId: 4 });
    const { refs, shards } = planShards(sortRows([row('a', '1'), row('c', '3')]));
    expect(refs[0]!.h).toBeDefined();
    const added = insertRow(refs, 0, shards.get(refs[0]!.id)!, row('b', '2'), 9);
    expect(added.refs[0]).toEqual({ id: refs[0]!.id, count: 3, first: sortKeyOf(row('a', '1')) });
    expect(removeRow(refs, 0, shards.get(refs[0]!.id)!, '1', 9)!.refs[0]).toEqual({ id: refs[0]!.id, count: 1, first: sortKeyOf(row('c', '3')) });
  });

  it('fromRow and toRow are inverse', () => {
    const k = { accountId: 'acc', applicationKeyId: 'id', keyName: 'n', capabilities: ['readFiles'], bucketIds: ['b'], namePrefix: 'p/', expirationTimestamp: 5, options: ['s3'] };
    expect(fromRow('acc', toRow(k))).toEqual(k);
  });
});

describe('compareSortKeys', () => {
  it('is antisymmetric at each level: case-folded name, then name, then keyID', () => {
    const pairs: [KeyRow, KeyRow][] = [
      [row('a', '9'), row('B', '1')],
      [row('A', '9'), row('a', '1')],
      [row('a', '1'), row('a', '2')],
    ];
    for (const [lo, hi] of pairs) {
      expect(compareRows(lo, hi)).toBe(-1);
      expect(compareRows(hi, lo)).toBe(1);
    }
  });
});
