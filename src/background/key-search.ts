/**
 * Search over an account's keys, in the background so a page never needs the whole list: every word typed must
 * appear in the key's name, keyID, bucket names or ids, capabilities, prefix or access type, ignoring case.
 *
 * A keystroke usually extends the previous query, so the previous matches are narrowed instead of scanning
 * every key again: typing a word over 100,000 keys scans them once, then ever fewer.
 */
import { ACCESS_TYPE_LABELS, accessTypeOf } from '../b2/capabilities';
import type { KeyRow } from '../storage/key-shards';

export function queryTerms(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}

/** The lower-cased text a key is searched by. */
export function haystackOf(row: KeyRow, bucketNames: ReadonlyMap<string, string>): string {
  const [keyId, keyName, capabilities, bucketIds, namePrefix] = row;
  const buckets = bucketIds === null ? ['all buckets'] : [...bucketIds.map((id) => bucketNames.get(id) ?? id), ...bucketIds];
  return [keyName, keyId, ...buckets, ...capabilities, namePrefix ?? '', ACCESS_TYPE_LABELS[accessTypeOf(capabilities)]].join('\n').toLowerCase();
}

export class KeySearch {
  private haystacks: string[] | null = null;
  private last: { terms: string[]; matches: number[] } | null = null;

  constructor(
    /** In list order; positions returned by `match` index into it. */
    readonly rows: readonly KeyRow[],
    private readonly bucketNames: ReadonlyMap<string, string>,
  ) {}

  /** Positions of the rows matching `query`, in list order; null for an empty query (everything). */
  match(query: string): number[] | null {
    const terms = queryTerms(query);
    if (terms.length === 0) return null;
    this.haystacks ??= this.rows.map((r) => haystackOf(r, this.bucketNames));
    const hay = this.haystacks;
    // Narrowing is sound only if every old term is contained in a new one (then a new match was an old match).
    const prev = this.last;
    const narrows = prev !== null && prev.terms.every((t) => terms.some((n) => n.includes(t)));
    const candidates = narrows ? prev.matches : null;
    const matches: number[] = [];
    const test = (i: number) => {
      const h = hay[i]!;
      for (const t of terms) if (!h.includes(t)) return;
      matches.push(i);
    };
    if (candidates) for (const i of candidates) test(i);
    else for (let i = 0; i < hay.length; i++) test(i);
    this.last = { terms, matches };
    return matches;
  }
}
