import type { KeyView } from '../rpc/protocol';
import { CopyButton } from '../ui/CopyButton';
import { describeExpiry } from '../ui/format';
import { accessLabel, bucketSummary, type BucketNames } from './keyInfo';

/** Fixed, so the windowed list can place rows by arithmetic. Must match .key-row in popup.css. */
export const ROW_HEIGHT = 76;

interface KeyRowProps {
  keyView: KeyView;
  bucketNames: BucketNames;
  now: number;
  tabIndex: number;
  onOpen: (applicationKeyId: string) => void;
  /** Under this much time left the expiry is marked (the options' warning setting). */
  warningMs?: number;
}

export function KeyRow({ keyView: key, bucketNames, now, tabIndex, onOpen, warningMs }: KeyRowProps) {
  const expiry = describeExpiry(key.expirationTimestamp, now, warningMs);
  const buckets = key.bucketIds === null ? 'All' : bucketSummary(key.bucketIds, bucketNames);
  return (
    <div class="key-row" data-testid="key-row" data-key-id={key.applicationKeyId}>
      <button type="button" class="row-main" tabIndex={tabIndex} data-focusable="" onClick={() => onOpen(key.applicationKeyId)}>
        <span class="row-line">
          <span class="key-name">{key.keyName}</span>
          {/* Urgent expiry goes on the first line, where the end of a long third line cannot hide it. */}
          {(expiry.level === 'soon' || expiry.level === 'expired') && (
            <span class={`badge ${expiry.level === 'soon' ? 'warning' : 'danger'} expiry ${expiry.level}`}>{expiry.label}</span>
          )}
        </span>
        <span class="row-line key-id-line">
          <span class="mono key-id">{key.applicationKeyId}</span>
          {key.isManagingKey ? (
            <span class="badge success" data-testid="managing-key-badge">This account’s key (saved)</span>
          ) : key.secretDamaged ? (
            <span class="badge danger">Secret damaged</span>
          ) : key.hasSecret ? (
            <span class="badge success">Secret saved</span>
          ) : key.held ? (
            // Flagged lost by the create check, by design, yet its applicationKey is in memory: the details show it.
            <span class="badge warning" data-testid="held-badge">
              applicationKey held, not saved
            </span>
          ) : key.lost ? (
            <span class="badge danger">applicationKey lost</span>
          ) : (
            <span class="badge">No secret</span>
          )}
        </span>
        <span class="row-line meta">
          <span>{buckets === 'All' ? 'All buckets' : buckets}</span>
          <span aria-hidden="true"> · </span>
          <span>{accessLabel(key.capabilities)}</span>
          {key.namePrefix && (
            <>
              <span aria-hidden="true"> · </span>
              <span>
                prefix <span class="mono">{key.namePrefix}</span>
              </span>
            </>
          )}
          {expiry.level === 'ok' && (
            <>
              <span aria-hidden="true"> · </span>
              <span class="expiry ok">{expiry.label}</span>
            </>
          )}
        </span>
      </button>
      {/* Its own per key: rows are reused for other keys as the list changes, and "Copied" belongs to this one. */}
      <CopyButton key={key.applicationKeyId} text={key.applicationKeyId} label="Copy keyID" ariaLabel={`Copy keyID of ${key.keyName}`} tabIndex={tabIndex} testId="copy-key-id" />
    </div>
  );
}

/** A row whose key is still on its way from the background (scrolled to faster than it arrived). */
export function PlaceholderRow() {
  return (
    <div class="key-row placeholder" aria-busy="true">
      <span class="hint">Loading…</span>
    </div>
  );
}
