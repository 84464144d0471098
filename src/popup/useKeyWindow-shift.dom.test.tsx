// @vitest-environment happy-dom
//
// The popup's windowed list when the cached list changes between two window requests (a delete in another popup, e.g.
// the one the options page's hygiene report opens in a tab). The page scrolled into view came from the changed list
// and was laid after rows of the old one: a key was skipped (or shown twice) and the last row stayed a placeholder for
// ever (found by fault review 10). Replies carry the list's version (gen) now; a page of another version reloads.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { expect, it, vi } from 'vitest';
import type { KeyList, KeyView } from '../rpc/protocol';
import { testKeyView } from './test-support';

const row = (i: number): KeyView => testKeyView({ accountId: 'A', applicationKeyId: `k${i}`, keyName: `key-${String(i).padStart(3, '0')}` });
/** The background's cached list. */
let server = Array.from({ length: 100 }, (_, i) => row(i));
/** The cached list's version, as the background's meta counts it. */
let gen = 1;
let asked = 0;
const answer = (offset: number, limit: number): KeyList =>
  ({ accountId: 'A', keys: server.slice(offset, offset + limit), offset, total: server.length, totalAll: server.length, buckets: [], fetchedAt: 1, lastError: null, refreshDue: false, createChecks: [], gen }) as unknown as KeyList;

vi.mock('../rpc/client', () => ({
  rpc: async (method: string, req: { offset: number; limit: number }) => {
    if (method !== 'listKeys') throw new Error(method);
    asked++;
    return answer(req.offset, req.limit);
  },
}));

const { useKeyWindow } = await import('./useKeyWindow');

it('a key deleted elsewhere between the first window and the next scrolled page: no other key goes missing, no row stays a placeholder', async () => {
  let win!: ReturnType<typeof useKeyWindow>;
  function Probe() {
    win = useKeyWindow('A', () => undefined, answer(0, 50));
    return null;
  }
  const root = document.createElement('div');
  document.body.append(root);
  await act(async () => render(<Probe />, root));
  // Another popup deletes key-010; this popup is not told.
  server = server.filter((k) => k.applicationKeyId !== 'k10');
  gen++;
  // The person scrolls down to the end.
  await act(async () => win.ensure(50, 100));
  for (let i = 0; i < 5; i++) await act(async () => undefined);
  // The page came from the new list: the first window was loaded again, then the page asked for anew.
  await act(async () => win.ensure(50, 100));
  for (let i = 0; i < 5; i++) await act(async () => undefined);
  expect(asked).toBe(3);
  expect(win.cache!.total).toBe(99);
  const shown = Array.from({ length: win.cache!.total }, (_, i) => win.cache!.row(i)?.keyName ?? '(placeholder)');
  // key-050 was at offset 50 of the old list and at 49 of the new: neither page holds it.
  expect(shown).toContain('key-050');
  expect(shown).not.toContain('(placeholder)');
  render(null, root);
  root.remove();
});
