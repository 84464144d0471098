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

/**
 * Marks (1) every key one word matches. The positions found only grow, so the key holding each one is found by
 * walking on from the last, not by a search in `starts`.
 */
function markTerm(ix: SearchIndex, term: string, marks: Uint8Array): void {
  if (term.includes(SEP)) return;
  let shared = 0;
  for (const g of ix.groups) {
    if (!g.text.includes(term)) continue;
    for (const i of g.rows) marks[i] = 1;
    shared += g.rows.length;
  }
  // Every key matched by what it shares (most single letters are in every capability list): no need to look further.
  if (shared === marks.length) return;
  const { own, starts } = ix;
  let k = 0;
  for (let pos = own.indexOf(term); pos >= 0; ) {
    while (starts[k + 1]! <= pos) k++;
    marks[k] = 1;
    // On to the next key: one match per key is enough. A word holds no SEP, so no match runs into the next key.
    k++;
    pos = own.indexOf(term, starts[k]!);
  }
}

/** The marked positions, in order. */
function marked(marks: Uint8Array): Int32Array {
  let count = 0;
  for (let i = 0; i < marks.length; i++) count += marks[i]!;
  const out = new Int32Array(count);
  for (let i = 0, j = 0; j < count; i++) if (marks[i]) out[j++] = i;
  return out;
}

/** How many answers KeySearch keeps (see `recent`). */
export const RECENT_QUERIES = 8;

export class KeySearch {
  private index: SearchIndex | null = null;
  private last: { terms: string[]; matches: Int32Array } | null = null;
  /**
   * The answers to the last few queries, by their words: Backspace goes back to a query typed a moment ago, and a
   * query that widens cannot be narrowed from the one before (at 100,000 keys, one that every key matches is a scan).
   */
  private readonly recent = new Map<string, Int32Array>();

  constructor(
    /** In list order; positions returned by `match` index into it. */
    readonly rows: readonly KeyRow[],
    private readonly bucketNames: ReadonlyMap<string, string>,
  ) {}

  /**
   * Positions of the rows matching `query`, in list order; null for an empty query (everything). A typed array:
   * at 100,000 matches, pushing them onto an array took 8 ms in Chromium 156, writing them here under 1 ms.
   * The answer may be handed out again for the same words: read it, never change it.
   */
  match(query: string): Int32Array | null {
    const terms = queryTerms(query);
    if (terms.length === 0) return null;
    const ix = (this.index ??= buildIndex(this.rows, this.bucketNames));
    // Not joined by SEP: a typed word can hold it, and ["a\u0000b"] must not read as ["a", "b"].
    const id = JSON.stringify(terms);
    const known = this.recent.get(id);
    if (known) {
      this.remember(id, known);
      this.last = { terms, matches: known };
      return known;
    }
    // Narrowing is sound only if every old term is contained in a new one (then a new match was an old match).
    const prev = this.last;
    let matches: Int32Array;
    if (prev !== null && narrows(prev.terms, terms) && prev.matches.length * 8 < this.rows.length) {
      // Each word decided once per shared text, then each candidate's own text searched in place (no copies).
      const shared = terms.map((t) => ix.groups.map((g) => g.text.includes(t)));
      const kept = new Int32Array(prev.matches.length);
      let count = 0;
      for (const i of prev.matches) {
        const own = ix.own.slice(ix.starts[i]!, ix.starts[i + 1]! - 1);
        if (terms.every((t, k) => shared[k]![ix.groupOf[i]!] || own.includes(t))) kept[count++] = i;
      }
      matches = kept.slice(0, count);
    } else {
      const n = this.rows.length;
      const all = new Uint8Array(n);
      markTerm(ix, terms[0]!, all);
      for (const t of terms.slice(1)) {
        const more = new Uint8Array(n);
        markTerm(ix, t, more);
        for (let i = 0; i < n; i++) all[i]! &= more[i]!;
      }
      matches = marked(all);
    }
    this.last = { terms, matches };
    this.remember(id, matches);
    return matches;
  }

  private remember(id: string, matches: Int32Array): void {
    this.recent.delete(id);
    this.recent.set(id, matches);
    // At 100,000 keys an answer is at most 400 KB.
    if (this.recent.size > RECENT_QUERIES) this.recent.delete(this.recent.keys().next().value!);
  }
}
