// @vitest-environment happy-dom
//
// The hygiene report's "Show all" list of a row kind (Delete Key action) after a key is deleted from it: the
// line is redrawn from a fresh report, but the keys fetched by "Show all" stay as they were.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { Status } from '../rpc/protocol';
import { HygieneReport } from './HygieneReport';

vi.stubGlobal('__B2KM_BROWSER__', 'chrome');
vi.mock('webextension-polyfill', () => ({ default: {} }));

let server: { applicationKeyId: string; keyName: string }[] = [];
const asked: Record<string, unknown>[] = [];
const report = () => ({
  accountId: 'a1',
  total: server.length,
  lines: [{ kind: 'allBuckets', title: 'Write or delete access to all buckets', why: 'why', action: 'delete', count: server.length, keys: server.slice(0, 20), more: server.length > 20 }],
});
vi.mock('../rpc/client', () => ({
  rpc: async (method: string, req: Record<string, unknown>) => {
    if (method === 'hygieneReport') return report();
    if (method === 'hygieneKeys') {
      asked.push(req);
      const { offset, limit } = req as { offset: number; limit: number };
      return { keys: server.slice(offset, offset + limit), total: server.length };
    }
    if (method === 'keyUsage') return { recording: false, entries: [] };
    if (method === 'deleteKey') {
      server = server.filter((k) => k.applicationKeyId !== req['applicationKeyId']);
      return {};
    }
    throw new Error(`unexpected ${method}`);
  },
}));

const status: Status = { name: 'B2 Key Manager', version: '0', browser: 'chrome', vault: 'unlocked', readOnly: false, readOnlyReason: null, activeAccountId: 'a1', accountCount: 1, demoEndpoint: null, autoLockAt: null };
let root: HTMLElement;
const settle = async () => {
  for (let i = 0; i < 5; i++) await act(async () => undefined);
};
const shown = () => [...root.querySelectorAll<HTMLElement>('[data-testid="hygiene-key"]')].map((li) => li.dataset['keyId']);

beforeEach(async () => {
  server = Array.from({ length: 51 }, (_, i) => ({ applicationKeyId: `k-${String(i).padStart(2, '0')}`, keyName: `key-${i}` }));
  asked.length = 0;
  root = document.createElement('div');
  document.body.append(root);
  await act(async () => render(<HygieneReport status={status} first={report() as never} />, root));
  await settle();
  await act(async () => root.querySelector<HTMLButtonElement>('[data-testid="hygiene-more"]')!.click());
  await settle();
  expect(shown()).toHaveLength(50);
  // Delete Key on the first key of the list, from the report.
  await act(async () => root.querySelector<HTMLButtonElement>('[data-key-id="k-00"] [data-testid="hygiene-delete"]')!.click());
  await act(async () => root.querySelector<HTMLButtonElement>('[data-key-id="k-00"] [data-testid="hygiene-confirm-delete"]')!.click());
  await settle();
});
afterEach(() => {
  render(null, root);
  root.remove();
});

it('a key deleted from the report is no longer listed under "Show all"', () => {
  expect(root.querySelector('[data-testid="hygiene-line-count"]')?.textContent).toBe('50');
  expect(shown()).not.toContain('k-00');
});

it('after a delete the list starts again from the report, and "Show all" then lists every key left, from the start', async () => {
  expect(shown()).toHaveLength(20);
  await act(async () => root.querySelector<HTMLButtonElement>('[data-testid="hygiene-more"]')?.click());
  await settle();
  expect(asked.at(-1)).toEqual({ kind: 'allBuckets', accountId: 'a1', offset: 0, limit: 50 });
  expect(shown()).toHaveLength(50);
  expect(shown()).toContain('k-50');
});
