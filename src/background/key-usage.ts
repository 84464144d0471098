/**
 * Issue 13, "where used": each successful fill records, for the key, the page's origin, its title, the time and
 * what went in. Stored per key in `usage:<accountId>`, sealed under the vault's data key (purpose 'keyUsage',
 * bound to the account and keyID), because the list of sites a person uses is as private as the keys.
 *
 * Recording needs the vault unlocked (the data key seals it). A keyID filled while locked is not recorded: keeping
 * it in plain text until the next unlock would put the origin on disk, which is what this avoids.
 *
 * Bounded: the latest fill per origin, at most USAGE_PER_KEY origins per key and USAGE_KEYS_MAX keys per account
 * (the key whose latest fill is oldest goes first). Records of deleted keys are kept: they are what lets a fill on
 * a site the deleted key was used on offer its successor.
 */
import { z } from '../common/zod';
import { lazySchema } from '../common/lazy-schema';
import { openSecret, sealSecret, type SealedSecret } from '../vault';
import { usageKey } from '../storage';
import type { Context } from './context';

export const USAGE_PER_KEY = 20;
export const USAGE_KEYS_MAX = 2000;
export const TITLE_MAX = 200;

export interface UsageEntry {
  origin: string;
  title: string;
  at: number;
  filled: ('keyId' | 'secret')[];
}

const usageListSchema = lazySchema(() => z.array(
  z.object({ origin: z.string(), title: z.string(), at: z.number(), filled: z.array(z.enum(['keyId', 'secret'])) }),
));

/** Pure: the list with `entry` added; one entry per origin (the latest), newest first, at most `cap`. */
export function mergeUsage(list: readonly UsageEntry[], entry: UsageEntry, cap = USAGE_PER_KEY): UsageEntry[] {
  const title = entry.title.slice(0, TITLE_MAX);
  return [{ ...entry, title }, ...list.filter((e) => e.origin !== entry.origin)].sort((a, b) => b.at - a.at).slice(0, cap);
}

/** Pure: two lists of one key as one (a backup merged in): the latest per origin wins. */
export function unionUsage(a: readonly UsageEntry[], b: readonly UsageEntry[], cap = USAGE_PER_KEY): UsageEntry[] {
  const byOrigin = new Map<string, UsageEntry>();
  for (const e of [...a, ...b]) {
    const have = byOrigin.get(e.origin);
    if (!have || have.at < e.at) byOrigin.set(e.origin, e);
  }
  return [...byOrigin.values()].sort((x, y) => y.at - x.at).slice(0, cap);
}

const binding = (accountId: string, applicationKeyId: string) => ({ accountId, applicationKeyId, purpose: 'keyUsage' as const });

export async function sealUsage(dataKey: CryptoKey, accountId: string, applicationKeyId: string, list: readonly UsageEntry[]): Promise<SealedSecret> {
  return sealSecret(dataKey, binding(accountId, applicationKeyId), JSON.stringify(list));
}

