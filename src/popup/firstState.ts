/**
 * The popup's first message (status, accounts, first rows). Usually already sent by /popup-early.js from the
 * page's head (early.ts); otherwise (the script did not run) sent as soon as this module runs: main.tsx imports
 * it before preact and the screens, so the background works on the answer while the rest of the popup loads.
 * main.tsx waits a moment for the answer (firstStateWithin) so the first render draws the rows: waiting for it in
 * an effect instead cost a drawing of "Loading…" and a frame before the rows.
 */
import { FIRST_STATE_WAIT_MS, rpc, settledWithin, takeEarly } from '../rpc/client';
import type { ReplyOf } from '../rpc/protocol';
import { PAGE_SIZE } from './page-size';

type PopupState = ReplyOf<'popupState'>;

const ask = () => rpc('popupState', { limit: PAGE_SIZE });
let early: Promise<PopupState> | null = takeEarly('popupState') ?? ask();
// A rejection is handled by whoever takes it; until then it must not count as unhandled.
early.catch(() => undefined);

/** The early answer the first time, a fresh one after that (a remounted popup must not show an old state). */
export function takeFirstState(): Promise<PopupState> {
  const p = early ?? ask();
  early = null;
  return p;
}

/**
 * The first answer, if it is in within `waitMs`; it is then taken (takeFirstState asks afresh). Null when it is
 * late or failed: the popup draws "Loading…" and takes the same answer, or its error, as before.
 */
export async function firstStateWithin(waitMs = FIRST_STATE_WAIT_MS): Promise<PopupState | null> {
  const pending = early;
  if (!pending) return null;
  const value = await settledWithin(pending, waitMs);
  if (value !== null && early === pending) early = null;
  return value;
}
