// @vitest-environment happy-dom
//
// The DOM half of visibility.ts (hiddenByStyle, coveredBy) in Node over happy-dom. happy-dom computes styles
// from inline `style` attributes but lays nothing out, so each test places boxes by hand: `place` gives an
// element its box, and the hit test answers with the placed boxes under a point, the last placed on top.
// The same rules run against real layout in Chromium (test/e2e/autofill-detection.test.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { coveredBy, hiddenByStyle, MIN_FONT_SIZE, MIN_OPACITY, whyHidden } from './visibility';

function box(left: number, top: number, width: number, height: number): DOMRect {
  return { x: left, y: top, left, top, width, height, right: left + width, bottom: top + height, toJSON: () => ({}) } as DOMRect;
}

let placed: [Element, () => DOMRect][] = [];

function page(html: string): void {
  // happy-dom computes no default for overflow, position or transform (empty strings, which visibility.ts
  // would take for a scrolling, positioned, transformed box): the page's stylesheet says what a browser's would.
  document.body.innerHTML = `<style>* { overflow-x: visible; overflow-y: visible; position: static; transform: none }</style>${html}`;
  placed = [];
  Object.defineProperty(document, 'elementsFromPoint', {
    configurable: true,
    value: (x: number, y: number) =>
      placed
        .filter(([, r]) => {
          const b = r();
          return x >= b.left && x < b.right && y >= b.top && y < b.bottom;
        })
        .map(([el]) => el)
        .reverse(),
  });
}

function place(el: Element, r: DOMRect | (() => DOMRect)): Element {
  const get = typeof r === 'function' ? r : () => r;
  el.getBoundingClientRect = get;
  placed.push([el, get]);
  return el;
}

const $ = (sel: string, root: ParentNode = document) => root.querySelector(sel)!;
const FIELD = box(20, 20, 200, 24);

afterEach(() => {
  document.body.innerHTML = '';
  document.documentElement.removeAttribute('style');
  delete (document as { elementsFromPoint?: unknown }).elementsFromPoint;
  delete (document.documentElement as { scrollHeight?: unknown }).scrollHeight;
  delete (document.documentElement as { scrollWidth?: unknown }).scrollWidth;
  vi.restoreAllMocks();
});

