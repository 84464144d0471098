/**
 * Typed access to storage.local for the background. Reads validate against the layout's schemas;
 * writes go through one queue and are refused while the store is read-only (data from a newer build).
 */
import type { z } from '../common/zod';
import { sealedSecretSchema, type SealedSecret } from '../vault';
import type { StorageAreaLike } from './area';
import { migrate, type MigrationResult } from './migrations';
import { WriteQueue } from './queue';
import { salvageSettings } from './settings';
import {
  createRecordSchema,
  DEFAULT_SETTINGS,
  JOURNAL_KEY,
  lostKey,
  lostKeySchema,
  keyNoteSchema,
  notesKey,
  usageKey,
  checksKey,
  secretCheckRecordSchema,
  type SecretCheckRecord,
  layout,
  secretsKey,
  storedAccountSchema,
  storedSecretSchema,
  type CreateRecord,
  type KeyNote,
  type Layout,
  type LostKey,
  type SecretsByKeyId,
  type StoredAccount,
  type StoredSecret,
} from './schema';

/** One record-shaped value read entry by entry; see LocalStore.readRecord. */
export interface RecordRead<T> {
  valid: Record<string, T>;
  damaged: string[];
  corrupt: boolean;
}

export class ReadOnlyError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'ReadOnlyError';
  }
}

/**
 * Items of the key cache (its meta's head and index and its shards: `keys:<account>`, `keys:<account>:refs` and
 * `keys:<account>:<n>`) are kept in memory once read. Every list window, search keystroke and popup opening reads
 * them, and at 100,000 keys the meta alone is 11 KB through the browser's storage on each call. Safe because only
 * this store writes them (see onWritten): a write drops what it touched. Other items are read afresh unless a read
 * asks for a recent one (RECENT_READ_MS): an edit made behind the background's back to accounts, secrets or
 * settings must be seen before anything is sent (test/e2e/storage-trust.test.ts), and a cached key list can always
 * be fetched from B2 again.
 */
const KEPT = /^keys:/;
/**
 * How old a read of another item may be for a read that asks for a recent one (ReadOptions.recent). Only what the
 * background shows and never sends anywhere (a list window, a search keystroke, the accounts' saved-secret counts
 * and their seal checks' look at the vault header, the auto-lock policy) asks: in
 * Firefox the storage call of each keystroke took 7-22 ms while the popup drew. A write of the item by this store
 * drops the read at once, so only an edit made behind the background's back (Firefox lets content scripts write
 * storage.local) can go unseen there, and for this long at most; everything that calls B2 or opens a secret reads
 * afresh, so such an edit is still caught before anything is sent (test/e2e/storage-trust.test.ts).
 */
export const RECENT_READ_MS = 5_000;

/** How a read may be answered (see RECENT_READ_MS). */
export interface ReadOptions {
  /** A read of the item made at most RECENT_READ_MS ago, with no write of it since, will do. */
  recent?: boolean;
}

/** Key-cache items kept at most (a screen needs one or two shards; the meta's head and index are two more). */
const KEPT_MAX = 16;

/**
 * Staged items (Tx.stage) go to the browser in this many calls at most, side by side: a refresh of 100,000 keys
 * stages about 200 shards (6.4 MB), and Chromium took 563–576 ms for them as one storage.local.set against
 * 311–372 ms as 20 calls (test/bench: refresh into an empty cache, issue 9).
 */
export const STAGE_CALLS = 16;
/** Fewer staged items than this are sent in one call: splitting a few small items only adds round trips. */
const STAGE_MIN_PER_CALL = 4;

/** Staged items cut into at most STAGE_CALLS groups of at least STAGE_MIN_PER_CALL (but one group for fewer). */
export function stageGroups(items: Record<string, unknown>): Record<string, unknown>[] {
  const keys = Object.keys(items);
  const calls = Math.max(1, Math.min(STAGE_CALLS, Math.floor(keys.length / STAGE_MIN_PER_CALL)));
  const groups: Record<string, unknown>[] = Array.from({ length: Math.min(calls, keys.length) }, () => ({}));
  keys.forEach((k, i) => (groups[i % groups.length]![k] = items[k]));
  return groups;
}

/**
 * The items a write that landed has still to remove. A write's sets land in one storage call and its removals in a
 * second; the names to remove go into the first, so that a second call refused (an I/O error) or cut off (the worker
 * stopped, the browser closed) is finished before the next write, and by the start-up chores. Until then only items
 * nothing refers to any more remain (a removed account's, shards no meta names). Key names only, no values.
 */
