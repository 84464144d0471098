/** secretCopied: hands a copied secret's digest and clear time to clipboard.ts, which records and clears it. */
import { clearSeconds } from '../common/choices';
import type { Handlers } from '../rpc/router';
import { pendingAfterCopy, type PendingClear } from './clipboard-schedule';
import type { Context } from './context';

type Guard = { schedule(pending: PendingClear, keepAlive?: () => () => void): void | Promise<void> };

export function clipboardHandlers(ctx: Context): Pick<Handlers, 'secretCopied'> {
  return {
    async secretCopied({ digest }) {
      const { clipboardClearSeconds } = await ctx.store.settings();
      const pending = pendingAfterCopy(digest, clipboardClearSeconds, ctx.deps.now());
      // ClipboardGuard.schedule settles once the record is in storage.local: answering only then means a browser
      // closed right after the copy still finds it (Context types it void, which a promise satisfies).
      const guard = ctx.deps.clipboard as Guard | undefined;
      try {
        await guard?.schedule(pending, ctx.deps.keepAlive);
      } catch (e) {
        // By name, not instanceof: this file loads apart from clipboard.ts in Firefox's build (later.ts).
        if (!(e instanceof Error && e.name === 'ClearNotRecorded')) throw e;
        // The copy is still cleared, but only while this background runs: the page tells the person.
        return { notRecorded: { clearAfterSeconds: clearSeconds(clipboardClearSeconds) } };
      }
      return {};
    },
  };
}
