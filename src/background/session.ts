/**
 * Unlocked state, kept in storage.session (memory only, cleared when the browser closes, not readable
 * by content scripts) so that a service worker killed by the browser comes back still unlocked.
 * Locking clears all of it.
 */
import type { B2Auth } from '../b2';
import { WriteQueue, type StorageAreaLike } from '../storage';
import type { CachedKey } from '../storage';
import { importDataKey, type SealedSecret } from '../vault';
import { parseMissRecord, type MissRecord } from './throttle';

interface SessionShape {
  /** The vault's data key, raw bytes as base64. */
  dataKey?: string;
  /** By account, then by the keyID that signed in (token()). */
  tokens?: Record<string, Record<string, B2Auth>>;
  lastActivity?: number;
  unlockedAt?: number;
  /**
   * Wrong passphrases in a row (throttle.ts). Here, not in the worker's memory, so closing the popup or a
   * worker restart does not reset it; not cleared by lock; memory only, gone when the browser closes.
   */
  unlockMisses?: MissRecord;
  /** What became of creates sent from the popup's form, by request id (create-outcomes.ts); survives lock, holds no secret. */
  createOutcomes?: Record<string, unknown>;
  /**
   * New keys whose applicationKey the vault could not take, by `accountId keyID`: the secret's SHA-256 and what B2
   * said of the key. "Save it in the vault again" with that very secret needs no word from B2 (B2 sent it), so a
   * network that dropped meanwhile does not keep it on screen only. Also the secret sealed under the data key, as
   * the vault would have held it: B2 shows it once, and a popup closed before the person copied it would lose it.
   * Held here, in memory, until the vault takes it (create-methods.ts saveHeldSecrets) or the browser closes. Never
   * the secret in plain text.
   */
  unsavedCreates?: Record<string, UnsavedCreate>;
}

export interface UnsavedCreate {
  digest: string;
  key: CachedKey;
  at: number;
  /** The secret sealed as the vault holds it, and the create record it settles; absent when sealing itself failed. */
  held?: { sealed: SealedSecret; recordId: string };
}

/** Where a token is kept in its account's entry: a keyID has no spaces, so the pair cannot collide. */
const tokenSlot = (keyId: string, endpoint: string): string => `${keyId} ${endpoint}`;

/** An object's own entry, if it is an object: storage.session holds what an earlier version wrote too. */
function ownEntry<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  const value = record && typeof record === 'object' && Object.hasOwn(record, key) ? record[key] : undefined;
  return typeof value === 'object' && value !== null ? value : undefined;
}

function isHeld(e: UnsavedCreate | undefined): e is UnsavedCreate & Required<Pick<UnsavedCreate, 'held'>> {
  return typeof e?.at === 'number' && typeof e.held?.recordId === 'string' && typeof e.held.sealed === 'object' && e.held.sealed !== null && typeof e.key?.applicationKeyId === 'string' && typeof e.key.accountId === 'string';
}

const unsavedId = (accountId: string, applicationKeyId: string): string => `${accountId} ${applicationKeyId}`;

/**
 * How long an unsaved create's digest answers "Save it in the vault again": the one-time panel that shows its secret
 * is not kept open for hours. One that holds its sealed secret is kept until the vault takes it.
 */
export const KEEP_UNSAVED_MS = 60 * 60_000;
/** Unsaved creates kept besides the held secrets (never dropped for room): a person makes a few keys an hour. */
export const MAX_UNSAVED = 50;

/** Activity stamps closer together than this are not written (see touch). */
export const TOUCH_EVERY_MS = 5_000;

export class Session {
  private cachedKey: { raw: string; key: CryptoKey } | null = null;
  /** Session writes are read-modify-write too: serialised so a lock cannot be undone by a late token or touch. */
  private readonly queue = new WriteQueue();
  /** When this instance last wrote lastActivity (touch or unlock). */
  private lastTouch = -Infinity;
  /** Locks asked of this instance (see unlocked). */
  private locks = 0;

  constructor(private readonly area: StorageAreaLike) {}

  /**
   * The last read, kept until a write or forget(): every message checks the auto-lock (a read of this area), and
   * in Firefox that read took 5-19 ms of a search keystroke while the popup drew. Only this background writes
   * storage.session (it is closed to content scripts, and the pages never write it); a change made some other way
   * is seen once storage.session.onChanged calls forget() (src/background/index.ts).
   */
  private known: Promise<SessionShape> | null = null;

