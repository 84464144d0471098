import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { rpc } from '../rpc/client';
import type { AccountView, KeyList as KeyListData, KeyNotesView, KeyView, ReplyOf, Status } from '../rpc/protocol';
import { codeOf, messageOf } from '../ui/errors';
import { ErrorText } from '../ui/Field';
import { ReadOnlyBanner } from '../ui/StatusLine';
import { UnlockForm } from '../ui/UnlockForm';
import { CreateChecks } from './CreateChecks';
import { CreateKeyForm } from './CreateKeyForm';
import { KeyDetails } from './KeyDetails';
import { KeyList } from './KeyList';
import { bucketNameMap, bucketNamesOf } from './keyInfo';
import { OldKeyStep } from './OldKeyStep';
import { OneTimeSecret } from './OneTimeSecret';
import { RotateKeyForm } from './RotateKeyForm';
import { useSelectedKey } from './useSelectedKey';
import { ForThisPage } from './ForThisPage';
import { HygieneCount } from './HygieneCount';
import { useKeptFirstScreen } from './useKeptFirstScreen';
import { pageStorage } from './first-screen';
import { readDraft } from './create-draft';
import { clearRotateDraft, readRotateDraft } from './rotate-draft';
import { FIRST_ROWS, useKeyWindow } from './useKeyWindow';
import { autoLockCheckDelay, DEFAULT_STATUS_POLLING, type StatusPolling } from './statusPolling';

type Created = ReplyOf<'createKey'>;
type View =
  | { name: 'list' }
  | { name: 'create' }
  /**
   * `accountId`: a key of another account than the active one (opened from the options page's hygiene report).
   * `resumeRotate`: the Rotate form the popup last closed on (rotate-draft.ts) opens again from here.
   */
  | { name: 'details'; keyId: string; accountId?: string; resumeRotate?: true }
  /** `replaces`: made by Rotate key; the panel then offers deleting the old key as its own step. */
  | { name: 'created'; created: Created; replaces?: KeyView }
  | { name: 'rotate'; old: KeyView; notes: KeyNotesView };

interface KeysScreenProps {
  status: Status;
  onStatus: (status: Status) => void;
  onOpenOptions: () => void;
  polling?: StatusPolling;
  /** The accounts and first rows that came with the popup's first message (popupState), used once. */
  initial?: { accounts: AccountView[] | null; list: KeyListData | null } | null;
}

const LOCKED_NOTICE = 'The vault locked. Unlock it to continue; the key list stays available.';

