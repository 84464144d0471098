import browser from 'webextension-polyfill';
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import type { AccountView, KeyList, ReplyOf, Status } from '../rpc/protocol';
import { messageOf } from '../ui/errors';
import { ReadOnlyBanner, StatusLine } from '../ui/StatusLine';
import { KeysScreen } from './KeysScreen';
import { takeFirstState } from './firstState';
import { dropFirstScreen, forgetFirstScreen, pageStorage } from './first-screen';

function openOptions() {
  void browser.runtime.openOptionsPage().then(() => window.close());
}

type Initial = { accounts: AccountView[] | null; list: KeyList | null };
const initialOf = (s: ReplyOf<'popupState'>): Initial => ({ accounts: s.accounts?.accounts ?? null, list: s.list });

/** Decides what the popup can show: set-up pointers until there is a vault and an account, then the keys. */
export function Popup({ first = null }: { first?: ReplyOf<'popupState'> | null }) {
  const [status, setStatus] = useState<Status | null>(first?.status ?? null);
  const [error, setError] = useState<string | null>(null);
  const [initial, setInitial] = useState<Initial | null>(first ? initialOf(first) : null);

  useEffect(() => {
    // main.tsx had the first answer in time: the first render drew it.
    if (first) return;
    // One message for the first screen: status, accounts and the first rows (sent while the popup loaded).
    takeFirstState().then(
      (s) => {
        setInitial(initialOf(s));
        setStatus(s.status);
      },
      (e: unknown) => setError(messageOf(e)),
    );
  }, []);

  // A layout effect: the kept first screen goes in the same task as the live popup's first real drawing, so the
  // two are never on the page together and nothing stale is shown once the answer is in.
  useLayoutEffect(() => {
    if (status || error) dropFirstScreen(document);
    // Nothing to list: a kept screen would show an account that is gone or a vault that was reset.
    if (status && (status.vault === 'uninitialized' || !status.activeAccountId)) forgetFirstScreen(pageStorage());
  }, [status, error]);

  if (!status) {
    return (
      <main class="popup-main padded">
        <h1>B2 Key Manager</h1>
        {error ? <p role="alert" class="error">{error}</p> : <p aria-live="polite">Loading…</p>}
      </main>
    );
  }

  if (status.vault === 'uninitialized' || status.accountCount === 0 || !status.activeAccountId) {
    const first = status.vault === 'uninitialized';
    return (
      <main class="popup-main padded">
        <h1>B2 Key Manager</h1>
        <ReadOnlyBanner status={status} />
        <p>
          {first
            ? 'Welcome. Before you can manage keys, choose a vault passphrase and add your Backblaze account on the options page.'
            : 'Add your Backblaze account on the options page to see and create its keys here.'}
        </p>
        <button type="button" onClick={openOptions}>
          {first ? 'Set up B2 Key Manager' : 'Add an account'}
        </button>
        <footer class="popup-footer">
          <StatusLine status={status} />
        </footer>
      </main>
    );
  }

  return <KeysScreen status={status} onStatus={setStatus} onOpenOptions={openOptions} initial={initial} />;
}
