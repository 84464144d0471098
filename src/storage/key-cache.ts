/**
 * The key cache in storage.local, sharded (see key-shards.ts): `keys:<accountId>` is the meta's head (when it was
 * fetched, the last refresh error, the counts), `keys:<accountId>:refs` its index (where each shard starts, the
 * buckets; see keysHeadSchema) and `keys:<accountId>:<n>` the shards.
 *
 * Cached rows are B2's own listing, written only by the background: they are checked for shape when a shard is
 * read (cheap: arrays of known length), not re-parsed with zod row by row on every read.
 */
import { z } from '../common/zod';
import { lazySchema } from '../common/lazy-schema';
import { commonPrefix, compareSortKeys, decodeShard, encodeShard, fromRow, insertRow, locate, planShards, removeRow, shardIndexFor, sortKeyOf, sortRows, toRow, type KeyRow, type ShardRef } from './key-shards';
import { cachedKeySchema, type CachedKey } from './schema';
import { addExpiry, removeExpiry, summarizeExpiries } from './expiry-summary';
import { addHygiene, removeHygiene, summarizeHygiene, type HygieneSummary } from '../common/hygiene';
import type { LocalStore, Tx } from './store';

export const keysMetaKey = (accountId: string) => `keys:${accountId}` as const;
export const keysShardKey = (accountId: string, id: number) => `keys:${accountId}:${id}` as const;
/** Where each shard starts, and the buckets: written only when they change (see keysHeadSchema). */
export const keysIndexKey = (accountId: string) => `keys:${accountId}:refs` as const;
/** The cache before it was sharded: one item holding every key (storage format 1; migrations.ts converts it). */
export const legacyCacheKey = (accountId: string) => `cache:${accountId}` as const;

const sortKeySchema = lazySchema(() => z.object({ n: z.string(), name: z.string(), id: z.string() }));
export const bucketRecordSchema = lazySchema(() => z.object({ bucketId: z.string(), bucketName: z.string(), bucketType: z.string() }));
export type BucketRecord = z.infer<typeof bucketRecordSchema>;

const nat = () => z.number().check(z.int(), z.nonnegative());

const shardRefObjectSchema = lazySchema(() => z.object({ id: nat(), count: nat(), first: sortKeySchema, h: z.optional(z.string()) }));
/**
 * A shard ref as the single meta item stored it once the refs became tuples (still read): at 100,000 keys that item
 * listed 200 shards and was written with every create and delete, and the object form (field names, the lower-cased
 * name again) was two thirds of it. The lower-cased name is derived on reading (B2 key names are ASCII, see SortKey).
 */
const shardRefTupleSchema = lazySchema(() => z.pipe(
  z.tuple([nat(), nat(), z.string(), z.string()], z.string()),
  z.transform(([id, count, name, keyId, h]): ShardRef => ({ id, count, first: { n: name.toLowerCase(), name, id: keyId }, ...(h === undefined ? {} : { h }) })),
));

/** The meta's fields that change with every create and delete; stored in the head item, and in the single meta item before it. */
const changingFields = () => ({
  v: z.literal(2),
  fetchedAt: z.nullable(z.number()),
  lastError: z.nullable(z.string()),
  count: nat(),
  nextShard: nat(),
  /** Bumped by every change: in-memory copies of the list compare it to know they are current. */
  gen: nat(),
  /**
   * The highest keyID when the list was last replaced whole (a refresh); not moved by creates, so every key made
   * after that listing that B2 numbered in order sorts after it (create checks, CreateRecord `tailFrom`).
   */
  last: z.optional(z.string()),
  /** The soonest expiry timestamps, for the toolbar badge (expiry-summary.ts); absent in caches written before it. */
  soonest: z.optional(z.object({ ts: z.array(z.number()), complete: z.boolean() })),
  /** Issue 13: counts (and a few keyIDs) of the hygiene kinds a row decides alone (common/hygiene.ts); absent in older caches. */
  hyg: z.optional(z.object({
    n: z.object({ neverExpires: z.number(), allBuckets: z.number(), keyAdmin: z.number() }),
    s: z.object({ neverExpires: z.array(z.tuple([z.string(), z.string()])), allBuckets: z.array(z.tuple([z.string(), z.string()])), keyAdmin: z.array(z.tuple([z.string(), z.string()])) }),
  })),
});

