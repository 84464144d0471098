// @vitest-environment happy-dom
//
// The hygiene report's "failed its last check" line for a key B2 no longer has: once Check says so, the saved copy
// can be forgotten from the report (the key is gone from the list, so its details offer nothing).
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { expect, it, vi } from 'vitest';
import type { Status } from '../rpc/protocol';
import { HygieneReport } from './HygieneReport';

vi.stubGlobal('__B2KM_BROWSER__', 'chrome');
vi.mock('webextension-polyfill', () => ({ default: {} }));

let outcome: 'deleted' | 'mismatch' = 'deleted';
const calls: { method: string; req: Record<string, unknown> }[] = [];
const report = () => ({
  accountId: 'a1',
  total: 1,
  lines: [{ kind: 'checkFailed', title: 'Saved applicationKey failed its last check', why: 'why', action: 'check', count: 1, keys: [{ applicationKeyId: 'k-gone', keyName: 'gone' }], more: false }],
});
vi.mock('../rpc/client', () => ({
  rpc: async (method: string, req: Record<string, unknown>) => {
    calls.push({ method, req });
    if (method === 'hygieneReport') return report();
    if (method === 'keyUsage') return { recording: false, entries: [] };
    if (method === 'checkSecret') return { applicationKeyId: 'k-gone', outcome, capabilities: null, bucketKind: null, message: `outcome ${outcome}` };
    if (method === 'deleteKey') return {};
    throw new Error(`unexpected ${method}`);
  },
}));

const status: Status = { name: 'B2 Key Manager', version: '0', browser: 'chrome', vault: 'unlocked', readOnly: false, readOnlyReason: null, activeAccountId: 'a1', accountCount: 1, demoEndpoint: null, autoLockAt: null };
const settle = async () => {
  for (let i = 0; i < 5; i++) await act(async () => undefined);
};

it('offers to forget the saved applicationKey only after Check says B2 no longer has the key', async () => {
  const root = document.createElement('div');
  document.body.append(root);
  const forget = () => root.querySelector<HTMLButtonElement>('[data-testid="hygiene-forget"]');
  await act(async () => render(<HygieneReport status={status} first={report() as never} />, root));
  await settle();
  expect(forget()).toBeNull();
  outcome = 'mismatch';
  await act(async () => root.querySelector<HTMLButtonElement>('[data-testid="hygiene-check"]')!.click());
  await settle();
  expect(forget()).toBeNull();
  outcome = 'deleted';
  await act(async () => root.querySelector<HTMLButtonElement>('[data-testid="hygiene-check"]')!.click());
  await settle();
  await act(async () => forget()!.click());
  await settle();
  expect(calls.find((c) => c.method === 'deleteKey')?.req).toEqual({ applicationKeyId: 'k-gone', accountId: 'a1', keyName: 'gone' });
  render(null, root);
  root.remove();
});
