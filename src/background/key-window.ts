/**
 * Windows of an account's key list for the pages: the rows on screen (plus a margin) and the counts, never the
 * whole list. Without a search a window is read straight from the one or two shards that hold it; a search
 * runs over an in-memory copy of the list, loaded once and kept while the cache's generation is unchanged.
 */
import { fromRow, type KeyRow } from '../storage/key-shards';
import type { KeyCache, KeysMeta } from '../storage/key-cache';
import type { CachedKey } from '../storage';
import { KeySearch } from './key-search';
import { filterAndSort, isDefaultView, type FilterFacts, type KeyFilter, type KeySort } from './key-filter';

export interface WindowRequest {
  offset: number;
  limit: number;
  query: string;
  /** The popup's filter row and sort (key-filter.ts); with `facts`, answered over the in-memory copy. */
  filter?: KeyFilter;
  sort?: KeySort;
  facts?: FilterFacts;
  /** Changes whenever `facts` do (secrets saved or dropped, the warning time, the minute): reuses the last answer otherwise. */
  factsSig?: string;
}

export interface KeyWindow {
  rows: CachedKey[];
  /** Where `rows` start in the (filtered) list. */
  offset: number;
  /** Rows matching the query (all rows without one). */
  total: number;
  /** Every key of the account. */
  totalAll: number;
  meta: KeysMeta;
}

interface Loaded {
  gen: number;
  search: KeySearch;
  /** The last filtered and sorted positions: scrolling asks for page after page of the same answer. */
  view?: { sig: string; positions: number[] };
}

export class KeyWindows {
  private readonly loaded = new Map<string, Loaded>();
  private readonly loading = new Map<string, Promise<Loaded>>();
  /**
   * Bumped by every forget(): a copy that was loading then is of a list since dropped (an account removed, and
   * perhaps added again, whose fresh cache starts at the same generation): it is not kept, and a call made after the
   * forget starts its own load instead of joining it. Calls already waiting on it still get it: they asked before.
   */
  private forgets = 0;

  constructor(private readonly cache: KeyCache) {}

  async window(accountId: string, req: WindowRequest): Promise<KeyWindow> {
    const meta = await this.cache.meta(accountId);
    const offset = Math.max(0, req.offset);
    const filter = req.filter ?? 'all';
    const sort = req.sort ?? 'name';
    if (req.facts && !isDefaultView(filter, sort)) {
      const loaded = await this.index(accountId, meta);
      const sig = JSON.stringify([req.query.trim(), filter, sort, req.factsSig ?? Math.random()]);
      if (loaded.view?.sig !== sig) loaded.view = { sig, positions: filterAndSort(loaded.search.rows, loaded.search.match(req.query), filter, sort, req.facts) };
      const positions = loaded.view.positions;
      const rows = positions.slice(offset, offset + req.limit).map((i) => fromRow(accountId, loaded.search.rows[i]!));
      return { rows, offset, total: positions.length, totalAll: meta.count, meta };
    }
    if (req.query.trim() === '') {
      const rows = await this.cache.window(accountId, offset, req.limit, meta);
      return { rows: rows.map((r) => fromRow(accountId, r)), offset, total: meta.count, totalAll: meta.count, meta };
    }
    const { search } = await this.index(accountId, meta);
    const matches = search.match(req.query) ?? new Int32Array(0);
    const rows = Array.from(matches.subarray(offset, offset + req.limit), (i) => fromRow(accountId, search.rows[i]!));
    return { rows, offset, total: matches.length, totalAll: meta.count, meta };
  }

  /** Loads the searchable copy ahead of the first keystroke (the popup asks when the search field gets focus). */
  async prepare(accountId: string, meta?: KeysMeta): Promise<void> {
    await this.index(accountId, meta ?? (await this.cache.meta(accountId)));
  }

  /** Every row in list order, from the in-memory copy when it is current. */
  async rows(accountId: string): Promise<readonly KeyRow[]> {
    return (await this.index(accountId, await this.cache.meta(accountId))).search.rows;
  }

  forget(accountId?: string): void {
    this.forgets++;
    if (accountId === undefined) this.loaded.clear();
    else this.loaded.delete(accountId);
  }

  private index(accountId: string, meta: KeysMeta): Promise<Loaded> {
    const have = this.loaded.get(accountId);
    if (have && have.gen === meta.gen) return Promise.resolve(have);
    const epoch = this.forgets;
    const key = `${accountId}@${meta.gen}#${epoch}`;
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.cache
        .all(accountId, meta)
        .then((rows) => {
          const loaded = { gen: meta.gen, search: new KeySearch(rows, new Map(meta.buckets.map((b) => [b.bucketId, b.bucketName]))) };
          if (epoch === this.forgets) this.loaded.set(accountId, loaded);
          return loaded;
        })
        .finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }
}
