/**
 * The toolbar badge: how many keys of the active account expire within the warning time or have expired.
 * Counted from the cache meta's expiry summary (storage/expiry-summary.ts), so drawing it reads one small item,
 * never the list; only a cache written before summaries existed is counted from its shards, once.
 */
import { badgeText, countExpiring, nextChange, summarizeExpiries, type ExpiryCount, type Soonest } from '../storage/expiry-summary';
import type { Context } from './context';
import { DAY_MS, DEFAULT_EXPIRY_WARNING_DAYS } from './key-filter';

export interface BadgeState {
  text: string;
  /** Red when a key has expired, amber when keys only expire soon. */
  color: string;
  title: string;
  count: ExpiryCount | null;
  /** When the clock alone will change it next (a key turns "soon" or expires), so an alarm can redraw it then. */
  nextChangeAt: number | null;
}

export const BADGE_EXPIRED = '#b3261e';
export const BADGE_SOON = '#8a5300';

export async function expiryBadge(ctx: Context): Promise<BadgeState> {
  const none: BadgeState = { text: '', color: BADGE_SOON, title: 'B2 Key Manager', count: null, nextChangeAt: null };
  const id = await ctx.store.get('activeAccountId');
  const account = id ? (await ctx.store.accounts())[id] : undefined;
  if (!account) return none;
  const [meta, settings] = await Promise.all([ctx.keyCache.meta(account.accountId), ctx.store.settings()]);
  const days = settings.expiryWarningDays ?? DEFAULT_EXPIRY_WARNING_DAYS;
  const now = ctx.deps.now();
  let soonest: Soonest | undefined = meta.soonest;
  let count = countExpiring(soonest, now, days * DAY_MS);
  if (!count) {
    if (meta.shards.length === 0) return none;
    const fresh = summarizeExpiries((await ctx.keyCache.all(account.accountId, meta)).map((r) => r[5]));
    // Kept for next time; a store that cannot be written (read-only) only costs this count again.
    await ctx.store.write((tx) => ctx.keyCache.setSoonest(tx, account.accountId, meta.gen, fresh)).catch(() => undefined);
    soonest = fresh;
    count = countExpiring(fresh, now, days * DAY_MS)!;
  }
  const nextChangeAt = nextChange(soonest, now, days * DAY_MS);
  const text = badgeText(count);
  if (!text) return { ...none, count, nextChangeAt };
  const n = `${count.expired + count.soon}${count.atLeast ? ' or more' : ''}`;
  const title = `B2 Key Manager: ${n} ${count.expired + count.soon === 1 && !count.atLeast ? 'key' : 'keys'} of ${account.label} expired or expiring within ${days} ${days === 1 ? 'day' : 'days'}`;
  return { text, color: count.expired > 0 ? BADGE_EXPIRED : BADGE_SOON, title, count, nextChangeAt };
}
