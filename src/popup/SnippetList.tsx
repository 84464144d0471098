import { useId } from 'preact/hooks';
import { CopyButton } from '../ui/CopyButton';
import { snippetsFor, type SnippetInput } from './snippets';

/** Ready-made configuration for a key and its applicationKey: on the creation panel and in a key's details. */
export function SnippetList({ input, testIdPrefix = '' }: { input: SnippetInput; testIdPrefix?: string }) {
  const uid = useId();
  return (
    <>
      {snippetsFor(input).map((s) => (
        <div class="snippet-block" key={s.id}>
          <div class="value-row snippet-head">
            <h4 id={`${uid}-${s.id}`}>{s.title}</h4>
            <CopyButton text={s.text} label="Copy" ariaLabel={`Copy ${s.title}`} testId={`${testIdPrefix}copy-snippet-${s.id}`} secret />
          </div>
          <p class="hint">{s.hint}</p>
          <pre class="snippet" data-testid={`${testIdPrefix}snippet-${s.id}`}>
            {s.text}
          </pre>
        </div>
      ))}
    </>
  );
}
