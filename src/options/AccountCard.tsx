import { useState } from 'preact/hooks';
import { rpc } from '../rpc/client';
import type { AccountView } from '../rpc/protocol';
import { messageOf } from '../ui/errors';
import { ErrorText } from '../ui/Field';
import { formatDateTime } from '../ui/format';
import { MasterKeyNote } from '../ui/MasterKeyNote';
import { CheckAllSecrets } from './CheckAllSecrets';
import { MissingCapabilities } from './MissingCapabilities';
import { RemoveAccountDialog } from './RemoveAccountDialog';

interface AccountCardProps {
  account: AccountView;
  active: boolean;
  locked: boolean;
  readOnly: boolean;
  onChanged: (message: string) => void;
}

export function AccountCard({ account: a, active, locked, readOnly, onChanged }: AccountCardProps) {
  const [removing, setRemoving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirmEndpoint() {
    setError(null);
    try {
      await rpc('confirmAccountEndpoint', { accountId: a.accountId, endpoint: a.endpoint });
      onChanged(`The API endpoint of “${a.label}” is confirmed.`);
    } catch (e) {
      setError(messageOf(e));
    }
  }

  async function makeActive() {
    setError(null);
    try {
      await rpc('setActiveAccount', { accountId: a.accountId });
      onChanged(`“${a.label}” is now the active account.`);
    } catch (e) {
      setError(messageOf(e));
    }
  }

  return (
    <article class={`account${active ? ' active' : ''}`} aria-labelledby={`acct-${a.accountId}`} data-testid="account-card">
      <div class="account-head">
        <h3 id={`acct-${a.accountId}`}>{a.label}</h3>
        {active ? <span class="badge success">Active</span> : null}
      </div>
      <dl class="facts">
        <dt>Account ID</dt>
        <dd>
          <code>{a.accountId}</code>
        </dd>
        <dt>Managed with</dt>
        <dd>
          {a.isMasterKey ? 'The master application key' : 'An application key'}, keyID <code>{a.managingKeyId}</code>
          {a.isMasterKey && <MasterKeyNote />}
        </dd>
        <dt>Capabilities</dt>
        <dd>
          <details>
            <summary>
              {a.capabilities.length} {a.capabilities.length === 1 ? 'capability' : 'capabilities'}
            </summary>
            <ul class="caps">
              {a.capabilities.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          </details>
        </dd>
        {a.bucketRestriction && (
          <>
            <dt>Buckets</dt>
            <dd>{a.bucketRestriction.map((b) => b.name ?? b.id).join(', ')}</dd>
          </>
        )}
        {a.namePrefix && (
          <>
            <dt>File name prefix</dt>
            <dd>
              <code>{a.namePrefix}</code>
            </dd>
          </>
        )}
        <dt>API endpoint</dt>
        <dd>
          <code>{a.endpoint}</code>
        </dd>
        <dt>Saved secrets</dt>
        <dd>{a.savedSecretCount}</dd>
        <dt>Added</dt>
        <dd>{formatDateTime(a.addedAt)}</dd>
      </dl>
      {a.problem && (
        <div class={`banner ${a.problem.code === 'ACCOUNT_DAMAGED' ? 'danger' : 'warning'}`} role="alert" data-testid="account-problem" data-code={a.problem.code}>
          <p>{a.problem.message}</p>
          {a.problem.code === 'ENDPOINT_UNCONFIRMED' && !locked && !readOnly && (
            <div class="actions">
              <button type="button" class="secondary" onClick={() => void confirmEndpoint()} data-testid="confirm-endpoint">
                I set {a.endpoint} myself: use it
              </button>
            </div>
          )}
        </div>
      )}
      <MissingCapabilities account={a} />
      <CheckAllSecrets account={a} locked={locked} />
      <ErrorText>{error}</ErrorText>
      <div class="actions">
        {!active && (
          <button type="button" class="secondary" onClick={makeActive} data-testid="make-active">
            Use this account
          </button>
        )}
        <button type="button" class="secondary" onClick={() => setRemoving(true)} disabled={locked || readOnly} data-testid="remove-account">
          Remove account…
        </button>
      </div>
      {removing && (
        <RemoveAccountDialog
          account={a}
          onCancel={() => setRemoving(false)}
          onRemoved={() => {
            setRemoving(false);
            onChanged(`Account “${a.label}” removed.`);
          }}
        />
      )}
    </article>
  );
}
