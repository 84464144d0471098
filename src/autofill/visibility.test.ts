import { describe, expect, it } from 'vitest';
import {
  centreInDocument,
  clipHidesAll,
  contrastRatio,
  effectiveBackground,
  opacityFactor,
  overflowHides,
  userScrollable,
  parseCssColor,
  textIsInvisible,
} from './visibility';

describe('parseCssColor', () => {
  it.each([
    ['rgb(1, 2, 3)', { r: 1, g: 2, b: 3, a: 1 }],
    ['rgba(10, 20, 30, 0.5)', { r: 10, g: 20, b: 30, a: 0.5 }],
    ['rgb(10 20 30 / 25%)', { r: 10, g: 20, b: 30, a: 0.25 }],
    ['transparent', { r: 0, g: 0, b: 0, a: 0 }],
    ['#fff', { r: 255, g: 255, b: 255, a: 1 }],
    ['#00000000', { r: 0, g: 0, b: 0, a: 0 }],
    ['color(srgb 1 0 0 / 0)', { r: 255, g: 0, b: 0, a: 0 }],
  ])('%s', (css, rgba) => {
    expect(parseCssColor(css)).toEqual(rgba);
  });
  it.each(['oklch(0.5 0.1 20)', 'currentcolor', 'rgb(1, 2)', 'nonsense', ''])('makes no claim about %s', (css) => {
    expect(parseCssColor(css)).toBeNull();
  });
});

describe('textIsInvisible', () => {
  const c = (s: string) => parseCssColor(s)!;
  it('black on white, dark grey on light grey, white on dark blue: visible', () => {
    expect(textIsInvisible(c('rgb(0, 0, 0)'), c('rgb(255, 255, 255)'))).toBe(false);
    expect(textIsInvisible(c('rgb(60, 60, 60)'), c('rgb(230, 230, 230)'))).toBe(false);
    expect(textIsInvisible(c('#fff'), c('#1f3a5f'))).toBe(false);
  });
  it('same colour, nearly the same colour, transparent text, alpha 0: invisible', () => {
    expect(textIsInvisible(c('#fff'), c('#fff'))).toBe(true);
    expect(textIsInvisible(c('rgb(32, 48, 64)'), c('rgb(34, 50, 66)'))).toBe(true);
    expect(textIsInvisible(c('transparent'), c('#fff'))).toBe(true);
    expect(textIsInvisible(c('rgba(0, 0, 0, 0.03)'), c('#fff'))).toBe(true);
  });
  it('a see-through background shows the white canvas behind it', () => {
    expect(textIsInvisible(c('#fff'), c('rgba(0, 0, 0, 0)'))).toBe(true);
    expect(textIsInvisible(c('#000'), c('rgba(0, 0, 0, 0)'))).toBe(false);
  });
  it('contrast ratio is 21 for black on white and 1 for a colour on itself', () => {
    expect(contrastRatio(c('#000'), c('#fff'))).toBeCloseTo(21, 5);
    expect(contrastRatio(c('#123456'), c('#123456'))).toBe(1);
  });
});

describe('effectiveBackground', () => {
  const c = (s: string) => parseCssColor(s)!;
  it('stops at the first opaque layer, innermost first', () => {
    expect(effectiveBackground([c('rgba(0, 0, 0, 0)'), c('#203040'), c('#fff')])).toEqual(c('#203040'));
  });
  it('blends half-transparent layers over what is behind them, down to the white canvas', () => {
    const bg = effectiveBackground([c('rgba(0, 0, 0, 0.5)')]);
    expect(bg.r).toBeCloseTo(127.5, 5);
    expect(bg.a).toBe(1);
    expect(effectiveBackground([])).toEqual(c('#fff'));
  });
});

describe('opacityFactor', () => {
  it('reads opacity and filter: opacity()', () => {
    expect(opacityFactor('1')).toBe(1);
    expect(opacityFactor('0')).toBe(0);
    expect(opacityFactor('0.5', 'opacity(50%)')).toBe(0.25);
    expect(opacityFactor('1', 'blur(2px) opacity(0.05)')).toBeCloseTo(0.05, 10);
    expect(opacityFactor('', 'none')).toBe(1);
  });
});

