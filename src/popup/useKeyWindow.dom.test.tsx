// @vitest-environment happy-dom
//
// The popup's key window against a stand-in background (vi.mock of the RPC client) that, like the real one, lists
// the active account: rows scrolled into view after another page switched the account belong to the list shown.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { expect, it, vi } from 'vitest';
import type { KeyList, KeyView } from '../rpc/protocol';
import { testKeyView } from './test-support';

const row = (accountId: string, i: number): KeyView => testKeyView({ accountId, applicationKeyId: `${accountId}-k${i}`, keyName: `${accountId}-key-${i}`, capabilities: ['readFiles'] });
const list = (accountId: string, offset: number, n: number, total: number): KeyList =>
  ({ accountId, keys: Array.from({ length: n }, (_, i) => row(accountId, offset + i)), offset, total, totalAll: total, buckets: [], fetchedAt: 1, lastError: null, refreshDue: false, createChecks: [] }) as unknown as KeyList;

let active = 'A';
vi.mock('../rpc/client', () => ({
  rpc: async (method: string, req: { offset: number; limit: number }) => {
    if (method !== 'listKeys') throw new Error(method);
    return list(active, req.offset, req.limit, 200);
  },
}));

const { useKeyWindow } = await import('./useKeyWindow');

it('drops rows of another account that a scroll brought in after another page switched the active one, and loads them again later', async () => {
  let win!: ReturnType<typeof useKeyWindow>;
  function Probe() {
    win = useKeyWindow('A', () => undefined, list('A', 0, 50, 200));
    return null;
  }
  const root = document.createElement('div');
  document.body.append(root);
  await act(async () => render(<Probe />, root));
  active = 'B';
  await act(async () => win.ensure(50, 100));
  for (let i = 0; i < 5; i++) await act(async () => undefined);
  expect(new Set([...win.cache!.loaded()].map((k) => k.accountId))).toEqual(new Set(['A']));
  expect(win.cache!.row(50)).toBeUndefined();
  // The page was let go, not marked as loading for ever: asked again once the account is back, it fills in.
  active = 'A';
  await act(async () => win.ensure(50, 100));
  for (let i = 0; i < 5; i++) await act(async () => undefined);
  expect(win.cache!.row(50)?.keyName).toBe('A-key-50');
  render(null, root);
  root.remove();
});
