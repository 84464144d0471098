import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { rpc } from '../rpc/client';
import type { AccountView, KeyList as KeyListData, KeyView, ReplyOf, Status } from '../rpc/protocol';
import { codeOf, messageOf } from '../ui/errors';
import { ReadOnlyBanner } from '../ui/StatusLine';
import { UnlockForm } from '../ui/UnlockForm';
import { CreateKeyForm } from './CreateKeyForm';
import { KeyDetails } from './KeyDetails';
import { KeyList } from './KeyList';
import { bucketNameMap } from './keyInfo';
import { OneTimeSecret } from './OneTimeSecret';

type Created = ReplyOf<'createKey'>;
type View = { name: 'list' } | { name: 'create' } | { name: 'details'; keyId: string } | { name: 'created'; created: Created };

interface KeysScreenProps {
  status: Status;
  onStatus: (status: Status) => void;
  onOpenOptions: () => void;
}

/** The popup once set up: the cached list at once, a refresh behind it, and the create/details views. */
export function KeysScreen({ status, onStatus, onOpenOptions }: KeysScreenProps) {
  const locked = status.vault !== 'unlocked';
  const [list, setList] = useState<KeyListData | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState<string | null>(null);
  const [accounts, setAccounts] = useState<AccountView[]>([]);
  const [view, setView] = useState<View>({ name: 'list' });
  const [notice, setNotice] = useState('');
  const [lockedNotice, setLockedNotice] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [query, setQuery] = useState('');
  const [listFocus, setListFocus] = useState<{ keyId: string } | 'search' | null>('search');
  const refreshSeq = useRef(0);

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);

  // A lock from anywhere (auto-lock, another window) also closes the one-time panel, dropping the secret,
  // unless the vault could not save it: then this panel is the only copy left.
  useEffect(() => {
    if (locked) setView((v) => (v.name === 'created' && v.created.saved ? { name: 'list' } : v));
  }, [locked]);

  const account = accounts.find((a) => a.accountId === status.activeAccountId) ?? null;
  const bucketNames = useMemo(() => bucketNameMap(list?.buckets ?? []), [list?.buckets]);

  /** The background locked (auto-lock, or another window): show the locked state instead of failing. */
  const onLocked = useCallback(async () => {
    setLockedNotice('The vault locked. Unlock it to continue; the key list stays available.');
    try {
      onStatus(await rpc('getStatus', {}));
    } catch {
      // The status line keeps its last state; the next action will say what is wrong.
    }
  }, [onStatus]);

  const loadCached = useCallback(async () => {
    try {
      setList(await rpc('listKeys', {}));
      setListError(null);
    } catch (e) {
      setListError(messageOf(e));
    }
  }, []);

  const refresh = useCallback(async () => {
    const seq = ++refreshSeq.current;
    setRefreshing(true);
    setRefreshError(null);
    try {
      const fresh = await rpc('refreshKeys', {});
      if (seq === refreshSeq.current) setList(fresh);
    } catch (e) {
      if (codeOf(e) === 'LOCKED') return void onLocked();
      if (seq === refreshSeq.current) setRefreshError(messageOf(e));
    } finally {
      if (seq === refreshSeq.current) setRefreshing(false);
    }
  }, [onLocked]);

  useEffect(() => {
    let live = true;
    void rpc('listAccounts', {}).then(
      (r) => live && setAccounts(r.accounts),
      () => undefined,
    );
    void loadCached().then(() => {
      if (live && !locked) void refresh();
    });
    return () => {
      live = false;
    };
  }, [status.activeAccountId, locked, loadCached, refresh]);

  async function lock() {
    try {
      onStatus(await rpc('lock', {}));
      setNotice('Locked.');
    } catch (e) {
      setNotice(messageOf(e));
    }
  }

  async function switchAccount(accountId: string) {
    try {
      await rpc('setActiveAccount', { accountId });
      setView({ name: 'list' });
      setQuery('');
      setList(null);
      onStatus(await rpc('getStatus', {}));
    } catch (e) {
      setNotice(messageOf(e));
    }
  }

  function back(message?: string, focus: { keyId: string } | 'search' = 'search') {
    setListFocus(focus);
    setView({ name: 'list' });
    if (message) setNotice(message);
  }

  const selectedKey: KeyView | undefined = view.name === 'details' ? list?.keys.find((k) => k.applicationKeyId === view.keyId) : undefined;

  return (
    <main class="popup-main">
      <header class="popup-header">
        <h1>B2 Key Manager</h1>
        <div class="header-actions">
          {!locked && (
            <button type="button" class="secondary small" onClick={lock} data-testid="lock">
              Lock
            </button>
          )}
          <button type="button" class="secondary small" onClick={onOpenOptions}>
            Options
          </button>
        </div>
      </header>
      {accounts.length > 1 && (
        <div class="account-switch">
          <label for="account-select">Account</label>
          <select id="account-select" value={status.activeAccountId ?? ''} onChange={(e) => void switchAccount(e.currentTarget.value)}>
            {accounts.map((a) => (
              <option key={a.accountId} value={a.accountId}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
      )}
      <ReadOnlyBanner status={status} />
      {locked && (
        <section class="locked-bar" aria-label="Vault locked">
          {lockedNotice && <p class="hint">{lockedNotice}</p>}
          <UnlockForm
            intro="Locked: the list below is from the last refresh. Unlock to create, delete or reveal keys."
            onUnlocked={(s) => {
              setLockedNotice(null);
              setNotice('Unlocked.');
              onStatus(s);
            }}
            autoFocus={view.name === 'list'}
          />
        </section>
      )}
      <p class="sr-only" role="status">
        {notice}
      </p>

      {view.name === 'list' && (
        <KeyList
          list={list}
          listError={listError}
          bucketNames={bucketNames}
          now={now}
          locked={locked}
          refreshing={refreshing}
          refreshError={refreshError ?? list?.lastError ?? null}
          onRefresh={() => void refresh()}
          onCreate={() => setView({ name: 'create' })}
          onOpen={(keyId) => setView({ name: 'details', keyId })}
          query={query}
          onQuery={setQuery}
          canCreate={!locked && !status.readOnly && (account ? !account.missingCapabilities.includes('writeKeys') : true)}
          focusOnMount={locked ? null : listFocus}
        />
      )}

      {view.name === 'create' && (
        <CreateKeyForm
          account={account}
          locked={locked}
          onLocked={onLocked}
          onCancel={() => back()}
          onCreated={(created) => {
            setView({ name: 'created', created });
            void loadCached();
          }}
          onListChanged={() => void loadCached()}
        />
      )}

      {view.name === 'created' && (
        <OneTimeSecret
          created={view.created}
          s3ApiUrl={account?.s3ApiUrl ?? null}
          onDone={() => back(`Key “${view.created.key.keyName}” created.`, { keyId: view.created.key.applicationKeyId })}
        />
      )}

      {view.name === 'details' &&
        (selectedKey ? (
          <KeyDetails
            keyView={selectedKey}
            bucketNames={bucketNames}
            now={now}
            locked={locked}
            readOnly={status.readOnly}
            onLocked={onLocked}
            onBack={() => back(undefined, { keyId: selectedKey.applicationKeyId })}
            onDeleted={(name) => {
              void loadCached();
              back(`Key “${name}” deleted.`);
            }}
            onChanged={() => void loadCached()}
          />
        ) : (
          <section class="view padded">
            <p>This key is no longer in the list.</p>
            <button type="button" onClick={() => back()}>
              Back to keys
            </button>
          </section>
        ))}
    </main>
  );
}
