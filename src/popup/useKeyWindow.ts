/**
 * The popup's view of the key list: the counts and state of the last answer (the head) and the pages of rows
 * fetched so far for the current search. Rows are asked for as they scroll into view; a new search, a refresh
 * or a change starts a new cache, and answers for an older one are dropped.
 */
import { useCallback, useRef, useState } from 'preact/hooks';
import { rpc } from '../rpc/client';
import type { KeyList, RequestOf } from '../rpc/protocol';
import { narrowed, PAGE_SIZE, WindowCache } from './windowCache';

export type ListHead = Omit<KeyList, 'keys'>;

/** The filter row and sort order; the background answers them by window, like a search. */
export interface ListView {
  filter: NonNullable<RequestOf<'listKeys'>['filter']>;
  sort: NonNullable<RequestOf<'listKeys'>['sort']>;
}
export const DEFAULT_VIEW: ListView = { filter: 'all', sort: 'name' };
const sameView = (a: ListView, b: ListView) => a.filter === b.filter && a.sort === b.sort;

/** Rows asked for with the first answer: a screen and a bit, so the first paint needs one message. */
export const FIRST_ROWS = PAGE_SIZE;

export interface KeyWindow {
  head: ListHead | null;
  cache: WindowCache | null;
  query: string;
  view: ListView;
  /** Shows the list with another filter or sort (the search stays). */
  setView(view: ListView): Promise<ListHead | null>;
  /** The current filter and sort, for callbacks that outlive a render (a refresh). */
  currentView(): ListView;
  /** Changes whenever rows arrive, so the list re-renders. */
  version: number;
  /** Loads the first rows for `query` (the current one when omitted); resolves with the answer's head. */
  load(query?: string, view?: ListView): Promise<ListHead | null>;
  /** Takes an answer that carries a first window (refreshKeys), if it is for the current search; false if not. */
  accept(reply: KeyList, query: string, view?: ListView): boolean;
  /** Asks for the rows [start, end) that are not here yet. */
  ensure(start: number, end: number): void;
  clear(): void;
}

/** An answer as the window's state: its rows and its counts, or null when it is for another account. */
function windowOf(reply: KeyList | null | undefined, query: string, account: string | null): { cache: WindowCache; head: ListHead } | null {
  if (!reply || (reply.accountId !== null && reply.accountId !== account)) return null;
  const cache = new WindowCache(query, reply.total);
  cache.gen = reply.gen;
  cache.put(reply.offset, reply.keys);
  const { keys: _rows, ...head } = reply;
  return { cache, head };
}

/**
 * `seed` (the rows that came with the popup's first message) is the window's first state, so the first render
 * already draws rows: taking it in an effect would cost a frame before the first row.
 */
export function useKeyWindow(activeAccountId: string | null, onError: (e: unknown) => void, seed?: KeyList | null): KeyWindow {
  const [first] = useState(() => windowOf(seed, '', activeAccountId));
  const [head, setHead] = useState<ListHead | null>(first?.head ?? null);
  const [cache, setCache] = useState<WindowCache | null>(first?.cache ?? null);
  const [query, setQuery] = useState('');
  const [version, setVersion] = useState(0);
  const [view, setViewState] = useState<ListView>(DEFAULT_VIEW);
  const seq = useRef(0);
  // cacheView: the filter and sort the cache's rows were answered for (pages scrolled into view must match it).
  const current = useRef<{ cache: WindowCache | null; query: string; account: string | null; view: ListView; cacheView: ListView }>({
    cache: first?.cache ?? null,
    query: '',
    account: activeAccountId,
    view: DEFAULT_VIEW,
    cacheView: DEFAULT_VIEW,
  });
  current.current.account = activeAccountId;
  /** Bucket names of the last answer: a narrowed search matches them as the background does. */
  const bucketNames = useRef<ReadonlyMap<string, string>>(new Map((first?.head.buckets ?? []).map((b) => [b.bucketId, b.bucketName])));

  const take = useCallback((reply: KeyList, q: string): ListHead | null => {
    // A list for another account than the active one (an answer from before a switch) is dropped.
    const taken = windowOf(reply, q, current.current.account);
    if (!taken) return null;
    const { cache: next, head: h } = taken;
    bucketNames.current = new Map(h.buckets.map((b) => [b.bucketId, b.bucketName]));
    current.current = { ...current.current, cache: next, query: q, cacheView: current.current.view };
    setCache(next);
    setHead(h);
    setQuery(q);
    setVersion((v) => v + 1);
    return h;
  }, []);

  const load = useCallback(
    async (q?: string, v?: ListView): Promise<ListHead | null> => {
      const wanted = q ?? current.current.query;
      const wantedView = v ?? current.current.view;
      const my = ++seq.current;
      // The typed text shows at once; the rows follow with the answer.
      setQuery(wanted);
      setViewState(wantedView);
      // A search that narrows the shown one draws its top rows from the rows here, before the answer comes.
      const shown = current.current.cache;
      const quick = q !== undefined && shown && shown.query !== wanted && sameView(current.current.cacheView, wantedView) ? narrowed(shown, wanted, bucketNames.current) : null;
      if (quick) {
        current.current.cache = quick;
        setCache(quick);
        setVersion((n) => n + 1);
      }
      current.current.query = wanted;
      current.current.view = wantedView;
      try {
        const reply = await rpc('listKeys', { offset: 0, limit: FIRST_ROWS, query: wanted, ...wantedView });
        return my === seq.current ? take(reply, wanted) : null;
      } catch (e) {
        if (my === seq.current) onError(e);
        return null;
      }
    },
    [take, onError],
  );

  const accept = useCallback(
    (reply: KeyList, q: string, v?: ListView) => {
      if (q !== current.current.query || (v && !sameView(v, current.current.view))) return false;
      ++seq.current;
      take(reply, q);
      return true;
    },
    [take],
  );

  const reload = useRef(load);
  reload.current = load;
  const ensure = useCallback((start: number, end: number) => {
    const c = current.current.cache;
    if (!c) return;
    const account = current.current.account;
    for (const page of c.take(start, end)) {
      void rpc('listKeys', { offset: page * PAGE_SIZE, limit: PAGE_SIZE, query: c.query, ...current.current.cacheView }).then(
        (reply) => {
          // Rows for a cache that has since been replaced (new search, refresh) would be out of place.
          if (current.current.cache !== c) return;
          // Another page made another account active: the background answers for that one, whose rows must not
          // appear in this account's list. The page stays unloaded until the popup's status check switches over.
          if (reply.accountId !== null && reply.accountId !== account) {
            c.release(page);
            return;
          }
          // The list changed since this cache's first answer (a key deleted or added on another page): the page's
          // rows would be laid among rows of the old list, one key skipped or shown twice. The search is loaded again.
          if (reply.gen !== undefined && c.gen !== undefined && reply.gen !== c.gen) {
            c.release(page);
            if (!c.stale) {
              c.stale = true;
              // A reload that failed leaves this cache: a later page of another version may ask again.
              void reload.current().then((head) => {
                if (!head) c.stale = false;
              });
            }
            return;
          }
          c.put(reply.offset, reply.keys);
          setVersion((v) => v + 1);
        },
        () => c.release(page),
      );
    }
  }, []);

  const clear = useCallback(() => {
    ++seq.current;
    current.current = { ...current.current, cache: null, query: '' };
    setCache(null);
    setHead(null);
    setQuery('');
  }, []);

  const setView = useCallback((v: ListView) => load(undefined, v), [load]);
  const currentView = useCallback(() => current.current.view, []);
  return { head, cache, query, view, setView, currentView, version, load, accept, ensure, clear };
}
