/**
 * The popup's first message (status, accounts, first rows), sent by /popup-early.js from the page's head while
 * the browser is still loading the popup's modules (see src/rpc/early-send.ts). firstState.ts takes the reply.
 */
import { sendEarly } from '../rpc/early-send';
import { PAGE_SIZE } from './page-size';

export function sendPopupEarly(): void {
  sendEarly([{ method: 'popupState', params: { limit: PAGE_SIZE } }]);
}
