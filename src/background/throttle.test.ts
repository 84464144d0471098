import { describe, expect, it } from 'vitest';
import { afterMiss, delayAfterMisses, parseMissRecord, secondsToWait, waitFor, type MissRecord } from './throttle';

describe('delay after wrong passphrases', () => {
  it('five misses are free, then 1 s doubling per miss, capped at 30 s', () => {
    expect([0, 1, 2, 3, 4].map(delayAfterMisses)).toEqual([0, 0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9, 10, 11, 50, 5000].map(delayAfterMisses)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]);
  });

  it('the 6th try needs 1 s after the 5th miss; the 7th needs 2 s after the 6th', () => {
    let r: MissRecord | null = null;
    for (let i = 0; i < 5; i++) {
      expect(waitFor(r, 10_000 + i)).toBe(0);
      r = afterMiss(r, 10_000 + i);
    }
    expect(r).toEqual({ count: 5, lastMissAt: 10_004 });
    expect(waitFor(r, 10_004)).toBe(1000);
    expect(waitFor(r, 11_003)).toBe(1);
    expect(waitFor(r, 11_004)).toBe(0);
    r = afterMiss(r, 11_004);
    expect(waitFor(r, 11_004)).toBe(2000);
    expect(waitFor(r, 13_004)).toBe(0);
  });

  it('a clock set back never makes the wait longer than the delay itself', () => {
    const r: MissRecord = { count: 6, lastMissAt: 1_000_000 };
    expect(waitFor(r, 0)).toBe(2000);
  });

  it('seconds shown are rounded up and never 0', () => {
    expect([1, 999, 1000, 1001, 29_999].map(secondsToWait)).toEqual([1, 1, 1, 2, 30]);
  });

  it('reads only a well-formed record', () => {
    expect(parseMissRecord({ count: 3, lastMissAt: 5 })).toEqual({ count: 3, lastMissAt: 5 });
    for (const bad of [undefined, null, 'x', { count: '3', lastMissAt: 5 }, { count: 3 }, { count: 0, lastMissAt: 1 }, { count: NaN, lastMissAt: 1 }]) {
      expect(parseMissRecord(bad)).toBeNull();
    }
  });
});
