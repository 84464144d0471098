/**
 * Whether an account's stored record can be trusted to say where its managing key goes, and opening
 * that key only when it can.
 *
 * storage.local can be edited outside the extension: in Firefox by any content script (Chrome is closed
 * to them by setAccessLevel in index.ts), and in both browsers in the profile on disk. accountId,
 * managingKeyId and endpoint decide where the managing key is sent, so they are all in the additional
 * data of its seal (vault/secrets.ts): an edit of any of them makes the key fail to open, and the
 * account is reported damaged before anything is sent.
 *
 * Accounts stored by format 1 were sealed without the endpoint. The migration marks them
 * `needsRebind`, and they are re-sealed with the endpoint bound on the next unlock (or first use).
 * The flag itself is not trusted, because whoever can edit storage can set it. What it can buy:
 *  - on a record sealed by this version, nothing: the legacy additional data does not open a key sealed
 *    with the new one (GCM tag), so the record is still reported damaged;
 *  - on a format-1 seal (still there, or replayed from an old copy of the profile) with an edited
 *    endpoint, the legacy seal would open. So a legacy seal is re-bound without asking only when its
 *    endpoint is Backblaze's own (or the demo build's emulator), compiled into this code; any other
 *    endpoint waits for the person to confirm it on the options page (confirmAccountEndpoint), which
 *    shows it. Until then the key is not used and nothing is sent.
 * A schema version number or a "migrated" marker would not be safer: both live in the same storage the
 * attacker writes, so they could be rolled back together with a replayed seal.
 */
import { checkEndpoint } from '../common/endpoint';
import { DEFAULT_ENDPOINT, type StoredAccount } from '../storage';
import { RpcError } from '../rpc/errors';
import { openSecret, sealSecret, VaultError, type SecretBinding } from '../vault';
import type { Context } from './context';

export function managingKeyBinding(account: Pick<StoredAccount, 'accountId' | 'managingKeyId' | 'endpoint'>): SecretBinding {
  return { accountId: account.accountId, applicationKeyId: account.managingKeyId, purpose: 'accountKey', endpoint: account.endpoint };
}

function legacyBinding(account: StoredAccount): SecretBinding {
  return { accountId: account.accountId, applicationKeyId: account.managingKeyId, purpose: 'legacyAccountKey' };
}

export function damagedAccountMessage(keyId: string | null): string {
  return (
    `This account’s key${keyId ? ` (keyID ${keyId})` : ''} is damaged: the account’s stored settings (API endpoint, keyID or the saved key) ` +
    'were changed outside B2 Key Manager, so the key was not used and nothing was sent to B2. ' +
    'Add the account again on the options page with its keyID and applicationKey; the saved secrets of its keys are kept.'
  );
}

export function accountDamaged(keyId: string | null): RpcError {
  return new RpcError('ACCOUNT_DAMAGED', damagedAccountMessage(keyId));
}

/** Endpoints a format-1 seal may be re-bound to without asking: fixed in this code, not read from storage. */
export function isBuiltInEndpoint(endpoint: string, demoEndpoint: string | null): boolean {
  return endpoint === DEFAULT_ENDPOINT || (demoEndpoint !== null && endpoint === demoEndpoint);
}

export function endpointUnconfirmed(account: StoredAccount): RpcError {
  return new RpcError(
    'ENDPOINT_UNCONFIRMED',
    `Confirm this account’s API endpoint (${account.endpoint}) on the options page before it is used. ` +
      'This update of B2 Key Manager checks where each account’s key is sent; if you did not set this endpoint yourself, do not confirm it: remove the account instead.',
  );
}

/**
 * An endpoint no account may send its key to, whatever its seal says (plain http to another computer): a
 * format-1 record could carry one from before the check existed, or from an edit at rest. Refused before the key
 * is opened, so neither "Confirm" nor any use of the account sends it there.
 */
export function endpointRefusal(account: Pick<StoredAccount, 'endpoint'>): RpcError | null {
  const check = checkEndpoint(account.endpoint);
  if (check.ok) return null;
  return new RpcError(
    'ACCOUNT_DAMAGED',
    `This account’s API endpoint (${account.endpoint}) cannot be used: ${check.message} Its key was not used and nothing was sent. Remove the account and add it again with the right endpoint.`,
  );
}

function isCorrupt(e: unknown): boolean {
  return e instanceof VaultError && e.code === 'CORRUPT_ENTRY';
}

/**
 * The managing key's applicationKey, only when the stored account opens with everything bound.
 * Throws ACCOUNT_DAMAGED (edited or damaged), ENDPOINT_UNCONFIRMED (format-1 seal, endpoint not
 * built in) or LOCKED. `confirmed`: the person has just confirmed this record's endpoint.
 */
