// @vitest-environment happy-dom
//
// The options page's hygiene report of account a1, after the popup made a2 active (the options tab stays visible
// under the popup, so nothing reloads it). "Show all" asked hygieneKeys for the active account, and a2's rows landed
// under a1's report with a1's Delete Key (found by fault review 10). The stand-in answers as the background does:
// for the account asked for, else the active one.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, expect, it, vi } from 'vitest';
import type { Status } from '../rpc/protocol';

vi.stubGlobal('__B2KM_BROWSER__', 'chrome');
vi.mock('webextension-polyfill', () => ({ default: {} }));

let active = 'a1';
const keysOf = (acc: string) => Array.from({ length: 30 }, (_, i) => ({ applicationKeyId: `${acc}-k${String(i).padStart(2, '0')}`, keyName: `${acc}-key-${i}` }));
const deletes: Record<string, unknown>[] = [];
const report = (acc: string) => ({
  accountId: acc,
  total: 30,
  lines: [{ kind: 'allBuckets', title: 'Write or delete access to all buckets', why: 'why', action: 'delete', count: 30, keys: keysOf(acc).slice(0, 20), more: true }],
});
vi.mock('../rpc/client', () => ({
  rpc: async (method: string, req: Record<string, unknown>) => {
    if (method === 'hygieneReport') return report(active);
    if (method === 'hygieneKeys') {
      // As the background answers it: the active account's rows.
      const { offset, limit, accountId } = req as { offset: number; limit: number; accountId?: string };
      return { keys: keysOf(accountId ?? active).slice(offset, offset + limit), total: 30 };
    }
    if (method === 'keyUsage') return { recording: false, entries: [] };
    if (method === 'deleteKey') {
      deletes.push(req);
      return {};
    }
    throw new Error(`unexpected ${method}`);
  },
}));

const { HygieneReport } = await import('./HygieneReport');

const status: Status = { name: 'B2 Key Manager', version: '0', browser: 'chrome', vault: 'unlocked', readOnly: false, readOnlyReason: null, activeAccountId: 'a1', accountCount: 2, demoEndpoint: null, autoLockAt: null };
const settle = async () => {
  for (let i = 0; i < 5; i++) await act(async () => undefined);
};

let root: HTMLElement;
afterEach(() => {
  render(null, root);
  root.remove();
});

/** a1's report drawn, then another page makes a2 active (the options page is not told), then "Show all". */
async function showAllAfterSwitch(): Promise<HTMLElement[]> {
  active = 'a1';
  deletes.length = 0;
  root = document.createElement('div');
  document.body.append(root);
  await act(async () => render(<HygieneReport status={status} first={report('a1') as never} />, root));
  await settle();
  active = 'a2';
  await act(async () => root.querySelector<HTMLButtonElement>('[data-testid="hygiene-more"]')!.click());
  await settle();
  return [...root.querySelectorAll<HTMLElement>('[data-testid="hygiene-key"]')];
}

it('"Show all" of a1\'s report lists only a1\'s keys after another page made a2 active', async () => {
  const shown = (await showAllAfterSwitch()).map((li) => li.dataset['keyId']!);
  expect(shown.length).toBeGreaterThan(20);
  expect(shown.filter((id) => !id.startsWith('a1-'))).toEqual([]);
});

it('Delete Key on a row of a1\'s report is sent for a key of a1', async () => {
  const first = (await showAllAfterSwitch())[0]!;
  await act(async () => first.querySelector<HTMLButtonElement>('[data-testid="hygiene-delete"]')!.click());
  await act(async () => first.querySelector<HTMLButtonElement>('[data-testid="hygiene-confirm-delete"]')!.click());
  await settle();
  // Sent before the fix: { applicationKeyId: 'a2-k00', accountId: 'a1' } (a2's key in a1, which B2 answers "does not exist").
  expect(deletes.length).toBe(1);
  for (const d of deletes) expect(String(d['applicationKeyId']).startsWith(`${String(d['accountId'])}-`)).toBe(true);
});
