/** Pure auto-lock rules, so they are tested without timers or browser APIs. */
import type { AutoLock } from '../rpc/protocol';
import { clockSetBackSince } from '../common/clock';

/** When the vault should lock given the last use, or null if only closing the browser locks it. */
export function autoLockDeadline(setting: AutoLock, lastActivity: number | null): number | null {
  if (setting.kind === 'browserClose' || lastActivity === null) return null;
  return lastActivity + setting.minutes * 60_000;
}

export function shouldAutoLock(setting: AutoLock, lastActivity: number | null, now: number): boolean {
  const deadline = autoLockDeadline(setting, lastActivity);
  if (deadline === null) return false;
  // A clock set back leaves the last use in the future, and waiting for the deadline would keep an idle vault open
  // for the setting plus the step; how long it has been idle is unknown, so it locks.
  return now >= deadline || clockSetBackSince(lastActivity!, now);
}

