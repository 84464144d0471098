// Whether a person can see a form field. A page that wants a secret without the person noticing builds a
// field they cannot see (opacity 0, parked off-screen, clipped, covered, text in the background's colour)
// and labels it "applicationKey"; the detector must then choose nothing. Our own rules, informed by how
// password managers decide "viewable": cheap style checks first, then a hit test at the field's centre.
//
// The top part is pure (strings and numbers in, verdicts out) and unit-tested in Node; the DOM part below
// reads computed styles and layout of the field's own document and never changes the page (a scroll made
// for the hit test is undone before it returns, in the same task, so page code never sees it).
//
// What it cannot see: a cross-origin parent hiding the frame the script runs in (the frame is then asked
// about anyway, see fill-plan.ts); paint order of `pointer-events: none` overlays is only approximated.

/** Below this effective opacity (product over the element and its ancestors) a field counts as unseen. */
export const MIN_OPACITY = 0.2;
/** Text whose contrast with what is behind it is below this ratio (1 = identical colours) counts as unseen. */
export const MIN_TEXT_CONTRAST = 1.3;
/** Boxes thinner than this (CSS px) cannot be seen or clicked. */
export const MIN_SIZE = 2;
/** Text smaller than this (CSS px) cannot be read. */
export const MIN_FONT_SIZE = 4;

export interface Rgba {
  r: number;
  g: number;
  b: number;
  /** 0..1 */
  a: number;
}

const WHITE: Rgba = { r: 255, g: 255, b: 255, a: 1 };

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

function parseChannel(s: string): number | null {
  const t = s.trim();
  if (t === 'none') return 0;
  const n = parseFloat(t);
  if (!Number.isFinite(n)) return null;
  return t.endsWith('%') ? (n / 100) * 255 : n;
}

function parseAlpha(s: string | undefined): number | null {
  if (s === undefined) return 1;
  const t = s.trim();
  const n = parseFloat(t);
  if (!Number.isFinite(n)) return null;
  return clamp(t.endsWith('%') ? n / 100 : n, 0, 1);
}

/**
 * A computed colour as browsers serialise it: `rgb(1, 2, 3)`, `rgba(1, 2, 3, 0.5)`, `rgb(1 2 3 / 50%)`,
 * `transparent`, `#rgb[a]`/`#rrggbb[aa]`, `color(srgb r g b / a)`. Null for anything else (another colour
 * space): callers then make no claim about the colour.
 */
export function parseCssColor(input: string): Rgba | null {
  const s = input.trim().toLowerCase();
  if (s === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
  const hex = /^#([0-9a-f]{3,8})$/.exec(s);
  if (hex) {
    let h = hex[1]!;
    if (h.length === 3 || h.length === 4) h = [...h].map((c) => c + c).join('');
    if (h.length !== 6 && h.length !== 8) return null;
    const byte = (i: number) => parseInt(h.slice(i, i + 2), 16);
    return { r: byte(0), g: byte(2), b: byte(4), a: h.length === 8 ? byte(6) / 255 : 1 };
  }
  const fn = /^(rgba?|color)\((.*)\)$/.exec(s);
  if (!fn) return null;
  let body = fn[2]!.trim();
  let scale = 1;
  if (fn[1] === 'color') {
    if (!body.startsWith('srgb ')) return null;
    body = body.slice(5);
    scale = 255;
  }
  let alpha: string | undefined;
  let parts: string[];
  if (body.includes(',')) {
    parts = body.split(',');
    if (parts.length === 4) alpha = parts.pop();
  } else {
    const [rgb, a] = body.split('/');
    parts = (rgb ?? '').trim().split(/\s+/);
    alpha = a;
  }
  if (parts.length !== 3) return null;
  const ch = parts.map((p) => {
    const v = parseChannel(p);
    return v === null ? null : p.trim().endsWith('%') ? v : v * scale;
  });
  const a = parseAlpha(alpha);
  if (ch.some((v) => v === null) || a === null) return null;
  const [r, g, b] = ch as number[];
  return { r: clamp(r!, 0, 255), g: clamp(g!, 0, 255), b: clamp(b!, 0, 255), a };
}

/** `top` painted over `bottom` (source-over). */
export function compositeOver(top: Rgba, bottom: Rgba): Rgba {
  const a = top.a + bottom.a * (1 - top.a);
  if (a === 0) return { r: 0, g: 0, b: 0, a: 0 };
  const mix = (t: number, b: number) => (t * top.a + b * bottom.a * (1 - top.a)) / a;
  return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a };
}

function luminance(c: Rgba): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

