// @vitest-environment happy-dom
//
// "Used on <origin>" above the list, against a stand-in background (vi.mock of the RPC client): it asks for the
// account the list shows, and again when the popup switches account.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { expect, it, vi } from 'vitest';
import { ForThisPage } from './ForThisPage';

const asked: unknown[] = [];
vi.mock('../rpc/client', () => ({
  rpc: async (method: string, req: { accountId?: string }) => {
    asked.push(req);
    if (method !== 'pageSuggestions') throw new Error(method);
    return { origin: 'https://nas.example', keys: [{ applicationKeyId: `${req.accountId}-k0`, keyName: `${req.accountId}-key`, replaces: null, lastUsedAt: 1 }] };
  },
}));

it('names the keys of the account the list shows, and follows a switch', async () => {
  const root = document.createElement('div');
  document.body.append(root);
  const draw = async (accountId: string | null) => {
    await act(async () => render(<ForThisPage accountId={accountId} locked={false} onOpen={() => undefined} />, root));
    for (let i = 0; i < 3; i++) await act(async () => undefined);
  };
  const shown = () => [...root.querySelectorAll('[data-testid="suggested-key"]')].map((b) => b.textContent);
  await draw('A');
  expect(shown()).toEqual(['A-key']);
  await draw('B');
  expect(shown()).toEqual(['B-key']);
  expect(asked).toEqual([{ accountId: 'A' }, { accountId: 'B' }]);
  await draw(null);
  expect(shown()).toEqual([]);
  render(null, root);
  root.remove();
});