/**
 * The meta as one item, in memory and as stored before the head and index were split (still read). Its shards
 * were stored as `[id, count, first name, first keyID, hash?]`, their first keyIDs without their shared prefix `kp`.
 */
export const keysMetaSchema = lazySchema(() => z.object({
  ...changingFields(),
  buckets: z.array(bucketRecordSchema),
  shards: z.array(z.union([shardRefObjectSchema, shardRefTupleSchema])),
  kp: z.optional(z.string()),
}));
export type KeysMeta = Omit<z.infer<typeof keysMetaSchema>, 'kp'>;

/**
 * The meta is stored as two items. The head (`keys:<accountId>`) holds what every create and delete changes: the
 * count, the generation, each shard's row count (`c`, in the index's order) and the summaries. The index
 * (`keys:<accountId>:refs`) holds where each shard starts, its hash and the buckets, and is written only when
 * those change: a refresh that changed shards, a shard split, dropped or starting at another key. Why: the index
 * grows with the account (200 refs, about 10 KB at 100,000 keys), and writing it with every create made a create's
 * bytes grow with the account too (issue 9).
 *
 * An edited shard's hash no longer matches its rows. Rather than write the index to drop it, the head lists the
 * shard's id in `d` (stale hashes), and the hash is ignored on reading.
 *
 * The two are always written in the same storage call; `t` tells a pair read from either side of one.
 */
const keysHeadSchema = lazySchema(() => z.object({ ...changingFields(), c: z.array(nat()), d: z.optional(z.array(nat())), t: z.optional(z.string()) }));
type StoredHead = z.infer<typeof keysHeadSchema>;
const keysIndexSchema = lazySchema(() => z.object({
  kp: z.optional(z.string()),
  /** `[id, first name, first keyID without kp, hash?]` per shard, in list order. */
  r: z.array(z.tuple([nat(), z.string(), z.string()], z.string())),
  b: z.array(bucketRecordSchema),
  /**
   * Made anew whenever the index is written, and copied into every head written with it or after it: a head and an
   * index with different tokens were read from either side of a write (see KeyCache.meta).
   */
  t: z.optional(z.string()),
}));
type StoredIndex = z.infer<typeof keysIndexSchema>;
const EMPTY_INDEX: StoredIndex = { r: [], b: [] };

/** The stored index as read: none stored is an empty one; undefined when it is unreadable. */
function parseIndex(raw: unknown): StoredIndex | undefined {
  return raw === undefined ? EMPTY_INDEX : keysIndexSchema.safeParse(raw).data;
}

/**
 * The meta as stored (see keysHeadSchema). `before` is the index stored now: a ref without a hash whose shard has
 * one there keeps it there, listed as stale, so an edit leaves the index as it was.
 */
function storedMeta(meta: KeysMeta, before: StoredIndex = EMPTY_INDEX): { head: StoredHead; index: StoredIndex } {
  const { buckets, shards, ...fields } = meta;
  const storedHash = new Map(before.r.map((e) => [e[0], e[3]]));
  const stale: number[] = [];
  const kp = commonPrefix(shards, (r) => r.first.id);
  const r = shards.map((ref) => {
    const entry: StoredIndex['r'][number] = [ref.id, ref.first.name, ref.first.id.slice(kp.length)];
    const h = ref.h ?? storedHash.get(ref.id);
    if (h !== undefined) entry.push(h);
    if (ref.h === undefined && h !== undefined) stale.push(ref.id);
    return entry;
  });
  return {
    head: { ...fields, c: shards.map((ref) => ref.count), ...(stale.length ? { d: stale } : {}) },
    index: { ...(kp ? { kp } : {}), r, b: buckets },
  };
}

/** Read from either side of a write (their tokens differ): read again, both in one storage call. */
const TORN = Symbol('torn');

