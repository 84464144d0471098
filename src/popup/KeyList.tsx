import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { formatAgo, formatCount } from '../ui/format';
import { VirtualList } from '../ui/VirtualList';
import { KeyRow, PlaceholderRow, ROW_HEIGHT } from './KeyRow';
import type { BucketNames } from './keyInfo';
import type { ListHead, ListView } from './useKeyWindow';
import type { WindowCache } from './windowCache';

interface KeyListProps {
  list: ListHead | null;
  /** The rows fetched so far for the current search; rows come from the background a screen at a time. */
  cache: WindowCache | null;
  /** Asks for rows that scrolled into view. */
  onRange: (start: number, end: number) => void;
  listError: string | null;
  bucketNames: BucketNames;
  now: number;
  locked: boolean;
  refreshing: boolean;
  refreshError: string | null;
  onRefresh: () => void;
  onCreate: () => void;
  onOpen: (applicationKeyId: string) => void;
  query: string;
  onQuery: (query: string) => void;
  /** The filter row and sort order (answered by the background, like the search). */
  view?: ListView;
  onView?: (view: ListView) => void;
  canCreate: boolean;
  /** Why Create New Key is shown but cannot be used right now (e.g. the account's details did not load). */
  createBlockedReason?: string | null;
  /** Where focus goes when the list appears: a key's row (back from its details), the search field, or nowhere. */
  focusOnMount: { keyId: string } | 'search' | null;
}