/** WCAG contrast ratio of two opaque colours: 1 (same) … 21 (black on white). */
export function contrastRatio(a: Rgba, b: Rgba): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** Whether text of colour `text` on `background` cannot be told apart from it (same colour, or see-through). */
export function textIsInvisible(text: Rgba, background: Rgba): boolean {
  const bg = compositeOver(background, WHITE);
  return contrastRatio(compositeOver(text, bg), bg) < MIN_TEXT_CONTRAST;
}

/**
 * The effective background behind an element, from the computed `background-color`s of it and its
 * ancestors, innermost first: painted outermost to innermost over the white canvas. Stops at the first
 * opaque one (nothing behind it shows).
 */
export function effectiveBackground(innermostFirst: Rgba[]): Rgba {
  const stopAt = innermostFirst.findIndex((c) => c.a >= 1);
  const layers = stopAt === -1 ? innermostFirst : innermostFirst.slice(0, stopAt + 1);
  let out = WHITE;
  for (const layer of [...layers].reverse()) out = compositeOver(layer, out);
  return out;
}

/** An element's own opacity factor from its computed `opacity` and `filter` (`opacity(…)` functions). */
export function opacityFactor(opacity: string, filter = 'none'): number {
  let f = parseFloat(opacity);
  if (!Number.isFinite(f)) f = 1;
  f = clamp(f, 0, 1);
  for (const m of filter.matchAll(/opacity\(\s*([-\d.]+)(%?)\s*\)/g)) {
    let v = parseFloat(m[1]!);
    if (!Number.isFinite(v)) continue;
    if (m[2] === '%') v /= 100;
    f *= clamp(v, 0, 1);
  }
  return f;
}

function lengthOf(s: string, basis: number): number | null {
  const t = s.trim();
  if (t === 'auto') return null;
  const n = parseFloat(t);
  if (!Number.isFinite(n)) return null;
  return t.endsWith('%') ? (n / 100) * basis : n;
}

/**
 * Whether `clip` (on an absolutely positioned box) or `clip-path` leaves less than MIN_SIZE of a box of
 * `width` × `height` to see. Understands `rect(…)`, `inset(…)`, `circle(…)`, `ellipse(…)`; other shapes
 * (polygon, path, url) get no verdict here (the hit test still applies).
 */
export function clipHidesAll(clip: string, clipPath: string, width: number, height: number): boolean {
  const rect = /^rect\((.*)\)$/.exec(clip.trim());
  if (rect) {
    const v = rect[1]!.split(/[\s,]+/).filter(Boolean);
    if (v.length === 4) {
      const [top, right, bottom, left] = v.map((x, i) => lengthOf(x, i % 2 ? width : height));
      const w = (right ?? width) - (left ?? 0);
      const h = (bottom ?? height) - (top ?? 0);
      if (w < MIN_SIZE || h < MIN_SIZE) return true;
    }
  }
  const path = clipPath.trim();
  const inset = /^inset\(([^)]*)\)/.exec(path);
  if (inset) {
    const v = inset[1]!.split(/\s+round\s+/)[0]!.split(/\s+/).filter(Boolean);
    const [t = '0', r = t, b = t, l = r] = v;
    const top = lengthOf(t, height) ?? 0;
    const right = lengthOf(r, width) ?? 0;
    const bottom = lengthOf(b, height) ?? 0;
    const left = lengthOf(l, width) ?? 0;
    if (width - left - right < MIN_SIZE || height - top - bottom < MIN_SIZE) return true;
  }
  const circle = /^circle\(\s*([^\s)]+)/.exec(path);
  if (circle) {
    const radius = lengthOf(circle[1]!, Math.hypot(width, height) / Math.SQRT2);
    if (radius !== null && radius * 2 < MIN_SIZE) return true;
  }
  const ellipse = /^ellipse\(\s*([^\s)]+)\s+([^\s)]+)/.exec(path);
  if (ellipse) {
    const rx = lengthOf(ellipse[1]!, width);
    const ry = lengthOf(ellipse[2]!, height);
    if ((rx !== null && rx * 2 < MIN_SIZE) || (ry !== null && ry * 2 < MIN_SIZE)) return true;
  }
  return false;
}

/** Whether a person can scroll a box with this computed `overflow-x`/`-y` (visible counts: it does not clip). */
export function userScrollable(overflow: string): boolean {
  return overflow !== 'hidden' && overflow !== 'clip';
}

/**
 * Why a box's overflow hides a point at `centre` on one axis, or null. `start`/`size` are the box's edge and
 * size, `scrolled`/`scrollSize` its scroll offset and scrollable size. Hidden/clip: only what the box shows
 * now is seen (a page may scroll it by script, the person cannot). Auto/scroll: anything in its scrollable area.
 */
