/**
 * When to clear a copied applicationKey from the clipboard. Pure: no timers, no browser APIs.
 *
 * What is remembered about a copy is a keyed digest of the exact text copied (a secret, or a snippet
 * holding one) and the time to clear it, in storage.local, so that a browser closed before the time still
 * has it cleared at its next start. The digest lets the clearing code tell "the clipboard still holds what
 * we put there" from "the person copied something else since" without the secret being kept anywhere; see
 * clipboard.ts for how it is keyed and compared.
 */
import { clearSeconds } from '../common/choices';
import { isMatchPart } from '../offscreen/clipboard-dom';

/** What the popup reports of a copy (secretCopied); memory only, never stored as it is. */
export interface PendingClear {
  /** SHA-256 of the copied text, lowercase hex. */
  digest: string;
  /** When to clear (ms since the epoch); null = only when the vault locks. */
  clearAt: number | null;
  /** When it was copied (ms since the epoch). */
  copiedAt: number;
}

/** The storage.local record of a pending clear. */
/** The version of the stored record's shape, written with it: a record of another one is a later version's. */
export const STORED_CLEAR_VERSION = 1;

/**
 * A record of a later version of this extension (a store that rolled an update back): its shape is not this one's to
 * read, and removing it would leave the copy it stands for on the clipboard. Left for that version.
 */
export function isLaterStoredClear(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  const v = (value as { v?: unknown }).v;
  return typeof v === 'number' && Number.isInteger(v) && v > STORED_CLEAR_VERSION;
}

export interface StoredClear {
  v: typeof STORED_CLEAR_VERSION;
  /** Random, one per copy: the HMAC key of `mac`. */
  key: string;
  /** HMAC-SHA-256 under `key` of the copied text's SHA-256 hex (offscreen/clipboard-dom.ts). */
  mac: string;
  clearAt: number | null;
  /** When it was copied; null in records written before it was kept (2026-12-03). */
  copiedAt: number | null;
  /** Checks that failed so far (the clipboard could not be read or written). */
  failures: number;
  /** After a failed check: not tried again by a timer or alarm before this (a lock tries at once). */
  retryAt: number | null;
}

/** Failed checks after which a copy is given up: a clipboard that cannot be read is not tried for ever. */
export const MAX_FAILED_CHECKS = 5;
/** How long after a failed check the alarm tries again. */
export const RETRY_AFTER_MS = 60_000;

/** Chrome raises any alarm sooner than this to it (Chrome 120+); the in-memory timer covers the exact time. */
export const MIN_ALARM_DELAY_MS = 30_000;

const DIGEST = /^[0-9a-f]{64}$/;

export function isDigest(value: unknown): value is string {
  return typeof value === 'string' && DIGEST.test(value);
}

export function pendingAfterCopy(digest: string, setting: number | null | undefined, now: number): PendingClear {
  const seconds = clearSeconds(setting);
  return { digest, clearAt: seconds === null ? null : now + seconds * 1000, copiedAt: now };
}

/**
 * How far before the copy the clock may read before it counts as set back (NTP correcting a fast clock, a hardware
 * clock kept in local time): then the time since the copy is unknown, and the copy is cleared rather than kept for
 * its time plus the step.
 */
export const CLOCK_BACK_SLACK_MS = 1_000;

export type ClearStep = { kind: 'none' } | { kind: 'clear' } | { kind: 'wait'; ms: number };

/**
 * What to do now. A lock clears whatever is pending at once; a timer, an alarm or a worker start clears
 * only once the time has come (an alarm may fire early or late; a timer may be stale after a newer copy).
 * `unlocked` false there means the vault locked since the copy without clearing it (a secret is copied only
 * while unlocked): the browser was closed, which locks, or the lock's own check failed. That copy is past its
 * time whatever the setting, so it is cleared like at a lock, once any wait after a failed check is over.
 */
export function nextStep(pending: Pick<StoredClear, 'clearAt' | 'retryAt'> & { copiedAt?: number | null } | null, now: number, cause: 'timer' | 'lock', unlocked = true): ClearStep {
  if (!pending) return { kind: 'none' };
  if (cause === 'lock') return { kind: 'clear' };
  if (typeof pending.copiedAt === 'number' && now < pending.copiedAt - CLOCK_BACK_SLACK_MS) return { kind: 'clear' };
  // A wait longer than any retry's is a clock set back since the failed check, not a wait.
  if (pending.retryAt !== null && pending.retryAt > now && pending.retryAt - now <= RETRY_AFTER_MS + CLOCK_BACK_SLACK_MS) return { kind: 'wait', ms: pending.retryAt - now };
  if (!unlocked) return { kind: 'clear' };
  if (pending.clearAt === null) return { kind: 'none' };
  return pending.clearAt <= now ? { kind: 'clear' } : { kind: 'wait', ms: pending.clearAt - now };
}

/** The backstop alarm's time: a worker stopped before the timer fired is woken by it. */
export function alarmTime(clearAt: number, now: number): number {
  return Math.max(clearAt, now + MIN_ALARM_DELAY_MS);
}

const isTime = (value: unknown): value is number | null => value === null || (typeof value === 'number' && Number.isFinite(value));

/**
 * Reads back only a well-formed record, and only its fields: in Firefox storage.local is open to our content
 * script's context, so the record is checked like any input.
 */
export function parseStoredClear(value: unknown): StoredClear | null {
  if (!value || typeof value !== 'object') return null;
  const { v, key, mac, clearAt, copiedAt, failures, retryAt } = value as Partial<StoredClear> & { v?: unknown };
  // Records before the version field have none.
  if (v !== undefined && v !== STORED_CLEAR_VERSION) return null;
  if (!isMatchPart(key) || !isMatchPart(mac) || !isTime(clearAt) || !isTime(retryAt)) return null;
  if (typeof failures !== 'number' || !Number.isInteger(failures) || failures < 0) return null;
  return { v: STORED_CLEAR_VERSION, key, mac, clearAt, copiedAt: typeof copiedAt === 'number' && Number.isFinite(copiedAt) ? copiedAt : null, failures, retryAt };
}
