import { useState } from 'preact/hooks';
import { rpc } from '../rpc/client';
import type { Status } from '../rpc/protocol';
import { messageOf } from '../ui/errors';
import { ErrorText } from '../ui/Field';
import { UnlockForm } from '../ui/UnlockForm';

/** Locked: the unlock field (adding and removing accounts needs it). Unlocked: a way to lock now. */
export function VaultSection({ status, onStatus }: { status: Status; onStatus: (s: Status) => void }) {
  const [error, setError] = useState<string | null>(null);
  const locked = status.vault === 'locked';
  return (
    <section class="card" aria-labelledby="vault-h">
      <h2 id="vault-h">Vault</h2>
      {locked ? (
        <UnlockForm intro="The vault is locked. Unlock it to add or remove accounts; the settings below work either way." onUnlocked={onStatus} />
      ) : (
        <div class="value-row">
          <p class="grow">
            The vault is unlocked
            {status.autoLockAt ? `; it locks itself at ${new Date(status.autoLockAt).toLocaleTimeString(undefined, { timeStyle: 'short' })} if unused` : ''}.
          </p>
          <button
            type="button"
            class="secondary"
            onClick={async () => {
              try {
                onStatus(await rpc('lock', {}));
              } catch (e) {
                setError(messageOf(e));
              }
            }}
          >
            Lock now
          </button>
        </div>
      )}
      <ErrorText>{error}</ErrorText>
    </section>
  );
}
