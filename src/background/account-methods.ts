/** Accounts: add (verified by authorizing), list, choose the active one, remove. */
import { KEY_MANAGEMENT_CAPABILITIES } from '../b2/capabilities';
import { checkEndpoint } from '../common/endpoint';
import { RpcError } from '../rpc/errors';
import type { AccountView } from '../rpc/protocol';
import type { Handlers } from '../rpc/router';
import { checksKey, lostKey, notesKey, secretsKey, usageKey, type StoredAccount, type StoredSecret, type Tx } from '../storage';
import { sealSecret } from '../vault';
import { accountProblem, damagedAccountMessage, managingKeyBinding, openManagingKey, peekManagingKey } from './account-integrity';
import type { Context } from './context';
import { toRpcError } from './errors';

type AccountHandlers = Pick<Handlers, 'listAccounts' | 'addAccount' | 'setActiveAccount' | 'removeAccount' | 'confirmAccountEndpoint'>;

/**
 * The key of a stored account record that fails its schema, if its seal still opens under the record's own
 * accountId, keyID and endpoint: never used, only kept when the record is replaced.
 */
async function damagedRecordKey(ctx: Context, dataKey: CryptoKey, accountId: string): Promise<{ record: StoredAccount; secret: string } | null> {
  const raw = await ctx.store.raw('accounts');
  const entry = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[accountId] : undefined;
  if (typeof entry !== 'object' || entry === null) return null;
  const { managingKeyId, endpoint, sealedKey, needsRebind } = entry as Record<string, unknown>;
  if (typeof managingKeyId !== 'string' || typeof endpoint !== 'string' || typeof sealedKey !== 'object' || sealedKey === null) return null;
  const record = { accountId, managingKeyId, endpoint, sealedKey, ...(needsRebind === true ? { needsRebind: true } : {}) } as StoredAccount;
  const secret = await peekManagingKey(dataKey, record);
  return secret === null ? null : { record, secret };
}

/** An account's own key as the saved secret of its keyID, named as the key list names it. */
async function asSavedSecret(ctx: Context, dataKey: CryptoKey, account: StoredAccount, secret: string, now: number): Promise<StoredSecret> {
  const cached = await ctx.keyCache.find(account.accountId, account.managingKeyId);
  return {
    sealed: await sealSecret(dataKey, { accountId: account.accountId, applicationKeyId: account.managingKeyId }, secret),
    keyName: cached?.keyName ?? (account.managingKeyId === account.accountId ? 'Master application key' : ''),
    savedAt: now,
  };
}

/**
 * Which keyIDs have a saved applicationKey, in 16 hex digits (SHA-256 of the sorted keyIDs): "Delete them" agrees to
 * the set the page showed, and a count alone passes one saved and another deleted since. KeyIDs are not secret.
 */