/** Search, the refresh state and the windowed list of keys. */
export function KeyList(props: KeyListProps) {
  const { list, cache, bucketNames, now, query } = props;
  const view = props.view ?? { filter: 'all', sort: 'name' };
  const narrowed = query !== '' || view.filter !== 'all';
  const warningMs = list?.expiryWarningDays !== undefined ? list.expiryWarningDays * 86_400_000 : undefined;
  /** Keys matching the search (all keys without one), and every key of the account. */
  const shownCount = cache?.total ?? 0;
  const allCount = list?.totalAll ?? 0;
  const focusKeyId = props.focusOnMount && props.focusOnMount !== 'search' ? props.focusOnMount.keyId : null;
  const [initialFocus] = useState(() => (focusKeyId && cache ? cache.indexOf(focusKeyId) : -1));
  const [active, setActive] = useState(Math.max(0, initialFocus));
  const search = useRef<HTMLInputElement>(null);

  useLayoutEffect(() => {
    if (props.focusOnMount === 'search' || (focusKeyId && initialFocus < 0)) search.current?.focus();
    // Only on mount: later list updates must not pull focus away from where the person is.
  }, []);
  const activeIndex = Math.min(active, Math.max(0, shownCount - 1));

  function focusActiveRow(e: KeyboardEvent) {
    if (e.key !== 'ArrowDown' || shownCount === 0) return;
    e.preventDefault();
    const row = document.querySelector<HTMLElement>(`.vlist [data-index="${activeIndex}"] [data-focusable]`);
    row?.focus();
  }

  return (
    <section class="view key-list-view" aria-labelledby="keys-heading">
      <div class={`toolbar${props.canCreate ? '' : ' no-create'}`}>
        <h2 id="keys-heading" class="sr-only">
          Keys
        </h2>
        {props.canCreate && (
          <button
            type="button"
            onClick={props.onCreate}
            disabled={!!props.createBlockedReason}
            aria-describedby={props.createBlockedReason ? 'create-blocked' : undefined}
            data-testid="create-key"
          >
            Create New Key
          </button>
        )}
        <div class="refresh-state" aria-live="polite" data-testid="refresh-state">
          {props.refreshing ? (
            <span>Refreshing…</span>
          ) : list?.fetchedAt ? (
            <span>Updated {formatAgo(list.fetchedAt, now)}</span>
          ) : props.locked ? (
            <span>Not refreshed yet</span>
          ) : null}
        </div>
        {!props.locked && (
          <button type="button" class="secondary small" onClick={props.onRefresh} disabled={props.refreshing}>
            Refresh
          </button>
        )}
      </div>
      {props.canCreate && props.createBlockedReason && (
        <p class="hint create-blocked" id="create-blocked" data-testid="create-blocked">
          {props.createBlockedReason}
        </p>
      )}
      {props.refreshError && (
        <p class="banner warning list-error" role="alert" data-testid="refresh-error">
          {props.refreshError}
          {list && list.totalAll > 0 && (
            <>
              <br />
              The list shows the keys as they were at the last refresh.
            </>
          )}
        </p>
      )}
      {props.listError && (
        <p class="banner danger" role="alert">
          {props.listError}
        </p>
      )}
      <div class="search">
        <label for="key-search">Search keys</label>
        <input
          ref={search}
          id="key-search"
          type="search"
          value={query}
          placeholder="Name, keyID, bucket, capability, prefix"
          onInput={(e) => {
            props.onQuery(e.currentTarget.value);
            setActive(0);
          }}
          onKeyDown={focusActiveRow}
          autoComplete="off"
          spellcheck={false}
          aria-describedby="key-count"
          data-testid="search"
        />
        <p id="key-count" class="hint" aria-live="polite">
          {list === null
            ? 'Loading keys…'
            : cache?.provisional
              ? 'Searching…'
              : narrowed
              ? `${formatCount(shownCount)} of ${formatCount(allCount)} keys ${query ? 'match' : 'shown'}.`
              : `${formatCount(allCount)} ${allCount === 1 ? 'key' : 'keys'}.`}
        </p>
      </div>
      {props.onView && (
        <div class="list-view-row" data-testid="list-view-row">
          <label for="key-filter">Show</label>
          <select
            id="key-filter"
            value={view.filter}
            onChange={(e) => {
              props.onView!({ ...view, filter: e.currentTarget.value as ListView['filter'] });
              setActive(0);
            }}
            data-testid="key-filter"
          >
            {FILTER_CHOICES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          <label for="key-sort">Sort</label>
          <select
            id="key-sort"
            value={view.sort}
            onChange={(e) => {
              props.onView!({ ...view, sort: e.currentTarget.value as ListView['sort'] });
              setActive(0);
            }}
            data-testid="key-sort"
          >
            {SORT_CHOICES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
      )}
      {list && cache && shownCount === 0 ? (
        <p class="empty">
          {allCount === 0
            ? props.refreshing
              ? 'Loading the keys from B2…'
              : 'This account has no application keys yet (the master key is not listed).'
            : query
              ? 'No key matches. Try fewer or shorter words.'
              : EMPTY_FILTER[view.filter]}
        </p>
      ) : (
        <VirtualList
          count={shownCount}
          rowHeight={ROW_HEIGHT}
          label="Application keys"
          activeIndex={activeIndex}
          onActiveIndexChange={setActive}
          resetKey={`${query}\n${view.filter}\n${view.sort}`}
          initialFocus={initialFocus >= 0 ? initialFocus : null}
          // By place in the list, not by keyID: a search keystroke then changes the text of the rows on screen instead
          // of removing them and building new ones, which was about half of the popup's render in a profile (Chromium
          // 156, 100,000 keys; 12.1 -> 10.3 ms from a keystroke to its rows).
          rowKey={(i) => String(i)}
          renderRow={(i, tabIndex) => {
            const key = cache?.row(i);
            return key ? <KeyRow keyView={key} bucketNames={bucketNames} now={now} tabIndex={tabIndex} onOpen={props.onOpen} warningMs={warningMs} /> : <PlaceholderRow />;
          }}
          onRange={props.onRange}
          testId="key-list"
        />
      )}
    </section>
  );
}

const FILTER_CHOICES: readonly (readonly [ListView['filter'], string])[] = [
  ['all', 'All'],
  ['soon', 'Expiring soon'],
  ['expired', 'Expired'],
  ['noSecret', 'No saved secret'],
  ['lost', 'applicationKey lost'],
];

const SORT_CHOICES: readonly (readonly [ListView['sort'], string])[] = [
  ['name', 'Name'],
  // B2 does not say when a key was created: only keys created or saved here have a date, newest first.
  ['created', 'Newest first'],
  ['expiry', 'Expiring first'],
];

const EMPTY_FILTER: Record<ListView['filter'], string> = {
  all: 'No key matches.',
  soon: 'No key expires soon.',
  expired: 'No key has expired.',
  noSecret: 'Every key’s applicationKey is saved in your vault.',
  lost: 'No key is flagged “applicationKey lost”.',
};
