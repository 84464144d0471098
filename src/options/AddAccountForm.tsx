import { useRef, useState } from 'preact/hooks';
import { checkEndpoint } from '../common/endpoint';
import { rpc } from '../rpc/client';
import { RpcError } from '../rpc/errors';
import type { ReplyOf, RpcErrorBody } from '../rpc/protocol';
import { fieldsOf, messageOf } from '../ui/errors';
import { ErrorText, TextField } from '../ui/Field';

interface AddAccountFormProps {
  /** Where new accounts authorize: the settings' endpoint, or the demo build's emulator. */
  defaultEndpoint: string;
  /** The demo build: the endpoint is the local emulator, said plainly. */
  demo?: boolean;
  /** `alreadyAdded` in the reply: the same key was the account's key already, nothing changed. */
  onAdded: (account: ReplyOf<'addAccount'>) => void;
  onCancel?: () => void;
}

/** Backblaze's own endpoint (storage/schema.ts DEFAULT_ENDPOINT; not imported, to keep zod out of this page). */
const BACKBLAZE_ENDPOINT = 'https://api.backblazeb2.com';

type Fields = 'applicationKeyId' | 'applicationKey' | 'label' | 'endpoint';
type KeyChange = NonNullable<RpcErrorBody['keyChange']>;

/** keyID + applicationKey (+ label, + endpoint under Advanced); the background checks them with B2. */
export function AddAccountForm({ defaultEndpoint, demo = false, onAdded, onCancel }: AddAccountFormProps) {
  const [keyId, setKeyId] = useState('');
  const [secret, setSecret] = useState('');
  const [label, setLabel] = useState('');
  const [endpoint, setEndpoint] = useState(defaultEndpoint);
  const [errors, setErrors] = useState<Partial<Record<Fields, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Fixed at first render: folding the field away while someone types in it would hide it mid-edit.
  const [startsCustom] = useState(() => defaultEndpoint !== BACKBLAZE_ENDPOINT);
  /** B2 accepted the key, but the account is already managed with another one: the person decides. */
  const [keyChange, setKeyChange] = useState<{ change: KeyChange; message: string } | null>(null);
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

    await send();
  }

  async function send(replaceKeyId?: string) {
    setError(null);
    setBusy(true);
    try {
      const account = await rpc('addAccount', {
        applicationKeyId: keyId.trim(),
        applicationKey: secret.trim(),
        ...(label.trim() ? { label: label.trim() } : {}),
        endpoint: endpointCheck.ok ? endpointCheck.endpoint : endpoint,
        ...(replaceKeyId ? { replaceKeyId } : {}),
      });
      setSecret('');
      setKeyChange(null);
      onAdded(account);
    } catch (err) {
      if (err instanceof RpcError && err.code === 'ACCOUNT_KEY_CHANGE' && err.keyChange) {
        setKeyChange({ change: err.keyChange, message: err.message });
        return;
      }
      setKeyChange(null);
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
        onValue={(v) => (setKeyId(v), setKeyChange(null), setErrors((e) => ({ ...e, applicationKeyId: undefined })))}
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
        onValue={(v) => (setSecret(v), setKeyChange(null), setErrors((e) => ({ ...e, applicationKey: undefined })))}
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
      {!demo && endpointCheck.ok && endpointCheck.endpoint !== BACKBLAZE_ENDPOINT && (
        // The default comes from stored settings, which can be edited outside the extension: an endpoint other
        // than Backblaze's is always said in plain sight, never left folded away.
        <p class="banner warning" data-testid="custom-endpoint">
          This keyID and applicationKey will be sent to <code>{endpointCheck.endpoint}</code>, not to Backblaze’s own API endpoint. Add the
          account only if you set this address yourself.
        </p>
      )}
      <details class="advanced" ref={advanced} open={demo || !!errors.endpoint || startsCustom}>
        <summary>Advanced: API endpoint</summary>
        <TextField
          label="API endpoint"
          name="endpoint"
          type="url"
          value={endpoint}
          onValue={(v) => (setEndpoint(v), setKeyChange(null), setErrors((e) => ({ ...e, endpoint: undefined })))}
          error={endpointError}
          hint="Leave as is for Backblaze B2. http is allowed only on this computer, for a local emulator."
          mono
          testId="account-endpoint"
        />
      </details>
      <ErrorText>{error}</ErrorText>
      {keyChange && <KeyChangeQuestion change={keyChange.change} busy={busy} onReplace={() => void send(keyChange.change.oldKeyId)} onKeep={() => setKeyChange(null)} />}
      {keyChange === null && (
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
      )}
    </form>
  );
}

function CapabilityList({ caps }: { caps: readonly string[] }) {
  return (
    <>
      {caps.map((c, i) => (
        <span key={c}>
          {i > 0 ? ', ' : ''}
          <code>{c}</code>
        </span>
      ))}
    </>
  );
}

const MANAGEMENT = ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets'];

/** Asked before an account's key is replaced: which keys, and what the account could no longer do. */
function KeyChangeQuestion({ change, busy, onReplace, onKeep }: { change: KeyChange; busy: boolean; onReplace: () => void; onKeep: () => void }) {
  const lostManagement = change.lostCapabilities.filter((c) => MANAGEMENT.includes(c));
  return (
    <div class={`banner ${lostManagement.length ? 'danger' : 'warning'}`} role="alert" data-testid="key-change-question">
      <p>
        This account is already added with keyID <code>{change.oldKeyId}</code>. Replace it with keyID <code>{change.newKeyId}</code>?
      </p>
      {change.lostCapabilities.length > 0 && (
        <p data-testid="key-change-lost">
          The new key lacks <CapabilityList caps={change.lostCapabilities} />
          {lostManagement.length > 0 && ': B2 Key Manager could no longer do what needs them (for example Create New Key or Delete Key)'}.
        </p>
      )}
      {change.gainedCapabilities.length > 0 && (
        <p>
          It adds <CapabilityList caps={change.gainedCapabilities} />.
        </p>
      )}
      {change.lostCapabilities.length === 0 && change.gainedCapabilities.length === 0 && <p>Both keys have the same capabilities.</p>}
      <p>The applicationKey of keyID <code>{change.oldKeyId}</code> stays saved in your vault.</p>
      <div class="actions">
        <button type="button" class="danger" onClick={onReplace} disabled={busy} data-testid="replace-account-key">
          {busy ? 'Checking with B2…' : 'Replace the key'}
        </button>
        <button type="button" class="secondary" onClick={onKeep} disabled={busy} data-testid="keep-account-key">
          Keep the current key
        </button>
      </div>
    </div>
  );
}
