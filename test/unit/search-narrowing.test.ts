/**
 * The popup's narrowing of a search (src/popup/windowCache.ts) against the background's search over the whole
 * list (src/background/key-search.ts): the rows the popup shows early must be the background's top rows.
 * Here, not beside either module, because it imports both contexts.
 */
import { describe, expect, it } from 'vitest';
import { KeySearch } from '../../src/background/key-search';
import type { KeyView } from '../../src/rpc/protocol';
import { testKeyView } from '../../src/popup/test-support';
import { narrowed, PAGE_SIZE, WindowCache } from '../../src/popup/windowCache';

const view = (i: number): KeyView => testKeyView({ applicationKeyId: `id${i}`, keyName: `k${i}` });

describe('narrowed (the popup narrows a search from the rows it has)', () => {
  const names = new Map([['b1', 'photos'], ['b2', 'backups']]);
  const key = (i: number): KeyView => ({
    ...view(i),
    keyName: `host-${(i * 37) % 1000}`,
    capabilities: i % 3 === 0 ? ['readFiles'] : ['readFiles', 'writeFiles'],
    bucketIds: i % 4 === 0 ? null : [i % 2 ? 'b1' : 'b2'],
  });
  const all = Array.from({ length: 400 }, (_, i) => key(i));
  /** What the background answers: every row matching, in list order (KeySearch over the whole list). */
  const answer = (query: string) => {
    const rowsOf = all.map((k) => [k.applicationKeyId, k.keyName, k.capabilities, k.bucketIds, k.namePrefix] as const);
    const search = new KeySearch(rowsOf as never, names);
    const hits = search.match(query);
    return (hits ? Array.from(hits) : all.map((_, i) => i)).map((i) => all[i]!.applicationKeyId);
  };
  const holding = (query: string, loaded: number) => {
    const ids = answer(query);
    const c = new WindowCache(query, ids.length);
    c.put(0, ids.slice(0, loaded).map((id) => all.find((k) => k.applicationKeyId === id)!));
    return c;
  };

  it('gives the top rows of the new search, in the background’s order, marked provisional while rows of the old search are missing', () => {
    for (const [from, to] of [['', 'host-1'], ['host', 'host-2'], ['host-1', 'host-1 photos'], ['read', 'read write'], ['', 'photos']] as const) {
      const quick = narrowed(holding(from, PAGE_SIZE), to, names)!;
      const truth = answer(to);
      expect(quick.prefix().map((k) => k.applicationKeyId)).toEqual(truth.slice(0, quick.total));
      expect(quick.provisional).toBe(answer(from).length > PAGE_SIZE);
      if (!quick.provisional) expect(quick.total).toBe(truth.length);
    }
  });

  it('is exact (not provisional) when every row of the old search is here', () => {
    const quick = narrowed(holding('host-1', 1000), 'host-12', names)!;
    expect(quick.provisional).toBe(false);
    expect(quick.total).toBe(answer('host-12').length);
  });

  it('says nothing when the words do not narrow, or nothing here matches but more rows may', () => {
    expect(narrowed(holding('host-1', PAGE_SIZE), 'host-2', names)).toBeNull();
    expect(narrowed(holding('host-1', PAGE_SIZE), '', names)).toBeNull();
    expect(narrowed(holding('', PAGE_SIZE), 'no such thing', names)).toBeNull();
  });
});