describe('clipHidesAll', () => {
  it.each([
    ['rect(0px, 0px, 0px, 0px)', 'none'],
    ['rect(0 0 0 0)', 'none'],
    ['rect(1px, 1px, 1px, 1px)', 'none'],
    ['auto', 'inset(50%)'],
    ['auto', 'inset(50% 0)'],
    ['auto', 'inset(0px 150px 0px 150px)'],
    ['auto', 'circle(0px at 50% 50%)'],
    ['auto', 'ellipse(0px 10px at 50% 50%)'],
  ])('clip %s / clip-path %s hides a 300×30 box', (clip, clipPath) => {
    expect(clipHidesAll(clip, clipPath, 300, 30)).toBe(true);
  });
  it.each([
    ['auto', 'none'],
    ['rect(0px, 300px, 30px, 0px)', 'none'],
    ['auto', 'inset(2px round 4px)'],
    ['auto', 'inset(10%)'],
    ['auto', 'circle(50%)'],
    ['auto', 'polygon(0 0, 100% 0, 100% 100%)'],
  ])('clip %s / clip-path %s leaves it visible', (clip, clipPath) => {
    expect(clipHidesAll(clip, clipPath, 300, 30)).toBe(false);
  });
});

describe('centreInDocument', () => {
  const doc = { width: 1280, height: 3000 };
  it('a field below the fold is inside the document (reachable by scrolling)', () => {
    expect(centreInDocument({ left: 100, top: 1500, width: 300, height: 30 }, { x: 0, y: 0 }, doc)).toBe(true);
  });
  it('a field already scrolled past is inside too', () => {
    expect(centreInDocument({ left: 100, top: -400, width: 300, height: 30 }, { x: 0, y: 800 }, doc)).toBe(true);
  });
  it('left:-9999px, top:-5000px and beyond the far edge are outside', () => {
    expect(centreInDocument({ left: -9999, top: 100, width: 300, height: 30 }, { x: 0, y: 0 }, doc)).toBe(false);
    expect(centreInDocument({ left: 100, top: -5000, width: 300, height: 30 }, { x: 0, y: 0 }, doc)).toBe(false);
    expect(centreInDocument({ left: 5000, top: 100, width: 300, height: 30 }, { x: 0, y: 0 }, doc)).toBe(false);
    expect(centreInDocument({ left: 100, top: 2990, width: 300, height: 30 }, { x: 0, y: 0 }, doc)).toBe(false);
  });
});

describe('overflowHides', () => {
  it('visible overflow never hides', () => {
    expect(overflowHides('visible', 5000, 0, 100, 0, 100)).toBeNull();
  });
  it('a zero-size box that hides or scrolls its overflow hides everything', () => {
    expect(overflowHides('hidden', 0, 0, 0, 0, 300)).toMatch(/zero-size/);
    expect(overflowHides('auto', 0, 0, 1, 0, 300)).toMatch(/zero-size/);
  });
  it('hidden/clip: only what the box shows now counts, even if a script could scroll it', () => {
    expect(userScrollable('hidden')).toBe(false);
    expect(userScrollable('clip')).toBe(false);
    expect(overflowHides('hidden', 150, 100, 600, 0, 2000)).toBeNull();
    expect(overflowHides('hidden', 1400, 100, 600, 0, 2000)).toMatch(/outside a box/);
    expect(overflowHides('clip', 50, 100, 600, 0, 600)).toMatch(/outside a box/);
  });
  it('auto/scroll: anything within the scrollable area counts (the person can scroll there)', () => {
    expect(userScrollable('auto')).toBe(true);
    expect(overflowHides('auto', 1400, 100, 600, 0, 2000)).toBeNull();
    expect(overflowHides('scroll', 50, 100, 600, 300, 2000)).toBeNull();
    expect(overflowHides('auto', -5000, 100, 600, 0, 2000)).toMatch(/scrolling box/);
    expect(overflowHides('auto', 2200, 100, 600, 0, 2000)).toMatch(/scrolling box/);
  });
});