export const PENDING_REMOVALS_KEY = 'pendingRemovals';

/** The items a write removes whole: an account's per-account items and key-cache items, the old cache. */
const REMOVABLE = /^(?:keys|secrets|lost|notes|usage|checks|cache):/;

export class LocalStore {
  private readonly queue = new WriteQueue();
  /** Whether this background has made sure no write's removals are pending (see PENDING_REMOVALS_KEY). */
  private removalsChecked = false;
  /** Reads of key-cache items, as promises so that simultaneous reads share one storage call. */
  private readonly kept = new Map<string, Promise<unknown>>();
  private ready: Promise<MigrationResult> | null = null;
  private readonly written: ((keys: readonly string[]) => void)[] = [];
  /** The last read of each other item, for reads that ask for a recent one (RECENT_READ_MS). */
  private readonly recentReads = new Map<string, { at: number; read: Promise<unknown> }>();
  readOnlyReason: string | null = null;

  constructor(
    private readonly area: StorageAreaLike,
    /** A clock for RECENT_READ_MS (monotonic; tests pass their own). */
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * Calls `fn` with the names of the items each write set or removed, after it landed. The background watches
   * its own writes this way rather than with storage.onChanged: Chrome sends every listener the old and new
   * values of each change, and a refresh of 100,000 keys took three times as long while the writing context
   * itself listened. Only the background writes storage.local, so nothing is missed.
   */
  onWritten(fn: (keys: readonly string[]) => void): void {
    this.written.push(fn);
  }

  /**
   * Runs migrations once; every other method waits for it. A failed run (a storage call refused at start) is
   * forgotten, so the next call tries again instead of this background failing every call until it restarts
   * (Firefox keeps an event page alive while the popup polls it). Each migration step can be run again.
   */
  init(): Promise<MigrationResult> {
    if (this.ready) return this.ready;
    const ready = this.queue.run(async () => {
      const result = await migrate(this.area).catch((e: unknown) => {
        throw new StorageUpgradeError(e);
      });
      this.readOnlyReason = result.readOnly ? result.reason : null;
      return result;
    });
    this.ready = ready;
    ready.catch(() => {
      if (this.ready === ready) this.ready = null;
    });
    return ready;
  }

  private async readKey<S extends z.ZodMiniType>(key: string, schema: S, opts?: ReadOptions): Promise<z.output<S> | undefined> {
    const raw = await this.raw(key, opts);
    if (raw === undefined) return undefined;
    const parsed = schema.safeParse(raw);
    // A value we cannot parse is left in place untouched (never overwritten by a default) and read as absent.
    return parsed.success ? parsed.data : undefined;
  }

  /** The stored value as it is, unvalidated: tells "absent" from "present but unreadable". */
  async raw(key: string, opts?: ReadOptions): Promise<unknown> {
    await this.init();
    if (!KEPT.test(key)) return this.readRecent(key, opts);
    return this.kept.get(key) ?? this.keep(key, this.area.get(key).then((got) => got[key]));
  }

  /**
   * Key-cache items read afresh in one storage call, and kept. Items one write set together are then seen as they
   * were before that write or as it left them, never one of each: kept items are read and dropped one by one, so
   * two of them read separately can straddle a write that is landing (KeyCache.meta checks its two for that).
   */
  async rawTogether(keys: string[]): Promise<Record<string, unknown>> {
    await this.init();
    const all = this.area.get(keys);
    for (const key of keys) {
      this.kept.delete(key);
      this.keep(key, all.then((got) => got[key]));
    }
    return all;
  }

  /** Kept in the map at once, so that a write landing before the read is back drops it (see write). */
  private keep(key: string, read: Promise<unknown>): Promise<unknown> {
    // A failed read is not kept: the next one tries again.
    read.catch(() => this.kept.get(key) === read && this.kept.delete(key));
    this.kept.set(key, read);
    if (this.kept.size > KEPT_MAX) this.kept.delete(this.kept.keys().next().value!);
    return read;
  }

  /** An item other than the key cache's: the last read of it when that is recent enough and asked for, else a new read. */
  private readRecent(key: string, opts: ReadOptions | undefined): Promise<unknown> {
    const now = this.now();
    const last = this.recentReads.get(key);
    if (opts?.recent && last && now - last.at <= RECENT_READ_MS) return last.read;
    for (const [k, r] of this.recentReads) if (now - r.at > RECENT_READ_MS) this.recentReads.delete(k);
    const read = this.readSoon(key);
    const entry = { at: now, read };
    this.recentReads.set(key, entry);
    // A failed read is not reused: the next one tries again.
    read.catch(() => this.recentReads.get(key) === entry && this.recentReads.delete(key));
    return read;
  }

  /** Items asked for in the same turn, read in one storage call when the turn ends. */
  private batch: { keys: Set<string>; read: Promise<Record<string, unknown>> } | null = null;

  /**
   * One item, read together with the others asked for in the same turn: a status answer needs four items, and
   * four storage calls cost a woken worker more than one call for four. Nothing is kept once the call is back.
   */
  private readSoon(key: string): Promise<unknown> {
    if (!this.batch) {
      const keys = new Set<string>();
      const read = Promise.resolve().then(() => {
        this.batch = null;
        return this.area.get([...keys]);
      });
      this.batch = { keys, read };
    }
    this.batch.keys.add(key);
    return this.batch.read.then((got) => got[key]);
  }

  /**
   * Record-shaped values (accounts, secrets) are validated entry by entry: one damaged entry must not
   * hide the others, and it is reported as damaged rather than silently dropped. A stored value that is
   * not a record at all (a string, an array, a number) is `corrupt`: everything it should hold is
   * damaged, which is never the same as "nothing saved".
   */
  private async readRecord<S extends z.ZodMiniType>(
    key: string,
    entry: S,
    keyIds?: readonly string[] | Promise<readonly string[]>,
    opts?: ReadOptions,
  ): Promise<RecordRead<z.output<S>>> {
    // The read starts at once; which entries to validate may still be on its way (a window being read).
    const [raw, only] = await Promise.all([this.raw(key, opts), keyIds]);
    const valid: Record<string, z.output<S>> = {};
    const damaged: string[] = [];
    if (raw === undefined) return { valid, damaged, corrupt: false };
    if (!isPlainObject(raw)) return { valid, damaged, corrupt: true };
    const entries = only ? only.filter((id) => Object.hasOwn(raw, id)).map((id) => [id, raw[id]] as const) : Object.entries(raw);
    for (const [id, value] of entries) {
      const parsed = entry.safeParse(value);
      if (parsed.success) valid[id] = parsed.data;
      else damaged.push(id);
    }
    return { valid, damaged, corrupt: false };
  }

  get<K extends keyof Layout>(key: K, opts?: ReadOptions): Promise<Layout[K] | undefined> {
    return this.readKey(key, layout[key], opts) as Promise<Layout[K] | undefined>;
  }

  async settings(opts?: ReadOptions): Promise<Layout['settings']> {
    const raw = await this.raw('settings', opts);
    if (raw === undefined) return { ...DEFAULT_SETTINGS };
    const parsed = layout.settings.safeParse(raw);
    return parsed.success ? { ...DEFAULT_SETTINGS, ...parsed.data } : salvageSettings(raw, DEFAULT_SETTINGS);
  }

  async accounts(): Promise<Record<string, StoredAccount>> {
    return (await this.readRecord('accounts', storedAccountSchema)).valid;
  }

  async secrets(accountId: string): Promise<SecretsByKeyId> {
    return (await this.readRecord(secretsKey(accountId), storedSecretSchema)).valid;
  }

  /**
   * keyIDs with a stored secret, including damaged entries (they still exist, and say so when revealed).
   * `corrupt`: the whole record has the wrong type, so any keyID of the account may have lost its secret.
   */
  async secretIndex(accountId: string): Promise<RecordRead<StoredSecret>> {
    return this.readRecord(secretsKey(accountId), storedSecretSchema);
  }

  /**
   * keyIDs that have a saved secret entry, valid or damaged, without validating any entry (the same set as
   * secretIndex's valid and damaged together): a listing of 100,000 keys needs only to know which are saved.
   */
  async secretKeyIds(accountId: string, opts?: ReadOptions): Promise<Set<string>> {
    const raw = await this.raw(secretsKey(accountId), opts);
    return new Set(isPlainObject(raw) ? Object.keys(raw) : []);
  }

  /**
   * secretIndex for some keyIDs only (a window of the list): the entries of other keys are not validated, so
   * drawing a screen of rows costs the same with 100 or 100,000 saved secrets.
   */
  async secretIndexOf(accountId: string, keyIds: readonly string[] | Promise<readonly string[]>, opts?: ReadOptions): Promise<RecordRead<StoredSecret>> {
    return this.readRecord(secretsKey(accountId), storedSecretSchema, keyIds, opts);
  }

  /** Create records (see createRecordSchema); damaged entries are listed so they can be reported, never dropped. */
  async journal(opts?: ReadOptions): Promise<RecordRead<CreateRecord>> {
    return this.readRecord(JOURNAL_KEY, createRecordSchema, undefined, opts);
  }

  /** Keys flagged "applicationKey lost", by keyID. */
  async lostKeys(accountId: string, opts?: ReadOptions): Promise<Record<string, LostKey>> {
    return (await this.readRecord(lostKey(accountId), lostKeySchema, undefined, opts)).valid;
  }

  /** Key notes (lineage, bucket kind) by keyID; a damaged entry reads as no note. */
  async keyNotes(accountId: string): Promise<Record<string, KeyNote>> {
    return (await this.readRecord(notesKey(accountId), keyNoteSchema)).valid;
  }

  /** Issue 13: sealed where-used lists by keyID (all of them, or `only` these keyIDs). */
  async usage(accountId: string, only?: readonly string[]): Promise<RecordRead<SealedSecret>> {
    return this.readRecord(usageKey(accountId), sealedSecretSchema, only);
  }

  /** Issue 13: the last secret check per keyID. */
  async secretChecks(accountId: string): Promise<Record<string, SecretCheckRecord>> {
    return (await this.readRecord(checksKey(accountId), secretCheckRecordSchema)).valid;
  }

  /** Accounts with the ids of damaged entries; `corrupt` when the accounts record is not a record at all. */
  async accountIndex(opts?: ReadOptions): Promise<RecordRead<StoredAccount>> {
    return this.readRecord('accounts', storedAccountSchema, undefined, opts);
  }

  /** Several stored values at once, unvalidated (one storage call: shards of the key cache). */
  async rawMany(keys: string[]): Promise<Record<string, unknown>> {
    await this.init();
    return this.area.get(keys);
  }

  /** The names of every stored item (reads the whole area: for rare whole-vault work such as a backup). */
  async itemKeys(): Promise<string[]> {
    await this.init();
    return Object.keys(await this.area.get(null));
  }

  /** Whether anything of a vault is stored: a header (even unreadable), accounts or saved secrets. */
  async hasAnyVaultData(): Promise<boolean> {
    await this.init();
    const all = await this.area.get(null);
    return Object.keys(all).some((k) => k === 'vault' || k === 'accounts' || k.startsWith('secrets:'));
  }

  /**
   * Staged items land before the rest of their write, in several calls side by side. Nothing refers to them until
   * the rest lands, so a write that fails or is cut off after them (the worker stopped, the browser closed) leaves
   * the stored data as it was, plus items nobody reads; a staged call that fails makes the whole write fail, and
   * what did land of the staged items is taken out again where the browser lets us.
   */
  private async landStaged(items: Record<string, unknown>): Promise<void> {
    const landed = await Promise.allSettled(stageGroups(items).map((group) => this.area.set(group)));
    const failed = landed.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (!failed) return;
    await this.area.remove(Object.keys(items)).catch(() => undefined);
    throw failed.reason;
  }

  /**
   * The removals of a write whose sets have landed. One refused call is tried again at once; if that fails too, the
   * write has still landed (its caller is told so, not "try again") and the next write or the start-up chores finish
   * them (PENDING_REMOVALS_KEY).
   */
  private async finishLandedRemovals(keys: string[]): Promise<void> {
    const all = [...keys, PENDING_REMOVALS_KEY];
    try {
      await this.area.remove(all).catch(() => this.area.remove(all));
    } catch (e) {
      this.removalsChecked = false;
      console.error('b2km: a write landed but some items it removes are still stored; the next write removes them', e instanceof Error ? e.name : typeof e);
    }
  }

  /** Finishes the removals a landed write left pending (see PENDING_REMOVALS_KEY); in the queue. */
  private async pendingRemovals(): Promise<void> {
    if (this.removalsChecked) return;
    const raw = (await this.area.get(PENDING_REMOVALS_KEY))[PENDING_REMOVALS_KEY];
    if (raw !== undefined) {
      // Only items a write removes: in Firefox a content script can write storage.local too, and the vault, the
      // accounts and the settings are never removed whole.
      const keys = Array.isArray(raw) ? raw.filter((k): k is string => typeof k === 'string' && REMOVABLE.test(k)) : [];
      await this.area.remove([...keys, PENDING_REMOVALS_KEY]);
      for (const k of keys) {
        this.kept.delete(k);
        this.recentReads.delete(k);
      }
    }
    this.removalsChecked = true;
  }

  /** The start-up chores' part: a landed write's removals cut off by a stopped worker do not wait for a write. */
  finishPendingRemovals(): Promise<void> {
    return this.init().then(() => this.queue.run(() => (this.readOnlyReason ? Promise.resolve() : this.pendingRemovals())));
  }

  /**
   * The one way to write. `fn` reads what it needs through `tx` and returns the items to set and the
   * keys to remove; it runs alone, so read-modify-write cannot interleave with another write.
   */
  write<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.init().then(() =>
      this.queue.run(async () => {
        if (this.readOnlyReason) throw new ReadOnlyError(this.readOnlyReason);
        await this.pendingRemovals();
        const tx = new Tx(this);
        const result = await fn(tx);
        for (const [key, patch] of tx.patches) {
          const raw = patch.base ? patch.base.value : (await this.area.get(key))[key];
          // Never replace a record we cannot read as one: that would delete whatever it still holds.
          if (raw !== undefined && !isPlainObject(raw)) throw new DamagedDataError(key);
          // Only removals from a record that is not there: nothing to write (an empty record would outlive its account).
          if (raw === undefined && Object.keys(patch.set).length === 0) continue;
          const next: Record<string, unknown> = { ...(raw as Record<string, unknown> | undefined), ...patch.set };
          for (const id of patch.remove) delete next[id];
          tx.toSet[key] = next;
        }
        const staged = Object.keys(tx.staged);
        const names = [...staged, ...Object.keys(tx.toSet), ...tx.toRemove];
        const sets = Object.keys(tx.toSet).length > 0;
        // Dropped once the write has landed (or failed): a read made meanwhile may hold either value, item by item.
        try {
          if (staged.length) await this.landStaged(tx.staged);
          if (sets) await this.area.set(tx.toRemove.length ? { ...tx.toSet, [PENDING_REMOVALS_KEY]: tx.toRemove } : tx.toSet);
          // Removals alone are one call, which lands whole or not at all.
          if (tx.toRemove.length && !sets) await this.area.remove(tx.toRemove);
          else if (tx.toRemove.length) await this.finishLandedRemovals([...tx.toRemove]);
        } catch (e) {
          // A set call that failed may have landed all the same, with its list of removals: the next write looks
          // first, or that stale list would remove an item saved later, or be written over by the next one.
          this.removalsChecked = false;
          throw new StorageWriteError(e);
        } finally {
          for (const k of names) {
            this.kept.delete(k);
            this.recentReads.delete(k);
          }
        }
        // A watcher's failure is its own: the write has landed and its caller gets its result.
        if (names.length) {
          for (const fn of this.written) {
            try {
              fn(names);
            } catch (e) {
              console.error('b2km: a storage watcher failed', e instanceof Error ? e.name : typeof e);
            }
          }
        }
        return result;
      }),
    );
  }
}

