/**
 * Firefox only: a direct call from one of our pages to the background, for calls that only read.
 *
 * In Firefox the popup and the event page run on one thread of one process, yet a message between them goes
 * through the parent process and back: 3-8 ms of each way of a search keystroke at 100,000 keys while the popup
 * drew (Firefox ESR 153). A page of ours can reach the event page's global object
 * (`extension.getBackgroundPage()`), so for DIRECT_METHODS it calls the function the background puts there,
 * which goes through the same router, checks and handlers as a message.
 *
 * Three things make this safe:
 * - Firefox suspends an event page 30 s after its last event, and a direct call is no event (checked: with direct
 *   calls only, the event page was suspended mid-typing). A page calls directly only within
 *   DIRECT_AFTER_MESSAGE_MS of its own last message, which started that 30 s afresh; otherwise it sends one.
 * - Objects of a suspended event page become dead objects in the page: the request is cloned into the
 *   background's realm and the reply into the page's.
 * - Nothing but our own pages can reach that global: content scripts and web pages have no `getBackgroundPage`,
 *   and it is null in private windows, where the page sends a message as before.
 *
 * Chrome's background is a service worker, which no page can call: there every call is a message.
 */
import { RpcError } from './errors';
import type { MethodName, Reply } from './protocol';
import type { SenderInfo } from './router';

/** Where the background puts its entry function on its global object. */
export const DIRECT_SLOT = '__b2kmDirect';

/** Calls that only read and answer at once: a window of the key list (search keystrokes, scrolling). */
export const DIRECT_METHODS: ReadonlySet<string> = new Set<MethodName>(['listKeys']);

/** A third of Firefox's 30 s: a direct call always lands long before the event page could be suspended. */
export const DIRECT_AFTER_MESSAGE_MS = 10_000;

export type DirectEntry = (message: unknown, pageUrl: string) => Promise<unknown>;

/** The background's entry function: a message from one of our pages, routed as runtime.onMessage would. */
export function directEntry(route: (message: unknown, sender: SenderInfo) => Promise<Reply<unknown>>, extensionId: string): DirectEntry {
  return async (message, pageUrl) => {
    // Cloned first: nothing the background keeps may belong to the page, which can close at any time.
    const request = structuredClone(message) as { method?: unknown } | null;
    if (typeof request?.method !== 'string' || !DIRECT_METHODS.has(request.method)) {
      return { ok: false, error: new RpcError('FORBIDDEN', 'This request must be sent as a message.').toBody() };
    }
    return route(request, { id: extensionId, url: String(pageUrl) });
  };
}

export interface DirectPage {
  /** `extension.getBackgroundPage()`: the event page's global, or null (suspended, private window, Chrome). */
  backgroundPage(): unknown;
  now(): number;
  /** When this page last sent a message (its `now()`), or -Infinity. */
  lastMessageAt: number;
  pageUrl: string;
}

/**
 * The reply to `envelope` by a direct call, or null when this call must be a message. A direct call that fails
 * (the event page went away under it) is null too, through `fallback`.
 */
export function directCall(method: string, envelope: unknown, page: DirectPage, fallback: () => Promise<unknown>): Promise<unknown> | null {
  if (!DIRECT_METHODS.has(method) || !(page.now() - page.lastMessageAt < DIRECT_AFTER_MESSAGE_MS)) return null;
  let pending: Promise<unknown>;
  try {
    // Either step may throw: a suspended event page's global is a dead object.
    const entry = (page.backgroundPage() as Record<string, unknown> | null)?.[DIRECT_SLOT];
    if (typeof entry !== 'function') return null;
    pending = Promise.resolve((entry as DirectEntry)(envelope, page.pageUrl));
  } catch {
    return null;
  }
  // The page's own structuredClone: the reply's objects then belong to the page, not to the event page.
  return pending.then((reply) => structuredClone(reply)).catch(fallback);
}