export async function openManagingKey(ctx: Context, account: StoredAccount, opts: { confirmed?: boolean } = {}): Promise<string> {
  const refused = endpointRefusal(account);
  if (refused) throw refused;
  const dataKey = await ctx.dataKey();
  try {
    return await openSecret(dataKey, managingKeyBinding(account), account.sealedKey);
  } catch (e) {
    if (!isCorrupt(e)) throw e;
  }
  if (!account.needsRebind) throw accountDamaged(account.managingKeyId);
  let secret: string;
  try {
    secret = await openSecret(dataKey, legacyBinding(account), account.sealedKey);
  } catch (e) {
    if (isCorrupt(e)) throw accountDamaged(account.managingKeyId);
    throw e;
  }
  if (!opts.confirmed && !isBuiltInEndpoint(account.endpoint, ctx.deps.demoEndpoint)) throw endpointUnconfirmed(account);
  await rebind(ctx, account, dataKey, secret);
  return secret;
}

/**
 * The managing key as stored, new seal or (for a flagged record) format-1 seal, or null when neither opens.
 * Never writes and never sends: safe inside a store write. Only for keeping a secret the person is
 * replacing, never for using the key.
 */
export async function peekManagingKey(dataKey: CryptoKey, account: StoredAccount): Promise<string | null> {
  for (const binding of account.needsRebind ? [managingKeyBinding(account), legacyBinding(account)] : [managingKeyBinding(account)]) {
    try {
      return await openSecret(dataKey, binding, account.sealedKey);
    } catch {
      // Try the next binding.
    }
  }
  return null;
}

/** Re-seals a format-1 managing key with its endpoint bound, unless the record changed meanwhile. */
async function rebind(ctx: Context, account: StoredAccount, dataKey: CryptoKey, secret: string): Promise<void> {
  const sealedKey = await sealSecret(dataKey, managingKeyBinding(account), secret);
  await ctx.store.write(async (tx) => {
    const current = (await ctx.store.accounts())[account.accountId];
    if (!current || JSON.stringify(current) !== JSON.stringify(account)) return;
    const { needsRebind: _done, ...rest } = current;
    tx.putAccount({ ...rest, sealedKey });
  });
}

/** At unlock: re-seal every format-1 account that can be re-sealed without asking. Best effort. */
export async function rebindAccounts(ctx: Context): Promise<void> {
  if (ctx.store.readOnlyReason) return;
  const accounts = Object.values(await ctx.store.accounts()).filter((a) => a.needsRebind);
  for (const account of accounts) {
    try {
      await openManagingKey(ctx, account);
    } catch {
      // Damaged or unconfirmed: reported where the account is shown or used.
    }
  }
}

/**
 * Seals that opened with the current binding, by data key: every popup opening lists the accounts, and opening
 * each one's seal again (AES-GCM, in Firefox on the thread the popup is drawing on) was most of the time its list
 * of accounts took (issue 9). The same data key, binding and sealed value always open the same way, so only a
 * record that changed in any of them is opened again; a lock drops the data key, and with it its entries.
 */
const opened = new WeakMap<CryptoKey, Set<string>>();
/** Per data key: a handful of accounts, each seal kept until a lock; many more means records churn, so start over. */
export const OPENED_MAX = 64;

function sealId(account: StoredAccount): string {
  return JSON.stringify([managingKeyBinding(account), account.sealedKey]);
}

function rememberOpened(dataKey: CryptoKey, seal: string): void {
  const seals = opened.get(dataKey) ?? new Set<string>();
  if (seals.size >= OPENED_MAX) seals.clear();
  opened.set(dataKey, seals.add(seal));
}

/** What is wrong with an account's record, for the options page; null when nothing is (or while locked). */
export async function accountProblem(ctx: Context, account: StoredAccount): Promise<{ code: 'ACCOUNT_DAMAGED' | 'ENDPOINT_UNCONFIRMED'; message: string } | null> {
  if (!(await ctx.session.isUnlocked())) return null;
  const refused = endpointRefusal(account);
  if (refused) return { code: 'ACCOUNT_DAMAGED', message: refused.message };
  // Only shown, never a reason to send anything (openManagingKey checks afresh): a recent read will do.
  const dataKey = await ctx.dataKey({ recent: true });
  const seal = sealId(account);
  if (opened.get(dataKey)?.has(seal)) return null;
  try {
    await openSecret(dataKey, managingKeyBinding(account), account.sealedKey);
    rememberOpened(dataKey, seal);
    return null;
  } catch (e) {
    if (!isCorrupt(e)) return null;
  }
  if (account.needsRebind) {
    try {
      await openSecret(dataKey, legacyBinding(account), account.sealedKey);
      // A built-in endpoint is re-bound on first use without asking.
      if (isBuiltInEndpoint(account.endpoint, ctx.deps.demoEndpoint)) return null;
      return { code: 'ENDPOINT_UNCONFIRMED', message: endpointUnconfirmed(account).message };
    } catch {
      // Falls through: damaged.
    }
  }
  return { code: 'ACCOUNT_DAMAGED', message: damagedAccountMessage(account.managingKeyId) };
}