/** Collects one write's changes; reads go to the store (the queue guarantees nobody else writes meanwhile). */
export class Tx {
  readonly toSet: Record<string, unknown> = {};
  readonly toRemove: string[] = [];
  /** Set before everything else in the write, in parallel calls (see stage). */
  readonly staged: Record<string, unknown> = {};
  /** Entry-level changes to record-shaped values, applied to the raw stored record so untouched entries stay as they are. */
  readonly patches = new Map<string, { set: Record<string, unknown>; remove: string[]; base?: { value: unknown } }>();

  constructor(readonly store: LocalStore) {}

  // Within one write the last change to an item wins, as if each had been a write of its own: an item removed and
  // then set again (an account's key cache dropped, then a key added) keeps the new value, and the reverse order
  // leaves it removed. (Without this, the commit's "set, then remove" order lost the new value.)

  set<K extends Exclude<keyof Layout, 'accounts'>>(key: K, value: Layout[K]): void {
    this.setItem(key, value);
  }

  private patch(key: string): { set: Record<string, unknown>; remove: string[]; base?: { value: unknown } } {
    let p = this.patches.get(key);
    if (!p) {
      p = { set: {}, remove: [] };
      // Entries changed in a record this write already removed or set apply to that, not to what is stored.
      if (this.unremove(key)) p.base = { value: undefined };
      else if (key in this.toSet) {
        p.base = { value: this.toSet[key] };
        delete this.toSet[key];
      }
      this.patches.set(key, p);
    }
    return p;
  }

