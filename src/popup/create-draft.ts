/**
 * The Create New Key form as typed, kept while the popup is closed. A popup closes without warning when the
 * person clicks outside it (to look up a bucket in the B2 console, say), and everything typed went with it.
 * Kept in the extension's own localStorage, like the popup's first screen (first-screen.ts): a key name,
 * buckets, capabilities, prefix and duration are no secret. Dropped once the form is sent, cancelled, or old.
 */
import type { AccessType } from '../b2/capabilities';
import { INITIAL_CREATE_FORM, type CreateFormState } from './createForm';

export const DRAFT_ITEM = 'b2km.createDraft';
/** A draft older than this is not brought back: the person has moved on. */
export const DRAFT_MAX_AGE_MS = 60 * 60_000;

type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

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

const isInitial = (form: CreateFormState): boolean => JSON.stringify(form) === JSON.stringify(INITIAL_CREATE_FORM);

/** The draft kept for this account, if it is recent; null otherwise (and an unusable one is dropped). */
export function readDraft(storage: DraftStorage | null, accountId: string | null, now: number): CreateFormState | null {
  if (!storage || accountId === null) return null;
  try {
    const raw = storage.getItem(DRAFT_ITEM);
    if (raw === null) return null;
    const parsed = JSON.parse(raw) as { v?: unknown; accountId?: unknown; savedAt?: unknown; form?: unknown };
    const form = parsed.v === 1 ? formOf(parsed.form) : null;
    const fresh = typeof parsed.savedAt === 'number' && now - parsed.savedAt < DRAFT_MAX_AGE_MS && parsed.savedAt <= now;
    if (!form || !fresh) {
      storage.removeItem(DRAFT_ITEM);
      return null;
    }
    // Another account's draft stays for when that account is active again.
    return parsed.accountId === accountId ? form : null;
  } catch {
    return null;
  }
}

/** Keeps the form as typed (an untouched form is no draft). Storage refusing is not the form's problem. */
export function writeDraft(storage: DraftStorage | null, accountId: string | null, form: CreateFormState, now: number): void {
  if (!storage || accountId === null) return;
  try {
    if (isInitial(form)) storage.removeItem(DRAFT_ITEM);
    else storage.setItem(DRAFT_ITEM, JSON.stringify({ v: 1, accountId, savedAt: now, form }));
  } catch {
    // Full or disabled: the form still works, it only does not outlive the popup.
  }
}

export function clearDraft(storage: DraftStorage | null): void {
  try {
    storage?.removeItem(DRAFT_ITEM);
  } catch {
    // Nothing kept, or storage refused: nothing to forget.
  }
}
