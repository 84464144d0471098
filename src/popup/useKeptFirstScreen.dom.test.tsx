// @vitest-environment happy-dom
//
// The popup keeps its list screen when it closes, unless another page dropped the kept copy meanwhile (an account
// removed on the options page while a popup, perhaps in a tab, still shows that account's list).
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { expect, it } from 'vitest';
import { FIRST_SCREEN_ITEM } from './first-screen';
import { useKeptFirstScreen } from './useKeptFirstScreen';

function Probe() {
  useKeptFirstScreen(false, 0);
  return null;
}

it('keeps the screen when the popup closes, and nothing after another page forgot the copy', async () => {
  document.body.innerHTML = `<div id="app"><main data-first-screen=""><div data-testid="key-row">A-key-0</div></main></div><div id="probe"></div>`;
  const probe = document.getElementById('probe')!;
  await act(async () => render(<Probe />, probe));
  window.dispatchEvent(new Event('pagehide'));
  expect(localStorage.getItem(FIRST_SCREEN_ITEM)).toContain('A-key-0');
  // The options page removes the account and forgets the copy; this page hears of it through the storage event.
  localStorage.removeItem(FIRST_SCREEN_ITEM);
  window.dispatchEvent(new StorageEvent('storage', { key: FIRST_SCREEN_ITEM, oldValue: 'x', newValue: null }));
  window.dispatchEvent(new Event('pagehide'));
  expect(localStorage.getItem(FIRST_SCREEN_ITEM)).toBeNull();
  render(null, probe);
});
