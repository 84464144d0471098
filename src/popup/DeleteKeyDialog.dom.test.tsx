// @vitest-environment happy-dom
//
// Delete Key's warning for a key that Rotate key replaced with a successor whose applicationKey is not saved. The
// background is a stand-in (vi.mock of the RPC client); deleting itself is tested end to end (test/e2e/journey.test.ts).
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { KeyView } from '../rpc/protocol';
import { DeleteKeyDialog } from './DeleteKeyDialog';

let replacedBy: { applicationKeyId: string; keyName: string } | null = null;
let successor: Partial<KeyView> | null = null;
const asked: string[] = [];
const requests: { method: string; req: Record<string, unknown> }[] = [];

vi.mock('../rpc/client', () => ({
  rpc: async (method: string, req: Record<string, unknown>) => {
    asked.push(method);
    requests.push({ method, req });
    if (method === 'keyNotes') return { replaces: null, replacedBy, bucketKind: 'allBuckets', rotation: { refusal: null, suggestedName: 'x', suggestedDuration: { seconds: null, known: true } } };
    if (method === 'getKey') return { key: successor };
    if (method === 'keyUsage') return { recording: false, entries: [] };
    throw new Error(`unexpected ${method}`);
  },
}));

const old: KeyView = { accountId: 'a1', applicationKeyId: 'k-old', keyName: 'nas', capabilities: ['readFiles'], bucketIds: null, namePrefix: null, expirationTimestamp: null, options: [], hasSecret: true, isManagingKey: false, secretDamaged: false, lost: false };
let root: HTMLElement;

beforeEach(() => {
  asked.length = 0;
  requests.length = 0;
  root = document.createElement('div');
  document.body.append(root);
});

afterEach(() => {
  render(null, root);
  root.remove();
});

async function open(): Promise<string> {
  await act(async () => {
    render(<DeleteKeyDialog keyView={old} onCancel={() => undefined} onDeleted={() => undefined} onLocked={() => undefined} />, root);
  });
  for (let i = 0; i < 5; i++) await act(async () => undefined);
  return document.body.querySelector('[data-testid="delete-successor-unsaved"]')?.textContent ?? '';
}

it('warns when the key that replaced this one has no saved applicationKey', async () => {
  replacedBy = { applicationKeyId: 'k-new', keyName: 'nas-2' };
  successor = { ...old, applicationKeyId: 'k-new', keyName: 'nas-2', hasSecret: false };
  expect(await open()).toMatch(/^“nas-2” replaced this key, and its applicationKey is not saved in your vault\./);
});

it('says nothing more when the successor’s applicationKey is saved, the successor is gone, or nothing replaced the key', async () => {
  replacedBy = { applicationKeyId: 'k-new', keyName: 'nas-2' };
  successor = { ...old, applicationKeyId: 'k-new', keyName: 'nas-2', hasSecret: true };
  expect(await open()).toBe('');
  render(null, root);
  successor = null;
  expect(await open()).toBe('');
  render(null, root);
  replacedBy = null;
  asked.length = 0;
  expect(await open()).toBe('');
  expect(asked).not.toContain('getKey');
});

it('asks about the key’s own account, which may no longer be the active one (another page switched it)', async () => {
  replacedBy = { applicationKeyId: 'k-new', keyName: 'nas-2' };
  successor = { ...old, applicationKeyId: 'k-new', keyName: 'nas-2', hasSecret: false };
  await open();
  expect(requests.map((r) => r.method).sort()).toEqual(['getKey', 'keyNotes', 'keyUsage']);
  for (const { method, req } of requests) expect(req.accountId, method).toBe('a1');
});