describe('hiddenByStyle', () => {
  it('sees a field with a box and ordinary styles', () => {
    page('<div><input id="f"></div>');
    expect(hiddenByStyle(place($('#f'), FIELD))).toBeNull();
  });

  it('a field in a document without a window is not rendered', () => {
    const doc = document.implementation.createHTMLDocument('');
    doc.body.innerHTML = '<input id="f">';
    expect(hiddenByStyle(doc.getElementById('f')!)).toBe('not rendered');
  });

  it('display: none and visibility: hidden, through checkVisibility or the computed style where it is missing', () => {
    page('<input id="n" style="display: none"><input id="h" style="visibility: hidden"><input id="c" style="visibility: collapse">');
    for (const id of ['n', 'h', 'c']) place($(`#${id}`), FIELD);
    expect(hiddenByStyle($('#n'))).toBe('not rendered (display or visibility)');
    for (const id of ['n', 'h', 'c']) ($(`#${id}`) as { checkVisibility?: unknown }).checkVisibility = undefined;
    expect(hiddenByStyle($('#n'))).toBe('display: none');
    expect(hiddenByStyle($('#h'))).toBe('visibility: hidden');
    expect(hiddenByStyle($('#c'))).toBe('visibility: collapse');
  });

  it('a box thinner than two pixels either way', () => {
    page('<input id="f">');
    const f = place($('#f'), box(20, 20, 200, 1));
    expect(hiddenByStyle(f)).toBe('zero size (200×1)');
    place(f, box(20, 20, 1.4, 24));
    expect(hiddenByStyle(f)).toBe('zero size (1×24)');
    place(f, box(20, 20, 2, 2));
    expect(hiddenByStyle(f)).toBeNull();
  });

  it('opacity below the minimum, of the field or multiplied through its ancestors and filters', () => {
    page(`<input id="a" style="opacity: ${MIN_OPACITY / 2}"><input id="b" style="opacity: ${MIN_OPACITY}">
      <div style="opacity: 0.5"><div style="opacity: 0.3"><input id="c"></div></div>
      <div style="filter: opacity(10%)"><input id="d"></div><div style="opacity: 0.5"><input id="e"></div>`);
    for (const id of 'abcde') place($(`#${id}`), FIELD);
    expect(hiddenByStyle($('#a'))).toBe('opacity 0.10');
    expect(hiddenByStyle($('#b'))).toBeNull();
    expect(hiddenByStyle($('#c'))).toBe('opacity 0.15 (through an ancestor)');
    expect(hiddenByStyle($('#d'))).toBe('opacity 0.10 (through an ancestor)');
    expect(hiddenByStyle($('#e'))).toBeNull();
  });

  it('clipped to nothing: clip on a positioned field, clip-path on it or an ancestor', () => {
    page(`<input id="a" style="position: absolute; clip: rect(0px, 0px, 0px, 0px)"><input id="s" style="clip: rect(0px, 0px, 0px, 0px)">
      <input id="f" style="position: fixed; clip: rect(0px, 0px, 0px, 0px)"><input id="p" style="clip-path: inset(50%)">
      <div id="w" style="clip-path: inset(50%)"><input id="c"></div>`);
    for (const id of 'asfpc') place($(`#${id}`), FIELD);
    place($('#w'), box(0, 0, 400, 100));
    expect(hiddenByStyle($('#a'))).toBe('clipped to nothing');
    expect(hiddenByStyle($('#f'))).toBe('clipped to nothing');
    // `clip` applies to absolutely positioned boxes only.
    expect(hiddenByStyle($('#s'))).toBeNull();
    expect(hiddenByStyle($('#p'))).toBe('clipped to nothing');
    expect(hiddenByStyle($('#c'))).toBe('clipped to nothing (through an ancestor)');
  });

  it('outside an ancestor that hides its overflow, unless the field is positioned out of its reach', () => {
    page(`<div id="w" style="overflow-x: hidden; overflow-y: hidden"><input id="in"><input id="out">
        <input id="abs" style="position: absolute"><div id="rel" style="position: relative"><input id="abs2" style="position: absolute"></div>
        <input id="fix" style="position: fixed"></div>`);
    place($('#w'), box(0, 0, 400, 100));
    place($('#rel'), box(0, 0, 400, 100));
    place($('#in'), FIELD);
    for (const id of ['out', 'abs', 'abs2', 'fix']) place($(`#${id}`), box(20, 500, 200, 24));
    expect(hiddenByStyle($('#in'))).toBeNull();
    expect(hiddenByStyle($('#out'))).toBe('outside a box that hides its overflow');
    // An absolutely positioned field escapes a static clipping ancestor, not one that contains it.
    expect(hiddenByStyle($('#abs'))).toBeNull();
    expect(hiddenByStyle($('#abs2'))).toBe('outside a box that hides its overflow');
    expect(hiddenByStyle($('#fix'))).toBeNull();
  });

  it('the overflow of a transformed ancestor contains an absolutely positioned field', () => {
    page(`<div id="w" style="overflow-x: hidden; overflow-y: hidden"><div id="t" style="transform: translateX(0px)"><input id="abs" style="position: absolute"></div></div>`);
    place($('#w'), box(0, 0, 400, 100));
    place($('#t'), box(0, 0, 400, 100));
    place($('#abs'), box(20, 500, 200, 24));
    expect(hiddenByStyle($('#abs'))).toBe('outside a box that hides its overflow');
  });

  it('the page itself: off to the side is outside; below the fold is reachable unless the page hides its overflow', () => {
    page('<input id="left"><input id="below">');
    place($('#left'), box(-9999, 20, 200, 24));
    place($('#below'), box(20, 1500, 200, 24));
    Object.defineProperty(document.documentElement, 'scrollHeight', { value: 3000, configurable: true });
    expect(hiddenByStyle($('#left'))).toBe('outside the page');
    expect(hiddenByStyle($('#below'))).toBeNull();
    document.documentElement.setAttribute('style', 'overflow-x: hidden; overflow-y: hidden');
    expect(hiddenByStyle($('#below'))).toBe('outside the page');
  });

  it('text too small to read', () => {
    page(`<input id="a" style="font-size: ${MIN_FONT_SIZE - 1}px"><input id="b" style="font-size: ${MIN_FONT_SIZE}px">`);
    expect(hiddenByStyle(place($('#a'), FIELD))).toBe(`text too small to read (${MIN_FONT_SIZE - 1}px)`);
    expect(hiddenByStyle(place($('#b'), FIELD))).toBeNull();
  });

  it('text in the colour of its background, or transparent; no claim over a background image', () => {
    page(`<input id="same" style="color: rgb(250, 250, 250); background-color: rgb(250, 250, 250); background-image: none">
      <input id="clear" style="color: rgba(0, 0, 0, 0); background-color: rgb(0, 0, 0); background-image: none">
      <input id="ok" style="color: rgb(0, 0, 0); background-color: rgb(250, 250, 250); background-image: none">
      <input id="img" style="color: rgb(250, 250, 250); background-color: rgb(250, 250, 250); background-image: url(x.png)">
      <div style="background-color: rgb(20, 20, 20); background-image: none"><input id="see" style="color: rgb(20, 20, 20); background-color: rgba(0, 0, 0, 0); background-image: none"></div>`);
    for (const id of ['same', 'clear', 'ok', 'img', 'see']) place($(`#${id}`), FIELD);
    expect(hiddenByStyle($('#same'))).toBe('text in the colour of its background');
    expect(hiddenByStyle($('#clear'))).toBe('transparent text');
    expect(hiddenByStyle($('#ok'))).toBeNull();
    expect(hiddenByStyle($('#img'))).toBeNull();
    // A see-through field shows its parent's dark background, the colour of its text.
    expect(hiddenByStyle($('#see'))).toBe('text in the colour of its background');
  });
});

