import { useEffect, useState } from 'preact/hooks';
import { rpc } from '../rpc/client';
import type { ReplyOf } from '../rpc/protocol';

function targetTabId(): number | undefined {
  const raw = new URLSearchParams(location.search).get('tab');
  const id = raw === null ? NaN : Number(raw);
  return Number.isInteger(id) && id >= 0 ? id : undefined;
}

/**
 * Issue 13: the keys filled into the page behind the popup before, offered above the list. After a rotation the
 * successor comes first, named as the replacement of the key that was used there.
 */
export function ForThisPage({ accountId, locked, onOpen }: { accountId: string | null; locked: boolean; onOpen: (keyId: string) => void }) {
  const [found, setFound] = useState<ReplyOf<'pageSuggestions'> | null>(null);
  useEffect(() => {
    setFound(null);
    if (locked || !accountId) return;
    let live = true;
    const tabId = targetTabId();
    // Asked for the account the list shows, and again whenever the popup switches account.
    rpc('pageSuggestions', { accountId, ...(tabId !== undefined ? { tabId } : {}) }).then(
      (r) => live && setFound(r),
      () => live && setFound(null),
    );
    return () => {
      live = false;
    };
  }, [locked, accountId]);
  if (locked || !found || found.keys.length === 0) return null;
  return (
    <section class="for-this-page" aria-label="Used on this page" data-testid="for-this-page" data-no-snapshot>
      <h2 class="small-heading">Used on {found.origin}</h2>
      <ul class="plain">
        {found.keys.map((k) => (
          <li key={k.applicationKeyId}>
            <button type="button" class="link-like" onClick={() => onOpen(k.applicationKeyId)} data-testid="suggested-key" data-key-id={k.applicationKeyId}>
              {k.keyName || k.applicationKeyId}
            </button>
            {k.replaces ? <span class="hint">{` replaces “${k.replaces.keyName || k.replaces.applicationKeyId}”, which was used here`}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
