/** Pure auto-lock rules, so they are tested without timers or browser APIs. */
import type { AutoLock } from '../rpc/protocol';

/** When the vault should lock given the last use, or null if only closing the browser locks it. */
export function autoLockDeadline(setting: AutoLock, lastActivity: number | null): number | null {
  if (setting.kind === 'browserClose' || lastActivity === null) return null;
  return lastActivity + setting.minutes * 60_000;
}

export function shouldAutoLock(setting: AutoLock, lastActivity: number | null, now: number): boolean {
  const deadline = autoLockDeadline(setting, lastActivity);
  return deadline !== null && now >= deadline;
}

