/**
 * What the options page draws first: the status and the key hygiene report that /options-early.js asked for while
 * the modules loaded (early.ts). main.tsx waits for them so the first drawing is the real page, report included,
 * instead of "Loading…" followed by a render per answer. A background slower than `waitMs` gets the old way:
 * the page draws "Loading…" and asks again.
 */
import { FIRST_STATE_WAIT_MS, settledWithin, takeEarly } from '../rpc/client';
import type { ReplyOf, Status } from '../rpc/protocol';

export type HygieneReportReply = ReplyOf<'hygieneReport'>;
export interface FirstOptionsState {
  status: Status;
  /** Null when it failed: the report section asks again and says what went wrong. */
  hygiene: HygieneReportReply | null;
}

export async function firstOptionsState(waitMs = FIRST_STATE_WAIT_MS): Promise<FirstOptionsState | null> {
  const status = takeEarly('getStatus');
  const hygiene = takeEarly('hygieneReport');
  if (!status) return null;
  // A failed status is null: the page asks again itself and shows that error.
  return settledWithin(
    Promise.all([status, hygiene?.catch(() => null) ?? null]).then(([s, h]) => ({ status: s, hygiene: h })),
    waitMs,
  );
}
