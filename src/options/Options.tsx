import { useCallback, useEffect, useState } from 'preact/hooks';
import { rpc } from '../rpc/client';
import type { Status } from '../rpc/protocol';
import { messageOf } from '../ui/errors';
import { ReadOnlyBanner, StatusLine } from '../ui/StatusLine';
import { Accounts } from './Accounts';
import { ChangePassphraseForm } from './ChangePassphraseForm';
import { FirstRun, type FirstRunStep } from './FirstRun';
import { HostAccessNotice } from './HostAccessNotice';
import { Settings } from './Settings';
import { VaultSection } from './VaultSection';
import { BackupSection } from './BackupSection';
import { HygieneReport } from './HygieneReport';
import { WhereUsedSettings } from './WhereUsedSettings';
import type { FirstOptionsState } from './firstState';
import { useOnVisible } from '../ui/useOnVisible';

const stepFor = (s: Status): FirstRunStep | null => (s.vault === 'uninitialized' ? 'passphrase' : s.accountCount === 0 ? 'account' : null);

/** The options page: first-run set-up until there is a vault and an account, then accounts and settings.
 * `first`: the status and report asked for while the page loaded (firstState.ts); null: ask now. */
export function Options({ first = null }: { first?: FirstOptionsState | null }) {
  const [status, setStatus] = useState<Status | null>(first?.status ?? null);
  const [error, setError] = useState<string | null>(null);
  const [step, setStep] = useState<FirstRunStep | null>(first ? stepFor(first.status) : null);
  /** Bumped by an import: the accounts card shows what it added. */
  const [imports, setImports] = useState(0);

  const reload = useCallback(async () => {
    try {
      const s = await rpc('getStatus', {});
      setStatus(s);
      return s;
    } catch (e) {
      setError(messageOf(e));
      return null;
    }
  }, []);

  useEffect(() => {
    if (first) return;
    void reload().then((s) => s && setStep(stepFor(s)));
  }, [reload]);

  // The popup may have locked or unlocked the vault meanwhile; coming back to this tab shows the truth.
  useOnVisible(reload);

  if (!status) {
    return (
      <main class="options">
        <h1>B2 Key Manager</h1>
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : (
          <p aria-live="polite">Loading…</p>
        )}
      </main>
    );
  }

  return (
    <main class="options">
      <ReadOnlyBanner status={status} />
      <HostAccessNotice />
      {step ? (
        <FirstRun step={step} status={status} onStatus={setStatus} onStep={setStep} />
      ) : (
        <>
          <h1>B2 Key Manager</h1>
          <VaultSection status={status} onStatus={setStatus} />
          <Accounts reloadKey={imports} status={status} onStatusChanged={() => void reload()} />
          <Settings onAutoLockChanged={() => void reload()} />
          <ChangePassphraseForm disabled={status.readOnly} />
          <BackupSection status={status} onImported={() => (setImports((n) => n + 1), void reload())} />
          <HygieneReport status={status} first={first?.hygiene ?? null} />
          <WhereUsedSettings readOnly={status.readOnly} />
        </>
      )}
      <footer class="options-footer">
        <StatusLine status={status} />
      </footer>
    </main>
  );
}
