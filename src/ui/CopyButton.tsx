import { useEffect, useRef, useState } from 'preact/hooks';
import { sha256Hex } from '../common/digest';
import { rpc } from '../rpc/client';

interface CopyButtonProps {
  /** The text to copy; a function so a secret is read only at the moment of the click. */
  text: string | (() => string);
  /** Visible text, e.g. "Copy keyID". */
  label: string;
  /** Longer accessible name when the visible label is not enough in context (e.g. which key's keyID). */
  ariaLabel?: string;
  tabIndex?: number;
  class?: string;
  testId?: string;
  /**
   * The text holds an applicationKey: the background is told its SHA-256 (never the text) so it can clear
   * the clipboard after the time set in the options, or on lock, if the clipboard still holds it.
   */
  secret?: boolean;
}

/** Copies to the clipboard and says so for a moment, in text and to screen readers. */
export function CopyButton({ text, label, ariaLabel, tabIndex, class: className, testId, secret }: CopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  async function copy(e: Event) {
    e.stopPropagation();
    const value = typeof text === 'function' ? text() : text;
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      setState('failed');
      return finish();
    }
    // Best effort: the copy itself worked, and the popup may close at any moment.
    if (secret) void sha256Hex(value).then((digest) => rpc('secretCopied', { digest })).catch(() => undefined);
    finish();
  }

  function finish() {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setState('idle'), 2000);
  }

  return (
    <span class="copy">
      <button
        type="button"
        class={`secondary small${className ? ` ${className}` : ''}`}
        onClick={copy}
        aria-label={ariaLabel}
        tabIndex={tabIndex}
        data-testid={testId}
        data-focusable=""
      >
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
      </button>
      <span class="sr-only" role="status">
        {state === 'copied' ? 'Copied to the clipboard.' : state === 'failed' ? 'Copying failed: select the text and copy it yourself.' : ''}
      </span>
    </span>
  );
}
