/**
 * Issue 10 in key details: the key's kind (single- or multi-bucket), its lineage ("replaces" / "replaced by"),
 * Check applicationKey (authorizes with the saved copy; changes nothing) and Rotate key.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { rpc } from '../rpc/client';
import type { KeyNotesView, KeyView, SecretCheck } from '../rpc/protocol';
import { codeOf, messageOf } from '../ui/errors';
import { ErrorText } from '../ui/Field';
import { SaveSecretForm } from './SaveSecretForm';

interface KeyLifecycleProps {
  keyView: KeyView;
  locked: boolean;
  readOnly: boolean;
  onLocked: () => void;
  /** The saved applicationKey was replaced (after a check found it does not match). */
  onChanged?: (() => void) | undefined;
  onOpenKey?: ((applicationKeyId: string) => void) | undefined;
  onRotate?: ((notes: KeyNotesView) => void) | undefined;
  /** Start Rotate key as soon as it is offered (once): the Rotate form the popup last closed on. */
  resumeRotate?: boolean;
}

export const BUCKET_KIND_TEXT: Record<KeyNotesView['bucketKind'], string> = {
  allBuckets: 'All buckets: works with every tool (B2 API v1 to v4).',
  single: 'Single-bucket key: works with every tool (B2 API v1 to v4).',
  multi: 'Multi-bucket key (B2 API v4): tools that use B2’s API v1 to v3 cannot use it.',
  unknown: 'One bucket, made elsewhere: B2’s key list does not say whether it is a single-bucket key (API v1 to v4) or a multi-bucket key (API v4 only). Check applicationKey tells.',
};

const OUTCOME_CLASS: Record<SecretCheck['outcome'], string> = { works: 'ok-text', deleted: 'error', expired: 'error', mismatch: 'error', refused: 'error' };

export function KeyLifecycle({ keyView: key, locked, readOnly, onLocked, onChanged, onOpenKey, onRotate, resumeRotate = false }: KeyLifecycleProps) {
  const uid = useId();
  const [notes, setNotes] = useState<KeyNotesView | null>(null);
  const [notesError, setNotesError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [check, setCheck] = useState<SecretCheck | null>(null);
  const [checkError, setCheckError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setNotes(null);
    setCheck(null);
    setCheckError(null);
    rpc('keyNotes', { applicationKeyId: key.applicationKeyId, accountId: key.accountId }).then(
      (n) => live && (setNotes(n), setNotesError(null)),
      (e: unknown) => live && setNotesError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [key.applicationKeyId, key.accountId]);

  // Only where the button would be offered: locked, the form waits for the unlock; refused, the reason stays in view.
  const resumed = useRef(false);
  useEffect(() => {
    if (!resumeRotate || resumed.current || !notes || locked || readOnly || !onRotate || notes.rotation.refusal) return;
    resumed.current = true;
    onRotate(notes);
  }, [resumeRotate, notes, locked, readOnly]);

  async function runCheck() {
    setChecking(true);
    setCheckError(null);
    setCheck(null);
    try {
      setCheck(await rpc('checkSecret', { applicationKeyId: key.applicationKeyId, accountId: key.accountId }));
    } catch (e) {
      if (codeOf(e) === 'LOCKED') onLocked();
      setCheckError(messageOf(e));
    } finally {
      setChecking(false);
    }
  }

  const link = (l: { applicationKeyId: string; keyName: string }, testId: string) =>
    onOpenKey ? (
      <button type="button" class="link" onClick={() => onOpenKey(l.applicationKeyId)} data-testid={testId}>
        {l.keyName || l.applicationKeyId}
      </button>
    ) : (
      <span data-testid={testId}>{l.keyName || l.applicationKeyId}</span>
    );
  const kind = check?.bucketKind && check.bucketKind !== 'unknown' ? check.bucketKind : notes?.bucketKind;
  const refusal = notes?.rotation.refusal ?? null;
  const canCheck = key.hasSecret && !key.secretDamaged && !locked;

  return (
    <div class="lifecycle" data-testid="key-lifecycle">
      <dl class="facts">
        <dt>Kind of key</dt>
        <dd data-testid="bucket-kind" data-kind={kind ?? ''}>
          {kind ? BUCKET_KIND_TEXT[kind] : notesError ? '' : '…'}
        </dd>
        {notes?.replaces && (
          <>
            <dt>Replaces</dt>
            <dd>{link(notes.replaces, 'replaces-link')}</dd>
          </>
        )}
        {notes?.replacedBy && (
          <>
            <dt>Replaced by</dt>
            <dd>{link(notes.replacedBy, 'replaced-by-link')}</dd>
          </>
        )}
      </dl>
      <ErrorText>{notesError}</ErrorText>
      {key.hasSecret && !key.secretDamaged && (
        <div class="check-secret">
          <button type="button" class="secondary small" onClick={() => void runCheck()} disabled={!canCheck || checking} aria-describedby={`${uid}-check-hint`} data-testid="check-secret">
            {checking ? 'Checking…' : 'Check applicationKey'}
          </button>
          <p class="hint" id={`${uid}-check-hint`}>
            {locked ? 'Unlock to check the saved applicationKey.' : 'Asks B2 whether the saved applicationKey still works. Nothing is changed.'}
          </p>
          <div role="status">
            {check && (
              <div data-testid="check-result" data-outcome={check.outcome}>
                <p class={OUTCOME_CLASS[check.outcome]}>{check.message}</p>
                {check.capabilities && <p class="hint mono">{check.capabilities.join(', ')}</p>}
              </div>
            )}
            {/* "If you have the right one, save it again": here is where. */}
            {check?.outcome === 'mismatch' && !readOnly && (
              <SaveSecretForm keyView={key} locked={locked} replacing onLocked={onLocked} onSaved={() => (setCheck(null), onChanged?.())} />
            )}
          </div>
          <ErrorText>{checkError}</ErrorText>
        </div>
      )}
      {!locked && !readOnly && onRotate && notes && (
        <div class="actions">
          <button type="button" class="secondary" onClick={() => onRotate(notes)} disabled={!!refusal} aria-describedby={refusal ? `${uid}-rotate-blocked` : undefined} data-testid="rotate-key">
            Rotate key
          </button>
          {refusal && (
            <p class="hint" id={`${uid}-rotate-blocked`} data-testid="rotate-blocked">
              {refusal}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
