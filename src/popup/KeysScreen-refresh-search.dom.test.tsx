// @vitest-environment happy-dom
//
// A refresh that lands while the person searches. The refresh's reply is for the query it was sent with, so the popup
// drops it; nothing reloaded the search, which kept showing a key B2 no longer has (deleted in the B2 console) after
// the spinner was gone (found by fault review 10). The search is loaded again now.
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { expect, it, vi } from 'vitest';
import type { AccountView, KeyList, KeyView, Status } from '../rpc/protocol';
import { testKeyView } from './test-support';

vi.stubGlobal('__B2KM_BROWSER__', 'chrome');

const row = (id: string, keyName: string): KeyView => testKeyView({ accountId: 'a1', applicationKeyId: id, keyName });
/** The background's cache: before the refresh lands, and what B2 lists. */
let cached = [row('k1', 'backup-nas'), row('k2', 'backup-old'), row('k3', 'web')];
const b2Now = [row('k1', 'backup-nas'), row('k3', 'web')];
let refreshGate!: () => void;
const refreshWait = new Promise<void>((r) => (refreshGate = r));

const status = (): Status => ({ name: 'B2 Key Manager', version: '0', browser: 'chrome', vault: 'unlocked', readOnly: false, readOnlyReason: null, activeAccountId: 'a1', accountCount: 1, demoEndpoint: null, autoLockAt: null });
const account: AccountView = { accountId: 'a1', label: 'Account a1', endpoint: 'https://api.backblazeb2.com', managingKeyId: 'm-a1', isMasterKey: false, capabilities: ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets'], missingCapabilities: [], bucketRestriction: null, namePrefix: null, s3ApiUrl: null, addedAt: 1, savedSecretCount: 0, savedSecretsMark: '' } as AccountView;
const windowOf = (req: { offset?: number; limit?: number; query?: string }, refreshDue: boolean): KeyList => {
  const q = (req.query ?? '').trim();
  const rows = cached.filter((k) => k.keyName.includes(q));
  return { accountId: 'a1', keys: rows.slice(req.offset ?? 0, (req.offset ?? 0) + (req.limit ?? 50)), offset: req.offset ?? 0, total: rows.length, totalAll: cached.length, buckets: [], fetchedAt: 1, lastError: null, refreshDue, createChecks: [] } as unknown as KeyList;
};

vi.mock('../rpc/client', () => ({
  takeEarly: () => null,
  rpc: async (method: string, req: { offset?: number; limit?: number; query?: string }) => {
    switch (method) {
      case 'listKeys':
        return windowOf(req, true);
      case 'refreshKeys':
        await refreshWait;
        cached = b2Now;
        return windowOf(req, false);
      case 'listAccounts':
        return { accounts: [account], activeAccountId: 'a1' };
      case 'getStatus':
        return status();
      case 'hygieneReport':
        return { accountId: 'a1', total: 0, lines: [] };
      case 'pageSuggestions':
        return { origin: null, keys: [] };
      default:
        throw new Error(`unexpected ${method}`);
    }
  },
}));

const { KeysScreen } = await import('./KeysScreen');

const settle = async () => {
  for (let i = 0; i < 10; i++) await act(async () => undefined);
};

it('a search typed while the refresh runs shows the refreshed list once the refresh lands', async () => {
  function Host() {
    const [s, setS] = useState(status());
    return <KeysScreen status={s} onStatus={setS} onOpenOptions={() => undefined} />;
  }
  const root = document.createElement('div');
  document.body.append(root);
  await act(async () => render(<Host />, root));
  await settle();
  // The list is due, so the popup refreshes; meanwhile the person searches.
  const search = root.querySelector<HTMLInputElement>('[data-testid="search"]')!;
  search.value = 'backup';
  await act(async () => void search.dispatchEvent(new Event('input')));
  await settle();
  expect(root.querySelector('#key-count')?.textContent).toContain('2 of 3');
  // B2's listing lands: backup-old was deleted in the B2 console.
  refreshGate();
  await settle();
  expect(root.querySelector('#key-count')?.textContent).toBe('1 of 2 keys match.');
  render(null, root);
  root.remove();
});
