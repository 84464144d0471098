import { describe, expect, it } from 'vitest';
import type { KeyView } from '../rpc/protocol';
import { testKeyView } from './test-support';
import { narrowed, PAGE_SIZE, WindowCache } from './windowCache';

const view = (i: number): KeyView => testKeyView({ applicationKeyId: `id${i}`, keyName: `k${i}` });
const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => view(from + i));

describe('WindowCache', () => {
  it('asks once for each missing page of a range, never past the total', () => {
    const c = new WindowCache('', PAGE_SIZE * 3 + 5);
    expect(c.take(0, 20)).toEqual([0]);
    expect(c.take(0, 20)).toEqual([]);
    expect(c.take(40, PAGE_SIZE * 10)).toEqual([1, 2, 3]);
    c.release(2);
    expect(c.take(0, PAGE_SIZE * 10)).toEqual([2]);
  });

  it('stores a reply of several pages, and serves rows by list position', () => {
    const c = new WindowCache('q', 200);
    c.put(PAGE_SIZE, rows(PAGE_SIZE, PAGE_SIZE * 2));
    expect(c.row(PAGE_SIZE)?.keyName).toBe(`k${PAGE_SIZE}`);
    expect(c.row(PAGE_SIZE * 3 - 1)?.keyName).toBe(`k${PAGE_SIZE * 3 - 1}`);
    expect(c.row(0)).toBeUndefined();
    expect(c.take(0, 200)).toEqual([0, 3]);
    expect([...c.loaded()]).toHaveLength(PAGE_SIZE * 2);
  });

  it('an empty list needs nothing', () => {
    expect(new WindowCache('', 0).take(0, 100)).toEqual([]);
  });
});

describe('WindowCache, further', () => {
  it('asks for no page before the range', () => {
    const c = new WindowCache('', PAGE_SIZE * 5);
    expect(c.take(PAGE_SIZE * 2 + 10, PAGE_SIZE * 3)).toEqual([2]);
  });

  it('asks for the page holding the range’s last row, even when that is its first row', () => {
    expect(new WindowCache('', PAGE_SIZE * 3).take(0, PAGE_SIZE + 1)).toEqual([0, 1]);
    expect(new WindowCache('', PAGE_SIZE * 3).take(0, PAGE_SIZE)).toEqual([0]);
  });

  it('finds a loaded key’s list position, and says -1 for one not loaded', () => {
    const c = new WindowCache('', PAGE_SIZE * 3);
    c.put(PAGE_SIZE, rows(PAGE_SIZE, PAGE_SIZE));
    expect(c.indexOf(`id${PAGE_SIZE}`)).toBe(PAGE_SIZE);
    expect(c.indexOf(`id${PAGE_SIZE + 7}`)).toBe(PAGE_SIZE + 7);
    expect(c.indexOf('id3')).toBe(-1);
    expect(new WindowCache('', 0).indexOf('id0')).toBe(-1);
  });

  it('the top of the list is every page from the first on, up to the first page not here', () => {
    const c = new WindowCache('', PAGE_SIZE * 5);
    c.put(0, rows(0, PAGE_SIZE * 2));
    c.put(PAGE_SIZE * 3, rows(PAGE_SIZE * 3, PAGE_SIZE));
    expect(c.prefix().map((k) => k.applicationKeyId)).toEqual(rows(0, PAGE_SIZE * 2).map((k) => k.applicationKeyId));
  });
});

describe('narrowed', () => {
  const names = new Map<string, string>();

  it('narrows the rows already here, over every page of the top of the list', () => {
    const c = new WindowCache('', PAGE_SIZE * 2);
    c.put(0, rows(0, PAGE_SIZE * 2));
    const n = narrowed(c, 'k7', names)!;
    // k7, k70…k79: the second page's matches are there too.
    expect([...n.loaded()].map((k) => k.keyName)).toEqual(['k7', ...Array.from({ length: 10 }, (_, i) => `k7${i}`)]);
    expect(n.total).toBe(11);
    expect(n.provisional).toBe(false);
  });

  it('a search of spaces only narrows nothing', () => {
    const c = new WindowCache('', 3);
    c.put(0, rows(0, 3));
    expect(narrowed(c, '   ', names)).toBeNull();
    expect(narrowed(c, '', names)).toBeNull();
  });
});
