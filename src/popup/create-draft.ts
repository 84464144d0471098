/**
 * The Create New Key form as typed, kept while the popup is closed. A popup closes without warning when the
 * person clicks outside it (to look up a bucket in the B2 console, say), and everything typed went with it.
 * Kept in the extension's own localStorage, like the popup's first screen (first-screen.ts): a key name,
 * buckets, capabilities, prefix and duration are no secret. Dropped once B2 made the key, or the form is
 * cancelled, or an hour old.
 *
 * A form that was sent stays, marked `sent` with the send's request id, until the answer is in: a popup closed
 * while B2 is still answering would otherwise lose the form, and a refusal's reason with it. The popup opened next
 * asks the background what became of that request (createOutcome) before it shows the form again, so a form
 * whose key B2 made is never offered a second time.
 */
import type { AccessType } from '../b2/capabilities';
import { INITIAL_CREATE_FORM, type CreateFormState } from './createForm';

/** One item per account: a form sent for one account and awaiting its answer is not replaced by typing for another. */
export const draftItem = (accountId: string): string => `b2km.createDraft:${accountId}`;
/** Where builds before 2026-12-03 kept the one draft (read once, for its own account, then dropped). */
export const LEGACY_DRAFT_ITEM = 'b2km.createDraft';
/** A draft older than this is not brought back: the person has moved on. */
export const DRAFT_MAX_AGE_MS = 60 * 60_000;
/** A draft saved further in the future than this is from a clock that was wrong, not one set back since. */
const CLOCK_BACK_MAX_MS = 24 * 60 * 60_000;

type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The form was sent as `requestId` at `at`; what B2 answered is the background's to tell. */
export interface SentMark {
  requestId: string;
  at: number;
}

export interface Draft {
  form: CreateFormState;
  sent: SentMark | null;
}

const ACCESS_TYPES: readonly AccessType[] = ['readWrite', 'readOnly', 'writeOnly', 'custom'];
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** The stored form, field by field: anything of the wrong shape (an older version, an edit) is no draft. */
function formOf(v: unknown): CreateFormState | null {
  if (typeof v !== 'object' || v === null) return null;
  const f = v as Record<keyof CreateFormState, unknown>;
  const ok =
    typeof f.keyName === 'string' &&
    (f.bucketMode === 'all' || f.bucketMode === 'some') &&
    isStrings(f.bucketIds) &&
    ACCESS_TYPES.includes(f.accessType as AccessType) &&
    isStrings(f.customCapabilities) &&
    typeof f.allowListAllBucketNames === 'boolean' &&
    typeof f.namePrefix === 'string' &&
    typeof f.durationValue === 'string' &&
    (f.durationUnit === 'days' || f.durationUnit === 'seconds') &&
    typeof f.v4OneBucket === 'boolean';
  return ok ? (f as CreateFormState) : null;
}

/**
 * Whether a draft saved at `savedAt` is still brought back. One saved "in the future" was typed before the clock
 * was set back (by up to a day: a time zone's worth): kept, as if just typed.
 */
export const isFresh = (savedAt: unknown, now: number): boolean =>
  typeof savedAt === 'number' && now - savedAt < DRAFT_MAX_AGE_MS && savedAt - now < CLOCK_BACK_MAX_MS;

export function sentOf(v: unknown): SentMark | null {
  if (typeof v !== 'object' || v === null) return null;
  const m = v as Record<keyof SentMark, unknown>;
  return typeof m.requestId === 'string' && m.requestId !== '' && typeof m.at === 'number' ? { requestId: m.requestId, at: m.at } : null;
}

const isInitial = (form: CreateFormState): boolean => JSON.stringify(form) === JSON.stringify(INITIAL_CREATE_FORM);

/** The draft kept for this account, if it is recent; null otherwise (and an unusable one is dropped). */
export function readDraft(storage: DraftStorage | null, accountId: string | null, now: number): Draft | null {
  if (!storage || accountId === null) return null;
  try {
    const own = storage.getItem(draftItem(accountId));
    const item = own !== null ? draftItem(accountId) : LEGACY_DRAFT_ITEM;
    const raw = own ?? storage.getItem(LEGACY_DRAFT_ITEM);
    if (raw === null) return null;
    const parsed = JSON.parse(raw) as { v?: unknown; accountId?: unknown; savedAt?: unknown; form?: unknown; sent?: unknown };
    // A later version's draft (a store that rolled an update back) may be a sent form still awaiting B2's answer:
    // not this version's to read, nor to drop.
    if (typeof parsed.v === 'number' && parsed.v > 1) return null;
    const form = parsed.v === 1 ? formOf(parsed.form) : null;
    if (!form || !isFresh(parsed.savedAt, now)) {
      storage.removeItem(item);
      return null;
    }
    // Another account's (legacy) draft stays for when that account is active again.
    return parsed.accountId === accountId ? { form, sent: sentOf(parsed.sent) } : null;
  } catch {
    return null;
  }
}

/**
 * Keeps the form as typed (an untouched form is no draft), or as sent with `sent`. Storage refusing is not the
 * form's problem.
 */
export function writeDraft(storage: DraftStorage | null, accountId: string | null, form: CreateFormState, now: number, sent?: SentMark): void {
  if (!storage || accountId === null) return;
  try {
    if (isInitial(form) && !sent) storage.removeItem(draftItem(accountId));
    else storage.setItem(draftItem(accountId), JSON.stringify({ v: 1, accountId, savedAt: now, form, ...(sent ? { sent } : {}) }));
    dropLegacy(storage, accountId);
  } catch {
    // Full or disabled: the form still works, it only does not outlive the popup.
  }
}

export function clearDraft(storage: DraftStorage | null, accountId: string | null): void {
  if (!storage || accountId === null) return;
  try {
    storage.removeItem(draftItem(accountId));
    dropLegacy(storage, accountId);
  } catch {
    // Nothing kept, or storage refused: nothing to forget.
  }
}

/** The one draft of an older build, once this account's own item has taken its place. */
function dropLegacy(storage: DraftStorage, accountId: string): void {
  const raw = storage.getItem(LEGACY_DRAFT_ITEM);
  if (raw === null) return;
  try {
    if ((JSON.parse(raw) as { accountId?: unknown }).accountId !== accountId) return;
  } catch {
    // Unreadable: nobody's draft.
  }
  storage.removeItem(LEGACY_DRAFT_ITEM);
}
