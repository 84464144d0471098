/** Time and size wording shared by the pages. Pure, so the wording is unit-tested. */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** Under this much time left a key's expiry is shown as a warning. */
export const EXPIRY_WARNING_MS = 7 * DAY;

export function plural(n: number, unit: string): string {
  return `${formatCount(n)} ${unit}${n === 1 ? '' : 's'}`;
}

/**
 * "3 days", "5 hours", "1 minute": the largest whole unit, rounded down so a key never looks safer than it
 * is, except within 1% of the next whole unit, so a 3-day key created a second ago says 3 days, not 2.
 */
export function formatSpan(ms: number): string {
  const whole = (unit: number) => Math.floor(ms / unit + 0.01);
  if (whole(DAY) >= 1) return plural(whole(DAY), 'day');
  if (whole(HOUR) >= 1) return plural(whole(HOUR), 'hour');
  if (whole(MINUTE) >= 1) return plural(whole(MINUTE), 'minute');
  return 'less than a minute';
}

/** "just now", "5 minutes ago", for the last-updated line. */
export function formatAgo(then: number, now: number): string {
  const ms = now - then;
  if (ms < MINUTE) return 'just now';
  return `${formatSpan(ms)} ago`;
}

export type ExpiryLevel = 'never' | 'ok' | 'soon' | 'expired';

export interface Expiry {
  level: ExpiryLevel;
  /** "in 3 days", "expired", or null for a key that never expires. */
  relative: string | null;
  /** A short phrase for a list row: "Expires in 3 days", "Expired", "No expiry". */
  label: string;
}

export function describeExpiry(expirationTimestamp: number | null, now: number, warningMs: number = EXPIRY_WARNING_MS): Expiry {
  if (expirationTimestamp === null) return { level: 'never', relative: null, label: 'No expiry' };
  const left = expirationTimestamp - now;
  if (left <= 0) return { level: 'expired', relative: 'expired', label: 'Expired' };
  const relative = `in ${formatSpan(left)}`;
  return { level: left < warningMs ? 'soon' : 'ok', relative, label: `Expires ${relative}` };
}

/** An absolute date and time in the person's own locale, for details views. */
export function formatDateTime(ts: number): string {
  return new Date(ts).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * One formatter, made on first use: `toLocaleString` builds a new one on every call, which took about 0.1 ms each
 * in Chromium 156, and the popup formats counts and expiry times on every search keystroke.
 */
let counts: Intl.NumberFormat | undefined;

export function formatCount(n: number): string {
  return (counts ??= new Intl.NumberFormat('en-US')).format(n);
}
