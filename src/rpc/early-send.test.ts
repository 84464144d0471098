import { afterEach, describe, expect, it, vi } from 'vitest';
import { EARLY_SLOT, sendEarly } from './early-send';

// takeEarly lives with the pages' client, which imports the polyfill: only its sendMessage is replaced here.
vi.mock('webextension-polyfill', () => ({ default: { runtime: { sendMessage: () => Promise.reject(new Error('not in these tests')) } } }));
const { takeEarly } = await import('./client');

const g = globalThis as unknown as Record<string, unknown>;

afterEach(() => {
  delete g.browser;
  delete g.chrome;
  delete g[EARLY_SLOT];
});

describe('a page’s early messages', () => {
  it('sends each call through `browser` when it is an extension API, and each reply is taken once, by method', async () => {
    const sent: unknown[] = [];
    g.browser = { runtime: { id: 'x', sendMessage: async (m: { method: string }) => (sent.push(m), { ok: true, value: m.method }) } };
    g.chrome = { runtime: { sendMessage: () => Promise.reject(new Error('not this one')) } };
    sendEarly([
      { method: 'getStatus', params: {} },
      { method: 'hygieneReport', params: {} },
    ]);
    expect(sent).toEqual([
      { b2km: 1, method: 'getStatus', params: {} },
      { b2km: 1, method: 'hygieneReport', params: {} },
    ]);
    await expect(takeEarly('hygieneReport')).resolves.toBe('hygieneReport');
    await expect(takeEarly('getStatus')).resolves.toBe('getStatus');
    // Taken: a second caller must ask for a fresh answer, not get the page-load one.
    expect(takeEarly('getStatus')).toBeNull();
    expect(takeEarly('hygieneReport')).toBeNull();
    expect(takeEarly('popupState')).toBeNull();
  });

  it('uses `chrome` where there is no `browser` namespace; a failed send is the taker’s NO_ANSWER, not an unhandled rejection', async () => {
    g.chrome = { runtime: { id: 'x', sendMessage: () => Promise.reject(new Error('no worker')) } };
    sendEarly([{ method: 'popupState', params: { limit: 10 } }]);
    await new Promise((r) => setTimeout(r, 0));
    await expect(takeEarly('popupState')).rejects.toMatchObject({ code: 'NO_ANSWER' });
  });

  it('an error reply reaches the taker as the RpcError the background sent', async () => {
    g.browser = { runtime: { id: 'x', sendMessage: async () => ({ ok: false, error: { code: 'LOCKED', message: 'Unlock first.' } }) } };
    sendEarly([{ method: 'getStatus', params: {} }]);
    await expect(takeEarly('getStatus')).rejects.toMatchObject({ code: 'LOCKED', message: 'Unlock first.' });
  });

  it('does nothing outside an extension page', () => {
    sendEarly([{ method: 'getStatus', params: {} }]);
    expect(g[EARLY_SLOT]).toBeUndefined();
    expect(takeEarly('getStatus')).toBeNull();
  });
});
