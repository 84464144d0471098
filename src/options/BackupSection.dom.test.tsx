// @vitest-environment happy-dom
//
// Import backup's preview and outcome on the options page: an account the file adds at an API endpoint that is not
// Backblaze's is shown with that endpoint, and the import button is the person's word that they set it; what an
// import left out is said. The background is a stand-in (vi.mock of the RPC client); what it decides is tested in
// src/background/backup-methods.test.ts.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { ReplyOf } from '../rpc/protocol';
import { RpcError } from '../rpc/errors';
import { ImportBackup } from './BackupSection';

type Report = ReplyOf<'importBackup'>;
const sent: { apply: boolean; confirmedEndpoints?: string[] }[] = [];
let answer: (apply: boolean) => Report;

vi.mock('../rpc/client', () => ({
  rpc: async (method: string, params: { apply: boolean; confirmedEndpoints?: string[] }) => {
    if (method !== 'importBackup') throw new Error(`unexpected ${method}`);
    sent.push(params);
    return answer(params.apply);
  },
}));

const report = (extra: Partial<Report> = {}): Report => ({
  applied: false,
  added: 1,
  same: 0,
  conflicting: 0,
  replaced: 0,
  skipped: 0,
  conflicts: [],
  skippedReasons: [],
  customEndpoints: [],
  leftOut: [],
  ...extra,
});

let root: HTMLElement;
beforeEach(() => {
  sent.length = 0;
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const $ = <T extends HTMLElement>(testId: string) => root.querySelector<T>(`[data-testid="${testId}"]`);

async function settle() {
  for (let i = 0; i < 5; i++) await act(async () => undefined);
}

/** Renders the form, chooses a file, types its passphrase and opens it. */
async function openBackup() {
  await act(async () => {
    render(<ImportBackup disabled={false} onImported={() => undefined} />, root);
  });
  const input = $<HTMLInputElement>('import-file')!;
  Object.defineProperty(input, 'files', { value: [new File(['{"backup": true}'], 'backup.json')] });
  await act(async () => void input.dispatchEvent(new Event('change', { bubbles: true })));
  await settle();
  const passphrase = $<HTMLInputElement>('import-passphrase')!;
  passphrase.value = 'the backup passphrase';
  await act(async () => void passphrase.dispatchEvent(new Event('input', { bubbles: true })));
  await act(async () => $<HTMLButtonElement>('import-check')!.click());
  await settle();
}

it('shows each account the file adds at an endpoint that is not built in, and the import button says the person set it', async () => {
  const proxy = 'https://b2-proxy.example.com';
  answer = (apply) => report({ applied: apply, customEndpoints: [{ accountId: 'acc9', label: 'Proxy', endpoint: proxy }] });
  await openBackup();
  const banner = $('import-custom-endpoints')?.textContent ?? '';
  expect(banner).toMatch(/^This account is added, or moved, to an API endpoint that is not Backblaze’s own: its keyID and applicationKey will be sent there\. Import it only if you set this address yourself\./);
  expect(banner).toContain(`Account Proxy (acc9): ${proxy}`);
  expect($('import-apply')!.textContent).toBe(`I set ${proxy} myself: import`);
  expect(sent.map((p) => p.apply)).toEqual([false]);
  await act(async () => $<HTMLButtonElement>('import-apply')!.click());
  await settle();
  // The yes travels with the request, for the background to check against what it is about to write.
  expect(sent.map((p) => [p.apply, p.confirmedEndpoints])).toEqual([
    [false, undefined],
    [true, [proxy]],
  ]);
});

it('with only built-in endpoints the button is the plain Import; what an import left out is said after it', async () => {
  const left = 'Account acc1: the file’s notes about its keys were not imported, because the notes saved here are damaged; they were left as they are.';
  answer = (apply) => report({ applied: apply, leftOut: apply ? [left] : [] });
  await openBackup();
  expect($('import-custom-endpoints')).toBeNull();
  expect($('import-apply')!.textContent).toBe('Import');
  await act(async () => $<HTMLButtonElement>('import-apply')!.click());
  await settle();
  expect(sent.map((p) => p.confirmedEndpoints)).toEqual([undefined, []]);
  expect($('import-done')!.textContent).toBe(`Imported. 1 entry added, 0 already here, 0 conflicts, 0 skipped. ${left}`);
});

it.each([
  ['a refused write the browser may have stored', new RpcError('WRITE_UNCERTAIN', 'The browser refused to store the import (the disk may be full), and may have stored part of it all the same. Free some space, then open the backup again: its preview compares the file with what is saved now.')],
  ['no answer from a background that stopped', new RpcError('NO_ANSWER', 'The extension’s background stopped before it answered. Close this window and try again.')],
  ['a change meanwhile (nothing written)', new RpcError('CHANGED_MEANWHILE', 'An account changed meanwhile.')],
])('an import that ends in %s says only what is known of it (fault review 14)', async (what, error) => {
  answer = (apply) => {
    if (apply) throw error;
    return report();
  };
  await openBackup();
  await act(async () => $<HTMLButtonElement>('import-apply')!.click());
  await settle();
  const said = root.querySelector('[role="alert"]')?.textContent ?? '';
  if (error.code === 'CHANGED_MEANWHILE') expect(said).toBe('Nothing was imported. An account changed meanwhile.');
  else expect(said, what).not.toContain('Nothing was imported');
  if (error.code === 'NO_ANSWER') expect(said).toBe('The extension’s background stopped before it said whether the import was saved. Open the backup again: its preview compares the file with what is saved now.');
  if (error.code === 'WRITE_UNCERTAIN') expect(said).toBe(error.message);
});
