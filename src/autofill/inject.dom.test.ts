// @vitest-environment happy-dom
//
// inject.ts defines the page-side globals, inject-call.ts's self-contained callers use them: before the
// injection a caller answers NOT_INJECTED (fill) or null (probe), after it the real page-fill answers.
//
// page-fill (and with it detect, score, visibility, fill) is imported statically here, so that only inject.ts's
// own side effect is left for the dynamic import inside the test: importing page-fill defines no global (the
// first test checks that), and the module-level tables of score.ts etc. are loaded with the file, as in every
// other suite, instead of inside one test (where Stryker would count them as run-time code of that test alone).
import { afterAll, describe, expect, it } from 'vitest';
import { callFill, callProbe } from './inject-call';
import { fillCredentials, probeCredentials } from './page-fill';

const g = globalThis as { __b2kmFill?: unknown; __b2kmProbe?: unknown };

afterAll(() => {
  delete g.__b2kmFill;
  delete g.__b2kmProbe;
  document.body.innerHTML = '';
});

describe('inject.ts and inject-call.ts', () => {
  it('answer NOT_INJECTED and null before the script is injected', () => {
    // page-fill is loaded (imported above) but defines nothing: only inject.ts does.
    expect(typeof fillCredentials).toBe('function');
    expect(Object.getOwnPropertyDescriptor(globalThis, '__b2kmFill')).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(globalThis, '__b2kmProbe')).toBeUndefined();
    delete g.__b2kmFill;
    delete g.__b2kmProbe;
    expect(callFill({ target: 'both', keyId: 'K001' })).toEqual({
      ok: false,
      reason: 'NOT_INJECTED',
      message: 'The page could not be prepared for filling. Reload it and try again.',
    });
    expect(callProbe()).toBeNull();
    g.__b2kmFill = 'not a function';
    g.__b2kmProbe = {};
    expect(callFill({ target: 'both', keyId: 'K001' })).toMatchObject({ ok: false, reason: 'NOT_INJECTED' });
    expect(callProbe()).toBeNull();
  });

  it('reach page-fill once injected, through globals a page enumerating window does not see', async () => {
    await import('./inject');
    for (const name of ['__b2kmFill', '__b2kmProbe'] as const) {
      expect(Object.getOwnPropertyDescriptor(globalThis, name)).toMatchObject({ configurable: true, writable: true, enumerable: false });
      expect(Object.keys(globalThis)).not.toContain(name);
    }
    document.body.innerHTML = '<input id="k" name="kid">';
    // A request without a value goes through to page-fill, which refuses it in its own words.
    expect(callFill({ target: 'both' })).toMatchObject({ ok: false, reason: 'NO_VALUE' });
    expect(callProbe()).toMatchObject({ keyId: false, secret: false, focused: null, isTop: true, url: window.location.href });
    // The globals are page-fill's own entry points, answering as a direct call does.
    expect(callProbe()).toEqual(probeCredentials());
    expect(callFill({ target: 'both' })).toEqual(fillCredentials({ target: 'both' }));
  });
});
