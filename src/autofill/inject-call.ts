// Self-contained callers for `scripting.executeScript({ func, args })`: each is serialised on its own, so
// they reference nothing but globalThis and their argument. They call what inject.ts defined in the same
// frame's isolated world, and answer NOT_INJECTED (fill) or null (probe) when it is missing.

import type { FillRequest, FillResult, ProbeResult } from './types';

/** `executeScript({ target, func: callFill, args: [request] })` after inject.ts was injected in `target`. */
export function callFill(req: FillRequest): FillResult {
  const fill = (globalThis as { __b2kmFill?: (r: FillRequest) => FillResult }).__b2kmFill;
  if (typeof fill !== 'function') {
    return {
      ok: false,
      reason: 'NOT_INJECTED',
      message: 'The page could not be prepared for filling. Reload it and try again.',
    };
  }
  return fill(req);
}

/** `executeScript({ target, func: callProbe })` after inject.ts was injected; null when it is missing. */
export function callProbe(): ProbeResult | null {
  const probe = (globalThis as { __b2kmProbe?: () => ProbeResult }).__b2kmProbe;
  return typeof probe === 'function' ? probe() : null;
}
