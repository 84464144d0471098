/** secretCopied: remember a copied secret's digest and when to clear it; clipboard.ts does the clearing. */
import type { Handlers } from '../rpc/router';
import { pendingAfterCopy } from './clipboard-schedule';
import type { Context } from './context';

export function clipboardHandlers(ctx: Context): Pick<Handlers, 'secretCopied'> {
  return {
    async secretCopied({ digest }) {
      const { clipboardClearSeconds } = await ctx.store.settings();
      const pending = pendingAfterCopy(digest, clipboardClearSeconds, ctx.deps.now());
      await ctx.session.setClipboardClear(pending);
      ctx.deps.clipboard?.schedule(pending);
      return {};
    },
  };
}
