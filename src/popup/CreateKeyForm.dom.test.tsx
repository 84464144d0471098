// @vitest-environment happy-dom
//
// The Create New Key form opened on a draft it had sent before the panel closed (create-draft.ts): what it shows for
// each answer of createOutcome. The background is a stand-in here (vi.mock of the RPC client); the real path, popup
// and background and emulator, is test/e2e/ui-truth.test.ts.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { RpcError } from '../rpc/errors';
import type { AccountView, ReplyOf } from '../rpc/protocol';
import { CreateKeyForm } from './CreateKeyForm';
import { draftItem, readDraft, writeDraft } from './create-draft';
import { INITIAL_CREATE_FORM } from './createForm';

type Outcome = ReplyOf<'createOutcome'>['outcome'];
let outcomes: (Outcome | Error)[] = [];
let heldReply: ReplyOf<'heldSecret'> | Error = new Error('not held');
let shown: ReplyOf<'createKey'>[] = [];
const asked: unknown[] = [];

vi.mock('../rpc/client', () => ({
  rpc: async (method: string, params: unknown) => {
    if (method === 'listBuckets') return { buckets: [] };
    if (method === 'heldSecret') {
      asked.push({ heldSecret: params });
      if (heldReply instanceof Error) throw heldReply;
      return heldReply;
    }
    if (method !== 'createOutcome') throw new Error(`unexpected ${method}`);
    asked.push(params);
    const next = outcomes.length > 1 ? outcomes.shift()! : outcomes[0]!;
    if (next instanceof Error) throw next;
    return { outcome: next };
  },
}));

const typed = { ...INITIAL_CREATE_FORM, keyName: 'nas-backup' };
let root: HTMLElement;
let listChanged = 0;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  localStorage.clear();
  asked.length = 0;
  listChanged = 0;
  shown = [];
  root = document.createElement('div');
  document.body.append(root);
  writeDraft(localStorage, 'a1', typed, Date.now(), { requestId: 'r-1', at: Date.now() });
});

afterEach(() => {
  render(null, root);
  root.remove();
  vi.useRealTimers();
});

async function open(onCancel: () => void = () => undefined, locked = false): Promise<void> {
  await act(async () => {
    render(<CreateKeyForm account={null} accountId="a1" locked={locked} onLocked={() => undefined} onCancel={onCancel} onCreated={(c) => shown.push(c)} onListChanged={() => listChanged++} />, root);
  });
  await settle();
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await act(async () => undefined);
}

const nameField = () => root.querySelector<HTMLInputElement>('input[name="keyName"]')!;
const form = () => root.querySelector<HTMLFormElement>('[data-testid="create-form"]')!;
const note = () => root.querySelector('[data-testid="create-resumed"]')?.textContent ?? '';

it('waits while B2 still answers (the form hidden, the draft still marked sent), then shows the refusal with the form', async () => {
  outcomes = [{ state: 'pending' }, { state: 'failed', error: { code: 'B2', message: 'B2 refused this: “bad name”.', fields: { keyName: 'B2 refused this name.' } } }];
  await open();
  expect(note()).toMatch(/^This form was sent just before the panel closed\. Waiting for B2’s answer/);
  expect(form().hidden).toBe(true);
  expect(readDraft(localStorage, 'a1', Date.now())?.sent).toEqual({ requestId: 'r-1', at: expect.any(Number) });
  await act(async () => {
    vi.advanceTimersByTime(1_000);
  });
  await settle();
  expect(asked).toEqual([{ requestId: 'r-1' }, { requestId: 'r-1' }]);
  expect(form().hidden).toBe(false);
  expect(note()).toMatch(/and the key was not created\./);
  expect(nameField().value).toBe('nas-backup');
  expect(root.textContent).toContain('B2 refused this name.');
  // A plain draft again: the next panel shows it without asking.
  expect(readDraft(localStorage, 'a1', Date.now())).toEqual({ form: typed, sent: null });
});

it('B2 made the key: the form is emptied and not offered again, and the list is reloaded', async () => {
  outcomes = [{ state: 'created', keyName: 'nas-backup', applicationKeyId: 'k1', saved: true, held: false }];
  await open();
  expect(note()).toMatch(/^B2 created “nas-backup” after the panel closed, and its applicationKey is saved in the vault/);
  expect(nameField().value).toBe('');
  expect(localStorage.getItem(draftItem('a1'))).toBeNull();
  expect(listChanged).toBe(1);
});

it('B2 made the key but the vault could not take its secret: said so, as an alert', async () => {
  outcomes = [{ state: 'created', keyName: 'nas-backup', applicationKeyId: 'k1', saved: false, held: false }];
  await open();
  expect(root.querySelector('[role="alert"][data-testid="create-resumed"]')?.textContent).toMatch(/saving its applicationKey to the vault failed/);
});

it('B2 made the key, the vault refused its secret and the background holds it: shown on request as the create would have', async () => {
  outcomes = [{ state: 'created', keyName: 'nas-backup', applicationKeyId: 'k1', saved: false, held: true }];
  const key = { accountId: 'a1', applicationKeyId: 'k1', keyName: 'nas-backup', capabilities: ['listBuckets'], bucketIds: null, namePrefix: null, expirationTimestamp: null, options: [], hasSecret: false, lost: false };
  heldReply = new RpcError('NOT_FOUND', 'B2 Key Manager no longer holds this applicationKey.');
  await open();
  expect(root.querySelector('[role="alert"][data-testid="create-resumed"]')?.textContent).toMatch(/holds it, encrypted, in memory until the browser closes/);
  const button = () => root.querySelector<HTMLButtonElement>('[data-testid="show-held-secret"]')!;
  await act(async () => button().click());
  await settle();
  // A refusal is said, and the button stays for another try.
  expect(note()).toContain('B2 Key Manager no longer holds this applicationKey.');
  expect(shown).toEqual([]);
  heldReply = { key, applicationKey: 'K005secret', saved: false };
  await act(async () => button().click());
  await settle();
  expect(asked).toContainEqual({ heldSecret: { applicationKeyId: 'k1' } });
  expect(shown).toEqual([heldReply]);
});

