// @vitest-environment happy-dom
//
// Check applicationKey says "B2 has this key, but the saved applicationKey does not match it. If you have the right
// one, save it again": the key details offer where, and for a saved copy that is damaged too (a fault review's case).
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { expect, it, vi } from 'vitest';
import type { KeyView } from '../rpc/protocol';
import { KeyDetails } from './KeyDetails';
import { testRoot } from './test-support';

vi.stubGlobal('__B2KM_BROWSER__', 'chrome');

vi.mock('../rpc/client', () => ({
  rpc: async (method: string) => {
    if (method === 'keyNotes') return { replaces: null, replacedBy: null, bucketKind: 'allBuckets', rotation: { refusal: null, suggestedName: 'x', suggestedDuration: { seconds: null, known: true } } };
    if (method === 'keyUsage') return { recording: false, entries: [] };
    if (method === 'checkSecret')
      return { applicationKeyId: 'k-1', outcome: 'mismatch', capabilities: null, bucketKind: null, message: 'B2 has this key, but the saved applicationKey does not match it. If you have the right one, save it again; otherwise rotate the key.' };
    throw new Error(`unexpected ${method}`);
  },
}));

const base: KeyView = { accountId: 'a1', applicationKeyId: 'k-1', keyName: 'nas', capabilities: ['readFiles'], bucketIds: null, namePrefix: null, expirationTimestamp: null, options: [], hasSecret: true, isManagingKey: false, secretDamaged: false, lost: false };
const root = testRoot();

async function open(key: KeyView) {
  await act(async () =>
    render(<KeyDetails keyView={key} bucketNames={new Map()} now={0} locked={false} readOnly={false} onLocked={() => undefined} onBack={() => undefined} onDeleted={() => undefined} onChanged={() => undefined} />, root()),
  );
  for (let i = 0; i < 3; i++) await act(async () => undefined);
}

it('after a "does not match" check, the details offer a way to save the right applicationKey', async () => {
  await open(base);
  await act(async () => root().querySelector<HTMLButtonElement>('[data-testid="check-secret"]')!.click());
  for (let i = 0; i < 3; i++) await act(async () => undefined);
  expect(root().querySelector('[data-testid="check-result"]')?.textContent).toContain('save it again');
  expect(root().querySelector('[data-testid="save-secret-form"]')?.textContent).toContain('Paste the right applicationKey');
});

it('a damaged saved copy can be replaced by pasting the applicationKey', async () => {
  await open({ ...base, secretDamaged: true });
  expect(root().querySelector('[data-testid="secret-state"]')?.textContent).toBe('The saved copy is damaged.');
  expect(root().querySelector('[data-testid="save-secret-form"]')).not.toBeNull();
});
