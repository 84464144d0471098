import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../common/digest';
import {
  alarmTime,
  isDigest,
  nextStep,
  parsePending,
  pendingAfterCopy,
  type PendingClear,
} from './clipboard-schedule';

const D = 'a'.repeat(64);
const T = Date.UTC(2026, 10, 30, 10);

describe('clipboard clear schedule', () => {
  it('a copy is cleared after the setting; absent means the 1 minute default; null only on lock', () => {
    expect(pendingAfterCopy(D, 30, T)).toEqual({ digest: D, clearAt: T + 30_000 });
    expect(pendingAfterCopy(D, undefined, T)).toEqual({ digest: D, clearAt: T + 60_000 });
    expect(pendingAfterCopy(D, null, T)).toEqual({ digest: D, clearAt: null });
  });

  it('a timer or alarm clears only once the time has come; early ones wait for the rest', () => {
    const p: PendingClear = { digest: D, clearAt: T + 60_000 };
    expect(nextStep(p, T, 'timer')).toEqual({ kind: 'wait', ms: 60_000 });
    expect(nextStep(p, T + 59_999, 'timer')).toEqual({ kind: 'wait', ms: 1 });
    expect(nextStep(p, T + 60_000, 'timer')).toEqual({ kind: 'clear' });
    // A worker that was stopped for longer than the wait clears as soon as it starts.
    expect(nextStep(p, T + 3_600_000, 'timer')).toEqual({ kind: 'clear' });
  });

  it('a lock clears whatever is pending at once, also with "never"; nothing pending means nothing to do', () => {
    expect(nextStep({ digest: D, clearAt: T + 60_000 }, T, 'lock')).toEqual({ kind: 'clear' });
    expect(nextStep({ digest: D, clearAt: null }, T, 'lock')).toEqual({ kind: 'clear' });
    expect(nextStep({ digest: D, clearAt: null }, T, 'timer')).toEqual({ kind: 'none' });
    expect(nextStep(null, T, 'lock')).toEqual({ kind: 'none' });
    expect(nextStep(null, T, 'timer')).toEqual({ kind: 'none' });
  });

  it('the backstop alarm is never sooner than Chrome’s 30 s minimum', () => {
    expect(alarmTime(T + 60_000, T)).toBe(T + 60_000);
    expect(alarmTime(T + 2_000, T)).toBe(T + 30_000);
    expect(alarmTime(T - 5_000, T)).toBe(T + 30_000);
  });

  it('reads back only well-formed records', () => {
    expect(parsePending({ digest: D, clearAt: 5 })).toEqual({ digest: D, clearAt: 5 });
    expect(parsePending({ digest: D, clearAt: null })).toEqual({ digest: D, clearAt: null });
    for (const bad of [null, 'x', { digest: 'A'.repeat(64), clearAt: 5 }, { digest: D }, { digest: D, clearAt: '5' }, { digest: D.slice(1), clearAt: 5 }, { digest: D, clearAt: Infinity }]) {
      expect(parsePending(bad)).toBeNull();
    }
  });

  it('the digest is SHA-256 hex of the exact text (a snippet and the bare key differ)', async () => {
    const digest = await sha256Hex('abc');
    expect(digest).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(isDigest(digest)).toBe(true);
    expect(await sha256Hex('K005secret')).not.toBe(await sha256Hex('export B2_APPLICATION_KEY=K005secret\n'));
  });
});