/** A damaged or foreign value reads as an empty list: the next fill starts it again (it is a convenience, not data of record). */
export async function openUsage(dataKey: CryptoKey, accountId: string, applicationKeyId: string, sealed: unknown): Promise<UsageEntry[]> {
  try {
    const parsed = usageListSchema.safeParse(JSON.parse(await openSecret(dataKey, binding(accountId, applicationKeyId), sealed)));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** Records one fill; never throws (a fill that worked must not be reported as failed because its note was not kept). */
export async function recordUsage(ctx: Context, accountId: string, applicationKeyId: string, entry: UsageEntry): Promise<boolean> {
  try {
    const settings = await ctx.store.settings();
    if (settings.recordUsage === false) return false;
    if (!(await ctx.session.isUnlocked())) return false;
    // A sandboxed or data: frame has no origin to name: nothing useful to record.
    if (!/^https?:\/\//i.test(entry.origin)) return false;
    const dataKey = await ctx.dataKey();
    await ctx.store.write(async (tx) => {
      // A fill that ended after its account was removed (a page slow to answer) leaves no record nobody lists.
      if (!(await ctx.stillHas(accountId))) return;
      const { valid } = await ctx.store.usage(accountId, [applicationKeyId]);
      const list = valid[applicationKeyId] ? await openUsage(dataKey, accountId, applicationKeyId, valid[applicationKeyId]) : [];
      tx.putUsage(accountId, applicationKeyId, await sealUsage(dataKey, accountId, applicationKeyId, mergeUsage(list, entry)));
      if (!valid[applicationKeyId]) {
        // A new key in the record: past the cap, the key whose latest fill is oldest makes room (rare: opens them all).
        const ids = Object.keys(((await ctx.store.raw(usageKey(accountId))) as Record<string, unknown> | undefined) ?? {});
        if (ids.length >= USAGE_KEYS_MAX) {
          // Damaged entries (they read as empty lists) make room first: they count toward the bound too.
          const [all, { damaged }] = await Promise.all([usageAll(ctx, accountId), ctx.store.usage(accountId)]);
          const oldest = [...all.entries()].filter(([id]) => id !== applicationKeyId).sort((a, b) => (a[1][0]?.at ?? 0) - (b[1][0]?.at ?? 0));
          const order = [...damaged.filter((id) => id !== applicationKeyId), ...oldest.map(([id]) => id)];
          for (const id of order.slice(0, ids.length - USAGE_KEYS_MAX + 1)) tx.dropUsage(accountId, id);
        }
      }
    });
    return true;
  } catch (e) {
    console.error('b2km: where-used not recorded', e instanceof Error ? e.name : typeof e);
    return false;
  }
}

/** One key's list (the details view asks for one key, never the whole record). Needs the vault unlocked. */
export async function usageOf(ctx: Context, accountId: string, applicationKeyId: string): Promise<UsageEntry[]> {
  const dataKey = await ctx.dataKey();
  const { valid } = await ctx.store.usage(accountId, [applicationKeyId]);
  return valid[applicationKeyId] ? openUsage(dataKey, accountId, applicationKeyId, valid[applicationKeyId]) : [];
}

/** Every key's list of one account: background only (fill suggestions, backup). */
export async function usageAll(ctx: Context, accountId: string): Promise<Map<string, UsageEntry[]>> {
  const dataKey = await ctx.dataKey();
  const { valid } = await ctx.store.usage(accountId);
  const out = new Map<string, UsageEntry[]>();
  await Promise.all(Object.entries(valid).map(async ([id, sealed]) => out.set(id, await openUsage(dataKey, accountId, id, sealed))));
  return out;
}

/**
 * Pure: the keys to offer first on `origin`, most recent use first. A key used there that was rotated is preceded
 * by its newest successor (followed along "replaced by"), so after a rotation the new key is the first offer.
 */
export function suggestionsFor(
  origin: string,
  usage: ReadonlyMap<string, readonly UsageEntry[]>,
  replacedBy: (keyId: string) => { applicationKeyId: string; keyName: string } | undefined,
): { applicationKeyId: string; replaces: string | null; lastUsedAt: number }[] {
  const used = [...usage.entries()]
    .map(([id, list]) => ({ id, at: list.find((e) => e.origin === origin)?.at }))
    .filter((u): u is { id: string; at: number } => u.at !== undefined)
    .sort((a, b) => b.at - a.at);
  const out: { applicationKeyId: string; replaces: string | null; lastUsedAt: number }[] = [];
  const seen = new Set<string>();
  for (const u of used) {
    let head = u.id;
    // A chain of rotations: the last successor; a loop in damaged notes stops where it repeats.
    const chain = new Set([head]);
    for (let next = replacedBy(head); next && !chain.has(next.applicationKeyId); next = replacedBy(head)) {
      head = next.applicationKeyId;
      chain.add(head);
    }
    if (head !== u.id && !seen.has(head)) {
      seen.add(head);
      out.push({ applicationKeyId: head, replaces: u.id, lastUsedAt: u.at });
    }
    if (!seen.has(u.id)) {
      seen.add(u.id);
      out.push({ applicationKeyId: u.id, replaces: null, lastUsedAt: u.at });
    }
  }
  return out;
}
