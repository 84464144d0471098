/**
 * When to clear a copied applicationKey from the clipboard. Pure: no timers, no browser APIs.
 *
 * What is remembered about a copy is a SHA-256 digest of the exact text copied (a secret, or a snippet
 * holding one) and the time to clear it, in storage.session (memory only). The digest lets the clearing
 * code tell "the clipboard still holds what we put there" from "the person copied something else since"
 * without the secret being kept anywhere; see clipboard.ts for how it is compared.
 */
import { clearSeconds } from '../common/choices';

export interface PendingClear {
  /** SHA-256 of the copied text, lowercase hex. */
  digest: string;
  /** When to clear (ms since the epoch); null = only when the vault locks. */
  clearAt: number | null;
}

/** Chrome raises any alarm sooner than this to it (Chrome 120+); the in-memory timer covers the exact time. */
export const MIN_ALARM_DELAY_MS = 30_000;

const DIGEST = /^[0-9a-f]{64}$/;

export function isDigest(value: unknown): value is string {
  return typeof value === 'string' && DIGEST.test(value);
}

export function pendingAfterCopy(digest: string, setting: number | null | undefined, now: number): PendingClear {
  const seconds = clearSeconds(setting);
  return { digest, clearAt: seconds === null ? null : now + seconds * 1000 };
}

export type ClearStep = { kind: 'none' } | { kind: 'clear' } | { kind: 'wait'; ms: number };

/**
 * What to do now. A lock clears whatever is pending at once; a timer, an alarm or a worker start clears
 * only once the time has come (an alarm may fire early or late; a timer may be stale after a newer copy).
 */
export function nextStep(pending: PendingClear | null, now: number, cause: 'timer' | 'lock'): ClearStep {
  if (!pending) return { kind: 'none' };
  if (cause === 'lock') return { kind: 'clear' };
  if (pending.clearAt === null) return { kind: 'none' };
  return pending.clearAt <= now ? { kind: 'clear' } : { kind: 'wait', ms: pending.clearAt - now };
}

/** The backstop alarm's time: a worker stopped before the timer fired is woken by it. */
export function alarmTime(clearAt: number, now: number): number {
  return Math.max(clearAt, now + MIN_ALARM_DELAY_MS);
}

export function parsePending(value: unknown): PendingClear | null {
  if (!value || typeof value !== 'object') return null;
  const { digest, clearAt } = value as Partial<PendingClear>;
  if (!isDigest(digest)) return null;
  if (clearAt !== null && (typeof clearAt !== 'number' || !Number.isFinite(clearAt))) return null;
  return { digest, clearAt };
}
