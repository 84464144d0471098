/**
 * What the toolbar badge needs to know about expiry, kept in the key cache's meta item so counting never means
 * reading 100,000 keys: the smallest expiration timestamps of the account's keys (at most SOONEST_MAX), and
 * whether that list holds every key that has one. Counting against "now" happens when the badge is drawn, so a
 * key that crosses the warning threshold later is counted without any write.
 *
 * Invariant: `ts` is sorted and is exactly the |ts| smallest expiry timestamps of the cached keys (as a multiset);
 * `complete` says that no cached key with an expiry is left out. Creates and deletes keep it true; a refresh
 * rebuilds it. Pure logic.
 */
export const SOONEST_MAX = 100;

export interface Soonest {
  ts: number[];
  complete: boolean;
}

export function summarizeExpiries(expiries: Iterable<number | null>): Soonest {
  const all: number[] = [];
  for (const e of expiries) if (e !== null) all.push(e);
  all.sort((a, b) => a - b);
  return { ts: all.slice(0, SOONEST_MAX), complete: all.length <= SOONEST_MAX };
}

function insertAt(ts: readonly number[], v: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ts[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function addExpiry(s: Soonest, exp: number | null): Soonest {
  if (exp === null) return s;
  const max = s.ts.at(-1);
  // Past the largest kept one of an incomplete list: other keys we do not see may come before it.
  if (!s.complete && (max === undefined || exp > max)) return s;
  const ts = [...s.ts];
  ts.splice(insertAt(ts, exp), 0, exp);
  if (ts.length <= SOONEST_MAX) return { ts, complete: s.complete };
  ts.pop();
  return { ts, complete: false };
}

export function removeExpiry(s: Soonest, exp: number | null): Soonest {
  if (exp === null) return s;
  const i = s.ts.indexOf(exp);
  // Not among the kept ones (beyond the list's end): the kept ones are still the smallest.
  if (i < 0) return s;
  const ts = [...s.ts];
  ts.splice(i, 1);
  return { ts, complete: s.complete };
}

export interface ExpiryCount {
  expired: number;
  /** Expiring within the warning time, not expired yet. */
  soon: number;
  /** The list was full of counted keys: there may be more than expired + soon. */
  atLeast: boolean;
}

/** The badge's numbers, or null when the summary cannot tell (absent, or emptied by deletes): count from the list instead. */
export function countExpiring(s: Soonest | undefined, now: number, warningMs: number): ExpiryCount | null {
  if (!s || (!s.complete && s.ts.length === 0)) return null;
  let expired = 0;
  let soon = 0;
  for (const t of s.ts) {
    if (t <= now) expired++;
    else if (t - now < warningMs) soon++;
    else break;
  }
  return { expired, soon, atLeast: !s.complete && expired + soon === s.ts.length };
}

/** Badge text: empty for none, "99+" past what the summary holds. */
export function badgeText(c: ExpiryCount): string {
  const n = c.expired + c.soon;
  if (n === 0) return '';
  return c.atLeast ? `${n}+` : String(n);
}

/** The next time the count or its colour changes by the clock alone (a key turns "soon", or expires); null: none known. */
export function nextChange(s: Soonest | undefined, now: number, warningMs: number): number | null {
  let next: number | null = null;
  for (const t of s?.ts ?? []) {
    const at = t > now + warningMs ? t - warningMs : t > now ? t : null;
    if (at !== null && (next === null || at < next)) next = at;
  }
  return next;
}
