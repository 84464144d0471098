import { useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ACCESS_TYPE_LABELS, type AccessType } from '../b2/capabilities';
import { rpc } from '../rpc/client';
import { RpcError } from '../rpc/errors';
import type { AccountView, BucketView, ReplyOf } from '../rpc/protocol';
import { codeOf, fieldsOf, messageOf } from '../ui/errors';
import { ErrorText, Field, TextField } from '../ui/Field';
import {
  blockedByBuckets,
  buildCreateKeyInput,
  capabilitiesOf,
  customChoices,
  errorsFromFields,
  INITIAL_CREATE_FORM,
  keyKindSentence,
  keyNameError,
  MAX_DURATION_DAYS,
  type CreateField,
  type CreateFormState,
  type FieldErrors,
} from './createForm';
import { clearDraft, readDraft, writeDraft, type SentMark } from './create-draft';
import { DurationInputs } from './DurationInputs';
import { pageStorage } from './first-screen';
import { createdResumed, mayHaveMade, ResumedNote, useSentOutcome, type Resumed } from './sent-form';

interface CreateKeyFormProps {
  account: AccountView | null;
  /** The active account's id, known before its view is: the draft kept for it is restored (create-draft.ts). */
  accountId: string | null;
  locked: boolean;
  onLocked: () => void;
  onCancel: () => void;
  onCreated: (created: ReplyOf<'createKey'>) => void;
  onListChanged: () => void;
}

const ACCESS_TYPES: AccessType[] = ['readWrite', 'readOnly', 'writeOnly', 'custom'];

/** Where to send focus for a field's error: the first control of that part of the form. */
const FIELD_ORDER: CreateField[] = ['keyName', 'bucketIds', 'capabilities', 'namePrefix', 'validDurationInSeconds', 'legacySingleBucket'];

