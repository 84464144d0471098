import { useRef, useState } from 'preact/hooks';
import { rpc } from '../rpc/client';
import type { KeyView } from '../rpc/protocol';
import { codeOf, fieldsOf, messageOf } from '../ui/errors';
import { ErrorText, TextField } from '../ui/Field';

interface SaveSecretFormProps {
  keyView: KeyView;
  /** The vault is locked: the form and what was typed stay, and saving waits for the unlock. */
  locked?: boolean;
  /** A saved copy is there but does not work or does not open: the form replaces it. */
  replacing?: boolean;
  onSaved: (key: KeyView) => void;
  onLocked: () => void;
}

/** For a key created elsewhere: paste its applicationKey; the background checks it with B2 before saving. */
export function SaveSecretForm({ keyView: key, locked = false, replacing = false, onSaved, onLocked }: SaveSecretFormProps) {
  const [secret, setSecret] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement | null>(null);

  async function submit(e: Event) {
    e.preventDefault();
    if (locked) return;
    setError(null);
    setFieldError(null);
    if (!secret.trim()) {
      setFieldError('Paste the applicationKey of this key.');
      input.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const saved = await rpc('saveSecret', { applicationKeyId: key.applicationKeyId, accountId: key.accountId, applicationKey: secret.trim(), keyName: key.keyName });
      setSecret('');
      onSaved(saved);
    } catch (err) {
      if (codeOf(err) === 'LOCKED') onLocked();
      const f = fieldsOf(err).applicationKey;
      if (f) {
        setFieldError(f);
        input.current?.focus();
      } else setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} class="save-secret" data-testid="save-secret-form">
      <TextField
        label={replacing ? 'Paste the right applicationKey' : 'Paste its applicationKey'}
        type="password"
        value={secret}
        onValue={setSecret}
        error={fieldError}
        hint={replacing ? 'It replaces the saved copy once B2 accepts it.' : 'If you still have it, save it here. It is checked with B2 first.'}
        mono
        inputRef={input}
        testId="save-secret-input"
      />
      <ErrorText>{error}</ErrorText>
      {locked && <p class="hint">Unlock to save it.</p>}
      <button type="submit" class="secondary" disabled={busy || locked}>
        {busy ? 'Checking…' : 'Save secret'}
      </button>
    </form>
  );
}
