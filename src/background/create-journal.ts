/**
 * The create journal's rules, free of extension APIs: when a b2_create_key may still have had an effect in
 * B2, and which listed keys a create record explains.
 *
 * b2_create_key is not idempotent and B2 shows the new applicationKey only in its reply. Replies get lost
 * after B2 acted: a service worker stopped mid-call, a connection dropped after B2 answered (the browser's
 * network stack may then re-send the POST, so B2 makes a second key), a reply slower than our timeout. A
 * record is written before the request and closed with the sealed secret in one write; a listing taken once
 * B2 must have settled then finds every key of that name we did not know before, and each one whose secret is
 * not saved is flagged "applicationKey lost" rather than left looking like a key created elsewhere.
 */
import type { CreateRecord } from '../storage';
import { clockSetBackSince } from '../common/clock';

export interface JournalTiming {
  /**
   * How long after the request started B2 may still act on a create whose answer we never got. Our own
   * timeout is 25 s (Chrome ends an idle worker after 30 s); a server that keeps working on a request
   * after the client gave up rarely takes longer than a minute. ⚠ B2 documents no bound: 60 s is our pick,
   * and a key that appears later than that shows as "No secret" instead of "applicationKey lost".
   */
  uncertainSettleMs: number;
  /**
   * After an answer arrived: a re-sent request (dropped connection after B2 acted) was handled before the
   * answer we got, so a short wait for B2's listing to show both keys is enough.
   */
  savedSettleMs: number;
  /** Resolved records are kept this long so the popup can say what the check found. */
  keepResolvedMs: number;
  /** Waiting after a failed check (B2 unreachable, vault locked) before the next try. */
  retryMs: number;
}

/** How a create ended whose background instance stopped while it waited for B2 (said in the journal and to a page). */
export const BACKGROUND_STOPPED = 'The extension’s background stopped before B2’s answer arrived.';

export const DEFAULT_JOURNAL_TIMING: JournalTiming = {
  uncertainSettleMs: 60_000,
  savedSettleMs: 3_000,
  keepResolvedMs: 24 * 60 * 60 * 1000,
  retryMs: 60_000,
};

/** When a listing that starts at or after this time sees everything this create can have made in B2. */
export function settlesAt(record: CreateRecord, timing: JournalTiming): number {
  if (record.state === 'saved') return (record.endedAt ?? record.startedAt) + timing.savedSettleMs;
  // In flight or uncertain: B2 may act on the request until well after we stopped waiting for it.
  return Math.max(record.startedAt + timing.uncertainSettleMs, (record.endedAt ?? record.startedAt) + timing.savedSettleMs);
}

/**
 * Open records written before the clock was set back (their times lie in the future): how long B2 has had since is
 * unknown, so each is given its whole settle time again from `now` (its times moved to `now`). Left as they were, their
 * check would wait for the clock to catch up (an hour, a day) with the key listed, unflagged, meanwhile. Records still
 * in flight are left to end first.
 */
export function rebasedAfterClockSetBack(records: readonly CreateRecord[], now: number): CreateRecord[] {
  return records
    .filter((r) => r.resolution === null && r.state !== 'inFlight' && (clockSetBackSince(r.startedAt, now) || (r.endedAt !== null && clockSetBackSince(r.endedAt, now))))
    .map((r) => ({ ...r, startedAt: now, endedAt: r.endedAt === null ? null : now }));
}

/**
 * A record still in flight that another background instance started lost its answer with that instance
 * (Chrome stopped the worker, the browser restarted): it is now uncertain.
 */
export function isOrphaned(record: CreateRecord, workerId: string): boolean {
  return record.state === 'inFlight' && record.workerId !== workerId;
}

export interface ListedKey {
  applicationKeyId: string;
  keyName: string;
}

/**
 * Which records a listing can resolve, and what each found. A listing resolves a record only if it started
 * after the record settled and no other open record of the same account and name is still unsettled (that
 * one's key could otherwise be mistaken for a lost one of this record).
 *
 * `saved` is every keyID with a secret in the vault; keys with one are never flagged.
 */
