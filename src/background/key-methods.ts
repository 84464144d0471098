/**
 * Keys of the active account. The cache answers instantly (even while locked) and only ever by window: a page
 * gets the rows it shows and the counts, never the whole list. B2 is called only here and in create-methods.ts.
 */
import { B2ApiError } from '../b2/errors';
import { sha256Hex } from '../common/digest';
import { RpcError } from '../rpc/errors';
import type { KeyList, KeyView } from '../rpc/protocol';
import type { Handlers } from '../rpc/router';
import { DamagedDataError, ReadOnlyError, type CachedKey, type ReadOptions, type StoredAccount, type Tx } from '../storage';
import { openSecret, sealSecret } from '../vault';
import type { Context } from './context';
import { toRpcError } from './errors';
import { fetchBuckets, refreshAccount, withB2 } from './key-listing';
import { firstThatLands, type Landed } from './write-fallback';
import { refusalCause } from './refusal-cause';
import { checkViews, keyView, type VaultFacts } from './key-views';
import { filterFacts } from './key-filter-facts';
import { isDefaultView, type FilterFacts, type KeyFilter, type KeySort } from './key-filter';
import { clockSetBackSince } from '../common/clock';

type ListRequest = { offset?: number | undefined; limit?: number | undefined; query?: string | undefined; filter?: KeyFilter | undefined; sort?: KeySort | undefined };

type KeyHandlers = Pick<Handlers, 'listKeys' | 'getKey' | 'refreshKeys' | 'listBuckets' | 'deleteKey' | 'revealSecret' | 'saveSecret'>;

/** Rows per window when a page does not say; the popup shows about a dozen. */
export const DEFAULT_WINDOW = 100;

/**
 * A listing only shows what is cached here and sends nothing: it may answer from reads made a moment ago (by the
 * keystroke before) instead of a storage call per keystroke (see RECENT_READ_MS).
 */
const SHOWN: ReadOptions = { recent: true };

/** How long after a first window the searchable copy of the list starts loading. */
const PREPARE_AFTER_MS = 400;

