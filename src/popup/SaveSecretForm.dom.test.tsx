// @vitest-environment happy-dom
//
// A pasted applicationKey in Save secret (key details) when the vault locks: the save answered LOCKED, or an
// auto-lock while the text sits in the field. The person's typed text should survive, as the options page's forms do.
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { RpcError } from '../rpc/errors';
import type { KeyView } from '../rpc/protocol';
import { KeyDetails } from './KeyDetails';

vi.stubGlobal('__B2KM_BROWSER__', 'chrome');

const sent: { method: string; req: Record<string, unknown> }[] = [];
vi.mock('../rpc/client', () => ({
  rpc: async (method: string, req: Record<string, unknown>) => {
    sent.push({ method, req });
    if (method === 'keyNotes') return { replaces: null, replacedBy: null, bucketKind: 'allBuckets', rotation: { refusal: null, suggestedName: 'x', suggestedDuration: { seconds: null, known: true } } };
    if (method === 'keyUsage') return { recording: false, entries: [] };
    if (method === 'saveSecret') throw new RpcError('LOCKED', 'The vault is locked. Unlock it to continue.');
    throw new Error(`unexpected ${method}`);
  },
}));

const key: KeyView = { accountId: 'a1', applicationKeyId: 'k-1', keyName: 'nas', capabilities: ['readFiles'], bucketIds: null, namePrefix: null, expirationTimestamp: null, options: [], hasSecret: false, isManagingKey: false, secretDamaged: false, lost: true };
let root: HTMLElement;
let setLocked!: (v: boolean) => void;

function Harness() {
  const [locked, set] = useState(false);
  setLocked = set;
  return <KeyDetails keyView={key} bucketNames={new Map()} now={0} locked={locked} readOnly={false} onLocked={() => set(true)} onBack={() => undefined} onDeleted={() => undefined} onChanged={() => undefined} />;
}

beforeEach(async () => {
  sent.length = 0;
  root = document.createElement('div');
  document.body.append(root);
  await act(async () => render(<Harness />, root));
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const field = () => root.querySelector<HTMLInputElement>('[data-testid="save-secret-input"]');
async function type(text: string) {
  await act(async () => {
    field()!.value = text;
    field()!.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

it('keeps the pasted applicationKey when Save answers LOCKED and the person unlocks again', async () => {
  await type('K005right-secret');
  await act(async () => root.querySelector<HTMLFormElement>('[data-testid="save-secret-form"]')!.requestSubmit());
  for (let i = 0; i < 5; i++) await act(async () => undefined);
  expect(sent.some((s) => s.method === 'saveSecret')).toBe(true);
  await act(async () => setLocked(false));
  expect(field()?.value).toBe('K005right-secret');
});

it('keeps the pasted applicationKey across an auto-lock and unlock', async () => {
  await type('K005right-secret');
  await act(async () => setLocked(true));
  // Locked: the form stays with its text, and cannot send.
  expect(field()?.value).toBe('K005right-secret');
  expect(root.querySelector<HTMLButtonElement>('[data-testid="save-secret-form"] button[type="submit"]')!.disabled).toBe(true);
  expect(root.textContent).toContain('Unlock to save it.');
  await act(async () => setLocked(false));
  expect(field()?.value).toBe('K005right-secret');
});

it('sends the key’s name with the pasted applicationKey', async () => {
  await type('K005right-secret');
  await act(async () => root.querySelector<HTMLFormElement>('[data-testid="save-secret-form"]')!.requestSubmit());
  for (let i = 0; i < 5; i++) await act(async () => undefined);
  expect(sent.find((s) => s.method === 'saveSecret')?.req).toEqual({ applicationKeyId: 'k-1', accountId: 'a1', applicationKey: 'K005right-secret', keyName: 'nas' });
});
