/**
 * What every background method needs: storage, the session, the clock, fetch, and helpers to get
 * the unlocked data key and a B2 client for an account. Injected, so the whole service runs in Node
 * tests against the real emulator with in-memory storage areas.
 */
import type { B2Auth, B2Client, B2Credentials } from '../b2';
import { RpcError } from '../rpc/errors';
import { KeyCache, type CachedKey, type LocalStore, type ReadOptions, type StoredAccount } from '../storage';
import { DEFAULT_JOURNAL_TIMING, type JournalTiming } from './create-journal';
import { accountDamaged, openManagingKey } from './account-integrity';
import { KeyWindows } from './key-window';
import type { PendingClear } from './clipboard-schedule';
import type { PageFiller } from './page-filler';
import type { Session } from './session';

export interface ServiceDeps {
  store: LocalStore;
  session: Session;
  fetch: typeof fetch;
  now: () => number;
  /** Waits between B2 retries; tests pass a fast one. */
  sleep?: (ms: number) => Promise<void>;
  manifest: { name: string; version: string };
  browser: 'chrome' | 'firefox';
  demoEndpoint: string | null;
  /**
   * Keeps the worker alive while a call is in flight (Chrome ends an idle service worker after 30 s, even
   * mid-fetch of a slow B2 reply); returns the function that stops it. Absent in Node tests.
   */
  keepAlive?: () => () => void;
  /** Fills pages; absent in Node tests. */
  pageFiller?: PageFiller;
  /**
   * Asks for checkCreates to run at (or soon after) this time, surviving a stopped worker (an alarm) where
   * the browser offers one. Absent in Node tests, which call it themselves.
   */
  scheduleCheck?: (at: number) => void;
  /** Create-journal waits; tests shorten them. */
  journalTiming?: JournalTiming;
  /** Arms the timer and alarm that clear a copied secret (clipboard.ts); absent in Node tests. */
  clipboard?: { schedule(pending: PendingClear): void };
  /**
   * Told of a failure no sentence foresaw (it reaches the page as "Something went wrong"), or of the stored format's
   * check refused; logged by the error's name only, since its text may hold a value. Absent in Node tests.
   */
  onFailure?: (method: string, error: unknown) => void;
}

/** A create or delete made through this worker, replayed onto listings that were under way meanwhile. */
export type KeyChange = { kind: 'add'; key: CachedKey } | { kind: 'delete'; applicationKeyId: string };

export class Context {
  /** `verified`: the stored fields the client was made from; a client is reused only while they are unchanged. */
  private readonly clients = new Map<string, { verified: string; client: B2Client }>();
  private readonly pending = new Map<string, Promise<B2Client>>();
  /** Bumped by every lock: a client whose authorization started before a lock must not be kept after it. */
  private generation = 0;
  private seq = 0;
  private readonly changes: { seq: number; accountId: string; change: KeyChange }[] = [];

  /** This background instance: a create record left in flight by another instance lost its answer. */
  readonly workerId = globalThis.crypto.randomUUID();
  readonly journalTiming: JournalTiming;
  readonly keyCache: KeyCache;
  /** Windows of the key list, with an in-memory searchable copy per account. */
  readonly keyWindows: KeyWindows;
  /**
   * Writes the new keys' applicationKeys the vault refused and the session holds, if it takes them now
   * (create-methods.ts, loaded on first use): set by the service. False: one is still held.
   */
  landHeldSecrets: () => Promise<boolean> = async () => true;

  constructor(readonly deps: ServiceDeps) {
    this.journalTiming = deps.journalTiming ?? DEFAULT_JOURNAL_TIMING;
    this.keyCache = new KeyCache(deps.store);
    this.keyWindows = new KeyWindows(this.keyCache);
  }

  get store() {
    return this.deps.store;
  }
  get session() {
    return this.deps.session;
  }

  /** `opts.recent`: for a check whose answer is only shown (accountProblem), a recent read of the header will do. */
  async dataKey(opts?: ReadOptions): Promise<CryptoKey> {
    if ((await this.store.raw('vault', opts)) === undefined) throw new RpcError('NO_VAULT', 'Set a vault passphrase first, on the options page.');
    const key = await this.session.dataKey();
    if (!key) throw new RpcError('LOCKED', 'The vault is locked. Enter your passphrase to unlock it.');
    return key;
  }

  /** `opts.recent`: for an answer that only shows the account's cached keys (see RECENT_READ_MS). */
  async activeAccount(opts?: ReadOptions): Promise<StoredAccount> {
    const [accounts, id] = await Promise.all([this.store.accountIndex(opts), this.store.get('activeAccountId', opts)]);
    const account = id ? accounts.valid[id] : undefined;
    if (!account) {
      // A record of the wrong shape is damage, never "no account": its saved secrets still exist.
      if (id && (accounts.corrupt || accounts.damaged.includes(id))) throw accountDamaged(await this.storedKeyIdOf(id));
      throw new RpcError('NO_ACCOUNT', 'Add a Backblaze account on the options page first.');
    }
    return account;
  }

  /**
   * The account a page's request is about: the one it names, else the active one. Pages name the account they
   * showed, so a Delete Key sent after another page made another account active still acts where the person meant
   * (in another account B2 would answer "does not exist", which reads as already deleted).
   */
  async accountFor(accountId: string | undefined, opts?: ReadOptions): Promise<StoredAccount> {
    if (accountId === undefined) return this.activeAccount(opts);
    const accounts = await this.store.accountIndex(opts);
    const account = Object.hasOwn(accounts.valid, accountId) ? accounts.valid[accountId] : undefined;
    if (account) return account;
    if (accounts.corrupt || accounts.damaged.includes(accountId)) throw accountDamaged(await this.storedKeyIdOf(accountId));
    throw new RpcError('NOT_FOUND', 'That account is no longer in the list. Reopen this page.');
  }

