/**
 * The key whose details are open: taken from the rows on screen when it is there (so it follows every reload),
 * otherwise asked for by keyID (opened from a create check, or scrolled out of the fetched pages).
 */
import { useEffect, useState } from 'preact/hooks';
import { rpc } from '../rpc/client';
import type { KeyView } from '../rpc/protocol';
import type { KeyWindow } from './useKeyWindow';

/** `accountId`: the key's account when it may not be the active one (default: the active account). */
export function useSelectedKey(keyId: string | null, win: Pick<KeyWindow, 'cache' | 'version'>, accountId?: string): { key: KeyView | null; loading: boolean } {
  const onScreen = keyId ? [...(win.cache?.loaded() ?? [])].find((k) => k.applicationKeyId === keyId && (accountId === undefined || k.accountId === accountId)) : undefined;
  const [fetched, setFetched] = useState<{ keyId: string; key: KeyView | null } | null>(null);
  useEffect(() => {
    if (!keyId || onScreen) return;
    let live = true;
    rpc('getKey', { applicationKeyId: keyId, ...(accountId ? { accountId } : {}) }).then(
      (r) => live && setFetched({ keyId, key: r.key }),
      () => live && setFetched({ keyId, key: null }),
    );
    return () => {
      live = false;
    };
    // Asked again whenever the list was reloaded: the key may have changed or gone.
  }, [keyId, accountId, Boolean(onScreen), win.version]);
  if (!keyId) return { key: null, loading: false };
  if (onScreen) return { key: onScreen, loading: false };
  return fetched?.keyId === keyId ? { key: fetched.key, loading: false } : { key: null, loading: true };
}