  private unremove(key: string): boolean {
    const at = this.toRemove.indexOf(key);
    if (at < 0) return false;
    this.toRemove.splice(at, 1);
    return true;
  }

  putAccount(account: StoredAccount): void {
    this.patch('accounts').set[account.accountId] = account;
  }

  dropAccount(accountId: string): void {
    this.patch('accounts').remove.push(accountId);
  }

  putSecret(accountId: string, applicationKeyId: string, secret: StoredSecret): void {
    this.patch(secretsKey(accountId)).set[applicationKeyId] = secret;
  }

  dropSecret(accountId: string, applicationKeyId: string): void {
    this.patch(secretsKey(accountId)).remove.push(applicationKeyId);
  }

  putCreateRecord(record: CreateRecord): void {
    this.patch(JOURNAL_KEY).set[record.id] = record;
  }

  dropCreateRecord(id: string): void {
    this.patch(JOURNAL_KEY).remove.push(id);
  }

  flagLost(accountId: string, applicationKeyId: string, lost: LostKey): void {
    this.patch(lostKey(accountId)).set[applicationKeyId] = lost;
  }

  unflagLost(accountId: string, applicationKeyId: string): void {
    this.patch(lostKey(accountId)).remove.push(applicationKeyId);
  }

  /** Replaces one key's note; callers merge with what they read first (see background/key-notes.ts). */
  putKeyNote(accountId: string, applicationKeyId: string, note: KeyNote): void {
    this.patch(notesKey(accountId)).set[applicationKeyId] = note;
  }

