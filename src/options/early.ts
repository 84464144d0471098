/**
 * The options page's first messages, sent by /options-early.js from the page's head while its modules load (see
 * src/rpc/early-send.ts): the status decides what the page shows, and the key hygiene report is the one section
 * whose answer costs the background real work at 100,000 keys, so it starts at once rather than after a render.
 */
import { sendEarly } from '../rpc/early-send';

export function sendOptionsEarly(): void {
  sendEarly([
    { method: 'getStatus', params: {} },
    { method: 'hygieneReport', params: {} },
  ]);
}
