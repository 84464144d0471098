import type { ComponentChildren } from 'preact';
import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { rpc } from '../rpc/client';
import type { KeyView, ReplyOf } from '../rpc/protocol';
import { CopyButton } from '../ui/CopyButton';
import { codeOf, messageOf } from '../ui/errors';
import { ErrorText } from '../ui/Field';
import type { SnippetInput } from './snippets';
import { SnippetList } from './SnippetList';

interface OneTimeSecretProps {
  created: ReplyOf<'createKey'>;
  /** The S3 endpoint of the account the key was created in. */
  s3ApiUrl: string | null;
  /** Names of the key's buckets (null: all), for the restic snippet. */
  bucketNames?: readonly string[] | null;
  locked: boolean;
  /** Closing the panel drops the reply (and with it the secret) from the popup's state. */
  onDone: () => void;
  /** "Save it in the vault again" worked: the reply now counts as saved. */
  onSaved: (key: KeyView) => void;
  onLocked: () => void;
  /** Shown after the snippets, inside the panel (Rotate key's "delete the old key" step). */
  after?: ComponentChildren;
}

/** Shown once after "Create New Key": the keyID and applicationKey, copy buttons and ready-made config. */
export function OneTimeSecret({ created, s3ApiUrl, bucketNames, locked, onDone, onSaved, onLocked, after }: OneTimeSecretProps) {
  const { key, applicationKey, saved } = created;
  const heading = useRef<HTMLHeadingElement>(null);
  const savedBanner = useRef<HTMLParagraphElement>(null);
  const uid = useId();
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [savedNow, setSavedNow] = useState(false);
  // Layout effect: focus must move before the next key press, or Tab would start from the top of the page.
  useLayoutEffect(() => heading.current?.focus(), []);
  // Once saved again, the button that had the focus is gone: the green banner takes it, and is read out.
  useLayoutEffect(() => {
    if (savedNow && saved) savedBanner.current?.focus();
  }, [savedNow, saved]);
  const snippetInput: SnippetInput = { keyName: key.keyName, applicationKeyId: key.applicationKeyId, applicationKey, s3ApiUrl, bucketNames: bucketNames ?? null, namePrefix: key.namePrefix };

  async function saveAgain() {
    setSaving(true);
    setSaveError(null);
    try {
      // The name too: a key whose create's write failed is not in the list yet, and its saved secret would have none.
      const view = await rpc('saveSecret', { applicationKeyId: key.applicationKeyId, accountId: key.accountId, applicationKey, keyName: key.keyName });
      setSavedNow(true);
      onSaved(view);
    } catch (e) {
      if (codeOf(e) === 'LOCKED') onLocked();
      setSaveError(messageOf(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <section class="view padded created-view" aria-labelledby={`${uid}-h`} data-testid="one-time-secret">
      <h2 id={`${uid}-h`} ref={heading} tabIndex={-1}>
        Key “{key.keyName}” created
      </h2>
      {saved ? (
        <p class="banner success" data-testid="saved-note" ref={savedBanner} tabIndex={-1}>
          {savedNow
            ? 'The applicationKey is now saved in your vault, so you can reveal it again later from the key’s details.'
            : 'The applicationKey is saved in your vault, so you can reveal it again later from the key’s details.'}
        </p>
      ) : (
        <div class="banner warning" data-testid="saved-note">
          <p role="alert">The applicationKey could not be saved in your vault. B2 will not show it again: copy it now.</p>
          <div class="actions">
            <button
              type="button"
              class="small"
              onClick={saveAgain}
              disabled={saving || locked}
              aria-describedby={locked ? `${uid}-save-why` : undefined}
              data-testid="save-again"
            >
              {saving ? 'Saving…' : 'Save it in the vault again'}
            </button>
          </div>
          {locked && (
            <p class="hint" id={`${uid}-save-why`}>
              Unlock the vault above to save it.
            </p>
          )}
          <ErrorText>{saveError}</ErrorText>
        </div>
      )}
      <dl class="facts">
        <dt>keyID</dt>
        <dd>
          <div class="value-row">
            <code data-testid="new-key-id">{key.applicationKeyId}</code>
            <CopyButton text={key.applicationKeyId} label="Copy keyID" testId="copy-new-key-id" />
          </div>
        </dd>
        <dt>applicationKey</dt>
        <dd>
          <div class="value-row">
            <code class="secret-value" data-testid="new-application-key">
              {applicationKey}
            </code>
            <CopyButton text={applicationKey} label="Copy applicationKey" testId="copy-new-application-key" secret />
          </div>
        </dd>
      </dl>
      <h3>Use it with</h3>
      <SnippetList input={snippetInput} />
      {after}
      <div class="actions">
        <button type="button" onClick={onDone} data-testid="created-done">
          Done
        </button>
      </div>
    </section>
  );
}
