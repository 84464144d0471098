// @vitest-environment happy-dom
//
// A Create New Key whose send got no answer (the background stopped) stays marked as sent in the draft, so the popup
// opened next asks createOutcome before offering the form again: B2 may have made the key, and a form offered as
// never sent invites a second key of that name (fault review 15).
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { RpcError } from '../rpc/errors';
import { CreateKeyForm } from './CreateKeyForm';
import { readDraft } from './create-draft';

vi.mock('../rpc/client', () => ({
  rpc: async (method: string) => {
    if (method === 'listBuckets') return { buckets: [] };
    // The answer is awaited for a while (B2 answers in seconds), then the background is found stopped.
    if (method === 'createKey') await new Promise((r) => setTimeout(r, 20));
    if (method === 'createKey') throw new RpcError('NO_ANSWER', 'The extension’s background stopped before it answered. Close this window and try again.');
    // The restarted background found the key's secret saved by the instance that stopped (create-methods createOutcome).
    if (method === 'createOutcome') return { outcome: { state: 'created', keyName: 'nas-backup', applicationKeyId: 'k-new', saved: true, held: false } };
    throw new Error(`unexpected ${method}`);
  },
}));

let root: HTMLElement;
beforeEach(() => {
  localStorage.clear();
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const settle = async () => {
  for (let i = 0; i < 6; i++) await act(async () => undefined);
};

/** The popup's Create New Key form for account a1, opened afresh. */
async function open() {
  await act(async () => {
    render(<CreateKeyForm account={null} accountId="a1" locked={false} onLocked={() => undefined} onCancel={() => undefined} onCreated={() => undefined} onListChanged={() => undefined} />, root);
  });
  await settle();
}

async function typeName(value: string) {
  const name = root.querySelector<HTMLInputElement>('input[name="keyName"]')!;
  await act(async () => {
    name.value = value;
    name.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await settle();
}

async function send() {
  await act(async () => {
    root.querySelector<HTMLFormElement>('[data-testid="create-form"]')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
}

/** Past the stand-in background's wait: its NO_ANSWER is in. */
async function answered() {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 50));
  });
  await settle();
}

it('keeps the sent mark of a create that got no answer (B2 may have made the key)', async () => {
  await open();
  await typeName('nas-backup');
  expect(readDraft(localStorage, 'a1', Date.now())?.form.keyName).toBe('nas-backup');
  await send();
  await settle();
  // Sent: the draft says so while the answer is awaited.
  expect(readDraft(localStorage, 'a1', Date.now())?.sent).not.toBeNull();
  await answered();
  // The form says B2 may have made the key...
  expect(root.textContent).toMatch(/B2 may have created “nas-backup”/);
  // ...so the draft must still say it was sent: the next popup then asks createOutcome instead of offering it as unsent.
  const kept = readDraft(localStorage, 'a1', Date.now());
  expect(kept?.form.keyName).toBe('nas-backup');
  expect(kept?.sent).not.toBeNull();
});

it('a popup reopened after that no-answer create says B2 made the key, not "Restored what you typed", and does not offer it again', async () => {
  await open();
  await typeName('nas-backup');
  await send();
  await answered();
  // The person closes the popup (a click outside it) and opens it again.
  render(null, root);
  await open();
  expect(root.textContent).not.toMatch(/Restored what you typed before the panel closed/);
  expect(root.querySelector('[data-testid="create-resumed"]')?.textContent ?? '(no note)').toMatch(/B2 created “nas-backup”/);
});