/** "Create New Key", with the console's words and choices. */
export function CreateKeyForm({ account: activeAccount, accountId: activeAccountId, locked, onLocked, onCancel, onCreated, onListChanged }: CreateKeyFormProps) {
  // The account the form was opened for. A status poll that finds another account active (made so on another
  // page) does not move the key there: its buckets were chosen from this account's.
  const [accountId, setAccountId] = useState(activeAccountId);
  useEffect(() => {
    if (accountId === null && activeAccountId !== null) setAccountId(activeAccountId);
  }, [accountId, activeAccountId]);
  const accountMoved = accountId !== null && activeAccountId !== null && activeAccountId !== accountId;
  // Its view too (the capabilities its checklist offers, the writeKeys warning): the active one's, only while it is this.
  const [account, setAccount] = useState(activeAccount?.accountId === accountId ? activeAccount : null);
  useEffect(() => {
    if (activeAccount && activeAccount.accountId === accountId) setAccount(activeAccount);
  }, [activeAccount, accountId]);
  // What was typed before the popup last closed comes back (create-draft.ts); a form it had sent, once the
  // background says B2 did not make that key.
  const [draft] = useState(() => readDraft(pageStorage(), activeAccountId, Date.now()));
  const [form, setForm] = useState<CreateFormState>(draft?.form ?? INITIAL_CREATE_FORM);
  const [resumed, setResumed] = useState<Resumed | null>(draft?.sent ? { state: 'checking' } : null);
  const checking = resumed?.state === 'checking';
  const [nameTouched, setNameTouched] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  /** The background asked first: an earlier create of this name has not been checked yet. */
  const [unsettled, setUnsettled] = useState(false);
  const [busy, setBusy] = useState(false);
  const [buckets, setBuckets] = useState<BucketView[] | null>(null);
  const [bucketError, setBucketError] = useState<string | null>(null);
  /** Buckets a restored draft had chosen that the loaded list no longer holds (deleted in B2 since). */
  const [bucketsGone, setBucketsGone] = useState<string[]>([]);
  const heading = useRef<HTMLHeadingElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const uid = useId();

  // Only for the custom checklist's "Other" group: the presets and the known capabilities do not depend on it.
  const available = account?.capabilities ?? [];
  const choices = customChoices(available);

  // Every change is kept at once: a popup closes without warning (a click outside it), and localStorage writes
  // are synchronous. A layout effect, run in the same task as the keystroke's render: a plain effect waits for the
  // next frame, which a panel closed at once never reaches (seen with Rotate key's form). Not while a create is under way: the draft then says the form was sent, and becomes a plain
  // draft again only once B2 did not make the key.
  const done = useRef(false);
  /**
   * A send whose answer never came (the background stopped) or that B2 may have carried out: the draft keeps its
   * request id, so the popup opened next asks what became of it instead of offering the form as never sent (a second
   * key of that name). A new send replaces it.
   */
  const unanswered = useRef<SentMark | undefined>(undefined);
  useLayoutEffect(() => {
    if (!busy && !done.current && !checking) writeDraft(pageStorage(), accountId, form, Date.now(), unanswered.current);
  }, [form, accountId, busy, checking]);

  // A form sent before the panel last closed: shown again only once the background says what became of it.
  useSentOutcome(draft?.sent?.requestId ?? null, (outcome) => {
    if (outcome?.state === 'created') {
      // B2 made it: the form is not offered again (the effect above drops the draft with the emptied form).
      setForm(INITIAL_CREATE_FORM);
      setResumed(createdResumed(outcome));
      onListChanged();
    } else if (outcome?.state === 'failed') {
      setResumed({ state: 'failed', mayExist: mayHaveMade(outcome.error.code) });
      showFailure(RpcError.fromBody(outcome.error), draft?.form.keyName ?? form.keyName);
    } else {
      setResumed({ state: 'unknown', keyName: draft?.form.keyName ?? form.keyName });
    }
  });

  /**
   * Leaving the form on purpose (Cancel, ← Keys) discards what was typed; not a sent form whose answer is still
   * awaited (its refusal, and the form with it, comes back in the next panel).
   */
  function leave() {
    if (!checking) clearDraft(pageStorage(), accountId);
    onCancel();
  }

  // Layout effect: focus must move before the next key press, or Tab would start from the top of the page.
  useLayoutEffect(() => heading.current?.focus(), []);

  async function loadBuckets(refresh = false) {
    setBucketError(null);
    try {
      // The buckets of the account the form is for, whichever is active by now: a key is made there.
      const reply = await rpc('listBuckets', { ...(refresh ? { refresh: true } : {}), ...(accountId !== null ? { accountId } : {}) });
      setBuckets([...reply.buckets].sort((a, b) => a.bucketName.localeCompare(b.bucketName)));
    } catch (e) {
      if (codeOf(e) === 'LOCKED') onLocked();
      setBucketError(messageOf(e));
    }
  }

  useEffect(() => {
    if (!locked) void loadBuckets();
    // Reload once unlocked: the picker needs B2 when nothing is cached.
  }, [locked, accountId]);

  // A chosen bucket the list no longer holds could be neither seen nor unticked, and B2 would refuse the key for
  // it: it leaves the choice, and the form says so.
  useEffect(() => {
    if (!buckets) return;
    const listed = new Set(buckets.map((b) => b.bucketId));
    const gone = form.bucketIds.filter((id) => !listed.has(id));
    if (gone.length === 0) return;
    setBucketsGone(gone);
    update({ bucketIds: form.bucketIds.filter((id) => listed.has(id)) });
  }, [buckets]);

  function update(patch: Partial<CreateFormState>) {
    setForm((f) => ({ ...f, ...patch }));
    // An error about a field goes away as soon as that field changes.
    setErrors((e) => {
      const next = { ...e };
      for (const k of Object.keys(patch)) {
        if (k === 'keyName') delete next.keyName;
        if (k === 'bucketMode' || k === 'bucketIds') {
          delete next.bucketIds;
          delete next.legacySingleBucket;
          delete next.capabilities;
        }
        if (k === 'accessType' || k === 'customCapabilities' || k === 'allowListAllBucketNames') delete next.capabilities;
        if (k === 'namePrefix') delete next.namePrefix;
        if (k === 'durationValue' || k === 'durationUnit') delete next.validDurationInSeconds;
        if (k === 'v4OneBucket') delete next.legacySingleBucket;
      }
      return next;
    });
  }

  function focusFirstError(found: FieldErrors) {
    const first = FIELD_ORDER.find((f) => found[f]);
    if (!first) return;
    requestAnimationFrame(() => {
      const form = formRef.current;
      if (!form) return;
      // A bucket or capability error is about the choices themselves: the first bucket or (custom) capability
      // checkbox, else the selected radio of that group.
      const specific =
        first === 'bucketIds'
          ? form.querySelector<HTMLElement>('[data-bucket-choice]')
          : first === 'capabilities'
            ? form.querySelector<HTMLElement>('[data-cap-choice]:not(:disabled)')
            : null;
      const target = specific ?? form.querySelector<HTMLElement>(`[data-field="${first}"], [name="${first}"]`);
      // The legacy option sits in the folded "Advanced" part: unfold it, or focus would go nowhere.
      const folded = target?.closest('details');
      if (folded && !folded.open) folded.open = true;
      target?.focus();
    });
  }

  async function submit(e: Event, confirmUnsettled = false) {
    e.preventDefault();
    setUnsettled(false);
    setNameTouched(true);
    setFormError(null);
    const built = buildCreateKeyInput(form);
    if (!built.ok) {
      setErrors(built.errors);
      focusFirstError(built.errors);
      return;
    }
    setBusy(true);
    setResumed(null);
    // Sent: kept as sent, so that a popup closed before the answer neither loses the form nor offers it again
    // after B2 made the key (create-draft.ts).
    const sent: SentMark = { requestId: globalThis.crypto.randomUUID(), at: Date.now() };
    const { requestId } = sent;
    unanswered.current = undefined;
    writeDraft(pageStorage(), accountId, form, Date.now(), sent);
    try {
      const created = await rpc('createKey', { ...built.input, requestId, ...(accountId === null ? {} : { accountId }), ...(confirmUnsettled ? { confirmUnsettled } : {}) });
      done.current = true;
      clearDraft(pageStorage(), accountId);
      onCreated(created);
    } catch (err) {
      if (mayHaveMade(codeOf(err))) unanswered.current = sent;
      showFailure(err, built.input.keyName);
      // Kept again as the effect does once busy ends: as sent when B2 may have made the key, else as typed.
    } finally {
      setBusy(false);
    }
  }

  /** Why a create did not make the key (or may have), said where it belongs; the form keeps everything entered. */
  function showFailure(err: unknown, keyName: string) {
    const code = codeOf(err);
    if (code === 'LOCKED') onLocked();
    const fieldErrors = errorsFromFields(fieldsOf(err));
    setErrors(fieldErrors);
    // A refusal about one field is said there (and focused).
    setFormError(Object.keys(fieldErrors).length > 0 ? null : messageOf(err));
    if (mayHaveMade(code)) onListChanged();
    if (code === 'NO_ANSWER') {
      setFormError(
        `The extension’s background stopped before B2’s answer arrived, so B2 may have created “${keyName}”. B2 Key Manager checks the key list within about a minute and flags that key if its applicationKey was lost; do not create it again before then.`,
      );
    }
    if (code === 'CREATE_UNSETTLED') setUnsettled(true);
    focusFirstError(fieldErrors);
  }

  const liveNameError = errors.keyName ?? keyNameError(form.keyName, nameTouched);
  const someBuckets = form.bucketMode === 'some';
  const blocked = blockedByBuckets(
    choices.flatMap((g) => g.capabilities),
    form.bucketMode,
  );
  const previewCaps = form.accessType === 'custom' ? null : capabilitiesOf(form);
  const oneBucket = someBuckets && form.bucketIds.length === 1;
  const kindSentence = keyKindSentence(form);

  // Error sentences of the choice groups, tied to every control of the group.
  const bucketErrorId = errors.bucketIds ? `${uid}-buckets-error` : undefined;
  const capsErrorId = errors.capabilities ? `${uid}-caps-error` : undefined;
  const legacyErrorId = errors.legacySingleBucket ? `${uid}-legacy-error` : undefined;
  const ids = (...list: (string | undefined)[]) => list.filter(Boolean).join(' ') || undefined;

  function toggle(list: string[], value: string, on: boolean): string[] {
    return on ? [...list.filter((v) => v !== value), value] : list.filter((v) => v !== value);
  }

  return (
    // No Escape-to-cancel here (unlike the details view): one stray key would throw away a filled-in form.
    <section class="view padded create-view" aria-labelledby={`${uid}-h`}>
      <div class="view-head">
        <button type="button" class="link" onClick={leave}>
          ← Keys
        </button>
        <h2 id={`${uid}-h`} ref={heading} tabIndex={-1}>
          Add a New Application Key
        </h2>
      </div>
      {draft && !draft.sent && <p class="hint">Restored what you typed before the panel closed. Cancel discards it.</p>}
      {resumed && <ResumedNote resumed={resumed} locked={locked} onShow={onCreated} />}
      {accountMoved && (
        <p class="banner warning" data-testid="create-account-moved">
          Another account was made active on another page. This key is still created in the account this form was opened for.
        </p>
      )}
      {account && account.missingCapabilities.includes('writeKeys') && (
        <p class="banner warning">The key this account is managed with lacks writeKeys, so B2 will refuse to create keys. Add the account again with the master key.</p>
      )}
      <form ref={formRef} onSubmit={submit} noValidate data-testid="create-form" hidden={checking}>
        <TextField
          label="Name of Key"
          value={form.keyName}
          onValue={(v) => {
            update({ keyName: v });
            if (v) setNameTouched(true);
          }}
          onBlur={() => setNameTouched(true)}
          error={liveNameError}
          hint="Letters, numbers and dashes, up to 100 characters."
          name="keyName"
          testId="key-name"
        />

        <fieldset data-testid="buckets">
          <legend>Allow access to Bucket(s)</legend>
          <div class="check">
            <input
              type="radio"
              id={`${uid}-all`}
              name="bucketMode"
              checked={!someBuckets}
              onChange={() => update({ bucketMode: 'all' })}
              aria-describedby={bucketErrorId}
              data-field={someBuckets ? undefined : 'bucketIds'}
            />
            <label for={`${uid}-all`}>All</label>
          </div>
          <div class="check">
            <input
              type="radio"
              id={`${uid}-some`}
              name="bucketMode"
              checked={someBuckets}
              onChange={() => update({ bucketMode: 'some' })}
              aria-describedby={bucketErrorId}
              data-field={someBuckets ? 'bucketIds' : undefined}
            />
            <label for={`${uid}-some`}>Only the buckets I choose</label>
          </div>
          {someBuckets && (
            <div class="bucket-choices" role="group" aria-label="Buckets">
              {buckets === null && !bucketError && <p class="hint">Loading buckets…</p>}
              {buckets?.length === 0 && <p class="hint">This account has no buckets the managing key can list.</p>}
              {bucketsGone.length > 0 && (
                <p class="hint" role="status" data-testid="buckets-gone">
                  {bucketsGone.length === 1 ? `The bucket ${bucketsGone[0]} chosen before is` : `${bucketsGone.length} buckets chosen before are`} no longer in
                  this account’s list (deleted in B2?), so {bucketsGone.length === 1 ? 'it was' : 'they were'} taken out of the choice.
                </p>
              )}
              {buckets?.map((b) => (
                <div class="check" key={b.bucketId}>
                  <input
                    type="checkbox"
                    id={`${uid}-b-${b.bucketId}`}
                    checked={form.bucketIds.includes(b.bucketId)}
                    aria-describedby={bucketErrorId}
                    data-bucket-choice
                    onChange={(e) => {
                      const bucketIds = toggle(form.bucketIds, b.bucketId, e.currentTarget.checked);
                      update({ bucketIds });
                    }}
                  />
                  <label for={`${uid}-b-${b.bucketId}`}>{b.bucketName}</label>
                </div>
              ))}
              {bucketError && (
                <>
                  <ErrorText>{bucketError}</ErrorText>
                  {!locked && (
                    <button type="button" class="secondary small" onClick={() => void loadBuckets(true)}>
                      Try again
                    </button>
                  )}
                </>
              )}
            </div>
          )}
          {errors.bucketIds && (
            <p class="error" id={bucketErrorId}>
              {errors.bucketIds}
            </p>
          )}
          {kindSentence && (
            <p class="hint" data-testid="key-kind-note">
              {kindSentence}
            </p>
          )}
        </fieldset>

        <fieldset data-testid="access">
          <legend>Type of Access</legend>
          {ACCESS_TYPES.map((t) => (
            <div class="check" key={t}>
              <input
                type="radio"
                id={`${uid}-t-${t}`}
                name="accessType"
                checked={form.accessType === t}
                onChange={() => update({ accessType: t })}
                aria-describedby={capsErrorId}
                data-field={form.accessType === t ? 'capabilities' : undefined}
              />
              <label for={`${uid}-t-${t}`}>{t === 'custom' ? 'Custom capabilities' : ACCESS_TYPE_LABELS[t]}</label>
            </div>
          ))}
          {previewCaps && previewCaps.length > 0 && (
            <details class="hint caps-preview">
              <summary>
                {previewCaps.length} {previewCaps.length === 1 ? 'capability' : 'capabilities'}
              </summary>
              <span class="mono">{previewCaps.join(', ')}</span>
            </details>
          )}
          {form.accessType === 'custom' && (
            <div class="custom-caps">
              {choices.map((group) => (
                <fieldset key={group.label} class="cap-group">
                  <legend>{group.label}</legend>
                  {group.capabilities.map((cap) => {
                    const disabled = blocked.has(cap);
                    return (
                      <div class={`check${disabled ? ' disabled' : ''}`} key={cap}>
                        <input
                          type="checkbox"
                          id={`${uid}-c-${cap}`}
                          checked={form.customCapabilities.includes(cap) && !disabled}
                          disabled={disabled}
                          aria-describedby={ids(disabled ? `${uid}-blocked` : undefined, capsErrorId)}
                          data-cap-choice
                          onChange={(e) => update({ customCapabilities: toggle(form.customCapabilities, cap, e.currentTarget.checked) })}
                        />
                        <label for={`${uid}-c-${cap}`} class="mono">
                          {cap}
                        </label>
                      </div>
                    );
                  })}
                </fieldset>
              ))}
              {blocked.size > 0 && (
                <p class="hint" id={`${uid}-blocked`}>
                  Greyed-out capabilities are not allowed on keys restricted to buckets.
                </p>
              )}
            </div>
          )}
          {errors.capabilities && (
            <p class="error" id={capsErrorId}>
              {errors.capabilities}
            </p>
          )}
        </fieldset>

        <div class="check standalone">
          <input
            type="checkbox"
            id={`${uid}-lab`}
            checked={form.allowListAllBucketNames}
            onChange={(e) => update({ allowListAllBucketNames: e.currentTarget.checked })}
            aria-describedby={`${uid}-lab-hint`}
          />
          <div>
            <label for={`${uid}-lab`}>Allow List All Bucket Names</label>
            <p class="hint" id={`${uid}-lab-hint`}>
              S3-compatible tools call ListBuckets first and fail without it, even on a key limited to one bucket.
            </p>
          </div>
        </div>

        <TextField
          label="File name prefix (optional)"
          value={form.namePrefix}
          onValue={(v) => update({ namePrefix: v })}
          error={errors.namePrefix}
          hint="Only files whose names start with this are accessible, e.g. backups/."
          name="namePrefix"
          mono
          testId="name-prefix"
        />

        <Field
          label="Duration (optional)"
          error={errors.validDurationInSeconds}
          hint={`Empty: the key never expires. At most ${MAX_DURATION_DAYS} days.`}
        >
          {(field) => (
            <DurationInputs
              field={field}
              value={form.durationValue}
              unit={form.durationUnit}
              onValue={(durationValue) => update({ durationValue })}
              onUnit={(durationUnit) => update({ durationUnit })}
              testId="duration"
              dataField="validDurationInSeconds"
            />
          )}
        </Field>

        <details class="advanced">
          <summary>Advanced</summary>
          <div class={`check${oneBucket ? '' : ' disabled'}`}>
            <input
              type="checkbox"
              id={`${uid}-legacy`}
              checked={form.v4OneBucket && oneBucket}
              disabled={!oneBucket}
              onChange={(e) => update({ v4OneBucket: e.currentTarget.checked })}
              aria-describedby={ids(`${uid}-legacy-hint`, legacyErrorId)}
              data-field="legacySingleBucket"
              data-testid="v4-one-bucket"
            />
            <div>
              <label for={`${uid}-legacy`}>Multi-bucket key (API v4) even for one bucket</label>
              <p class="hint" id={`${uid}-legacy-hint`}>
                Only for tools that need B2’s v4 multi-bucket keys. Tools that use B2’s API v1 to v3 cannot use such a key. Needs exactly one bucket.
              </p>
            </div>
          </div>
          {errors.legacySingleBucket && (
            <p class="error" id={legacyErrorId}>
              {errors.legacySingleBucket}
            </p>
          )}
        </details>

        {formError && <ErrorText>{formError}</ErrorText>}
        {unsettled && (
          <div class="actions">
            <button type="button" class="danger" onClick={(e) => void submit(e, true)} disabled={busy || locked} data-testid="create-anyway">
              Create it anyway
            </button>
          </div>
        )}
        <div class="actions">
          <button type="submit" disabled={busy || locked} data-testid="create-submit">
            {busy ? 'Creating…' : 'Create New Key'}
          </button>
          <button type="button" class="secondary" onClick={leave} disabled={busy}>
            Cancel
          </button>
          {locked && <p class="hint">Unlock the vault above to create the key.</p>}
        </div>
      </form>
    </section>
  );
}
