// @vitest-environment happy-dom
//
// inject.ts defines the page-side globals, inject-call.ts's self-contained callers use them: before the
// injection a caller answers NOT_INJECTED (fill) or null (probe), after it the real page-fill answers.
import { afterAll, describe, expect, it } from 'vitest';
import { callFill, callProbe } from './inject-call';

const g = globalThis as { __b2kmFill?: unknown; __b2kmProbe?: unknown };

afterAll(() => {
  delete g.__b2kmFill;
  delete g.__b2kmProbe;
  document.body.innerHTML = '';
});

describe('inject.ts and inject-call.ts', () => {
  it('answer NOT_INJECTED and null before the script is injected', () => {
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
  });
});