describe('coveredBy', () => {
  it('sees a field that is itself the top hit, or whose label or shadow host is', () => {
    page('<label id="l" for="f">Key</label><input id="f"><div id="host"></div>');
    const f = place($('#f'), FIELD);
    expect(coveredBy(f)).toBeNull();
    place($('#l'), FIELD);
    expect(coveredBy(f)).toBeNull();
    const root = $('#host').attachShadow({ mode: 'open' });
    root.innerHTML = '<input id="inner">';
    const inner = $('#inner', root);
    inner.getBoundingClientRect = () => box(20, 60, 200, 24);
    place($('#host'), box(20, 60, 200, 24));
    expect(coveredBy(inner)).toBeNull();
  });

  it('names what paints over the field; a see-through layer hides nothing', () => {
    page(`<input id="f"><div id="glass" style="background-color: rgba(0, 0, 0, 0); background-image: none"></div>
      <div id="faint" style="background-color: rgba(0, 0, 0, 0.05); background-image: none"></div>`);
    const f = place($('#f'), FIELD);
    place($('#glass'), box(0, 0, 400, 100));
    place($('#faint'), box(0, 0, 400, 100));
    expect(coveredBy(f)).toBeNull();
    page(`<input id="f"><div id="panel" style="background-color: rgb(255, 255, 255); background-image: none"></div>`);
    place($('#f'), FIELD);
    place($('#panel'), box(0, 0, 400, 100));
    expect(coveredBy($('#f'))).toBe('covered by another element (div)');
    page(`<input id="f"><div id="pic" style="background-color: rgba(0, 0, 0, 0); background-image: url(x.png)"></div><img id="img">`);
    place($('#f'), FIELD);
    place($('#pic'), box(0, 0, 400, 100));
    expect(coveredBy($('#f'))).toBe('covered by another element (div)');
    page(`<input id="f"><img id="img">`);
    place($('#f'), FIELD);
    place($('#img'), box(0, 0, 400, 100));
    expect(coveredBy($('#f'))).toBe('covered by another element (img)');
    page(`<input id="f"><div id="ghost" style="opacity: 0.1; background-color: rgb(255, 255, 255); background-image: none"></div>`);
    place($('#f'), FIELD);
    place($('#ghost'), box(0, 0, 400, 100));
    expect(coveredBy($('#f'))).toBeNull();
  });

  it('a field the hit test does not find at its own centre', () => {
    page('<input id="f">');
    const f = $('#f');
    f.getBoundingClientRect = () => FIELD;
    expect(coveredBy(f)).toBe('not found at its own position');
  });

  it('a panel that lets clicks through (pointer-events: none) still covers the field when it is above it', () => {
    const panel = (extra: string) =>
      `<input id="f"><div id="p" style="pointer-events: none; position: absolute; visibility: visible; background-color: rgb(255, 255, 255); background-image: none; ${extra}"></div>`;
    page(panel(''));
    place($('#f'), FIELD);
    $('#p').getBoundingClientRect = () => box(0, 0, 400, 100);
    expect(coveredBy($('#f'))).toBe('covered by another element (div, pointer-events: none)');
    // Not over the centre, behind the page (negative z-index), or see-through: no cover.
    for (const extra of ['z-index: -1', 'opacity: 0.1']) {
      page(panel(extra));
      place($('#f'), FIELD);
      $('#p').getBoundingClientRect = () => box(0, 0, 400, 100);
      expect(coveredBy($('#f')), extra).toBeNull();
    }
    page(panel(''));
    place($('#f'), FIELD);
    $('#p').getBoundingClientRect = () => box(300, 0, 100, 100);
    expect(coveredBy($('#f'))).toBeNull();
    // Before the field in the document, it is below it unless its z-index lifts it.
    page(`<div id="p" style="pointer-events: none; position: absolute; visibility: visible; background-color: rgb(255, 255, 255); background-image: none"></div><input id="f">`);
    place($('#f'), FIELD);
    $('#p').getBoundingClientRect = () => box(0, 0, 400, 100);
    expect(coveredBy($('#f'))).toBeNull();
    ($('#p') as HTMLElement).style.zIndex = '5';
    expect(coveredBy($('#f'))).toBe('covered by another element (div, pointer-events: none)');
  });

  it('scrolls a field outside the viewport into view for the test and back at once', () => {
    page('<input id="f">');
    const f = $('#f') as HTMLInputElement;
    let scrolled = false;
    let undone = false;
    f.scrollIntoView = () => {
      scrolled = true;
      (window as { scrollY: number }).scrollY = 1976;
    };
    const scrollTo = window.scrollTo.bind(window);
    window.scrollTo = ((...args: Parameters<typeof window.scrollTo>) => {
      undone = true;
      scrollTo(...args);
    }) as typeof window.scrollTo;
    try {
      place(f, () => (scrolled && !undone ? FIELD : box(20, 2000, 200, 24)));
      Object.defineProperty(window, 'scrollY', { value: 0, configurable: true, writable: true });
      expect(coveredBy(f)).toBeNull();
      expect(scrolled).toBe(true);
      expect(undone).toBe(true);
      // It could not be scrolled there: a field parked far away.
      page('<input id="g">');
      const g = $('#g') as HTMLInputElement;
      g.scrollIntoView = () => {};
      place(g, box(20, 2000, 200, 24));
      expect(coveredBy(g)).toBe('cannot be scrolled into view');
    } finally {
      window.scrollTo = scrollTo;
      delete (window as { scrollY?: unknown }).scrollY;
    }
  });

  it('whyHidden: styles first, then the hit test', () => {
    page('<input id="f" style="opacity: 0"><input id="g"><div id="panel" style="background-color: rgb(255, 255, 255); background-image: none"></div>');
    place($('#f'), FIELD);
    expect(whyHidden($('#f'))).toBe('opacity 0.00');
    place($('#g'), box(20, 60, 200, 24));
    place($('#panel'), box(0, 50, 400, 50));
    expect(whyHidden($('#g'))).toBe('covered by another element (div)');
  });
});


