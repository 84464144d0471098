// @vitest-environment happy-dom
//
// The popup's account switch sent while a Create New Key is on its way (a fault review's case): B2's answer, with an
// applicationKey the vault could not save (the only copy), arrives while setActiveAccount is still answering. The
// switch must not replace the one-time panel with the list.
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { afterEach, expect, it, vi } from 'vitest';
import type { AccountView, KeyList, Status } from '../rpc/protocol';
import { KeysScreen } from './KeysScreen';
import { writeDraft } from './create-draft';
import { INITIAL_CREATE_FORM } from './createForm';

vi.stubGlobal('__B2KM_BROWSER__', 'chrome');

const deferred = <T,>() => {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
};
let active = 'a1';
const create = deferred<unknown>();
const switching = deferred<unknown>();

const status = (): Status => ({ name: 'B2 Key Manager', version: '0', browser: 'chrome', vault: 'unlocked', readOnly: false, readOnlyReason: null, activeAccountId: active, accountCount: 2, demoEndpoint: null, autoLockAt: null });
const account = (id: string): AccountView => ({ accountId: id, label: `Account ${id}`, endpoint: 'https://api.backblazeb2.com', managingKeyId: `m-${id}`, isMasterKey: false, capabilities: ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets'], missingCapabilities: [], bucketRestriction: null, namePrefix: null, s3ApiUrl: null, addedAt: 1, savedSecretCount: 0, savedSecretsMark: '' });
const list = (): KeyList => ({ accountId: active, keys: [], offset: 0, total: 0, totalAll: 0, refreshDue: false, buckets: [], fetchedAt: 1, lastError: null, createChecks: [] });

vi.mock('../rpc/client', () => ({
  takeEarly: () => null,
  rpc: async (method: string) => {
    switch (method) {
      case 'listKeys':
        return list();
      case 'listAccounts':
        return { accounts: [account('a1'), account('a2')], activeAccountId: active };
      case 'getStatus':
        return status();
      case 'listBuckets':
        return { buckets: [] };
      case 'hygieneReport':
        return { accountId: active, total: 0, lines: [] };
      case 'pageSuggestions':
        return { origin: null, keys: [] };
      case 'createKey':
        return create.promise;
      case 'setActiveAccount':
        await switching.promise;
        active = 'a2';
        return {};
      default:
        throw new Error(`unexpected ${method}`);
    }
  },
}));

let root: HTMLElement;
afterEach(() => {
  render(null, root);
  root.remove();
});

const settle = async () => {
  for (let i = 0; i < 10; i++) await act(async () => undefined);
};

function Host() {
  const [s, setS] = useState(status());
  return <KeysScreen status={s} onStatus={setS} onOpenOptions={() => undefined} />;
}

it('keeps an unsaved applicationKey on screen when the account switch answers after it', async () => {
  // The Create New Key form as typed (restored from its draft, as after a popup reopened).
  writeDraft(localStorage, 'a1', { ...INITIAL_CREATE_FORM, keyName: 'nas-backup' }, Date.now());
  root = document.createElement('div');
  document.body.append(root);
  await act(async () => render(<Host />, root));
  await settle();
  const form = root.querySelector<HTMLFormElement>('[data-testid="create-form"]')!;
  await act(async () => void form.dispatchEvent(new Event('submit', { cancelable: true })));
  await settle();
  // While B2 answers, the person picks the other account.
  const select = root.querySelector<HTMLSelectElement>('[data-testid="account-select"]')!;
  expect(select.disabled).toBe(false);
  select.value = 'a2';
  await act(async () => void select.dispatchEvent(new Event('change')));
  // B2's answer comes first; the vault could not save its applicationKey.
  create.resolve({ key: { accountId: 'a1', applicationKeyId: 'k-new', keyName: 'nas-backup', capabilities: ['readFiles'], bucketIds: null, namePrefix: null, expirationTimestamp: null, options: [], hasSecret: false, lost: false }, applicationKey: 'ONLY-COPY-OF-SECRET', saved: false });
  await settle();
  expect(root.querySelector('[data-testid="new-application-key"]')?.textContent).toContain('ONLY-COPY-OF-SECRET');
  // Then the switch answers.
  switching.resolve(undefined);
  await settle();
  expect(root.querySelector('[data-testid="new-application-key"]')?.textContent ?? 'gone from the screen').toContain('ONLY-COPY-OF-SECRET');
});