/** The meta from its stored items (or the single item written before them); null when they are unreadable or disagree. */
function readMeta(rawHead: unknown, rawIndex: unknown): KeysMeta | null | typeof TORN {
  const head = keysHeadSchema.safeParse(rawHead);
  if (!head.success) {
    const single = keysMetaSchema.safeParse(rawHead);
    return single.success ? withWholeIds(single.data) : null;
  }
  const index = parseIndex(rawIndex);
  const { c, d, t, ...fields } = head.data;
  if (index && index.t !== t) return TORN;
  if (!index || index.r.length !== c.length) return null;
  const stale = new Set(d);
  const kp = index.kp ?? '';
  const shards = index.r.map(([id, name, tail, h], i): ShardRef => ({ id, count: c[i]!, first: { n: name.toLowerCase(), name, id: kp + tail }, ...(h === undefined || stale.has(id) ? {} : { h }) }));
  return { ...fields, buckets: index.b, shards };
}

function highestKeyId(rows: readonly KeyRow[]): string | undefined {
  let last: string | undefined;
  for (const r of rows) if (last === undefined || r[0] > last) last = r[0];
  return last;
}

/** A token for an index written anew (keysIndexSchema's `t`): only ever compared with the one in its head. */
function newToken(): string {
  return Math.random().toString(36).slice(2, 10);
}

/** JSON with every object's keys in order: Chromium's storage gives objects back with their keys sorted. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** A single-item meta as read, with each ref's whole first keyID (its `kp` stored their shared prefix once). */
function withWholeIds(meta: z.infer<typeof keysMetaSchema>): KeysMeta {
  const { kp, ...rest } = meta;
  if (!kp) return rest;
  return { ...rest, shards: meta.shards.map((r) => ({ ...r, first: { ...r.first, id: kp + r.first.id } })) };
}

export const EMPTY_META: KeysMeta = { v: 2, fetchedAt: null, lastError: null, buckets: [], count: 0, nextShard: 0, gen: 0, shards: [] };

export const legacyCacheSchema = lazySchema(() => z.object({
  fetchedAt: z.nullable(z.number()),
  keys: z.array(z.omit(cachedKeySchema, { accountId: true })),
  buckets: z.array(bucketRecordSchema),
  lastError: z.nullable(z.string()),
}));

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}

function isRow(v: unknown): v is KeyRow {
  if (!Array.isArray(v) || v.length !== 7) return false;
  const [id, name, caps, buckets, prefix, exp, options] = v as unknown[];
  return (
    typeof id === 'string' &&
    typeof name === 'string' &&
    isStringArray(caps) &&
    (buckets === null || isStringArray(buckets)) &&
    (prefix === null || typeof prefix === 'string') &&
    (exp === null || typeof exp === 'number') &&
    isStringArray(options)
  );
}

/**
 * A shard is stored as text (encodeShard); caches written before that hold the rows as arrays, read as they are.
 * A shard that is neither is read as empty and rows of the wrong shape are skipped; the reader notes it
 * (KeyCache.tally), and the next refresh writes it anew.
 */
function asRows(raw: unknown): KeyRow[] {
  const value = typeof raw === 'string' ? decodeShard(raw) : raw;
  return Array.isArray(value) ? value.filter(isRow) : [];
}

/** What a key holds as seen from inside a write: removed or set by the write, else what is stored. */
function overlay(key: string, tx: Tx | undefined, stored: unknown): unknown {
  const pending = tx?.pending(key);
  return pending === undefined ? stored : pending?.value;
}

/** Shards read together when the whole list is loaded (about 0.5 MB). */
const ALL_SHARDS_PER_READ = 10;

export class KeyCache {
  /**
   * Shards that read back with another number of rows than the index gives them, by account: missing or damaged at
   * rest. A refresh does not keep them by their hash, and while the index names one the list is due for a refresh
   * (hasDamage).
   */
  private readonly short = new Map<string, Set<number>>();

  constructor(private readonly store: LocalStore) {}

