/**
 * The background's methods, assembled from their groups, with the rules that apply to all of them:
 * a call first enforces auto-lock (so a missed alarm cannot keep the vault open), and a call from one
 * of our pages counts as activity.
 */
import { RpcError } from '../rpc/errors';
import { StorageUpgradeError } from '../storage/store';
import type { MethodName } from '../rpc/protocol';
import type { Handlers } from '../rpc/router';
import { accountHandlers } from './account-methods';
import { Context, type ServiceDeps } from './context';
import type { CreateMethods } from './create-methods';
import { toRpcError, UNFORESEEN } from './errors';
import { expiryBadge, type BadgeState } from './expiry-badge';
import { keyHandlers } from './key-methods';
import { once, onFirstCall } from './on-first-call';
import { popupHandlers } from './popup-methods';
import { autoLock, enforceAutoLock, lockNow, vaultHandlers } from './vault-methods';

/**
 * Calls that change B2 or stored data. With data from a newer version (read-only) they are refused before
 * anything happens: a key created in B2 whose secret cannot be stored would be a secret lost.
 */
const CHANGES: ReadonlySet<MethodName> = new Set(['createVault', 'changePassphrase', 'setSettings', 'addAccount', 'confirmAccountEndpoint', 'setActiveAccount', 'removeAccount', 'refreshKeys', 'createKey', 'deleteKey', 'saveSecret', 'dismissCreateCheck', 'importBackup', 'rotateKey', 'clearKeyUsage']);

/**
 * Calls that only read, answered from what they read: each starts while the auto-lock check reads what it needs
 * (one round of storage calls for a woken worker's first answer, a popup's first screen and each search
 * keystroke, not two), and is run again in the rare case that the check locks the vault now.
 */
const EARLY: ReadonlySet<MethodName> = new Set(['getStatus', 'popupState', 'listKeys']);

/** Calls that do not count as use: polling the status (or a sent create's outcome) must not keep an idle vault unlocked. */
const PASSIVE: ReadonlySet<MethodName> = new Set(['getStatus', 'lock', 'createOutcome']);

export interface Service {
  handlers: Handlers;
  context: Context;
  enforceAutoLock(): Promise<boolean>;
  lock(): Promise<void>;
  /** Resolves create records whose check is due (see create-journal.ts); never throws. */
  checkCreates(): Promise<void>;
  /** What the toolbar badge shows (expiring and expired keys of the active account). */
  expiryBadge(): Promise<BadgeState>;
}

export function createService(deps: ServiceDeps): Service {
  const context = new Context(deps);
  // Everything else a woken background is asked first stays in its first file: see later.ts.
  const later = once(() => import('./later'));
  const creates = once(async (): Promise<CreateMethods> => (await later()).createMethods(context));
  context.landHeldSecrets = async () => (await creates()).landHeldSecrets();
  const checkCreates = () =>
    creates()
      .then((c) => c.checkCreates())
      .catch(() => undefined);
  const parts = {
    ...vaultHandlers(context),
    ...accountHandlers(context),
    ...keyHandlers(context),
    ...onFirstCall(['createKey', 'dismissCreateCheck', 'createOutcome', 'heldSecret'], async () => (await creates()).handlers),
    ...onFirstCall(['fillOnPage'], async () => (await later()).fillHandlers(context)),
    ...onFirstCall(['secretCopied'], async () => (await later()).clipboardHandlers(context)),
    ...onFirstCall(['exportBackup', 'importBackup'], async () => (await later()).backupHandlers(context)),
    ...onFirstCall(['keyUsage', 'clearKeyUsage', 'pageSuggestions', 'hygieneReport', 'hygieneKeys'], async () => (await later()).insightHandlers(context)),
    ...onFirstCall(['keyNotes', 'rotateKey', 'checkSecret', 'savedSecrets'], async () => {
      const [code, made] = await Promise.all([later(), creates()]);
      const lifecycle = code.lifecycleHandlers(context, made);
      return { ...lifecycle, ...code.rememberChecks(context, lifecycle) };
    }),
  };
  const raw: Handlers = { ...parts, ...popupHandlers(parts) };
  const handlers = {} as Record<MethodName, Handlers[MethodName]>;
  for (const name of Object.keys(raw) as MethodName[]) {
    const inner = raw[name] as (p: unknown, c: Parameters<Handlers[MethodName]>[1]) => Promise<unknown>;
    handlers[name] = (async (params: unknown, c: Parameters<Handlers[MethodName]>[1]) => {
      // From the call's arrival, before anything is awaited: an update waits for calls in flight (update-gate.ts), and
      // a create sent as the popup closed is in flight from here, not only once its checks are done.
      const stopKeepAlive = PASSIVE.has(name) ? undefined : deps.keepAlive?.();
      try {
        const early = EARLY.has(name) ? inner(params, c) : undefined;
        early?.catch(() => undefined);
        const { unlocked, lockedNow } = await autoLock(context);
        if (CHANGES.has(name) && deps.store.readOnlyReason) throw new RpcError('READ_ONLY', deps.store.readOnlyReason);
        // touch() itself writes only while the data key is there: a lock since this read cannot be undone.
        const touched = !PASSIVE.has(name) && c.senderClass === 'page' && unlocked ? context.session.touch(deps.now()) : undefined;
        // A call that only reads does not wait for the stamp: every few seconds a search keystroke would wait for two
        // more storage calls (the stamp's own read and write: 5-8 ms in Firefox). A stamp that fails is written by a
        // later call; for any other call it fails the call, as it did.
        if (touched && EARLY.has(name)) touched.catch(() => undefined);
        else await touched;
        try {
          const value = early && !lockedNow ? await early : await inner(params, c);
          // Checks that waited for the passphrase (the managing key is sealed) can run now.
          if (name === 'unlock') void checkCreates();
          return value;
        } catch (e) {
          const said = toRpcError(e);
          if (said.message === UNFORESEEN) deps.onFailure?.(name, e);
          throw said;
        }
      } catch (e) {
        // The auto-lock check waits for the stored format's check: when the browser refuses it, every call says so.
        // Anything else unforeseen here goes on as it is, for the router to log by its name.
        if (!(e instanceof StorageUpgradeError)) throw e;
        deps.onFailure?.(name, e);
        throw toRpcError(e);
      } finally {
        stopKeepAlive?.();
      }
    }) as Handlers[MethodName];
  }
  return { handlers: handlers as Handlers, context, enforceAutoLock: () => enforceAutoLock(context), lock: () => lockNow(context), checkCreates, expiryBadge: () => expiryBadge(context) };
}
