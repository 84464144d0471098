/** When the popup asks the background about the vault again (getStatus is passive: it is not "use"). */
import type { Status } from '../rpc/protocol';

/** How often the popup checks the vault state. */
export interface StatusPolling {
  /** Always, with the relative times ("Updated 2 minutes ago"). */
  idleMs: number;
  /** While an applicationKey is on screen, so a lock elsewhere hides it within seconds. */
  secretMs: number;
}

export const DEFAULT_STATUS_POLLING: StatusPolling = { idleMs: 30_000, secretMs: 5_000 };

/** A moment past the deadline, so the background's own check (now ≥ deadline) has certainly passed. */
export const AUTO_LOCK_GRACE_MS = 1000;

/** setTimeout's longest delay; a deadline further away is caught by the idle poll anyway. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * Milliseconds until the check just after the auto-lock deadline, or null when there is none to wait for
 * (locked, or only the browser closing locks). A deadline already past means: check now.
 */
export function autoLockCheckDelay(status: Pick<Status, 'vault' | 'autoLockAt'>, now: number): number | null {
  if (status.vault !== 'unlocked' || status.autoLockAt === null) return null;
  return Math.min(Math.max(0, status.autoLockAt + AUTO_LOCK_GRACE_MS - now), MAX_TIMEOUT_MS);
}