  /**
   * The rows, after noting a shard whose rows disagree with its ref. A write that landed between the read of the
   * index and the shard's (a create or delete on another page) disagrees too, and would cost a billed refresh: the
   * two are read again in one storage call, and only a shard that still disagrees is noted.
   */
  private async tally(accountId: string, ref: ShardRef, rows: KeyRow[], tx?: Tx): Promise<KeyRow[]> {
    if (rows.length === ref.count || tx) return rows;
    const keys = [keysMetaKey(accountId), keysIndexKey(accountId), keysShardKey(accountId, ref.id)];
    const fresh = await this.store.rawTogether(keys).catch(() => null);
    const meta = fresh ? readMeta(fresh[keys[0]!], fresh[keys[1]!]) : undefined;
    const now = meta && meta !== TORN ? meta.shards.find((s) => s.id === ref.id) : undefined;
    if (now && asRows(fresh![keys[2]!]).length !== now.count) {
      let ids = this.short.get(accountId);
      if (!ids) this.short.set(accountId, (ids = new Set()));
      ids.add(ref.id);
    }
    return rows;
  }

  /** Whether a shard this index names read short since this background started: a refresh writes it anew. */
  hasDamage(accountId: string, meta: KeysMeta): boolean {
    const ids = this.short.get(accountId);
    return ids !== undefined && meta.shards.some((s) => ids.has(s.id));
  }

  /** Within a write, what that write has already set or removed wins over what is stored (several changes, one write). */
  private async read(key: string, tx?: Tx): Promise<unknown> {
    const pending = tx?.pending(key);
    return pending === undefined ? this.store.raw(key) : pending?.value;
  }

  async meta(accountId: string, tx?: Tx): Promise<KeysMeta> {
    // Absent or unreadable: an empty list, which the next refresh fills (a cache can always be fetched again).
    const keys = [keysMetaKey(accountId), keysIndexKey(accountId)] as const;
    const read = await Promise.all(keys.map((k) => this.read(k, tx)));
    let meta = readMeta(read[0], read[1]);
    if (meta === TORN) {
      // The head kept in memory from before a write that is landing, the index read from storage after it (or the
      // other way round): both again in one call, which sees the write whole or not at all.
      const fresh = await this.store.rawTogether([...keys]);
      meta = readMeta(overlay(keys[0], tx, fresh[keys[0]]), overlay(keys[1], tx, fresh[keys[1]]));
    }
    return meta === TORN ? EMPTY_META : (meta ?? EMPTY_META);
  }

  /** Writes the meta's head, and its index only when that changed (see keysHeadSchema). */
  private async writeMeta(tx: Tx, accountId: string, meta: KeysMeta): Promise<void> {
    const raw = await this.read(keysIndexKey(accountId), tx);
    const before = parseIndex(raw);
    const { head, index } = storedMeta(meta, before);
    // Compared as stored, token aside: an unreadable index (null included) differs from any written one and is replaced.
    const same = before !== undefined && canonicalJson(index) === canonicalJson({ ...before, t: undefined });
    const t = same ? before.t : newToken();
    if (!same) tx.setItem(keysIndexKey(accountId), { ...index, t });
    tx.setItem(keysMetaKey(accountId), t === undefined ? head : { ...head, t });
  }

  async shard(accountId: string, id: number, tx?: Tx): Promise<KeyRow[]> {
    return asRows(await this.read(keysShardKey(accountId, id), tx));
  }

  /** Rows at list positions [offset, offset + limit): reads only the shards that hold them. */
  async window(accountId: string, offset: number, limit: number, meta?: KeysMeta): Promise<KeyRow[]> {
    const m = meta ?? (await this.meta(accountId));
    const out: KeyRow[] = [];
    let at = locate(m.shards, offset);
    while (at && out.length < limit) {
      const ref = m.shards[at.index]!;
      const rows = await this.tally(accountId, ref, await this.shard(accountId, ref.id));
      out.push(...rows.slice(at.within, at.within + (limit - out.length)));
      at = at.index + 1 < m.shards.length ? { index: at.index + 1, within: 0 } : null;
    }
    return out;
  }

