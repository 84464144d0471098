/**
 * A form sent just before the panel closed (Create New Key, Rotate key): the next panel asks the background what
 * became of that send (createOutcome) before it offers the form again, and says what it learned. A form whose key
 * B2 made is never offered a second time; one B2 refused comes back with everything typed and the reason.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { rpc } from '../rpc/client';
import type { ReplyOf } from '../rpc/protocol';
import { messageOf } from '../ui/errors';
import { ErrorText } from '../ui/Field';

/** How often a popup asks about a form it found sent while B2 is still answering it (B2's answer takes seconds). */
const OUTCOME_POLL_MS = 1_000;

type Outcome = NonNullable<ReplyOf<'createOutcome'>['outcome']>;
/** What became of the send once B2 has answered; null: no record of it (or the background could not be asked). */
export type SettledOutcome = Exclude<Outcome, { state: 'pending' }> | null;

/** A form the panel closed on after sending it: what became of it. */
export type Resumed =
  | { state: 'checking' }
  /** `held`: the key whose secret the vault refused, held by the background (heldSecret). */
  | { state: 'created'; keyName: string; saved: boolean; held: string | null }
  | { state: 'failed'; mayExist: boolean }
  | { state: 'unknown'; keyName: string };

/** Errors after which B2 may still have made the key (its answer was lost): the list is reloaded, and said so. */
export const mayHaveMade = (code: string | null): boolean => code === 'AMBIGUOUS_CREATE' || code === 'NO_ANSWER';

export const createdResumed = (outcome: Extract<Outcome, { state: 'created' }>): Resumed => ({
  state: 'created',
  keyName: outcome.keyName,
  saved: outcome.saved,
  held: outcome.held ? outcome.applicationKeyId : null,
});

/**
 * Asks about the send `requestId` (null: nothing was sent) until B2 has answered it, then calls `onSettled` once.
 * Asked once per form: for the draft the form opened with.
 */
export function useSentOutcome(requestId: string | null, onSettled: (outcome: SettledOutcome) => void): void {
  const settled = useRef(onSettled);
  settled.current = onSettled;
  useEffect(() => {
    if (requestId === null) return;
    let gone = false;
    void (async () => {
      for (;;) {
        // Unreachable counts as no record: the form comes back with a warning rather than not at all.
        const outcome = await rpc('createOutcome', { requestId }).then((r) => r.outcome, () => null);
        if (gone) return;
        if (outcome?.state !== 'pending') return settled.current(outcome);
        await new Promise((r) => setTimeout(r, OUTCOME_POLL_MS));
        if (gone) return;
      }
    })();
    return () => {
      gone = true;
    };
  }, []);
}

/** What the panel says about a form it had sent before it last closed. */
export function ResumedNote({ resumed, locked, onShow }: { resumed: Resumed; locked: boolean; onShow: (created: ReplyOf<'createKey'>) => void }) {
  switch (resumed.state) {
    case 'checking':
      return (
        <p class="hint" role="status" data-testid="create-resumed">
          This form was sent just before the panel closed. Waiting for B2’s answer…
        </p>
      );
    case 'created':
      return resumed.saved ? (
        <p class="banner success" role="status" data-testid="create-resumed">
          B2 created “{resumed.keyName}” after the panel closed, and its applicationKey is saved in the vault: open the key in the list to copy it.
        </p>
      ) : resumed.held ? (
        <HeldSecretNote keyName={resumed.keyName} applicationKeyId={resumed.held} locked={locked} onShow={onShow} />
      ) : (
        <p class="banner danger" role="alert" data-testid="create-resumed">
          B2 created “{resumed.keyName}” after the panel closed, but saving its applicationKey to the vault failed, and B2 shows it only once. The key
          will be flagged “applicationKey lost”: delete it and create another.
        </p>
      );
    case 'failed':
      return resumed.mayExist ? (
        <p class="banner warning" data-testid="create-resumed">
          This form was sent just before the panel closed, and B2’s answer did not arrive. What that means is said below the form, with everything you typed.
        </p>
      ) : (
        <p class="hint" data-testid="create-resumed">
          This form was sent just before the panel closed, and the key was not created. Why is said below the form, with everything you typed.
        </p>
      );
    case 'unknown':
      return (
        <p class="banner warning" role="status" data-testid="create-resumed">
          Restored what you typed. It was sent as the panel closed, and B2 Key Manager has no record of what became of it: look for “{resumed.keyName}” in the
          key list before you create it again.
        </p>
      );
  }
}

/**
 * B2 made the key after the panel closed and the vault refused its secret, which the background holds sealed in
 * memory (until the vault takes it, or the browser closes): shown on request, as the create's answer would have been.
 */
function HeldSecretNote({ keyName, applicationKeyId, locked, onShow }: { keyName: string; applicationKeyId: string; locked: boolean; onShow: (created: ReplyOf<'createKey'>) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function show() {
    setBusy(true);
    setError(null);
    try {
      onShow(await rpc('heldSecret', { applicationKeyId }));
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  }
  return (
    <div class="banner danger" role="alert" data-testid="create-resumed">
      <p>
        B2 created “{keyName}” after the panel closed, but the vault could not take its applicationKey (it was tried again just now), and B2 shows it only
        once. B2 Key Manager holds it, encrypted, in memory until the browser closes, and saves it as soon as the vault takes it. Show it now and keep a
        copy somewhere safe, or free some disk space.
      </p>
      {locked ? (
        <p>Unlock to show it.</p>
      ) : (
        <button type="button" disabled={busy} onClick={() => void show()} data-testid="show-held-secret">
          Show applicationKey
        </button>
      )}
      <ErrorText>{error}</ErrorText>
    </div>
  );
}