it('a held secret while the vault is locked: no button, a sentence saying to unlock', async () => {
  outcomes = [{ state: 'created', keyName: 'nas-backup', applicationKeyId: 'k1', saved: false, held: true }];
  await open(undefined, true);
  expect(root.querySelector('[data-testid="show-held-secret"]')).toBeNull();
  expect(note()).toContain('Unlock to show it.');
});

it('an answer that was lost: the form comes back with a warning that B2 may have made the key', async () => {
  outcomes = [{ state: 'failed', error: { code: 'NO_ANSWER', message: 'The extension’s background stopped before B2’s answer arrived.' } }];
  await open();
  expect(note()).toMatch(/B2’s answer did not arrive/);
  expect(root.textContent).toMatch(/so B2 may have created “nas-backup”/);
  expect(nameField().value).toBe('nas-backup');
  expect(listChanged).toBe(1);
});

it('no record of the send, or no answer from the background: the form comes back with a warning to look first', async () => {
  for (const answer of [null, new Error('Could not establish connection')]) {
    writeDraft(localStorage, 'a1', typed, Date.now(), { requestId: 'r-1', at: Date.now() });
    outcomes = [answer];
    await open();
    expect(note()).toMatch(/no record of what became of it: look for “nas-backup” in the key list/);
    expect(nameField().value).toBe('nas-backup');
    render(null, root);
  }
});

it('← Keys while the answer is awaited keeps the sent draft for the next panel', async () => {
  outcomes = [{ state: 'pending' }];
  let left = 0;
  await open(() => left++);
  await act(async () => {
    root.querySelector<HTMLButtonElement>('button.link')!.click();
  });
  expect(left).toBe(1);
  expect(readDraft(localStorage, 'a1', Date.now())?.sent?.requestId).toBe('r-1');
});

it('another account made active meanwhile: its managing key\'s limits are not said of this form\'s account (fault review 15)', async () => {
  localStorage.clear();
  const client = await import('../rpc/client');
  const spy = vi.spyOn(client, 'rpc').mockImplementation((async () => ({ buckets: [] })) as typeof client.rpc);
  const view = (accountId: string, missingCapabilities: string[]): AccountView => ({
    accountId,
    label: accountId,
    endpoint: 'https://api.backblazeb2.com',
    managingKeyId: `k-${accountId}`,
    isMasterKey: missingCapabilities.length === 0,
    capabilities: [],
    missingCapabilities,
    bucketRestriction: null,
    namePrefix: null,
    s3ApiUrl: 'https://s3.us-west-004.backblazeb2.com',
    addedAt: 1,
    savedSecretCount: 0,
    savedSecretsMark: '',
    problem: null,
  });
  const at = (account: AccountView) => <CreateKeyForm account={account} accountId={account.accountId} locked={false} onLocked={() => undefined} onCancel={() => undefined} onCreated={() => undefined} onListChanged={() => undefined} />;
  const warned = () => root.textContent?.includes('lacks writeKeys') ?? false;
  try {
    await act(async () => render(at(view('a1', [])), root));
    expect(warned()).toBe(false);
    await act(async () => render(at(view('a2', ['writeKeys'])), root));
    expect(root.querySelector('[data-testid="create-account-moved"]')).not.toBeNull();
    expect(warned()).toBe(false);
  } finally {
    spy.mockRestore();
  }
  // The other way round: this form's account lacks writeKeys, and says so whichever account becomes active.
  render(null, root);
  localStorage.clear();
  const again = vi.spyOn(client, 'rpc').mockImplementation((async () => ({ buckets: [] })) as typeof client.rpc);
  try {
    await act(async () => render(at(view('a1', ['writeKeys'])), root));
    expect(warned()).toBe(true);
    await act(async () => render(at(view('a2', [])), root));
    expect(warned()).toBe(true);
  } finally {
    again.mockRestore();
  }
});

it('another account made active meanwhile: the form says the key is still made in the account it was opened for, and sends that account', async () => {
  localStorage.clear();
  const sent: unknown[] = [];
  const client = await import('../rpc/client');
  const spy = vi.spyOn(client, 'rpc').mockImplementation((async (method: string, params: unknown) => {
    if (method === 'createKey') {
      sent.push(params);
      throw new Error('stop here');
    }
    return { buckets: [] };
  }) as typeof client.rpc);
  const at = (accountId: string) => <CreateKeyForm account={null} accountId={accountId} locked={false} onLocked={() => undefined} onCancel={() => undefined} onCreated={() => undefined} onListChanged={() => undefined} />;
  try {
    await act(async () => render(at('a1'), root));
    expect(root.querySelector('[data-testid="create-account-moved"]')).toBeNull();
    await act(async () => render(at('a2'), root));
    expect(root.querySelector('[data-testid="create-account-moved"]')?.textContent).toMatch(/still created in the account this form was opened for/);
    await act(async () => {
      const name = nameField();
      name.value = 'moved-key';
      name.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => {
      form().requestSubmit();
    });
    await settle();
    expect(sent).toMatchObject([{ keyName: 'moved-key', accountId: 'a1' }]);
  } finally {
    spy.mockRestore();
  }
});
