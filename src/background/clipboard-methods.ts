/** secretCopied: hands a copied secret's digest and clear time to clipboard.ts, which records and clears it. */
import type { Handlers } from '../rpc/router';
import { pendingAfterCopy, type PendingClear } from './clipboard-schedule';
import type { Context } from './context';

export function clipboardHandlers(ctx: Context): Pick<Handlers, 'secretCopied'> {
  return {
    async secretCopied({ digest }) {
      const { clipboardClearSeconds } = await ctx.store.settings();
      const pending = pendingAfterCopy(digest, clipboardClearSeconds, ctx.deps.now());
      // ClipboardGuard.schedule settles once the record is in storage.local: answering only then means a browser
      // closed right after the copy still finds it (Context types it void, which a promise satisfies).
      const guard = ctx.deps.clipboard as { schedule(pending: PendingClear): void | Promise<void> } | undefined;
      await guard?.schedule(pending);
      return {};
    },
  };
}
