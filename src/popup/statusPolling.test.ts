import { describe, expect, it } from 'vitest';
import { AUTO_LOCK_GRACE_MS, DEFAULT_STATUS_POLLING, autoLockCheckDelay } from './statusPolling';

describe('autoLockCheckDelay', () => {
  const now = 1_700_000_000_000;

  it('checks just after the deadline', () => {
    expect(autoLockCheckDelay({ vault: 'unlocked', autoLockAt: now + 60_000 }, now)).toBe(60_000 + AUTO_LOCK_GRACE_MS);
  });

  it('checks at once when the deadline has passed (a sleeping computer, a missed timer)', () => {
    expect(autoLockCheckDelay({ vault: 'unlocked', autoLockAt: now - 5 * 60_000 }, now)).toBe(0);
  });

  it('waits for nothing when locked or when only closing the browser locks', () => {
    expect(autoLockCheckDelay({ vault: 'locked', autoLockAt: null }, now)).toBeNull();
    expect(autoLockCheckDelay({ vault: 'locked', autoLockAt: now + 1000 }, now)).toBeNull();
    expect(autoLockCheckDelay({ vault: 'unlocked', autoLockAt: null }, now)).toBeNull();
  });

  it('stays within what setTimeout accepts', () => {
    expect(autoLockCheckDelay({ vault: 'unlocked', autoLockAt: now + 40 * 86_400_000 }, now)).toBe(2_147_483_647);
  });
});

describe('DEFAULT_STATUS_POLLING', () => {
  it('checks often while a secret is on screen, and at least every 30 s otherwise', () => {
    expect(DEFAULT_STATUS_POLLING.secretMs).toBeLessThanOrEqual(5_000);
    expect(DEFAULT_STATUS_POLLING.idleMs).toBeLessThanOrEqual(30_000);
  });
});
