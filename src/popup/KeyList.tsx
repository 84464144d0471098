import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { KeyList as KeyListData } from '../rpc/protocol';
import { formatAgo, formatCount } from '../ui/format';
import { VirtualList } from '../ui/VirtualList';
import { KeyRow, ROW_HEIGHT } from './KeyRow';
import { sortKeys, type BucketNames } from './keyInfo';
import { filterKeys, keyHaystack } from './search';

interface KeyListProps {
  list: KeyListData | null;
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
  canCreate: boolean;
  /** Why Create New Key is shown but cannot be used right now (e.g. the account's details did not load). */
  createBlockedReason?: string | null;
  /** Where focus goes when the list appears: a key's row (back from its details), the search field, or nowhere. */
  focusOnMount: { keyId: string } | 'search' | null;
}

/** Search, the refresh state and the windowed list of keys. */
export function KeyList(props: KeyListProps) {
  const { list, bucketNames, now, query } = props;
  const sorted = useMemo(() => sortKeys(list?.keys ?? []), [list?.keys]);
  const haystacks = useMemo(() => sorted.map((k) => keyHaystack(k, bucketNames)), [sorted, bucketNames]);
  const shown = useMemo(() => filterKeys(sorted, haystacks, query), [sorted, haystacks, query]);
  const focusKeyId = props.focusOnMount && props.focusOnMount !== 'search' ? props.focusOnMount.keyId : null;
  const [initialFocus] = useState(() => (focusKeyId ? shown.findIndex((k) => k.applicationKeyId === focusKeyId) : -1));
  const [active, setActive] = useState(Math.max(0, initialFocus));
  const search = useRef<HTMLInputElement>(null);

  useLayoutEffect(() => {
    if (props.focusOnMount === 'search' || (focusKeyId && initialFocus < 0)) search.current?.focus();
    // Only on mount: later list updates must not pull focus away from where the person is.
  }, []);
  const activeIndex = Math.min(active, Math.max(0, shown.length - 1));

  function focusActiveRow(e: KeyboardEvent) {
    if (e.key !== 'ArrowDown' || shown.length === 0) return;
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
          {list && list.keys.length > 0 && (
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
            : query
              ? `${formatCount(shown.length)} of ${formatCount(sorted.length)} keys match.`
              : `${formatCount(sorted.length)} ${sorted.length === 1 ? 'key' : 'keys'}.`}
        </p>
      </div>
      {list && shown.length === 0 ? (
        <p class="empty">
          {sorted.length === 0
            ? props.refreshing
              ? 'Loading the keys from B2…'
              : 'This account has no application keys yet (the master key is not listed).'
            : 'No key matches. Try fewer or shorter words.'}
        </p>
      ) : (
        <VirtualList
          count={shown.length}
          rowHeight={ROW_HEIGHT}
          label="Application keys"
          activeIndex={activeIndex}
          onActiveIndexChange={setActive}
          resetKey={query}
          initialFocus={initialFocus >= 0 ? initialFocus : null}
          rowKey={(i) => shown[i]!.applicationKeyId}
          renderRow={(i, tabIndex) => <KeyRow keyView={shown[i]!} bucketNames={bucketNames} now={now} tabIndex={tabIndex} onOpen={props.onOpen} />}
          testId="key-list"
        />
      )}
    </section>
  );
}
