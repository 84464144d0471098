/**
 * The key cache's shape on disk: the account's keys sorted the way the popup lists them (by name, then keyID)
 * and cut into shards of at most SHARD_MAX rows, each its own storage.local item, plus a small meta that says
 * where each shard starts (key-cache.ts). So the popup's first rows are one shard away, any window of the list is
 * at most two, and a create or delete rewrites one shard and the meta's head, whatever the account holds.
 *
 * Rows are arrays, not objects: 100,000 keys as objects repeat every field name 100,000 times.
 * Pure logic, no extension APIs.
 */
import type { CachedKey } from './schema';

/** A shard splits in two past this; refresh writes shards of SHARD_TARGET rows. */
export const SHARD_MAX = 1000;
export const SHARD_TARGET = 500;

/** [keyId, keyName, capabilities, bucketIds, namePrefix, expirationTimestamp, options] */
export type KeyRow = [string, string, string[], string[] | null, string | null, number | null, string[]];

export interface ShardRef {
  /** Storage suffix of the shard: `cacheShard:<accountId>:<id>`. */
  id: number;
  count: number;
  /** Sort key of its first row. */
  first: SortKey;
  /**
   * Hash of the shard's rows as a refresh wrote them (shardHash); dropped by any edit of the shard, so a later
   * refresh that lists the same rows can keep the shard instead of writing it again.
   */
  h?: string;
}

export interface SortKey {
  /** keyName lower-cased: B2 key names are ASCII letters, digits and '-', so this is a full case fold. */
  n: string;
  name: string;
  id: string;
}

export function toRow(k: CachedKey): KeyRow {
  return [k.applicationKeyId, k.keyName, k.capabilities, k.bucketIds, k.namePrefix, k.expirationTimestamp, k.options];
}

export function fromRow(accountId: string, r: KeyRow): CachedKey {
  return { accountId, applicationKeyId: r[0], keyName: r[1], capabilities: r[2], bucketIds: r[3], namePrefix: r[4], expirationTimestamp: r[5], options: r[6] };
}

export function sortKeyOf(r: KeyRow): SortKey {
  return { n: r[1].toLowerCase(), name: r[1], id: r[0] };
}

/**
 * Name without regard to case, then name, then keyID: a total, deterministic order (no locale data, so
 * every engine and every later run agrees on where a row goes).
 */