describe('hiddenByStyle: more of the rendered tree', () => {
  it('asks checkVisibility about visibility too, not only display', () => {
    page('<input id="h" style="visibility: hidden">');
    expect(hiddenByStyle(place($('#h'), FIELD))).toBe('not rendered (display or visibility)');
  });

  it('a display: contents wrapper draws no box, so its opacity does not apply', () => {
    page('<div style="display: contents; opacity: 0"><input id="f"></div>');
    expect(hiddenByStyle(place($('#f'), FIELD))).toBeNull();
  });

  it('walks up through a shadow host, and through the slot a light-DOM field is shown in', () => {
    page('<div id="host" style="opacity: 0.1"></div><div id="slotted-host"><input id="light"></div>');
    const root = $('#host').attachShadow({ mode: 'open' });
    root.innerHTML = '<input id="inner">';
    expect(hiddenByStyle(place($('#inner', root), FIELD))).toBe('opacity 0.10 (through an ancestor)');
    const root2 = $('#slotted-host').attachShadow({ mode: 'open' });
    root2.innerHTML = '<div style="opacity: 0.1"><slot id="slot"></slot></div>';
    const light = place($('#light'), FIELD);
    expect(hiddenByStyle(light)).toBeNull();
    // Where the DOM says which slot shows the field (happy-dom does not), that slot's ancestors count.
    Object.defineProperty(light, 'assignedSlot', { value: $('#slot', root2), configurable: true });
    expect(hiddenByStyle(light)).toBe('opacity 0.10 (through an ancestor)');
  });

  it('the page root and body are not clipping boxes of their own (the viewport is)', () => {
    page('<input id="f">');
    document.documentElement.setAttribute('style', 'overflow-x: hidden; overflow-y: hidden');
    document.body.setAttribute('style', 'overflow-x: hidden; overflow-y: hidden');
    try {
      expect(hiddenByStyle(place($('#f'), FIELD))).toBeNull();
    } finally {
      document.body.removeAttribute('style');
    }
  });

  it('an ancestor hiding its overflow on one axis only, and a scrolling ancestor', () => {
    page(`<div id="x" style="overflow-x: hidden"><input id="right"></div><div id="y" style="overflow-y: hidden"><input id="side"><input id="under"></div>
      <div id="s" style="overflow-x: auto; overflow-y: auto"><input id="far"><input id="beyond"></div>`);
    place($('#x'), box(0, 0, 400, 100));
    place($('#y'), box(0, 200, 400, 100));
    place($('#right'), box(500, 20, 200, 24));
    place($('#side'), box(500, 220, 200, 24));
    place($('#under'), box(20, 400, 200, 24));
    expect(hiddenByStyle($('#right'))).toBe('outside a box that hides its overflow');
    expect(hiddenByStyle($('#side'))).toBeNull();
    expect(hiddenByStyle($('#under'))).toBe('outside a box that hides its overflow');
    // A scrolling box: what lies in its scrollable area (here 1000 × 500, scrolled 50 down) can be reached.
    const s = place($('#s'), box(0, 400, 400, 100));
    Object.defineProperties(s, { scrollWidth: { value: 1000 }, scrollHeight: { value: 500 }, scrollTop: { value: 50 }, scrollLeft: { value: 0 } });
    place($('#far'), box(800, 700, 100, 24));
    place($('#beyond'), box(1100, 420, 100, 24));
    expect(hiddenByStyle($('#far'))).toBeNull();
    expect(hiddenByStyle($('#beyond'))).toBe('outside the area its scrolling box can show');
    place($('#far'), box(800, 900, 100, 24));
    expect(hiddenByStyle($('#far'))).toBe('outside the area its scrolling box can show');
  });

  it('a pane that scrolls on its own in a page as high as the window: its fields far below the window are on the page (heldout-11, Firefox)', () => {
    // An app shell: the page does not scroll (as high as the window), its editor pane does.
    page('<div id="pane" style="overflow-y: auto"><input id="deep"><input id="past"></div><div id="fixedh" style="overflow-y: hidden"><input id="cut"></div>');
    Object.defineProperty(document.documentElement, 'scrollHeight', { value: 600, configurable: true });
    const pane = place($('#pane'), box(300, 0, 500, 600));
    Object.defineProperties(pane, { scrollWidth: { value: 500 }, scrollHeight: { value: 2000 }, scrollTop: { value: 0 }, scrollLeft: { value: 0 } });
    place($('#deep'), box(320, 1500, 200, 24));
    expect(hiddenByStyle($('#deep'))).toBeNull();
    // Past the pane's own scrollable area: no scrolling brings it in.
    place($('#past'), box(320, 2500, 200, 24));
    expect(hiddenByStyle($('#past'))).toBe('outside the area its scrolling box can show');
    // The pane itself below the page's end (the page hides nothing but is only 600 high): out of reach with it.
    place(pane, box(300, 900, 500, 600));
    place($('#deep'), box(320, 1500, 200, 24));
    expect(hiddenByStyle($('#deep'))).toBe('outside the page');
    // A box that hides its overflow is no pane to scroll: what it cuts off stays out.
    place($('#fixedh'), box(0, 0, 300, 600));
    place($('#cut'), box(20, 1500, 200, 24));
    expect(hiddenByStyle($('#cut'))).toBe('outside a box that hides its overflow');
  });

  it('the page: the body hiding its overflow counts when the root does not; sideways as downwards; the scroll offset counts', () => {
    page('<input id="below"><input id="right"><input id="up">');
    Object.defineProperty(document.documentElement, 'scrollHeight', { value: 3000, configurable: true });
    Object.defineProperty(document.documentElement, 'scrollWidth', { value: 3000, configurable: true });
    place($('#below'), box(20, 1500, 200, 24));
    place($('#right'), box(1500, 20, 200, 24));
    expect(hiddenByStyle($('#below'))).toBeNull();
    expect(hiddenByStyle($('#right'))).toBeNull();
    document.body.setAttribute('style', 'overflow-y: hidden');
    try {
      expect(hiddenByStyle($('#below'))).toBe('outside the page');
      expect(hiddenByStyle($('#right'))).toBeNull();
    } finally {
      document.body.removeAttribute('style');
    }
    document.documentElement.setAttribute('style', 'overflow-x: hidden');
    expect(hiddenByStyle($('#right'))).toBe('outside the page');
    expect(hiddenByStyle($('#below'))).toBeNull();
    document.documentElement.removeAttribute('style');
    // Scrolled 800 down: a field 400 above the viewport's top is still on the page.
    place($('#up'), box(20, -400, 200, 24));
    expect(hiddenByStyle($('#up'))).toBe('outside the page');
    Object.defineProperty(window, 'scrollY', { value: 800, configurable: true, writable: true });
    try {
      expect(hiddenByStyle($('#up'))).toBeNull();
    } finally {
      delete (window as { scrollY?: unknown }).scrollY;
    }
  });

  it('the text colour is the -webkit-text-fill-color when one is set', () => {
    page(`<input id="fill" style="color: rgb(0, 0, 0); background-color: rgb(250, 250, 250); background-image: none">
      <input id="current" style="color: rgb(250, 250, 250); background-color: rgb(250, 250, 250); background-image: none">`);
    for (const id of ['fill', 'current']) place($(`#${id}`), FIELD);
    // happy-dom does not compute -webkit-text-fill-color: the computed style answers for it here.
    const fills: Record<string, string> = { fill: 'rgb(250, 250, 250)', current: 'currentcolor' };
    const real = window.getComputedStyle.bind(window);
    vi.spyOn(window, 'getComputedStyle').mockImplementation((el: Element) => {
      const style = real(el);
      const fill = fills[el.id];
      if (fill === undefined) return style;
      return new Proxy(style, {
        get: (target, prop) => {
          if (prop === 'getPropertyValue') return (name: string) => (name === '-webkit-text-fill-color' ? fill : target.getPropertyValue(name));
          const v = Reflect.get(target, prop, target) as unknown;
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        },
      });
    });
    expect(hiddenByStyle($('#fill'))).toBe('text in the colour of its background');
    expect(hiddenByStyle($('#current'))).toBe('text in the colour of its background');
    fills.current = 'rgb(0, 0, 0)';
    expect(hiddenByStyle($('#current'))).toBeNull();
  });

  it('an ancestor background image between the text and a colour makes no claim', () => {
    page(`<div style="background-color: rgb(250, 250, 250); background-image: none"><div style="background-color: rgba(0, 0, 0, 0); background-image: url(x.png)">
      <input id="f" style="color: rgb(250, 250, 250); background-color: rgba(0, 0, 0, 0); background-image: none"></div></div>`);
    expect(hiddenByStyle(place($('#f'), FIELD))).toBeNull();
  });
});

