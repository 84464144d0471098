import { describe, expect, it } from 'vitest';
import {
  centreInDocument,
  compositeOver,
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

describe('parseCssColor: the forms browsers serialise, and the edges', () => {
  it.each([
    ['  RGB(1, 2, 3)  ', { r: 1, g: 2, b: 3, a: 1 }],
    ['TRANSPARENT', { r: 0, g: 0, b: 0, a: 0 }],
    ['#102030', { r: 16, g: 32, b: 48, a: 1 }],
    ['#10203080', { r: 16, g: 32, b: 48, a: 128 / 255 }],
    ['#0008', { r: 0, g: 0, b: 0, a: 136 / 255 }],
    ['rgb(none 20 30)', { r: 0, g: 20, b: 30, a: 1 }],
    ['rgb(100% 0% 50%)', { r: 255, g: 0, b: 127.5, a: 1 }],
    ['rgba(1, 2, 3, 50%)', { r: 1, g: 2, b: 3, a: 0.5 }],
    ['rgba(1, 2, 3, 2)', { r: 1, g: 2, b: 3, a: 1 }],
    ['rgba(1, 2, 3, -1)', { r: 1, g: 2, b: 3, a: 0 }],
    ['rgb(300, -5, 3)', { r: 255, g: 0, b: 3, a: 1 }],
    ['rgb( 1 2 3 )', { r: 1, g: 2, b: 3, a: 1 }],
    ['color(srgb 0.5 1 0)', { r: 127.5, g: 255, b: 0, a: 1 }],
    ['color(srgb 50% 0 0 / 0.25)', { r: 127.5, g: 0, b: 0, a: 0.25 }],
  ])('%j', (css, rgba) => {
    expect(parseCssColor(css)).toEqual(rgba);
  });
  it.each(['#12345', '#1234567', '#12', 'rgb(1, 2, 3, 4, 5)', 'rgb(x, 2, 3)', 'rgba(1, 2, 3, x)', 'rgb(1 2 3 / x)', 'color(display-p3 1 0 0)', 'rgb(1 2 3 4)', 'hsl(0 0% 0%)'])(
    'makes no claim about %j',
    (css) => {
      expect(parseCssColor(css)).toBeNull();
    },
  );
});

describe('compositing and contrast', () => {
  it('paints a colour over another by its alpha; two see-through colours stay see-through', () => {
    expect(compositeOver({ r: 0, g: 0, b: 0, a: 0 }, { r: 0, g: 0, b: 0, a: 0 })).toEqual({ r: 0, g: 0, b: 0, a: 0 });
    const half = compositeOver({ r: 200, g: 100, b: 0, a: 0.5 }, { r: 0, g: 100, b: 200, a: 1 });
    expect(half).toEqual({ r: 100, g: 100, b: 100, a: 1 });
    const both = compositeOver({ r: 255, g: 0, b: 0, a: 0.5 }, { r: 0, g: 0, b: 255, a: 0.5 });
    expect(both.a).toBe(0.75);
    expect(both.r).toBeCloseTo(170, 5);
    expect(both.b).toBeCloseTo(85, 5);
  });
  it('the contrast ratio does not depend on the order, and weighs green most', () => {
    const black = { r: 0, g: 0, b: 0, a: 1 };
    const grey = { r: 119, g: 119, b: 119, a: 1 };
    expect(contrastRatio(grey, black)).toBeCloseTo(contrastRatio(black, grey), 10);
    expect(contrastRatio(grey, black)).toBeCloseTo(4.69, 2);
    const red = contrastRatio({ r: 255, g: 0, b: 0, a: 1 }, black);
    const green = contrastRatio({ r: 0, g: 255, b: 0, a: 1 }, black);
    const blue = contrastRatio({ r: 0, g: 0, b: 255, a: 1 }, black);
    expect(red).toBeCloseTo(5.25, 2);
    expect(green).toBeCloseTo(15.3, 1);
    expect(blue).toBeCloseTo(2.44, 2);
    // Dark channels are on the linear part of the curve.
    expect(contrastRatio({ r: 10, g: 10, b: 10, a: 1 }, black)).toBeCloseTo((0.05 + 10 / 255 / 12.92) / 0.05, 6);
  });
  it('a background painted over a see-through one keeps its own colour when opaque', () => {
    const c = (s: string) => parseCssColor(s)!;
    expect(effectiveBackground([c('#203040'), c('rgba(255, 0, 0, 0.5)')])).toEqual(c('#203040'));
    expect(effectiveBackground([c('rgba(0, 0, 0, 0.5)'), c('#ffffff')]).r).toBeCloseTo(127.5, 5);
  });
});

describe('opacityFactor: edges', () => {
  it('clamps to 0..1 and skips what it cannot read', () => {
    expect(opacityFactor('1.5')).toBe(1);
    expect(opacityFactor('-1')).toBe(0);
    expect(opacityFactor('1', 'opacity(150%)')).toBe(1);
    expect(opacityFactor('1', 'opacity(.)')).toBe(1);
    expect(opacityFactor('1', 'opacity( 0.5 ) opacity(50%)')).toBe(0.25);
    expect(opacityFactor('0.5')).toBe(0.5);
  });
});

describe('clipHidesAll: edges', () => {
  it('reads rect() sides against the right dimension, auto as the edge itself, and ignores malformed ones', () => {
    // 1% of the width is 3px: seen; 1% of the height would be 0.3px.
    expect(clipHidesAll('rect(0px, 1%, 30px, 0px)', 'none', 300, 30)).toBe(false);
    expect(clipHidesAll('rect(0px, 300px, 10%, 0px)', 'none', 300, 30)).toBe(false);
    expect(clipHidesAll('rect(auto, auto, auto, auto)', 'none', 300, 30)).toBe(false);
    expect(clipHidesAll('rect(0px, 0px)', 'none', 300, 30)).toBe(false);
    // Two pixels either way are enough; one in either direction is not.
    expect(clipHidesAll('rect(0px, 2px, 2px, 0px)', 'none', 300, 30)).toBe(false);
    expect(clipHidesAll('rect(0px, 1px, 30px, 0px)', 'none', 300, 30)).toBe(true);
    expect(clipHidesAll('rect(0px, 300px, 1px, 0px)', 'none', 300, 30)).toBe(true);
    expect(clipHidesAll('rect(5px, 300px, 6px, 0px)', 'none', 300, 30)).toBe(true);
    expect(clipHidesAll('rect(0px, 300px, 30px, 299px)', 'none', 300, 30)).toBe(true);
  });
  it('inset(): one to four values, percentages of the right dimension, the rounding ignored', () => {
    expect(clipHidesAll('auto', 'inset(0 149px)', 300, 30)).toBe(false);
    expect(clipHidesAll('auto', 'inset(0 149px 0 150px)', 300, 30)).toBe(true);
    expect(clipHidesAll('auto', 'inset(14px 0)', 300, 30)).toBe(false);
    expect(clipHidesAll('auto', 'inset(14px 0 15px)', 300, 30)).toBe(true);
    expect(clipHidesAll('auto', 'inset(0 0 0 299px)', 300, 30)).toBe(true);
    expect(clipHidesAll('auto', 'inset(0 10% 0 0)', 300, 30)).toBe(false);
    expect(clipHidesAll('auto', 'inset(0 0 0 99.5%)', 300, 30)).toBe(true);
    expect(clipHidesAll('auto', 'inset(0 0 95% 0)', 300, 30)).toBe(true);
    expect(clipHidesAll('auto', 'inset(auto 0 0 auto)', 300, 30)).toBe(false);
    expect(clipHidesAll('auto', 'inset(0 0 14px 0 round 20px)', 300, 30)).toBe(false);
  });
  it('circle() and ellipse(): a diameter of two pixels is enough; sizes not given in length make no claim', () => {
    expect(clipHidesAll('auto', 'circle(1px)', 300, 30)).toBe(false);
    expect(clipHidesAll('auto', 'circle(0.9px)', 300, 30)).toBe(true);
    expect(clipHidesAll('auto', 'circle(closest-side)', 300, 30)).toBe(false);
    // A percentage of a circle is of the box's diagonal over √2: here 1% is about 2.1px.
    expect(clipHidesAll('auto', 'circle(0.5%)', 300, 30)).toBe(false);
    expect(clipHidesAll('auto', 'circle(0.4%)', 300, 30)).toBe(true);
    expect(clipHidesAll('auto', 'ellipse(10px 0.9px at 50% 50%)', 300, 30)).toBe(true);
    expect(clipHidesAll('auto', 'ellipse(1px 1px)', 300, 30)).toBe(false);
    expect(clipHidesAll('auto', 'ellipse(1% 4%)', 300, 30)).toBe(false);
    expect(clipHidesAll('auto', 'ellipse(0.3% 50%)', 300, 30)).toBe(true);
    expect(clipHidesAll('auto', 'ellipse(50% 3%)', 300, 30)).toBe(true);
    expect(clipHidesAll('auto', 'ellipse(closest-side farthest-side)', 300, 30)).toBe(false);
  });
});

describe('overflowHides and centreInDocument: edges', () => {
  it('a box shows from its start edge up to, not including, its far edge', () => {
    expect(overflowHides('hidden', 100, 100, 600, 0, 600)).toBeNull();
    expect(overflowHides('hidden', 700, 100, 600, 0, 600)).toMatch(/outside a box/);
    expect(overflowHides('hidden', 99, 100, 600, 0, 600)).toMatch(/outside a box/);
    expect(overflowHides('hidden', 1, 0, 2, 0, 2)).toBeNull();
    expect(overflowHides('auto', 1, 0, 2, 0, 2)).toBeNull();
  });
  it('a scrolling box shows at least its own size, from where its content starts', () => {
    expect(overflowHides('auto', 650, 100, 600, 0, 300)).toBeNull();
    expect(overflowHides('auto', 700, 100, 600, 0, 300)).toMatch(/scrolling box/);
    expect(overflowHides('auto', -200, 100, 600, 300, 2000)).toBeNull();
    expect(overflowHides('auto', -201, 100, 600, 300, 2000)).toMatch(/scrolling box/);
    expect(overflowHides('auto', 1799, 100, 600, 300, 2000)).toBeNull();
    expect(overflowHides('auto', 1800, 100, 600, 300, 2000)).toMatch(/scrolling box/);
  });
  it('the document: from 0 up to, not including, its width and height, counting the scroll', () => {
    const doc = { width: 1000, height: 2000 };
    expect(centreInDocument({ left: -10, top: -10, width: 20, height: 20 }, { x: 0, y: 0 }, doc)).toBe(true);
    expect(centreInDocument({ left: 990, top: 100, width: 20, height: 20 }, { x: 0, y: 0 }, doc)).toBe(false);
    expect(centreInDocument({ left: 100, top: 1990, width: 20, height: 20 }, { x: 0, y: 0 }, doc)).toBe(false);
    expect(centreInDocument({ left: 100, top: 100, width: 20, height: 20 }, { x: 900, y: 0 }, doc)).toBe(false);
    expect(centreInDocument({ left: 100, top: 100, width: 20, height: 20 }, { x: 0, y: 1900 }, doc)).toBe(false);
    expect(centreInDocument({ left: -100, top: 100, width: 20, height: 20 }, { x: 150, y: 0 }, doc)).toBe(true);
    expect(centreInDocument({ left: 100, top: -100, width: 20, height: 20 }, { x: 0, y: 150 }, doc)).toBe(true);
  });
});

describe('the pure part: what surrounds a value, and the last boundaries', () => {
  it('parseCssColor takes the whole text only, and white space anywhere inside', () => {
    for (const s of ['x#fff', '#fffz', 'xrgb(1, 2, 3)', 'rgb(1, 2, 3)x']) expect(parseCssColor(s), s).toBeNull();
    expect(parseCssColor('rgb(50% , 0, 0)')).toEqual({ r: 127.5, g: 0, b: 0, a: 1 });
    expect(parseCssColor('color( srgb 1 0 0 )')).toEqual({ r: 255, g: 0, b: 0, a: 1 });
    expect(parseCssColor('rgb(1  2 3)')).toEqual({ r: 1, g: 2, b: 3, a: 1 });
  });

  it('the luminance is linear up to and including a channel of 0.03928', () => {
    // WCAG: s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ^ 2.4; here s = 10.0164 / 255 = 0.03928 exactly.
    const c = { r: 10.0164, g: 10.0164, b: 10.0164, a: 1 };
    expect(contrastRatio(c, { r: 0, g: 0, b: 0, a: 1 })).toBeCloseTo((0.03928 / 12.92 + 0.05) / 0.05, 6);
  });

  it('clipHidesAll: each rect() side against its own dimension, an unreadable side as the edge, white space around', () => {
    // The bottom as 1% of the height (10 of 1000), not of the width (1 of 100).
    expect(clipHidesAll('rect(0px, 100%, 1%, 0px)', 'none', 100, 1000)).toBe(false);
    // A top it cannot read is the box's own top: 1px tall.
    expect(clipHidesAll('rect(x, 100px, 1px, 0px)', 'none', 100, 100)).toBe(true);
    expect(clipHidesAll(' rect(0px, 0px, 0px, 0px)', 'none', 100, 100)).toBe(true);
    expect(clipHidesAll('auto', ' inset(50%)', 100, 100)).toBe(true);
    expect(clipHidesAll('auto', 'inset( 0 50px)', 100, 100)).toBe(true);
    // The rounding of the corners is not a side: only the 0 before it counts.
    expect(clipHidesAll('auto', 'inset(0 round 99px)', 100, 100)).toBe(false);
    expect(clipHidesAll('auto', 'ellipse(0px  10px)', 100, 100)).toBe(true);
  });

  it('centreInDocument takes the centre, half the box from its edge', () => {
    const doc = { width: 1024, height: 768 };
    expect(centreInDocument({ left: 900, top: 0, width: 200, height: 10 }, { x: 0, y: 0 }, doc)).toBe(true);
    expect(centreInDocument({ left: 0, top: 700, width: 10, height: 100 }, { x: 0, y: 0 }, doc)).toBe(true);
  });
});
