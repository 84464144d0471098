/**
 * How long a guesser must wait between wrong passphrases. Pure, so it is tested without a clock or storage.
 * Five misses are free (typos happen); from then on each further try waits 1 s after the last miss, then
 * 2 s, 4 s, … up to 30 s. The background enforces it before running PBKDF2, so a refused try costs nothing.
 */

export interface MissRecord {
  /** Wrong passphrases in a row since the last right one. */
  count: number;
  /** When the last one was refused (ms since the epoch). */
  lastMissAt: number;
}

export const FREE_MISSES = 5;
export const FIRST_DELAY_MS = 1_000;
export const MAX_DELAY_MS = 30_000;

/** The wait that follows the count-th miss in a row before the next try is heard. */
export function delayAfterMisses(count: number): number {
  if (!Number.isFinite(count) || count < FREE_MISSES) return 0;
  // 2 ** large is Infinity, which min() turns into the cap: no overflow to guard against.
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (count - FREE_MISSES));
}

/** Milliseconds until a try may be made; 0 = now. */
export function waitFor(record: MissRecord | null, now: number): number {
  if (!record) return 0;
  const delay = delayAfterMisses(record.count);
  // Bounded by the delay itself: a clock set back must not shut the person out for longer than that.
  return Math.min(delay, Math.max(0, record.lastMissAt + delay - now));
}

export function afterMiss(record: MissRecord | null, now: number): MissRecord {
  return { count: (record?.count ?? 0) + 1, lastMissAt: now };
}

/** Whole seconds for a person to read ("Try again in 3 s"): rounded up, so waiting that long is always enough. */
export function secondsToWait(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** Anything that is not a well-formed record counts as none (the session area is ours alone; see session.ts). */
export function parseMissRecord(value: unknown): MissRecord | null {
  if (!value || typeof value !== 'object') return null;
  const { count, lastMissAt } = value as Partial<MissRecord>;
  if (typeof count !== 'number' || typeof lastMissAt !== 'number' || !Number.isFinite(count) || !Number.isFinite(lastMissAt) || count < 1) return null;
  return { count, lastMissAt };
}
