import { useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { rpc } from '../rpc/client';
import type { KeyNotesView, KeyView } from '../rpc/protocol';
import { CopyButton } from '../ui/CopyButton';
import { codeOf, messageOf } from '../ui/errors';
import { ErrorText } from '../ui/Field';
import { describeExpiry, formatDateTime } from '../ui/format';
import { DeleteKeyDialog } from './DeleteKeyDialog';
import { FillOnPage } from './FillOnPage';
import { UsedOn } from '../ui/UsedOn';
import { KeyLifecycle } from './KeyLifecycle';
import { accessLabel, bucketNamesOf, type BucketNames } from './keyInfo';
import { SaveSecretForm } from './SaveSecretForm';
import { SnippetList } from './SnippetList';

interface KeyDetailsProps {
  keyView: KeyView;
  bucketNames: BucketNames;
  now: number;
  locked: boolean;
  readOnly: boolean;
  /** Why Delete Key is shown but disabled (the managing key lacks deleteKeys), or null. */
  deleteBlockedReason?: string | null;
  onLocked: () => void;
  onBack: () => void;
  onDeleted: (keyName: string) => void;
  onChanged: () => void;
  /** Whether a revealed applicationKey is on screen: the popup checks the vault state more often meanwhile. */
  onSecretShown?: (shown: boolean) => void;
  /** The account's S3 endpoint, for the config snippets. */
  s3ApiUrl?: string | null;
  /** Under this much time left the expiry is marked (the options' warning setting). */
  warningMs?: number;
  /** Issue 10: open another key's details (lineage links), and start Rotate key. */
  onOpenKey?: (applicationKeyId: string) => void;
  onRotate?: (notes: KeyNotesView) => void;
  /** Open the Rotate form at once, as soon as it can be (the form the popup last closed on). */
  resumeRotate?: boolean;
}

/** Escape in a field that holds something typed is for the field (or a slip): it must not throw the text away. */
function isFilledTextField(target: EventTarget | null): boolean {
  if (target instanceof HTMLTextAreaElement) return target.value !== '';
  if (!(target instanceof HTMLInputElement)) return false;
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'image', 'file', 'range', 'color'].includes(target.type) && target.value !== '';
}

