// @vitest-environment happy-dom
//
// Change passphrase when the background's answer never came: the new header may already be the one on disk, so the
// page says that either passphrase may be in effect and keeps both in the form (closing the window would drop the
// only record of the new one). The background is a stand-in (vi.mock of the RPC client); what it does when the
// browser reports the write as failed is tested in src/background/vault-methods.test.ts.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { RpcError } from '../rpc/errors';
import { ChangePassphraseForm } from './ChangePassphraseForm';

let failure: RpcError;
vi.mock('../rpc/client', () => ({
  rpc: async (method: string) => {
    if (method !== 'changePassphrase') throw new Error(`unexpected ${method}`);
    throw failure;
  },
}));

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const field = (testId: string) => root.querySelector<HTMLInputElement>(`[data-testid="${testId}"]`)!;

async function submitChange() {
  await act(() => render(<ChangePassphraseForm disabled={false} />, root));
  // One field per act: each field's handler closes over the state of the render before it.
  for (const [id, value] of [
    ['current-passphrase', 'correct horse battery staple'],
    ['new-passphrase', 'a new long passphrase for the vault'],
    ['confirm-passphrase', 'a new long passphrase for the vault'],
  ] as const) {
    await act(() => {
      field(id).value = value;
      field(id).dispatchEvent(new Event('input', { bubbles: true }));
    });
  }
  await act(async () => {
    root.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await new Promise((r) => setTimeout(r, 0));
  });
}

it('no answer: says the new passphrase may be in effect, how to find out, and keeps both typed', async () => {
  failure = new RpcError('NO_ANSWER', 'The extension’s background stopped before it answered. Close this window and try again.');
  await submitChange();
  const text = root.textContent ?? '';
  expect(text).toContain('the new passphrase may or may not be in effect');
  expect(text).toContain('lock the vault and unlock it with the new one; if that is refused, the current one still opens it');
  expect(text).not.toContain('Close this window');
  expect(field('current-passphrase').value).toBe('correct horse battery staple');
  expect(field('new-passphrase').value).toBe('a new long passphrase for the vault');
});

it('any other failure shows the background’s own sentence', async () => {
  failure = new RpcError('INTERNAL', 'The passphrase was not changed: the browser refused to store the new one (the disk may be full).');
  await submitChange();
  expect(root.textContent).toContain('The passphrase was not changed: the browser refused to store the new one (the disk may be full).');
});