export function compareSortKeys(a: SortKey, b: SortKey): number {
  if (a.n !== b.n) return a.n < b.n ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function compareRows(a: KeyRow, b: KeyRow): number {
  return compareSortKeys(sortKeyOf(a), sortKeyOf(b));
}

export function sortRows(rows: KeyRow[]): KeyRow[] {
  return sortRun(rows).map((d) => d.r);
}

/** Rows in list order, each with its sort key computed once: a piece of a listing, ready for mergeRuns. */
export type SortedRun = { r: KeyRow; k: SortKey }[];

export function sortRun(rows: readonly KeyRow[]): SortedRun {
  // Decorate once: computing the fold inside the comparator would redo it n log n times.
  const decorated = rows.map((r) => ({ r, k: sortKeyOf(r) }));
  decorated.sort((a, b) => compareSortKeys(a.k, b.k));
  return decorated;
}

/** The rows of several sorted runs in one sorted list (stable: ties keep the runs' order). */
export function mergeRuns(runs: readonly SortedRun[]): KeyRow[] {
  const merger = new RunMerger();
  for (const run of runs) merger.push(run);
  return merger.rows();
}

/**
 * Merges sorted runs as they come. A refresh sorts each page of a listing and hands it over while the next page is
 * still on its way; two runs of like size are merged at once (a binary counter), so most merging happens while
 * the network is waited for, and the last page leaves about one pass over the rows instead of log2(pages) passes.
 */
export class RunMerger {
  private readonly stack: SortedRun[] = [];

  push(run: SortedRun): void {
    if (run.length === 0) return;
    this.stack.push(run);
    while (this.stack.length > 1 && this.stack.at(-2)!.length <= this.stack.at(-1)!.length) this.mergeTop();
  }

  rows(): KeyRow[] {
    while (this.stack.length > 1) this.mergeTop();
    return (this.stack[0] ?? []).map((d) => d.r);
  }

  /** Only neighbours merge, the earlier run first: ties keep the order the runs came in. */
  private mergeTop(): void {
    const b = this.stack.pop()!;
    const a = this.stack.pop()!;
    this.stack.push(mergeTwo(a, b));
  }
}

function mergeTwo(a: SortedRun, b: SortedRun): SortedRun {
  const out: SortedRun = new Array<SortedRun[number]>(a.length + b.length);
  let i = 0;
  let j = 0;
  let o = 0;
  // Ties take from `a` first, so merging keeps the runs' own order (as a stable sort of their concatenation would).
  while (i < a.length && j < b.length) out[o++] = compareSortKeys(a[i]!.k, b[j]!.k) <= 0 ? a[i++]! : b[j++]!;
  while (i < a.length) out[o++] = a[i++]!;
  while (j < b.length) out[o++] = b[j++]!;
  return out;
}

/**
 * One array for each distinct capability (or option) list of a listing. B2 sends every key its own copy, and most
 * keys of an account share a handful of lists: sharing them lets the shard encoder and the hygiene summary decide
 * about each list once, by identity, instead of once per key.
 */
export class ListInterner {
  private readonly lists = new Map<string, string[]>();

  intern(list: string[]): string[] {
    const k = listKey(list);
    const known = this.lists.get(k);
    if (known) return known;
    this.lists.set(k, list);
    return list;
  }

  row(row: KeyRow): KeyRow {
    row[2] = this.intern(row[2]);
    row[6] = this.intern(row[6]);
    return row;
  }
}

/** \u0000 cannot occur in a capability or option name, so joined lists are distinct exactly when the lists are. */
function listKey(list: readonly string[]): string {
  return list.join('\u0000') + (list.length === 0 ? '' : '\u0001');
}

/**
 * A shard as it is stored: JSON text of `{ v: 2, p, c, o, r }`.
 * - `c` and `o` list the shard's distinct capability and option lists, and each row holds its lists' indexes there:
 *   most keys of an account share a few lists, which otherwise repeat in every row.
 * - `p` is the keyID prefix every row shares (an account's keyIDs share 15 of their 25 characters), and each row
 *   holds only the rest of its keyID.
 * - A row is `[keyId tail, keyName, capabilities index, options index, bucketIds, namePrefix, expirationTimestamp]`
 *   without its trailing nulls: most keys have no bucket, prefix or expiry.
 *
 * Chrome stores one string far faster than the same rows as nested arrays (10 MB: about 2 s against 6 s here), and
 * its cost grows with the string's length: at 100,000 keys the first refresh's write is most of what it adds to
 * the list calls (issue 9), and this form is about half the length of plain rows (`v` absent, decodeShard).
 */
export function encodeShard(rows: readonly KeyRow[]): string {
  const lists: { c: string[][]; o: string[][] } = { c: [], o: [] };
  const index = { c: new Map<string, number>(), o: new Map<string, number>() };
  // Rows usually share their list arrays (ListInterner, decodeShard): an array seen before needs no join.
  const byArray = { c: new Map<string[], number>(), o: new Map<string[], number>() };
  const at = (kind: 'c' | 'o', list: string[]): number => {
    const same = byArray[kind].get(list);
    if (same !== undefined) return same;
    const k = listKey(list);
    let i = index[kind].get(k);
    if (i === undefined) {
      i = lists[kind].push(list) - 1;
      index[kind].set(k, i);
    }
    byArray[kind].set(list, i);
    return i;
  };
  const p = commonPrefix(rows, (row) => row[0]);
  const r = rows.map((row) => {
    const out: unknown[] = [row[0].slice(p.length), row[1], at('c', row[2]), at('o', row[6]), row[3], row[4], row[5]];
    while (out.length > 4 && out[out.length - 1] === null) out.pop();
    return out;
  });
  return JSON.stringify({ v: 2, p, c: lists.c, o: lists.o, r });
}

/** The longest prefix every item's text shares ('' for no items). */
export function commonPrefix<T>(items: readonly T[], text: (item: T) => string): string {
  let p = items.length ? text(items[0]!) : '';
  for (const item of items) {
    const s = text(item);
    let n = 0;
    while (n < p.length && n < s.length && s.charCodeAt(n) === p.charCodeAt(n)) n++;
    if (n < p.length) p = p.slice(0, n);
    if (n === 0) break;
  }
  return p;
}

/**
 * Rows from what encodeShard stored (or what it stored before `v: 2`: `{ c, o, r }` with whole seven-field rows).
 * The rows share their capability and option arrays (nothing changes a row in place). Anything that is not such a
 * shard gives no rows, and a row that is not one is returned in a shape the row check drops: a cache can always be
 * fetched again.
 */
export function decodeShard(text: string): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  if (typeof value !== 'object' || value === null) return [];
  const { v, p, c, o, r } = value as { v?: unknown; p?: unknown; c?: unknown; o?: unknown; r?: unknown };
  if (!Array.isArray(c) || !Array.isArray(o) || !Array.isArray(r)) return [];
  if (v === 2) {
    if (typeof p !== 'string') return [];
    return r.map((row: unknown) => {
      if (!Array.isArray(row) || row.length < 4 || row.length > 7 || typeof row[0] !== 'string') return null;
      const caps: unknown = typeof row[2] === 'number' ? c[row[2]] : undefined;
      const opts: unknown = typeof row[3] === 'number' ? o[row[3]] : undefined;
      return [p + row[0], row[1], caps, row[4] ?? null, row[5] ?? null, row[6] ?? null, opts];
    });
  }
  if (v !== undefined) return [];
  return r.map((row: unknown) => {
    // A row whose list index is not one of the shard's lists keeps the bad value and fails the row check.
    if (!Array.isArray(row) || row.length !== 7) return row;
    const caps: unknown = typeof row[2] === 'number' ? c[row[2]] : undefined;
    const opts: unknown = typeof row[6] === 'number' ? o[row[6]] : undefined;
    return [row[0], row[1], caps, row[3], row[4], row[5], opts];
  });
}

