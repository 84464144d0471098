/**
 * Key notes: what this extension knows about a key beyond B2's key list (storage/schema.ts keyNoteSchema).
 * Lineage ("replaces" / "replaced by") from Rotate key, and for one-bucket keys which API created them: B2's v4
 * listing shows a v3 single-bucket key and a v4 one-bucket multi-bucket key alike, yet only the first works with
 * tools on API v1–v3 (b2-key-api.md §0.3). Nothing here is secret: keyIDs, names, a duration.
 */
import type { CreateKeyInput } from '../b2';
import { validateCreateKeyInput } from '../b2';
import { MAX_KEY_NAME_LENGTH, MAX_VALID_DURATION_SECONDS } from '../b2/limits';
import { notesKey, type CachedKey, type KeyNote, type LocalStore, type StoredAccount, type Tx } from '../storage';

export type BucketKind = 'allBuckets' | 'single' | 'multi' | 'unknown';

/** Which kind of key this is, as far as is known: more than one bucket can only be v4 multi-bucket. */
export function bucketKindOf(key: Pick<CachedKey, 'bucketIds'>, note: KeyNote | undefined): BucketKind {
  if (key.bucketIds === null) return 'allBuckets';
  if (key.bucketIds.length > 1) return 'multi';
  return note?.bucketKind ?? 'unknown';
}

/** Notes written in the same write as a new key's secret: its kind and duration, and lineage for a rotation. */
export async function writeCreatedNotes(store: LocalStore, tx: Tx, accountId: string, key: CachedKey, input: CreateKeyInput, replaces?: CachedKey): Promise<void> {
  // A notes record of the wrong type would make the whole write fail (the store never overwrites one), and with
  // it the new secret: notes are worth less than the secret, so they are left out instead.
  const raw = await store.raw(notesKey(accountId));
  if (raw !== undefined && (typeof raw !== 'object' || raw === null || Array.isArray(raw))) return;
  const notes = await store.keyNotes(accountId);
  const note: KeyNote = { ...notes[key.applicationKeyId], validDurationInSeconds: input.validDurationInSeconds ?? null };
  if (key.bucketIds?.length === 1) note.bucketKind = input.legacySingleBucket === true ? 'single' : 'multi';
  if (replaces) {
    note.replaces = { applicationKeyId: replaces.applicationKeyId, keyName: replaces.keyName };
    tx.putKeyNote(accountId, replaces.applicationKeyId, { ...notes[replaces.applicationKeyId], replacedBy: { applicationKeyId: key.applicationKeyId, keyName: key.keyName } });
  }
  tx.putKeyNote(accountId, key.applicationKeyId, note);
}

/**
 * A name for the successor: "name" → "name-2", "name-2" → "name-3", kept within B2's 100 characters. Only a
 * suggestion: the rotate form lets the person change it.
 */
export function successorName(name: string): string {
  const m = /^(.*?)-(\d{1,6})$/.exec(name);
  const base = m ? m[1]! : name;
  const n = m ? Number(m[2]) + 1 : 2;
  const suffix = `-${n}`;
  return `${base.slice(0, MAX_KEY_NAME_LENGTH - suffix.length)}${suffix}`;
}

/**
 * The duration offered for the successor: the one the old key was created with when known; else, for a key that
 * expires, what it had left (whole days, at least one); else none (never expires). The person confirms it.
 */
export function suggestedDuration(key: CachedKey, note: KeyNote | undefined, now: number): { seconds: number | null; known: boolean } {
  if (note?.validDurationInSeconds !== undefined) return { seconds: note.validDurationInSeconds, known: true };
  if (key.expirationTimestamp === null) return { seconds: null, known: true };
  const days = Math.max(1, Math.ceil((key.expirationTimestamp - now) / 86_400_000));
  return { seconds: Math.min(days * 86_400, MAX_VALID_DURATION_SECONDS), known: false };
}

/** The successor's request: the old key's restrictions, the confirmed name and duration, the same kind of key. */
export function rotationInput(old: CachedKey, note: KeyNote | undefined, chosen: { keyName: string; validDurationInSeconds: number | null }): CreateKeyInput {
  const input: CreateKeyInput = {
    keyName: chosen.keyName,
    capabilities: [...old.capabilities],
    bucketIds: old.bucketIds && [...old.bucketIds],
    namePrefix: old.namePrefix,
    validDurationInSeconds: chosen.validDurationInSeconds,
    // A bucket-scoped key holding writeBuckets (seen on console keys) is copied as it is: B2 made the old one.
    copiedFromExistingKey: true,
  };
  // A one-bucket key of unknown kind becomes a single-bucket key: the same access, and it works with every tool.
  if (old.bucketIds?.length === 1 && bucketKindOf(old, note) !== 'multi') input.legacySingleBucket = true;
  return input;
}

/**
 * Why this account cannot make an equivalent successor for this key, in a sentence; null when it can. `buckets`: the
 * account's bucket IDs from its last good listing, or null when none is known.
 */
export function rotationRefusal(account: StoredAccount, old: CachedKey, note: KeyNote | undefined, buckets: ReadonlySet<string> | null): string | null {
  if (old.applicationKeyId === account.managingKeyId || old.applicationKeyId === account.accountId) {
    return 'This is the key B2 Key Manager manages this account with. To replace it, create a new key with listKeys, writeKeys, deleteKeys and listBuckets, add the account again with it on the options page, then delete this one.';
  }
  if (!account.capabilities.includes('writeKeys')) {
    return 'The key this account is managed with lacks writeKeys, so B2 would refuse to create the new key. Add the account again with a key that has it (the master key has all of them).';
  }
  if (account.namePrefix !== null && !(old.namePrefix ?? '').startsWith(account.namePrefix)) {
    return `The key this account is managed with only reaches files starting with “${account.namePrefix}”, so it cannot create a key with this key’s reach. Add the account again with the master key to rotate it.`;
  }
  // B2 would answer bad_bucket_id, and the rotate form has no bucket to change: said before anything is sent.
  const gone = buckets ? (old.bucketIds ?? []).filter((id) => !buckets.has(id)) : [];
  if (gone.length) {
    return `${gone.length === 1 ? `This key’s bucket ${gone[0]} no longer exists` : `${gone.length} of this key’s buckets no longer exist`} in B2 (the last refresh did not list ${gone.length === 1 ? 'it' : 'them'}), so an equivalent key cannot be created. Refresh if ${gone.length === 1 ? 'it was' : 'they were'} made again; otherwise create a new key for the buckets it should reach.`;
  }
  const issues = validateCreateKeyInput(rotationInput(old, note, { keyName: 'x', validDurationInSeconds: null }));
  if (issues.length) return `An equivalent key cannot be created: ${issues[0]!.message}`;
  return null;
}
