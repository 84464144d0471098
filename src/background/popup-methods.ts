/** The popup's first screen in one message: a popup opens often, and every round trip is time before its first row. */
import { RpcError } from '../rpc/errors';
import type { Handlers } from '../rpc/router';

export function popupHandlers(h: Pick<Handlers, 'getStatus' | 'listAccounts' | 'listKeys'>): Pick<Handlers, 'popupState'> {
  return {
    async popupState({ limit }, c) {
      const status = await h.getStatus({}, c);
      if (status.vault === 'uninitialized' || !status.activeAccountId) return { status, accounts: null, list: null };
      const [accounts, list] = await Promise.all([
        h.listAccounts({}, c),
        // A damaged account or one that went away meanwhile: the popup's own calls then say what is wrong.
        h.listKeys({ offset: 0, limit }, c).catch((e: unknown) => {
          if (e instanceof RpcError) return null;
          throw e;
        }),
      ]);
      return { status, accounts, list };
    },
  };
}
