import { useEffect, useState } from 'preact/hooks';
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
  const [unsavedSuccessor, setUnsavedSuccessor] = useState<string | null>(null);

  // A key replaced by Rotate key whose successor's applicationKey is not in the vault (its save failed, and the
  // one-time panel is closed): unless that successor is in place already, this key may be the only one that works.
  useEffect(() => {
    let live = true;
    void (async () => {
      const { replacedBy } = await rpc('keyNotes', { applicationKeyId: key.applicationKeyId, accountId: key.accountId });
      if (!replacedBy) return;
      const { key: successor } = await rpc('getKey', { applicationKeyId: replacedBy.applicationKeyId, accountId: key.accountId, keyName: replacedBy.keyName });
      if (live && successor && !successor.hasSecret) setUnsavedSuccessor(successor.keyName);
    })().catch(() => undefined);
    return () => {
      live = false;
    };
  }, [key.applicationKeyId, key.accountId]);

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
      {unsavedSuccessor !== null && (
        <p class="banner warning" data-testid="delete-successor-unsaved">
          “{unsavedSuccessor}” replaced this key, and its applicationKey is not saved in your vault. Unless “{unsavedSuccessor}” is already in place
          where this key is used, deleting this key may leave those tools with no key that works.
        </p>
      )}
      <UsedOn applicationKeyId={key.applicationKeyId} accountId={key.accountId} locked={false} variant="delete" />
      <ErrorText>{error}</ErrorText>
    </Dialog>
  );
}
