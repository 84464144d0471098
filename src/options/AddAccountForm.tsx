import { useRef, useState } from 'preact/hooks';
import { checkEndpoint } from '../common/endpoint';
import { rpc } from '../rpc/client';
import type { AccountView } from '../rpc/protocol';
import { fieldsOf, messageOf } from '../ui/errors';
import { ErrorText, TextField } from '../ui/Field';

interface AddAccountFormProps {
  /** Where new accounts authorize: the settings' endpoint, or the demo build's emulator. */
  defaultEndpoint: string;
  /** The demo build: the endpoint is the local emulator, said plainly. */
  demo?: boolean;
  onAdded: (account: AccountView) => void;
  onCancel?: () => void;
}

type Fields = 'applicationKeyId' | 'applicationKey' | 'label' | 'endpoint';

/** keyID + applicationKey (+ label, + endpoint under Advanced); the background checks them with B2. */
export function AddAccountForm({ defaultEndpoint, demo = false, onAdded, onCancel }: AddAccountFormProps) {
  const [keyId, setKeyId] = useState('');
  const [secret, setSecret] = useState('');
  const [label, setLabel] = useState('');
  const [endpoint, setEndpoint] = useState(defaultEndpoint);
  const [errors, setErrors] = useState<Partial<Record<Fields, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const advanced = useRef<HTMLDetailsElement>(null);
  const form = useRef<HTMLFormElement>(null);

  const endpointCheck = checkEndpoint(endpoint);
  const endpointError = errors.endpoint ?? (endpointCheck.ok ? null : endpointCheck.message);

  function focus(field: Fields) {
    if (field === 'endpoint' && advanced.current) advanced.current.open = true;
    requestAnimationFrame(() => form.current?.querySelector<HTMLElement>(`[name="${field}"]`)?.focus());
  }

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    const found: Partial<Record<Fields, string>> = {};
    if (!keyId.trim()) found.applicationKeyId = 'Enter the keyID.';
    else if (keyId.includes(':')) found.applicationKeyId = 'A keyID never contains “:”. Check what you pasted.';
    if (!secret.trim()) found.applicationKey = 'Enter the applicationKey.';
    if (!endpointCheck.ok) found.endpoint = endpointCheck.message;
    setErrors(found);
    const first = (['applicationKeyId', 'applicationKey', 'endpoint'] as const).find((f) => found[f]);
    if (first) return focus(first);

    setBusy(true);
    try {
      const account = await rpc('addAccount', {
        applicationKeyId: keyId.trim(),
        applicationKey: secret.trim(),
        ...(label.trim() ? { label: label.trim() } : {}),
        endpoint: endpointCheck.ok ? endpointCheck.endpoint : endpoint,
      });
      setSecret('');
      onAdded(account);
    } catch (err) {
      const fields = fieldsOf(err);
      const mapped: Partial<Record<Fields, string>> = {};
      for (const f of ['applicationKeyId', 'applicationKey', 'label', 'endpoint'] as const) if (fields[f]) mapped[f] = fields[f];
      setErrors(mapped);
      setError(messageOf(err));
      const firstBad = (['applicationKeyId', 'applicationKey', 'endpoint'] as const).find((f) => mapped[f]);
      if (firstBad) focus(firstBad);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form ref={form} onSubmit={submit} noValidate class="narrow" data-testid="add-account-form">
      <TextField
        label="keyID"
        name="applicationKeyId"
        value={keyId}
        onValue={(v) => (setKeyId(v), setErrors((e) => ({ ...e, applicationKeyId: undefined })))}
        error={errors.applicationKeyId}
        hint="The master application key ID (formerly the account ID), or an application key’s keyID."
        mono
        testId="account-key-id"
      />
      <TextField
        label="applicationKey"
        name="applicationKey"
        type="password"
        value={secret}
        onValue={(v) => (setSecret(v), setErrors((e) => ({ ...e, applicationKey: undefined })))}
        error={errors.applicationKey}
        hint="Shown by B2 only when the key was created."
        mono
        autoComplete="off"
        testId="account-application-key"
      />
      <TextField
        label="Label (optional)"
        name="label"
        value={label}
        onValue={setLabel}
        error={errors.label}
        hint="How this account is called in the lists, e.g. Work or Personal."
        testId="account-label"
      />
      {demo && (
        <p class="banner" data-testid="demo-endpoint">
          Demo build: this account is added at the local B2 emulator, <code>{defaultEndpoint}</code>.
        </p>
      )}
      <details class="advanced" ref={advanced} open={demo || !!errors.endpoint}>
        <summary>Advanced: API endpoint</summary>
        <TextField
          label="API endpoint"
          name="endpoint"
          type="url"
          value={endpoint}
          onValue={(v) => (setEndpoint(v), setErrors((e) => ({ ...e, endpoint: undefined })))}
          error={endpointError}
          hint="Leave as is for Backblaze B2. http is allowed only on this computer, for a local emulator."
          mono
          testId="account-endpoint"
        />
      </details>
      <ErrorText>{error}</ErrorText>
      <div class="actions">
        <button type="submit" disabled={busy} data-testid="add-account">
          {busy ? 'Checking with B2…' : 'Add account'}
        </button>
        {onCancel && (
          <button type="button" class="secondary" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