/** Everything about one key, its saved secret (revealed on request), and Delete Key. */
export function KeyDetails({ keyView: key, bucketNames, now, locked, readOnly, deleteBlockedReason = null, onLocked, onBack, onDeleted, onChanged, onSecretShown, s3ApiUrl = null, warningMs, onOpenKey, onRotate, resumeRotate = false }: KeyDetailsProps) {
  const [secret, setSecret] = useState<string | null>(null);
  const [revealError, setRevealError] = useState<string | null>(null);
  const [revealing, setRevealing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [savedNote, setSavedNote] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const uid = useId();
  // Counts locks seen while this view is open: a revealSecret reply that arrives after one is dropped.
  const lockCount = useRef(0);
  const lockedNow = useRef(locked);
  lockedNow.current = locked;
  const fillCancel = useRef<(() => void) | null>(null);
  const shown = secret !== null && !locked;

  // Layout effect: focus must move before the next key press, or Tab would start from the top of the page.
  useLayoutEffect(() => heading.current?.focus(), []);
  // Locking hides a revealed secret at once (and the render below never shows one while locked).
  useEffect(() => {
    if (!locked) return;
    lockCount.current++;
    setSecret(null);
  }, [locked]);
  useEffect(() => onSecretShown?.(shown), [shown, onSecretShown]);
  useEffect(() => () => onSecretShown?.(false), [onSecretShown]);

  /** `held`: the copy the background holds in memory since the vault refused it, not the vault's. */
  async function reveal(held = false) {
    setRevealing(true);
    setRevealError(null);
    const locksBefore = lockCount.current;
    try {
      const which = { applicationKeyId: key.applicationKeyId, accountId: key.accountId };
      const { applicationKey } = held ? await rpc('heldSecret', which) : await rpc('revealSecret', which);
      // Locked while the reply was on its way: it must not appear on a locked screen.
      if (lockCount.current !== locksBefore || lockedNow.current) return;
      setSecret(applicationKey);
    } catch (e) {
      if (codeOf(e) === 'LOCKED') onLocked();
      setRevealError(messageOf(e));
    } finally {
      setRevealing(false);
    }
  }

  const revealed = (
    <div class="value-row">
      <code class="secret-value" data-testid="revealed-secret">
        {secret}
      </code>
      <CopyButton text={() => secret ?? ''} label="Copy applicationKey" testId="copy-revealed-secret" secret />
      <button type="button" class="secondary small" onClick={() => setSecret(null)}>
        Hide
      </button>
    </div>
  );

  const expiry = describeExpiry(key.expirationTimestamp, now, warningMs);
  const buckets = bucketNamesOf(key.bucketIds, bucketNames);

  return (
    <section
      class="view padded details-view"
      aria-labelledby={`${uid}-h`}
      data-testid="key-details"
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || deleting || isFilledTextField(e.target)) return;
        e.preventDefault();
        // The first Escape answers an open "Fill anyway?" question with no; only the next one leaves.
        if (fillCancel.current) fillCancel.current();
        else onBack();
      }}
    >
      <div class="view-head">
        <button type="button" class="link" onClick={onBack}>
          ← Keys
        </button>
        <h2 id={`${uid}-h`} ref={heading} tabIndex={-1}>
          {key.keyName}
        </h2>
      </div>
      <dl class="facts">
        <dt>keyID</dt>
        <dd>
          <div class="value-row">
            <code data-testid="details-key-id">{key.applicationKeyId}</code>
            <CopyButton text={key.applicationKeyId} label="Copy keyID" testId="details-copy-key-id" />
          </div>
        </dd>

        <dt>applicationKey</dt>
        <dd data-testid="details-secret">
          {!key.hasSecret && key.held ? (
            // Held in memory, not lost: shown from there, and saved by the background once the vault takes it.
            <div class="banner warning" data-testid="held-note">
              <p>
                B2 made this key, but your vault could not save its applicationKey (the disk may be full). B2 Key Manager holds it, encrypted, in memory
                until the browser closes, and saves it as soon as the vault takes it. Copy it somewhere safe meanwhile, or free some disk space.
              </p>
              {shown ? (
                revealed
              ) : locked ? (
                <p>Unlock to show it.</p>
              ) : (
                <button type="button" class="secondary small" onClick={() => void reveal(true)} disabled={revealing} data-testid="show-held-secret">
                  {revealing ? 'Showing…' : 'Show applicationKey'}
                </button>
              )}
            </div>
          ) : !key.hasSecret ? (
            <>
              {key.lost ? (
                <div class="banner danger" data-testid="lost-note">
                  <p>
                    applicationKey lost: B2 created this key for a Create New Key here, but its applicationKey never reached your vault (the answer was lost on the
                    way). Nobody can use this key without it. Delete it and create a new one, or save its applicationKey below if you have it.
                  </p>
                  {!locked && !readOnly && (
                    <button type="button" class="danger small" onClick={() => setDeleting(true)} data-testid="lost-delete-key">
                      Delete Key
                    </button>
                  )}
                </div>
              ) : (
                <p class="hint">Not saved in your vault (the key was created elsewhere, or before this extension).</p>
              )}
              {/* Kept while locked: what was pasted may be the only other copy, and survives the unlock. */}
              {!readOnly && <SaveSecretForm keyView={key} locked={locked} onLocked={onLocked} onSaved={() => (setSavedNote(true), onChanged())} />}
            </>
          ) : shown ? (
            revealed
          ) : locked ? (
            <p class="hint">{key.isManagingKey ? 'This account’s key (saved with the account). ' : key.secretDamaged ? 'The saved copy is damaged. ' : 'Saved in your vault. '}Unlock to reveal it.</p>
          ) : (
            <div class="value-row">
              <span data-testid="secret-state">{key.isManagingKey ? 'This account’s key (saved with the account).' : key.secretDamaged ? 'The saved copy is damaged.' : 'Saved in your vault.'}</span>
              <button type="button" class="secondary small" onClick={() => void reveal()} disabled={revealing} data-testid="reveal">
                {revealing ? 'Revealing…' : 'Reveal'}
              </button>
            </div>
          )}
          {/* A saved copy that does not open can only be replaced: Reveal and Check have nothing to work with. */}
          {key.hasSecret && key.secretDamaged && !key.isManagingKey && !readOnly && (
            <SaveSecretForm keyView={key} locked={locked} replacing onLocked={onLocked} onSaved={() => (setSavedNote(true), onChanged())} />
          )}
          {savedNote && key.hasSecret && !shown && (
            <p class="ok-text" role="status">
              Saved.
            </p>
          )}
          <ErrorText>{revealError}</ErrorText>
        </dd>

      </dl>
      <FillOnPage keyView={key} locked={locked} onLocked={onLocked} cancelRef={fillCancel} />
      <UsedOn applicationKeyId={key.applicationKeyId} accountId={key.accountId} locked={locked} variant="details" />
      <dl class="facts">
        <dt>Buckets</dt>
        <dd>
          {buckets === null ? (
            'All'
          ) : (
            <ul class="plain">
              {buckets.map((name, i) => (
                <li key={key.bucketIds![i]}>{name === key.bucketIds![i] ? <code title="Bucket name unknown">{name}</code> : name}</li>
              ))}
            </ul>
          )}
        </dd>

        <dt>Type of access</dt>
        <dd>{accessLabel(key.capabilities)}</dd>

        <dt>Capabilities</dt>
        <dd>
          {/* A long list is folded so Delete Key stays near; the access type above already sums it up. */}
          <details open={key.capabilities.length <= 6}>
            <summary>
              {key.capabilities.length} {key.capabilities.length === 1 ? 'capability' : 'capabilities'}
            </summary>
            <ul class="caps">
              {key.capabilities.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          </details>
        </dd>

        <dt>File name prefix</dt>
        <dd>{key.namePrefix ? <code>{key.namePrefix}</code> : 'None (all files)'}</dd>

        <dt>Expires</dt>
        <dd class={`expiry ${expiry.level}`}>
          {key.expirationTimestamp === null ? 'Never' : `${formatDateTime(key.expirationTimestamp)} (${expiry.relative})`}
        </dd>

        {key.options.length > 0 && (
          <>
            <dt>Options</dt>
            <dd>{key.options.join(', ')}</dd>
          </>
        )}
        <dt>Account</dt>
        <dd>
          <code>{key.accountId}</code>
        </dd>
      </dl>
      {key.hasSecret && !key.secretDamaged && (
        <section class="details-snippets" aria-labelledby={`${uid}-snippets`} data-testid="details-snippets">
          <h3 id={`${uid}-snippets`}>Use it with</h3>
          {shown && secret !== null ? (
            <SnippetList
              input={{ keyName: key.keyName, applicationKeyId: key.applicationKeyId, applicationKey: secret, s3ApiUrl, bucketNames: buckets, namePrefix: key.namePrefix }}
              testIdPrefix="details-"
            />
          ) : locked ? (
            <p class="hint">Unlock to see configuration for the b2 tool, rclone, AWS tools and restic.</p>
          ) : (
            // The snippets hold the applicationKey: they appear only the way Reveal shows it.
            <button type="button" class="secondary small" onClick={() => void reveal()} disabled={revealing} data-testid="show-snippets">
              {revealing ? 'Revealing…' : 'Show configuration (reveals the applicationKey)'}
            </button>
          )}
        </section>
      )}
      <KeyLifecycle keyView={key} locked={locked} readOnly={readOnly} onLocked={onLocked} onChanged={onChanged} onOpenKey={onOpenKey} onRotate={onRotate} resumeRotate={resumeRotate} />
      {!locked && !readOnly && (
        <div class="actions">
          <button
            type="button"
            class="danger"
            onClick={() => setDeleting(true)}
            disabled={!!deleteBlockedReason}
            aria-describedby={deleteBlockedReason ? `${uid}-delete-blocked` : undefined}
            data-testid="delete-key"
          >
            Delete Key
          </button>
          {deleteBlockedReason && (
            <p class="hint" id={`${uid}-delete-blocked`} data-testid="delete-blocked">
              {deleteBlockedReason}
            </p>
          )}
        </div>
      )}
      {deleting && (
        <DeleteKeyDialog
          keyView={key}
          onCancel={() => setDeleting(false)}
          onLocked={onLocked}
          onDeleted={() => {
            setDeleting(false);
            onDeleted(key.keyName);
          }}
        />
      )}
    </section>
  );
}
