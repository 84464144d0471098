/** The popup's first screen in one message: a popup opens often, and every round trip is time before its first row. */
import { RpcError } from '../rpc/errors';
import type { Handlers } from '../rpc/router';

export function popupHandlers(h: Pick<Handlers, 'getStatus' | 'listAccounts' | 'listKeys'>): Pick<Handlers, 'popupState'> {
  return {
    async popupState({ limit }, c) {
      // All three at once (one round of storage reads, not two); the accounts and rows are dropped when the
      // status says there is nothing to list yet.
      const refused = (e: unknown) => {
        if (e instanceof RpcError) return null;
        throw e;
      };
      const [status, accounts, list] = await Promise.all([
        h.getStatus({}, c),
        h.listAccounts({}, c).catch(refused),
        // A damaged account or one that went away meanwhile: the popup's own calls then say what is wrong.
        h.listKeys({ offset: 0, limit }, c).catch(refused),
      ]);
      if (status.vault === 'uninitialized' || !status.activeAccountId) return { status, accounts: null, list: null };
      return { status, accounts, list };
    },
  };
}