  /** Every row, in list order (for search and the lists that need all keys). */
  async all(accountId: string, meta?: KeysMeta): Promise<KeyRow[]> {
    const m = meta ?? (await this.meta(accountId));
    if (m.shards.length === 0) return [];
    const keys = m.shards.map((s) => keysShardKey(accountId, s.id));
    const out: KeyRow[] = [];
    // A few shards per read: one read of 100,000 keys (10 MB) held the background for its whole length, and a
    // popup opening meanwhile waited for it; between smaller reads other messages are answered.
    for (let i = 0; i < keys.length; i += ALL_SHARDS_PER_READ) {
      const part = keys.slice(i, i + ALL_SHARDS_PER_READ);
      const got = await this.store.rawMany(part);
      for (const [j, k] of part.entries()) for (const row of await this.tally(accountId, m.shards[i + j]!, asRows(got[k]))) out.push(row);
    }
    return out;
  }

  /** Every key with exactly this name (names sort together, so this reads one shard, rarely two). */
  async named(accountId: string, name: string): Promise<CachedKey[]> {
    const m = await this.meta(accountId);
    const n = name.toLowerCase();
    const out: CachedKey[] = [];
    for (let index = m.shards.length ? shardIndexFor(m.shards, { n, name, id: '' }) : 0; index < m.shards.length; index++) {
      const rows = await this.tally(accountId, m.shards[index]!, await this.shard(accountId, m.shards[index]!.id));
      for (const r of rows) if (r[1] === name) out.push(fromRow(accountId, r));
      const last = rows.at(-1);
      if (last && compareSortKeys(sortKeyOf(last), { n, name, id: '\uffff' }) > 0) break;
    }
    return out;
  }

  /** One key by keyID. Its name, when known, leads to its shard; otherwise every shard is searched. */
  async find(accountId: string, keyId: string, nameHint?: string): Promise<CachedKey | undefined> {
    const found = await this.findRef(accountId, await this.meta(accountId), keyId, nameHint);
    return found ? fromRow(accountId, found.rows[found.pos]!) : undefined;
  }

  /** Replaces the whole list (a refresh): every shard is written anew and the old ones removed. */
  async replaceAll(tx: Tx, accountId: string, keys: readonly CachedKey[], fields: Pick<KeysMeta, 'fetchedAt' | 'lastError' | 'buckets'>): Promise<void> {
    await this.replaceSorted(tx, accountId, sortRows(keys.map(toRow)), fields);
  }

  /** replaceAll for rows already in list order (sortRows, mergeRuns), one row per keyID. */
  async replaceSorted(tx: Tx, accountId: string, sorted: readonly KeyRow[], fields: Pick<KeysMeta, 'fetchedAt' | 'lastError' | 'buckets'>): Promise<void> {
    const old = await this.meta(accountId, tx);
    const plan = planShards(sorted, old.nextShard, old.shards.map((s) => s.first));
    // A refresh of an account that changed little writes only the shards that changed: a stored shard whose
    // hash matches a planned one is kept under its own id (edits drop a shard's hash, so it is never stale).
    const short = this.short.get(accountId);
    const stored = new Map(old.shards.filter((s) => s.h !== undefined && !short?.has(s.id)).map((s) => [s.h!, s]));
    const kept = new Set<number>();
    const refs: ShardRef[] = [];
    for (const ref of plan.refs) {
      const same = stored.get(ref.h!);
      if (same && same.count === ref.count && !kept.has(same.id)) {
        kept.add(same.id);
        refs.push({ ...ref, id: same.id });
      } else {
        refs.push(ref);
        // A new id: no stored meta names it until this write's meta lands, so it can be staged (Tx.stage).
        tx.stage(keysShardKey(accountId, ref.id), plan.texts.get(ref.id)!);
      }
    }
    for (const s of old.shards) {
      if (kept.has(s.id)) continue;
      tx.remove(keysShardKey(accountId, s.id));
      short?.delete(s.id);
    }
    // Unchanged rows keep the generation, so in-memory copies of the list (search, filters) stay valid.
    const unchanged = kept.size === old.shards.length && refs.length === old.shards.length && sorted.length === old.count;
    const soonest = summarizeExpiries(sorted.map((r) => r[5]));
    const hyg = summarizeHygiene(sorted);
    const { last: _old, ...rest } = old;
    const last = highestKeyId(sorted);
    await this.writeMeta(tx, accountId, { ...rest, ...fields, count: sorted.length, nextShard: old.nextShard + plan.shards.size, gen: unchanged ? old.gen : old.gen + 1, shards: refs, soonest, hyg, ...(last === undefined ? {} : { last }) });
    tx.remove(legacyCacheKey(accountId));
  }

