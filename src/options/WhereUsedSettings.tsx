import { useCallback, useEffect, useId, useState } from 'preact/hooks';
import { rpc } from '../rpc/client';
import { messageOf } from '../ui/errors';
import { ErrorText } from '../ui/Field';
import { useOnVisible } from '../ui/useOnVisible';
import { useReadsAfterSaves } from '../ui/useReadsAfterSaves';

/** Issue 13: recording where keys are filled (on by default), and forgetting all of it. */
export function WhereUsedSettings({ readOnly }: { readOnly: boolean }) {
  const uid = useId();
  const [recording, setRecording] = useState<boolean | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  const saves = useReadsAfterSaves();

  const load = useCallback(() => {
    saves.read(
      () => rpc('getSettings', {}),
      (s) => setRecording(s.recordUsage !== false),
      (e: unknown) => setError(messageOf(e)),
    );
  }, [saves]);

  useEffect(load, [load]);

  // Another options tab may have turned recording on or off while this one was hidden.
  useOnVisible(load);

  async function toggle(on: boolean) {
    setNote('');
    setError(null);
    try {
      const s = await saves.save(() => rpc('setSettings', { recordUsage: on }));
      setRecording(s.recordUsage !== false);
      setNote(on ? 'Fills are recorded again.' : 'Fills are no longer recorded. What was recorded is kept until you clear it.');
    } catch (e) {
      setError(`The setting was not saved. ${messageOf(e)}`);
    }
  }

  async function clear() {
    setNote('');
    setError(null);
    try {
      await rpc('clearKeyUsage', {});
      setConfirming(false);
      setNote('Cleared: no key lists any site it was filled into.');
    } catch (e) {
      setError(`Nothing was cleared. ${messageOf(e)}`);
    }
  }

  return (
    <section class="card" aria-labelledby={`${uid}-h`} data-testid="where-used-settings">
      <h2 id={`${uid}-h`}>Where keys are used</h2>
      <p class="hint">
        Each time the extension fills a keyID or applicationKey, it notes the page’s address (origin), its title and the time, encrypted in your vault and never sent
        anywhere. A key’s details list them, and Rotate key and Delete Key show them before you confirm.
      </p>
      {recording !== null && (
        <div class="check standalone">
          <input type="checkbox" id={`${uid}-rec`} checked={recording} disabled={readOnly} onChange={(e) => void toggle(e.currentTarget.checked)} data-testid="record-usage" />
          <label for={`${uid}-rec`}>Record where keys are filled</label>
        </div>
      )}
      <div class="actions">
        {confirming ? (
          <>
            <button type="button" class="danger" onClick={() => void clear()} data-testid="confirm-clear-usage">
              Clear all
            </button>
            <button type="button" class="secondary" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" class="secondary" onClick={() => setConfirming(true)} disabled={readOnly} data-testid="clear-usage">
            Clear where keys were used
          </button>
        )}
      </div>
      <p class="ok-text" role="status" data-testid="where-used-note">
        {note}
      </p>
      <ErrorText>{error}</ErrorText>
    </section>
  );
}
