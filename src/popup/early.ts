/**
 * The popup's first message (status, accounts, first rows), sent by a small classic script in the page's head
 * (built to /popup-early.js by vite.config.ts) while the browser is still loading the popup's modules: the
 * background's answer is then usually there by the time they run, instead of being asked for after them.
 * firstState.ts takes the reply. No imports beyond types and one constant, so the script stays tiny.
 */
import type { Envelope } from '../rpc/protocol';
import { PAGE_SIZE } from './page-size';

/** Where the early reply waits for firstState.ts. */
export const EARLY_REPLY = '__b2kmEarlyReply';

type Api = { runtime?: { id?: string; sendMessage(message: unknown): Promise<unknown> } };

export function sendEarly(): void {
  const g = globalThis as unknown as { browser?: Api; chrome?: Api } & Record<string, unknown>;
  // Firefox and current Chromium have `browser`; `chrome.runtime.sendMessage` returns a promise in MV3 Chromium too.
  const api = g.browser?.runtime?.id ? g.browser : g.chrome;
  if (!api?.runtime) return;
  const envelope: Envelope = { b2km: 1, method: 'popupState', params: { limit: PAGE_SIZE } };
  const pending = api.runtime.sendMessage(envelope);
  // Whoever takes it handles a failure; until then it must not count as unhandled.
  pending.catch(() => undefined);
  g[EARLY_REPLY] = pending;
}
