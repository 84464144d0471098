/** Status, vault set-up, unlock/lock, passphrase change and settings. */
import { checkEndpoint } from '../common/endpoint';
import { RpcError } from '../rpc/errors';
import type { Handlers } from '../rpc/router';
import type { Settings, Status } from '../rpc/protocol';
import { StorageWriteError, unknownSettingsFields, WriteQueue } from '../storage';
import { changePassphrase, createVault, passphraseRefusal, unlockVault, VaultError } from '../vault';
import { rebindAccounts } from './account-integrity';
import { autoLockDeadline, shouldAutoLock } from './autolock';
import type { Context } from './context';
import { toRpcError } from './errors';
import { afterMiss, secondsToWait, waitFor } from './throttle';

type VaultHandlers = Pick<Handlers, 'getStatus' | 'createVault' | 'unlock' | 'lock' | 'changePassphrase' | 'getSettings' | 'setSettings'>;

export async function status(ctx: Context): Promise<Status> {
  const { store, session, deps } = ctx;
  await store.init();
  const [vault, accounts, activeAccountId, unlocked, settings, lastActivity] = await Promise.all([
    // Raw: a header we cannot read is still a vault (locked), never a reason to offer a fresh one.
    store.raw('vault'),
    store.accounts(),
    store.get('activeAccountId'),
    session.isUnlocked(),
    store.settings(),
    session.lastActivity(),
  ]);
  return {
    name: deps.manifest.name,
    version: deps.manifest.version,
    browser: deps.browser,
    vault: vault === undefined ? 'uninitialized' : unlocked ? 'unlocked' : 'locked',
    readOnly: store.readOnlyReason !== null,
    readOnlyReason: store.readOnlyReason,
    activeAccountId: activeAccountId ?? null,
    accountCount: Object.keys(accounts).length,
    demoEndpoint: deps.demoEndpoint,
    autoLockAt: unlocked ? autoLockDeadline(settings.autoLock, lastActivity) : null,
  };
}

export async function lockNow(ctx: Context): Promise<void> {
  ctx.forgetClients();
  await ctx.session.lock();
}

/**
 * Locks if the auto-lock time has passed. Run on every call and on the alarm, so a missed alarm cannot keep it open;
 * answers whether the vault is unlocked after it too (one read less for every message).
 */
export async function autoLock(ctx: Context): Promise<{ lockedNow: boolean; unlocked: boolean }> {
  // Read together: this runs before every message, and three reads one after another were most of a woken
  // worker's first answer.
  // The settings may come from a read made a moment ago (RECENT_READ_MS): a change of them by this background
  // drops that read at once, and the lock policy is all this looks at.
  const [unlocked, settings, lastActivity] = await Promise.all([ctx.session.isUnlocked(), ctx.store.settings({ recent: true }), ctx.session.lastActivity()]);
  if (!unlocked) return { lockedNow: false, unlocked: false };
  if (shouldAutoLock(settings.autoLock, lastActivity, ctx.deps.now())) {
    await lockNow(ctx);
    return { lockedNow: true, unlocked: false };
  }
  return { lockedNow: false, unlocked: true };
}

/** Locks the vault if its auto-lock time has passed; true when it locked it now. */
export async function enforceAutoLock(ctx: Context): Promise<boolean> {
  return (await autoLock(ctx)).lockedNow;
}

function validSettings(patch: Partial<Settings>): Partial<Settings> {
  if (patch.endpoint === undefined) return patch;
  const check = checkEndpoint(patch.endpoint);
  if (!check.ok) throw new RpcError('INVALID_INPUT', check.message, { fields: { endpoint: check.message } });
  return { ...patch, endpoint: check.endpoint };
}

/** The pages refuse the weakest passphrases too; this makes the rule hold for any caller of the background. */
function refuseWeak(passphrase: string, field: string): void {
  const refusal = passphraseRefusal(passphrase);
  if (refusal === null) return;
  const message = `This passphrase is too easy to guess. ${refusal}`;
  throw new RpcError('WEAK_PASSPHRASE', message, { fields: { [field]: message } });
}

/**
 * Runs one passphrase check under the guessing limit (throttle.ts). Checks are serialised so parallel
 * tries cannot all slip past the wait, a try during the wait is refused before PBKDF2 runs, a miss is
 * counted in storage.session (survives the popup closing and the worker restarting), a success resets it.
 */
function guarded(ctx: Context, queue: WriteQueue) {
  return <T>(check: () => Promise<T>): Promise<T> =>
    queue.run(async () => {
      const { session, deps } = ctx;
      const misses = await session.unlockMisses();
      const wait = waitFor(misses, deps.now());
      if (wait > 0) {
        const seconds = secondsToWait(wait);
        throw new RpcError('TOO_MANY_ATTEMPTS', `Too many wrong passphrases in a row. Try again in ${seconds} s.`, { retryAfterSeconds: seconds });
      }
      try {
        const result = await check();
        if (misses) await session.setUnlockMisses(null);
        return result;
      } catch (e) {
        if (!(e instanceof VaultError && e.code === 'WRONG_PASSPHRASE')) throw e;
        const now = deps.now();
        const next = afterMiss(misses, now);
        await session.setUnlockMisses(next);
        const nextWait = waitFor(next, now);
        if (nextWait === 0) throw toRpcError(e);
        // Says the wait at once, so the form can count down instead of letting the person hit a refusal.
        const seconds = secondsToWait(nextWait);
        throw new RpcError('WRONG_PASSPHRASE', `That passphrase is not right. Check Caps Lock. Try again in ${seconds} s.`, { retryAfterSeconds: seconds });
      }
    });
}