export function resolveWithListing(
  records: readonly CreateRecord[],
  accountId: string,
  listing: readonly ListedKey[],
  listingStartedAt: number,
  saved: ReadonlySet<string>,
  timing: JournalTiming,
): { record: CreateRecord; lostKeyIds: string[]; created: boolean }[] {
  const open = records.filter((r) => r.accountId === accountId && r.resolution === null);
  const out: { record: CreateRecord; lostKeyIds: string[]; created: boolean }[] = [];
  for (const record of open) {
    if (listingStartedAt < settlesAt(record, timing)) continue;
    const sameName = open.filter((r) => r.keyName === record.keyName);
    if (sameName.some((r) => r.state === 'inFlight' || listingStartedAt < settlesAt(r, timing))) continue;
    // Keys of this name that existed before any open create of this name are not anyone's result.
    const prior = new Set(record.priorKeyIds);
    const results = listing.filter((k) => k.keyName === record.keyName && !prior.has(k.applicationKeyId));
    const lostKeyIds = results.filter((k) => !saved.has(k.applicationKeyId)).map((k) => k.applicationKeyId);
    out.push({ record, lostKeyIds, created: results.length > 0 || record.savedKeyId !== null });
  }
  return out;
}

/**
 * Where a create check may start its listing instead of at the first key: the lowest `tailFrom` of the records a
 * listing started at `listingStartedAt` would resolve, with the keyIDs the tail must hold to be trusted (each
 * record's own saved key: B2 numbered it after `tailFrom`, so a second key made by the same request, earlier or
 * later, sorts there too). Null, so every key is listed, when any of those records is not a saved create that
 * recorded a `tailFrom` (an uncertain create has no key of its own to show the order).
 */
export function tailStart(records: readonly CreateRecord[], accountId: string, listingStartedAt: number, timing: JournalTiming): { from: string; keyIds: string[] } | null {
  const resolvable = records.filter((r) => r.accountId === accountId && r.resolution === null && r.state !== 'inFlight' && settlesAt(r, timing) <= listingStartedAt);
  if (resolvable.length === 0) return null;
  let from: string | null = null;
  const keyIds: string[] = [];
  for (const r of resolvable) {
    if (r.state !== 'saved' || r.savedKeyId === null || r.tailFrom === undefined) return null;
    if (from === null || r.tailFrom < from) from = r.tailFrom;
    keyIds.push(r.savedKeyId);
  }
  return { from: from!, keyIds };
}

/** Open records whose check is due at `now`, and the earliest time a not-yet-due one will be. */
export function dueRecords(records: readonly CreateRecord[], now: number, timing: JournalTiming): { due: CreateRecord[]; next: number | null } {
  let next: number | null = null;
  const due: CreateRecord[] = [];
  for (const r of records) {
    if (r.resolution !== null || r.state === 'inFlight') continue;
    const at = settlesAt(r, timing);
    if (at <= now) due.push(r);
    else next = next === null ? at : Math.min(next, at);
  }
  return { due, next };
}

/** Resolved records past their keeping time, and resolved ones that found nothing to tell. */
export function expiredRecords(records: readonly CreateRecord[], now: number, timing: JournalTiming): CreateRecord[] {
  return records.filter((r) => r.resolution !== null && (r.resolution.at + timing.keepResolvedMs <= now || isQuietSuccess(r)));
}

/** A create that was answered, saved, and left no other key behind: nothing to report. */
export function isQuietSuccess(record: CreateRecord): boolean {
  return record.state === 'saved' && record.resolution !== null && record.resolution.lostKeyIds.length === 0;
}

/** Open records of a name, for "a create of this name has not been confirmed yet" before another create. */
export function openRecordsNamed(records: readonly CreateRecord[], accountId: string, keyName: string): CreateRecord[] {
  return records.filter((r) => r.accountId === accountId && r.keyName === keyName && r.resolution === null && r.state !== 'saved');
}