  /** Reads share one storage call while it is under way (a woken worker's first answer asks three times). */
  private read(): Promise<SessionShape> {
    if (!this.known) {
      const read = this.area.get(null) as Promise<SessionShape>;
      // A write sent meanwhile has already dropped it (setItems), so what it read is never kept past a write.
      this.known = read;
      read.catch(() => {
        if (this.known === read) this.known = null;
      });
    }
    return this.known;
  }

  /** Forgets the last read: the area changed (storage.session.onChanged), maybe not through this instance. */
  forget(): void {
    this.known = null;
  }

  // Every write goes through these: a read asked for after a write was sent must not share an older read.
  private setItems(items: Partial<SessionShape>): Promise<void> {
    this.known = null;
    return this.area.set(items);
  }

  private removeItems(keys: string | string[]): Promise<void> {
    this.known = null;
    return this.area.remove(keys);
  }

  async isUnlocked(): Promise<boolean> {
    return typeof (await this.read()).dataKey === 'string';
  }

  /** The data key as a CryptoKey, or null when locked. Re-imported after a worker restart. */
  async dataKey(): Promise<CryptoKey | null> {
    const { dataKey } = await this.read();
    if (typeof dataKey !== 'string') {
      this.cachedKey = null;
      return null;
    }
    if (this.cachedKey?.raw !== dataKey) this.cachedKey = { raw: dataKey, key: await importDataKey(dataKey) };
    return this.cachedKey.key;
  }

  /**
   * Writes the data key, unless this instance locked since `lockMark` was `since`: an unlock derives its key for
   * most of a second, and a lock that came meanwhile (the screen locked, Lock pressed on another page and answered
   * "locked") must not be undone by it. False when it did not write. Only this instance's locks count: a
   * background that stopped meanwhile took the unlock under way with it.
   */
  unlocked(rawDataKey: string, now: number, since?: number): Promise<boolean> {
    return this.queue.run(async () => {
      if (since !== undefined && since !== this.locks) return false;
      this.lastTouch = now;
      await this.setItems({ dataKey: rawDataKey, tokens: {}, lastActivity: now, unlockedAt: now });
      return true;
    });
  }

  /** Counts this instance's locks; taken before an unlock's key derivation and given back to `unlocked`. */
  lockMark(): number {
    return this.locks;
  }

  lock(): Promise<void> {
    this.locks++;
    this.cachedKey = null;
    return this.queue.run(() => this.removeItems(['dataKey', 'tokens', 'lastActivity', 'unlockedAt']));
  }

  async lastActivity(): Promise<number | null> {
    const { lastActivity } = await this.read();
    return typeof lastActivity === 'number' ? lastActivity : null;
  }

  touch(now: number): Promise<void> {
    // Every call from a page counts as activity, and a search sends one per keystroke: writing the stamp at most
    // every few seconds keeps that off each call's path, and shifts an auto-lock (minutes) by seconds at most.
    if (now - this.lastTouch < TOUCH_EVERY_MS && now >= this.lastTouch) return Promise.resolve();
    this.lastTouch = now;
    return this.queue.run(async () => {
      if (typeof (await this.read()).dataKey === 'string') await this.setItems({ lastActivity: now });
    });
  }

  /**
   * The token the B2 endpoint `endpoint` gave `keyId` for this account. Kept per keyID: an account whose key was
   * replaced while a call was still signing in with the old one must not get the old key's token (and its
   * capabilities) back when that late sign-in lands after the new key's. And per endpoint: a token carries the
   * apiUrl its endpoint named, and an account moved to another endpoint (an import's "Replace") must be called there.
   */
  async token(accountId: string, keyId: string, endpoint: string): Promise<B2Auth | undefined> {
    const byKey = ownEntry((await this.read()).tokens, accountId);
    const auth = ownEntry(byKey, tokenSlot(keyId, endpoint));
    return typeof auth?.authorizationToken === 'string' ? auth : undefined;
  }

  setToken(accountId: string, keyId: string, endpoint: string, auth: B2Auth): Promise<void> {
    return this.queue.run(async () => {
      // Only while unlocked: a token minted during a call that raced a lock must not outlive the lock.
      const state = await this.read();
      if (typeof state.dataKey !== 'string') return;
      await this.setItems({ tokens: { ...state.tokens, [accountId]: { ...ownEntry(state.tokens, accountId), [tokenSlot(keyId, endpoint)]: auth } } });
    });
  }

  dropToken(accountId: string): Promise<void> {
    return this.queue.run(async () => {
      const state = await this.read();
      if (!state.tokens || !Object.hasOwn(state.tokens, accountId)) return;
      const { [accountId]: _dropped, ...rest } = state.tokens;
      await this.setItems({ tokens: rest });
    });
  }

