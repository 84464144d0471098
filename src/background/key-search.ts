/**
 * Search over an account's keys, in the background so a page never needs the whole list: every word typed must
 * appear in the key's name, keyID, bucket names or ids, capabilities, prefix or access type, ignoring case.
 *
 * A keystroke usually extends the previous query, so the previous matches are narrowed instead of scanning
 * every key again: typing a word over 100,000 keys scans them once, then ever fewer.
 */
import { keyHaystack, matchesTerms, narrows, queryTerms } from '../common/key-match';
import type { KeyRow } from '../storage/key-shards';

export { queryTerms } from '../common/key-match';

/** The lower-cased text a key is searched by. */
export function haystackOf(row: KeyRow, bucketNames: ReadonlyMap<string, string>): string {
  const [applicationKeyId, keyName, capabilities, bucketIds, namePrefix] = row;
  return keyHaystack({ applicationKeyId, keyName, capabilities, bucketIds, namePrefix }, bucketNames);
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
    const candidates = prev !== null && narrows(prev.terms, terms) ? prev.matches : null;
    const matches: number[] = [];
    const test = (i: number) => {
      if (matchesTerms(hay[i]!, terms)) matches.push(i);
    };
    if (candidates) for (const i of candidates) test(i);
    else for (let i = 0; i < hay.length; i++) test(i);
    this.last = { terms, matches };
    return matches;
  }
}
