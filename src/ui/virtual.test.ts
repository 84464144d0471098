import { describe, expect, it } from 'vitest';
import { nextIndex, scrollToReveal, visibleRange } from './virtual';

describe('visibleRange', () => {
  it('renders the rows in view plus overscan, clamped to the list', () => {
    expect(visibleRange(0, 400, 76, 10_000, 5)).toEqual({ start: 0, end: 11 });
    expect(visibleRange(76 * 100, 400, 76, 10_000, 5)).toEqual({ start: 95, end: 111 });
    expect(visibleRange(76 * 9_995, 400, 76, 10_000, 5)).toEqual({ start: 9_990, end: 10_000 });
  });
  it('keeps the window small at 10,000 rows', () => {
    const { start, end } = visibleRange(76 * 5_000 + 30, 380, 76, 10_000, 6);
    expect(end - start).toBeLessThanOrEqual(20);
  });
  it('handles empty lists and odd inputs', () => {
    expect(visibleRange(0, 400, 76, 0, 5)).toEqual({ start: 0, end: 0 });
    expect(visibleRange(-50, 400, 76, 3, 5)).toEqual({ start: 0, end: 3 });
    expect(visibleRange(-50, 400, 76, -1, 5)).toEqual({ start: 0, end: 0 });
  });
  it('renders nothing while the row height is not known (a list not laid out yet), rather than every row', () => {
    expect(visibleRange(0, 400, 0, 10_000, 5)).toEqual({ start: 0, end: 0 });
    expect(visibleRange(0, 400, -76, 10_000, 5)).toEqual({ start: 0, end: 0 });
  });
});

describe('scrollToReveal', () => {
  it('scrolls up or down just enough, or not at all', () => {
    expect(scrollToReveal(2, 760, 380, 76)).toBe(152);
    expect(scrollToReveal(20, 760, 380, 76)).toBe(21 * 76 - 380);
    expect(scrollToReveal(11, 760, 380, 76)).toBe(760);
  });
});

describe('nextIndex', () => {
  it('moves by arrows, pages and to the ends', () => {
    expect(nextIndex('ArrowDown', 0, 10, 4)).toBe(1);
    expect(nextIndex('ArrowDown', 9, 10, 4)).toBe(9);
    expect(nextIndex('ArrowUp', 0, 10, 4)).toBe(0);
    expect(nextIndex('PageDown', 2, 10, 4)).toBe(6);
    expect(nextIndex('PageUp', 2, 10, 4)).toBe(0);
    expect(nextIndex('PageUp', 8, 10, 4)).toBe(4);
    expect(nextIndex('Home', 5, 10, 4)).toBe(0);
    expect(nextIndex('End', 5, 10, 4)).toBe(9);
    expect(nextIndex('a', 5, 10, 4)).toBeNull();
    expect(nextIndex('ArrowDown', 0, 0, 4)).toBeNull();
  });
});
