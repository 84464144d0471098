/**
 * Rotate key: a successor with the old key's restrictions (capabilities, buckets, prefix, kind), under a name and
 * duration the person confirms. The background creates it through Create New Key's own path (journal, secret
 * sealed before it is shown); the old key is left alone until its own Delete Key.
 */
import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { rpc } from '../rpc/client';
import { RpcError } from '../rpc/errors';
import type { KeyNotesView, KeyView, ReplyOf } from '../rpc/protocol';
import { codeOf, fieldsOf, messageOf } from '../ui/errors';
import { ErrorText, Field, TextField } from '../ui/Field';
import { keyNameError, MAX_DURATION_DAYS, parseDuration, SECONDS_PER_DAY, type DurationUnit } from './createForm';
import { accessLabel, bucketSummary, type BucketNames } from './keyInfo';
import { BUCKET_KIND_TEXT } from './KeyLifecycle';
import { UsedOn } from '../ui/UsedOn';
import { DurationInputs } from './DurationInputs';
import { pageStorage } from './first-screen';
import { clearRotateDraft, readRotateDraft, writeRotateDraft, type RotateFields } from './rotate-draft';
import { createdResumed, mayHaveMade, ResumedNote, useSentOutcome, type Resumed } from './sent-form';

interface RotateKeyFormProps {
  old: KeyView;
  notes: KeyNotesView;
  bucketNames: BucketNames;
  locked: boolean;
  onLocked: () => void;
  onCancel: () => void;
  onRotated: (created: ReplyOf<'rotateKey'>) => void;
  onListChanged: () => void;
}

function suggestedFields(notes: KeyNotesView): RotateFields {
  const { suggestedName: keyName, suggestedDuration } = notes.rotation;
  const seconds = suggestedDuration.seconds;
  if (seconds === null) return { keyName, durationValue: '', durationUnit: 'days' };
  return seconds % SECONDS_PER_DAY === 0
    ? { keyName, durationValue: String(seconds / SECONDS_PER_DAY), durationUnit: 'days' }
    : { keyName, durationValue: String(seconds), durationUnit: 'seconds' };
}

