import { describe, expect, it } from 'vitest';
import { compareRows, insertRow, locate, planShards, removeRow, rowPosition, SHARD_MAX, SHARD_TARGET, shardIndexFor, sortKeyOf, sortRows, type KeyRow, type ShardRef } from './key-shards';

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