  /**
   * Whether the account is still in the list, asked inside a write that lands after a wait (B2's answer): a write
   * for an account removed meanwhile would leave items nobody lists or removes (the secrets the person chose to
   * delete with it, among them).
   */
  async stillHas(accountId: string): Promise<boolean> {
    return Object.hasOwn(await this.store.accounts(), accountId);
  }

  /**
   * Whether the account was removed, as opposed to stored in a form this version cannot read (an entry edited at
   * rest, a later version's, a damaged record of accounts): such an account is still there, and what only exists
   * for it (an open create record, a held applicationKey) must wait until it reads again, not be dropped.
   */
  async isGone(accountId: string): Promise<boolean> {
    const index = await this.store.accountIndex();
    return !index.corrupt && !Object.hasOwn(index.valid, accountId) && !index.damaged.includes(accountId);
  }

  /** The keyID a damaged account record names, if it still names one (only to say which key is affected). */
  async storedKeyIdOf(accountId: string): Promise<string | null> {
    const raw = await this.store.raw('accounts');
    const entry = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[accountId] : undefined;
    const keyId = typeof entry === 'object' && entry !== null ? (entry as { managingKeyId?: unknown }).managingKeyId : undefined;
    return typeof keyId === 'string' ? keyId : null;
  }

  /**
   * The account's managing applicationKey, opened only when its stored accountId, keyID and endpoint are
   * the ones it was sealed with (see account-integrity.ts). Call before sending anything for the account.
   */
  managingKey(account: StoredAccount): Promise<string> {
    return openManagingKey(this, account);
  }

  /** One b2_authorize_account with the given key, to verify it (adding an account, saving a secret). */
  async authorizeWith(endpoint: string, credentials: B2Credentials): Promise<B2Auth> {
    const { fetch, now, sleep } = this.deps;
    const { authorize } = await b2Code();
    return authorize({ fetch, endpoint, credentials, now, ...(sleep ? { sleep } : {}) });
  }

  forgetClients(): void {
    this.generation++;
    this.clients.clear();
    this.pending.clear();
  }

  changeSeq(): number {
    return this.seq;
  }

  recordChange(accountId: string, change: KeyChange): void {
    this.changes.push({ seq: ++this.seq, accountId, change });
    // Only listings in flight need these; a few hundred cover any realistic overlap.
    if (this.changes.length > 500) this.changes.splice(0, this.changes.length - 500);
  }

  changesSince(accountId: string, seq: number): KeyChange[] {
    return this.changes.filter((c) => c.seq > seq && c.accountId === accountId).map((c) => c.change);
  }

  forgetClient(accountId: string): void {
    this.clients.delete(accountId);
    this.pending.delete(accountId);
  }

  /**
   * A B2 client for the account, authorised once and shared: twenty concurrent creates must not mean
   * twenty b2_authorize_account calls (B2 rate-limits those). The token is kept in the session so a
   * restarted worker reuses it.
   */
  async client(account: StoredAccount): Promise<B2Client> {
    // The cached client holds a decrypted applicationKey: only hand it out while the vault is unlocked.
    await this.dataKey();
    const known = this.clients.get(account.accountId);
    // An account edited at rest since its client was made is opened (and so checked) again.
    if (known && known.verified === verifiedFields(account)) return known.client;
    let pending = this.pending.get(account.accountId);
    if (!pending) {
      pending = this.makeClient(account).finally(() => this.pending.delete(account.accountId));
      this.pending.set(account.accountId, pending);
    }
    return pending;
  }

  private async makeClient(account: StoredAccount): Promise<B2Client> {
    const generation = this.generation;
    // Integrity first: a session token (it carries its own apiUrl) is only used for an account whose
    // stored fields still open its key, so an edited record never gets a request out, not even an authorize.
    const [applicationKey, { B2Client }] = await Promise.all([this.managingKey(account), b2Code()]);
    const client = new B2Client({
      fetch: this.deps.fetch,
      endpoint: account.endpoint,
      credentials: { applicationKeyId: account.managingKeyId, applicationKey },
      accountId: account.accountId,
      auth: await this.session.token(account.accountId, account.managingKeyId, account.endpoint),
      onAuth: (auth) => this.session.setToken(account.accountId, account.managingKeyId, account.endpoint, auth),
      now: this.deps.now,
      ...(this.deps.sleep ? { sleep: this.deps.sleep } : {}),
    });
    await client.ensureAuth();
    if (generation !== this.generation || !(await this.session.isUnlocked())) {
      throw new RpcError('LOCKED', 'The vault was locked while B2 was being contacted. Unlock it and try again.');
    }
    this.clients.set(account.accountId, { verified: verifiedFields(account), client });
    return client;
  }
}

/** The B2 client's code, loaded when B2 is first contacted (see b2-code.ts and later.ts). */
function b2Code(): Promise<typeof import('./b2-code')> {
  return import('./b2-code');
}

function verifiedFields(account: StoredAccount): string {
  return JSON.stringify([account.accountId, account.managingKeyId, account.endpoint, account.sealedKey.iv, account.sealedKey.ct]);
}
