// @vitest-environment happy-dom
//
// First-run step 2 (add the account) when the vault locks while the form holds what was typed (an auto-lock,
// learned when the tab becomes visible again): the unlock form comes above it, and what was typed stays.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { expect, it, vi } from 'vitest';
import type { Status } from '../rpc/protocol';
import { testRoot } from '../popup/test-support';
import { FirstRun } from './FirstRun';

vi.stubGlobal('__B2KM_BROWSER__', 'chrome');
vi.mock('../rpc/client', () => ({
  rpc: async (method: string) => {
    if (method === 'getSettings') return { endpoint: 'https://api.backblazeb2.com' };
    throw new Error(`unexpected ${method}`);
  },
}));

const status = (vault: Status['vault']): Status => ({ name: 'B2 Key Manager', version: '0', browser: 'chrome', vault, readOnly: false, readOnlyReason: null, activeAccountId: null, accountCount: 0, demoEndpoint: null, autoLockAt: null });
const root = testRoot();
const draw = (vault: Status['vault']) => act(async () => render(<FirstRun step="account" status={status(vault)} onStatus={() => undefined} onStep={() => undefined} />, root()));

it('keeps the typed keyID and applicationKey across a lock and unlock', async () => {
  await draw('unlocked');
  for (let i = 0; i < 3; i++) await act(async () => undefined);
  const set = async (testId: string, v: string) =>
    act(async () => {
      const el = root().querySelector<HTMLInputElement>(`[data-testid="${testId}"]`)!;
      el.value = v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
  await set('account-key-id', '0051234567890ab0000000001');
  await set('account-application-key', 'K005secretsecretsecret');
  await draw('locked');
  expect(root().querySelector('[data-testid="account-key-id"]')).not.toBeNull();
  await draw('unlocked');
  expect(root().querySelector<HTMLInputElement>('[data-testid="account-key-id"]')?.value).toBe('0051234567890ab0000000001');
  expect(root().querySelector<HTMLInputElement>('[data-testid="account-application-key"]')?.value).toBe('K005secretsecretsecret');
});
