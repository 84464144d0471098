import { afterEach, describe, expect, it, vi } from 'vitest';
import { EARLY_SLOT } from '../rpc/early-send';

vi.mock('webextension-polyfill', () => ({ default: { runtime: { sendMessage: () => Promise.reject(new Error('not in these tests')) } } }));
const { firstOptionsState } = await import('./firstState');

const g = globalThis as unknown as Record<string, unknown>;
const STATUS = { vault: 'locked', accountCount: 1 };
const REPORT = { accountId: 'acc', lines: [], total: 0 };
const ok = (value: unknown) => Promise.resolve({ ok: true, value });

/** What /options-early.js leaves on the page. */
function early(replies: Record<string, Promise<unknown>>) {
  g[EARLY_SLOT] = replies;
}

afterEach(() => {
  delete g[EARLY_SLOT];
  vi.useRealTimers();
});

describe('the options page’s first state', () => {
  it('is the status and the hygiene report the early script asked for, each taken once', async () => {
    early({ getStatus: ok(STATUS), hygieneReport: ok(REPORT) });
    await expect(firstOptionsState()).resolves.toEqual({ status: STATUS, hygiene: REPORT });
    // The page asks for fresh answers after this, never for the page-load ones again.
    expect(g[EARLY_SLOT]).toEqual({});
  });

  it('a failed report still draws the page: the report section asks again and shows the error', async () => {
    early({ getStatus: ok(STATUS), hygieneReport: Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'broken' } }) });
    await expect(firstOptionsState()).resolves.toEqual({ status: STATUS, hygiene: null });
  });

  it('a failed status is left to the page, which asks again and says what went wrong', async () => {
    early({ getStatus: Promise.reject(new Error('no worker')), hygieneReport: ok(REPORT) });
    await expect(firstOptionsState()).resolves.toBeNull();
  });

  it('a background slower than the wait gets "Loading…" and the old way, not a blank page', async () => {
    vi.useFakeTimers();
    early({ getStatus: new Promise(() => undefined), hygieneReport: ok(REPORT) });
    const first = firstOptionsState(300);
    await vi.advanceTimersByTimeAsync(299);
    let settled = false;
    void first.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(first).resolves.toBeNull();
  });

  it('without the early script (it did not run) the page asks itself', async () => {
    await expect(firstOptionsState()).resolves.toBeNull();
  });
});
