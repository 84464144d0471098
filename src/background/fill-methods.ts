/** "Fill on this page" from the popup, and the same path for the context menu and the keyboard command. */
import { RpcError } from '../rpc/errors';
import type { FillOutcomeView } from '../rpc/protocol';
import type { Handlers } from '../rpc/router';
import { openSecret } from '../vault';
import type { FillTarget } from '../autofill/types';
import type { Context } from './context';
import { filledSentence, partialSentence, type FillWhat } from './fill-plan';
import { webOrigin } from '../autofill/policy';
import type { FillOutcome } from './page-filler';
import { toRpcError } from './errors';
import { enforceAutoLock } from './vault-methods';
import { recordUsage } from './key-usage';

export interface FillKeyRequest {
  applicationKeyId: string;
  /** The account whose key it is (the popup's); the menu and the keyboard command fill from the active one. */
  accountId?: string;
  what: FillWhat;
  tabId?: number;
  frameId?: number;
  target?: FillTarget;
  confirmedOrigin?: string;
}

export async function fillKey(ctx: Context, req: FillKeyRequest): Promise<FillOutcomeView> {
  // The menu and the keyboard command reach here without the RPC wrapper: apply auto-lock first all the same.
  await enforceAutoLock(ctx);
  const filler = ctx.deps.pageFiller;
  if (!filler) throw new RpcError('INTERNAL', 'Filling pages is not available here.');
  const account = await ctx.accountFor(req.accountId);
  const secrets = await ctx.store.secrets(account.accountId);
  // The account's own key is saved with the account, not among the secrets.
  const isManagingKey = req.applicationKeyId === account.managingKeyId;
  const known = isManagingKey || Boolean(secrets[req.applicationKeyId]) || (await ctx.keyCache.find(account.accountId, req.applicationKeyId)) !== undefined;
  if (!known) throw new RpcError('NOT_FOUND', 'That key is not in the list any more. Refresh the list and pick it again.');
  const wantsSecret = req.what !== 'keyId';
  if (wantsSecret) {
    // Checked before the page is touched: a secret is filled only while unlocked.
    await ctx.dataKey();
    if (!isManagingKey && !secrets[req.applicationKeyId]) throw new RpcError('NOT_FOUND', 'No applicationKey is saved for this key, so only its keyID can be filled.');
  }
  const outcome = await filler.fill({
    ...req,
    values: async () => {
      const values: { keyId?: string; secret?: string } = {};
      if (req.what !== 'secret') values.keyId = req.applicationKeyId;
      if (wantsSecret && isManagingKey) {
        values.secret = await ctx.managingKey(account);
      } else if (wantsSecret) {
        const entry = secrets[req.applicationKeyId]!;
        try {
          values.secret = await openSecret(await ctx.dataKey(), { accountId: account.accountId, applicationKeyId: req.applicationKeyId }, entry.sealed);
        } catch (e) {
          throw toRpcError(e);
        }
      }
      return values;
    },
  });
  // A partial fill is still a fill: the key it used is the one the keyboard command fills next.
  if (outcome.status === 'filled') {
    await ctx.store
      .write(async (tx) => {
        // Not for an account removed while the page took its time: the keyboard command would name a key of none.
        if (await ctx.stillHas(account.accountId)) tx.set('lastFill', { accountId: account.accountId, applicationKeyId: req.applicationKeyId });
      })
      .catch(() => undefined);
    if (outcome.filled.length) {
      const origin = outcome.frameOrigin ?? webOrigin(outcome.frameUrl) ?? '';
      await recordUsage(ctx, account.accountId, req.applicationKeyId, { origin, title: outcome.pageTitle ?? '', at: ctx.deps.now(), filled: outcome.filled });
    }
  }
  return toView(outcome);
}

/**
 * What the popup and the menu get to show: our sentences only, and the frame's address as its web origin
 * (or '' when it has none), never the URL with its path, query or a data: URL's body.
 */
export function toView(outcome: FillOutcome): FillOutcomeView {
  if (outcome.status === 'notFound') return outcome;
  if (outcome.status === 'confirm') {
    return { status: 'confirm', reason: outcome.reason, message: outcome.message, frameUrl: webOrigin(outcome.frameOrigin) ?? '', frameOrigin: outcome.frameOrigin };
  }
  const frame = { origin: outcome.frameOrigin ?? webOrigin(outcome.frameUrl) ?? 'null', url: outcome.frameUrl };
  if (outcome.unplaced?.length) {
    return {
      status: 'partial',
      filled: outcome.filled,
      missing: outcome.unplaced.map((u) => u.role),
      frameUrl: webOrigin(frame.origin) ?? '',
      message: partialSentence(outcome.filled, outcome.unplaced, frame),
    };
  }
  return { status: 'filled', filled: outcome.filled, frameUrl: webOrigin(frame.origin) ?? '', message: filledSentence(outcome.filled, frame) };
}

export function fillHandlers(ctx: Context): Pick<Handlers, 'fillOnPage'> {
  return {
    fillOnPage: (req) => fillKey(ctx, req),
  };
}
