import { describe, expect, it } from 'vitest';
import { autoLockDeadline, shouldAutoLock } from './autolock';

describe('auto-lock', () => {
  const fifteen = { kind: 'minutes', minutes: 15 } as const;
  it('locks once the minutes since the last use have passed', () => {
    expect(autoLockDeadline(fifteen, 1000)).toBe(1000 + 15 * 60_000);
    expect(shouldAutoLock(fifteen, 0, 15 * 60_000 - 1)).toBe(false);
    expect(shouldAutoLock(fifteen, 0, 15 * 60_000)).toBe(true);
  });
  it('"when the browser closes" never locks on a timer', () => {
    expect(shouldAutoLock({ kind: 'browserClose' }, 0, Number.MAX_SAFE_INTEGER)).toBe(false);
    expect(autoLockDeadline({ kind: 'browserClose' }, 0)).toBeNull();
  });
  it('no recorded activity means no deadline', () => {
    expect(shouldAutoLock(fifteen, null, 10 ** 13)).toBe(false);
  });
});
