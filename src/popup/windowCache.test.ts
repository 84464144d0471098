import { describe, expect, it } from 'vitest';
import type { KeyView } from '../rpc/protocol';
import { testKeyView } from './test-support';
import { PAGE_SIZE, WindowCache } from './windowCache';

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