  putUsage(accountId: string, applicationKeyId: string, sealed: SealedSecret): void {
    this.patch(usageKey(accountId)).set[applicationKeyId] = sealed;
  }

  dropUsage(accountId: string, applicationKeyId: string): void {
    this.patch(usageKey(accountId)).remove.push(applicationKeyId);
  }

  putCheck(accountId: string, applicationKeyId: string, check: SecretCheckRecord): void {
    this.patch(checksKey(accountId)).set[applicationKeyId] = check;
  }

  dropCheck(accountId: string, applicationKeyId: string): void {
    this.patch(checksKey(accountId)).remove.push(applicationKeyId);
  }

  remove(key: string): void {
    delete this.toSet[key];
    delete this.staged[key];
    this.patches.delete(key);
    if (!this.toRemove.includes(key)) this.toRemove.push(key);
  }

  /** Sets one item whose shape its own module owns (the key cache's meta and shards). */
  setItem(key: string, value: unknown): void {
    this.unremove(key);
    this.patches.delete(key);
    delete this.staged[key];
    this.toSet[key] = value;
  }

  /**
   * Sets an item that nothing stored refers to until the rest of this write has landed (a key-cache shard under
   * a new id, named by the meta item set in the same write). It lands first, in parallel with the other staged
   * items: the big part of a refresh is written several calls at a time, and a write cut off after it leaves
   * the stored data as it was. Only for items no reader finds without the rest of the write.
   */
  stage(key: string, value: unknown): void {
    this.unremove(key);
    this.patches.delete(key);
    delete this.toSet[key];
    this.staged[key] = value;
  }

