/**
 * Keys of the active account. The cache answers instantly (even while locked); B2 is called only
 * here, and a created key's secret is sealed and written to storage before the reply goes out.
 */
import { authorize, B2AmbiguousCreateError, B2ApiError, validateCreateKeyInput, type B2Key, type Bucket, type CreatedKey, type RecoveredKeySecret } from '../b2';
import { RpcError } from '../rpc/errors';
import type { KeyList, KeyView } from '../rpc/protocol';
import type { Handlers } from '../rpc/router';
import type { KeyCache, SecretsByKeyId, StoredAccount } from '../storage';
import { openSecret, sealSecret } from '../vault';
import type { Context } from './context';
import { toRpcError } from './errors';

type KeyHandlers = Pick<Handlers, 'listKeys' | 'refreshKeys' | 'listBuckets' | 'createKey' | 'deleteKey' | 'revealSecret' | 'saveSecret'>;

const EMPTY_CACHE: KeyCache = { fetchedAt: null, keys: [], buckets: [], lastError: null };

function toCached(key: B2Key): KeyCache['keys'][number] {
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

function view(key: KeyCache['keys'][number], secrets: SecretsByKeyId): KeyView {
  return { ...key, hasSecret: Object.prototype.hasOwnProperty.call(secrets, key.applicationKeyId) };
}

function byId(a: { applicationKeyId: string }, b: { applicationKeyId: string }): number {
  return a.applicationKeyId < b.applicationKeyId ? -1 : a.applicationKeyId > b.applicationKeyId ? 1 : 0;
}

export function keyHandlers(ctx: Context): KeyHandlers {
  const { store, deps } = ctx;

  async function listFor(account: StoredAccount): Promise<KeyList> {
    const [cache, secrets] = await Promise.all([store.keyCache(account.accountId), store.secrets(account.accountId)]);
    const c = cache ?? EMPTY_CACHE;
    return { accountId: account.accountId, keys: c.keys.map((k) => view(k, secrets)), buckets: c.buckets, fetchedAt: c.fetchedAt, lastError: c.lastError };
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

  return {
    async listKeys() {
      return listFor(await ctx.activeAccount());
    },

    async refreshKeys() {
      const account = await ctx.activeAccount();
      try {
        const [keys, buckets] = await withB2(account, async () => {
          const client = await ctx.client(account);
          return Promise.all([client.listAllKeys(), fetchBuckets(account)]);
        });
        keys.sort(byId);
        await updateCache(account.accountId, () => ({ fetchedAt: deps.now(), keys: keys.map(toCached), buckets, lastError: null }));
      } catch (e) {
        const error = toRpcError(e);
        // A failure midway keeps the previous list exactly as it was; only the reason is recorded.
        if (error.code !== 'LOCKED' && error.code !== 'NO_VAULT') await updateCache(account.accountId, (old) => ({ ...old, lastError: error.message })).catch(() => undefined);
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
        const recovered = e.recoveredKey ? await recoverCreated(account, e.recoveredKey) : undefined;
        if (!recovered) throw await explainAmbiguousCreate(account, input.keyName);
        created = recovered;
      }
      const { applicationKey, ...key } = created;
      const cached = toCached(key);
      const sealed = await sealSecret(dataKey, { accountId: account.accountId, applicationKeyId: key.applicationKeyId }, applicationKey);
      let saved = true;
      try {
        await store.write(async (tx) => {
          const secrets = await store.secrets(account.accountId);
          tx.setSecrets(account.accountId, { ...secrets, [key.applicationKeyId]: { sealed, keyName: key.keyName, savedAt: deps.now() } });
          const cache = (await store.keyCache(account.accountId)) ?? EMPTY_CACHE;
          tx.setKeyCache(account.accountId, { ...cache, keys: [...cache.keys.filter((k) => k.applicationKeyId !== key.applicationKeyId), cached].sort(byId) });
        });
      } catch (e) {
        // The secret exists only in this reply now: still hand it to the person, and say it was not saved.
        console.error('Saving a new key to the vault failed', e instanceof Error ? e.name : 'unknown');
        saved = false;
      }
      return { key: { ...cached, hasSecret: saved }, applicationKey, saved };
    },

    async deleteKey({ applicationKeyId }) {
      const account = await ctx.activeAccount();
      await ctx.dataKey();
      const client = await withB2(account, () => ctx.client(account));
      try {
        await client.deleteKey(applicationKeyId);
      } catch (e) {
        // Already gone in B2 (deleted elsewhere): finish the job locally instead of failing.
        const gone = e instanceof B2ApiError && e.status === 400 && /does not exist/i.test(e.message);
        if (!gone) throw toRpcError(e, { endpoint: account.endpoint });
      }
      await store.write(async (tx) => {
        const secrets = await store.secrets(account.accountId);
        if (secrets[applicationKeyId]) {
          const { [applicationKeyId]: _dropped, ...rest } = secrets;
          tx.setSecrets(account.accountId, rest);
        }
        const cache = (await store.keyCache(account.accountId)) ?? EMPTY_CACHE;
        tx.setKeyCache(account.accountId, { ...cache, keys: cache.keys.filter((k) => k.applicationKeyId !== applicationKeyId) });
      });
      return {};
    },

    async revealSecret({ applicationKeyId }) {
      const account = await ctx.activeAccount();
      const dataKey = await ctx.dataKey();
      const entry = (await store.secrets(account.accountId))[applicationKeyId];
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
      // Verify before storing: a mistyped secret saved now would be discovered only when it is needed.
      let auth;
      try {
        auth = await authorize({ fetch: deps.fetch, endpoint: account.endpoint, credentials: { applicationKeyId, applicationKey: secret }, now: deps.now, ...(deps.sleep ? { sleep: deps.sleep } : {}) });
      } catch (e) {
        if (e instanceof B2ApiError && e.status === 401) {
          throw new RpcError('INVALID_INPUT', 'B2 did not accept this applicationKey for this keyID. Check that you pasted the whole applicationKey.', { fields: { applicationKey: 'B2 did not accept this applicationKey for this keyID.' } });
        }
        throw toRpcError(e, { endpoint: account.endpoint });
      }
      if (auth.accountId !== account.accountId) throw new RpcError('INVALID_INPUT', 'This key belongs to a different B2 account.', { fields: { applicationKey: 'This key belongs to a different B2 account.' } });
      const sealed = await sealSecret(dataKey, { accountId: account.accountId, applicationKeyId }, secret);
      return store.write(async (tx) => {
        const cache = (await store.keyCache(account.accountId)) ?? EMPTY_CACHE;
        const cached = cache.keys.find((k) => k.applicationKeyId === applicationKeyId);
        const keyName = cached?.keyName ?? '';
        const secrets = await store.secrets(account.accountId);
        const next = { ...secrets, [applicationKeyId]: { sealed, keyName, savedAt: deps.now() } };
        tx.setSecrets(account.accountId, next);
        const known = cached ?? {
          accountId: account.accountId,
          applicationKeyId,
          keyName,
          capabilities: auth.allowed.capabilities,
          bucketIds: auth.allowed.buckets?.map((b) => b.id) ?? null,
          namePrefix: auth.allowed.namePrefix,
          expirationTimestamp: auth.applicationKeyExpirationTimestamp,
          options: [],
        };
        return view(known, next);
      });
    },
  };

  /**
   * B2 answered the create with a reply we could not fully parse but that held the keyID and the secret:
   * find the key's other fields by re-listing, so the secret is saved like any other.
   */
  async function recoverCreated(account: StoredAccount, recovered: RecoveredKeySecret): Promise<CreatedKey | undefined> {
    try {
      const client = await ctx.client(account);
      const keys = await client.listAllKeys();
      const key = keys.find((k) => k.applicationKeyId === recovered.applicationKeyId);
      return key ? { ...key, applicationKey: recovered.applicationKey } : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * b2_create_key failed in a way that may still have created the key. Re-list and look for a key of
   * that name we did not know: if there is one, its secret is lost and the person should delete it.
   */
  async function explainAmbiguousCreate(account: StoredAccount, keyName: string): Promise<RpcError> {
    const before = new Set(((await store.keyCache(account.accountId))?.keys ?? []).map((k) => k.applicationKeyId));
    try {
      const client = await ctx.client(account);
      const keys = (await client.listAllKeys()).sort(byId);
      await updateCache(account.accountId, (old) => ({ ...old, fetchedAt: deps.now(), keys: keys.map(toCached), lastError: null }));
      const orphans = keys.filter((k) => k.keyName === keyName && !before.has(k.applicationKeyId));
      if (orphans.length) {
        return new RpcError(
          'AMBIGUOUS_CREATE',
          `B2 created the key “${keyName}” (keyID ${orphans.map((k) => k.applicationKeyId).join(', ')}) but the connection broke before its applicationKey arrived, so the secret is lost. Delete that key and create a new one.`,
        );
      }
      return new RpcError('AMBIGUOUS_CREATE', `The connection to B2 broke while creating “${keyName}”. B2 has no key of that name, so nothing was created: it is safe to try again.`);
    } catch {
      return new RpcError('AMBIGUOUS_CREATE', `The connection to B2 broke while creating “${keyName}”, and the key list could not be checked. Refresh the list before trying again, so you do not create the key twice.`);
    }
  }
}