/**
 * Cuts sorted rows into shards; `texts` holds each shard encoded for storage. Without `cuts` (a fresh cache) the
 * shards hold SHARD_TARGET rows each. With `cuts`, the first keys of the shards a cache holds now, the rows are cut
 * where those shards begin, so a listing in which a few keys came or went elsewhere changes only the shards those
 * keys fall in: cut every SHARD_TARGET rows instead, one key more near the top would shift every later shard and
 * rewrite the whole cache. A piece that grew past SHARD_MAX is cut again; a small one joins the piece before it.
 */
export function planShards(sorted: readonly KeyRow[], firstId = 0, cuts: readonly SortKey[] = []): { refs: ShardRef[]; shards: Map<number, KeyRow[]>; texts: Map<number, string> } {
  const refs: ShardRef[] = [];
  const shards = new Map<number, KeyRow[]>();
  const texts = new Map<number, string>();
  let id = firstId;
  for (const [from, to] of pieces(sorted, cuts)) {
    const rows = sorted.slice(from, to);
    const text = encodeShard(rows);
    refs.push({ id, count: rows.length, first: sortKeyOf(rows[0]!), h: shardHash(text) });
    shards.set(id, rows);
    texts.set(id, text);
    id++;
  }
  return { refs, shards, texts };
}

/** A piece this small (deletions emptied most of a shard) joins its neighbour, so shards do not crumble over time. */
export const SHARD_MIN = SHARD_TARGET >> 2;

/** [from, to) ranges of `sorted`, one per shard (see planShards). */
function pieces(sorted: readonly KeyRow[], cuts: readonly SortKey[]): [number, number][] {
  // Where each cut falls, by binary search: a few hundred comparisons, not one per row.
  const starts = [0];
  for (const cut of cuts.slice(1)) {
    const at = rowPosition(sorted, cut);
    if (at > starts.at(-1)! && at < sorted.length) starts.push(at);
  }
  const out: [number, number][] = [];
  for (let i = 0; i < starts.length; i++) {
    const from = starts[i]!;
    const to = starts[i + 1] ?? sorted.length;
    if (to - from > (cuts.length ? SHARD_MAX : SHARD_TARGET)) {
      for (let at = from; at < to; at += SHARD_TARGET) out.push([at, Math.min(at + SHARD_TARGET, to)]);
      continue;
    }
    const prev = out.at(-1);
    const size = to - from;
    if (prev && (size < SHARD_MIN || prev[1] - prev[0] < SHARD_MIN) && prev[1] - prev[0] + size <= SHARD_TARGET) prev[1] = to;
    else if (size > 0) out.push([from, to]);
  }
  return out;
}

