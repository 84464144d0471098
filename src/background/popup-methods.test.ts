/** popupState: the popup's first screen in one answer, over stand-in handlers. */
import { describe, expect, it, vi } from 'vitest';
import { RpcError } from '../rpc/errors';
import { popupHandlers } from './popup-methods';
import { fixture } from './test-support';

type H = Parameters<typeof popupHandlers>[0];
const sender = { sender: {}, senderClass: 'popup' } as never;

function handlers(status: { vault: string; activeAccountId: string | null }, accounts: () => Promise<unknown>, list: () => Promise<unknown>, seen: unknown[] = []): H {
  return {
    getStatus: async (p: unknown, c: unknown) => (seen.push(['status', p, c]), status),
    listAccounts: async (p: unknown, c: unknown) => (seen.push(['accounts', p, c]), accounts()),
    listKeys: async (p: unknown, c: unknown) => (seen.push(['keys', p, c]), list()),
  } as unknown as H;
}

describe('popupState', () => {
  it('the status, the accounts and the first rows, asked with the popup’s limit', async () => {
    const seen: unknown[] = [];
    const h = popupHandlers(handlers({ vault: 'unlocked', activeAccountId: 'a' }, async () => ({ accounts: ['x'] }), async () => ({ keys: ['k'] }), seen));
    expect(await h.popupState({ limit: 7 }, sender)).toEqual({ status: { vault: 'unlocked', activeAccountId: 'a' }, accounts: { accounts: ['x'] }, list: { keys: ['k'] } });
    expect(seen).toEqual([
      ['status', {}, sender],
      ['accounts', {}, sender],
      ['keys', { offset: 0, limit: 7 }, sender],
    ]);
  });

  it('nothing to list before a vault exists or without an active account', async () => {
    for (const status of [{ vault: 'uninitialized', activeAccountId: 'a' }, { vault: 'locked', activeAccountId: null }]) {
      const h = popupHandlers(handlers(status, async () => ({ accounts: [] }), async () => ({ keys: [] })));
      expect(await h.popupState({ limit: 7 }, sender)).toEqual({ status, accounts: null, list: null });
    }
  });

  it('a refusal of either list is left for the popup’s own calls; any other failure is not hidden', async () => {
    const refused = () => Promise.reject(new RpcError('ACCOUNT_DAMAGED', 'damaged'));
    const status = { vault: 'unlocked', activeAccountId: 'a' };
    expect(await popupHandlers(handlers(status, refused, async () => ({ keys: [] }))).popupState({ limit: 1 }, sender)).toEqual({ status, accounts: null, list: { keys: [] } });
    expect(await popupHandlers(handlers(status, async () => ({ accounts: [] }), refused)).popupState({ limit: 1 }, sender)).toEqual({ status, accounts: { accounts: [] }, list: null });
    const boom = () => Promise.reject(new TypeError('bug'));
    await expect(popupHandlers(handlers(status, boom, async () => ({}))).popupState({ limit: 1 }, sender)).rejects.toThrow(TypeError);
    await expect(popupHandlers(handlers(status, async () => ({}), boom)).popupState({ limit: 1 }, sender)).rejects.toThrow(TypeError);
  });
});

describe('popupState over the real handlers', () => {
  it('a popup opening reads storage.local in one round: the account, its first window and its list of accounts together', async () => {
    const f = await fixture();
    await f.addAccount('acc', 'k-managing', 'K');
    const ctx = f.service.context;
    await ctx.store.write(async (tx) => ctx.keyCache.upsert(tx, 'acc', { accountId: 'acc', applicationKeyId: 'k1', keyName: 'one', capabilities: ['readFiles'], bucketIds: null, namePrefix: null, expirationTimestamp: null, options: [] }));
    await f.call('popupState', { limit: 50 });
    // The next opening, long enough after for no read to be reused (RECENT_READ_MS).
    f.clock.now += 60_000;
    let inFlight = 0;
    let round = 0;
    const rounds: number[] = [];
    const get = f.local.get.bind(f.local);
    vi.spyOn(f.local, 'get').mockImplementation(async (keys) => {
      // A call that starts while none is on its way starts a new round.
      if (inFlight === 0) round++;
      rounds.push(round);
      inFlight++;
      try {
        // As in a browser, where each call is a round trip to another process: calls begun meanwhile overlap it.
        await new Promise((resolve) => setTimeout(resolve, 5));
        return await get(keys);
      } finally {
        inFlight--;
      }
    });
    const state = await f.call('popupState', { limit: 50 });
    expect(state.list?.keys.map((k) => k.applicationKeyId)).toEqual(['k1']);
    expect(state.accounts?.accounts.map((a) => a.accountId)).toEqual(['acc']);
    // The accounts' saved-secret counts and seal checks reuse what this round read (RECENT_READ_MS): a round
    // took 10-25 ms while the popup loaded (Firefox ESR 153).
    expect(Math.max(...rounds)).toBe(1);
  });
});
