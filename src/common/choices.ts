/**
 * The choices the options page offers and the defaults the background applies, in one place both may
 * import: pages reach the background only through the RPC table (src/rpc/protocol.ts), never by importing
 * its modules. Pure: no browser APIs.
 */

/** Auto-lock after this many minutes without use; 'browserClose' is offered beside them. */
export const AUTO_LOCK_CHOICES = [1, 5, 15, 30, 60, 240, 480] as const;

/** Clear a copied applicationKey after this many seconds; null ("Never") still clears on lock. */
export const CLIPBOARD_CLEAR_CHOICES = [30, 60, 120] as const;
export const DEFAULT_CLIPBOARD_CLEAR_SECONDS = 60;
export const MAX_CLEAR_SECONDS = 3600;

/** The clipboard setting as stored; absent (settings saved before it existed) means the default. */
export function clearSeconds(setting: number | null | undefined): number | null {
  return setting === undefined ? DEFAULT_CLIPBOARD_CLEAR_SECONDS : setting;
}

export function clearChoiceLabel(seconds: number | null): string {
  if (seconds === null) return 'Never (only when the vault locks)';
  if (seconds % 60 === 0) return `After ${seconds / 60} ${seconds === 60 ? 'minute' : 'minutes'}`;
  return `After ${seconds} seconds`;
}

/** The clipboard <select>: its options, the current value, and back to the setting. */
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

// "Refresh the key list when the popup opens": its own module (issue 9 owns it), offered from here too.
export { REFRESH_CHOICES, parseRefreshChoice, refreshChoiceValue } from './refresh-choices';