/**
 * A 53-bit hash (cyrb53) of a shard's stored text: equal rows give equal hashes, and two different shards share one
 * with a chance of about 1 in 10^15, so a refresh may trust it to skip rewriting a shard it already holds.
 */
export function shardHash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** Index of the shard a row with this sort key belongs in (the last one starting at or before it). */
export function shardIndexFor(refs: readonly ShardRef[], key: SortKey): number {
  let lo = 0;
  let hi = refs.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (compareSortKeys(refs[mid]!.first, key) <= 0) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Position of `key` in sorted rows (where it is, or where it would go). */
export function rowPosition(rows: readonly KeyRow[], key: SortKey): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareSortKeys(sortKeyOf(rows[mid]!), key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Which shard holds list position `offset`, and the position within it. */
export function locate(refs: readonly ShardRef[], offset: number): { index: number; within: number } | null {
  let start = 0;
  for (let i = 0; i < refs.length; i++) {
    const count = refs[i]!.count;
    if (offset < start + count) return { index: i, within: offset - start };
    start += count;
  }
  return null;
}

export interface ShardEdit {
  refs: ShardRef[];
  /** Shards to write (new content), by id. */
  write: Map<number, KeyRow[]>;
  /** Shard ids to remove. */
  drop: number[];
  nextId: number;
}

/**
 * Puts a row into its shard (replacing a row of the same keyID found there). `rows` is the current content of
 * the target shard, read by the caller after asking shardIndexFor. Splits the shard when it grows past SHARD_MAX.
 */
export function insertRow(refs: readonly ShardRef[], index: number, rows: readonly KeyRow[], row: KeyRow, nextId: number): ShardEdit {
  const next = refs.map((r) => ({ ...r }));
  if (next.length === 0) {
    return { refs: [{ id: nextId, count: 1, first: sortKeyOf(row) }], write: new Map([[nextId, [row]]]), drop: [], nextId: nextId + 1 };
  }
  const without = rows.filter((r) => r[0] !== row[0]);
  const at = rowPosition(without, sortKeyOf(row));
  const merged = [...without.slice(0, at), row, ...without.slice(at)];
  const ref = next[index]!;
  if (merged.length <= SHARD_MAX) {
    next[index] = { id: ref.id, count: merged.length, first: sortKeyOf(merged[0]!) };
    return { refs: next, write: new Map([[ref.id, merged]]), drop: [], nextId };
  }
  const half = merged.length >> 1;
  const left = merged.slice(0, half);
  const right = merged.slice(half);
  next.splice(index, 1, { id: ref.id, count: left.length, first: sortKeyOf(left[0]!) }, { id: nextId, count: right.length, first: sortKeyOf(right[0]!) });
  return {
    refs: next,
    write: new Map([
      [ref.id, left],
      [nextId, right],
    ]),
    drop: [],
    nextId: nextId + 1,
  };
}

/** Takes the row with this keyID out of the shard at `index` (whose content is `rows`); an empty shard is dropped. */
export function removeRow(refs: readonly ShardRef[], index: number, rows: readonly KeyRow[], keyId: string, nextId: number): ShardEdit | null {
  const left = rows.filter((r) => r[0] !== keyId);
  if (left.length === rows.length) return null;
  const next = refs.map((r) => ({ ...r }));
  const ref = next[index]!;
  if (left.length === 0) {
    next.splice(index, 1);
    return { refs: next, write: new Map(), drop: [ref.id], nextId };
  }
  next[index] = { id: ref.id, count: left.length, first: sortKeyOf(left[0]!) };
  return { refs: next, write: new Map([[ref.id, left]]), drop: [], nextId };
}
