// @vitest-environment happy-dom
//
// A new key whose applicationKey the vault refused is held in memory by the background and flagged lost by the
// create check, by design. The banner at the top of the list and the key's row must say it is held, never "lost:
// delete it": following that deleted a working key and, with it, the held copy. Whether a key is held comes from
// getKey (the stand-in below); the background's side is tested in src/background/held-secrets.test.ts.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { expect, it, vi } from 'vitest';
import type { CreateCheckView, KeyView } from '../rpc/protocol';
import { CreateChecks } from './CreateChecks';
import { KeyRow } from './KeyRow';
import { testKeyView, testRoot } from './test-support';

vi.stubGlobal('__B2KM_BROWSER__', 'chrome');

const keys: Record<string, KeyView> = {};
vi.mock('../rpc/client', () => ({
  rpc: async (method: string, params: { applicationKeyId: string }) => {
    if (method === 'getKey') return { key: keys[params.applicationKeyId] ?? null };
    throw new Error(`unexpected ${method}`);
  },
}));

const root = testRoot();
const check: CreateCheckView = { id: 'r1', keyName: 'reader', startedAt: Date.UTC(2026, 11, 3, 9), status: 'lost', checkAt: null, lostKeyIds: ['k-new'], detail: null, saved: false };

async function show(checks: CreateCheckView[]) {
  await act(async () => render(<CreateChecks checks={checks} now={check.startedAt} onChanged={() => undefined} onOpenKey={() => undefined} />, root()));
  for (let i = 0; i < 3; i++) await act(async () => undefined);
  return [...root().querySelectorAll('[data-testid="create-check"]')];
}

it('the banner of a held key says it is held and points to Show applicationKey, not to Delete Key', async () => {
  keys['k-new'] = testKeyView({ applicationKeyId: 'k-new', keyName: 'reader', lost: true, held: true });
  const [banner] = await show([check]);
  expect(banner?.textContent).toContain('B2 Key Manager holds it, encrypted, in memory');
  expect(banner?.textContent).toContain('“Show applicationKey”');
  expect(banner?.textContent).not.toMatch(/Delete it|never reached your vault/);
  expect(banner?.className).not.toContain('danger');
});

it('a key that is lost and not held keeps the lost wording', async () => {
  keys['k-new'] = testKeyView({ applicationKeyId: 'k-new', keyName: 'reader', lost: true });
  const [banner] = await show([check]);
  expect(banner?.textContent).toMatch(/never reached your vault: that key is flagged “applicationKey lost”\. Delete it/);
  expect(banner?.className).toContain('danger');
});

it('the row of a held key reads "applicationKey held, not saved"; a lost one still "applicationKey lost"', async () => {
  const row = async (k: KeyView) => {
    await act(async () => render(<KeyRow keyView={k} bucketNames={new Map()} now={0} tabIndex={0} onOpen={() => undefined} />, root()));
    return root().querySelector('.key-id-line')?.textContent ?? '';
  };
  const held = await row(testKeyView({ applicationKeyId: 'k-new', lost: true, held: true }));
  expect(held).toContain('applicationKey held, not saved');
  expect(held).not.toContain('applicationKey lost');
  expect(await row(testKeyView({ applicationKeyId: 'k-old', lost: true }))).toContain('applicationKey lost');
});
