import { describe, expect, it, vi } from 'vitest';
import { LocalStore, MemoryArea, type CachedKey } from '../storage';
import { KeyCache } from '../storage/key-cache';
import { DAY_MS, filterAndSort, isDefaultView, matchesFilter, type FilterFacts } from './key-filter';
import { KeyWindows } from './key-window';

const NOW = Date.UTC(2026, 10, 30, 12);
const ACC = 'acc';
const key = (name: string, id: string, exp: number | null): CachedKey => ({
  accountId: ACC,
  applicationKeyId: id,
  keyName: name,
  capabilities: ['readFiles'],
  bucketIds: null,
  namePrefix: null,
  expirationTimestamp: exp,
  options: [],
});

function facts(over: Partial<FilterFacts> = {}): FilterFacts {
  return { now: NOW, warningMs: 7 * DAY_MS, saved: new Set(['s1', 's2']), lost: new Set(['l1', 's2']), managingKeyId: 'm', savedAt: new Map([['s1', 5], ['s2', 9]]), ...over };
}

// In name order, as the cache holds them.
const keys = [
  key('a-expired', 'e1', NOW - 1),
  key('b-soon', 's1', NOW + 2 * DAY_MS),
  key('c-later', 'x1', NOW + 30 * DAY_MS),
  key('d-lost', 'l1', null),
  key('e-never', 's2', null),
  key('f-managing', 'm', null),
  key('g-edge', 'x2', NOW + 7 * DAY_MS),
];
const rows = keys.map((k) => [k.applicationKeyId, k.keyName, k.capabilities, k.bucketIds, k.namePrefix, k.expirationTimestamp, k.options] as [string, string, string[], null, null, number | null, string[]]);
const names = (pos: number[]) => pos.map((i) => rows[i]![1]);

describe('filterAndSort', () => {
  it('each filter keeps exactly its keys', () => {
    expect(names(filterAndSort(rows, null, 'all', 'name', facts()))).toEqual(keys.map((k) => k.keyName));
    expect(names(filterAndSort(rows, null, 'expired', 'name', facts()))).toEqual(['a-expired']);
    // Exactly 7 days left is no longer "within 7 days"; one millisecond less is.
    expect(names(filterAndSort(rows, null, 'soon', 'name', facts()))).toEqual(['b-soon']);
    expect(names(filterAndSort(rows, null, 'soon', 'name', facts({ now: NOW + 1 })))).toEqual(['b-soon', 'g-edge']);
    // The managing key's secret is saved with the account; a lost flag on a key whose secret was saved since does not count.
    expect(names(filterAndSort(rows, null, 'noSecret', 'name', facts()))).toEqual(['a-expired', 'c-later', 'd-lost', 'g-edge']);
    expect(names(filterAndSort(rows, null, 'lost', 'name', facts()))).toEqual(['d-lost']);
  });

  it('sorts by expiry (never last) and by created (newest first, unknown last), ties in name order', () => {
    expect(names(filterAndSort(rows, null, 'all', 'expiry', facts()))).toEqual(['a-expired', 'b-soon', 'g-edge', 'c-later', 'd-lost', 'e-never', 'f-managing']);
    expect(names(filterAndSort(rows, null, 'all', 'created', facts()))).toEqual(['e-never', 'b-soon', 'a-expired', 'c-later', 'd-lost', 'f-managing', 'g-edge']);
  });

  it('narrows a search’s matches only', () => {
    expect(names(filterAndSort(rows, [1, 2, 3], 'all', 'expiry', facts()))).toEqual(['b-soon', 'c-later', 'd-lost']);
  });
});

