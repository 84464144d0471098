// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { drawFirstScreen, dropFirstScreen, FIRST_SCREEN_CLASS, FIRST_SCREEN_ID, FIRST_SCREEN_ITEM, FIRST_SCREEN_MARK, firstScreenHtml, forgetFirstScreen, keepFirstScreen, LIVE_CLASS } from './first-screen';

/** A Storage stand-in that records what was set, and can refuse like a full or disabled localStorage. */
class MemoryStorage {
  items = new Map<string, string>();
  refuse = false;
  getItem(k: string) {
    if (this.refuse) throw new Error('SecurityError');
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    if (this.refuse) throw new Error('QuotaExceededError');
    this.items.set(k, v);
  }
  removeItem(k: string) {
    if (this.refuse) throw new Error('SecurityError');
    this.items.delete(k);
  }
}

/** The live popup's list screen as KeysScreen draws it (the parts first-screen.ts looks at). */
function liveList(opts: { keepable?: boolean; rows?: number } = {}): HTMLElement {
  document.body.innerHTML = '<div id="app"></div>';
  const app = document.getElementById('app')!;
  const rows = Array.from({ length: opts.rows ?? 2 }, (_, i) => `<div class="key-row" data-testid="key-row" data-key-id="k${i}"><span class="key-name">key-${i}</span></div>`).join('');
  app.innerHTML = `<main class="popup-main" ${opts.keepable === false ? '' : 'data-first-screen=""'}>
    <header><h1>B2 Key Manager</h1></header>
    <section data-testid="for-this-page" data-no-snapshot><p>Used on this page: key-0</p></section>
    <p role="status" data-testid="notice" data-no-snapshot>Created “key-1”.</p>
    <input id="search" autofocus>
    <div class="vlist">${rows}</div>
  </main>`;
  return app;
}

beforeEach(() => {
  document.documentElement.className = '';
  document.body.innerHTML = '';
});

describe('keeping the popup’s first screen', () => {
  it('keeps the plain list without the parts marked data-no-snapshot, and without autofocus', () => {
    const storage = new MemoryStorage();
    keepFirstScreen(liveList(), storage);
    const kept = JSON.parse(storage.items.get(FIRST_SCREEN_ITEM)!) as { v: number; html: string };
    expect(kept.v).toBe(1);
    expect(kept.html).toContain('key-0');
    expect(kept.html).toContain('data-testid="key-row"');
    expect(kept.html).not.toContain('Used on this page');
    expect(kept.html).not.toContain('Created');
    expect(kept.html).not.toContain('autofocus');
  });

  it('keeps nothing for a screen that is not the plain list, a list without rows, or a scrolled list', () => {
    const storage = new MemoryStorage();
    keepFirstScreen(liveList({ keepable: false }), storage);
    keepFirstScreen(liveList({ rows: 0 }), storage);
    const scrolled = liveList();
    const scroller = scrolled.querySelector('.vlist')!;
    Object.defineProperty(scroller, 'scrollTop', { value: 380 });
    keepFirstScreen(scrolled, storage);
    expect(storage.items.size).toBe(0);
    expect(firstScreenHtml(liveList())).not.toBeNull();
  });

  it('keeps a copy of up to 256 KiB of HTML, and nothing larger', () => {
    const max = 256 * 1024;
    const app = liveList();
    const base = firstScreenHtml(app)!.length;
    app.append('x'.repeat(max - base));
    expect(firstScreenHtml(app)).toHaveLength(max);
    app.append('x');
    expect(firstScreenHtml(app)).toBeNull();
    const storage = new MemoryStorage();
    keepFirstScreen(app, storage);
    expect(storage.items.size).toBe(0);
  });

  it('a refused or full storage is not an error', () => {
    const storage = new MemoryStorage();
    storage.refuse = true;
    expect(() => keepFirstScreen(liveList(), storage)).not.toThrow();
    expect(() => forgetFirstScreen(storage)).not.toThrow();
    expect(drawFirstScreen(document, storage)).toBe(false);
  });
});

