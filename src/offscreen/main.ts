/**
 * Chrome's offscreen document (reason CLIPBOARD): the background's hands on the clipboard, since a
 * service worker has none. It answers one message, only from our own extension contexts, and keeps nothing.
 */
import { clearIfHolds, isClearRequest, type ClearOutcome } from './clipboard-dom';

interface Sender {
  id?: string;
  tab?: unknown;
}
interface ChromeRuntime {
  id: string;
  onMessage: { addListener(fn: (message: unknown, sender: Sender, reply: (outcome: ClearOutcome) => void) => boolean | undefined): void };
}
const runtime = (globalThis as unknown as { chrome: { runtime: ChromeRuntime } }).chrome.runtime;

runtime.onMessage.addListener((message, sender, reply) => {
  // RPC envelopes from the popup reach this document too: not ours to answer. A content script (it has a
  // tab) could otherwise use the reply to test guesses against the clipboard.
  if (!isClearRequest(message) || sender.id !== runtime.id || sender.tab !== undefined) return undefined;
  clearIfHolds(document, { key: message.key, mac: message.mac }, { tryAsyncApi: false }).then(reply, () => reply('failed'));
  return true;
});