describe('filter edges', () => {
  it('only "all" by name is the default view', () => {
    expect(isDefaultView('all', 'name')).toBe(true);
    expect(isDefaultView('all', 'expiry')).toBe(false);
    expect(isDefaultView('soon', 'name')).toBe(false);
  });

  it('a key expiring at this very millisecond is expired, not expiring soon', () => {
    const at = rows[0]![5]!;
    expect(matchesFilter(rows[0]!, 'expired', facts({ now: at }))).toBe(true);
    expect(matchesFilter(rows[0]!, 'soon', facts({ now: at }))).toBe(false);
    expect(matchesFilter(rows[0]!, 'soon', facts({ now: at - 1 }))).toBe(true);
    expect(matchesFilter(rows[0]!, 'expired', facts({ now: at - 1 }))).toBe(false);
  });

  it('a lost flag on the managing key does not count (its secret is saved with the account)', () => {
    expect(matchesFilter(rows[5]!, 'lost', facts({ lost: new Set(['m']) }))).toBe(false);
    expect(matchesFilter(rows[3]!, 'lost', facts())).toBe(true);
  });

  it('ties keep name order whatever the sort, also with every key tied', () => {
    const allNever = rows.map((r) => [r[0], r[1], r[2], r[3], r[4], null, r[6]] as (typeof rows)[number]);
    expect(names(filterAndSort(allNever, null, 'all', 'expiry', facts()))).toEqual(keys.map((k) => k.keyName));
    expect(names(filterAndSort(rows, null, 'all', 'created', facts({ savedAt: new Map() })))).toEqual(keys.map((k) => k.keyName));
    const same = new Map(keys.map((k) => [k.applicationKeyId, 7]));
    expect(names(filterAndSort(rows, null, 'all', 'created', facts({ savedAt: same })))).toEqual(keys.map((k) => k.keyName));
    const reversed = new Map(keys.map((k, i) => [k.applicationKeyId, i]));
    expect(names(filterAndSort(rows, null, 'all', 'created', facts({ savedAt: reversed })))).toEqual(keys.map((k) => k.keyName).reverse());
  });

  it('hands the sort a consistent comparison: sooner before later, later after sooner, "never" tied with "never"', () => {
    // ECMAScript leaves the order to the engine when the comparison is not consistent; V8 only asks "below zero?".
    const sort = vi.spyOn(Array.prototype, 'sort');
    let cmp: (a: number, b: number) => number;
    try {
      filterAndSort(rows, null, 'all', 'expiry', facts());
      cmp = sort.mock.calls.at(-1)![0] as (a: number, b: number) => number;
    } finally {
      sort.mockRestore();
    }
    // 0 expired, 1 soon, 3 and 4 never expire.
    expect([cmp(0, 1), cmp(1, 0), cmp(3, 4), cmp(4, 3), cmp(3, 0), cmp(0, 3), cmp(1, 1)].map(Math.sign)).toEqual([-1, 1, 0, 0, 1, -1, 0]);
  });

  it('with candidates, only those are considered, in the sort order', () => {
    expect(names(filterAndSort(rows, [6, 0], 'all', 'name', facts()))).toEqual(['g-edge', 'a-expired']);
    expect(names(filterAndSort(rows, [], 'all', 'name', facts()))).toEqual([]);
  });
});

describe('KeyWindows with a filter and sort at 100,000 keys', () => {
  it('windows the filtered, sorted positions and counts them without sending the list', async () => {
    const many: CachedKey[] = Array.from({ length: 100_000 }, (_, i) => key(`k-${String(i).padStart(6, '0')}`, `id${i}`, i % 1000 === 0 ? NOW + (100_000 - i) * 60_000 : i % 777 === 0 ? NOW - i : null));
    const store = new LocalStore(new MemoryArea());
    const cache = new KeyCache(store);
    await store.write((tx) => cache.replaceAll(tx, ACC, many, { fetchedAt: 1, lastError: null, buckets: [] }));
    const windows = new KeyWindows(cache);
    const f = facts({ saved: new Set(), lost: new Set(), savedAt: new Map() });
    const soon = await windows.window(ACC, { offset: 0, limit: 5, query: '', filter: 'soon', sort: 'expiry', facts: f, factsSig: '1' });
    // 100 keys expire within 100,000 minutes (69 days) of now; within 7 days: i*60000 ≥ (100000 - 7*1440)*... count it directly.
    const expected = many.filter((k) => k.expirationTimestamp !== null && k.expirationTimestamp > NOW && k.expirationTimestamp - NOW < 7 * DAY_MS);
    expect(soon.total).toBe(expected.length);
    expect(soon.total).toBeGreaterThan(5);
    expect(soon.rows).toHaveLength(5);
    // Soonest first: the highest i expires first.
    expect(soon.rows.map((r) => r.keyName)).toEqual(expected.sort((a, b) => a.expirationTimestamp! - b.expirationTimestamp!).slice(0, 5).map((k) => k.keyName));
    const expired = await windows.window(ACC, { offset: 10, limit: 3, query: '', filter: 'expired', sort: 'name', facts: f, factsSig: '1' });
    expect(expired.total).toBe(many.filter((k) => k.expirationTimestamp !== null && k.expirationTimestamp <= NOW).length);
    expect(expired.rows).toHaveLength(3);
    expect(expired.totalAll).toBe(100_000);
    // 100,000 keys written and indexed: a loaded two-core machine needs more than the default 5 s.
  }, 30_000);
});
