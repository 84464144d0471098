// @vitest-environment happy-dom
//
// The unlock form's wait after wrong passphrases is counted on the page's monotonic clock: a wall clock set back
// during a 2 s wait must not keep the Unlock button off, saying "Try again in 3599 s", for an hour.
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { RpcError } from '../rpc/errors';
import { UnlockForm } from './UnlockForm';

vi.mock('../rpc/client', () => ({
  rpc: async () => {
    throw new RpcError('WRONG_PASSPHRASE', 'That passphrase is not right. Check Caps Lock. Try again in 2 s.', { retryAfterSeconds: 2 });
  },
}));

let root: HTMLElement;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'Date', 'performance'] });
  vi.setSystemTime(Date.UTC(2026, 11, 1, 9));
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
  vi.useRealTimers();
});

async function wrongPassphrase(): Promise<HTMLButtonElement> {
  await act(async () => render(h(UnlockForm, { onUnlocked: () => undefined }), root));
  const input = root.querySelector<HTMLInputElement>('[data-testid="unlock-passphrase"]')!;
  await act(async () => {
    input.value = 'wrong passphrase';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await act(async () => {
    root.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await Promise.resolve();
  });
  await act(async () => void (await vi.advanceTimersByTimeAsync(300)));
  return root.querySelector<HTMLButtonElement>('[data-testid="unlock-submit"]')!;
}

it('waits the seconds the background asked for, then offers the try again', async () => {
  const button = await wrongPassphrase();
  expect(button.disabled).toBe(true);
  expect(root.textContent).toContain('Try again in 2 s.');
  await act(async () => void (await vi.advanceTimersByTimeAsync(1_800)));
  expect(button.disabled).toBe(false);
  expect(root.textContent).toContain('You can try your passphrase again now.');
  expect(root.textContent).toContain('That passphrase is not right.');
});

it('a wall clock set back during the wait does not make it longer', async () => {
  const button = await wrongPassphrase();
  expect(button.disabled).toBe(true);
  // NTP steps the clock back an hour; two real seconds pass.
  vi.setSystemTime(Date.now() - 60 * 60_000);
  await act(async () => void (await vi.advanceTimersByTimeAsync(2_000)));
  expect(root.textContent).not.toContain('3599');
  expect(button.disabled).toBe(false);
});
