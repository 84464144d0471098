/**
 * What the options page draws first: the status and the key hygiene report that /options-early.js asked for while
 * the modules loaded (early.ts). main.tsx waits for them so the first drawing is the real page, report included,
 * instead of "Loading…" followed by a render per answer. A background slower than `waitMs` gets the old way:
 * the page draws "Loading…" and asks again.
 */
import { takeEarly } from '../rpc/client';
import type { ReplyOf, Status } from '../rpc/protocol';

export type HygieneReportReply = ReplyOf<'hygieneReport'>;
export interface FirstOptionsState {
  status: Status;
  /** Null when it failed: the report section asks again and says what went wrong. */
  hygiene: HygieneReportReply | null;
}

/** Long enough for a busy background at 100,000 keys, short enough that a stuck one still shows "Loading…". */
export const FIRST_STATE_WAIT_MS = 300;

export async function firstOptionsState(waitMs = FIRST_STATE_WAIT_MS): Promise<FirstOptionsState | null> {
  const status = takeEarly('getStatus');
  const hygiene = takeEarly('hygieneReport');
  if (!status) return null;
  const both = Promise.all([status, hygiene?.catch(() => null) ?? null]).then(
    ([s, h]) => ({ status: s, hygiene: h }),
    // The status failed: the page asks again itself and shows that error.
    () => null,
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), waitMs)));
  try {
    return await Promise.race([both, late]);
  } finally {
    clearTimeout(timer);
  }
}
