/**
 * The popup's filter row and sort order, answered in the background over the in-memory copy of the list
 * (key-window.ts), so a page only ever receives the window it shows. Pure: the facts about secrets, lost
 * flags and the clock come in as arguments.
 */
import type { KeyRow } from '../storage/key-shards';

import { type KeyFilter, type KeySort } from '../common/key-views';

export { KEY_FILTERS, KEY_SORTS, DAY_MS, DEFAULT_EXPIRY_WARNING_DAYS, type KeyFilter, type KeySort } from '../common/key-views';

export interface FilterFacts {
  now: number;
  /** "Expiring soon" means expiring within this many milliseconds (and not expired yet). */
  warningMs: number;
  /** keyIDs whose applicationKey is saved (damaged copies included: they still exist). */
  saved: { has(keyId: string): boolean };
  /** keyIDs flagged "applicationKey lost". */
  lost: { has(keyId: string): boolean };
  /** The account's own key: its applicationKey is saved with the account. */
  managingKeyId: string;
  /**
   * When this extension created (or saved) a key, by keyID. B2 reports no creation time for keys, so "created"
   * can only order the keys whose secret was saved here; the others follow, by name.
   */
  savedAt: ReadonlyMap<string, number>;
}

export function isDefaultView(filter: KeyFilter, sort: KeySort): boolean {
  return filter === 'all' && sort === 'name';
}

function hasSecret(row: KeyRow, f: FilterFacts): boolean {
  return row[0] === f.managingKeyId || f.saved.has(row[0]);
}

export function matchesFilter(row: KeyRow, filter: KeyFilter, f: FilterFacts): boolean {
  const exp = row[5];
  switch (filter) {
    case 'all':
      return true;
    case 'expired':
      return exp !== null && exp <= f.now;
    case 'soon':
      return exp !== null && exp > f.now && exp - f.now < f.warningMs;
    case 'noSecret':
      return !hasSecret(row, f);
    case 'lost':
      return !hasSecret(row, f) && f.lost.has(row[0]);
  }
}

/**
 * Positions (into `rows`, which are in name order) of the rows that pass `filter`, in `sort` order.
 * `candidates` narrows to a search's matches (null: every row). Ties keep name order (Array.sort is stable).
 */
export function filterAndSort(rows: readonly KeyRow[], candidates: ArrayLike<number> | null, filter: KeyFilter, sort: KeySort, f: FilterFacts): number[] {
  const out: number[] = [];
  const consider = (i: number) => {
    if (matchesFilter(rows[i]!, filter, f)) out.push(i);
  };
  if (candidates) for (let j = 0; j < candidates.length; j++) consider(candidates[j]!);
  else for (let i = 0; i < rows.length; i++) consider(i);
  if (sort === 'expiry') {
    // Soonest first; keys that never expire last.
    const at = (i: number) => rows[i]![5] ?? Infinity;
    out.sort((a, b) => compareNumbers(at(a), at(b)));
  } else if (sort === 'created') {
    // Newest first; keys with no known creation time last.
    const at = (i: number) => f.savedAt.get(rows[i]![0]) ?? -Infinity;
    out.sort((a, b) => compareNumbers(at(b), at(a)));
  }
  return out;
}

/** Infinity - Infinity is NaN: compare instead of subtracting so "never" ties with "never". */
function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