export function keyHandlers(ctx: Context): KeyHandlers {
  const { store, deps } = ctx;

  /** What the vault knows of these keys (of all of them when `keyIds` is left out). */
  async function facts(accountId: string, keyIds?: readonly string[] | Promise<readonly string[]>, opts?: ReadOptions): Promise<VaultFacts> {
    const [secrets, lost, held] = await Promise.all([
      keyIds ? store.secretIndexOf(accountId, keyIds, opts) : store.secretIndex(accountId),
      store.lostKeys(accountId, opts),
      // Memory only, and the session's last read is kept: no storage call on a listing's path as a rule.
      ctx.session.heldSecrets().catch(() => []),
    ]);
    return { secrets, lost, held: new Set(held.filter((h) => h.key.accountId === accountId).map((h) => h.key.applicationKeyId)) };
  }

  /**
   * Every read a listing of `accountId` makes, begun now: the storage items it needs besides its window's, and for
   * the list as the popup opens with it (no filter, sorted by name) the window itself. `shown` gets the window's
   * keyIDs.
   */
  function listReads(accountId: string, req: ListRequest) {
    let shown!: (keyIds: readonly string[]) => void;
    const keyIds = new Promise<readonly string[]>((resolve) => (shown = resolve));
    // The other views need the account's facts first (listFor); this one needs only the key cache, held in memory.
    const window = isDefaultView(req.filter ?? 'all', req.sort ?? 'name') ? windowOf(accountId, req) : undefined;
    const reads = { accountId, shown, window, journal: store.journal(SHOWN), settings: store.settings(SHOWN), facts: facts(accountId, keyIds, SHOWN) };
    // Read but never awaited when the guess in listKeys was wrong: that failure is nobody's to report.
    for (const read of [reads.journal, reads.settings, reads.facts, window]) read?.catch(() => undefined);
    return reads;
  }

  /** `view`: the account's facts, for a filter or sort other than the default (see filterFacts). */
  function windowOf(accountId: string, req: ListRequest, view?: { facts: FilterFacts; factsSig: string }) {
    return ctx.keyWindows.window(accountId, { offset: req.offset ?? 0, limit: req.limit ?? DEFAULT_WINDOW, query: req.query ?? '', filter: req.filter ?? 'all', sort: req.sort ?? 'name', ...view });
  }

  /** The account listed last (see listKeys). */
  let lastListed: string | null = null;

  async function listFor(account: StoredAccount, req: ListRequest, reads = listReads(account.accountId, req)): Promise<KeyList> {
    const window = reads.window ?? windowOf(account.accountId, req, await filterFacts(ctx, account, deps.now()));
    window.then(
      (w) => reads.shown(w.rows.map((k) => k.applicationKeyId)),
      () => reads.shown([]),
    );
    // All at once: each read is a round trip to the browser, and a search keystroke waits for all of them.
    const [win, journal, settings, f] = await Promise.all([window, reads.journal, reads.settings, reads.facts]);
    // The first keystroke of a search must not wait for the whole list to load: start loading it with the first
    // window (not with every page fetched while scrolling), but only once the page had time to draw that window:
    // reading 100,000 keys from storage at once slowed the popup's first paint down.
    if (!req.query && !req.offset) {
      const meta = win.meta;
      setTimeout(() => void ctx.keyWindows.prepare(account.accountId, meta).catch(() => undefined), PREPARE_AFTER_MS);
    }
    return {
      accountId: account.accountId,
      keys: win.rows.map((k) => keyView(account, f, k)),
      offset: win.offset,
      total: win.total,
      totalAll: win.totalAll,
      buckets: win.meta.buckets,
      fetchedAt: win.meta.fetchedAt,
      lastError: win.meta.lastError,
      // A part of the list found damaged at rest is written anew by the next refresh: due now, unless the person
      // refreshes only by hand.
      refreshDue: isRefreshDue(win.meta, settings.refreshAfterMinutes, deps.now()) || (settings.refreshAfterMinutes !== null && ctx.keyCache.hasDamage(account.accountId, win.meta)),
      createChecks: checkViews(Object.values(journal.valid), account.accountId, ctx.journalTiming, (id) => Object.hasOwn(f.lost, id)),
      gen: win.meta.gen,
      ...(settings.expiryWarningDays !== undefined ? { expiryWarningDays: settings.expiryWarningDays } : {}),
    };
  }

  return {
    async listKeys(req) {
      // The account listed last is nearly always still the active one: what its listing reads is asked for in the
      // same storage call as the active account itself, so a window or a search keystroke waits for one round trip
      // to the browser, not two, and its window (a search over 100,000 keys: a few ms) is worked out while that
      // call is on its way; for another account it is read again. Right after another listing there is no call at
      // all: what that one read will do (SHOWN).
      const guess = lastListed === null ? null : listReads(lastListed, req);
      const account = await ctx.activeAccount(SHOWN).catch((e: unknown) => {
        guess?.shown([]);
        throw e;
      });
      lastListed = account.accountId;
      if (guess?.accountId === account.accountId) return listFor(account, req, guess);
      guess?.shown([]);
      return listFor(account, req);
    },

    async getKey({ applicationKeyId, accountId, keyName }) {
      const account = await ctx.accountFor(accountId);
      const key = await ctx.keyCache.find(account.accountId, applicationKeyId, keyName);
      return { key: key ? keyView(account, await facts(account.accountId), key) : null };
    },

    async refreshKeys({ accountId, ...req }) {
      const account = await ctx.accountFor(accountId);
      await refreshAccount(ctx, account);
      return listFor(account, req);
    },

    async listBuckets({ refresh, accountId }) {
      const account = await ctx.accountFor(accountId);
      const cached = (await ctx.keyCache.meta(account.accountId)).buckets;
      if (cached.length && !refresh) return { buckets: cached };
      const buckets = await withB2(account, () => fetchBuckets(ctx, account));
      await store.write(async (tx) => {
        if (await ctx.stillHas(account.accountId)) await ctx.keyCache.setFields(tx, account.accountId, { buckets });
      });
      return { buckets };
    },

    async deleteKey({ applicationKeyId, accountId, keyName }) {
      const account = await ctx.accountFor(accountId);
      await ctx.dataKey();
      if (applicationKeyId === account.managingKeyId) {
        throw new RpcError('INVALID_INPUT', 'This is the key B2 Key Manager manages this account with; deleting it would lock the extension out. Add the account with another key first.');
      }
      const client = await withB2(account, () => ctx.client(account));
      try {
        await client.deleteKey(applicationKeyId);
      } catch (e) {
        // Already gone in B2 (deleted elsewhere): finish the job locally instead of failing. B2 says the same of a
        // keyID of another account, though: only a key this account is known to have had is taken for deleted.
        const gone = e instanceof B2ApiError && e.status === 400 && /does not exist/i.test(e.b2Message);
        if (!gone) throw toRpcError(e, { endpoint: account.endpoint });
        if (!(await knownIn(account.accountId, applicationKeyId, keyName))) {
          throw new RpcError('NOT_FOUND', `B2 has no key with keyID ${applicationKeyId} in the account “${account.label}”, and it is not in that account’s list here either, so nothing was deleted. Refresh the list, or open the key from the account it belongs to.`);
        }
      }
      const dropFromCache = (tx: Tx) => ctx.keyCache.remove(tx, account.accountId, applicationKeyId, keyName);
      // A secret held since the vault refused it (create-methods.ts saveHeldSecrets) belongs to a key that is gone now.
      await ctx.session.dropUnsavedCreate(account.accountId, applicationKeyId).catch(() => undefined);
      ctx.recordChange(account.accountId, { kind: 'delete', applicationKeyId });
      // B2 has deleted the key: whatever fails here, the reply must say so, and what was kept. A damaged lost flag
      // or check record (notes about the key) does not keep its secret and row: they go without them.
      let landed: Landed<void> | null = null;
      let failure: unknown = null;
      try {
        landed = await firstThatLands(store, [
          async (tx) => {
            tx.dropSecret(account.accountId, applicationKeyId);
            tx.unflagLost(account.accountId, applicationKeyId);
            tx.dropCheck(account.accountId, applicationKeyId);
            await dropFromCache(tx);
          },
          async (tx) => {
            tx.dropSecret(account.accountId, applicationKeyId);
            await dropFromCache(tx);
          },
          dropFromCache,
        ]);
      } catch (e) {
        failure = e;
      }
      if (!landed || landed.attempt === 2) {
        // The secret could not be dropped: why the write of the secret and the row alone failed says what is damaged.
        const cause = landed ? landed.failed[1] : failure;
        const why =
          // Of what that write touches, only the saved secrets refuse a write when damaged (the key list is rebuilt).
          cause instanceof DamagedDataError
            ? 'the saved secrets of this account are damaged, so they were left exactly as they are'
            : cause instanceof ReadOnlyError
              ? 'the saved data is from a newer version of B2 Key Manager and cannot be changed'
              : 'saving the change failed';
        throw new RpcError(
          'CORRUPT_ENTRY',
          `Deleted in B2 (keyID ${applicationKeyId}); the local copy could not be updated: ${why}. ` +
            (landed ? 'The key is no longer listed.' : 'It may still be listed until the next refresh.'),
        );
      }
      return {};
    },

    async revealSecret({ applicationKeyId, accountId }) {
      const account = await ctx.accountFor(accountId);
      const dataKey = await ctx.dataKey();
      // The account's own key: opened (and so checked) from the account record; damage there is named as the account's key.
      if (applicationKeyId === account.managingKeyId) return { applicationKey: await ctx.managingKey(account) };
      const index = await store.secretIndex(account.accountId);
      if (index.corrupt) {
        throw new RpcError('CORRUPT_ENTRY', 'The saved secrets of this account are damaged (stored with the wrong type), so this applicationKey cannot be read. They were left exactly as they are; nothing was deleted.');
      }
      if (index.damaged.includes(applicationKeyId)) throw toRpcError(new RpcError('CORRUPT_ENTRY', 'This saved secret is damaged and cannot be decrypted. The other saved secrets are not affected.'));
      const entry = index.valid[applicationKeyId];
      if (!entry) throw new RpcError('NOT_FOUND', 'No applicationKey is saved for this key. If you still have it, use “Save secret” to add it.');
      try {
        return { applicationKey: await openSecret(dataKey, { accountId: account.accountId, applicationKeyId }, entry.sealed) };
      } catch (e) {
        throw toRpcError(e);
      }
    },

    async saveSecret({ applicationKeyId, accountId, applicationKey, keyName }) {
      const account = await ctx.accountFor(accountId);
      // A Delete Key of this key (or Remove account) while B2 checks the secret: the key must not come back as a
      // placeholder with it, nor the secret be kept for an account that is gone.
      const since = ctx.changeSeq();
      const goneMeanwhile = async () => {
        if (!(await ctx.stillHas(account.accountId))) throw new RpcError('NOT_FOUND', 'This key’s account was removed while B2 checked the applicationKey, so the applicationKey was not saved.');
        if (ctx.changesSince(account.accountId, since).some((c) => c.kind === 'delete' && c.applicationKeyId === applicationKeyId)) {
          throw new RpcError('NOT_FOUND', 'This key was deleted while B2 checked its applicationKey, so the applicationKey was not saved.');
        }
      };
      const dataKey = await ctx.dataKey();
      const secret = applicationKey.trim();
      // The pasted secret goes to the account's endpoint: only once the account record is known to be unedited.
      await ctx.managingKey(account);
      // The very secret B2 sent with a new key whose save failed ("Save it in the vault again"): B2 has said all
      // there is to say of it, and a network down since must not keep it out of the vault.
      const unsaved = await ctx.session.unsavedCreate(account.accountId, applicationKeyId, deps.now()).catch(() => null);
      const placeholder = unsaved && unsaved.digest === (await sha256Hex(secret)) ? unsaved.key : await verifiedKey(account, applicationKeyId, secret, keyName);
      const sealed = await sealSecret(dataKey, { accountId: account.accountId, applicationKeyId }, secret);
      const view = (key: CachedKey): KeyView => ({ ...key, hasSecret: true, isManagingKey: false, secretDamaged: false, lost: false });
      const { value } = await firstThatLands(store, [
        async (tx): Promise<KeyView> => {
          await goneMeanwhile();
          let key: CachedKey | undefined = await ctx.keyCache.find(account.accountId, applicationKeyId, keyName);
          if (!key) {
            key = placeholder;
            await ctx.keyCache.upsert(tx, account.accountId, key);
            ctx.recordChange(account.accountId, { kind: 'add', key });
          }
          tx.putSecret(account.accountId, applicationKeyId, { sealed, keyName: key.keyName, savedAt: deps.now() });
          tx.unflagLost(account.accountId, applicationKeyId);
          // B2 just accepted this copy: a failed check of the copy it replaces no longer says anything about it.
          tx.dropCheck(account.accountId, applicationKeyId);
          return view(key);
        },
        // The key list, the lost flags or the check records damaged: the secret alone (firstThatLands).
        async (tx): Promise<KeyView> => {
          await goneMeanwhile();
          tx.putSecret(account.accountId, applicationKeyId, { sealed, keyName: placeholder.keyName, savedAt: deps.now() });
          return view(placeholder);
        },
      ]);
      if (unsaved) {
        await ctx.session.dropUnsavedCreate(account.accountId, applicationKeyId).catch(() => undefined);
        // A popup opened later and asking what became of that create hears that the secret is saved.
        await ctx.session.markCreatesSaved(applicationKeyId).catch(() => undefined);
      }
      return value;
    },
  };

  /** Whether the account's key list, saved secrets or lost flags hold the key; a damaged record counts as holding it. */
  async function knownIn(accountId: string, applicationKeyId: string, keyName?: string): Promise<boolean> {
    const has = (read: Promise<boolean>) => read.catch(() => true);
    const [cached, secret, lost] = await Promise.all([
      has(ctx.keyCache.find(accountId, applicationKeyId, keyName).then(Boolean)),
      has(store.secretIndex(accountId).then((i) => i.corrupt || Object.hasOwn(i.valid, applicationKeyId) || i.damaged.includes(applicationKeyId))),
      has(store.lostKeys(accountId).then((l) => Object.hasOwn(l, applicationKeyId))),
    ]);
    return cached || secret || lost;
  }

  /**
   * Why B2 refused a pasted secret (refusal-cause.ts): a key deleted or expired meanwhile refuses every secret, and
   * "check your paste" would send the person back to paste the right one again.
   */
  async function refusedPaste(account: StoredAccount, applicationKeyId: string): Promise<RpcError> {
    const mismatch = new RpcError('INVALID_INPUT', 'B2 did not accept this applicationKey for this keyID. Check that you pasted the whole applicationKey.', {
      fields: { applicationKey: 'B2 did not accept this applicationKey for this keyID.' },
    });
    if (applicationKeyId === account.managingKeyId) return mismatch;
    let cause;
    try {
      const cached = await ctx.keyCache.find(account.accountId, applicationKeyId).catch(() => undefined);
      cause = await refusalCause(ctx, account, applicationKeyId, cached?.expirationTimestamp ?? null);
    } catch {
      return mismatch;
    }
    if (cause === 'expired') return new RpcError('INVALID_INPUT', 'This key has expired, so B2 accepts no applicationKey for it any more. Rotate it (or create a new key) instead.');
    if (cause === 'deleted') return new RpcError('NOT_FOUND', 'B2 no longer has this key: it was deleted (in the B2 web console or by another tool), so no applicationKey can be saved for it. Refresh the list.');
    return mismatch;
  }

  /**
   * Checks a pasted secret with B2 before it is stored (a mistyped one saved now would be found out only when it is
   * needed), and describes the key from what authorizing said, with the name the page knows: enough to show a key
   * not listed yet (made elsewhere since the last refresh, or its create's write failed) until the next listing.
   */
  async function verifiedKey(account: StoredAccount, applicationKeyId: string, secret: string, keyName: string | undefined): Promise<CachedKey> {
    let auth;
    try {
      auth = await ctx.authorizeWith(account.endpoint, { applicationKeyId, applicationKey: secret });
    } catch (e) {
      if (e instanceof B2ApiError && e.status === 401) throw await refusedPaste(account, applicationKeyId);
      throw toRpcError(e, { endpoint: account.endpoint });
    }
    if (auth.accountId !== account.accountId) throw new RpcError('INVALID_INPUT', 'This key belongs to a different B2 account.', { fields: { applicationKey: 'This key belongs to a different B2 account.' } });
    return {
      accountId: account.accountId,
      applicationKeyId,
      keyName: keyName ?? '',
      capabilities: auth.allowed.capabilities,
      bucketIds: auth.allowed.buckets?.map((b) => b.id) ?? null,
      namePrefix: auth.allowed.namePrefix,
      expirationTimestamp: auth.applicationKeyExpirationTimestamp,
      options: [],
    };
  }
}

/**
 * Whether a page that just opened should refresh the list: never fetched; or, unless refreshing is left to the
 * Refresh button, older than the setting or last refreshed with an error (whose banner would otherwise stay). A list
 * fetched "in the future" was fetched before the clock was set back, how long ago is unknown: it is due, or it would
 * not be refreshed until the clock caught up.
 */
export function isRefreshDue(meta: { fetchedAt: number | null; lastError: string | null }, afterMinutes: number | null | undefined, now: number): boolean {
  if (meta.fetchedAt === null) return true;
  if (afterMinutes === null) return false;
  return meta.lastError !== null || now - meta.fetchedAt >= (afterMinutes ?? 5) * 60_000 || clockSetBackSince(meta.fetchedAt, now);
}
