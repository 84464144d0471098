import { describe, expect, it } from 'vitest';
import { autoLockDeadline, shouldAutoLock } from './autolock';
import { CLOCK_STEP_SLACK_MS } from '../common/clock';

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
  it('a clock set back by more than a minute locks: the time the vault has been idle is unknown', () => {
    const used = 10 ** 12;
    expect(shouldAutoLock(fifteen, used, used - CLOCK_STEP_SLACK_MS)).toBe(false);
    expect(shouldAutoLock(fifteen, used, used - CLOCK_STEP_SLACK_MS - 1)).toBe(true);
    expect(shouldAutoLock(fifteen, used, used - 60 * 60_000 + 16 * 60_000)).toBe(true);
    expect(shouldAutoLock({ kind: 'browserClose' }, used, used - 60 * 60_000)).toBe(false);
  });
  it('no recorded activity means no deadline', () => {
    expect(shouldAutoLock(fifteen, null, 10 ** 13)).toBe(false);
  });
});
