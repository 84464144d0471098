import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../common/digest';
import { keyedDigest } from '../offscreen/clipboard-dom';
import {
  alarmTime,
  isDigest,
  MAX_FAILED_CHECKS,
  nextStep,
  parseStoredClear,
  pendingAfterCopy,
  CLOCK_BACK_SLACK_MS,
  RETRY_AFTER_MS,
  isLaterStoredClear,
  type StoredClear,
} from './clipboard-schedule';

const D = 'a'.repeat(64);
const K = 'b'.repeat(64);
const T = Date.UTC(2026, 10, 30, 10);
const stored = (clearAt: number | null, retryAt: number | null = null, copiedAt: number | null = null): StoredClear => ({ v: 1, key: K, mac: D, clearAt, copiedAt, failures: 0, retryAt });

describe('clipboard clear schedule', () => {
  it('a copy is cleared after the setting; absent means the 1 minute default; null only on lock', () => {
    expect(pendingAfterCopy(D, 30, T)).toEqual({ digest: D, clearAt: T + 30_000, copiedAt: T });
    expect(pendingAfterCopy(D, undefined, T)).toEqual({ digest: D, clearAt: T + 60_000, copiedAt: T });
    expect(pendingAfterCopy(D, null, T)).toEqual({ digest: D, clearAt: null, copiedAt: T });
  });

  it('a clock set back since the copy clears it: the time since the copy is unknown', () => {
    const HOUR = 3_600_000;
    // The timer fires 61 s after the copy, with the wall clock an hour behind.
    expect(nextStep(stored(T + 60_000, null, T), T - HOUR + 61_000, 'timer')).toEqual({ kind: 'clear' });
    expect(nextStep(stored(T + 60_000, null, T), T - CLOCK_BACK_SLACK_MS - 1, 'timer')).toEqual({ kind: 'clear' });
    expect(nextStep(stored(T + 60_000, null, T), T - CLOCK_BACK_SLACK_MS, 'timer')).toEqual({ kind: 'wait', ms: 60_000 + CLOCK_BACK_SLACK_MS });
    // A record written before the copy's time was kept has only its deadline.
    expect(nextStep(stored(T + 60_000, null, null), T - HOUR, 'timer')).toEqual({ kind: 'wait', ms: HOUR + 60_000 });
    // "Never": only a lock clears it, whatever the clock does.
    expect(nextStep(stored(null, null, T), T + HOUR, 'timer')).toEqual({ kind: 'none' });
    // A retry's wait longer than any retry's is a clock set back since the failed check: tried now.
    const failedAt = T + 60_000;
    expect(nextStep(stored(T + 60_000, failedAt + RETRY_AFTER_MS, T), failedAt + 1_000, 'timer')).toEqual({ kind: 'wait', ms: RETRY_AFTER_MS - 1_000 });
    expect(nextStep(stored(T + 60_000, failedAt + RETRY_AFTER_MS, T), failedAt - 30 * 60_000, 'timer')).toEqual({ kind: 'clear' });
    expect(nextStep(stored(T + 60_000, failedAt + RETRY_AFTER_MS, T), failedAt - CLOCK_BACK_SLACK_MS, 'timer')).toEqual({ kind: 'wait', ms: RETRY_AFTER_MS + CLOCK_BACK_SLACK_MS });
  });

  it('a timer or alarm clears only once the time has come; early ones wait for the rest', () => {
    const p = stored(T + 60_000);
    expect(nextStep(p, T, 'timer')).toEqual({ kind: 'wait', ms: 60_000 });
    expect(nextStep(p, T + 59_999, 'timer')).toEqual({ kind: 'wait', ms: 1 });
    expect(nextStep(p, T + 60_000, 'timer')).toEqual({ kind: 'clear' });
    // A worker that was stopped for longer than the wait clears as soon as it starts.
    expect(nextStep(p, T + 3_600_000, 'timer')).toEqual({ kind: 'clear' });
  });

  it('a lock clears whatever is pending at once, also with "never"; nothing pending means nothing to do', () => {
    expect(nextStep(stored(T + 60_000), T, 'lock')).toEqual({ kind: 'clear' });
    expect(nextStep(stored(null), T, 'lock')).toEqual({ kind: 'clear' });
    expect(nextStep(stored(null), T, 'timer')).toEqual({ kind: 'none' });
    expect(nextStep(null, T, 'lock')).toEqual({ kind: 'none' });
    expect(nextStep(null, T, 'timer')).toEqual({ kind: 'none' });
    expect(nextStep(null, T, 'timer', false)).toEqual({ kind: 'none' });
  });

  it('with the vault locked since the copy (a browser start), a timer clears at once, also before the time or with "never"', () => {
    expect(nextStep(stored(T + 60_000), T, 'timer', false)).toEqual({ kind: 'clear' });
    expect(nextStep(stored(null), T, 'timer', false)).toEqual({ kind: 'clear' });
  });

  it('after a failed check a timer waits out the pause, locked or not; a lock does not wait', () => {
    const failed = stored(T - 1_000, T + 60_000);
    expect(nextStep(failed, T, 'timer')).toEqual({ kind: 'wait', ms: 60_000 });
    expect(nextStep(failed, T, 'timer', false)).toEqual({ kind: 'wait', ms: 60_000 });
    expect(nextStep(failed, T + 60_000, 'timer')).toEqual({ kind: 'clear' });
    expect(nextStep(failed, T, 'lock')).toEqual({ kind: 'clear' });
    // "Never" and unlocked: only the next lock (or a start after the browser closed) tries again.
    expect(nextStep(stored(null, T - 1), T, 'timer')).toEqual({ kind: 'none' });
    expect(nextStep(stored(null, T - 1), T, 'timer', false)).toEqual({ kind: 'clear' });
    expect(MAX_FAILED_CHECKS).toBeGreaterThan(1);
  });

  it('the backstop alarm is never sooner than Chrome’s 30 s minimum', () => {
    expect(alarmTime(T + 60_000, T)).toBe(T + 60_000);
    expect(alarmTime(T + 2_000, T)).toBe(T + 30_000);
    expect(alarmTime(T - 5_000, T)).toBe(T + 30_000);
  });

  it('reads back only well-formed records, and only their fields', () => {
    expect(parseStoredClear({ key: K, mac: D, clearAt: 5, failures: 0, retryAt: null })).toEqual(stored(5));
    expect(parseStoredClear({ key: K, mac: D, clearAt: null, failures: 2, retryAt: 9, extra: 'x' })).toEqual({ ...stored(null, 9), failures: 2 });
    const good = { key: K, mac: D, clearAt: 5, failures: 0, retryAt: null };
    for (const bad of [
      null,
      'x',
      { ...good, key: 'A'.repeat(64) },
      { ...good, mac: D.slice(1) },
      { ...good, clearAt: '5' },
      { ...good, clearAt: Infinity },
      { ...good, retryAt: undefined },
      { ...good, failures: -1 },
      { ...good, failures: 1.5 },
      { key: K, mac: D, clearAt: 5 },
      // The plain digest the session kept before: no key, so not a record.
      { digest: D, clearAt: 5 },
      { ...good, v: 2 },
      { ...good, v: '1' },
    ]) {
      expect(parseStoredClear(bad)).toBeNull();
    }
    // Records written before the version field read as version 1.
    expect(parseStoredClear({ ...good, v: 1 })).toEqual(stored(5));
  });

  it('tells a later version’s record (left for it) from a damaged one (dropped)', () => {
    for (const later of [{ v: 2 }, { v: 7, anything: true }]) expect(isLaterStoredClear(later)).toBe(true);
    for (const damaged of [null, 'x', {}, { v: 1 }, { v: 0 }, { v: 1.5 }, { v: '2' }]) expect(isLaterStoredClear(damaged)).toBe(false);
  });

  it('the digest is SHA-256 hex of the exact text (a snippet and the bare key differ)', async () => {
    const digest = await sha256Hex('abc');
    expect(digest).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(isDigest(digest)).toBe(true);
    expect(await sha256Hex('K005secret')).not.toBe(await sha256Hex('export B2_APPLICATION_KEY=K005secret\n'));
  });

  it('the stored mac is HMAC-SHA-256 of that hex under the key’s bytes: not the digest, and another key gives another mac', async () => {
    const digest = await sha256Hex('K005secret');
    const mac = await keyedDigest(K, digest);
    // Node: createHmac('sha256', Buffer.from(K, 'hex')).update(digest).digest('hex')
    expect(mac).toBe('99d506c1cb455a12c6115dcd530ba98148bb6db9864a1027745b2866bd0a099a');
    expect(mac).not.toBe(digest);
    expect(await keyedDigest('c'.repeat(64), digest)).not.toBe(mac);
  });
});
