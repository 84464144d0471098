/**
 * Keys of the active account. The cache answers instantly (even while locked); B2 is called only
 * here, and a created key's secret is sealed and written to storage before the reply goes out.
 */
import { B2AmbiguousCreateError, B2ApiError, validateCreateKeyInput, type B2Key, type Bucket, type CreatedKey, type CreateKeyInput, type RecoveredKeySecret } from '../b2';
import { RpcError } from '../rpc/errors';
import type { KeyList, KeyView } from '../rpc/protocol';
import type { Handlers } from '../rpc/router';
import { DamagedDataError, ReadOnlyError, type CachedKey, type KeyCache, type StoredAccount, type Tx } from '../storage';
import { openSecret, sealSecret } from '../vault';
import type { Context } from './context';
import { toRpcError } from './errors';

type KeyHandlers = Pick<Handlers, 'listKeys' | 'refreshKeys' | 'listBuckets' | 'createKey' | 'deleteKey' | 'revealSecret' | 'saveSecret'>;

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

export function keyHandlers(ctx: Context): KeyHandlers {
  const { store, deps } = ctx;

  async function listFor(account: StoredAccount): Promise<KeyList> {
    const [cache, index] = await Promise.all([store.keyCache(account.accountId), store.secretIndex(account.accountId)]);
    const c = cache ?? EMPTY_CACHE;
    // A damaged entry still counts as saved: revealing it says it is damaged instead of pretending it never existed.
    // A secrets record of the wrong type may have held any key's secret: every key is shown as damaged.
    const saved = new Set([...Object.keys(index.valid), ...index.damaged]);
    const damaged = new Set(index.damaged);
    return {
      accountId: account.accountId,
      keys: c.keys.map((k) => {
        // The managing key's applicationKey is saved with the account itself, never as a secrets entry.
        if (k.applicationKeyId === account.managingKeyId) return { ...k, hasSecret: true, isManagingKey: true, secretDamaged: false };
        const secretDamaged = index.corrupt || damaged.has(k.applicationKeyId);
        return { ...k, hasSecret: index.corrupt || saved.has(k.applicationKeyId), isManagingKey: false, secretDamaged };
      }),
      buckets: c.buckets,
      fetchedAt: c.fetchedAt,
      lastError: c.lastError,
    };
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
  async function storeListing(accountId: string, listed: B2Key[], since: number, buckets?: Bucket[]): Promise<void> {
    await store.write(async (tx) => {
      let keys = listed.map(toCached);
      for (const change of ctx.changesSince(accountId, since)) {
        keys = change.kind === 'add' ? withKey(keys, change.key) : keys.filter((k) => k.applicationKeyId !== change.applicationKeyId);
      }
      keys.sort(byId);
      const old = (await store.keyCache(accountId)) ?? EMPTY_CACHE;
      tx.setKeyCache(accountId, { fetchedAt: deps.now(), keys, buckets: buckets ?? old.buckets, lastError: null });
    });
  }

  /** Seals the secret and records the key, in one write; called before any reply carries the secret. */
  async function saveCreated(account: StoredAccount, dataKey: CryptoKey, key: CachedKey, applicationKey: string): Promise<boolean> {
    const sealed = await sealSecret(dataKey, { accountId: account.accountId, applicationKeyId: key.applicationKeyId }, applicationKey);
    try {
      await store.write(async (tx) => {
        tx.putSecret(account.accountId, key.applicationKeyId, { sealed, keyName: key.keyName, savedAt: deps.now() });
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

  return {
    async listKeys() {
      return listFor(await ctx.activeAccount());
    },

    async refreshKeys() {
      const account = await ctx.activeAccount();
      const since = ctx.changeSeq();
      try {
        const [keys, buckets] = await withB2(account, async () => {
          const client = await ctx.client(account);
          return Promise.all([client.listAllKeys(), fetchBuckets(account)]);
        });
        await storeListing(account.accountId, keys, since, buckets);
      } catch (e) {
        const error = toRpcError(e);
        // A failure midway keeps the previous list exactly as it was; only the reason is recorded.
        if (!['LOCKED', 'NO_VAULT', 'READ_ONLY'].includes(error.code)) await updateCache(account.accountId, (old) => ({ ...old, lastError: error.message })).catch(() => undefined);
        throw error;
      }
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

    async createKey(input) {
      const account = await ctx.activeAccount();
      const dataKey = await ctx.dataKey();
      const issues = validateCreateKeyInput(input);
      if (issues.length) {
        const fields: Record<string, string> = {};
        for (const i of issues) fields[i.field] ??= i.message;
        throw new RpcError('INVALID_INPUT', issues[0]!.message, { fields });
      }
      const client = await withB2(account, () => ctx.client(account));
      let created: CreatedKey;
      try {
        created = await client.createKey(input);
      } catch (e) {
        if (!(e instanceof B2AmbiguousCreateError)) throw toRpcError(e, { endpoint: account.endpoint });
        if (!e.recoveredKey) throw await explainAmbiguousCreate(account, input.keyName);
        created = await recoverCreated(account, input, e.recoveredKey);
      }
      const { applicationKey, ...key } = created;
      const cached = toCached(key);
      const saved = await saveCreated(account, dataKey, cached, applicationKey);
      return { key: { ...cached, hasSecret: saved }, applicationKey, saved };
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
        return { ...key, hasSecret: true };
      });
    },
  };

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

  /**
   * b2_create_key failed in a way that may still have created the key. Re-list and look for a key of
   * that name we did not know: if there is one, its secret is lost and the person should delete it.
   */
  async function explainAmbiguousCreate(account: StoredAccount, keyName: string): Promise<RpcError> {
    const cache = await store.keyCache(account.accountId);
    const known = new Set([...(cache?.keys ?? []).map((k) => k.applicationKeyId), ...Object.keys(await store.secrets(account.accountId))]);
    const since = ctx.changeSeq();
    try {
      const keys = await (await ctx.client(account)).listAllKeys();
      await storeListing(account.accountId, keys, since);
      const orphans = keys.filter((k) => k.keyName === keyName && !known.has(k.applicationKeyId));
      if (orphans.length) {
        const ids = orphans.map((k) => k.applicationKeyId).join(', ');
        // Without an earlier listing we cannot tell a just-created key from an older one of the same name.
        const sure = cache?.fetchedAt != null;
        return new RpcError(
          'AMBIGUOUS_CREATE',
          sure
            ? `B2 created the key “${keyName}” (keyID ${ids}) but the connection broke before its applicationKey arrived, so the secret is lost. Delete that key and create a new one.`
            : `The connection broke while creating “${keyName}”. B2 has a key of that name (keyID ${ids}) whose applicationKey was not saved here; if it is the one just created, its secret is lost: delete it and create a new one.`,
        );
      }
      return new RpcError('AMBIGUOUS_CREATE', `The connection to B2 broke while creating “${keyName}”. B2 has no new key of that name, so nothing was created: it is safe to try again.`);
    } catch {
      return new RpcError('AMBIGUOUS_CREATE', `The connection to B2 broke while creating “${keyName}”, and the key list could not be checked. Refresh the list before trying again, so you do not create the key twice.`);
    }
  }
}
