// @vitest-environment happy-dom
//
// Remove account states how many saved applicationKeys "Delete them" deletes. The options tab may have been open
// for long while keys were made in the popup: the number is read again when the tab is shown and when the dialog
// opens, and the request carries the number shown and which keyIDs those are, so the background refuses (CHANGED_MEANWHILE) a removal whose
// number is out of date. The background is a stand-in (vi.mock of the RPC client); its refusal is tested in
// src/background/account-methods.test.ts.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, expect, it, vi } from 'vitest';
import { RpcError } from '../rpc/errors';
import type { AccountView, Status } from '../rpc/protocol';
import { testRoot } from '../popup/test-support';

vi.mock('webextension-polyfill', () => ({ default: {} }));

let savedNow = 0;
let refuseOnce = false;
const removals: unknown[] = [];
const view = (): AccountView => ({
  accountId: 'acc1',
  label: 'Work',
  endpoint: 'https://api.backblazeb2.com',
  managingKeyId: 'acc1',
  isMasterKey: true,
  capabilities: ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets'],
  missingCapabilities: [],
  bucketRestriction: null,
  namePrefix: null,
  s3ApiUrl: null,
  addedAt: 1,
  savedSecretCount: savedNow,
  savedSecretsMark: `mark-${savedNow}`,
  problem: null,
});

vi.mock('../rpc/client', () => ({
  rpc: async (method: string, params: { savedSecretCount?: number }) => {
    if (method === 'listAccounts') return { accounts: [view()], activeAccountId: 'acc1' };
    if (method === 'removeAccount') {
      removals.push(params);
      if (refuseOnce) {
        refuseOnce = false;
        throw new RpcError('CHANGED_MEANWHILE', `${savedNow - (params.savedSecretCount ?? 0)} applicationKeys were saved for this account since this page showed it; look again before removing it. Nothing was removed.`);
      }
      return {};
    }
    throw new Error(`unexpected ${method}`);
  },
}));

const { Accounts } = await import('./Accounts');
const { RemoveAccountDialog } = await import('./RemoveAccountDialog');

const status = (): Status => ({
  name: 'B2 Key Manager',
  version: '0',
  browser: 'chrome',
  vault: 'unlocked',
  readOnly: false,
  readOnlyReason: null,
  activeAccountId: 'acc1',
  accountCount: 1,
  demoEndpoint: null,
  autoLockAt: null,
});

const root = testRoot();
const settle = async () => {
  for (let i = 0; i < 4; i++) await act(async () => new Promise((r) => setTimeout(r, 0)));
};
const dialogText = () => root().querySelector('[data-testid="remove-account-dialog"]')?.textContent ?? '';
const click = async (testId: string) => {
  await act(async () => root().querySelector<HTMLElement>(`[data-testid="${testId}"]`)!.click());
  await settle();
};

beforeEach(() => {
  savedNow = 0;
  refuseOnce = false;
  removals.length = 0;
});

it('coming back to the tab reads the accounts again', async () => {
  await act(async () => render(<Accounts status={status()} onStatusChanged={() => undefined} />, root()));
  await settle();
  expect(root().textContent).toContain('Saved secrets0');
  savedNow = 2;
  Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
  await act(async () => void document.dispatchEvent(new Event('visibilitychange')));
  await settle();
  expect(root().textContent).toContain('Saved secrets2');
});

it('the dialog reads the number again as it opens, and sends the number it showed with "Delete them"', async () => {
  const stale = view();
  savedNow = 3;
  await act(async () => render(<RemoveAccountDialog account={stale} onCancel={() => undefined} onRemoved={() => undefined} />, root()));
  await settle();
  expect(dialogText()).toContain('The 3 applicationKeys saved for this account');
  await click('delete-secrets');
  await click('confirm-remove-account');
  expect(removals).toEqual([{ accountId: 'acc1', keepSecrets: false, savedSecretCount: 3, savedSecretsMark: 'mark-3' }]);
});

it('refused because more were saved since: says so, shows the new number, keeps the choice, and the next try carries it', async () => {
  let removed = 0;
  await act(async () => render(<RemoveAccountDialog account={view()} onCancel={() => undefined} onRemoved={() => removed++} />, root()));
  await settle();
  expect(dialogText()).toContain('The 0 applicationKeys saved for this account');
  await click('delete-secrets');
  // Saved in the popup after the dialog opened.
  savedNow = 1;
  refuseOnce = true;
  await click('confirm-remove-account');
  expect(removed).toBe(0);
  expect(dialogText()).toContain('1 applicationKeys were saved for this account since this page showed it; look again before removing it.');
  expect(dialogText()).toContain('The 1 applicationKey saved for this account');
  expect(root().querySelector<HTMLInputElement>('[data-testid="delete-secrets"]')!.checked).toBe(true);
  await click('confirm-remove-account');
  expect(removals).toEqual([
    { accountId: 'acc1', keepSecrets: false, savedSecretCount: 0, savedSecretsMark: 'mark-0' },
    { accountId: 'acc1', keepSecrets: false, savedSecretCount: 1, savedSecretsMark: 'mark-1' },
  ]);
  expect(removed).toBe(1);
});

it('keeping them sends no number: nothing is deleted', async () => {
  await act(async () => render(<RemoveAccountDialog account={view()} onCancel={() => undefined} onRemoved={() => undefined} />, root()));
  await settle();
  await click('confirm-remove-account');
  expect(removals).toEqual([{ accountId: 'acc1', keepSecrets: true }]);
});