/** Whether two stored vault headers are the same one (a new passphrase brings a new salt and a new wrapped key). */
function sameHeader(a: unknown, b: unknown): boolean {
  const fields = (h: unknown) => {
    const x = h as { kdf?: { salt?: unknown }; wrappedKey?: { ct?: unknown } } | undefined;
    return [x?.kdf?.salt, x?.wrappedKey?.ct];
  };
  const [saltA, ctA] = fields(a);
  const [saltB, ctB] = fields(b);
  return typeof saltA === 'string' && typeof ctA === 'string' && saltA === saltB && ctA === ctB;
}

/**
 * A passphrase change whose write the browser reported as failed. A set call that failed may have landed all the
 * same (store.ts), and telling someone their new passphrase was not saved when it is the only one that opens the
 * vault loses them every saved applicationKey: the header is read back, and the answer says which one is in effect.
 * Null when the new header is there: the change is done.
 */
async function changeRefusal(ctx: Context, written: { before: unknown; after: unknown }): Promise<RpcError | null> {
  const now = await ctx.store.raw('vault').catch(() => undefined);
  if (sameHeader(now, written.after)) return null;
  if (sameHeader(now, written.before)) return new RpcError('INTERNAL', 'The passphrase was not changed: the browser refused to store the new one (the disk may be full). Your current passphrase still opens the vault. Free some space, then try again.');
  return new RpcError('INTERNAL', 'The browser reported an error while storing the new passphrase, and this cannot tell whether it was stored. Keep both passphrases: lock the vault and unlock it with the new one; if that is refused, the current one still opens it.');
}

export function vaultHandlers(ctx: Context): VaultHandlers {
  const { store, session, deps } = ctx;
  const guard = guarded(ctx, new WriteQueue());
  return {
    async getStatus(_params, { senderClass }) {
      const full = await status(ctx);
      if (senderClass === 'page') return full;
      // A page's script learns whether the vault is set up and unlocked, nothing that tells which account
      // (or how many) this person keeps here, and nothing about settings or data problems.
      return { ...full, activeAccountId: null, accountCount: 0, readOnlyReason: null, demoEndpoint: null, autoLockAt: null };
    },

    async createVault({ passphrase }) {
      refuseWeak(passphrase, 'passphrase');
      const mark = session.lockMark();
      const rawDataKey = await store.write(async (tx) => {
        // Also refused when only accounts or secrets survive: a new data key would make them undecryptable.
        if (await store.hasAnyVaultData()) throw new RpcError('VAULT_EXISTS', 'A vault passphrase is already set. Unlock it, or change the passphrase in the settings.');
        const created = await createVault(passphrase);
        tx.set('vault', created.header);
        return created.rawDataKey;
      });
      // Unlock only once the header is on disk: a crash in between leaves a locked vault, never a key without a header.
      // A lock asked for meanwhile leaves the new vault locked: its passphrase opens it.
      await session.unlocked(rawDataKey, deps.now(), mark);
      return status(ctx);
    },

    async unlock({ passphrase }) {
      const header = await store.raw('vault');
      if (header === undefined) throw new RpcError('NO_VAULT', 'No vault passphrase has been set yet. Open the options page to set one.');
      const mark = session.lockMark();
      const { rawDataKey, upgradedHeader } = await guard(() => unlockVault(header, passphrase));
      if (!(await session.unlocked(rawDataKey, deps.now(), mark))) {
        throw new RpcError('LOCKED', 'The vault was locked while it was being unlocked (the screen locked, or Lock was pressed on another page), so it stays locked. Unlock it again.');
      }
      // Accounts stored by format 1 get their endpoint bound into their key's seal now that the data key is here.
      await rebindAccounts(ctx);
      // Raising the KDF cost of an old header is best effort: a read-only store keeps the old one, and a
      // passphrase changed meanwhile (different salt) must not be undone by this older header.
      // A refused write leaves the old header, which the passphrase still opens: the unlock itself has succeeded.
      if (upgradedHeader && !store.readOnlyReason) {
        const unlockedSalt = (header as { kdf?: { salt?: unknown } }).kdf?.salt;
        await store
          .write(async (tx) => {
            if ((await store.get('vault'))?.kdf.salt === unlockedSalt) tx.set('vault', upgradedHeader);
          })
          .catch(() => undefined);
      }
      return status(ctx);
    },

    async lock() {
      await lockNow(ctx);
      return status(ctx);
    },

    async changePassphrase({ oldPassphrase, newPassphrase }) {
      refuseWeak(newPassphrase, 'newPassphrase');
      // Set inside the write's callback: `as` keeps the compiler from taking it for null ever after.
      let written = null as { before: unknown; after: unknown } | null;
      try {
        await store.write(async (tx) => {
          const header = await store.get('vault');
          if (!header) {
            if ((await store.raw('vault')) !== undefined) throw new RpcError('INTERNAL', 'The stored vault header is damaged or from a newer version, so the passphrase cannot be changed. Nothing was changed.');
            throw new RpcError('NO_VAULT', 'No vault passphrase has been set yet.');
          }
          // The old passphrase is a guess like any other: same limit, same count as unlock.
          const next = await guard(() => changePassphrase(header, oldPassphrase, newPassphrase));
          written = { before: header, after: next };
          tx.set('vault', next);
        });
      } catch (e) {
        if (!(e instanceof StorageWriteError) || written === null) throw e;
        const refused = await changeRefusal(ctx, written);
        if (refused) throw refused;
      }
      return {};
    },

    getSettings: () => store.settings(),

    async setSettings(patch) {
      const clean = validSettings(patch);
      return store.write(async (tx) => {
        const next = { ...(await store.settings()), ...clean };
        // Fields this version does not know (stored by a later one, before a rollback) stay as they are.
        tx.set('settings', { ...unknownSettingsFields(await store.raw('settings')), ...next });
        return next;
      });
    },
  };
}
