/**
 * The rows of the key list the popup has fetched, by page. The background answers windows (listKeys with
 * offset, limit, query); the popup keeps only the pages it has shown, so its memory and every message stay the
 * size of a screen whatever the account holds. Pure, unit-tested.
 */
import { keyHaystack, matchesTerms, narrows, queryTerms } from '../common/key-match';
import type { KeyView } from '../rpc/protocol';

import { PAGE_SIZE } from './page-size';

export { PAGE_SIZE };

export class WindowCache {
  private readonly pages = new Map<number, KeyView[]>();
  private readonly asked = new Set<number>();
  /** The version of the cached list the rows come from (KeyList.gen), when the background said. */
  gen: number | undefined;
  /** A page of another version arrived: the cache is being replaced. */
  stale = false;

  constructor(
    readonly query: string,
    /** Rows matching the query (provisional: the rows known so far). */
    readonly total: number,
    /** Narrowed in the popup while the background's answer is on its way: correct rows, but maybe not all. */
    readonly provisional = false,
  ) {}

  row(index: number): KeyView | undefined {
    return this.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  /** Stores rows starting at `offset` (a page boundary). */
  put(offset: number, rows: readonly KeyView[]): void {
    for (let i = 0; i * PAGE_SIZE < rows.length; i++) {
      const page = offset / PAGE_SIZE + i;
      this.pages.set(page, rows.slice(i * PAGE_SIZE, (i + 1) * PAGE_SIZE));
      this.asked.delete(page);
    }
  }

  /** Pages covering rows [start, end) that are neither here nor already asked for; marks them asked. */
  take(start: number, end: number): number[] {
    const out: number[] = [];
    const last = Math.min(end, this.total) - 1;
    for (let p = Math.max(0, Math.floor(start / PAGE_SIZE)); p * PAGE_SIZE <= last; p++) {
      if (this.pages.has(p) || this.asked.has(p)) continue;
      this.asked.add(p);
      out.push(p);
    }
    return out;
  }

  /** A page whose request failed may be asked for again. */
  release(page: number): void {
    this.asked.delete(page);
  }

  /** List position of a loaded key, or -1. */
  indexOf(applicationKeyId: string): number {
    for (const [page, rows] of this.pages) {
      const i = rows.findIndex((k) => k.applicationKeyId === applicationKeyId);
      if (i >= 0) return page * PAGE_SIZE + i;
    }
    return -1;
  }

  /** Loaded rows, for finding a key that is on screen. */
  *loaded(): Iterable<KeyView> {
    for (const rows of this.pages.values()) yield* rows;
  }

  /** The loaded rows from the first one on, up to the first page not here: the top of the list, in order. */
  prefix(): KeyView[] {
    const out: KeyView[] = [];
    for (let p = 0; this.pages.has(p); p++) out.push(...this.pages.get(p)!);
    return out;
  }
}

/**
 * The top rows of a search that narrows the one `cache` holds, taken from the rows already here: when each old
 * word is inside a new one, every new match was an old match, in the same order, so the old list's top rows that
 * match are the new list's top rows. Shown at once, in the keystroke's own frame, while the background's answer
 * (the count, the rest) is on its way. Null when the words do not narrow, or when nothing here matches but rows
 * further down might.
 */
export function narrowed(cache: WindowCache, query: string, bucketNames: ReadonlyMap<string, string>): WindowCache | null {
  const terms = queryTerms(query);
  if (terms.length === 0 || !narrows(queryTerms(cache.query), terms)) return null;
  const top = cache.prefix();
  const rows = top.filter((k) => matchesTerms(keyHaystack(k, bucketNames), terms));
  const complete = !cache.provisional && top.length === cache.total;
  if (!complete && rows.length === 0) return null;
  const next = new WindowCache(query, rows.length, !complete);
  next.put(0, rows);
  return next;
}
