/**
 * A page's first messages, sent by a small classic script (/popup-early.js, /options-early.js) while the browser
 * is still loading the page's modules: the background works on the answers meanwhile, instead of being asked
 * only once the modules have run. `takeEarly` (client.ts) hands each reply to the module that needs it.
 * No imports beyond types, so the early scripts stay tiny.
 */
import type { Envelope, MethodName, RequestOf } from './protocol';

/** Where the early replies wait on the page's global object, by method name. */
export const EARLY_SLOT = '__b2kmEarly';

type Api = { runtime?: { id?: string; sendMessage(message: unknown): Promise<unknown> } };
export type EarlyCall = { [M in MethodName]: { method: M; params: RequestOf<M> } }[MethodName];

export function sendEarly(calls: readonly EarlyCall[]): void {
  const g = globalThis as unknown as { browser?: Api; chrome?: Api } & Record<string, unknown>;
  // Firefox and current Chromium have `browser`; `chrome.runtime.sendMessage` returns a promise in MV3 Chromium too.
  const api = g.browser?.runtime?.id ? g.browser : g.chrome;
  if (!api?.runtime) return;
  const replies: Record<string, Promise<unknown>> = {};
  for (const { method, params } of calls) {
    const envelope: Envelope = { b2km: 1, method, params };
    const pending = api.runtime.sendMessage(envelope);
    // Whoever takes it handles a failure; until then it must not count as unhandled.
    pending.catch(() => undefined);
    replies[method] = pending;
  }
  g[EARLY_SLOT] = replies;
}
