/**
 * The popup's first message (status, accounts, first rows), sent as soon as this module runs: main.tsx imports it
 * before preact and the screens, so the background works on the answer while the rest of the popup loads.
 */
import { rpc } from '../rpc/client';
import type { ReplyOf } from '../rpc/protocol';
import { PAGE_SIZE } from './windowCache';

type PopupState = ReplyOf<'popupState'>;

const ask = () => rpc('popupState', { limit: PAGE_SIZE });
let early: Promise<PopupState> | null = ask();
// A rejection is handled by whoever takes it; until then it must not count as unhandled.
early.catch(() => undefined);

/** The early answer the first time, a fresh one after that (a remounted popup must not show an old state). */
export function takeFirstState(): Promise<PopupState> {
  const p = early ?? ask();
  early = null;
  return p;
}