/** The popup once set up: the cached list at once, a refresh behind it, and the create/details views. */
export function KeysScreen({ status, onStatus, onOpenOptions, polling = DEFAULT_STATUS_POLLING, initial = null }: KeysScreenProps) {
  const locked = status.vault !== 'unlocked';
  const [listError, setListError] = useState<string | null>(null);
  const onListError = useCallback((e: unknown) => setListError(messageOf(e)), []);
  // The first message's rows and accounts are this screen's first state (when they are for the active account).
  const [seed] = useState(() => (initial?.list && initial.accounts && initial.list.accountId === status.activeAccountId ? { list: initial.list, accounts: initial.accounts } : null));
  const win = useKeyWindow(status.activeAccountId, onListError, seed?.list);
  const list = win.head;
  const query = win.query;
  // Read by callbacks that must not change (and re-run effects) on every keystroke.
  const queryRef = useRef(query);
  queryRef.current = query;
  const seedRef = useRef(seed);
  /**
   * Counts the list's reloads after a change (a create, delete, saved secret, check or refresh), not its searches,
   * filters or scrolling: what the header's hygiene count depends on. Asking on every keystroke made the worker
   * count findings while the keystroke's own window waited behind it.
   */
  const [listChanges, setListChanges] = useState(0);
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState<string | null>(null);
  /** When the shown refresh error happened: a listing stored after it (by any call) makes it stale. */
  const refreshErrorAt = useRef(0);
  /** null until listAccounts answers. */
  const [accounts, setAccounts] = useState<AccountView[] | null>(seed?.accounts ?? null);
  const [accountsError, setAccountsError] = useState<string | null>(null);
  // Issue 13: the options page's hygiene report opens a key here as `?key=<keyID>` (its Rotate lives in the details).
  const [view, setView] = useState<View>(() => {
    const query = new URLSearchParams(location.search);
    const keyId = query.get('key');
    const accountId = query.get('account');
    if (keyId) return { name: 'details', keyId, ...(accountId ? { accountId } : {}) };
    // A Create New Key or Rotate key form the popup closed on (a click outside it) opens again where it was.
    if (readDraft(pageStorage(), status.activeAccountId, Date.now())) return { name: 'create' };
    const rotating = readRotateDraft(pageStorage(), Date.now());
    return rotating ? { name: 'details', keyId: rotating.applicationKeyId, accountId: rotating.accountId, resumeRotate: true } : { name: 'list' };
  });
  const [notice, setNotice] = useState('');
  /** Lock or account switch failed: said visibly, not only to screen readers. */
  const [actionError, setActionError] = useState<string | null>(null);
  const [lockedNotice, setLockedNotice] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [listFocus, setListFocus] = useState<{ keyId: string } | 'search' | null>('search');
  const [detailsSecretShown, setDetailsSecretShown] = useState(false);
  const refreshSeq = useRef(0);
  // The latest status, for callbacks that outlive a render (replies, timers).
  const current = useRef(status);
  current.current = status;
  /** Bumped by every status this screen applies: a status poll started before one is stale. */
  const statusSeq = useRef(0);
  const holding = useRef(false);

  const applyStatus = useCallback(
    (next: Status) => {
      const before = current.current;
      // Removing the account (or the last one) on the options page would replace this whole screen, and with it
      // an applicationKey nobody has saved: that part of the news waits until the panel is saved or closed.
      if (holding.current && (!next.activeAccountId || next.accountCount === 0)) {
        next = { ...next, activeAccountId: before.activeAccountId, accountCount: before.accountCount };
      }
      statusSeq.current++;
      current.current = next;
      onStatus(next);
    },
    [onStatus],
  );

  /**
   * Asks the background for the vault state, passively (it does not count as use, so polling cannot keep an
   * idle vault open). A lock that happened elsewhere (auto-lock, another window) then behaves like one here:
   * the effects on `locked` hide a revealed secret and close a saved one-time panel.
   */
  const checkStatus = useCallback(async () => {
    const seq = statusSeq.current;
    let next: Status;
    try {
      next = await rpc('getStatus', {});
    } catch {
      return; // Keep the last known state; the next check or action will tell.
    }
    if (seq !== statusSeq.current) return;
    const before = current.current;
    if (before.vault === 'unlocked' && next.vault !== 'unlocked') setLockedNotice(LOCKED_NOTICE);
    if (JSON.stringify(next) !== JSON.stringify(before)) applyStatus(next);
  }, [applyStatus]);

  // The ticker: relative times, and a status check.
  useEffect(() => {
    const t = setInterval(() => {
      setNow(Date.now());
      void checkStatus();
    }, polling.idleMs);
    return () => clearInterval(t);
  }, [checkStatus, polling.idleMs]);

  // Just after the auto-lock deadline, look again: the background locks on that call if nothing was used since,
  // or answers with a later deadline, which schedules the next look.
  useEffect(() => {
    const delay = autoLockCheckDelay(status, Date.now());
    if (delay === null) return;
    const t = setTimeout(() => void checkStatus(), delay);
    return () => clearTimeout(t);
    // Only these two fields matter; the status object itself changes on every check.
  }, [status.vault, status.autoLockAt, checkStatus]);

  // Coming back to the popup (a pinned tab, another window) shows the truth at once.
  useEffect(() => {
    const onFocus = () => void checkStatus();
    const onVisible = () => document.visibilityState === 'visible' && void checkStatus();
    window.addEventListener('focus', onFocus);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [checkStatus]);

  // While an applicationKey is on screen, check often.
  const secretOnScreen = !locked && (view.name === 'created' || (view.name === 'details' && detailsSecretShown));
  useEffect(() => {
    if (!secretOnScreen) return;
    const t = setInterval(() => void checkStatus(), polling.secretMs);
    return () => clearInterval(t);
  }, [secretOnScreen, checkStatus, polling.secretMs]);

  // A lock from anywhere (auto-lock, another window) also closes the one-time panel, dropping the secret,
  // unless the vault could not save it: then this panel is the only copy left.
  useEffect(() => {
    if (locked) setView((v) => (v.name === 'created' && v.created.saved ? { name: 'list' } : v));
  }, [locked]);

  const account = accounts?.find((a) => a.accountId === status.activeAccountId) ?? null;
  const bucketNames = useMemo(() => bucketNameMap(list?.buckets ?? []), [list?.buckets]);
  /** An applicationKey B2 will not show again and the vault does not hold: nothing may take it off screen. */
  const holdingUnsaved = view.name === 'created' && !view.created.saved;
  holding.current = holdingUnsaved;
  // Once it is saved or closed, catch up with whatever waited meanwhile.
  useEffect(() => {
    if (!holdingUnsaved) void checkStatus();
  }, [holdingUnsaved, checkStatus]);

  /** The background locked (auto-lock, or another window): show the locked state instead of failing. */
  const onLocked = useCallback(async () => {
    setLockedNotice(LOCKED_NOTICE);
    try {
      applyStatus(await rpc('getStatus', {}));
    } catch {
      // The status line keeps its last state; the next action will say what is wrong.
    }
  }, [applyStatus]);

  /** Reloads the current search from the cache (after a change, or to see what a background check found). */
  const loadCached = useCallback(async () => {
    const cached = await win.load();
    setListChanges((n) => n + 1);
    if (!cached) return null;
    setListError(null);
    // B2 answered a full listing since the error (a create's check, another window's refresh): the banner
    // would now say something that is no longer true.
    if (cached.lastError === null && cached.fetchedAt !== null && cached.fetchedAt >= refreshErrorAt.current) setRefreshError(null);
    return cached;
  }, [win.load]);

  const setQuery = useCallback((q: string) => void win.load(q), [win.load]);

  const refresh = useCallback(async () => {
    const seq = ++refreshSeq.current;
    setRefreshing(true);
    // The last error stays up while the next refresh runs: it is still the latest thing known about B2.
    try {
      const q = queryRef.current;
      const v = win.currentView();
      const shown = current.current.activeAccountId;
      const fresh = await rpc('refreshKeys', { offset: 0, limit: FIRST_ROWS, query: q, ...v, ...(shown === null ? {} : { accountId: shown }) });
      if (seq === refreshSeq.current && (fresh.accountId === null || fresh.accountId === current.current.activeAccountId)) {
        // Typed or filtered meanwhile: that search's rows are from before the refresh, and are loaded again.
        if (win.accept(fresh, q, v)) setListChanges((n) => n + 1);
        else void loadCached();
        setRefreshError(null);
      }
    } catch (e) {
      if (codeOf(e) === 'LOCKED') return void onLocked();
      if (seq === refreshSeq.current) {
        refreshErrorAt.current = Date.now();
        setRefreshError(messageOf(e));
      }
    } finally {
      if (seq === refreshSeq.current) setRefreshing(false);
    }
  }, [onLocked, win.accept, win.currentView, loadCached]);

  const loadAccounts = useCallback(async (live: () => boolean = () => true) => {
    try {
      const r = await rpc('listAccounts', {});
      if (!live()) return;
      setAccounts(r.accounts);
      setAccountsError(null);
    } catch (e) {
      if (live()) setAccountsError(messageOf(e));
    }
  }, []);

  useEffect(() => {
    let live = true;
    const first = seedRef.current;
    seedRef.current = null;
    if (first && first.list.accountId === status.activeAccountId) {
      if (!locked && first.list.refreshDue) void refresh();
      return;
    }
    void loadAccounts(() => live);
    // The cached list first; B2 only when the cache is older than the freshness setting (listing is billed).
    void loadCached().then((head) => {
      if (live && !locked && head?.refreshDue) void refresh();
    });
    return () => {
      live = false;
    };
  }, [status.activeAccountId, locked, loadAccounts, loadCached, refresh]);

  // A create whose answer was lost is checked by the background once B2 settled: show the outcome when it lands.
  const nextCheck = list?.createChecks.filter((c) => c.status === 'checking').reduce<number | null>((t, c) => Math.min(t ?? Infinity, c.checkAt ?? Infinity), null);
  useEffect(() => {
    if (nextCheck === null || nextCheck === undefined) return;
    const t = setTimeout(() => void loadCached(), Math.min(Math.max(nextCheck - Date.now(), 0) + 2_000, 60_000));
    return () => clearTimeout(t);
  }, [nextCheck, list, loadCached]);

  async function lock() {
    setActionError(null);
    try {
      applyStatus(await rpc('lock', {}));
      setNotice('Locked.');
    } catch (e) {
      setActionError(`The vault could not be locked. ${messageOf(e)}`);
    }
  }

  async function switchAccount(accountId: string) {
    setActionError(null);
    try {
      await rpc('setActiveAccount', { accountId });
      // Whatever the old account's refresh still says (its list, its error) is no longer about this one.
      refreshSeq.current++;
      setRefreshing(false);
      setRefreshError(null);
      setListError(null);
      // A new key's one-time panel that appeared while the switch was on its way stays: its applicationKey may be
      // the only copy (the vault could not take it). Everything else belonged to the old account's list.
      setView((v) => (v.name === 'created' ? v : { name: 'list' }));
      win.clear();
      applyStatus(await rpc('getStatus', {}));
    } catch (e) {
      setActionError(`Could not switch the account. ${messageOf(e)}`);
    }
  }

  function back(message?: string, focus: { keyId: string } | 'search' = 'search') {
    setListFocus(focus);
    setView({ name: 'list' });
    if (message) setNotice(message);
  }

  /** A key opened again for the Rotate form the popup closed on, left without rotating: that form is given up (not a sent one). */
  function leaveResumedRotate() {
    if (view.name !== 'details' || !view.resumeRotate) return;
    const kept = readRotateDraft(pageStorage(), Date.now());
    if (kept && !kept.sent) clearRotateDraft(pageStorage(), kept, Date.now());
  }

  const selectedKey = useSelectedKey(view.name === 'details' ? view.keyId : null, win, view.name === 'details' ? view.accountId : undefined);
  const createdAccount = view.name === 'created' ? accounts?.find((a) => a.accountId === view.created.key.accountId) : undefined;
  const createBlockedReason =
    account !== null
      ? account.missingCapabilities.includes('writeKeys')
        ? 'This account’s key cannot create keys: it lacks writeKeys. Add the account again with a key that has it (the master key has all of them).'
        : null
      : accountsError
        ? 'Creating a key needs this account’s details, which could not be loaded (see above).'
        : accounts !== null
          ? 'The active account was not found. Open Options to choose or add an account.'
          : null;

  // The plain list at rest is what the next popup may show before it has loaded (see first-screen.ts).
  const keepable = view.name === 'list' && query === '' && win.view.filter === 'all' && win.view.sort === 'name' && (list?.total ?? 0) > 0 && !refreshing;
  useKeptFirstScreen(keepable, win.version);

  return (
    <main class="popup-main" data-first-screen={keepable ? '' : undefined}>
      <header class="popup-header">
        <h1>B2 Key Manager</h1>
        <div class="header-actions">
          <HygieneCount version={`${status.activeAccountId}\n${listChanges}`} onOpen={onOpenOptions} />
          {!locked && (
            <button type="button" class="secondary small" onClick={lock} data-testid="lock">
              Lock
            </button>
          )}
          <button
            type="button"
            class="secondary small"
            onClick={onOpenOptions}
            disabled={holdingUnsaved}
            aria-describedby={holdingUnsaved ? 'unsaved-hold' : undefined}
            data-testid="open-options"
          >
            Options
          </button>
        </div>
      </header>
      {accounts && accounts.length > 1 && (
        <div class="account-switch">
          <label for="account-select">Account</label>
          <select
            id="account-select"
            value={status.activeAccountId ?? ''}
            onChange={(e) => void switchAccount(e.currentTarget.value)}
            disabled={holdingUnsaved}
            aria-describedby={holdingUnsaved ? 'unsaved-hold' : undefined}
            data-testid="account-select"
          >
            {accounts.map((a) => (
              <option key={a.accountId} value={a.accountId}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
      )}
      {(holdingUnsaved || actionError || accountsError) && (
        <div class="popup-messages" data-no-snapshot>
          {holdingUnsaved && (
            <p class="hint" id="unsaved-hold">
              Options and the account switch wait until this applicationKey is saved or the panel is closed.
            </p>
          )}
          <ErrorText>{actionError}</ErrorText>
          {accountsError && (
            <>
              <ErrorText>{`The accounts could not be loaded. ${accountsError}`}</ErrorText>
              <button type="button" class="secondary small" onClick={() => void loadAccounts()}>
                Try again
              </button>
            </>
          )}
        </div>
      )}
      <ReadOnlyBanner status={status} />
      {locked && (
        <section class="locked-bar" aria-label="Vault locked">
          {lockedNotice && (
            <p class="hint" data-testid="locked-notice" data-no-snapshot>
              {lockedNotice}
            </p>
          )}
          <UnlockForm
            intro="Locked: the list below is from the last refresh. Unlock to create, delete or reveal keys."
            onUnlocked={(s) => {
              setLockedNotice(null);
              setNotice('Unlocked.');
              applyStatus(s);
            }}
            autoFocus={view.name === 'list'}
          />
        </section>
      )}
      <p class={notice ? 'notice ok-text' : 'sr-only'} role="status" data-testid="notice" data-no-snapshot>
        {notice}
      </p>

      {view.name === 'list' && list && (
        <CreateChecks checks={list.createChecks} now={now} onChanged={() => void loadCached()} onOpenKey={(keyId) => setView({ name: 'details', keyId })} />
      )}
      {view.name === 'list' && <ForThisPage accountId={status.activeAccountId} locked={locked} onOpen={(keyId) => (setNotice(''), setView({ name: 'details', keyId }))} />}
      {view.name === 'list' && (
        <KeyList
          list={list}
          cache={win.cache}
          onRange={win.ensure}
          listError={listError}
          bucketNames={bucketNames}
          now={now}
          locked={locked}
          refreshing={refreshing}
          refreshError={refreshError ?? list?.lastError ?? null}
          onRefresh={() => void refresh()}
          onCreate={() => (setNotice(''), setView({ name: 'create' }))}
          onOpen={(keyId) => (setNotice(''), setView({ name: 'details', keyId }))}
          query={query}
          onQuery={setQuery}
          view={win.view}
          onView={(v) => void win.setView(v)}
          canCreate={!locked && !status.readOnly}
          createBlockedReason={createBlockedReason}
          focusOnMount={locked ? null : listFocus}
        />
      )}

      {view.name === 'create' && (
        <CreateKeyForm
          account={account}
          accountId={status.activeAccountId}
          locked={locked}
          onLocked={onLocked}
          onCancel={() => back()}
          onCreated={(created) => {
            void loadCached();
            // The vault locked while B2 was creating the key: a saved secret stays in the vault, not on a
            // locked screen. An unsaved one is shown all the same: it is the only copy.
            if (current.current.vault !== 'unlocked' && created.saved) {
              back(`Key “${created.key.keyName}” created; its applicationKey is saved in your vault. Unlock to reveal it.`, { keyId: created.key.applicationKeyId });
              return;
            }
            setNotice(`Created “${created.key.keyName}”.`);
            setView({ name: 'created', created });
          }}
          onListChanged={() => void loadCached()}
        />
      )}

      {view.name === 'created' && (
        <OneTimeSecret
          created={view.created}
          s3ApiUrl={createdAccount?.s3ApiUrl ?? null}
          bucketNames={bucketNamesOf(view.created.key.bucketIds, bucketNames)}
          locked={locked}
          onLocked={onLocked}
          onSaved={(saved) => {
            // Keep the reply's own key details: the vault had not listed the key yet, so saveSecret's answer may lack its name.
            setView((v) =>
              v.name === 'created' && v.created.key.applicationKeyId === saved.applicationKeyId
                ? { ...v, created: { ...v.created, key: { ...v.created.key, hasSecret: true }, saved: true } }
                : v,
            );
            // A refresh, not only the cache: the failed save had not recorded the key in the list either.
            void refresh();
          }}
          onDone={() => back(`Created “${view.created.key.keyName}”.`, { keyId: view.created.key.applicationKeyId })}
          after={view.replaces && <OldKeyStep old={view.replaces} locked={locked} readOnly={status.readOnly} successorSaved={view.created.saved} onLocked={onLocked} onDeleted={() => void loadCached()} />}
        />
      )}

      {view.name === 'rotate' && (
        <RotateKeyForm
          old={view.old}
          notes={view.notes}
          bucketNames={bucketNames}
          locked={locked}
          onLocked={onLocked}
          onCancel={() => setView({ name: 'details', keyId: view.old.applicationKeyId, accountId: view.old.accountId })}
          onRotated={(created) => {
            void loadCached();
            if (current.current.vault !== 'unlocked' && created.saved) {
              back(`Key “${created.key.keyName}” created; its applicationKey is saved in your vault. Unlock to reveal it.`, { keyId: created.key.applicationKeyId });
              return;
            }
            setNotice(`Created “${created.key.keyName}” to replace “${view.old.keyName}”.`);
            setView({ name: 'created', created, replaces: view.old });
          }}
          onListChanged={() => void loadCached()}
        />
      )}

      {view.name === 'details' &&
        (selectedKey.key ? (
          <KeyDetails
            // A lineage link opens another key in this same view: a fresh instance, so nothing revealed carries over.
            key={view.keyId}
            keyView={selectedKey.key}
            bucketNames={bucketNames}
            now={now}
            locked={locked}
            readOnly={status.readOnly}
            deleteBlockedReason={
              account?.missingCapabilities.includes('deleteKeys')
                ? 'This account’s key cannot delete keys: it lacks deleteKeys. Add the account again with a key that has it (the master key has all of them).'
                : null
            }
            onLocked={onLocked}
            onBack={() => (leaveResumedRotate(), back(undefined, { keyId: view.keyId }))}
            onDeleted={(name) => {
              leaveResumedRotate();
              // The search that found the deleted key would now show a list without it, or nothing at all.
              setQuery('');
              back(`Deleted “${name}”.`);
            }}
            onChanged={() => void loadCached()}
            onSecretShown={setDetailsSecretShown}
            s3ApiUrl={account?.s3ApiUrl ?? null}
            {...(list?.expiryWarningDays !== undefined ? { warningMs: list.expiryWarningDays * 86_400_000 } : {})}
            onOpenKey={(keyId) => setView({ name: 'details', keyId })}
            onRotate={(notes) => selectedKey.key && setView({ name: 'rotate', old: selectedKey.key, notes })}
            resumeRotate={view.resumeRotate === true}
          />
        ) : selectedKey.loading ? (
          <section class="view padded">
            <p role="status">Loading the key…</p>
          </section>
        ) : (
          <section class="view padded">
            <p>This key is no longer in the list.</p>
            <button type="button" onClick={() => (leaveResumedRotate(), back())}>
              Back to keys
            </button>
          </section>
        ))}
    </main>
  );
}