describe('drawing it at the next opening', () => {
  function kept(): MemoryStorage {
    const storage = new MemoryStorage();
    keepFirstScreen(liveList(), storage);
    document.body.innerHTML = '<div id="app"></div>';
    return storage;
  }

  it('draws the copy in front of #app, inert and hidden from assistive technology, and hides #app', () => {
    const marks = performance.getEntriesByName(FIRST_SCREEN_MARK).length;
    expect(drawFirstScreen(document, kept())).toBe(true);
    expect(performance.getEntriesByName(FIRST_SCREEN_MARK)).toHaveLength(marks + 1);
    const copy = document.getElementById(FIRST_SCREEN_ID)!;
    expect(copy.nextElementSibling?.id).toBe('app');
    expect(copy.hasAttribute('inert')).toBe(true);
    expect(copy.getAttribute('aria-hidden')).toBe('true');
    expect(copy.querySelectorAll('[data-testid="key-row"]')).toHaveLength(2);
    expect(document.documentElement.classList.contains(FIRST_SCREEN_CLASS)).toBe(true);
  });

  it('the live popup’s first drawing removes it, and a copy drawn after that is refused', () => {
    const storage = kept();
    drawFirstScreen(document, storage);
    dropFirstScreen(document);
    expect(document.getElementById(FIRST_SCREEN_ID)).toBeNull();
    expect(document.documentElement.classList.contains(FIRST_SCREEN_CLASS)).toBe(false);
    expect(document.documentElement.classList.contains(LIVE_CLASS)).toBe(true);
    // The early script ran late: the live popup is already there, so nothing may cover it.
    expect(drawFirstScreen(document, storage)).toBe(false);
    expect(document.getElementById(FIRST_SCREEN_ID)).toBeNull();
  });

  it('draws once, and nothing without a kept copy, without #app, or from a damaged or foreign item', () => {
    const storage = kept();
    expect(drawFirstScreen(document, storage)).toBe(true);
    expect(drawFirstScreen(document, storage)).toBe(false);
    expect(document.querySelectorAll(`#${FIRST_SCREEN_ID}`)).toHaveLength(1);

    for (const item of ['not json', '{"v":2,"html":"<p>x</p>"}', '{"v":1,"html":""}', '{"v":1}', 'null', `{"v":1,"html":"${'x'.repeat(300 * 1024)}"}`]) {
      document.documentElement.className = '';
      document.body.innerHTML = '<div id="app"></div>';
      const s = new MemoryStorage();
      s.items.set(FIRST_SCREEN_ITEM, item);
      expect(drawFirstScreen(document, s), item.slice(0, 30)).toBe(false);
      expect(document.getElementById(FIRST_SCREEN_ID)).toBeNull();
    }
    document.body.innerHTML = '';
    expect(drawFirstScreen(document, kept())).toBe(true);
    document.body.innerHTML = '';
    expect(drawFirstScreen(document, storage)).toBe(false);
    expect(drawFirstScreen(document, null)).toBe(false);
  });

  it('draws a kept copy of exactly 256 KiB', () => {
    const s = new MemoryStorage();
    s.items.set(FIRST_SCREEN_ITEM, JSON.stringify({ v: 1, html: `<p>${'x'.repeat(256 * 1024 - 7)}</p>` }));
    document.body.innerHTML = '<div id="app"></div>';
    expect(drawFirstScreen(document, s)).toBe(true);
    expect(document.getElementById(FIRST_SCREEN_ID)?.textContent).toHaveLength(256 * 1024 - 7);
  });

  it('forgetting removes the kept copy', () => {
    const storage = kept();
    forgetFirstScreen(storage);
    expect(storage.items.has(FIRST_SCREEN_ITEM)).toBe(false);
    expect(drawFirstScreen(document, storage)).toBe(false);
  });
});