export function overflowHides(overflow: string, centre: number, start: number, size: number, scrolled: number, scrollSize: number): string | null {
  if (overflow === 'visible') return null;
  if (size < MIN_SIZE) return 'inside a zero-size box that hides its overflow';
  if (!userScrollable(overflow)) {
    return centre >= start && centre < start + size ? null : 'outside a box that hides its overflow';
  }
  const contentStart = start - scrolled;
  return centre >= contentStart && centre < contentStart + Math.max(scrollSize, size) ? null : 'outside the area its scrolling box can show';
}

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Whether a box (viewport coordinates, as getBoundingClientRect gives) has its centre inside the
 * document's scrollable area: a field below the fold is reachable by scrolling, one at left:-9999px is not.
 */
export function centreInDocument(box: Box, scroll: { x: number; y: number }, doc: { width: number; height: number }): boolean {
  const cx = box.left + box.width / 2 + scroll.x;
  const cy = box.top + box.height / 2 + scroll.y;
  return cx >= 0 && cy >= 0 && cx < doc.width && cy < doc.height;
}

// ---------------------------------------------------------------------------------------------------
// DOM

/** The parent in the rendered (flat) tree: the slot a light-DOM child is shown in, else the parent or shadow host. */
function flatParent(el: Element): Element | null {
  const slot = (el as Element & { assignedSlot?: Element | null }).assignedSlot;
  if (slot) return slot;
  if (el.parentElement) return el.parentElement;
  const root = el.parentNode;
  return root && root.nodeType === 11 && 'host' in root ? (root as ShadowRoot).host : null;
}

function styleOf(el: Element): CSSStyleDeclaration | null {
  return el.ownerDocument.defaultView?.getComputedStyle(el) ?? null;
}

/**
 * Why a person cannot see `el` judging by styles and layout alone (no scrolling), or null when nothing
 * says so. Covers display/visibility, zero size, effective opacity, clipping, off-document placement,
 * unreadable text.
 */
