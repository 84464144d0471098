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

describe('throttle edges', () => {
  it('a count that is not a finite number asks for no wait (a damaged record must not lock anyone out)', () => {
    expect(delayAfterMisses(NaN)).toBe(0);
    expect(delayAfterMisses(Infinity)).toBe(0);
  });

  it('the first miss counts one, whatever came before', () => {
    expect(afterMiss(null, 7)).toEqual({ count: 1, lastMissAt: 7 });
    expect(afterMiss({ count: 9, lastMissAt: 1 }, 8)).toEqual({ count: 10, lastMissAt: 8 });
  });

  it('a wait of nothing or less still shows one second', () => {
    expect(secondsToWait(0)).toBe(1);
    expect(secondsToWait(-5000)).toBe(1);
  });

  it('reads a record of one miss, and refuses non-objects and infinite times', () => {
    expect(parseMissRecord({ count: 1, lastMissAt: 0 })).toEqual({ count: 1, lastMissAt: 0 });
    expect(parseMissRecord(Object.assign(() => 0, { count: 3, lastMissAt: 5 }))).toBeNull();
    expect(parseMissRecord({ count: 3, lastMissAt: Infinity })).toBeNull();
    expect(parseMissRecord({ count: 3, lastMissAt: '5' })).toBeNull();
    expect(parseMissRecord({ count: Infinity, lastMissAt: 5 })).toBeNull();
    expect(parseMissRecord(0)).toBeNull();
  });
});
