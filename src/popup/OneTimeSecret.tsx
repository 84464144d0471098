import { useId, useLayoutEffect, useRef } from 'preact/hooks';
import type { ReplyOf } from '../rpc/protocol';
import { CopyButton } from '../ui/CopyButton';
import { snippetsFor } from './snippets';

interface OneTimeSecretProps {
  created: ReplyOf<'createKey'>;
  s3ApiUrl: string | null;
  /** Closing the panel drops the reply (and with it the secret) from the popup's state. */
  onDone: () => void;
}

/** Shown once after "Create New Key": the keyID and applicationKey, copy buttons and ready-made config. */
export function OneTimeSecret({ created, s3ApiUrl, onDone }: OneTimeSecretProps) {
  const { key, applicationKey, saved } = created;
  const heading = useRef<HTMLHeadingElement>(null);
  const uid = useId();
  // Layout effect: focus must move before the next key press, or Tab would start from the top of the page.
  useLayoutEffect(() => heading.current?.focus(), []);
  const snippets = snippetsFor({ keyName: key.keyName, applicationKeyId: key.applicationKeyId, applicationKey, s3ApiUrl });

  return (
    <section class="view padded created-view" aria-labelledby={`${uid}-h`} data-testid="one-time-secret">
      <h2 id={`${uid}-h`} ref={heading} tabIndex={-1}>
        Key “{key.keyName}” created
      </h2>
      {saved ? (
        <p class="banner success" data-testid="saved-note">
          The applicationKey is saved in your vault, so you can reveal it again later from the key’s details.
        </p>
      ) : (
        <p class="banner warning" role="alert" data-testid="saved-note">
          The applicationKey could not be saved in your vault. B2 will not show it again: copy it now.
        </p>
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
            <CopyButton text={applicationKey} label="Copy applicationKey" testId="copy-new-application-key" />
          </div>
        </dd>
      </dl>
      <h3>Use it with</h3>
      {snippets.map((s) => (
        <div class="snippet-block" key={s.id}>
          <div class="value-row snippet-head">
            <h4 id={`${uid}-${s.id}`}>{s.title}</h4>
            <CopyButton text={s.text} label="Copy" ariaLabel={`Copy ${s.title}`} testId={`copy-snippet-${s.id}`} />
          </div>
          <p class="hint">{s.hint}</p>
          <pre class="snippet" data-testid={`snippet-${s.id}`}>
            {s.text}
          </pre>
        </div>
      ))}
      <div class="actions">
        <button type="button" onClick={onDone} data-testid="created-done">
          Done
        </button>
      </div>
    </section>
  );
}
