/**
 * Functions the bench runs inside extension pages (BenchPage.run). Each is self-contained: it is shipped as
 * source text, so it may use only its argument and the page's globals. Types here are erased; they document.
 */
interface ExtApi {
  alarms: { getAll(): Promise<{ scheduledTime: number }[]> };
  runtime: { sendMessage(m: unknown): Promise<unknown> };
  storage: {
    local: { get(k: null): Promise<Record<string, unknown>> };
    onChanged: { addListener(f: (changes: Record<string, { newValue?: unknown }>, area: string) => void): void };
  };
}
type BenchGlobals = typeof globalThis & { browser?: ExtApi; chrome?: ExtApi; __benchFirstRow?: number; __benchWrites?: { bytes: number; keys: string[]; lastAt: number }; __benchWriteListener?: (changes: Record<string, { newValue?: unknown }>, area: string) => void };

export interface TimedReply {
  ms: number;
  /** UTF-8 bytes of the reply's JSON. */
  bytes: number;
  ok: boolean;
  error: string | null;
  /** value.keys.length when the reply has a key list. */
  keys: number | null;
}

/** Sends one RPC envelope, as the pages' client does, and times the round trip. */
export async function timedRpc(a: { method: string; params: unknown }): Promise<TimedReply> {
  const g = globalThis as BenchGlobals;
  const api = (g.browser ?? g.chrome)!;
  const t0 = performance.now();
  const reply = (await api.runtime.sendMessage({ b2km: 1, method: a.method, params: a.params })) as { ok: boolean; value?: { keys?: unknown[] }; error?: { code: string; message: string } };
  const ms = performance.now() - t0;
  const bytes = new TextEncoder().encode(JSON.stringify(reply)).length;
  const error = reply?.ok ? null : `${reply?.error?.code} ${reply?.error?.message}`;
  return { ms, bytes, ok: !!reply?.ok, error, keys: Array.isArray(reply?.value?.keys) ? reply.value.keys.length : null };
}

/** One RPC whose (small) value the bench needs. */
export async function rpcValue(a: { method: string; params: unknown }): Promise<unknown> {
  const g = globalThis as BenchGlobals;
  const reply = (await (g.browser ?? g.chrome)!.runtime.sendMessage({ b2km: 1, method: a.method, params: a.params })) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
  if (!reply?.ok) throw new Error(`${a.method}: ${reply?.error?.code} ${reply?.error?.message}`);
  return reply.value;
}

/**
 * Pages through every key with b2_list_keys (10,000 a page), one call after the other, with the runtime's own fetch
 * and JSON parse: the refresh's list calls alone. Self-contained like the rest of this file, and it uses only what
 * Node has too, so the bench runs it both in Node (BenchEmulator.timeListCalls) and in an app page, where the
 * requests meet the same host and CORS preflights as the background's. Authorizes first, untimed.
 */
export async function timeListCalls(a: { url: string; applicationKeyId: string; applicationKey: string }): Promise<{ ms: number; calls: number; keys: number }> {
  const json = async (url: string, init: RequestInit) => {
    const res = await fetch(url, init);
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
    return res.json();
  };
  const auth = await json(`${a.url}/b2api/v4/b2_authorize_account`, { headers: { authorization: `Basic ${btoa(`${a.applicationKeyId}:${a.applicationKey}`)}` } });
  const t0 = performance.now();
  let start: string | null = null;
  let calls = 0;
  let keys = 0;
  do {
    const page: { keys: unknown[]; nextApplicationKeyId: string | null } = await json(`${auth.apiInfo.storageApi.apiUrl}/b2api/v4/b2_list_keys`, {
      method: 'POST',
      headers: { authorization: auth.authorizationToken, 'content-type': 'application/json' },
      body: JSON.stringify({ accountId: auth.accountId, maxKeyCount: 10_000, ...(start ? { startApplicationKeyId: start } : {}) }),
    });
    calls++;
    keys += page.keys.length;
    start = page.nextApplicationKeyId;
  } while (start);
  return { ms: performance.now() - t0, calls, keys };
}

/** What the probe script recorded: ms from navigation start to the first key row in the DOM. */
export function firstRowTime(): number | null {
  return (globalThis as BenchGlobals).__benchFirstRow ?? null;
}

