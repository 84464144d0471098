// @vitest-environment happy-dom
//
// A key whose applicationKey the vault refused, held in memory by the background (create-methods.ts
// saveHeldSecrets): its details show it from there on request, instead of "applicationKey lost" and a paste form,
// whichever popup got B2's answer (a review found it reachable only from a form sent as the popup closed).
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { expect, it, vi } from 'vitest';
import type { KeyView } from '../rpc/protocol';
import { KeyDetails } from './KeyDetails';
import { testRoot } from './test-support';

vi.stubGlobal('__B2KM_BROWSER__', 'chrome');

const asked: [string, unknown][] = [];
vi.mock('../rpc/client', () => ({
  rpc: async (method: string, params: unknown) => {
    asked.push([method, params]);
    if (method === 'keyNotes') return { replaces: null, replacedBy: null, bucketKind: 'allBuckets', rotation: { refusal: null, suggestedName: 'x', suggestedDuration: { seconds: null, known: true } } };
    if (method === 'keyUsage') return { recording: false, entries: [] };
    if (method === 'heldSecret') return { key: held, applicationKey: 'K005held', saved: false };
    throw new Error(`unexpected ${method}`);
  },
}));

const held: KeyView = { accountId: 'a1', applicationKeyId: 'k-1', keyName: 'nas', capabilities: ['readFiles'], bucketIds: null, namePrefix: null, expirationTimestamp: null, options: [], hasSecret: false, isManagingKey: false, secretDamaged: false, lost: true, held: true };
const root = testRoot();

async function open(key: KeyView, locked = false) {
  await act(async () =>
    render(<KeyDetails keyView={key} bucketNames={new Map()} now={0} locked={locked} readOnly={false} onLocked={() => undefined} onBack={() => undefined} onDeleted={() => undefined} onChanged={() => undefined} />, root()),
  );
  for (let i = 0; i < 3; i++) await act(async () => undefined);
}

it('shows the held applicationKey on request, flagged lost or not, and offers no paste form', async () => {
  await open(held);
  expect(root().querySelector('[data-testid="held-note"]')?.textContent).toMatch(/holds it, encrypted, in memory/);
  expect(root().querySelector('[data-testid="lost-note"]')).toBeNull();
  expect(root().querySelector('[data-testid="save-secret-form"]')).toBeNull();
  await act(async () => root().querySelector<HTMLButtonElement>('[data-testid="show-held-secret"]')!.click());
  for (let i = 0; i < 3; i++) await act(async () => undefined);
  expect(asked).toContainEqual(['heldSecret', { applicationKeyId: 'k-1', accountId: 'a1' }]);
  expect(root().querySelector('[data-testid="revealed-secret"]')?.textContent).toBe('K005held');
});

it('while locked: no button, a sentence saying to unlock', async () => {
  await open(held, true);
  expect(root().querySelector('[data-testid="show-held-secret"]')).toBeNull();
  expect(root().querySelector('[data-testid="held-note"]')?.textContent).toContain('Unlock to show it.');
});