describe('coveredBy: more cases', () => {
  it('a document without a window makes no claim', () => {
    const doc = document.implementation.createHTMLDocument('');
    doc.body.innerHTML = '<input id="f">';
    expect(coveredBy(doc.getElementById('f')!)).toBeNull();
  });

  it('a layer is see-through up to an alpha of 0.1', () => {
    for (const [alpha, covered] of [['0.1', false], ['0.11', true]] as const) {
      page(`<input id="f"><div id="p" style="background-color: rgba(0, 0, 0, ${alpha}); background-image: none"></div>`);
      place($('#f'), FIELD);
      place($('#p'), box(0, 0, 400, 100));
      expect(coveredBy($('#f')), alpha).toBe(covered ? 'covered by another element (div)' : null);
    }
  });

  it('a hit on something inside the field\'s label is the label', () => {
    page('<label for="f"><span id="t">Key</span></label><input id="f">');
    place($('#f'), FIELD);
    place($('#t'), FIELD);
    expect(coveredBy($('#f'))).toBeNull();
  });

  it('a field in nested shadow roots: the outer host is what the document hit test finds', () => {
    page('<div id="outer"></div>');
    const outer = $('#outer').attachShadow({ mode: 'open' });
    outer.innerHTML = '<div id="inner-host"></div>';
    const inner = $('#inner-host', outer).attachShadow({ mode: 'open' });
    inner.innerHTML = '<input id="f">';
    const f = $('#f', inner);
    f.getBoundingClientRect = () => FIELD;
    place($('#outer'), FIELD);
    expect(coveredBy(f)).toBeNull();
  });

  it('asks the shadow root for the hit test where it can answer (it sees inside)', () => {
    page('<div id="host"></div>');
    const root = $('#host').attachShadow({ mode: 'open' }) as ShadowRoot & { elementsFromPoint?: unknown };
    root.innerHTML = '<input id="f"><div id="p" style="background-color: rgb(255, 255, 255); background-image: none"></div>';
    const f = $('#f', root);
    f.getBoundingClientRect = () => FIELD;
    place($('#host'), FIELD);
    root.elementsFromPoint = () => [$('#p', root), f, $('#host')];
    expect(coveredBy(f)).toBe('covered by another element (div)');
  });

  it('finds a click-through panel inside the field\'s own shadow root', () => {
    page('<div id="host"></div>');
    const root = $('#host').attachShadow({ mode: 'open' });
    root.innerHTML = `<input id="f"><div id="p" style="pointer-events: none; position: absolute; visibility: visible; background-color: rgb(255, 255, 255); background-image: none"></div>`;
    const f = $('#f', root);
    f.getBoundingClientRect = () => FIELD;
    $('#p', root).getBoundingClientRect = () => box(0, 0, 400, 100);
    place($('#host'), FIELD);
    expect(coveredBy(f)).toBe('covered by another element (div, pointer-events: none)');
  });

  it('a click-through element is no cover when it holds the field, is its label, is not positioned or not visible, or lies beside the centre', () => {
    const style = 'pointer-events: none; position: absolute; visibility: visible; background-color: rgb(255, 255, 255); background-image: none';
    const cases: [string, DOMRect][] = [
      [`<div id="p" style="${style}"><input id="f"></div>`, box(0, 0, 400, 100)],
      [`<input id="f"><label id="p" for="f" style="${style}">Key</label>`, box(0, 0, 400, 100)],
      [`<input id="f"><div id="p" style="${style.replace('absolute', 'static')}"></div>`, box(0, 0, 400, 100)],
      [`<input id="f"><div id="p" style="${style.replace('visible', 'hidden')}"></div>`, box(0, 0, 400, 100)],
      [`<input id="f"><div id="p" style="${style}"></div>`, box(0, 0, 120, 100)],
      [`<input id="f"><div id="p" style="${style}"></div>`, box(121, 0, 100, 100)],
      [`<input id="f"><div id="p" style="${style}"></div>`, box(0, 0, 400, 32)],
      [`<input id="f"><div id="p" style="${style}"></div>`, box(0, 33, 400, 100)],
    ];
    for (const [html, r] of cases) {
      page(html);
      place($('#f'), FIELD);
      $('#p').getBoundingClientRect = () => r;
      expect(coveredBy($('#f')), `${html} ${JSON.stringify([r.left, r.top, r.width, r.height])}`).toBeNull();
    }
    // Its edges: the centre (120, 32) on its left or top edge is under it.
    for (const r of [box(120, 0, 100, 100), box(0, 32, 400, 100)]) {
      page(`<input id="f"><div id="p" style="${style}"></div>`);
      place($('#f'), FIELD);
      $('#p').getBoundingClientRect = () => r;
      expect(coveredBy($('#f'))).toBe('covered by another element (div, pointer-events: none)');
    }
    // z-index 0 does not lift a panel that comes before the field.
    page(`<div id="p" style="${style}; z-index: 0"></div><input id="f">`);
    place($('#f'), FIELD);
    $('#p').getBoundingClientRect = () => box(0, 0, 400, 100);
    expect(coveredBy($('#f'))).toBeNull();
    // After the field, z-index 0 is above it (only a negative one puts it behind the page).
    page(`<input id="f"><div id="p" style="${style}; z-index: 0"></div>`);
    place($('#f'), FIELD);
    $('#p').getBoundingClientRect = () => box(0, 0, 400, 100);
    expect(coveredBy($('#f'))).toBe('covered by another element (div, pointer-events: none)');
  });

  it('scrolls a field whose centre lies just past the viewport, and puts a scrolled box back', () => {
    page('<div id="w" style="overflow-y: auto"><input id="f"></div>');
    const w = $('#w') as HTMLElement;
    const f = $('#f') as HTMLInputElement;
    w.scrollTop = 10;
    w.scrollLeft = 5;
    let scrolled = false;
    f.scrollIntoView = () => {
      scrolled = true;
      w.scrollTop = 400;
      w.scrollLeft = 30;
    };
    // Its centre is exactly on the viewport's right edge (1024): outside, so it is scrolled into view.
    place(f, () => (scrolled ? FIELD : box(924, 20, 200, 24)));
    expect(window.innerWidth).toBe(1024);
    expect(coveredBy(f)).toBeNull();
    expect(scrolled).toBe(true);
    expect([w.scrollTop, w.scrollLeft]).toEqual([10, 5]);
  });
});

