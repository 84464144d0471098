import { describe, expect, it } from 'vitest';
import { addExpiry, badgeText, countExpiring, nextChange, removeExpiry, SOONEST_MAX, summarizeExpiries, type Soonest } from './expiry-summary';
import { LocalStore, MemoryArea, type CachedKey } from '.';
import { KeyCache } from './key-cache';

const DAY = 86_400_000;
const NOW = 1_000 * DAY;

/** The truth the summary must agree with: a count over every key. */
function bruteCount(exps: (number | null)[], now: number, warn: number) {
  const expired = exps.filter((e) => e !== null && e <= now).length;
  const soon = exps.filter((e) => e !== null && e > now && e - now < warn).length;
  return { expired, soon };
}

describe('expiry summary', () => {
  it('counts expired and soon keys, and says "or more" only when the list is full of counted keys', () => {
    const s = summarizeExpiries([NOW - 1, NOW + DAY, null, NOW + 10 * DAY]);
    expect(countExpiring(s, NOW, 7 * DAY)).toEqual({ expired: 1, soon: 1, atLeast: false });
    expect(badgeText(countExpiring(s, NOW, 7 * DAY)!)).toBe('2');
    // Time passes: the 10-day key crosses the threshold without any write.
    expect(countExpiring(s, NOW + 4 * DAY, 7 * DAY)).toEqual({ expired: 2, soon: 1, atLeast: false });
    const full = summarizeExpiries(Array.from({ length: SOONEST_MAX + 5 }, (_, i) => NOW - i));
    expect(badgeText(countExpiring(full, NOW, 7 * DAY)!)).toBe(`${SOONEST_MAX}+`);
    expect(badgeText(countExpiring(summarizeExpiries([null]), NOW, DAY)!)).toBe('');
  });

  it('stays equal to a full count through random creates and deletes', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const exps: (number | null)[] = [];
    let s: Soonest = summarizeExpiries([]);
    for (let step = 0; step < 3000; step++) {
      if (exps.length && rand() < 0.4) {
        const [gone] = exps.splice(Math.floor(rand() * exps.length), 1);
        s = removeExpiry(s, gone!);
      } else {
        const e = rand() < 0.3 ? null : NOW + Math.floor((rand() - 0.3) * 20) * DAY;
        exps.push(e);
        s = addExpiry(s, e);
      }
      const c = countExpiring(s, NOW, 7 * DAY);
      if (c === null) {
        s = summarizeExpiries(exps);
        continue;
      }
      const truth = bruteCount(exps, NOW, 7 * DAY);
      if (c.atLeast) expect(c.expired + c.soon).toBeLessThanOrEqual(truth.expired + truth.soon);
      else expect({ expired: c.expired, soon: c.soon }).toEqual(truth);
    }
  });

  it('names the next time the clock alone changes the badge', () => {
    const s = summarizeExpiries([NOW - 5, NOW + DAY, NOW + 9 * DAY]);
    // The 1-day key expires before the 9-day key turns "soon" (in 2 days).
    expect(nextChange(s, NOW, 7 * DAY)).toBe(NOW + DAY);
    expect(nextChange(summarizeExpiries([NOW - 5, NOW + 9 * DAY]), NOW, 7 * DAY)).toBe(NOW + 2 * DAY);
    expect(nextChange(summarizeExpiries([null]), NOW, 7 * DAY)).toBeNull();
  });

  it('is kept by the key cache through refresh, create and delete', async () => {
    const store = new LocalStore(new MemoryArea());
    const cache = new KeyCache(store);
    const key = (id: string, exp: number | null): CachedKey => ({ accountId: 'a', applicationKeyId: id, keyName: id, capabilities: [], bucketIds: null, namePrefix: null, expirationTimestamp: exp, options: [] });
    await store.write((tx) => cache.replaceAll(tx, 'a', [key('k1', NOW + DAY), key('k2', null)], { fetchedAt: 1, lastError: null, buckets: [] }));
    await store.write((tx) => cache.upsert(tx, 'a', key('k3', NOW - 1)));
    expect(countExpiring((await cache.meta('a')).soonest, NOW, 7 * DAY)).toEqual({ expired: 1, soon: 1, atLeast: false });
    await store.write((tx) => cache.remove(tx, 'a', 'k1'));
    expect(countExpiring((await cache.meta('a')).soonest, NOW, 7 * DAY)).toEqual({ expired: 1, soon: 0, atLeast: false });
    const gen = (await cache.meta('a')).gen;
    // A summary counted from an older generation is not stored over a newer list.
    await store.write((tx) => cache.setSoonest(tx, 'a', gen - 1, { ts: [], complete: true }));
    expect((await cache.meta('a')).soonest?.ts).toEqual([NOW - 1]);
  });
});

describe('expiry summary: edges', () => {
  it('a complete list grows to SOONEST_MAX and stays complete; one more drops the largest and is no longer complete', () => {
    const full = summarizeExpiries(Array.from({ length: SOONEST_MAX - 1 }, (_, i) => NOW + i));
    expect(addExpiry(full, NOW + 500)).toEqual({ ts: [...full.ts, NOW + 500], complete: true });
    const hundred = addExpiry(full, NOW + 500);
    expect(addExpiry(hundred, NOW - 1)).toEqual({ ts: [NOW - 1, ...full.ts], complete: false });
  });

  it('an incomplete list takes an expiry equal to its largest kept one, not a later one', () => {
    const s: Soonest = { ts: [NOW - 2, NOW - 1], complete: false };
    expect(addExpiry(s, NOW - 1)).toEqual({ ts: [NOW - 2, NOW - 1, NOW - 1], complete: false });
    expect(addExpiry(s, NOW)).toBe(s);
  });

  it('removing an expiry that is not kept changes nothing', () => {
    const s = summarizeExpiries([NOW, NOW + 1]);
    expect(removeExpiry(s, NOW + 5)).toEqual({ ts: [NOW, NOW + 1], complete: true });
  });

  it('an emptied incomplete list cannot count; a complete one whose keys are all counted is not "or more"', () => {
    expect(countExpiring({ ts: [], complete: false }, NOW, DAY)).toBeNull();
    expect(countExpiring(summarizeExpiries([NOW - 1, NOW + 1]), NOW, DAY)).toEqual({ expired: 1, soon: 1, atLeast: false });
    // Incomplete, but a kept key lies beyond the warning: every key left out is later still, so the count is exact.
    expect(countExpiring({ ts: [NOW - 1, NOW + 10 * DAY], complete: false }, NOW, DAY)).toEqual({ expired: 1, soon: 0, atLeast: false });
  });

  it('nextChange: the soonest of "turns soon" and "expires", in any order; a key expiring right now changes nothing more', () => {
    expect(nextChange(summarizeExpiries([NOW + 6 * DAY, NOW + 8 * DAY]), NOW, 7 * DAY)).toBe(NOW + DAY);
    expect(nextChange(summarizeExpiries([NOW]), NOW, 7 * DAY)).toBeNull();
  });
});