  /** What this write will leave under `key`: `{ value }` if it sets (or stages) it, `null` if it removes it, `undefined` if it does not touch it. */
  pending(key: string): { value: unknown } | null | undefined {
    if (this.toRemove.includes(key)) return null;
    if (key in this.staged) return { value: this.staged[key] };
    if (key in this.toSet) return { value: this.toSet[key] };
    return undefined;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The browser refused or failed a write's storage call (a full disk or quota, an I/O error): the change may not
 * have landed. `cause` is the browser's own error, for nobody's eyes but a developer's.
 */
export class StorageWriteError extends Error {
  constructor(cause: unknown) {
    super(`The browser did not store a change: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'StorageWriteError';
  }
}

/**
 * The start-up check or upgrade of the stored format could not finish: the browser refused a read or a write of it
 * (a full disk, an I/O error). Every call waits for it, so each says this until it succeeds; nothing was lost, since
 * each step can run again over what it left.
 */
export class StorageUpgradeError extends Error {
  constructor(cause: unknown) {
    super(`The stored data could not be checked or upgraded: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'StorageUpgradeError';
  }
}

/** A stored value has the wrong shape; writing over it would lose data, so the write is refused. */
export class DamagedDataError extends Error {
  constructor(readonly key: string) {
    super(`Stored data "${key}" is damaged; it was left as it is.`);
    this.name = 'DamagedDataError';
  }
}