describe('hiddenByStyle: the centre decides, and the nearest opaque background', () => {
  it('a field is inside a clipping box when its centre is', () => {
    page('<div id="w" style="overflow-x: hidden; overflow-y: hidden"><input id="low"><input id="out-low"><input id="right"><input id="out-right"></div>');
    place($('#w'), box(0, 0, 400, 100));
    place($('#low'), box(20, 40, 200, 40));
    place($('#out-low'), box(20, 80, 200, 50));
    place($('#right'), box(300, 20, 80, 24));
    place($('#out-right'), box(350, 20, 120, 24));
    expect(hiddenByStyle($('#low'))).toBeNull();
    expect(hiddenByStyle($('#right'))).toBeNull();
    expect(hiddenByStyle($('#out-low'))).toBe('outside a box that hides its overflow');
    expect(hiddenByStyle($('#out-right'))).toBe('outside a box that hides its overflow');
  });

  it('the text is judged against the first opaque background; what lies behind it does not count', () => {
    page(`<div style="background-color: rgb(0, 0, 0); background-image: url(x.png)">
      <input id="f" style="color: rgb(250, 250, 250); background-color: rgb(250, 250, 250); background-image: none"></div>`);
    expect(hiddenByStyle(place($('#f'), FIELD))).toBe('text in the colour of its background');
  });

  it('text nearly transparent (alpha under 0.1) is called transparent', () => {
    page(`<input id="a" style="color: rgba(250, 250, 250, 0.09); background-color: rgb(0, 0, 0); background-image: none">
      <input id="b" style="color: rgba(0, 0, 0, 0.1); background-color: rgb(0, 0, 0); background-image: none">`);
    expect(hiddenByStyle(place($('#a'), FIELD))).toBe('transparent text');
    expect(hiddenByStyle(place($('#b'), FIELD))).toBe('text in the colour of its background');
  });
});

