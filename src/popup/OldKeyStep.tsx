/**
 * After Rotate key, under the new key's one-time panel: deleting the old key is its own step, behind Delete Key's
 * own confirmation, so a successor is never made and its predecessor lost in one click. Not offered while the new
 * key's applicationKey is unsaved: closing the panel after deleting the old key would leave no working key.
 */
import { useId, useState } from 'preact/hooks';
import type { KeyView } from '../rpc/protocol';
import { DeleteKeyDialog } from './DeleteKeyDialog';
import { UsedOn } from '../ui/UsedOn';

interface OldKeyStepProps {
  old: KeyView;
  locked: boolean;
  readOnly: boolean;
  /** The new key's applicationKey is in the vault. */
  successorSaved: boolean;
  onLocked: () => void;
  onDeleted: () => void;
}

export function OldKeyStep({ old, locked, readOnly, successorSaved, onLocked, onDeleted }: OldKeyStepProps) {
  const uid = useId();
  const [deleting, setDeleting] = useState(false);
  const [deleted, setDeleted] = useState(false);
  return (
    <section class="old-key-step" aria-labelledby={`${uid}-h`} data-testid="rotate-old-key">
      <h3 id={`${uid}-h`}>The old key</h3>
      {deleted ? (
        <p class="ok-text" role="status" data-testid="old-key-deleted">
          Deleted “{old.keyName}”.
        </p>
      ) : (
        <>
          <p>
            “{old.keyName}” (keyID <code>{old.applicationKeyId}</code>) still works. Put the new key in place first, then delete the old one.
          </p>
          <UsedOn applicationKeyId={old.applicationKeyId} accountId={old.accountId} locked={locked} variant="rotate" />
          <div class="actions">
            <button
              type="button"
              class="danger"
              onClick={() => setDeleting(true)}
              disabled={locked || readOnly || !successorSaved}
              aria-describedby={!successorSaved ? `${uid}-unsaved` : undefined}
              data-testid="delete-old-key"
            >
              Delete Key “{old.keyName}”
            </button>
            {!successorSaved ? (
              <p class="hint" id={`${uid}-unsaved`} data-testid="old-key-wait">
                Not while the new key’s applicationKey is unsaved: save it in the vault above first. If you have already put the new key in place,
                delete “{old.keyName}” from the key list.
              </p>
            ) : (
              locked && <p class="hint">Unlock to delete it.</p>
            )}
          </div>
        </>
      )}
      {deleting && (
        <DeleteKeyDialog
          keyView={old}
          onCancel={() => setDeleting(false)}
          onLocked={onLocked}
          onDeleted={() => {
            setDeleting(false);
            setDeleted(true);
            onDeleted();
          }}
        />
      )}
    </section>
  );
}
