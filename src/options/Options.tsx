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

/** The options page: first-run set-up until there is a vault and an account, then accounts and settings. */
export function Options() {
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [step, setStep] = useState<FirstRunStep | null>(null);
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
    void reload().then((s) => {
      if (!s) return;
      if (s.vault === 'uninitialized') setStep('passphrase');
      else if (s.accountCount === 0) setStep('account');
    });
  }, [reload]);

  // The popup may have locked or unlocked the vault meanwhile; coming back to this tab shows the truth.
  useEffect(() => {
    const onVisible = () => document.visibilityState === 'visible' && void reload();
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [reload]);

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
          <Accounts key={imports} status={status} onStatusChanged={() => void reload()} />
          <Settings onAutoLockChanged={() => void reload()} />
          <ChangePassphraseForm disabled={status.readOnly} />
          <BackupSection status={status} onImported={() => (setImports((n) => n + 1), void reload())} />
          <HygieneReport status={status} />
          <WhereUsedSettings readOnly={status.readOnly} />
        </>
      )}
      <footer class="options-footer">
        <StatusLine status={status} />
      </footer>
    </main>
  );
}