describe('coveredBy: the viewport edges, the scroll and what counts as a cover', () => {
  // A field whose centre is in the viewport is hit-tested where it is; one outside is scrolled into view
  // first. Here scrollIntoView moves nothing, so a field outside stays outside.
  function at(r: DOMRect): { f: HTMLInputElement; scrolls: unknown[] } {
    page('<input id="f">');
    const f = $('#f') as HTMLInputElement;
    const scrolls: unknown[] = [];
    f.scrollIntoView = (arg?: boolean | ScrollIntoViewOptions) => {
      scrolls.push(arg);
    };
    place(f, r);
    return { f, scrolls };
  }

  it('the viewport runs from 0 up to, not including, its width and height', () => {
    expect([window.innerWidth, window.innerHeight]).toEqual([1024, 768]);
    // Centre exactly on the left or top edge (0): inside, tested where it is, not scrolled.
    for (const r of [box(-100, 20, 200, 24), box(20, -12, 200, 24)]) {
      const { f, scrolls } = at(r);
      expect(coveredBy(f), JSON.stringify(r)).toBeNull();
      expect(scrolls).toEqual([]);
    }
    // Centre one pixel left of or above the viewport, or exactly on its bottom edge (768): outside.
    for (const r of [box(-101, 20, 200, 24), box(20, -13, 200, 24), box(20, 756, 200, 24)]) {
      const { f, scrolls } = at(r);
      expect(coveredBy(f), JSON.stringify(r)).toBe('cannot be scrolled into view');
      expect(scrolls).toHaveLength(1);
    }
  });

  it('a field already in view is not scrolled, even where scrolling would move it away', () => {
    page('<input id="f">');
    const f = $('#f') as HTMLInputElement;
    let scrolled = false;
    f.scrollIntoView = () => {
      scrolled = true;
    };
    place(f, () => (scrolled ? box(20, 2000, 200, 24) : FIELD));
    expect(coveredBy(f)).toBeNull();
    expect(scrolled).toBe(false);
  });

  it('scrolls at once (not smoothly), to the centre, and puts a sideways scroll of the window back', () => {
    page('<input id="f">');
    const f = $('#f') as HTMLInputElement;
    const w = window as { scrollX: number; scrollY: number };
    Object.defineProperty(window, 'scrollX', { value: 15, configurable: true, writable: true });
    Object.defineProperty(window, 'scrollY', { value: 40, configurable: true, writable: true });
    const scrollTo = window.scrollTo;
    const intoView: unknown[] = [];
    const back: unknown[] = [];
    f.scrollIntoView = (arg?: boolean | ScrollIntoViewOptions) => {
      intoView.push(arg);
      w.scrollX = 600;
    };
    window.scrollTo = ((o: ScrollToOptions) => {
      back.push(o);
      if (o.left !== undefined) w.scrollX = o.left;
      if (o.top !== undefined) w.scrollY = o.top;
    }) as typeof window.scrollTo;
    try {
      place(f, () => (w.scrollX === 600 ? FIELD : box(1500, 20, 200, 24)));
      expect(coveredBy(f)).toBeNull();
      expect(intoView).toEqual([{ block: 'center', inline: 'center', behavior: 'instant' }]);
      expect(back).toEqual([{ left: 15, top: 40, behavior: 'instant' }]);
      expect([w.scrollX, w.scrollY]).toEqual([15, 40]);
    } finally {
      window.scrollTo = scrollTo;
      delete (window as { scrollX?: unknown }).scrollX;
      delete (window as { scrollY?: unknown }).scrollY;
    }
  });

  it('an image covers the field even on a transparent background (it paints its own pixels)', () => {
    page('<input id="f"><img id="img" style="background-color: rgba(0, 0, 0, 0); background-image: none">');
    place($('#f'), FIELD);
    place($('#img'), box(0, 0, 400, 100));
    expect(coveredBy($('#f'))).toBe('covered by another element (img)');
  });

  it('a layer at exactly the minimum opacity still covers', () => {
    page(`<input id="f"><div id="p" style="opacity: ${MIN_OPACITY}; background-color: rgb(255, 255, 255); background-image: none"></div>`);
    place($('#f'), FIELD);
    place($('#p'), box(0, 0, 400, 100));
    expect(coveredBy($('#f'))).toBe('covered by another element (div)');
  });

  it('a field with a label elsewhere is still covered by what lies over it', () => {
    page('<label for="f">Key</label><input id="f"><div id="p" style="background-color: rgb(255, 255, 255); background-image: none"></div>');
    place($('#f'), FIELD);
    place($('#p'), box(0, 0, 400, 100));
    expect(coveredBy($('#f'))).toBe('covered by another element (div)');
  });

  it('a click-through box that holds the field is no cover, even lifted by a z-index', () => {
    page('<div id="p" style="pointer-events: none; position: absolute; visibility: visible; z-index: 1; background-color: rgb(255, 255, 255); background-image: none"><input id="f"></div>');
    place($('#f'), FIELD);
    $('#p').getBoundingClientRect = () => box(0, 0, 400, 100);
    expect(coveredBy($('#f'))).toBeNull();
  });
});