export function hiddenByStyle(el: Element): string | null {
  const style = styleOf(el);
  if (!style) return 'not rendered';
  if (typeof el.checkVisibility === 'function' && !el.checkVisibility({ checkVisibilityCSS: true, visibilityProperty: true })) {
    return 'not rendered (display or visibility)';
  }
  if (style.display === 'none') return 'display: none';
  if (style.visibility === 'hidden' || style.visibility === 'collapse') return `visibility: ${style.visibility}`;
  const rect = el.getBoundingClientRect();
  if (rect.width < MIN_SIZE || rect.height < MIN_SIZE) return `zero size (${Math.round(rect.width)}×${Math.round(rect.height)})`;

  const doc = el.ownerDocument;
  const view = doc.defaultView;
  const cx = rect.left + rect.width / 2;
  const cy = rect.top + rect.height / 2;
  let opacity = 1;
  // Which ancestors' overflow can clip the field: an absolutely positioned box escapes those below its
  // containing block, a fixed one escapes all (transforms aside).
  let needPositioned = false;
  let escapedAll = false;
  // Where the field's centre comes to once the person scrolls each box it scrolls inside to show it: an app's pane
  // that scrolls on its own (the page itself as high as the window) holds fields far below the window, and they
  // are on the page all the same.
  const reach = { x: cx, y: cy };
  for (let a: Element | null = el; a; a = flatParent(a)) {
    const s = a === el ? style : styleOf(a);
    if (!s) continue;
    if (s.display === 'contents') continue;
    opacity *= opacityFactor(s.opacity, s.filter);
    if (opacity < MIN_OPACITY) return `opacity ${opacity.toFixed(2)}${a === el ? '' : ' (through an ancestor)'}`;
    const r = a === el ? rect : a.getBoundingClientRect();
    if (clipHidesAll(s.position === 'absolute' || s.position === 'fixed' ? s.clip : 'auto', s.clipPath, r.width, r.height)) {
      return a === el ? 'clipped to nothing' : 'clipped to nothing (through an ancestor)';
    }
    if (a !== el) {
      if (needPositioned && (s.position !== 'static' || s.transform !== 'none')) needPositioned = false;
      const isRoot = a === doc.documentElement || a === doc.body;
      if (!isRoot && !escapedAll && !needPositioned) {
        const why = overflowHides(s.overflowX, cx, r.left, r.width, a.scrollLeft, a.scrollWidth) ?? overflowHides(s.overflowY, cy, r.top, r.height, a.scrollTop, a.scrollHeight);
        if (why) return why;
        if (s.overflowX !== 'visible' && userScrollable(s.overflowX)) reach.x = Math.min(Math.max(reach.x, r.left), r.left + r.width - 1);
        if (s.overflowY !== 'visible' && userScrollable(s.overflowY)) reach.y = Math.min(Math.max(reach.y, r.top), r.top + r.height - 1);
      }
    }
    if (s.position === 'fixed') escapedAll = true;
    else if (s.position === 'absolute') needPositioned = true;
  }

  // The page itself: an axis whose overflow the page hides cannot be scrolled by the person, so only what is
  // shown now counts there; otherwise anything in the scrollable area can be reached.
  const root = doc.documentElement;
  const rootStyle = root ? styleOf(root) : null;
  const bodyStyle = doc.body ? styleOf(doc.body) : null;
  const viewportOverflow = (axis: 'overflowX' | 'overflowY') => (rootStyle && rootStyle[axis] !== 'visible' ? rootStyle[axis] : (bodyStyle?.[axis] ?? 'visible'));
  const scroller = doc.scrollingElement ?? root;
  const innerWidth = view?.innerWidth ?? 0;
  const innerHeight = view?.innerHeight ?? 0;
  const userX = userScrollable(viewportOverflow('overflowX'));
  const userY = userScrollable(viewportOverflow('overflowY'));
  const docSize = {
    width: userX ? Math.max(scroller?.scrollWidth ?? 0, innerWidth) : innerWidth,
    height: userY ? Math.max(scroller?.scrollHeight ?? 0, innerHeight) : innerHeight,
  };
  const scroll = { x: userX ? (view?.scrollX ?? 0) : 0, y: userY ? (view?.scrollY ?? 0) : 0 };
  if (!centreInDocument({ left: reach.x, top: reach.y, width: 0, height: 0 }, scroll, docSize)) return 'outside the page';

  if (parseFloat(style.fontSize) < MIN_FONT_SIZE) return `text too small to read (${style.fontSize})`;
  const fill = style.getPropertyValue('-webkit-text-fill-color');
  const text = parseCssColor(fill && fill !== 'currentcolor' ? fill : style.color);
  if (text) {
    const layers: Rgba[] = [];
    for (let a: Element | null = el; a; a = flatParent(a)) {
      const s = a === el ? style : styleOf(a);
      // A background image may be what the text stands out against: make no claim then.
      if (!s || s.backgroundImage !== 'none') return null;
      const bg = parseCssColor(s.backgroundColor);
      if (!bg) return null;
      if (bg.a > 0) layers.push(bg);
      if (bg.a >= 1) break;
    }
    if (textIsInvisible(text, effectiveBackground(layers))) return text.a < 0.1 ? 'transparent text' : 'text in the colour of its background';
  }
  return null;
}

const REPLACED = new Set(['img', 'video', 'canvas', 'iframe', 'frame', 'embed', 'object', 'svg', 'input', 'textarea', 'select', 'button', 'picture']);

/** Whether `el` itself paints something that would hide what lies under it at a point of its box. */
function paintsOver(el: Element): boolean {
  if (REPLACED.has(el.localName)) return true;
  const s = styleOf(el);
  if (!s) return false;
  if (opacityFactor(s.opacity, s.filter) < MIN_OPACITY) return false;
  if (s.backgroundImage !== 'none') return true;
  const bg = parseCssColor(s.backgroundColor);
  // Text alone on a see-through box (a floating placeholder) leaves the field itself in sight.
  return bg === null || bg.a > 0.1;
}

/**
 * Hit testing skips elements with `pointer-events: none`, so an opaque panel with it would hide the field and
 * still let the hit test reach the field. Such a panel is looked for directly: positioned, painting, over the
 * centre point, and above the field by a rough paint order (later in the document, or a positive z-index).
 */
function passThroughCover(el: Element, x: number, y: number): Element | null {
  const doc = el.ownerDocument;
  const root = el.getRootNode() as Document | ShadowRoot;
  const scopes: (Document | ShadowRoot)[] = root === doc ? [doc] : [root, doc];
  for (const scope of scopes) {
    for (const other of Array.from(scope.querySelectorAll('*'))) {
      if (other === el || other.contains(el) || el.contains(other) || hitBelongsTo(other, el)) continue;
      const s = styleOf(other);
      if (!s || s.pointerEvents !== 'none' || s.position === 'static' || s.visibility !== 'visible') continue;
      const r = other.getBoundingClientRect();
      if (x < r.left || x >= r.right || y < r.top || y >= r.bottom) continue;
      const z = parseInt(s.zIndex, 10);
      if (Number.isFinite(z) && z < 0) continue;
      const follows = (el.compareDocumentPosition(other) & 4) /* DOCUMENT_POSITION_FOLLOWING */ !== 0;
      if ((follows || (Number.isFinite(z) && z > 0)) && paintsOver(other)) return other;
    }
  }
  return null;
}

