/** Status, vault set-up, unlock/lock, passphrase change and settings. */
import { checkEndpoint } from '../common/endpoint';
import { RpcError } from '../rpc/errors';
import type { Handlers } from '../rpc/router';
import type { Settings, Status } from '../rpc/protocol';
import { changePassphrase, createVault, passphraseRefusal, unlockVault } from '../vault';
import { rebindAccounts } from './account-integrity';
import { autoLockDeadline, shouldAutoLock } from './autolock';
import type { Context } from './context';

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

/** Locks if the auto-lock time has passed. Run on every call and on the alarm, so a missed alarm cannot keep it open. */
export async function enforceAutoLock(ctx: Context): Promise<boolean> {
  if (!(await ctx.session.isUnlocked())) return false;
  const settings = await ctx.store.settings();
  if (shouldAutoLock(settings.autoLock, await ctx.session.lastActivity(), ctx.deps.now())) {
    await lockNow(ctx);
    return true;
  }
  return false;
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

export function vaultHandlers(ctx: Context): VaultHandlers {
  const { store, session, deps } = ctx;
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
      const rawDataKey = await store.write(async (tx) => {
        // Also refused when only accounts or secrets survive: a new data key would make them undecryptable.
        if (await store.hasAnyVaultData()) throw new RpcError('VAULT_EXISTS', 'A vault passphrase is already set. Unlock it, or change the passphrase in the settings.');
        const created = await createVault(passphrase);
        tx.set('vault', created.header);
        return created.rawDataKey;
      });
      // Unlock only once the header is on disk: a crash in between leaves a locked vault, never a key without a header.
      await session.unlocked(rawDataKey, deps.now());
      return status(ctx);
    },

    async unlock({ passphrase }) {
      const header = await store.raw('vault');
      if (header === undefined) throw new RpcError('NO_VAULT', 'No vault passphrase has been set yet. Open the options page to set one.');
      const { rawDataKey, upgradedHeader } = await unlockVault(header, passphrase);
      await session.unlocked(rawDataKey, deps.now());
      // Accounts stored by format 1 get their endpoint bound into their key's seal now that the data key is here.
      await rebindAccounts(ctx);
      // Raising the KDF cost of an old header is best effort: a read-only store keeps the old one, and a
      // passphrase changed meanwhile (different salt) must not be undone by this older header.
      if (upgradedHeader && !store.readOnlyReason) {
        const unlockedSalt = (header as { kdf?: { salt?: unknown } }).kdf?.salt;
        await store.write(async (tx) => {
          if ((await store.get('vault'))?.kdf.salt === unlockedSalt) tx.set('vault', upgradedHeader);
        });
      }
      return status(ctx);
    },

    async lock() {
      await lockNow(ctx);
      return status(ctx);
    },

    async changePassphrase({ oldPassphrase, newPassphrase }) {
      refuseWeak(newPassphrase, 'newPassphrase');
      await store.write(async (tx) => {
        const header = await store.get('vault');
        if (!header) {
          if ((await store.raw('vault')) !== undefined) throw new RpcError('INTERNAL', 'The stored vault header is damaged or from a newer version, so the passphrase cannot be changed. Nothing was changed.');
          throw new RpcError('NO_VAULT', 'No vault passphrase has been set yet.');
        }
        tx.set('vault', await changePassphrase(header, oldPassphrase, newPassphrase));
      });
      return {};
    },

    getSettings: () => store.settings(),

    async setSettings(patch) {
      const clean = validSettings(patch);
      return store.write(async (tx) => {
        const next = { ...(await store.settings()), ...clean };
        tx.set('settings', next);
        return next;
      });
    },
  };
}
