/**
 * Rotate key: a successor with the old key's restrictions (capabilities, buckets, prefix, kind), under a name and
 * duration the person confirms. The background creates it through Create New Key's own path (journal, secret
 * sealed before it is shown); the old key is left alone until its own Delete Key.
 */
import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { rpc } from '../rpc/client';
import type { KeyNotesView, KeyView, ReplyOf } from '../rpc/protocol';
import { codeOf, fieldsOf, messageOf } from '../ui/errors';
import { ErrorText, Field, TextField } from '../ui/Field';
import { keyNameError, MAX_DURATION_DAYS, parseDuration, SECONDS_PER_DAY, type DurationUnit } from './createForm';
import { accessLabel, bucketSummary, type BucketNames } from './keyInfo';
import { BUCKET_KIND_TEXT } from './KeyLifecycle';
import { UsedOn } from '../ui/UsedOn';

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

function durationFields(seconds: number | null): { value: string; unit: DurationUnit } {
  if (seconds === null) return { value: '', unit: 'days' };
  return seconds % SECONDS_PER_DAY === 0 ? { value: String(seconds / SECONDS_PER_DAY), unit: 'days' } : { value: String(seconds), unit: 'seconds' };
}

export function RotateKeyForm({ old, notes, bucketNames, locked, onLocked, onCancel, onRotated, onListChanged }: RotateKeyFormProps) {
  const uid = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const initial = durationFields(notes.rotation.suggestedDuration.seconds);
  const [keyName, setKeyName] = useState(notes.rotation.suggestedName);
  const [durationValue, setDurationValue] = useState(initial.value);
  const [durationUnit, setDurationUnit] = useState<DurationUnit>(initial.unit);
  const [errors, setErrors] = useState<{ keyName?: string; validDurationInSeconds?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [unsettled, setUnsettled] = useState(false);
  const [busy, setBusy] = useState(false);
  useLayoutEffect(() => heading.current?.focus(), []);

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
    try {
      const created = await rpc('rotateKey', {
        applicationKeyId: old.applicationKeyId,
        accountId: old.accountId,
        keyName,
        validDurationInSeconds: duration.seconds,
        ...(confirmUnsettled ? { confirmUnsettled } : {}),
      });
      onRotated(created);
    } catch (err) {
      const code = codeOf(err);
      if (code === 'LOCKED') onLocked();
      const fields = fieldsOf(err);
      const fieldErrors = { ...(fields['keyName'] ? { keyName: fields['keyName'] } : {}), ...(fields['validDurationInSeconds'] ? { validDurationInSeconds: fields['validDurationInSeconds'] } : {}) };
      setErrors(fieldErrors);
      setFormError(Object.keys(fieldErrors).length ? null : messageOf(err));
      if (code === 'AMBIGUOUS_CREATE' || code === 'NO_ANSWER') onListChanged();
      if (code === 'CREATE_UNSETTLED') setUnsettled(true);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="view padded rotate-view" aria-labelledby={`${uid}-h`} data-testid="rotate-form">
      <div class="view-head">
        <button type="button" class="link" onClick={onCancel}>
          ← {old.keyName}
        </button>
        <h2 id={`${uid}-h`} ref={heading} tabIndex={-1}>
          Rotate key “{old.keyName}”
        </h2>
      </div>
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
          {({ id, describedBy, invalid }) => (
            <div class="row-fields duration">
              <input
                id={id}
                type="text"
                inputMode="numeric"
                value={durationValue}
                onInput={(e) => (setDurationValue(e.currentTarget.value), setErrors((x) => ({ ...x, validDurationInSeconds: undefined })))}
                aria-invalid={invalid || undefined}
                aria-describedby={describedBy}
                data-testid="rotate-duration"
                autoComplete="off"
              />
              <select aria-label="Duration unit" value={durationUnit} onChange={(e) => setDurationUnit(e.currentTarget.value as DurationUnit)}>
                <option value="days">days</option>
                <option value="seconds">seconds</option>
              </select>
            </div>
          )}
        </Field>
        {formError && <ErrorText>{formError}</ErrorText>}
        {unsettled && (
          <div class="actions">
            <button type="button" class="danger" onClick={(e) => void submit(e, true)} disabled={busy || locked}>
              Create it anyway
            </button>
          </div>
        )}
        <div class="actions">
          <button type="submit" disabled={busy || locked} data-testid="rotate-submit">
            {busy ? 'Creating…' : 'Create the new key'}
          </button>
          <button type="button" class="secondary" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          {locked && <p class="hint">Unlock the vault above to rotate the key.</p>}
        </div>
      </form>
    </section>
  );
}
