// @vitest-environment happy-dom
//
// What the copy button tells the person about clearing a copied applicationKey. The background is a stand-in
// (vi.mock of the RPC client); what it records and clears is tested in src/background/clipboard.test.ts.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RpcError } from '../rpc/errors';
import type { ReplyOf } from '../rpc/protocol';
import { CopyButton, clearWarning } from './CopyButton';

const sent: string[] = [];
let answer: () => Promise<ReplyOf<'secretCopied'>>;
vi.mock('../rpc/client', () => ({
  rpc: async (method: string) => {
    sent.push(method);
    return answer();
  },
}));

let root: HTMLElement;
let board: string[];
beforeEach(() => {
  sent.length = 0;
  board = [];
  root = document.createElement('div');
  document.body.append(root);
  Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (t: string) => void board.push(t) } });
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const settle = () => act(async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 5));
});

async function click(props: { secret?: boolean } = { secret: true }): Promise<void> {
  await act(() => render(<CopyButton text="K005secretsecretsecretsecret" label="Copy applicationKey" testId="copy" {...props} />, root));
  await act(() => root.querySelector<HTMLButtonElement>('[data-testid="copy"]')!.click());
  await settle();
}

const warning = () => root.querySelector('[data-testid="copy-warning"]');

describe('CopyButton and the clipboard clear', () => {
  it('says nothing more than "Copied" when the background recorded the clear', async () => {
    answer = async () => ({});
    await click();
    expect(sent).toEqual(['secretCopied']);
    expect(root.textContent).toContain('Copied');
    expect(warning()).toBeNull();
  });

  it('says, and keeps saying, that a copy the browser could not note is cleared only while it keeps running', async () => {
    answer = async () => ({ notRecorded: { clearAfterSeconds: 60 } });
    await click();
    expect(warning()?.getAttribute('role')).toBe('alert');
    expect(warning()?.textContent).toBe(
      'Copied. The browser refused to note when to clear it (its storage may be full): it is cleared in 1 minute only while the browser keeps running; if you close the browser before then, it will not be cleared, so clear it yourself.',
    );
    // "Copied" goes after two seconds; what the person must do does not.
    await act(() => new Promise((r) => setTimeout(r, 2100)));
    expect(root.textContent).toContain('Copy applicationKey');
    expect(warning()).not.toBeNull();
  });

  it('says the copy will not be cleared when the background could not take it at all', async () => {
    answer = () => Promise.reject(new RpcError('INTERNAL', 'This change was not saved: the browser refused to store it (the disk may be full).'));
    await click();
    expect(board).toEqual(['K005secretsecretsecretsecret']);
    expect(warning()?.textContent).toBe('Copied, but it will not be cleared from the clipboard (the extension could not note the copy): clear it yourself once you have pasted it.');
  });

  it('a later copy that was recorded takes the warning away', async () => {
    answer = async () => ({ notRecorded: { clearAfterSeconds: 60 } });
    await click();
    expect(warning()).not.toBeNull();
    answer = async () => ({});
    await act(() => root.querySelector<HTMLButtonElement>('[data-testid="copy"]')!.click());
    await settle();
    expect(warning()).toBeNull();
  });

  it('tells the background nothing, and warns of nothing, for a keyID', async () => {
    answer = () => Promise.reject(new Error('not called'));
    await click({});
    expect(sent).toEqual([]);
    expect(warning()).toBeNull();
  });
});

describe('clearWarning', () => {
  it('names the time as the options do, and the lock for “never”', () => {
    expect(clearWarning({ notRecorded: { clearAfterSeconds: 30 } })).toContain('it is cleared in 30 seconds only while the browser keeps running');
    expect(clearWarning({ notRecorded: { clearAfterSeconds: 120 } })).toContain('it is cleared in 2 minutes only while');
    expect(clearWarning({ notRecorded: { clearAfterSeconds: null } })).toContain('it is cleared when the vault locks only while the browser keeps running');
    expect(clearWarning({})).toBeNull();
  });
});
