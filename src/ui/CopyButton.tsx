import { useEffect, useRef, useState } from 'preact/hooks';
import { sha256Hex } from '../common/digest';
import { rpc } from '../rpc/client';
import type { ReplyOf } from '../rpc/protocol';
import { plural } from './format';

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

/**
 * What to tell the person about clearing a copied secret, from the background's answer (null: nothing to add).
 * `reply` null: secretCopied failed, so nothing will clear the copy.
 */
export function clearWarning(reply: ReplyOf<'secretCopied'> | null): string | null {
  if (reply === null) return 'Copied, but it will not be cleared from the clipboard (the extension could not note the copy): clear it yourself once you have pasted it.';
  if (!reply.notRecorded) return null;
  const s = reply.notRecorded.clearAfterSeconds;
  const when = s === null ? 'when the vault locks' : `in ${s % 60 === 0 ? plural(s / 60, 'minute') : plural(s, 'second')}`;
  return `Copied. The browser refused to note when to clear it (its storage may be full): it is cleared ${when} only while the browser keeps running; if you close the browser before then, it will not be cleared, so clear it yourself.`;
}

/** Copies to the clipboard and says so for a moment, in text and to screen readers. */
export function CopyButton({ text, label, ariaLabel, tabIndex, class: className, testId, secret }: CopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  // Stays after "Copied" goes: the person has to act on it, and a copy left on the clipboard does not go away.
  const [warning, setWarning] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  /** Counts copies, so a late answer about an earlier copy does not speak for the latest; 0 once unmounted. */
  const copies = useRef(0);
  useEffect(
    () => () => {
      copies.current = 0;
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  async function copy(e: Event) {
    e.stopPropagation();
    const value = typeof text === 'function' ? text() : text;
    const copyNo = ++copies.current;
    setWarning(null);
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      setState('failed');
      return finish();
    }
    // The copy itself worked and "Copied" shows at once; the popup may close at any moment. Whether it will be
    // cleared is said only if it may not be: the setting promised it.
    if (secret) {
      void sha256Hex(value)
        .then((digest) => rpc('secretCopied', { digest }))
        .then(clearWarning, () => clearWarning(null))
        .then((w) => copies.current === copyNo && setWarning(w))
        .catch(() => undefined);
    }
    finish();
  }

  function finish() {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setState('idle'), 2000);
  }

  return (
    <>
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
      {warning && (
        <p class="banner warning" role="alert" data-testid={testId ? `${testId}-warning` : undefined}>
          {warning}
        </p>
      )}
    </>
  );
}