  /** Adds or replaces one key: one shard (two if it splits) and the meta item are written. */
  async upsert(tx: Tx, accountId: string, key: CachedKey): Promise<void> {
    const meta = await this.meta(accountId, tx);
    const row = toRow(key);
    // A key already listed under another name (B2 names do not change, but a placeholder row may lack one) goes first.
    const existing = await this.findRef(accountId, meta, key.applicationKeyId, key.keyName, tx);
    let refs: readonly ShardRef[] = meta.shards;
    let nextId = meta.nextShard;
    let count = meta.count;
    let soonest = meta.soonest;
    if (existing && soonest) soonest = removeExpiry(soonest, existing.rows[existing.pos]![5]);
    if (soonest) soonest = addExpiry(soonest, row[5]);
    let hyg: HygieneSummary | undefined = meta.hyg;
    if (existing && hyg) hyg = removeHygiene(hyg, existing.rows[existing.pos]!);
    if (hyg) hyg = addHygiene(hyg, row);
    const written = new Map<number, KeyRow[]>();
    if (existing && compareSortKeys(sortKeyOf(existing.rows[existing.pos]!), sortKeyOf(row)) !== 0) {
      const edit = removeRow(refs, existing.index, existing.rows, key.applicationKeyId, nextId)!;
      ({ refs, nextId } = edit);
      count--;
      for (const [id, rows] of edit.write) written.set(id, rows);
      for (const id of edit.drop) tx.remove(keysShardKey(accountId, id));
    } else if (existing) count--;
    const index = refs.length ? shardIndexFor(refs, sortKeyOf(row)) : 0;
    const target = refs.length ? (written.get(refs[index]!.id) ?? (await this.shard(accountId, refs[index]!.id, tx))) : [];
    const edit = insertRow(refs, index, target, row, nextId);
    for (const [id, rows] of edit.write) written.set(id, rows);
    for (const [id, rows] of written) tx.setItem(keysShardKey(accountId, id), encodeShard(rows));
    await this.writeMeta(tx, accountId, { ...meta, count: count + 1, nextShard: edit.nextId, gen: meta.gen + 1, shards: edit.refs, ...(soonest ? { soonest } : {}), ...(hyg ? { hyg } : {}) });
  }

  /** Takes one key out; nothing is written when it is not listed. */
  async remove(tx: Tx, accountId: string, keyId: string, nameHint?: string): Promise<void> {
    const meta = await this.meta(accountId, tx);
    const found = await this.findRef(accountId, meta, keyId, nameHint, tx);
    if (!found) return;
    const edit = removeRow(meta.shards, found.index, found.rows, keyId, meta.nextShard)!;
    for (const [id, rows] of edit.write) tx.setItem(keysShardKey(accountId, id), encodeShard(rows));
    for (const id of edit.drop) tx.remove(keysShardKey(accountId, id));
    const soonest = meta.soonest && removeExpiry(meta.soonest, found.rows[found.pos]![5]);
    const hyg = meta.hyg && removeHygiene(meta.hyg, found.rows[found.pos]!);
    await this.writeMeta(tx, accountId, { ...meta, count: meta.count - 1, gen: meta.gen + 1, shards: edit.refs, ...(soonest ? { soonest } : {}), ...(hyg ? { hyg } : {}) });
  }

  /** Changes only the meta fields (a refresh error, the buckets). */
  async setFields(tx: Tx, accountId: string, fields: Partial<Pick<KeysMeta, 'lastError' | 'buckets'>>): Promise<void> {
    const meta = await this.meta(accountId, tx);
    await this.writeMeta(tx, accountId, { ...meta, ...fields, gen: meta.gen + 1 });
  }