describe('hiddenByStyle: the page scrolled by another element', () => {
  it('the page scrolls by document.scrollingElement (the body in quirks mode), not always by the root', () => {
    page('<input id="f">');
    const body = document.body;
    Object.defineProperty(document, 'scrollingElement', { value: body, configurable: true });
    Object.defineProperty(body, 'scrollHeight', { value: 3000, configurable: true });
    Object.defineProperty(document.documentElement, 'scrollHeight', { value: 768, configurable: true });
    try {
      expect(hiddenByStyle(place($('#f'), box(20, 2000, 200, 24)))).toBeNull();
    } finally {
      delete (document as { scrollingElement?: unknown }).scrollingElement;
      delete (body as { scrollHeight?: unknown }).scrollHeight;
    }
  });
});

describe('coveredBy: a field in a same-origin frame', () => {
  it('puts back the scroll of the frame and of the page around it', () => {
    // happy-dom loads no frame: the frame's document gets a window by hand, with the frame element as its
    // frameElement, as a same-origin frame has in a browser.
    page('<iframe id="fr" srcdoc=" "></iframe>');
    const frameEl = $('#fr');
    const doc = document.implementation.createHTMLDocument('frame');
    doc.body.innerHTML = '<input id="f">';
    const frameView = {
      innerWidth: 300,
      innerHeight: 150,
      scrollX: 0,
      scrollY: 0,
      frameElement: frameEl,
      getComputedStyle: (e: Element) => window.getComputedStyle(e),
      scrollTo(o: ScrollToOptions) {
        frameView.scrollX = o.left ?? frameView.scrollX;
        frameView.scrollY = o.top ?? frameView.scrollY;
      },
    };
    Object.defineProperty(doc, 'defaultView', { value: frameView, configurable: true });
    const f = doc.getElementById('f') as HTMLInputElement;
    Object.defineProperty(doc, 'elementsFromPoint', { value: () => [f], configurable: true });
    const w = window as { scrollY: number };
    Object.defineProperty(window, 'scrollY', { value: 0, configurable: true, writable: true });
    const scrollTo = window.scrollTo;
    window.scrollTo = ((o: ScrollToOptions) => {
      w.scrollY = o.top ?? w.scrollY;
    }) as typeof window.scrollTo;
    // Scrolling the field into view scrolls the frame and the page that holds the frame.
    f.scrollIntoView = () => {
      frameView.scrollY = 1900;
      w.scrollY = 500;
    };
    f.getBoundingClientRect = () => (frameView.scrollY === 1900 ? box(20, 60, 200, 24) : box(20, 1960, 200, 24));
    try {
      expect(coveredBy(f)).toBeNull();
      expect([frameView.scrollY, w.scrollY]).toEqual([0, 0]);
    } finally {
      window.scrollTo = scrollTo;
      delete (window as { scrollY?: unknown }).scrollY;
    }
  });
});
