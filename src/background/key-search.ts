/**
 * Search over an account's keys, in the background so a page never needs the whole list: every word typed must
 * appear in the key's name, keyID, bucket names or ids, capabilities, prefix or access type, ignoring case.
 *
 * At 100,000 keys a keystroke must be answered within a frame, and 100,000 `includes` calls took about 20 ms.
 * So the text is indexed once: what is the key's own (name, keyID, buckets, prefix) goes into one long string,
 * searched with native `indexOf`; what keys share (capabilities, access type, "all buckets") is held once per
 * distinct capability list and decided once per word. A keystroke that extends the previous query only checks
 * the previous matches. key-search.test.ts holds this to the plain per-key haystack match (common/key-match.ts).
 */
import { ACCESS_TYPE_LABELS, accessTypeOf } from '../b2/capabilities';
import { keyHaystack, narrows, queryTerms } from '../common/key-match';
import type { KeyRow } from '../storage/key-shards';

export { queryTerms } from '../common/key-match';

/** The lower-cased text a key is searched by. */
export function haystackOf(row: KeyRow, bucketNames: ReadonlyMap<string, string>): string {
  const [applicationKeyId, keyName, capabilities, bucketIds, namePrefix] = row;
  return keyHaystack({ applicationKeyId, keyName, capabilities, bucketIds, namePrefix }, bucketNames);
}

/** Cannot be typed into a word (queryTerms splits on whitespace, and no key field holds it): separates keys in `own`. */
const SEP = '\u0000';

interface SearchIndex {
  /** Every key's own text, lower-cased, fields joined by '\n', keys by SEP, in list order. */
  own: string;
  /** Where each key's text starts in `own`, plus one past the end. */
  starts: Int32Array;
  /** Each distinct shared text (capabilities, access type, "all buckets") and the keys that have it. */
  groups: { text: string; rows: number[] }[];
  /** Index into `groups` for each key. */
  groupOf: Int32Array;
}

function buildIndex(rows: readonly KeyRow[], bucketNames: ReadonlyMap<string, string>): SearchIndex {
  const parts: string[] = new Array<string>(rows.length);
  const starts = new Int32Array(rows.length + 1);
  const groupOf = new Int32Array(rows.length);
  const groups: { text: string; rows: number[] }[] = [];
  const groupIds = new Map<string, number>();
  let at = 0;
  for (let i = 0; i < rows.length; i++) {
    const [id, name, caps, bucketIds, prefix] = rows[i]!;
    const buckets = bucketIds === null ? [] : [...bucketIds.map((b) => bucketNames.get(b) ?? b), ...bucketIds];
    const text = [name, id, ...buckets, prefix ?? ''].join('\n').toLowerCase();
    parts[i] = text;
    starts[i] = at;
    at += text.length + 1;
    const shared = [...(bucketIds === null ? ['all buckets'] : []), ...caps, ACCESS_TYPE_LABELS[accessTypeOf(caps)]].join('\n').toLowerCase();
    let g = groupIds.get(shared);
    if (g === undefined) {
      g = groups.push({ text: shared, rows: [] }) - 1;
      groupIds.set(shared, g);
    }
    groups[g]!.rows.push(i);
    groupOf[i] = g;
  }
  starts[rows.length] = at;
  return { own: parts.join(SEP) + SEP, starts, groups, groupOf };
}

/** The key whose text holds position `pos` of `own`. */
function keyAt(starts: Int32Array, pos: number): number {
  let lo = 0;
  let hi = starts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Marks (1) every key one word matches. */
function markTerm(ix: SearchIndex, term: string, n: number): Uint8Array {
  const marks = new Uint8Array(n);
  if (term.includes(SEP)) return marks;
  for (const g of ix.groups) if (g.text.includes(term)) for (const i of g.rows) marks[i] = 1;
  for (let pos = ix.own.indexOf(term); pos >= 0; ) {
    const i = keyAt(ix.starts, pos);
    marks[i] = 1;
    // On to the next key: one match per key is enough.
    pos = ix.own.indexOf(term, ix.starts[i + 1]!);
  }
  return marks;
}

export class KeySearch {
  private index: SearchIndex | null = null;
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
    const ix = (this.index ??= buildIndex(this.rows, this.bucketNames));
    // Narrowing is sound only if every old term is contained in a new one (then a new match was an old match).
    const prev = this.last;
    let matches: number[];
    if (prev !== null && narrows(prev.terms, terms) && prev.matches.length * 8 < this.rows.length) {
      // Each word decided once per shared text, then each candidate's own text searched in place (no copies).
      const shared = terms.map((t) => ix.groups.map((g) => g.text.includes(t)));
      matches = prev.matches.filter((i) => {
        const own = ix.own.slice(ix.starts[i]!, ix.starts[i + 1]! - 1);
        return terms.every((t, k) => shared[k]![ix.groupOf[i]!] || own.includes(t));
      });
    } else {
      const n = this.rows.length;
      const all = markTerm(ix, terms[0]!, n);
      for (const t of terms.slice(1)) {
        const more = markTerm(ix, t, n);
        for (let i = 0; i < n; i++) all[i]! &= more[i]!;
      }
      matches = [];
      for (let i = 0; i < n; i++) if (all[i]) matches.push(i);
    }
    this.last = { terms, matches };
    return matches;
  }
}
