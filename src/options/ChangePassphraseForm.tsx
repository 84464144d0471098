import { useRef, useState } from 'preact/hooks';
import { rpc } from '../rpc/client';
import { codeOf, messageOf } from '../ui/errors';
import { ErrorText, TextField } from '../ui/Field';
import { NewPassphraseFields, newPassphraseErrors, type NewPassphrase } from '../ui/NewPassphraseFields';

type Errors = { current?: string | undefined; passphrase?: string | undefined; confirm?: string | undefined };
const FIELD_ORDER = ['current', 'passphrase', 'confirm'] as const;
const FIELD_TEST_IDS: Record<(typeof FIELD_ORDER)[number], string> = { current: 'current-passphrase', passphrase: 'new-passphrase', confirm: 'confirm-passphrase' };

/** Re-wraps the vault's data key under a new passphrase; works locked or unlocked. */
export function ChangePassphraseForm({ disabled }: { disabled: boolean }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState<NewPassphrase>({ passphrase: '', confirm: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  /** Like the first-run form: focus goes to the first field with something to fix. */
  function focusFirstError(found: Errors) {
    const first = FIELD_ORDER.find((f) => found[f]);
    if (first) formRef.current?.querySelector<HTMLElement>(`[data-testid="${FIELD_TEST_IDS[first]}"]`)?.focus();
  }

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    setDone('');
    const found: Errors = { ...newPassphraseErrors(next), ...(current ? {} : { current: 'Enter your current passphrase.' }) };
    if (!found.current && next.passphrase && next.passphrase === current) found.passphrase = 'The new passphrase is the same as the current one.';
    setErrors(found);
    if (FIELD_ORDER.some((f) => found[f])) {
      focusFirstError(found);
      return;
    }
    setBusy(true);
    try {
      await rpc('changePassphrase', { oldPassphrase: current, newPassphrase: next.passphrase });
      setCurrent('');
      setNext({ passphrase: '', confirm: '' });
      setDone('Passphrase changed. Use the new one from now on.');
    } catch (err) {
      const code = codeOf(err);
      const fieldErrors: Errors | null = code === 'WRONG_PASSPHRASE' ? { current: messageOf(err) } : code === 'WEAK_PASSPHRASE' ? { passphrase: messageOf(err) } : null;
      if (fieldErrors) {
        setErrors(fieldErrors);
        focusFirstError(fieldErrors);
      } else if (code === 'NO_ANSWER') {
        // The new header may have been stored before the background stopped: the typed passphrases stay in the form.
        setError('The extension’s background stopped before it answered, so the new passphrase may or may not be in effect. Keep both in mind (they are still in this form): lock the vault and unlock it with the new one; if that is refused, the current one still opens it. Then change it again if needed.');
      } else setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="passphrase-h">
      <h2 id="passphrase-h">Change passphrase</h2>
      <form ref={formRef} onSubmit={submit} noValidate class="narrow" data-testid="change-passphrase-form">
        <TextField
          label="Current passphrase"
          type="password"
          value={current}
          onValue={(v) => (setCurrent(v), setErrors((x) => ({ ...x, current: undefined })))}
          error={errors.current}
          autoComplete="current-password"
          testId="current-passphrase"
        />
        <NewPassphraseFields value={next} onChange={(v) => (setNext(v), setErrors((x) => ({ current: x.current })))} errors={errors} label="New passphrase" />
        <p class="hint">The saved applicationKeys stay as they are; only the key that unlocks them is re-encrypted. The new passphrase cannot be recovered either.</p>
        <ErrorText>{error}</ErrorText>
        <div class="actions">
          <button type="submit" class="secondary" disabled={busy || disabled}>
            {busy ? 'Changing…' : 'Change passphrase'}
          </button>
        </div>
        <p class="ok-text" role="status">
          {done}
        </p>
      </form>
    </section>
  );
}
