/**
 * Keys of the active account. The cache answers instantly (even while locked); B2 is called only
 * here, and a created key's secret is sealed and written to storage before the reply goes out.
 */
import { B2AmbiguousCreateError, B2ApiError, B2NetworkError, validateCreateKeyInput, type B2Key, type Bucket, type CreatedKey, type CreateKeyInput, type RecoveredKeySecret } from '../b2';
import { RpcError } from '../rpc/errors';
import type { CreateCheckView, KeyList, KeyView } from '../rpc/protocol';
import type { Handlers } from '../rpc/router';
import { DamagedDataError, ReadOnlyError, type CachedKey, type CreateRecord, type KeyCache, type StoredAccount, type Tx } from '../storage';
import { openSecret, sealSecret } from '../vault';
import type { Context } from './context';
import { dueRecords, expiredRecords, isOrphaned, openRecordsNamed, resolveWithListing, settlesAt } from './create-journal';
import { toRpcError } from './errors';

type KeyHandlers = Pick<Handlers, 'listKeys' | 'refreshKeys' | 'listBuckets' | 'createKey' | 'deleteKey' | 'revealSecret' | 'saveSecret' | 'dismissCreateCheck'>;

export interface KeyService {
  handlers: KeyHandlers;
  /**
   * Resolves create records whose check is due: records another background instance left in flight become
   * uncertain, due ones get a listing, and the next check is scheduled. Run at start, on the alarm, after unlock.
   */
  checkCreates(): Promise<void>;
}

const EMPTY_CACHE: KeyCache = { fetchedAt: null, keys: [], buckets: [], lastError: null };

function toCached(key: B2Key): CachedKey {
  return {
    accountId: key.accountId,
    applicationKeyId: key.applicationKeyId,
    keyName: key.keyName,
    capabilities: key.capabilities,
    bucketIds: key.bucketIds,
    namePrefix: key.namePrefix,
    expirationTimestamp: key.expirationTimestamp,
    options: key.options,
  };
}

function byId(a: { applicationKeyId: string }, b: { applicationKeyId: string }): number {
  return a.applicationKeyId < b.applicationKeyId ? -1 : a.applicationKeyId > b.applicationKeyId ? 1 : 0;
}

function withKey(keys: CachedKey[], key: CachedKey): CachedKey[] {
  return [...keys.filter((k) => k.applicationKeyId !== key.applicationKeyId), key].sort(byId);
}

