// Entry of the injected autofill script. Bundle it on its own as a classic script (IIFE, no imports left,
// no `export`), e.g. dist/…/autofill.js, and inject it on demand:
//
//   await chrome.scripting.executeScript({ target: { tabId, frameIds }, files: ['autofill.js'] });
//   const [probe] = await chrome.scripting.executeScript({ target, func: callProbe });       // optional
//   const [res]   = await chrome.scripting.executeScript({ target, func: callFill, args: [request] });
//
// (`callFill` / `callProbe` from ./inject-call.ts are self-contained and serialise cleanly for `func`.)
// Use the default ISOLATED world, never MAIN: page scripts then cannot see or wrap these globals or the
// native value setter.
//
// Injecting twice is harmless: the globals are simply defined again. They hold no state and no value.

import { fillCredentials, probeCredentials } from './page-fill';
import type { FillRequest, FillResult, ProbeResult } from './types';

interface B2kmGlobals {
  __b2kmFill?: (req: FillRequest) => FillResult;
  __b2kmProbe?: () => ProbeResult;
}

const g = globalThis as typeof globalThis & B2kmGlobals;
const define = <K extends keyof B2kmGlobals>(name: K, value: NonNullable<B2kmGlobals[K]>): void => {
  Object.defineProperty(g, name, { value, configurable: true, writable: true, enumerable: false });
};
define('__b2kmFill', (req) => fillCredentials(req));
define('__b2kmProbe', () => probeCredentials());
