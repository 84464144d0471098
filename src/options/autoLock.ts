/** The auto-lock <select>: its option values and words, and back to the setting. Pure. */
import { AUTO_LOCK_CHOICES } from '../common/choices';
import type { AutoLock } from '../rpc/protocol';

export const BROWSER_CLOSE = 'browserClose';

export function minutesLabel(minutes: number): string {
  if (minutes % 60 === 0) {
    const h = minutes / 60;
    return `After ${h} ${h === 1 ? 'hour' : 'hours'}`;
  }
  return `After ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}

export function autoLockOptions(current: AutoLock): { value: string; label: string }[] {
  const minutes: number[] = [...AUTO_LOCK_CHOICES];
  // A value set elsewhere (an older version, a sync) is still shown rather than silently replaced.
  if (current.kind === 'minutes' && !minutes.includes(current.minutes)) minutes.push(current.minutes);
  minutes.sort((a, b) => a - b);
  return [...minutes.map((m) => ({ value: String(m), label: `${minutesLabel(m)} without use` })), { value: BROWSER_CLOSE, label: 'When the browser closes' }];
}

export function autoLockValue(setting: AutoLock): string {
  return setting.kind === 'browserClose' ? BROWSER_CLOSE : String(setting.minutes);
}

export function parseAutoLock(value: string): AutoLock | null {
  if (value === BROWSER_CLOSE) return { kind: 'browserClose' };
  const minutes = Number(value);
  return Number.isInteger(minutes) && minutes >= 1 && minutes <= 24 * 60 ? { kind: 'minutes', minutes } : null;
}
