import { useCallback, useEffect, useState } from 'preact/hooks';
import { rpc } from '../rpc/client';
import type { ReplyOf, Status } from '../rpc/protocol';
import { messageOf } from '../ui/errors';
import { ErrorText } from '../ui/Field';
import { AccountCard } from './AccountCard';
import { AddAccountForm } from './AddAccountForm';
import { AccountKeyExplanation } from './FirstRun';
import { useOnVisible } from '../ui/useOnVisible';

type AccountList = ReplyOf<'listAccounts'>;

/** Every account: which key manages it, choose the active one, remove; and add another. */
/**
 * `reloadKey`: bumped after an import, so the list is read again. A prop, not a `key`: remounting would drop an Add
 * account form being typed (with the applicationKey in it).
 */
export function Accounts({ status, reloadKey = 0, onStatusChanged }: { status: Status; reloadKey?: number; onStatusChanged: () => void }) {
  const [data, setData] = useState<AccountList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState('');
  const [defaultEndpoint, setDefaultEndpoint] = useState('https://api.backblazeb2.com');
  const locked = status.vault !== 'unlocked';

  const load = useCallback(async () => {
    try {
      setData(await rpc('listAccounts', {}));
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load, status.accountCount, status.activeAccountId, reloadKey]);

  // Keys made in the popup meanwhile change the saved counts, which Remove account states: coming back to this tab
  // reads them again.
  useOnVisible(load);

  async function openAdd() {
    try {
      setDefaultEndpoint(status.demoEndpoint ?? (await rpc('getSettings', {})).endpoint);
    } catch {
      // Keep the default endpoint.
    }
    setAdding(true);
  }

  return (
    <section class="card" aria-labelledby="accounts-h" data-testid="accounts">
      <h2 id="accounts-h">Accounts</h2>
      <p class="sr-only" role="status">
        {notice}
      </p>
      <ErrorText>{error}</ErrorText>
      {data?.problems?.map((p) => (
        <p key={p} class="banner danger" role="alert" data-testid="accounts-problem">
          {p}
        </p>
      ))}
      {data?.accounts.length === 0 && !data.problems?.length && <p>No account yet.</p>}
      {data?.accounts.map((a) => (
        <AccountCard
          key={a.accountId}
          account={a}
          active={a.accountId === data.activeAccountId}
          locked={locked}
          readOnly={status.readOnly}
          onChanged={(message) => {
            setNotice(message);
            void load();
            onStatusChanged();
          }}
        />
      ))}
      {adding ? (
        <div class="add-account">
          <h3>Add another account</h3>
          <AccountKeyExplanation />
          <AddAccountForm
            defaultEndpoint={defaultEndpoint}
            demo={status.demoEndpoint !== null}
            onCancel={() => setAdding(false)}
            onAdded={(account) => {
              setAdding(false);
              setNotice(
                account.alreadyAdded
                  ? `Account “${account.label}” is already added with this key; nothing was changed.`
                  : account.keyUpdated
                    ? `Account “${account.label}” now uses the new applicationKey for keyID ${account.managingKeyId}: B2 accepted it, so the one stored before no longer works and was replaced.`
                    : `Account “${account.label}” added.`,
              );
              void load();
              onStatusChanged();
            }}
          />
        </div>
      ) : (
        <div class="actions">
          <button type="button" class="secondary" onClick={() => void openAdd()} disabled={locked || status.readOnly} data-testid="add-another-account">
            Add an account
          </button>
          {locked && <p class="hint">Unlock the vault above to add or remove accounts.</p>}
        </div>
      )}
    </section>
  );
}