export async function savedSecretsMark(keyIds: Iterable<string>): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode([...keyIds].sort().join('\n')));
  return [...new Uint8Array(digest, 0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function accountView(account: StoredAccount, savedSecretCount: number, problem: AccountView['problem'] = null, savedSecretsMark = ''): AccountView {
  return {
    accountId: account.accountId,
    label: account.label,
    endpoint: account.endpoint,
    managingKeyId: account.managingKeyId,
    isMasterKey: account.managingKeyId === account.accountId,
    capabilities: account.capabilities,
    missingCapabilities: KEY_MANAGEMENT_CAPABILITIES.filter((c) => !account.capabilities.includes(c)),
    bucketRestriction: account.bucketRestriction,
    namePrefix: account.namePrefix,
    s3ApiUrl: account.s3ApiUrl,
    addedAt: account.addedAt,
    savedSecretCount,
    savedSecretsMark,
    problem,
  };
}

function difference(a: readonly string[], b: readonly string[]): string[] {
  return a.filter((c) => !b.includes(c));
}

/** The question asked before an account's managing key is replaced by another key of the same account. */
function keyChangeQuestion(existing: StoredAccount, newKeyId: string, newCapabilities: readonly string[]): RpcError {
  const lost = difference(existing.capabilities, newCapabilities);
  const gained = difference(newCapabilities, existing.capabilities);
  const lostManagement = lost.filter((c) => (KEY_MANAGEMENT_CAPABILITIES as readonly string[]).includes(c));
  const parts = [`This account is already added with keyID ${existing.managingKeyId}. Replace it with keyID ${newKeyId}?`];
  if (lost.length) parts.push(`The new key lacks ${lost.join(', ')}${lostManagement.length ? `, so B2 Key Manager could no longer ${describeManagement(lostManagement)}` : ''}.`);
  if (gained.length) parts.push(`It adds ${gained.join(', ')}.`);
  if (!lost.length && !gained.length) parts.push('Both keys have the same capabilities.');
  parts.push(`The applicationKey of keyID ${existing.managingKeyId} stays saved in your vault.`);
  return new RpcError('ACCOUNT_KEY_CHANGE', parts.join(' '), {
    keyChange: { accountId: existing.accountId, oldKeyId: existing.managingKeyId, newKeyId, lostCapabilities: lost, gainedCapabilities: gained },
  });
}

function describeManagement(caps: readonly string[]): string {
  const words: Record<string, string> = { listKeys: 'list keys', writeKeys: 'create keys', deleteKeys: 'delete keys', listBuckets: 'list buckets' };
  return caps.map((c) => words[c] ?? c).join(' or ');
}

/** Why Remove account did not delete the saved applicationKeys: not as many as the page showed. */
export function savedSinceMessage(shown: number, now: number): string {
  const keys = (n: number) => (n === 1 ? '1 applicationKey' : `${n} applicationKeys`);
  const what =
    now > shown
      ? `${keys(now - shown)} ${now - shown === 1 ? 'was' : 'were'} saved for this account since this page showed it`
      : `This account has ${keys(now)} saved now, not ${shown} as this page showed`;
  return `${what}; look again before removing it. Nothing was removed.`;
}

/** Remove account with "Delete them" while new keys' applicationKeys are held, not saved (the vault refused them). */
export function heldAtRemovalMessage(count: number): string {
  const which = count === 1 ? 'A new key’s applicationKey for this account is' : `${count} new keys’ applicationKeys for this account are`;
  return `${which} held by the extension, not saved: the browser refused to store ${count === 1 ? 'it' : 'them'} in the vault (its storage may be full). Open the popup and copy ${count === 1 ? 'it' : 'them'} with Show applicationKey in its banner, or free some disk space so that ${count === 1 ? 'it is' : 'they are'} saved, then look again; or keep the applicationKeys in the vault. Nothing was removed.`;
}

export function accountHandlers(ctx: Context): AccountHandlers {
  const { store, session, deps } = ctx;

  async function viewOf(account: StoredAccount): Promise<AccountView> {
    // A count only: the entries are not validated (that would cost every saved secret on every popup open). Only
    // shown, so the read the popup's first window made of them a moment ago will do (RECENT_READ_MS).
    const [saved, problem] = await Promise.all([store.secretKeyIds(account.accountId, { recent: true }), accountProblem(ctx, account)]);
    return accountView(account, saved.size, problem, await savedSecretsMark(saved));
  }

  /**
   * Keeps an account's own key (one being let go of) as its keyID's saved secret, in the write `tx`; a secret
   * already saved under that keyID stays as it is.
   */
  async function keepUnlessSaved(tx: Tx, dataKey: CryptoKey, account: StoredAccount, secret: string): Promise<void> {
    if ((await store.secrets(account.accountId))[account.managingKeyId]) return;
    tx.putSecret(account.accountId, account.managingKeyId, await asSavedSecret(ctx, dataKey, account, secret, deps.now()));
  }

  return {
    async listAccounts() {
      // Read with the index, not after it: one round of storage calls less for every popup opening.
      const [index, activeAccountId] = await Promise.all([store.accountIndex(), store.get('activeAccountId')]);
      const views = await Promise.all(Object.values(index.valid).map(viewOf));
      views.sort((a, b) => a.addedAt - b.addedAt);
      const problems = index.corrupt
        ? ['The stored list of accounts is damaged (it has the wrong type), so no account can be shown or used. It was left as it is; nothing was deleted.']
        : await Promise.all(index.damaged.map(async (id) => `Account ${id}: ${damagedAccountMessage(await ctx.storedKeyIdOf(id))}`));
      return { accounts: views, activeAccountId: activeAccountId ?? null, ...(problems.length ? { problems } : {}) };
    },

    async addAccount({ applicationKeyId, applicationKey, label, endpoint, replaceKeyId }) {
      const dataKey = await ctx.dataKey();
      const check = checkEndpoint(endpoint ?? (await store.settings()).endpoint);
      if (!check.ok) throw new RpcError('INVALID_INPUT', check.message, { fields: { endpoint: check.message } });
      const keyId = applicationKeyId.trim();
      const secret = applicationKey.trim();
      let auth;
      try {
        auth = await ctx.authorizeWith(check.endpoint, { applicationKeyId: keyId, applicationKey: secret });
      } catch (e) {
        throw toRpcError(e, { endpoint: check.endpoint });
      }
      const account: StoredAccount = {
        accountId: auth.accountId,
        label: label?.trim() || `B2 account ${auth.accountId}`,
        endpoint: check.endpoint,
        managingKeyId: keyId,
        sealedKey: await sealSecret(dataKey, managingKeyBinding({ accountId: auth.accountId, managingKeyId: keyId, endpoint: check.endpoint }), secret),
        capabilities: auth.allowed.capabilities,
        bucketRestriction: auth.allowed.buckets,
        namePrefix: auth.allowed.namePrefix,
        s3ApiUrl: auth.s3ApiUrl || null,
        addedAt: deps.now(),
      };
      const outcome = await store.write(async (tx): Promise<'added' | 'unchanged' | 'keyUpdated'> => {
        const existing = (await store.accounts())[account.accountId];
        let updated = false;
        if (!existing) {
          // A record here that fails its schema (a field damaged at rest) may still hold a key that opens: kept as its
          // keyID's saved secret, as below for a record that parses, rather than written over.
          const damaged = await damagedRecordKey(ctx, dataKey, account.accountId);
          if (damaged && damaged.secret !== secret) await keepUnlessSaved(tx, dataKey, damaged.record, damaged.secret);
        }
        if (existing) {
          // An existing record that does not open (edited or damaged) is repaired by any key B2 accepts;
          // one that opens is the person's choice and is kept unless they say otherwise.
          const oldSecret = await peekManagingKey(dataKey, existing);
          // The same keyID with another secret that B2 has just accepted: the stored one is dead (a keyID has one
          // secret at a time; the console's "Generate New Master Application Key" keeps the keyID). Kept, it would
          // have sent this person's only copy of the new master key away with "nothing was changed".
          // At the same endpoint only: another endpoint (an emulator or a proxy answering for the account) accepting the
          // new secret says nothing of the old one where it was used, which is then kept as the keyID's saved secret.
          const otherSecret = oldSecret !== null && existing.managingKeyId === keyId && oldSecret !== secret;
          updated = otherSecret && existing.endpoint === account.endpoint;
          if (otherSecret && !updated) await keepUnlessSaved(tx, dataKey, existing, oldSecret);
          // Re-adding a format-1 record with its own key and endpoint is a confirmation: it is re-sealed below.
          if (oldSecret !== null && !updated && !existing.needsRebind && existing.managingKeyId === keyId && existing.endpoint === account.endpoint) {
            return 'unchanged';
          }
          if (oldSecret !== null && existing.managingKeyId !== keyId) {
            if (replaceKeyId !== existing.managingKeyId) throw keyChangeQuestion(existing, keyId, account.capabilities);
            // The replaced key may still be in use elsewhere and B2 never shows its secret again: keep it as
            // that keyID's saved secret. Same write as the replacement, so one never happens without the other.
            tx.putSecret(account.accountId, existing.managingKeyId, await asSavedSecret(ctx, dataKey, existing, oldSecret, deps.now()));
          }
          // Adding an account again keeps its label, cache and saved secrets.
          account.addedAt = existing.addedAt;
          if (!label?.trim()) account.label = existing.label;
        }
        tx.putAccount(account);
        if (!(await store.get('activeAccountId'))) tx.set('activeAccountId', account.accountId);
        return updated ? 'keyUpdated' : 'added';
      });
      if (outcome === 'unchanged') {
        const stored = (await store.accounts())[account.accountId]!;
        return { ...(await viewOf(stored)), alreadyAdded: true };
      }
      ctx.forgetClient(account.accountId);
      await session.setToken(account.accountId, account.managingKeyId, account.endpoint, auth);
      const view = await viewOf((await store.accounts())[account.accountId] ?? account);
      return outcome === 'keyUpdated' ? { ...view, keyUpdated: true } : view;
    },

    async confirmAccountEndpoint({ accountId, endpoint }) {
      const account = (await store.accounts())[accountId];
      if (!account) throw new RpcError('NOT_FOUND', 'That account is no longer in the list. Reopen the options page.');
      // The yes covers the endpoint the page showed: a record changed since then is asked about again.
      if (account.endpoint !== endpoint) throw new RpcError('ENDPOINT_UNCONFIRMED', 'This account’s API endpoint changed since the page showed it. Reload the options page and check it again.');
      await openManagingKey(ctx, account, { confirmed: true });
      return viewOf((await store.accounts())[accountId] ?? account);
    },

    async setActiveAccount({ accountId }) {
      await store.write(async (tx) => {
        if (!(await store.accounts())[accountId]) throw new RpcError('NOT_FOUND', 'That account is no longer in the list. Reopen the options page.');
        tx.set('activeAccountId', accountId);
      });
      return {};
    },

    async removeAccount(req) {
      const { accountId, keepSecrets } = req;
      // Removing is destructive, so it needs the passphrase like everything else that changes the vault.
      const dataKey = await ctx.dataKey();
      // New keys' secrets the vault refused, held in memory (create-methods.ts saveHeldSecrets): kept with the others.
      const heldOf = async () => (await session.heldSecrets().catch(() => [])).filter((h) => h.key.accountId === accountId);
      let held = await heldOf();
      // "Delete them" agrees to the saved applicationKeys the page counted; a held one is counted nowhere and may be
      // the only copy B2 ever gave. Saved now if the vault takes it (then the count below no longer matches and the
      // page shows the new one); if it still refuses, nothing is removed.
      if (!keepSecrets && held.length > 0) {
        await ctx.landHeldSecrets().catch(() => false);
        const saved = await store.secretKeyIds(accountId);
        held = (await heldOf()).filter((h) => !saved.has(h.key.applicationKeyId));
        if (held.length > 0) throw new RpcError('CHANGED_MEANWHILE', heldAtRemovalMessage(held.length));
      }
      await store.write(async (tx) => {
        const accounts = await store.accounts();
        const removed = accounts[accountId];
        if (!removed) throw new RpcError('NOT_FOUND', 'That account is no longer in the list.');
        if (!req.keepSecrets) {
          // The yes covers the applicationKeys the page showed: keys made in the popup since saved theirs, perhaps
          // the only copy B2 ever gave, and the person did not agree to delete those. Read here, in the write, so
          // nothing saved between the check and the removal goes unseen.
          const saved = await store.secretKeyIds(accountId);
          if (saved.size !== req.savedSecretCount) throw new RpcError('CHANGED_MEANWHILE', savedSinceMessage(req.savedSecretCount, saved.size));
          if (req.savedSecretsMark !== undefined && (await savedSecretsMark(saved)) !== req.savedSecretsMark) {
            throw new RpcError('CHANGED_MEANWHILE', 'The applicationKeys saved for this account changed since this page showed them (as many saved as deleted); look again before removing it. Nothing was removed.');
          }
        }
        const { [accountId]: _removed, ...rest } = accounts;
        // "Keep them in the vault" keeps the account's own key too: B2 never shows its secret again, and it may be
        // the only copy. Kept as that keyID's saved secret, in the same write as the removal; a secret already
        // saved under that keyID stays as it is.
        const managing = keepSecrets ? await peekManagingKey(dataKey, removed) : null;
        if (managing !== null) await keepUnlessSaved(tx, dataKey, removed, managing);
        // Not into a damaged record of secrets: the store would refuse the whole removal.
        const secrets = held.length ? await store.secretIndex(accountId).catch(() => null) : null;
        if (secrets && !secrets.corrupt) {
          for (const h of held) if (!Object.hasOwn(secrets.valid, h.key.applicationKeyId) && !secrets.damaged.includes(h.key.applicationKeyId)) tx.putSecret(accountId, h.key.applicationKeyId, { sealed: h.held.sealed, keyName: h.key.keyName, savedAt: deps.now() });
        }
        tx.dropAccount(accountId);
        await ctx.keyCache.drop(tx, accountId);
        tx.remove(lostKey(accountId));
        if (!keepSecrets) tx.remove(secretsKey(accountId));
        // Notes (lineage, bucket kind) go with the secrets: kept ones still describe the kept secrets.
        if (!keepSecrets) tx.remove(notesKey(accountId));
        // Where the keys were filled, and how their checks went, go with the account (issue 13).
        tx.remove(usageKey(accountId));
        tx.remove(checksKey(accountId));
        if ((await store.get('activeAccountId')) === accountId) tx.set('activeAccountId', Object.keys(rest)[0] ?? null);
        // The keyboard command's "fill the last key again" must not fill a key of the removed account once it is
        // added again.
        if ((await store.get('lastFill'))?.accountId === accountId) tx.set('lastFill', null);
      });
      ctx.forgetClient(accountId);
      ctx.keyWindows.forget(accountId);
      // The account is gone from disk already: a session that refuses to forget its token (memory only, and no
      // longer reachable without the account) must not make the removal read as failed ("try again").
      await session.dropToken(accountId).catch(() => undefined);
      await session.dropUnsavedCreatesOf(accountId).catch(() => undefined);
      return {};
    },
  };
}
