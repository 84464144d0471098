import { useEffect, useId, useState } from 'preact/hooks';
import { rpc } from '../rpc/client';
import type { AccountView } from '../rpc/protocol';
import { Dialog } from '../ui/Dialog';
import { codeOf, messageOf } from '../ui/errors';
import { ErrorText } from '../ui/Field';
import { forgetFirstScreen, pageStorage } from '../popup/first-screen';

interface RemoveAccountDialogProps {
  account: AccountView;
  onCancel: () => void;
  onRemoved: () => void;
}

/** Removing forgets the account here only; the person decides what happens to its saved applicationKeys. */
export function RemoveAccountDialog({ account, onCancel, onRemoved }: RemoveAccountDialogProps) {
  const [keepSecrets, setKeepSecrets] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The page's list may be from long ago: keys made in the popup since saved their applicationKeys, and the number
  // said here is what "Delete them" agrees to. Read again as the dialog opens, and after the background refused.
  const [shown, setShown] = useState(account);
  const [reading, setReading] = useState(true);
  const uid = useId();
  const n = shown.savedSecretCount;

  useEffect(() => setShown(account), [account]);

  async function readAgain() {
    setReading(true);
    try {
      const fresh = (await rpc('listAccounts', {})).accounts.find((a) => a.accountId === account.accountId);
      if (fresh) setShown(fresh);
    } catch {
      // The number from the page's list stays; the background still refuses a removal that does not match it.
    }
    setReading(false);
  }

  useEffect(() => {
    void readAgain();
    // Once, as the dialog opens.
  }, []);

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await rpc('removeAccount', keepSecrets ? { accountId: account.accountId, keepSecrets } : { accountId: account.accountId, keepSecrets, savedSecretCount: n, savedSecretsMark: shown.savedSecretsMark });
      // The popup's kept first screen may list this account's keys: it is not kept past the account.
      forgetFirstScreen(pageStorage());
      onRemoved();
    } catch (e) {
      setError(messageOf(e));
      // The choice stays as it was; the number is shown anew, for the person to look at before trying again.
      if (codeOf(e) === 'CHANGED_MEANWHILE') await readAgain();
      setBusy(false);
    }
  }

  return (
    <Dialog
      title={`Remove “${account.label}”?`}
      onClose={onCancel}
      busy={busy}
      testId="remove-account-dialog"
      actions={
        <div class="actions end">
          <button type="button" class="secondary" onClick={onCancel} disabled={busy} autoFocus>
            Cancel
          </button>
          <button type="button" class="danger" onClick={remove} disabled={busy || reading} data-testid="confirm-remove-account">
            {busy ? 'Removing…' : 'Remove account'}
          </button>
        </div>
      }
    >
      <p>The extension forgets this account and its key list. Nothing changes in B2: no key is deleted there.</p>
      <fieldset>
        <legend>
          {n === 1 ? 'The 1 applicationKey' : `The ${n} applicationKeys`} saved for this account
        </legend>
        <div class="check">
          <input type="radio" id={`${uid}-keep`} name="keep" checked={keepSecrets} onChange={() => setKeepSecrets(true)} data-testid="keep-secrets" />
          <label for={`${uid}-keep`}>
            Keep them in the vault, with this account’s own key (keyID {account.managingKeyId}) as a saved applicationKey; they come back if you add this
            account again
          </label>
        </div>
        <div class="check">
          <input type="radio" id={`${uid}-drop`} name="keep" checked={!keepSecrets} onChange={() => setKeepSecrets(false)} data-testid="delete-secrets" />
          <label for={`${uid}-drop`}>Delete them from the vault, with this account’s own key (this cannot be undone)</label>
        </div>
      </fieldset>
      <ErrorText>{error}</ErrorText>
    </Dialog>
  );
}
