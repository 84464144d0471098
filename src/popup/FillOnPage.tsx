import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { rpc } from '../rpc/client';
import type { FillOutcomeView, KeyView } from '../rpc/protocol';
import { codeOf, messageOf } from '../ui/errors';
import { ErrorText } from '../ui/Field';

type What = 'keyId' | 'both';

interface FillOnPageProps {
  keyView: KeyView;
  locked: boolean;
  onLocked: () => void;
  /**
   * Set while a "Fill anyway?" question is open: cancels it. The details view calls it on Escape, so the first
   * Escape answers the question instead of leaving the view.
   */
  cancelRef?: { current: (() => void) | null };
}

/**
 * The popup normally fills the tab behind it. Opened as a page with `?tab=ID` (tests, or a person who
 * pinned the popup in a tab) it fills that tab instead: a tab id is no secret and the background still
 * needs host access to it.
 */
function targetTabId(): number | undefined {
  const raw = new URLSearchParams(location.search).get('tab');
  const id = raw === null ? NaN : Number(raw);
  return Number.isInteger(id) && id >= 0 ? id : undefined;
}

/** "Fill on this page": the keyID, or keyID and applicationKey, into the form of the tab behind the popup. */
export function FillOnPage({ keyView: key, locked, onLocked, cancelRef }: FillOnPageProps) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  // A fill of one value where two were asked for: said as a warning, never in the success style.
  const [partial, setPartial] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The background asks before filling a cross-origin frame or an http page; the person's yes is sent back.
  const [confirm, setConfirm] = useState<{ what: What; message: string; origin: string } | null>(null);
  const buttons = { keyId: useRef<HTMLButtonElement>(null), both: useRef<HTMLButtonElement>(null) };
  const cancelButton = useRef<HTMLButtonElement>(null);
  const lastWhat = useRef<What | null>(null);

  // The clicked button is disabled while the fill runs, which drops the focus: put it where the person can
  // answer (the question's Cancel, the safe choice) or back on the button they used.
  useEffect(() => {
    if (confirm) cancelButton.current?.focus();
    else if (!busy && lastWhat.current && (document.activeElement === document.body || document.activeElement === null)) buttons[lastWhat.current].current?.focus();
  }, [confirm, busy]);

  /** Closes the question; focus goes back to the fill button it was about, as its own buttons go away. */
  function cancelConfirm() {
    const what = confirm?.what;
    // At once, not after the next render: a quick second Escape must leave the view, not cancel again.
    if (cancelRef) cancelRef.current = null;
    setConfirm(null);
    if (what) buttons[what].current?.focus();
  }

  // Layout effect: registered before the next key press can arrive.
  useLayoutEffect(() => {
    if (!cancelRef) return;
    cancelRef.current = confirm ? cancelConfirm : null;
    return () => {
      cancelRef.current = null;
    };
  }, [confirm, cancelRef]);

  async function fill(what: What, confirmedOrigin?: string) {
    lastWhat.current = what;
    setBusy(true);
    setError(null);
    setResult(null);
    setPartial(null);
    setConfirm(null);
    try {
      const tabId = targetTabId();
      const outcome: FillOutcomeView = await rpc('fillOnPage', {
        applicationKeyId: key.applicationKeyId,
        accountId: key.accountId,
        what,
        ...(tabId !== undefined ? { tabId } : {}),
        ...(confirmedOrigin !== undefined ? { confirmedOrigin } : {}),
      });
      // Only the background's sentences are shown: they name a frame by origin, never by the page's own text.
      if (outcome.status === 'filled') {
        setResult(outcome.message);
      } else if (outcome.status === 'partial') {
        setPartial(outcome.message);
      } else if (outcome.status === 'confirm') {
        setConfirm({ what, message: outcome.message, origin: outcome.frameOrigin });
      } else {
        setError(outcome.message);
      }
    } catch (e) {
      if (codeOf(e) === 'LOCKED') onLocked();
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  const canFillSecret = key.hasSecret && !locked;
  return (
    <section class="fill" aria-label="Fill on this page">
      <h3>Fill on this page</h3>
      <div class="actions">
        <button type="button" class="secondary small" disabled={busy} onClick={() => void fill('keyId')} ref={buttons.keyId}>
          Fill keyID
        </button>
        {canFillSecret && (
          <button type="button" class="secondary small" disabled={busy} onClick={() => void fill('both')} ref={buttons.both}>
            Fill keyID and applicationKey
          </button>
        )}
      </div>
      {confirm && (
        <div class="banner warning" role="alert">
          <p>{confirm.message}</p>
          <div class="actions">
            <button type="button" class="small" onClick={() => void fill(confirm.what, confirm.origin)}>
              Fill anyway
            </button>
            <button type="button" class="secondary small" onClick={cancelConfirm} ref={cancelButton}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <p class="ok-text" role="status">
        {result}
      </p>
      {partial && (
        <p class="banner warning partial-fill" role="alert" data-testid="fill-partial">
          {partial}
        </p>
      )}
      <ErrorText>{error}</ErrorText>
    </section>
  );
}
