/**
 * Issue 13: the key hygiene rules, pure. The rules that need only a key's own row are counted when the key cache
 * is written (storage/key-cache.ts keeps a HygieneSummary in its meta item), so neither the popup's header count
 * nor the report's first lines ever read 100,000 keys; the other kinds come from small per-account records
 * (lost flags, the last secret checks) or from the account itself (its managing key).
 */
import type { KeyRow } from '../storage/key-shards';

export const HYGIENE_KINDS = ['neverExpires', 'allBuckets', 'keyAdmin', 'lost', 'checkFailed', 'managingBroad'] as const;
export type HygieneKind = (typeof HYGIENE_KINDS)[number];
/** The kinds decided by a key's cached row alone. */
export const ROW_KINDS = ['neverExpires', 'allBuckets', 'keyAdmin'] as const;
export type RowKind = (typeof ROW_KINDS)[number];

/** 'account': the fix is a narrower key for the account itself (options page, Accounts), not an action on a listed key. */
export type HygieneAction = 'rotate' | 'delete' | 'check' | 'account';

/**
 * "Write or delete access to all buckets": a key without a bucket restriction that can change or remove data or
 * buckets. writeBuckets counts because it can set lifecycle rules that delete files, deleteBuckets because it
 * removes a bucket with everything in it.
 */
export const DATA_CHANGING_CAPABILITIES: readonly string[] = ['writeFiles', 'deleteFiles', 'writeBuckets', 'deleteBuckets'];
/** Capabilities that mint or delete keys: a key holding one can give itself (or anyone) any other capability. */
export const KEY_ADMIN_CAPABILITIES: readonly string[] = ['writeKeys', 'deleteKeys'];
/**
 * What this extension needs from the key it manages an account with (same list as b2/capabilities.ts'
 * KEY_MANAGEMENT_CAPABILITIES, repeated here so pure rules import nothing from the B2 client). listAllBucketNames
 * is harmless (names only) and some B2 key forms add it, so it is not counted as "more than needed".
 */
export const MANAGING_NEEDS: readonly string[] = ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets', 'listAllBucketNames'];

export const HYGIENE_TEXT: Readonly<Record<HygieneKind, { title: string; why: string; action: HygieneAction }>> = {
  neverExpires: { title: 'Never expires', why: 'A copy that leaks keeps working until someone deletes the key; a key with an expiry limits how long a leak matters.', action: 'rotate' },
  // Rotate key keeps the old key's restrictions, so the fix is a narrower key made with Create New Key, then this one deleted.
  allBuckets: { title: 'Write or delete access to all buckets', why: 'Anyone holding it can change or delete data in every bucket, including buckets created later: create a key limited to the buckets it needs, then delete this one.', action: 'delete' },
  keyAdmin: { title: 'Can create or delete keys', why: 'writeKeys or deleteKeys lets it mint a key with any capability or delete every other key: it is effectively an admin key.', action: 'delete' },
  lost: { title: 'applicationKey lost', why: 'B2 created it but its applicationKey never reached the vault, so nothing here can use it; it only adds risk.', action: 'delete' },
  checkFailed: { title: 'Saved applicationKey failed its last check', why: 'Whatever still uses the saved copy is failing, or the saved copy is not the key B2 has.', action: 'check' },
  managingBroad: { title: 'Managing key broader than needed', why: 'The extension only lists, creates and deletes keys and lists buckets; every other capability of its key is more a stolen copy could do.', action: 'account' },
};

/** The row kinds of one cached key (row: [keyID, name, capabilities, bucketIds, namePrefix, expiry, options]). */
export function rowKinds(row: KeyRow): RowKind[] {
  const out: RowKind[] = [];
  const caps = row[2];
  if (row[5] === null) out.push('neverExpires');
  if (row[3] === null && caps.some((c) => DATA_CHANGING_CAPABILITIES.includes(c))) out.push('allBuckets');
  // The managing key is left in here and taken out when counted (it may change without the cache being written).
  if (caps.some((c) => KEY_ADMIN_CAPABILITIES.includes(c))) out.push('keyAdmin');
  return out;
}

/**
 * "Managing key broader than needed", precisely: the master key (it has every capability, cannot be restricted,
 * cannot be given an expiry, and B2 cannot delete it: only replaced from the web console), or an application key
 * with a capability outside MANAGING_NEEDS. A bucket restriction does not make it narrower in the sense that
 * matters: writeKeys can mint an unrestricted key anyway, so only extra direct capabilities widen a stolen copy.
 * Returns the sentence's detail, or null when the key is as narrow as the extension allows.
 */
export function managingBroadness(account: { accountId: string; managingKeyId: string; capabilities: readonly string[] }): string | null {
  if (account.managingKeyId === account.accountId) return 'It is the master key: add an application key with only listKeys, writeKeys, deleteKeys and listBuckets, and manage the account with that.';
  const extra = account.capabilities.filter((c) => !MANAGING_NEEDS.includes(c));
  if (extra.length === 0) return null;
  return `It also holds ${extra.join(', ')}.`;
}