  async unlockMisses(): Promise<MissRecord | null> {
    return parseMissRecord((await this.read()).unlockMisses);
  }

  setUnlockMisses(record: MissRecord | null): Promise<void> {
    return this.queue.run(() => (record ? this.setItems({ unlockMisses: record }) : this.removeItems('unlockMisses')));
  }

  /**
   * The stored outcomes as they are: create-outcomes.ts reads them, in the part of the background loaded on first
   * use (start-up code stays small). In the write queue: a page that asks right behind its createKey must see the
   * 'pending' that call writes first.
   */
  createOutcomes(): Promise<unknown> {
    return this.queue.run(async () => (await this.read()).createOutcomes);
  }

  /** Replaces the stored outcomes with what `next` makes of them, in one turn of the write queue. */
  updateCreateOutcomes(next: (stored: unknown) => Record<string, unknown>): Promise<void> {
    return this.queue.run(async () => {
      await this.setItems({ createOutcomes: next((await this.read()).createOutcomes) });
    });
  }

  /** Marks the creates that made `applicationKeyId` saved: its secret reached the vault after the create's answer. */
  markCreatesSaved(applicationKeyId: string): Promise<void> {
    return this.updateCreateOutcomes((stored) => {
      const all = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
      const made = (o: unknown): o is Record<string, unknown> => typeof o === 'object' && o !== null && (o as Record<string, unknown>).state === 'created' && (o as Record<string, unknown>).applicationKeyId === applicationKeyId;
      return Object.fromEntries(Object.entries(all).map(([id, o]) => [id, made(o) ? { ...o, saved: true } : o]));
    });
  }

  async unsavedCreate(accountId: string, applicationKeyId: string, now: number): Promise<UnsavedCreate | null> {
    const all = (await this.read()).unsavedCreates;
    const id = unsavedId(accountId, applicationKeyId);
    const entry = all && Object.hasOwn(all, id) ? all[id] : undefined;
    // Only this background writes the session; the shape is checked as far as the caller relies on it.
    const ok = entry && typeof entry.digest === 'string' && typeof entry.at === 'number' && now - entry.at < KEEP_UNSAVED_MS && entry.key?.applicationKeyId === applicationKeyId;
    return ok ? entry : null;
  }

  /** The unsaved creates that hold their sealed secret, oldest first. */
  async heldSecrets(): Promise<(UnsavedCreate & Required<Pick<UnsavedCreate, 'held'>>)[]> {
    const all = Object.values((await this.read()).unsavedCreates ?? {});
    return all.filter(isHeld).sort((a, b) => a.at - b.at);
  }

  /** Remembers an unsaved create (see `unsavedCreates`); digests older than KEEP_UNSAVED_MS are dropped, held secrets are not. */
  keepUnsavedCreate(key: CachedKey, digest: string, now: number, held?: UnsavedCreate['held']): Promise<void> {
    return this.queue.run(async () => {
      const id = unsavedId(key.accountId, key.applicationKeyId);
      const others = Object.entries((await this.read()).unsavedCreates ?? {}).filter(([k, e]) => k !== id && typeof e?.at === 'number');
      // Held secrets are kept until the vault takes them; digests an hour, and the oldest go first past the bound.
      const heldOnes = others.filter(([, e]) => isHeld(e));
      const digests = others.filter(([, e]) => !isHeld(e) && now - e.at < KEEP_UNSAVED_MS).sort((a, b) => a[1].at - b[1].at);
      const room = Math.max(0, MAX_UNSAVED - 1 - heldOnes.length);
      const entry: UnsavedCreate = { digest, key, at: now, ...(held ? { held } : {}) };
      await this.setItems({ unsavedCreates: Object.fromEntries([...heldOnes, ...digests.slice(Math.max(0, digests.length - room)), [id, entry]]) });
    });
  }

  /** Forgets every unsaved create of an account (removed). */
  dropUnsavedCreatesOf(accountId: string): Promise<void> {
    return this.queue.run(async () => {
      const all = (await this.read()).unsavedCreates ?? {};
      const rest = Object.entries(all).filter(([, e]) => e?.key?.accountId !== accountId);
      if (rest.length !== Object.keys(all).length) await this.setItems({ unsavedCreates: Object.fromEntries(rest) });
    });
  }

  dropUnsavedCreate(accountId: string, applicationKeyId: string): Promise<void> {
    return this.queue.run(async () => {
      const all = (await this.read()).unsavedCreates;
      const id = unsavedId(accountId, applicationKeyId);
      if (!all || !Object.hasOwn(all, id)) return;
      const { [id]: _dropped, ...rest } = all;
      await this.setItems({ unsavedCreates: rest });
    });
  }
}