/** When the first live key row (in #app, not the popup's kept copy) entered the DOM, or null. */
export function liveRowTime(): number | null {
  return (globalThis as { __benchLiveRow?: number }).__benchLiveRow ?? null;
}

/** Issue 13: what the options page's hygiene probe recorded (ms from navigation start), or null. */
export function hygieneTime(): number | null {
  return (globalThis as { __benchHygiene?: number }).__benchHygiene ?? null;
}

/** A bare PBKDF2-SHA256 600,000-iteration deriveBits, as the vault's unlock does it. */
export async function barePbkdf2(): Promise<number> {
  const t0 = performance.now();
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode('bench passphrase'), 'PBKDF2', false, ['deriveBits']);
  await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: crypto.getRandomValues(new Uint8Array(16)), iterations: 600_000 }, key, 256);
  return performance.now() - t0;
}

/** Everything in storage.local: the sum of each value's JSON length in UTF-8 bytes, and the item count. */
export async function storageBytes(): Promise<{ bytes: number; items: number }> {
  const g = globalThis as BenchGlobals;
  const all = await (g.browser ?? g.chrome)!.storage.local.get(null);
  const enc = new TextEncoder();
  let bytes = 0;
  for (const v of Object.values(all)) bytes += enc.encode(JSON.stringify(v) ?? '').length;
  return { bytes, items: Object.keys(all).length };
}

/** From now on, add up what every storage.local write sets (JSON bytes of each newValue). */
export function recordWrites(): void {
  const g = globalThis as BenchGlobals;
  if (g.__benchWrites) return;
  g.__benchWrites = { bytes: 0, keys: [], lastAt: 0 };
  const enc = new TextEncoder();
  g.__benchWriteListener = (changes, area) => {
    if (area !== 'local') return;
    for (const [key, change] of Object.entries(changes)) {
      g.__benchWrites!.bytes += change.newValue === undefined ? 0 : enc.encode(JSON.stringify(change.newValue)).length;
      g.__benchWrites!.keys.push(key);
    }
    g.__benchWrites!.lastAt = Date.now();
  };
  (g.browser ?? g.chrome)!.storage.onChanged.addListener(g.__benchWriteListener);
}

/**
 * Stops recordWrites until it is called again. A storage.onChanged listener is sent every change's values:
 * for a 10 MB refresh, that doubles the write's time, so the timed refresh runs with no listener anywhere.
 */
export function pauseWrites(): void {
  const g = globalThis as BenchGlobals;
  if (g.__benchWriteListener) (g.browser ?? g.chrome)!.storage.onChanged.removeListener(g.__benchWriteListener);
  delete g.__benchWriteListener;
  delete g.__benchWrites;
}

/** The writes recorded since the last call (and starts counting afresh). */
export function takeWrites(): { bytes: number; keys: string[] } {
  const g = globalThis as BenchGlobals;
  const w = g.__benchWrites ?? { bytes: 0, keys: [], lastAt: 0 };
  g.__benchWrites = { bytes: 0, keys: [], lastAt: w.lastAt };
  return { bytes: w.bytes, keys: w.keys };
}

/** How many storage.local items were written since the last takeWrites, and when the last write was (epoch ms). */
export function writeActivity(): { count: number; lastAt: number } {
  const w = (globalThis as BenchGlobals).__benchWrites;
  return { count: w?.keys.length ?? 0, lastAt: w?.lastAt ?? 0 };
}

/**
 * Types one character into the search field (found by its label) the way an input event delivers it, and
 * times until the rows have changed in the page (`ms`) and counts the animation frames from the keystroke to the
 * first one after that change (`frames`: 1 = the rows were painted in the very next frame). The keystroke is typed
 * right after a frame, so timing to that next frame would add most of a frame whatever the popup does; the
 * frame count is what "within one frame" means. `base` is set first, unmeasured.
 */
