/**
 * When to clear a copied applicationKey from the clipboard. Pure: no timers, no browser APIs.
 *
 * What is remembered about a copy is a SHA-256 digest of the exact text copied (a secret, or a snippet
 * holding one) and the time to clear it, in storage.session (memory only). The digest lets the clearing
 * code tell "the clipboard still holds what we put there" from "the person copied something else since"
 * without the secret being kept anywhere; see clipboard.ts for how it is compared.
 */

export interface PendingClear {
  /** SHA-256 of the copied text, lowercase hex. */
  digest: string;
  /** When to clear (ms since the epoch); null = only when the vault locks. */
  clearAt: number | null;
}

/** The options page's choices, in seconds; null ("Never") still clears on lock. */
export const CLIPBOARD_CLEAR_CHOICES = [30, 60, 120] as const;
export const DEFAULT_CLIPBOARD_CLEAR_SECONDS = 60;
/** Chrome raises any alarm sooner than this to it (Chrome 120+); the in-memory timer covers the exact time. */
export const MIN_ALARM_DELAY_MS = 30_000;

const DIGEST = /^[0-9a-f]{64}$/;

export function isDigest(value: unknown): value is string {
  return typeof value === 'string' && DIGEST.test(value);
}

/** The setting as stored; absent (settings saved before it existed) means the default. */
export function clearSeconds(setting: number | null | undefined): number | null {
  return setting === undefined ? DEFAULT_CLIPBOARD_CLEAR_SECONDS : setting;
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

/** The <select> on the options page: values and words. */
export function clearChoiceLabel(seconds: number | null): string {
  if (seconds === null) return 'Never (only when the vault locks)';
  if (seconds % 60 === 0) return `After ${seconds / 60} ${seconds === 60 ? 'minute' : 'minutes'}`;
  return `After ${seconds} seconds`;
}

export function clearChoices(current: number | null | undefined): { value: string; label: string }[] {
  const seconds: number[] = [...CLIPBOARD_CLEAR_CHOICES];
  const now = clearSeconds(current);
  // A value set another way (e.g. a test) is shown as it is rather than silently replaced.
  if (now !== null && !seconds.includes(now)) seconds.push(now);
  seconds.sort((a, b) => a - b);
  return [...seconds.map((s) => ({ value: String(s), label: clearChoiceLabel(s) })), { value: 'never', label: clearChoiceLabel(null) }];
}

export function clearChoiceValue(current: number | null | undefined): string {
  const s = clearSeconds(current);
  return s === null ? 'never' : String(s);
}

export function parseClearChoice(value: string): number | null | undefined {
  if (value === 'never') return null;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 && n <= MAX_CLEAR_SECONDS ? n : undefined;
}

export const MAX_CLEAR_SECONDS = 3600;