/** A few keys of each row kind, so the report's first lines come from the meta item. */
export const SAMPLE_MAX = 20;

export interface HygieneSummary {
  /** Keys of each row kind (the managing key included: see countRowKind). */
  n: Record<RowKind, number>;
  /** Up to SAMPLE_MAX [keyID, name] of each kind; any of them, not the first ones in list order. */
  s: Record<RowKind, [string, string][]>;
}

export function emptySummary(): HygieneSummary {
  return { n: { neverExpires: 0, allBuckets: 0, keyAdmin: 0 }, s: { neverExpires: [], allBuckets: [], keyAdmin: [] } };
}

const DATA_CHANGING = new Set(DATA_CHANGING_CAPABILITIES);
const KEY_ADMIN = new Set(KEY_ADMIN_CAPABILITIES);

/** A refresh of 100,000 keys counts every row: one pass, no allocation per row (rowKinds' rules, inlined). */
export function summarizeHygiene(rows: Iterable<KeyRow>): HygieneSummary {
  const s = emptySummary();
  // Keys share their capability arrays (see ListInterner in storage/key-shards.ts): each is looked at once.
  const decided = new Map<readonly string[], { data: boolean; admin: boolean }>();
  for (const r of rows) {
    let kinds = decided.get(r[2]);
    if (!kinds) {
      kinds = { data: false, admin: false };
      for (const c of r[2]) {
        if (DATA_CHANGING.has(c)) kinds.data = true;
        else if (KEY_ADMIN.has(c)) kinds.admin = true;
      }
      decided.set(r[2], kinds);
    }
    const { data, admin } = kinds;
    if (r[5] === null) take(s, 'neverExpires', r);
    if (data && r[3] === null) take(s, 'allBuckets', r);
    if (admin) take(s, 'keyAdmin', r);
  }
  return s;
}

function take(s: HygieneSummary, kind: RowKind, r: KeyRow): void {
  s.n[kind]++;
  if (s.s[kind].length < SAMPLE_MAX) s.s[kind].push([r[0], r[1]]);
}

/** `inPlace`: the caller owns `s` (building a fresh summary); otherwise a changed copy is returned. */
export function addHygiene(s: HygieneSummary, row: KeyRow, inPlace = false): HygieneSummary {
  const kinds = rowKinds(row);
  if (kinds.length === 0) return s;
  const out = inPlace ? s : { n: { ...s.n }, s: { ...s.s } };
  for (const k of kinds) {
    out.n[k]++;
    if (out.s[k].length < SAMPLE_MAX && !out.s[k].some(([id]) => id === row[0])) out.s[k] = inPlace ? (out.s[k].push([row[0], row[1]]), out.s[k]) : [...out.s[k], [row[0], row[1]]];
  }
  return out;
}

export function removeHygiene(s: HygieneSummary, row: KeyRow): HygieneSummary {
  const kinds = rowKinds(row);
  if (kinds.length === 0) return s;
  const out = { n: { ...s.n }, s: { ...s.s } };
  for (const k of kinds) {
    out.n[k] = Math.max(0, out.n[k] - 1);
    out.s[k] = out.s[k].filter(([id]) => id !== row[0]);
  }
  return out;
}

/**
 * The sample holds every key of the kind, or SAMPLE_MAX of them; after deletes it can hold fewer than it could
 * while more keys of the kind exist, and then a report lists the rest from the whole list (KeyWindows).
 */
export function sampleComplete(s: HygieneSummary, kind: RowKind): boolean {
  return s.s[kind].length === Math.min(s.n[kind], SAMPLE_MAX);
}

/**
 * The count of a row kind as reported: keyAdmin leaves out the account's own managing key (it needs writeKeys
 * and deleteKeys to do its job; "broader than needed" is its own line). The master key is never in the list.
 * When the sample cannot say whether the managing key is among the admin keys, an application key that holds
 * writeKeys or deleteKeys is assumed to be listed (B2 lists every application key of the account).
 */
export function countRowKind(s: HygieneSummary, kind: RowKind, account: { accountId: string; managingKeyId: string; capabilities: readonly string[] }): number {
  const n = s.n[kind];
  if (kind !== 'keyAdmin') return n;
  const inSample = s.s.keyAdmin.some(([id]) => id === account.managingKeyId);
  const full = s.s.keyAdmin.length === n;
  const managingIsAdmin = account.managingKeyId !== account.accountId && account.capabilities.some((c) => KEY_ADMIN_CAPABILITIES.includes(c));
  const listed = inSample || (!full && managingIsAdmin);
  return Math.max(0, n - (listed ? 1 : 0));
}

/** Does this row belong to the kind, as the report lists it (the managing key is not a keyAdmin finding). */
export function rowMatches(row: KeyRow, kind: RowKind, managingKeyId: string): boolean {
  if (kind === 'keyAdmin' && row[0] === managingKeyId) return false;
  return rowKinds(row).includes(kind);
}

/** Outcomes of checkSecret that count as a failed check (anything but "works"). */
export function checkFailed(outcome: string): boolean {
  return outcome !== 'works';
}
