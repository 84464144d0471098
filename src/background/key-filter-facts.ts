/** What the filter row needs from storage (saved secrets, lost flags, the warning setting), gathered in one place. */
import type { StoredAccount } from '../storage';
import type { Context } from './context';
import { DAY_MS, DEFAULT_EXPIRY_WARNING_DAYS, type FilterFacts } from './key-filter';

export async function filterFacts(ctx: Context, account: StoredAccount, now: number): Promise<{ facts: FilterFacts; factsSig: string }> {
  const [secrets, lost, settings] = await Promise.all([ctx.store.secretIndex(account.accountId), ctx.store.lostKeys(account.accountId), ctx.store.settings()]);
  const damaged = new Set(secrets.damaged);
  const savedAt = new Map(Object.entries(secrets.valid).map(([id, s]) => [id, s.savedAt]));
  const days = settings.expiryWarningDays ?? DEFAULT_EXPIRY_WARNING_DAYS;
  const facts: FilterFacts = {
    now,
    warningMs: days * DAY_MS,
    // A secrets record of the wrong type may have held any key's secret: every key counts as saved (and damaged).
    saved: { has: (id) => secrets.corrupt || savedAt.has(id) || damaged.has(id) },
    lost: { has: (id) => id in lost },
    managingKeyId: account.managingKeyId,
    savedAt,
  };
  // Membership changes with every save or drop (counts), the clock moves keys between filters (the minute).
  const factsSig = [account.managingKeyId, savedAt.size, damaged.size, secrets.corrupt, Object.keys(lost).length, days, Math.floor(now / 60_000)].join('/');
  return { facts, factsSig };
}
