import { afterEach, describe, expect, it } from 'vitest';
import { EARLY_REPLY, sendEarly } from './early';
import { PAGE_SIZE } from './page-size';

const g = globalThis as unknown as Record<string, unknown>;

afterEach(() => {
  delete g.browser;
  delete g.chrome;
  delete g[EARLY_REPLY];
});

describe('the popup’s early first message', () => {
  it('sends popupState for a first page of rows through `browser` when it is an extension API, and leaves the reply for firstState', async () => {
    const sent: unknown[] = [];
    g.browser = { runtime: { id: 'x', sendMessage: async (m: unknown) => (sent.push(m), { ok: true, value: 1 }) } };
    g.chrome = { runtime: { sendMessage: () => Promise.reject(new Error('not this one')) } };
    sendEarly();
    expect(sent).toEqual([{ b2km: 1, method: 'popupState', params: { limit: PAGE_SIZE } }]);
    await expect(g[EARLY_REPLY]).resolves.toEqual({ ok: true, value: 1 });
  });

  it('uses `chrome` where there is no `browser` namespace; a failed send is left for firstState to report, not unhandled', async () => {
    g.chrome = { runtime: { id: 'x', sendMessage: () => Promise.reject(new Error('no worker')) } };
    sendEarly();
    await expect(g[EARLY_REPLY]).rejects.toThrow('no worker');
  });

  it('does nothing outside an extension page', () => {
    sendEarly();
    expect(g[EARLY_REPLY]).toBeUndefined();
  });
});
