/** popupState: the popup's first screen in one answer, over stand-in handlers. */
import { describe, expect, it } from 'vitest';
import { RpcError } from '../rpc/errors';
import { popupHandlers } from './popup-methods';

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