export async function searchKeystroke(a: { label: string; base: string; ch: string; erase?: boolean }): Promise<{ ms: number; frames: number } | null> {
  const ROW = '[data-testid="key-row"]';
  const label = new RegExp(a.label, 'i');
  const input = [...document.querySelectorAll('input')].find(
    (i) => [...(i.labels ?? [])].some((l) => label.test(l.textContent ?? '')) || label.test(i.getAttribute('aria-label') ?? ''),
  );
  if (!input) throw new Error('no search field labelled ' + a.label);
  const rowsText = () => [...document.querySelectorAll(ROW)].map((r) => r.textContent).join('\n');
  const frame = () => new Promise<number>((r) => requestAnimationFrame(() => r(performance.now())));
  const type = (value: string, data: string) => {
    input.value = value;
    input.dispatchEvent(new InputEvent('input', { bubbles: true, data, inputType: 'insertText' }));
  };
  let frames = 0;
  let counting = false;
  const count = () => {
    if (!counting) return;
    frames++;
    requestAnimationFrame(count);
  };
  const changed = (before: string, limitMs: number) =>
    new Promise<number | null>((resolve) => {
      const done = (t: number | null) => {
        obs.disconnect();
        clearTimeout(timer);
        resolve(t);
      };
      const obs = new MutationObserver(() => {
        const now = rowsText();
        if (now === before || now === '') return;
        const at = performance.now();
        obs.disconnect();
        // The frame that paints the change: stop counting after it has run.
        void frame().then(() => {
          counting = false;
          done(at);
        });
      });
      obs.observe(document.body, { childList: true, subtree: true, characterData: true });
      const timer = setTimeout(() => done(null), limitMs);
    });
  if (input.value !== a.base) {
    const before = rowsText();
    const settled = changed(before, 60_000);
    type(a.base, a.base.slice(-1));
    await settled;
  }
  if (!a.ch && !a.erase) return null;
  await frame();
  await frame();
  const before = rowsText();
  const settled = changed(before, 60_000);
  const t0 = performance.now();
  counting = true;
  requestAnimationFrame(count);
  if (a.erase) {
    // Backspace: the last character of `base` goes.
    input.value = a.base.slice(0, -1);
    input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'deleteContentBackward' }));
  } else type(a.base + a.ch, a.ch);
  const t1 = await settled;
  counting = false;
  return t1 === null ? null : { ms: t1 - t0, frames };
}

/** Scrolls the key list's scroller to the top, then to the end, and times until a row fills its bottom edge. */
export async function scrollToEnd(): Promise<number | null> {
  const ROW = '[data-testid="key-row"]';
  const first = document.querySelector(ROW);
  let scroller = first?.parentElement ?? null;
  while (scroller && !(scroller.scrollHeight > scroller.clientHeight + 1 && /auto|scroll/.test(getComputedStyle(scroller).overflowY))) scroller = scroller.parentElement;
  if (!scroller) return null;
  const el = scroller;
  const frame = () => new Promise<number>((r) => requestAnimationFrame(() => r(performance.now())));
  const rowAtBottom = () => {
    const bottom = el.getBoundingClientRect().bottom;
    return [...document.querySelectorAll(ROW)].some((r) => {
      const rect = r.getBoundingClientRect();
      return rect.top < bottom && rect.bottom > bottom - rect.height;
    });
  };
  el.scrollTop = 0;
  await frame();
  await frame();
  const t0 = performance.now();
  el.scrollTop = el.scrollHeight;
  for (let i = 0; i < 600; i++) {
    const t = await frame();
    if (el.scrollTop > 0 && rowAtBottom()) return t - t0;
  }
  return null;
}


/** When the extension's next alarm fires (epoch ms), or null: an alarm wakes a suspended background. */
export async function nextAlarmAt(): Promise<number | null> {
  const g = globalThis as BenchGlobals;
  const all = await (g.browser ?? g.chrome)!.alarms.getAll();
  return all.length ? Math.min(...all.map((a) => a.scheduledTime)) : null;
}

/** Firefox: when this extension's background started (epoch ms), from the bench's first background script. */
export async function backgroundStartedAt(): Promise<number | null> {
  const g = globalThis as BenchGlobals;
  const reply = (await (g.browser ?? g.chrome)!.runtime.sendMessage({ benchStarted: 1 })) as { started?: number } | undefined;
  return typeof reply?.started === 'number' ? reply.started : null;
}
