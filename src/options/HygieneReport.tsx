/**
 * Issue 13: the key hygiene report for the active account. The background counts it from the cache's meta item and
 * small records, so it appears at once at 100,000 keys; each line shows a few keys and "Show all" pages through the
 * rest. Works while locked, except Check (it uses the saved applicationKey) and Delete Key.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { rpc } from '../rpc/client';
import type { HygieneLine, ReplyOf, Status } from '../rpc/protocol';
import { ROW_KINDS, type RowKind } from '../common/hygiene';
import { codeOf, messageOf } from '../ui/errors';
import { ErrorText } from '../ui/Field';
import { UsedOn } from '../ui/UsedOn';

type Report = ReplyOf<'hygieneReport'>;
type Key = HygieneLine['keys'][number];

const PAGE = 50;

function openInPopupPage(applicationKeyId: string, accountId: string): void {
  // Rotate key lives in the key's details: the popup, opened as a tab on that key of the report's account (another
  // may be active by now).
  const query = new URLSearchParams({ key: applicationKeyId, account: accountId });
  void browser.tabs.create({ url: browser.runtime.getURL(`src/popup/index.html?${query}`) });
}

function KeyLine({ line, k, accountId, locked, readOnly, onChanged }: { line: HygieneLine; k: Key; accountId: string; locked: boolean; readOnly: boolean; onChanged: () => void }) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  /** B2 no longer has the key: its saved copy and check can only be forgotten (Delete Key finishes that locally). */
  const [goneInB2, setGoneInB2] = useState(false);

  async function check() {
    setBusy(true);
    setError(null);
    try {
      const result = await rpc('checkSecret', { applicationKeyId: k.applicationKeyId, accountId });
      setMessage(result.message);
      setGoneInB2(result.outcome === 'deleted');
      onChanged();
    } catch (e) {
      setError(codeOf(e) === 'LOCKED' ? 'Unlock the vault to check this applicationKey.' : messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await rpc('deleteKey', { applicationKeyId: k.applicationKeyId, accountId, keyName: k.keyName });
      setDeleting(false);
      onChanged();
    } catch (e) {
      setError(`Not deleted. ${messageOf(e)}`);
    } finally {
      setBusy(false);
    }
  }

  const name = k.keyName || k.applicationKeyId;
  return (
    <li data-testid="hygiene-key" data-key-id={k.applicationKeyId}>
      <strong>{name}</strong> <code>{k.applicationKeyId}</code>
      {k.detail ? <span class="hint">{` ${k.detail}`}</span> : null}{' '}
      {line.action === 'check' && (
        <button type="button" class="secondary small" onClick={() => void check()} disabled={busy || locked} title={locked ? 'Unlock the vault to check it' : undefined} data-testid="hygiene-check">
          Check
        </button>
      )}
      {line.action === 'check' && goneInB2 && !readOnly && (
        <button type="button" class="secondary small" onClick={() => void remove()} disabled={busy || locked} data-testid="hygiene-forget">
          Forget the saved applicationKey
        </button>
      )}
      {line.action === 'rotate' && (
        <button type="button" class="secondary small" onClick={() => openInPopupPage(k.applicationKeyId, accountId)} data-testid="hygiene-rotate">
          Rotate
        </button>
      )}
      {line.action === 'account' && (
        <button
          type="button"
          class="secondary small"
          onClick={() => document.querySelector<HTMLElement>('[data-testid="account-card"]')?.scrollIntoView({ block: 'start' })}
          data-testid="hygiene-account"
        >
          Go to the account
        </button>
      )}
      {line.action === 'delete' && !deleting && (
        <button type="button" class="secondary small" onClick={() => setDeleting(true)} disabled={locked || readOnly} data-testid="hygiene-delete">
          Delete Key
        </button>
      )}
      {deleting && (
        <div class="banner warning" role="group" aria-label={`Delete Key ${name}`}>
          <p>
            Delete the key “{name}”? Every app or tool that uses it stops working at once. <strong>This cannot be undone.</strong>
          </p>
          <UsedOn applicationKeyId={k.applicationKeyId} accountId={accountId} locked={locked} variant="delete" />
          <div class="actions">
            <button type="button" class="danger" onClick={() => void remove()} disabled={busy} data-testid="hygiene-confirm-delete">
              Delete Key
            </button>
            <button type="button" class="secondary" onClick={() => setDeleting(false)} disabled={busy}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {message && <span class="hint" role="status">{` ${message}`}</span>}
      <ErrorText>{error}</ErrorText>
    </li>
  );
}

function Line({ line, accountId, locked, readOnly, onChanged }: { line: HygieneLine; accountId: string; locked: boolean; readOnly: boolean; onChanged: () => void }) {
  const [all, setAll] = useState<{ keys: Key[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const isRowKind = (ROW_KINDS as readonly string[]).includes(line.kind);
  // A reloaded report (a key deleted or checked here) makes the rows fetched with "Show all" stale: a deleted key
  // would stay listed, and the next page's offset would skip the key that moved up. Start again from the report's.
  useEffect(() => setAll(null), [line]);

  async function more() {
    setError(null);
    try {
      const got = await rpc('hygieneKeys', { kind: line.kind as RowKind, accountId, offset: all?.keys.length ?? 0, limit: PAGE });
      setAll({ keys: [...(all?.keys ?? []), ...got.keys], total: got.total });
    } catch (e) {
      setError(messageOf(e));
    }
  }

  const keys = all?.keys ?? line.keys;
  const moreLeft = all ? all.keys.length < all.total : line.more;
  return (
    <li class="hygiene-line" data-testid="hygiene-line" data-kind={line.kind}>
      <h3>
        {line.title}: <span data-testid="hygiene-line-count">{line.count}</span>
      </h3>
      <p>{line.why}</p>
      <ul class="plain">
        {keys.map((k) => (
          <KeyLine key={k.applicationKeyId} line={line} k={k} accountId={accountId} locked={locked} readOnly={readOnly} onChanged={onChanged} />
        ))}
      </ul>
      {moreLeft && isRowKind && (
        <button type="button" class="link" onClick={() => void more()} data-testid="hygiene-more">
          {all ? 'Show more' : `Show all ${line.count}`}
        </button>
      )}
      <ErrorText>{error}</ErrorText>
    </li>
  );
}

/** `first`: the report asked for with the page's first status (firstState.ts), drawn without asking again. */
export function HygieneReport({ status, first = null }: { status: Status; first?: Report | null }) {
  const uid = useId();
  const [report, setReport] = useState<Report | null>(first);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const fresh = useRef(first !== null);

  useEffect(() => {
    if (fresh.current) {
      fresh.current = false;
      return;
    }
    rpc('hygieneReport', {}).then(
      (r) => (setReport(r), setError(null)),
      (e: unknown) => setError(`The hygiene report could not be made. ${messageOf(e)}`),
    );
  }, [version, status.activeAccountId, status.vault]);

  const locked = status.vault !== 'unlocked';
  return (
    <section class="card" aria-labelledby={`${uid}-h`} data-testid="hygiene-report">
      <h2 id={`${uid}-h`}>Key hygiene</h2>
      {report && report.accountId === null && <p class="hint">Add an account to see its report.</p>}
      {report && report.accountId !== null && report.lines.length === 0 && (
        <p class="ok-text" data-testid="hygiene-clean">
          Nothing to report for the active account’s keys (as of the last refresh).
        </p>
      )}
      {report && report.accountId !== null && report.lines.length > 0 && (
        <>
          <p class="hint">From the key list as of the last refresh. {locked ? 'Unlock to check or delete keys from here.' : ''}</p>
          <ul class="plain hygiene-lines">
            {report.lines.map((l) => (
              <Line key={l.kind} line={l} accountId={report.accountId!} locked={locked} readOnly={status.readOnly} onChanged={() => setVersion((n) => n + 1)} />
            ))}
          </ul>
        </>
      )}
      <ErrorText>{error}</ErrorText>
    </section>
  );
}
