/**
 * The Rotate key form as typed (the new key's name and duration), kept while the popup is closed, as Create New
 * Key's is (create-draft.ts): a click outside the popup closes it. One at a time, since the popup shows one form; it
 * names the key being rotated and that key's account, so the next popup opens that key's Rotate form again.
 *
 * A form that was sent stays, marked with the send's request id, until the answer is in: the popup opened next asks
 * the background what became of it (createOutcome) before it offers the form again, so a key's successor is never
 * made twice by a form reopened after B2 made it. Another key's form neither replaces nor removes it meanwhile (that
 * form's typing then does not outlive the panel): the sent form's answer matters more than a form not yet sent.
 */
import type { DurationUnit } from './createForm';
import { isFresh, sentOf, type SentMark } from './create-draft';

export const ROTATE_DRAFT_ITEM = 'b2km.rotateDraft';

type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface RotateFields {
  keyName: string;
  durationValue: string;
  durationUnit: DurationUnit;
}

export interface RotateDraft {
  accountId: string;
  /** The key being rotated. */
  applicationKeyId: string;
  fields: RotateFields;
  sent: SentMark | null;
}

function fieldsOf(v: unknown): RotateFields | null {
  if (typeof v !== 'object' || v === null) return null;
  const f = v as Record<keyof RotateFields, unknown>;
  if (typeof f.keyName !== 'string' || typeof f.durationValue !== 'string' || (f.durationUnit !== 'days' && f.durationUnit !== 'seconds')) return null;
  return { keyName: f.keyName, durationValue: f.durationValue, durationUnit: f.durationUnit };
}

/** The kept Rotate form, if recent; null otherwise (and an unusable or old one is dropped). */
export function readRotateDraft(storage: DraftStorage | null, now: number): RotateDraft | null {
  if (!storage) return null;
  try {
    const raw = storage.getItem(ROTATE_DRAFT_ITEM);
    if (raw === null) return null;
    const parsed = JSON.parse(raw) as { v?: unknown; accountId?: unknown; applicationKeyId?: unknown; savedAt?: unknown; fields?: unknown; sent?: unknown };
    // A later version's (a store that rolled an update back) may be a sent form awaiting its answer: left for it.
    if (typeof parsed.v === 'number' && parsed.v > 1) return null;
    const fields = parsed.v === 1 ? fieldsOf(parsed.fields) : null;
    const { accountId, applicationKeyId } = parsed;
    if (!fields || typeof accountId !== 'string' || typeof applicationKeyId !== 'string' || !accountId || !applicationKeyId || !isFresh(parsed.savedAt, now)) {
      storage.removeItem(ROTATE_DRAFT_ITEM);
      return null;
    }
    return { accountId, applicationKeyId, fields, sent: sentOf(parsed.sent) };
  } catch {
    return null;
  }
}

/** The key a Rotate form is for. */
export interface RotateOwner {
  accountId: string;
  applicationKeyId: string;
}

/**
 * Whether the form of `owner` may replace or remove what is kept: not while it is a form another key sent (fresh:
 * its answer is still to be asked for), nor a later version's (which may be one, in a shape this one cannot read).
 */
function mayReplace(storage: DraftStorage, owner: RotateOwner, now: number): boolean {
  const raw = storage.getItem(ROTATE_DRAFT_ITEM);
  if (raw === null) return true;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return true;
  }
  if (typeof parsed !== 'object' || parsed === null) return true;
  const kept = parsed as { v?: unknown; accountId?: unknown; applicationKeyId?: unknown; savedAt?: unknown; sent?: unknown };
  if (typeof kept.v === 'number' && kept.v > 1) return false;
  const same = kept.accountId === owner.accountId && kept.applicationKeyId === owner.applicationKeyId;
  return same || !sentOf(kept.sent) || !isFresh(kept.savedAt, now);
}

/**
 * Keeps the form as typed, or as sent with `sent`. A form still as suggested is no draft (nothing would be lost),
 * unless it was sent. Storage refusing is not the form's problem.
 */
export function writeRotateDraft(
  storage: DraftStorage | null,
  draft: RotateOwner & { fields: RotateFields; suggested: RotateFields },
  now: number,
  sent?: SentMark,
): void {
  if (!storage) return;
  try {
    const { accountId, applicationKeyId, fields, suggested } = draft;
    if (!mayReplace(storage, draft, now)) return;
    if (!sent && JSON.stringify(fields) === JSON.stringify(suggested)) storage.removeItem(ROTATE_DRAFT_ITEM);
    else storage.setItem(ROTATE_DRAFT_ITEM, JSON.stringify({ v: 1, accountId, applicationKeyId, savedAt: now, fields, ...(sent ? { sent } : {}) }));
  } catch {
    // Full or disabled: the form still works, it only does not outlive the popup.
  }
}

/** Forgets the form of `owner` (left, or its key made); what another key's form sent is left for its answer. */
export function clearRotateDraft(storage: DraftStorage | null, owner: RotateOwner, now: number): void {
  if (!storage) return;
  try {
    if (mayReplace(storage, owner, now)) storage.removeItem(ROTATE_DRAFT_ITEM);
  } catch {
    // Nothing kept, or storage refused: nothing to forget.
  }
}