export function RotateKeyForm({ old, notes, bucketNames, locked, onLocked, onCancel, onRotated, onListChanged }: RotateKeyFormProps) {
  const uid = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [suggested] = useState(() => suggestedFields(notes));
  // What was typed for this key before the popup last closed (rotate-draft.ts); a form it had sent comes back
  // only once the background says B2 did not make the new key.
  const [draft] = useState(() => {
    const kept = readRotateDraft(pageStorage(), Date.now());
    return kept?.applicationKeyId === old.applicationKeyId && kept.accountId === old.accountId ? kept : null;
  });
  const initial = draft?.fields ?? suggested;
  const [keyName, setKeyName] = useState(initial.keyName);
  const [durationValue, setDurationValue] = useState(initial.durationValue);
  const [durationUnit, setDurationUnit] = useState<DurationUnit>(initial.durationUnit);
  const [resumed, setResumed] = useState<Resumed | null>(draft?.sent ? { state: 'checking' } : null);
  const checking = resumed?.state === 'checking';
  const [errors, setErrors] = useState<{ keyName?: string; validDurationInSeconds?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [unsettled, setUnsettled] = useState(false);
  const [busy, setBusy] = useState(false);
  useLayoutEffect(() => heading.current?.focus(), []);

  // Every change is kept at once (a click outside closes the popup), in a layout effect (CreateKeyForm says why); not while a send awaits its answer, when the
  // draft says it was sent, nor once the new key exists.
  const done = useRef(false);
  /** A send B2 may have carried out (no answer): kept as sent, as CreateKeyForm says why. */
  const unanswered = useRef<{ requestId: string; at: number } | undefined>(undefined);
  const kept = (fields: RotateFields, sent?: { requestId: string; at: number }) =>
    writeRotateDraft(pageStorage(), { accountId: old.accountId, applicationKeyId: old.applicationKeyId, fields, suggested }, Date.now(), sent);
  useLayoutEffect(() => {
    if (!busy && !done.current && !checking) kept({ keyName, durationValue, durationUnit }, unanswered.current);
  }, [keyName, durationValue, durationUnit, busy, checking]);

  useSentOutcome(draft?.sent?.requestId ?? null, (outcome) => {
    if (outcome?.state === 'created') {
      // B2 made the successor: this form is not offered again.
      done.current = true;
      clearRotateDraft(pageStorage(), old, Date.now());
      setResumed(createdResumed(outcome));
      onListChanged();
    } else if (outcome?.state === 'failed') {
      setResumed({ state: 'failed', mayExist: mayHaveMade(outcome.error.code) });
      showFailure(RpcError.fromBody(outcome.error));
    } else {
      setResumed({ state: 'unknown', keyName: initial.keyName });
    }
  });

  /** Leaving on purpose discards what was typed; not a sent form whose answer is still awaited. */
  function leave() {
    if (!checking) clearRotateDraft(pageStorage(), old, Date.now());
    onCancel();
  }

  function showFailure(err: unknown) {
    const code = codeOf(err);
    if (code === 'LOCKED') onLocked();
    const fields = fieldsOf(err);
    const fieldErrors = { ...(fields['keyName'] ? { keyName: fields['keyName'] } : {}), ...(fields['validDurationInSeconds'] ? { validDurationInSeconds: fields['validDurationInSeconds'] } : {}) };
    setErrors(fieldErrors);
    setFormError(Object.keys(fieldErrors).length ? null : messageOf(err));
    if (mayHaveMade(code)) onListChanged();
    if (code === 'CREATE_UNSETTLED') setUnsettled(true);
  }

  async function submit(e: Event, confirmUnsettled = false) {
    e.preventDefault();
    setFormError(null);
    setUnsettled(false);
    const duration = parseDuration(durationValue, durationUnit);
    const nameError = keyNameError(keyName, true);
    const found = { ...(nameError ? { keyName: nameError } : {}), ...('error' in duration ? { validDurationInSeconds: duration.error } : {}) };
    setErrors(found);
    if (Object.keys(found).length || 'error' in duration) return;
    setBusy(true);
    setResumed(null);
    // Kept as sent: a popup closed before the answer neither loses the form nor offers it again after B2 made the key.
    const sent = { requestId: globalThis.crypto.randomUUID(), at: Date.now() };
    const { requestId } = sent;
    unanswered.current = undefined;
    kept({ keyName, durationValue, durationUnit }, sent);
    try {
      const created = await rpc('rotateKey', {
        applicationKeyId: old.applicationKeyId,
        accountId: old.accountId,
        keyName,
        validDurationInSeconds: duration.seconds,
        requestId,
        ...(confirmUnsettled ? { confirmUnsettled } : {}),
      });
      done.current = true;
      clearRotateDraft(pageStorage(), old, Date.now());
      onRotated(created);
    } catch (err) {
      // Kept again as the effect does once busy ends: as sent when B2 may have made the key, else as typed.
      if (mayHaveMade(codeOf(err))) unanswered.current = sent;
      showFailure(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="view padded rotate-view" aria-labelledby={`${uid}-h`} data-testid="rotate-form">
      <div class="view-head">
        <button type="button" class="link" onClick={leave}>
          ← {old.keyName}
        </button>
        <h2 id={`${uid}-h`} ref={heading} tabIndex={-1}>
          Rotate key “{old.keyName}”
        </h2>
      </div>
      {draft && !draft.sent && <p class="hint">Restored what you typed before the panel closed. Cancel discards it.</p>}
      {resumed && <ResumedNote resumed={resumed} locked={locked} onShow={onRotated} />}
      <p class="hint">A new key with the same restrictions. “{old.keyName}” keeps working until you delete it, after the new key is in use.</p>
      <UsedOn applicationKeyId={old.applicationKeyId} accountId={old.accountId} locked={locked} variant="rotate" />
      <dl class="facts" data-testid="rotate-restrictions">
        <dt>Buckets</dt>
        <dd>{bucketSummary(old.bucketIds, bucketNames)}</dd>
        <dt>Kind of key</dt>
        <dd>{BUCKET_KIND_TEXT[notes.bucketKind === 'unknown' ? 'single' : notes.bucketKind]}</dd>
        <dt>Type of access</dt>
        <dd>
          {accessLabel(old.capabilities)}
          <details open={old.capabilities.length <= 6}>
            <summary>
              {old.capabilities.length} {old.capabilities.length === 1 ? 'capability' : 'capabilities'}
            </summary>
            <ul class="caps">
              {old.capabilities.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          </details>
        </dd>
        <dt>File name prefix</dt>
        <dd>{old.namePrefix ? <code>{old.namePrefix}</code> : 'None (all files)'}</dd>
      </dl>
      {resumed?.state !== 'created' && (
        <form onSubmit={submit} noValidate>
          <TextField
            label="Name of the new key"
            value={keyName}
            onValue={(v) => (setKeyName(v), setErrors((e) => ({ ...e, keyName: undefined })))}
            error={errors.keyName ?? keyNameError(keyName, true)}
            hint="Suggested from the old name; letters, numbers and dashes."
            name="keyName"
            testId="rotate-name"
          />
          <Field
            label="Duration of the new key"
            error={errors.validDurationInSeconds}
            hint={`${
              notes.rotation.suggestedDuration.known ? '' : 'The old key’s original duration is not known; this is the time it had left. '
            }Confirm or change it. Empty: the new key never expires. At most ${MAX_DURATION_DAYS} days.`}
          >
            {(field) => (
              <DurationInputs
                field={field}
                value={durationValue}
                unit={durationUnit}
                onValue={(v) => (setDurationValue(v), setErrors((x) => ({ ...x, validDurationInSeconds: undefined })))}
                onUnit={setDurationUnit}
                testId="rotate-duration"
              />
            )}
          </Field>
          {formError && <ErrorText>{formError}</ErrorText>}
          {unsettled && (
            <div class="actions">
              <button type="button" class="danger" onClick={(e) => void submit(e, true)} disabled={busy || locked || checking}>
                Create it anyway
              </button>
            </div>
          )}
          <div class="actions">
            <button type="submit" disabled={busy || locked || checking} data-testid="rotate-submit">
              {busy ? 'Creating…' : 'Create the new key'}
            </button>
            <button type="button" class="secondary" onClick={leave} disabled={busy}>
              Cancel
            </button>
            {locked && <p class="hint">Unlock the vault above to rotate the key.</p>}
          </div>
        </form>
      )}
    </section>
  );
}
