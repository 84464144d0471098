import { useEffect, useRef, useState } from 'preact/hooks';
import { rpc } from '../rpc/client';
import type { Status } from '../rpc/protocol';
import { messageOf } from './errors';
import { TextField } from './Field';

interface UnlockFormProps {
  onUnlocked: (status: Status) => void;
  /** One sentence saying what unlocking is for here. */
  intro?: string;
  autoFocus?: boolean;
}

export function UnlockForm({ onUnlocked, intro, autoFocus }: UnlockFormProps) {
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement | null>(null);
  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, [autoFocus]);

  async function submit(e: Event) {
    e.preventDefault();
    if (!passphrase) {
      setError('Enter your passphrase.');
      input.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const status = await rpc('unlock', { passphrase });
      setPassphrase('');
      onUnlocked(status);
    } catch (err) {
      setError(messageOf(err));
      // The field keeps what was typed, selected, so retyping replaces it.
      input.current?.focus();
      input.current?.select();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="unlock" onSubmit={submit} data-testid="unlock-form">
      {intro && <p class="hint">{intro}</p>}
      <div class="inline-form">
        <TextField
          label="Passphrase"
          type="password"
          value={passphrase}
          onValue={setPassphrase}
          error={error}
          autoComplete="current-password"
          inputRef={input}
          testId="unlock-passphrase"
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Unlocking…' : 'Unlock'}
        </button>
      </div>
    </form>
  );
}