export function keyService(ctx: Context): KeyService {
  const { store, deps } = ctx;
  const timing = ctx.journalTiming;

  async function listFor(account: StoredAccount): Promise<KeyList> {
    const [cache, index, lost, journal] = await Promise.all([
      store.keyCache(account.accountId),
      store.secretIndex(account.accountId),
      store.lostKeys(account.accountId),
      store.journal(),
    ]);
    const c = cache ?? EMPTY_CACHE;
    // A damaged entry still counts as saved: revealing it says it is damaged instead of pretending it never existed.
    // A secrets record of the wrong type may have held any key's secret: every key is shown as damaged.
    const saved = new Set([...Object.keys(index.valid), ...index.damaged]);
    const damaged = new Set(index.damaged);
    return {
      accountId: account.accountId,
      keys: c.keys.map((k) => {
        // The managing key's applicationKey is saved with the account itself, never as a secrets entry.
        if (k.applicationKeyId === account.managingKeyId) return { ...k, hasSecret: true, isManagingKey: true, secretDamaged: false, lost: false };
        const secretDamaged = index.corrupt || damaged.has(k.applicationKeyId);
        const hasSecret = index.corrupt || saved.has(k.applicationKeyId);
        return { ...k, hasSecret, isManagingKey: false, secretDamaged, lost: !hasSecret && k.applicationKeyId in lost };
      }),
      buckets: c.buckets,
      fetchedAt: c.fetchedAt,
      lastError: c.lastError,
      createChecks: Object.values(journal.valid)
        .filter((r) => r.accountId === account.accountId)
        .map((r) => checkView(r))
        .filter((v): v is CreateCheckView => v !== null)
        .sort((a, b) => a.startedAt - b.startedAt),
    };
  }

  /** What the popup shows of a create record: nothing for a create that simply worked. */
  function checkView(r: CreateRecord): CreateCheckView | null {
    const base = { id: r.id, keyName: r.keyName, startedAt: r.startedAt, detail: r.detail };
    if (r.resolution === null) {
      if (r.state === 'saved') return null;
      return { ...base, status: 'checking', checkAt: settlesAt(r, timing), lostKeyIds: [] };
    }
    if (r.resolution.lostKeyIds.length) return { ...base, status: 'lost', checkAt: null, lostKeyIds: r.resolution.lostKeyIds };
    if (r.state === 'saved') return null;
    return { ...base, status: r.resolution.created ? 'created' : 'notCreated', checkAt: null, lostKeyIds: [] };
  }

  async function withB2<T>(account: StoredAccount, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      throw toRpcError(e, { endpoint: account.endpoint });
    }
  }

  async function fetchBuckets(account: StoredAccount): Promise<Bucket[]> {
    if (!account.capabilities.includes('listBuckets')) return [];
    const client = await ctx.client(account);
    return client.listBuckets();
  }

  async function updateCache(accountId: string, change: (old: KeyCache) => KeyCache): Promise<void> {
    await store.write(async (tx) => tx.setKeyCache(accountId, change((await store.keyCache(accountId)) ?? EMPTY_CACHE)));
  }

  /**
   * Replaces the cached list with a fresh listing, replaying creates and deletes made while the listing
   * was under way, so a key created during a slow refresh does not vanish (or a deleted one come back).
   */
  async function storeListing(accountId: string, listed: B2Key[], since: number, listingStartedAt: number, buckets?: Bucket[]): Promise<void> {
    await store.write(async (tx) => {
      let keys = listed.map(toCached);
      for (const change of ctx.changesSince(accountId, since)) {
        keys = change.kind === 'add' ? withKey(keys, change.key) : keys.filter((k) => k.applicationKeyId !== change.applicationKeyId);
      }
      keys.sort(byId);
      const old = (await store.keyCache(accountId)) ?? EMPTY_CACHE;
      tx.setKeyCache(accountId, { fetchedAt: deps.now(), keys, buckets: buckets ?? old.buckets, lastError: null });
      await applyJournal(tx, accountId, listed, listingStartedAt);
    });
  }

  /**
   * Resolves the create records this listing can settle (inside the listing's own write, so the flags and the
   * list never disagree): every key of a record's name that B2 has, that was not there before, and whose secret
   * is not saved is flagged "applicationKey lost". Flags of keys B2 no longer lists are dropped.
   */
  async function applyJournal(tx: Tx, accountId: string, listed: readonly B2Key[], listingStartedAt: number): Promise<void> {
    const [journal, index, lost] = await Promise.all([store.journal(), store.secretIndex(accountId), store.lostKeys(accountId)]);
    const saved = new Set([...Object.keys(index.valid), ...index.damaged]);
    const now = deps.now();
    for (const { record, lostKeyIds, created } of resolveWithListing(Object.values(journal.valid), accountId, listed, listingStartedAt, saved, timing)) {
      for (const id of lostKeyIds) {
        const key = listed.find((k) => k.applicationKeyId === id);
        if (!(id in lost)) tx.flagLost(accountId, id, { keyName: key?.keyName ?? record.keyName, flaggedAt: now, recordId: record.id });
      }
      const resolved: CreateRecord = { ...record, resolution: { at: now, lostKeyIds, created } };
      if (expiredRecords([resolved], now, timing).length) tx.dropCreateRecord(record.id);
      else tx.putCreateRecord(resolved);
    }
    const present = new Set(listed.map((k) => k.applicationKeyId));
    for (const id of Object.keys(lost)) if (!present.has(id)) tx.unflagLost(accountId, id);
  }

  /** Seals the secret and records the key, in one write; called before any reply carries the secret. */
  async function saveCreated(account: StoredAccount, dataKey: CryptoKey, key: CachedKey, applicationKey: string, record: CreateRecord): Promise<boolean> {
    const sealed = await sealSecret(dataKey, { accountId: account.accountId, applicationKeyId: key.applicationKeyId }, applicationKey);
    try {
      await store.write(async (tx) => {
        const now = deps.now();
        tx.putSecret(account.accountId, key.applicationKeyId, { sealed, keyName: key.keyName, savedAt: now });
        // Same write as the secret: a record that says "saved" always has its secret on disk.
        tx.putCreateRecord({ ...record, state: 'saved', endedAt: now, savedKeyId: key.applicationKeyId });
        tx.unflagLost(account.accountId, key.applicationKeyId);
        const cache = (await store.keyCache(account.accountId)) ?? EMPTY_CACHE;
        tx.setKeyCache(account.accountId, { ...cache, keys: withKey(cache.keys, key) });
        ctx.recordChange(account.accountId, { kind: 'add', key });
      });
      return true;
    } catch (e) {
      // The secret exists only in this reply now: still hand it to the person, and say it was not saved.
      console.error('Saving a new key to the vault failed', e instanceof Error ? e.name : 'unknown');
      return false;
    }
  }

  /** A full listing of one account, stored (with the journal applied); the cached list stays usable meanwhile. */
  async function refreshAccount(account: StoredAccount): Promise<void> {
    const since = ctx.changeSeq();
    const startedAt = deps.now();
    try {
      const [keys, buckets] = await withB2(account, async () => {
        const client = await ctx.client(account);
        return Promise.all([client.listAllKeys(), fetchBuckets(account)]);
      });
      await storeListing(account.accountId, keys, since, startedAt, buckets);
    } catch (e) {
      const error = toRpcError(e);
      // A failure midway keeps the previous list exactly as it was; only the reason is recorded.
      if (!['LOCKED', 'NO_VAULT', 'READ_ONLY'].includes(error.code)) await updateCache(account.accountId, (old) => ({ ...old, lastError: error.message })).catch(() => undefined);
      throw error;
    }
  }

  /** Written before b2_create_key goes out; never holds a secret. */
  async function beginCreate(account: StoredAccount, input: CreateKeyInput): Promise<CreateRecord> {
    const [cache, index] = await Promise.all([store.keyCache(account.accountId), store.secretIndex(account.accountId)]);
    const prior = new Set((cache?.keys ?? []).filter((k) => k.keyName === input.keyName).map((k) => k.applicationKeyId));
    for (const [id, secret] of Object.entries(index.valid)) if (secret.keyName === input.keyName) prior.add(id);
    const record: CreateRecord = {
      id: globalThis.crypto.randomUUID(),
      accountId: account.accountId,
      keyName: input.keyName,
      capabilities: input.capabilities,
      bucketIds: input.bucketIds ?? null,
      namePrefix: input.namePrefix ?? null,
      validDurationInSeconds: input.validDurationInSeconds ?? null,
      startedAt: deps.now(),
      workerId: ctx.workerId,
      priorKeyIds: [...prior],
      state: 'inFlight',
      endedAt: null,
      savedKeyId: null,
      detail: null,
      resolution: null,
    };
    await store.write(async (tx) => tx.putCreateRecord(record));
    return record;
  }

  /** Marks a record whose answer was lost, and schedules its check. Best effort: a record left in flight is adopted at the next start. */
  async function markUncertain(record: CreateRecord, detail: string): Promise<CreateRecord> {
    const next: CreateRecord = { ...record, state: 'uncertain', endedAt: deps.now(), detail };
    await store.write(async (tx) => tx.putCreateRecord(next)).catch(() => undefined);
    deps.scheduleCheck?.(settlesAt(next, timing));
    return next;
  }

  let checking: Promise<void> | null = null;
  async function checkCreatesOnce(): Promise<void> {
    const journal = await store.journal();
    let records = Object.values(journal.valid);
    const orphans = records.filter((r) => isOrphaned(r, ctx.workerId));
    if (orphans.length) {
      const now = deps.now();
      await store.write(async (tx) => {
        for (const r of orphans) {
          tx.putCreateRecord({ ...r, state: 'uncertain', endedAt: now, detail: 'The extension’s background stopped before B2’s answer arrived.' });
        }
      });
      records = Object.values((await store.journal()).valid);
    }
    const now = deps.now();
    const accounts = await store.accounts();
    const gone = [...expiredRecords(records, now, timing), ...records.filter((r) => !accounts[r.accountId])];
    if (gone.length) await store.write(async (tx) => gone.forEach((r) => tx.dropCreateRecord(r.id)));
    const { due, next } = dueRecords(records.filter((r) => accounts[r.accountId]), now, timing);
    let retry: number | null = null;
    for (const accountId of new Set(due.map((r) => r.accountId))) {
      try {
        await refreshAccount(accounts[accountId]!);
      } catch {
        // B2 unreachable or the vault locked: the records stay open; unlocking or the next alarm tries again.
        retry = now + timing.retryMs;
      }
    }
    const after = dueRecords(Object.values((await store.journal()).valid), deps.now(), timing);
    const times = [next, retry, after.next].filter((t): t is number => t !== null);
    if (times.length) deps.scheduleCheck?.(Math.min(...times));
  }

  function checkCreates(): Promise<void> {
    checking ??= checkCreatesOnce().finally(() => {
      checking = null;
    });
    return checking;
  }

  const handlers: KeyHandlers = {
    async listKeys() {
      return listFor(await ctx.activeAccount());
    },

    async refreshKeys() {
      const account = await ctx.activeAccount();
      await refreshAccount(account);
      return listFor(account);
    },

    async listBuckets({ refresh }) {
      const account = await ctx.activeAccount();
      const cached = (await store.keyCache(account.accountId))?.buckets ?? [];
      if (cached.length && !refresh) return { buckets: cached };
      const buckets = await withB2(account, () => fetchBuckets(account));
      await updateCache(account.accountId, (old) => ({ ...old, buckets }));
      return { buckets };
    },

    async createKey({ confirmUnsettled, ...input }) {
      const account = await ctx.activeAccount();
      const dataKey = await ctx.dataKey();
      const issues = validateCreateKeyInput(input);
      if (issues.length) {
        const fields: Record<string, string> = {};
        for (const i of issues) fields[i.field] ??= i.message;
        throw new RpcError('INVALID_INPUT', issues[0]!.message, { fields });
      }
      const unsettled = openRecordsNamed(Object.values((await store.journal()).valid), account.accountId, input.keyName);
      if (unsettled.length && !confirmUnsettled) {
        throw new RpcError(
          'CREATE_UNSETTLED',
          `An earlier Create New Key for “${input.keyName}” ended without B2’s answer, and B2 Key Manager has not yet checked whether B2 made that key. Creating it again now may leave two keys of that name. Wait for the check, or create it anyway.`,
        );
      }
      const client = await withB2(account, () => ctx.client(account));
      const record = await beginCreate(account, input);
      let created: CreatedKey;
      try {
        created = await client.createKey(input);
      } catch (e) {
        if (!(e instanceof B2AmbiguousCreateError)) {
          // A definite answer (B2 refused, or nothing was sent): no key exists, so the record has nothing to find.
          await store.write(async (tx) => tx.dropCreateRecord(record.id)).catch(() => undefined);
          throw toRpcError(e, { endpoint: account.endpoint });
        }
        if (!e.recoveredKey) {
          const why = ambiguousCause(e);
          const checked = await markUncertain(record, why);
          throw new RpcError(
            'AMBIGUOUS_CREATE',
            `${why} B2 may still have created “${input.keyName}”. B2 Key Manager checks the key list ${inAbout(settlesAt(checked, timing) - deps.now())} and flags that key as “applicationKey lost” if it exists; do not create it again before then.`,
          );
        }
        created = await recoverCreated(account, input, e.recoveredKey);
      }
      const { applicationKey, ...key } = created;
      const cached = toCached(key);
      const saved = await saveCreated(account, dataKey, cached, applicationKey, record);
      // A re-sent request can have made a second key before this answer: a listing once B2 settles finds it.
      deps.scheduleCheck?.(deps.now() + timing.savedSettleMs);
      return { key: { ...cached, hasSecret: saved, lost: false }, applicationKey, saved };
    },

    async dismissCreateCheck({ id }) {
      await store.write(async (tx) => {
        const record = (await store.journal()).valid[id];
        // Only a finished check can be dismissed: an open one is what stops a lost key from going unnoticed.
        if (record && record.resolution !== null) tx.dropCreateRecord(id);
      });
      return {};
    },

    async deleteKey({ applicationKeyId }) {
      const account = await ctx.activeAccount();
      await ctx.dataKey();
      if (applicationKeyId === account.managingKeyId) {
        throw new RpcError('INVALID_INPUT', 'This is the key B2 Key Manager manages this account with; deleting it would lock the extension out. Add the account with another key first.');
      }
      const client = await withB2(account, () => ctx.client(account));
      try {
        await client.deleteKey(applicationKeyId);
      } catch (e) {
        // Already gone in B2 (deleted elsewhere): finish the job locally instead of failing.
        const gone = e instanceof B2ApiError && e.status === 400 && /does not exist/i.test(e.b2Message);
        if (!gone) throw toRpcError(e, { endpoint: account.endpoint });
      }
      const dropFromCache = async (tx: Tx) => {
        const cache = (await store.keyCache(account.accountId)) ?? EMPTY_CACHE;
        tx.setKeyCache(account.accountId, { ...cache, keys: cache.keys.filter((k) => k.applicationKeyId !== applicationKeyId) });
      };
      ctx.recordChange(account.accountId, { kind: 'delete', applicationKeyId });
      try {
        await store.write(async (tx) => {
          tx.dropSecret(account.accountId, applicationKeyId);
          tx.unflagLost(account.accountId, applicationKeyId);
          await dropFromCache(tx);
        });
      } catch (e) {
        // B2 has deleted the key: whatever failed here, the reply must say so, and what was kept.
        const listUpdated = await store.write(dropFromCache).then(
          () => true,
          () => false,
        );
        const why =
          e instanceof DamagedDataError
            ? 'the saved secrets of this account are damaged, so they were left exactly as they are'
            : e instanceof ReadOnlyError
              ? 'the saved data is from a newer version of B2 Key Manager and cannot be changed'
              : 'saving the change failed';
        throw new RpcError(
          'CORRUPT_ENTRY',
          `Deleted in B2 (keyID ${applicationKeyId}); the local copy could not be updated: ${why}. ` +
            (listUpdated ? 'The key is no longer listed.' : 'It may still be listed until the next refresh.'),
        );
      }
      return {};
    },

    async revealSecret({ applicationKeyId }) {
      const account = await ctx.activeAccount();
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

    async saveSecret({ applicationKeyId, applicationKey }) {
      const account = await ctx.activeAccount();
      const dataKey = await ctx.dataKey();
      const secret = applicationKey.trim();
      // The pasted secret goes to the account's endpoint: only once the account record is known to be unedited.
      await ctx.managingKey(account);
      // Verify before storing: a mistyped secret saved now would be discovered only when it is needed.
      let auth;
      try {
        auth = await ctx.authorizeWith(account.endpoint, { applicationKeyId, applicationKey: secret });
      } catch (e) {
        if (e instanceof B2ApiError && e.status === 401) {
          throw new RpcError('INVALID_INPUT', 'B2 did not accept this applicationKey for this keyID. Check that you pasted the whole applicationKey.', { fields: { applicationKey: 'B2 did not accept this applicationKey for this keyID.' } });
        }
        throw toRpcError(e, { endpoint: account.endpoint });
      }
      if (auth.accountId !== account.accountId) throw new RpcError('INVALID_INPUT', 'This key belongs to a different B2 account.', { fields: { applicationKey: 'This key belongs to a different B2 account.' } });
      const sealed = await sealSecret(dataKey, { accountId: account.accountId, applicationKeyId }, secret);
      return store.write(async (tx): Promise<KeyView> => {
        const cache = (await store.keyCache(account.accountId)) ?? EMPTY_CACHE;
        let key = cache.keys.find((k) => k.applicationKeyId === applicationKeyId);
        if (!key) {
          // Not listed yet (created elsewhere since the last refresh): what authorizing told us is enough to show it.
          key = {
            accountId: account.accountId,
            applicationKeyId,
            keyName: '',
            capabilities: auth.allowed.capabilities,
            bucketIds: auth.allowed.buckets?.map((b) => b.id) ?? null,
            namePrefix: auth.allowed.namePrefix,
            expirationTimestamp: auth.applicationKeyExpirationTimestamp,
            options: [],
          };
          tx.setKeyCache(account.accountId, { ...cache, keys: withKey(cache.keys, key) });
          ctx.recordChange(account.accountId, { kind: 'add', key });
        }
        tx.putSecret(account.accountId, applicationKeyId, { sealed, keyName: key.keyName, savedAt: deps.now() });
        tx.unflagLost(account.accountId, applicationKeyId);
        return { ...key, hasSecret: true, lost: false };
      });
    },
  };

  return { handlers, checkCreates };

  /**
   * B2 answered the create with a reply we could not fully parse but that held the keyID and the secret.
   * The secret is what matters (B2 never shows it again): it is kept with what the request said about the
   * key, and a listing only fills in the rest when it can.
   */
  async function recoverCreated(account: StoredAccount, input: CreateKeyInput, recovered: RecoveredKeySecret): Promise<CreatedKey> {
    const fromRequest: CreatedKey = {
      accountId: account.accountId,
      applicationKeyId: recovered.applicationKeyId,
      applicationKey: recovered.applicationKey,
      keyName: input.keyName,
      capabilities: input.capabilities,
      bucketIds: input.bucketIds ?? null,
      namePrefix: input.namePrefix ?? null,
      expirationTimestamp: input.validDurationInSeconds ? deps.now() + input.validDurationInSeconds * 1000 : null,
      options: [],
    };
    try {
      const keys = await (await ctx.client(account)).listAllKeys();
      const listed = keys.find((k) => k.applicationKeyId === recovered.applicationKeyId);
      return listed ? { ...listed, applicationKey: recovered.applicationKey } : fromRequest;
    } catch {
      return fromRequest;
    }
  }
}

function ambiguousCause(e: B2AmbiguousCreateError): string {
  const cause = e.cause;
  if (cause instanceof B2NetworkError) return cause.timedOut ? 'B2 did not answer in time.' : 'The connection to B2 broke before its answer arrived.';
  if (e.status !== undefined && e.status >= 500) return `B2 answered with a server error (HTTP ${e.status}).`;
  return 'B2’s answer could not be read.';
}

function inAbout(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  return s < 90 ? `in about ${s} s` : `in about ${Math.ceil(s / 60)} min`;
}
