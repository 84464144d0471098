/**
 * The popup's first screen, drawn from a copy of what the key list showed last time, before any script module
 * has loaded or the background has answered: the popup is opened often, and its first key rows are otherwise
 * behind the page's modules and a round trip to the background (issue 9: the popup against an empty page).
 *
 * The copy is the list screen's HTML as the popup drew it, kept in the extension's own localStorage (extension
 * pages only; web pages and content scripts cannot read it). It holds what the list shows: key names, keyIDs,
 * buckets, expiry and badges, never an applicationKey: only the plain list screen is kept (no panel, no search,
 * no filter), and the parts marked `data-no-snapshot` (the keys used on the current page, notices) are cut
 * out first. It is drawn inert and hidden from assistive technology, and removed the moment the live popup has
 * drawn itself; until then a click on it does nothing. The options page forgets it when an account is removed.
 *
 * No imports and no extension APIs: /popup-early.js carries this file, and Node tests run it on happy-dom.
 */

/** localStorage item: { v: 1, html }. */
export const FIRST_SCREEN_ITEM = 'b2km:first-screen';
export const FIRST_SCREEN_ID = 'first-screen';
/** On <html> while the copy is shown: popup.css hides the live #app under it until it is removed. */
export const FIRST_SCREEN_CLASS = 'first-screen-shown';
/** performance.mark() name set when the copy is drawn. */
export const FIRST_SCREEN_MARK = 'b2km:first-screen';
/** On <html> once the live popup has drawn its first answer: no copy is drawn after that. */
export const LIVE_CLASS = 'popup-live';
/** On the live screen's root when it shows the plain list that may be kept. */
export const KEEPABLE_ATTR = 'data-first-screen';
/** A copy larger than this is not kept: a first screen is a few dozen rows, far below it. */
const MAX_HTML = 256 * 1024;

type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function read(storage: StorageLike): string | null {
  const raw = storage.getItem(FIRST_SCREEN_ITEM);
  if (!raw) return null;
  const parsed = JSON.parse(raw) as unknown;
  if (!parsed || typeof parsed !== 'object') return null;
  const { v, html } = parsed as { v?: unknown; html?: unknown };
  return v === 1 && typeof html === 'string' && html.length > 0 && html.length <= MAX_HTML ? html : null;
}

/**
 * Draws the kept copy in front of #app. Returns whether it did. Any failure (no storage, a damaged item) only
 * means the popup starts as it would without a copy.
 */
export function drawFirstScreen(doc: Document, storage: StorageLike | null): boolean {
  try {
    const app = doc.getElementById('app');
    // LIVE_CLASS: the live popup has drawn its answer already (this script ran late); a copy would cover it.
    if (!storage || !app || doc.getElementById(FIRST_SCREEN_ID) || doc.documentElement.classList.contains(LIVE_CLASS)) return false;
    const html = read(storage);
    if (html === null) return false;
    const copy = doc.createElement('div');
    copy.id = FIRST_SCREEN_ID;
    // inert: nothing in it can be focused or clicked; aria-hidden: a screen reader waits for the live popup.
    copy.setAttribute('inert', '');
    copy.setAttribute('aria-hidden', 'true');
    // Our own serialisation of our own DOM, from storage only extension pages can write. Parsed into an inert
    // document (no script runs there, and the extension's CSP would refuse inline ones anyway), then moved in:
    // no HTML string is ever assigned to a live element, which is also what store reviewers' linters check.
    const parsed = new DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html');
    copy.append(...Array.from(parsed.body.childNodes));
    app.before(copy);
    doc.documentElement.classList.add(FIRST_SCREEN_CLASS);
    // A user-timing mark: when the copy went up, for profiles and for tests that cannot watch the page load.
    performance.mark(FIRST_SCREEN_MARK);
    return true;
  } catch {
    return false;
  }
}

/** Removes the copy; the live popup calls it in the same task as its first drawing, so both are never seen together. */
export function dropFirstScreen(doc: Document): void {
  doc.getElementById(FIRST_SCREEN_ID)?.remove();
  doc.documentElement.classList.remove(FIRST_SCREEN_CLASS);
  doc.documentElement.classList.add(LIVE_CLASS);
}

/**
 * The HTML to keep for `app` (the live popup's root), or null when what it shows is not the plain list at its
 * top: a panel, a search, another filter, or a scrolled list is not a first screen.
 */
export function firstScreenHtml(app: Element): string | null {
  const screen = app.querySelector(`[${KEEPABLE_ATTR}]`);
  if (!screen) return null;
  if (!app.querySelector('[data-testid="key-row"]')) return null;
  const scroller = app.querySelector('.vlist');
  if (scroller && scroller.scrollTop !== 0) return null;
  const clone = app.cloneNode(true) as Element;
  for (const cut of clone.querySelectorAll('[data-no-snapshot]')) cut.remove();
  // A kept copy must not take focus or be told apart from the live screen by tests of the live one.
  for (const el of clone.querySelectorAll('[autofocus]')) el.removeAttribute('autofocus');
  const html = clone.innerHTML;
  return html.length <= MAX_HTML ? html : null;
}

/** Keeps the plain list screen `app` shows for the next opening (nothing, when it shows something else). */
export function keepFirstScreen(app: Element, storage: StorageLike | null): void {
  try {
    const html = firstScreenHtml(app);
    if (html !== null) storage?.setItem(FIRST_SCREEN_ITEM, JSON.stringify({ v: 1, html }));
  } catch {
    // Storage full or refused: the next popup starts without a copy.
  }
}

/** Forgets the copy (an account removed, no account to list). */
export function forgetFirstScreen(storage: StorageLike | null): void {
  try {
    storage?.removeItem(FIRST_SCREEN_ITEM);
  } catch {
    // Nothing kept, or storage refused: nothing to forget.
  }
}

/** window.localStorage, or null where the page may not use it (storage disabled for the profile). */
export function pageStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
