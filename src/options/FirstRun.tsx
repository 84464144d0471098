import { useEffect, useRef, useState } from 'preact/hooks';
import { rpc } from '../rpc/client';
import type { AccountView, Status } from '../rpc/protocol';
import { UnlockForm } from '../ui/UnlockForm';
import { AddAccountForm } from './AddAccountForm';
import { MissingCapabilities } from './MissingCapabilities';
import { SetPassphraseForm } from './SetPassphraseForm';
import { ImportBackup } from './BackupSection';
import { MasterKeyNote } from '../ui/MasterKeyNote';

export type FirstRunStep = 'passphrase' | 'account' | 'done';

interface FirstRunProps {
  step: FirstRunStep;
  status: Status;
  onStatus: (status: Status) => void;
  /** null = set-up finished, show the normal options page. */
  onStep: (step: FirstRunStep | null) => void;
}

/** The two set-up steps a new person goes through: a passphrase, then their Backblaze account. */
export function FirstRun({ step, status, onStatus, onStep }: FirstRunProps) {
  const [added, setAdded] = useState<AccountView | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const [defaultEndpoint, setDefaultEndpoint] = useState<string | null>(null);

  useEffect(() => {
    // Move focus to each step's heading, so keyboard and screen-reader users start at the top of it.
    heading.current?.focus();
  }, [step]);

  useEffect(() => {
    if (step !== 'account') return;
    rpc('getSettings', {}).then(
      (s) => setDefaultEndpoint(s.endpoint),
      () => setDefaultEndpoint('https://api.backblazeb2.com'),
    );
  }, [step]);

  if (step === 'passphrase') {
    return (
      <section class="first-run" aria-labelledby="fr-h">
        <p class="step">Step 1 of 2</p>
        <h1 id="fr-h" ref={heading} tabIndex={-1}>
          Welcome to B2 Key Manager
        </h1>
        <p>
          B2 Key Manager creates, finds and deletes Backblaze B2 application keys, and keeps the applicationKey of every key it creates, encrypted
          on this computer, because B2 shows it only once.
        </p>
        <h2>Choose a vault passphrase</h2>
        <p>It encrypts the saved applicationKeys and your account’s key. You type it to unlock the vault.</p>
        <p class="banner warning" data-testid="no-recovery">
          <strong>The passphrase cannot be recovered.</strong> Nobody, not even Backblaze, can reset it. If you forget it, the saved applicationKeys
          are lost and you will have to create new keys.
        </p>
        <SetPassphraseForm
          onCreated={(s) => {
            onStatus(s);
            onStep('account');
          }}
        />
      </section>
    );
  }

  if (step === 'account') {
    return (
      <section class="first-run" aria-labelledby="fr-h">
        <p class="step">Step 2 of 2</p>
        <h1 id="fr-h" ref={heading} tabIndex={-1}>
          Add your Backblaze account
        </h1>
        <AccountKeyExplanation />
        {/* Above the form, not instead of it: a lock (auto-lock while the person was in the B2 console) keeps what was typed. */}
        {status.vault === 'locked' && <UnlockForm intro="Unlock the vault first: the account’s key is stored encrypted." onUnlocked={onStatus} />}
        {defaultEndpoint === null ? (
          <p>Loading…</p>
        ) : (
          <AddAccountForm
            defaultEndpoint={status.demoEndpoint ?? defaultEndpoint}
            demo={status.demoEndpoint !== null}
            onAdded={(account) => {
              setAdded(account);
              onStep('done');
              void rpc('getStatus', {}).then(onStatus, () => undefined);
            }}
          />
        )}
        {status.vault !== 'uninitialized' && (
          <details class="restore" data-testid="first-run-restore">
            <summary>Or restore from a backup file</summary>
            <ImportBackup
              disabled={status.readOnly || status.vault !== 'unlocked'}
              onImported={(r) => {
                // Accounts came with the file: the set-up is done once one of them is here.
                void rpc('getStatus', {}).then((s) => {
                  onStatus(s);
                  if (s.accountCount > 0 && r.applied) onStep(null);
                }, () => undefined);
              }}
            />
          </details>
        )}
      </section>
    );
  }

  return (
    <section class="first-run" aria-labelledby="fr-h" data-testid="setup-done">
      <h1 id="fr-h" ref={heading} tabIndex={-1}>
        You are set up
      </h1>
      {added && (
        <p>
          The account <strong>{added.label}</strong> (<code>{added.accountId}</code>) is added
          {added.isMasterKey ? ' with its master application key' : ''}.
        </p>
      )}
      {added && <MissingCapabilities account={added} />}
      <p>
        Open B2 Key Manager from the browser toolbar (the puzzle-piece menu lets you pin it) to see your keys, create new ones, and copy keyIDs
        and applicationKeys.
      </p>
      <div class="actions">
        <button type="button" onClick={() => onStep(null)} data-testid="setup-continue">
          Show accounts and settings
        </button>
      </div>
    </section>
  );
}

/** What key to paste, in the B2 console's own words. */
export function AccountKeyExplanation() {
  return (
    <div class="explain">
      <p>
        Paste the <strong>keyID</strong> and <strong>applicationKey</strong> of your master application key, or of an application key with the{' '}
        <code>listKeys</code>, <code>writeKeys</code>, <code>deleteKeys</code> and <code>listBuckets</code> capabilities. You find them in the B2 web
        console under <em>Application Keys</em>.
      </p>
      <ul class="hint-list">
        <li>The master application key ID was formerly called the account ID.</li>
        <li>
          <MasterKeyNote />
        </li>
        <li>The applicationKey is checked with B2 now and stored only encrypted.</li>
      </ul>
    </div>
  );
}
