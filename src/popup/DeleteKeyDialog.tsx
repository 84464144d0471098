import { useState } from 'preact/hooks';
import { rpc } from '../rpc/client';
import type { KeyView } from '../rpc/protocol';
import { Dialog } from '../ui/Dialog';
import { codeOf, messageOf } from '../ui/errors';
import { ErrorText } from '../ui/Field';
import { UsedOn } from '../ui/UsedOn';

interface DeleteKeyDialogProps {
  keyView: KeyView;
  onCancel: () => void;
  onDeleted: () => void;
  onLocked: () => void;
}

/** "Delete Key": names the key and says plainly that it cannot be undone. Cancel has the focus first. */
export function DeleteKeyDialog({ keyView: key, onCancel, onDeleted, onLocked }: DeleteKeyDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await rpc('deleteKey', { applicationKeyId: key.applicationKeyId, accountId: key.accountId });
      onDeleted();
    } catch (e) {
      if (codeOf(e) === 'LOCKED') onLocked();
      setError(messageOf(e));
      setBusy(false);
    }
  }

  return (
    <Dialog
      title="Delete Key"
      onClose={onCancel}
      busy={busy}
      testId="delete-dialog"
      actions={
        <div class="actions end">
          <button type="button" class="secondary" onClick={onCancel} disabled={busy} autoFocus>
            Cancel
          </button>
          <button type="button" class="danger" onClick={confirm} disabled={busy} data-testid="confirm-delete">
            {busy ? 'Deleting…' : 'Delete Key'}
          </button>
        </div>
      }
    >
      <p>
        Delete the key <strong>“{key.keyName}”</strong> (keyID <code>{key.applicationKeyId}</code>)?
      </p>
      <p>
        Every app or tool that uses it stops working at once.{key.hasSecret ? ' Its saved applicationKey is removed from your vault too.' : ''}{' '}
        <strong>This cannot be undone.</strong>
      </p>
      <UsedOn applicationKeyId={key.applicationKeyId} locked={false} variant="delete" />
      <ErrorText>{error}</ErrorText>
    </Dialog>
  );
}