  /**
   * Stores an expiry summary counted from generation `gen` of the list (a cache written before summaries existed);
   * dropped if the list changed meanwhile. The generation is kept: nothing a page shows has changed.
   */
  async setSoonest(tx: Tx, accountId: string, gen: number, soonest: NonNullable<KeysMeta['soonest']>): Promise<void> {
    const meta = await this.meta(accountId, tx);
    if (meta.gen !== gen || meta.shards.length === 0) return;
    await this.writeMeta(tx, accountId, { ...meta, soonest });
  }

  /** Stores a hygiene summary counted from generation `gen` (a cache written before issue 13); see setSoonest. */
  async setHygiene(tx: Tx, accountId: string, gen: number, hyg: HygieneSummary): Promise<void> {
    const meta = await this.meta(accountId, tx);
    if (meta.gen !== gen) return;
    await this.writeMeta(tx, accountId, { ...meta, hyg });
  }

  /**
   * Removes every item of the account's cache: the shards its meta names, and any other shard of the account (staged
   * by a write whose meta never landed, or named by a meta that is damaged), which nothing would read or remove.
   */
  async drop(tx: Tx, accountId: string): Promise<void> {
    // An account added again numbers its shards from 0 again.
    this.short.delete(accountId);
    const meta = await this.meta(accountId, tx);
    for (const s of meta.shards) tx.remove(keysShardKey(accountId, s.id));
    const prefix = keysShardKey(accountId, 0).replace(/0$/, '');
    for (const item of await this.store.itemKeys()) if (item.startsWith(prefix) && /^\d+$/.test(item.slice(prefix.length))) tx.remove(item);
    tx.remove(keysMetaKey(accountId));
    tx.remove(keysIndexKey(accountId));
    tx.remove(legacyCacheKey(accountId));
  }

  private async findRef(accountId: string, meta: KeysMeta, keyId: string, nameHint?: string, tx?: Tx): Promise<{ index: number; rows: KeyRow[]; pos: number } | null> {
    if (meta.shards.length === 0) return null;
    if (nameHint !== undefined) {
      const index = shardIndexFor(meta.shards, { n: nameHint.toLowerCase(), name: nameHint, id: keyId });
      const rows = await this.tally(accountId, meta.shards[index]!, await this.shard(accountId, meta.shards[index]!.id, tx), tx);
      const pos = rows.findIndex((r) => r[0] === keyId);
      if (pos >= 0) return { index, rows, pos };
    }
    // No name, or a wrong one: every shard, read in one storage call.
    const keys = meta.shards.map((r) => keysShardKey(accountId, r.id));
    const stored = await this.store.rawMany(keys);
    for (let index = 0; index < meta.shards.length; index++) {
      const key = keys[index]!;
      const rows = await this.tally(accountId, meta.shards[index]!, asRows(overlay(key, tx, stored[key])), tx);
      const pos = rows.findIndex((r) => r[0] === keyId);
      if (pos >= 0) return { index, rows, pos };
    }
    return null;
  }
}

/** Items that hold a format-1 cache (`cache:<accountId>`) in sharded form, for the storage migration. */
export function convertLegacyCache(accountId: string, raw: unknown): Record<string, unknown> | null {
  const legacy = legacyCacheSchema.safeParse(raw);
  if (!legacy.success) return null;
  const { fetchedAt, lastError, buckets, keys } = legacy.data;
  const { refs, texts } = planShards(sortRows(keys.map((k) => toRow({ ...k, accountId }))));
  const items: Record<string, unknown> = {};
  for (const [id, text] of texts) items[keysShardKey(accountId, id)] = text;
  const { head, index } = storedMeta({ v: 2, fetchedAt, lastError, buckets, count: keys.length, nextShard: texts.size, gen: 1, shards: refs });
  items[keysMetaKey(accountId)] = head;
  // An empty index is as good as none (readMeta), and writing none keeps an empty account to one item.
  if (index.r.length || index.b.length) items[keysIndexKey(accountId)] = index;
  return items;
}
