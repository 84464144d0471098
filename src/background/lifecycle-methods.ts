/**
 * Issue 10, a key's life beyond create and delete: Rotate key (a successor through Create New Key's own path,
 * with lineage notes), Check applicationKey (authorize with the saved copy; changes nothing, in B2 or here) and
 * what the details view shows about a key's kind and lineage.
 */
import { authorizesOnV3, B2ApiError, type B2Auth } from '../b2';
import { RpcError } from '../rpc/errors';
import type { SecretCheck } from '../rpc/protocol';
import type { Handlers } from '../rpc/router';
import type { CachedKey, StoredAccount } from '../storage';
import { openSecret } from '../vault';
import type { Context } from './context';
import type { CreateMethods } from './create-methods';
import { toRpcError } from './errors';
import { refusalCause } from './refusal-cause';
import { bucketKindOf, rotationInput, rotationRefusal, successorName, suggestedDuration, type BucketKind } from './key-notes';

type LifecycleHandlers = Pick<Handlers, 'keyNotes' | 'rotateKey' | 'checkSecret' | 'savedSecrets'>;

export function lifecycleHandlers(ctx: Context, creates: Pick<CreateMethods, 'create' | 'tracked'>): LifecycleHandlers {
  const { store, deps } = ctx;

  async function cachedKey(account: StoredAccount, applicationKeyId: string): Promise<CachedKey> {
    const key = await ctx.keyCache.find(account.accountId, applicationKeyId);
    if (!key) throw new RpcError('NOT_FOUND', 'This key is no longer in the list. Refresh the list and try again.');
    return key;
  }

  /** The saved applicationKey, opened; the same refusals as Reveal for a missing or damaged copy. */
  async function savedSecret(account: StoredAccount, applicationKeyId: string): Promise<string> {
    const dataKey = await ctx.dataKey();
    // Opening the account's key checks its record first: nothing goes to an endpoint edited at rest.
    const managing = await ctx.managingKey(account);
    if (applicationKeyId === account.managingKeyId) return managing;
    const index = await store.secretIndex(account.accountId);
    if (index.corrupt || index.damaged.includes(applicationKeyId)) {
      throw new RpcError('CORRUPT_ENTRY', 'The saved applicationKey of this key is damaged and cannot be decrypted, so it cannot be checked. Nothing was changed.');
    }
    const entry = index.valid[applicationKeyId];
    if (!entry) throw new RpcError('NOT_FOUND', 'No applicationKey is saved for this key, so there is nothing to check.');
    try {
      return await openSecret(dataKey, { accountId: account.accountId, applicationKeyId }, entry.sealed);
    } catch (e) {
      throw toRpcError(e);
    }
  }

  /** Why B2 refused a saved key (refusal-cause.ts), as the check's outcome and sentence. */
  async function whyRefused(account: StoredAccount, key: CachedKey | undefined, applicationKeyId: string): Promise<SecretCheck> {
    const base = { applicationKeyId, capabilities: null, bucketKind: null };
    if (applicationKeyId === account.managingKeyId) {
      return {
        ...base,
        outcome: 'refused',
        message: 'B2 no longer accepts this account’s own key: it was deleted, expired or (for a master key) regenerated. Add the account again with a key that works.',
      };
    }
    let cause;
    try {
      cause = await refusalCause(ctx, account, applicationKeyId, key?.expirationTimestamp ?? null);
    } catch (e) {
      return { ...base, outcome: 'refused', message: `B2 did not accept the saved applicationKey, and why could not be asked: ${toRpcError(e, { endpoint: account.endpoint }).message}` };
    }
    if (cause === 'expired') {
      return { ...base, outcome: 'expired', message: 'This key has expired, so B2 no longer accepts it. Rotate it (or create a new key) and delete this one.' };
    }
    if (cause === 'deleted') {
      return { ...base, outcome: 'deleted', message: 'B2 no longer has this key: it was deleted (here, in the B2 web console or by another tool). Refresh the list; create a new key if you still need one.' };
    }
    return {
      ...base,
      outcome: 'mismatch',
      message: 'B2 has this key, but the saved applicationKey does not match it. If you have the right one, save it again; otherwise rotate the key.',
    };
  }

  /** For a working one-bucket key: does it also authorize on v3? A network problem leaves the kind as known before. */
  async function kindByProbe(account: StoredAccount, credentials: { applicationKeyId: string; applicationKey: string }, auth: B2Auth, known: BucketKind): Promise<BucketKind> {
    if (auth.allowed.buckets === null) return 'allBuckets';
    if (auth.allowed.buckets.length > 1) return 'multi';
    try {
      const { fetch, now, sleep } = deps;
      return (await authorizesOnV3({ fetch, endpoint: account.endpoint, credentials, now, ...(sleep ? { sleep } : {}) })) ? 'single' : 'multi';
    } catch {
      return known;
    }
  }

  /** The account's bucket IDs from the last refresh, when it went through (a failed one may have left an older list). */
  async function knownBuckets(account: StoredAccount): Promise<ReadonlySet<string> | null> {
    const meta = await ctx.keyCache.meta(account.accountId);
    return meta.fetchedAt !== null && meta.lastError === null ? new Set(meta.buckets.map((b) => b.bucketId)) : null;
  }

  return {
    async keyNotes({ applicationKeyId, accountId }) {
      const account = await ctx.accountFor(accountId);
      const [key, notes] = await Promise.all([cachedKey(account, applicationKeyId), store.keyNotes(account.accountId)]);
      const note = notes[applicationKeyId];
      return {
        replaces: note?.replaces ?? null,
        replacedBy: note?.replacedBy ?? null,
        bucketKind: bucketKindOf(key, note),
        rotation: { refusal: rotationRefusal(account, key, note, await knownBuckets(account)), suggestedName: successorName(key.keyName), suggestedDuration: suggestedDuration(key, note, deps.now()) },
      };
    },

    rotateKey: ({ applicationKeyId, accountId, keyName, validDurationInSeconds, confirmUnsettled, requestId }) =>
      // A refusal before B2 is asked is kept too: the popup that sent the form may have closed before it.
      creates.tracked(requestId, { accountId: accountId ?? null, keyName }, async () => {
        const account = await ctx.accountFor(accountId);
        await ctx.dataKey();
        const old = await cachedKey(account, applicationKeyId);
        const note = (await store.keyNotes(account.accountId))[applicationKeyId];
        const refusal = rotationRefusal(account, old, note, await knownBuckets(account));
        if (refusal) throw new RpcError('INVALID_INPUT', refusal);
        const input = rotationInput(old, note, { keyName, validDurationInSeconds });
        // The successor is made in the old key's account, whichever is active by now.
        return creates.create({ ...input, accountId: account.accountId, ...(confirmUnsettled ? { confirmUnsettled } : {}) }, old);
      }),

    async checkSecret({ applicationKeyId, accountId }) {
      const account = await ctx.accountFor(accountId);
      const applicationKey = await savedSecret(account, applicationKeyId);
      const [key, notes] = await Promise.all([ctx.keyCache.find(account.accountId, applicationKeyId), store.keyNotes(account.accountId)]);
      const credentials = { applicationKeyId, applicationKey };
      let auth: B2Auth;
      try {
        auth = await ctx.authorizeWith(account.endpoint, credentials);
      } catch (e) {
        if (e instanceof B2ApiError && e.status === 401) return whyRefused(account, key, applicationKeyId);
        throw toRpcError(e, { endpoint: account.endpoint });
      }
      if (auth.accountId !== account.accountId) {
        return { applicationKeyId, outcome: 'mismatch', capabilities: null, bucketKind: null, message: 'The saved applicationKey works, but for a different B2 account than this one.' };
      }
      const known = key ? bucketKindOf(key, notes[applicationKeyId]) : 'unknown';
      const bucketKind = await kindByProbe(account, credentials, auth, known);
      const caps = auth.allowed.capabilities;
      return {
        applicationKeyId,
        outcome: 'works',
        capabilities: caps,
        bucketKind,
        message: `Works: B2 accepted the saved applicationKey, with ${caps.length} ${caps.length === 1 ? 'capability' : 'capabilities'}.`,
      };
    },

    async savedSecrets({ accountId }) {
      const account = await ctx.accountFor(accountId);
      const index = await store.secretIndex(account.accountId);
      const keys = Object.entries(index.valid)
        .map(([applicationKeyId, s]) => ({ applicationKeyId, keyName: s.keyName }))
        .sort((a, b) => a.keyName.localeCompare(b.keyName) || a.applicationKeyId.localeCompare(b.applicationKeyId));
      // Damaged entries are listed too: checking one says it is damaged, which the summary must count.
      const damaged = index.damaged.map((applicationKeyId) => ({ applicationKeyId, keyName: '' }));
      return { keys: [{ applicationKeyId: account.managingKeyId, keyName: account.label }, ...[...keys, ...damaged].filter((k) => k.applicationKeyId !== account.managingKeyId)] };
    },
  };
}
