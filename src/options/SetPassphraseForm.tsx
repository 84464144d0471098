import { useState } from 'preact/hooks';
import { rpc } from '../rpc/client';
import type { Status } from '../rpc/protocol';
import { codeOf, messageOf } from '../ui/errors';
import { ErrorText } from '../ui/Field';
import { NewPassphraseFields, newPassphraseErrors, type NewPassphrase } from '../ui/NewPassphraseFields';

/** First run: choose and confirm the vault passphrase; the background creates the vault. */
export function SetPassphraseForm({ onCreated }: { onCreated: (status: Status) => void }) {
  const [value, setValue] = useState<NewPassphrase>({ passphrase: '', confirm: '' });
  const [errors, setErrors] = useState<{ passphrase?: string; confirm?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    const found = newPassphraseErrors(value);
    setErrors(found);
    if (found.passphrase || found.confirm) {
      document.querySelector<HTMLElement>(found.passphrase ? '[data-testid="new-passphrase"]' : '[data-testid="confirm-passphrase"]')?.focus();
      return;
    }
    setBusy(true);
    try {
      const status = await rpc('createVault', { passphrase: value.passphrase });
      setValue({ passphrase: '', confirm: '' });
      onCreated(status);
    } catch (err) {
      if (codeOf(err) === 'WEAK_PASSPHRASE') setErrors({ passphrase: messageOf(err) });
      else setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate class="narrow" data-testid="set-passphrase-form">
      <NewPassphraseFields
        value={value}
        onChange={(v) => {
          setValue(v);
          setErrors({});
        }}
        errors={errors}
      />
      <ErrorText>{error}</ErrorText>
      <div class="actions">
        <button type="submit" disabled={busy} data-testid="set-passphrase">
          {busy ? 'Creating the vault…' : 'Set passphrase'}
        </button>
      </div>
    </form>
  );
}