/** Whether a hit-test result at the field's centre is the field itself, in it, its label, or a host around it. */
function hitBelongsTo(hit: Element, el: Element): boolean {
  if (hit === el || el.contains(hit)) return true;
  // A shadow host (or a chain of them) around the field: hit tests at the document level stop there.
  if (hit.shadowRoot && hit.shadowRoot.contains(el)) return true;
  for (let n: Node | null = el.getRootNode(); n && n.nodeType === 11 && 'host' in n; n = (n as ShadowRoot).host.getRootNode()) {
    if ((n as ShadowRoot).host === hit) return true;
  }
  const labels = (el as HTMLInputElement).labels;
  if (labels) for (const l of Array.from(labels)) if (l === hit || l.contains(hit)) return true;
  return false;
}

/** Remembers the scroll positions of the element's ancestors and windows (up through same-origin frames). */
function saveScroll(el: Element): () => void {
  const undo: (() => void)[] = [];
  let node: Element | null = el;
  for (let guard = 0; node && guard < 10; guard++) {
    for (let a = flatParent(node); a; a = flatParent(a)) {
      const { scrollTop, scrollLeft } = a;
      const target = a;
      undo.push(() => {
        if (target.scrollTop !== scrollTop) target.scrollTop = scrollTop;
        if (target.scrollLeft !== scrollLeft) target.scrollLeft = scrollLeft;
      });
    }
    const view: Window | null = node.ownerDocument.defaultView;
    if (!view) break;
    const { scrollX, scrollY } = view;
    undo.push(() => {
      if (view.scrollX !== scrollX || view.scrollY !== scrollY) view.scrollTo({ left: scrollX, top: scrollY, behavior: 'instant' });
    });
    let frame: Element | null = null;
    try {
      frame = view.frameElement;
    } catch {
      frame = null;
    }
    node = frame;
  }
  return () => {
    for (const f of undo.reverse()) f();
  };
}

function inViewport(x: number, y: number, view: Window): boolean {
  return x >= 0 && y >= 0 && x < view.innerWidth && y < view.innerHeight;
}

/**
 * Why `el` is hidden behind something at its centre, or null when the person would see it there. A field
 * outside the viewport, or covered where it is now, is scrolled to the middle of the view for the test and the
 * scroll is undone at once: a bar fixed to the bottom of the window covers a field only until the person scrolls,
 * while an overlay over the form moves with it.
 */
export function coveredBy(el: Element): string | null {
  const doc = el.ownerDocument;
  const view = doc.defaultView;
  if (!view) return null;
  const centre = () => {
    const r = el.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  };
  let { x, y } = centre();
  const scrolled: { undo: (() => void) | null } = { undo: null };
  const toMiddle = (): boolean => {
    scrolled.undo ??= saveScroll(el);
    el.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' });
    ({ x, y } = centre());
    return inViewport(x, y, view);
  };
  try {
    const inView = inViewport(x, y, view);
    if (!inView && !toMiddle()) return 'cannot be scrolled into view';
    const first = hitTest(el, x, y);
    // Scrolled already, or seen: that is the answer. Otherwise ask again with the field in the middle of the view.
    if (first === null || !inView) return first;
    return toMiddle() ? hitTest(el, x, y) : first;
  } finally {
    scrolled.undo?.();
  }
}

/** Why `el` is not what a person sees at (x, y) of the view, or null when it is. */
function hitTest(el: Element, x: number, y: number): string | null {
  const root = el.getRootNode() as (Document | ShadowRoot) & { elementsFromPoint?: (x: number, y: number) => Element[] };
  const stack = typeof root.elementsFromPoint === 'function' ? root.elementsFromPoint(x, y) : el.ownerDocument.elementsFromPoint(x, y);
  for (const hit of stack) {
    if (hitBelongsTo(hit, el)) {
      const cover = passThroughCover(el, x, y);
      return cover ? `covered by another element (${cover.localName}, pointer-events: none)` : null;
    }
    // A see-through layer (a wrapper, an outline drawn with borders) hides nothing at this point.
    if (paintsOver(hit)) return `covered by another element (${hit.localName})`;
  }
  return 'not found at its own position';
}

/** Why a person cannot see `el`, or null when they can. */
export function whyHidden(el: Element): string | null {
  return hiddenByStyle(el) ?? coveredBy(el);
}
