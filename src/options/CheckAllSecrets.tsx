/**
 * "Check all saved secrets" for one account: every saved applicationKey (and the account's own key) is used once to
 * authorize, a few at a time, with a progress bar and a summary. Nothing is changed, in B2 or here.
 */
import { useId, useRef, useState } from 'preact/hooks';
import { rpc } from '../rpc/client';
import type { AccountView } from '../rpc/protocol';
import { messageOf } from '../ui/errors';
import { ErrorText } from '../ui/Field';
import { CHECK_CONCURRENCY, ITEM_LABELS, runBounded, summarize, type CheckResult } from './checkAll';

export function CheckAllSecrets({ account, locked }: { account: AccountView; locked: boolean }) {
  const uid = useId();
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [results, setResults] = useState<CheckResult[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const stop = useRef(false);

  async function run() {
    setError(null);
    setResults(null);
    stop.current = false;
    setRunning(true);
    try {
      const { keys } = await rpc('savedSecrets', { accountId: account.accountId });
      setProgress({ done: 0, total: keys.length });
      const all = await runBounded(
        keys,
        CHECK_CONCURRENCY,
        (k) => rpc('checkSecret', { applicationKeyId: k.applicationKeyId, accountId: account.accountId }),
        (_r, done) => setProgress({ done, total: keys.length }),
        () => stop.current,
        messageOf,
      );
      setResults(all);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setRunning(false);
    }
  }

  const summary = results && progress ? summarize(results, progress.total) : null;
  const problems = results?.filter((r) => r.outcome !== 'works') ?? [];

  return (
    <div class="check-all" data-testid="check-all">
      <div class="actions">
        <button type="button" class="secondary" onClick={() => void run()} disabled={locked || running} aria-describedby={`${uid}-hint`} data-testid="check-all-secrets">
          Check all saved secrets
        </button>
        {running && (
          <button type="button" class="secondary" onClick={() => (stop.current = true)} data-testid="check-all-stop">
            Stop
          </button>
        )}
      </div>
      <p class="hint" id={`${uid}-hint`}>
        {locked ? 'Unlock the vault to check the saved applicationKeys.' : `Asks B2 whether each saved applicationKey still works, ${CHECK_CONCURRENCY} at a time. Nothing is changed.`}
      </p>
      {progress && (running || results) && (
        <div class="field">
          <label for={`${uid}-progress`}>
            Checked {progress.done} of {progress.total}
          </label>
          <progress id={`${uid}-progress`} max={Math.max(progress.total, 1)} value={progress.done} data-testid="check-all-progress" />
        </div>
      )}
      <div role="status">
        {summary && (
          <div data-testid="check-all-summary">
            <p class={problems.length ? 'error' : 'ok-text'}>{summary.sentence}</p>
            {problems.length > 0 && (
              <ul class="plain" data-testid="check-all-problems">
                {problems.map((r) => (
                  <li key={r.applicationKeyId} data-outcome={r.outcome}>
                    <strong>{r.keyName || r.applicationKeyId}</strong> ({ITEM_LABELS[r.outcome]}): {r.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
      <ErrorText>{error}</ErrorText>
    </div>
  );
}
