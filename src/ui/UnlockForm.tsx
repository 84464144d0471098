import { useEffect, useRef, useState } from 'preact/hooks';
import { rpc } from '../rpc/client';
import { RpcError } from '../rpc/errors';
import type { Status } from '../rpc/protocol';
import { messageOf } from './errors';
import { TextField } from './Field';

interface UnlockFormProps {
  onUnlocked: (status: Status) => void;
  /** One sentence saying what unlocking is for here. */
  intro?: string;
  autoFocus?: boolean;
}

/** After several wrong passphrases the background makes the next try wait; this is what the form says meanwhile. */
interface Wait {
  /** The sentence before "Try again in N s.", e.g. why the try was refused. */
  reason: string;
  /**
   * When trying again is allowed, on the page's monotonic clock (performance.now()): a wall clock set back during
   * the wait would otherwise keep the button off, saying "Try again in 3599 s", for the length of the step.
   */
  until: number;
  /** A refusal for waiting says nothing once the wait is over; a wrong passphrase still does. */
  keepReason: boolean;
}

export function UnlockForm({ onUnlocked, intro, autoFocus }: UnlockFormProps) {
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [wait, setWait] = useState<Wait | null>(null);
  const [now, setNow] = useState(() => performance.now());
  /** Said to screen readers when a wait ends (the countdown itself is not read out every second). */
  const [readyNote, setReadyNote] = useState('');
  const input = useRef<HTMLInputElement | null>(null);
  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, [autoFocus]);

  // Counts down once a second while a wait applies; at the end the button is enabled again.
  useEffect(() => {
    if (!wait) return;
    const tick = () => {
      const t = performance.now();
      setNow(t);
      if (t >= wait.until) {
        setError(wait.keepReason ? wait.reason : null);
        setWait(null);
        setReadyNote('You can try your passphrase again now.');
      }
    };
    tick();
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, [wait]);

  const waiting = wait !== null && now < wait.until;
  const secondsLeft = wait ? Math.max(1, Math.ceil((wait.until - now) / 1000)) : 0;

  async function submit(e: Event) {
    e.preventDefault();
    if (waiting) return;
    if (!passphrase) {
      setError('Enter your passphrase.');
      input.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    setReadyNote('');
    try {
      const status = await rpc('unlock', { passphrase });
      setPassphrase('');
      onUnlocked(status);
    } catch (err) {
      const retry = err instanceof RpcError ? err.retryAfterSeconds : undefined;
      if (retry) {
        const tooMany = err instanceof RpcError && err.code === 'TOO_MANY_ATTEMPTS';
        const reason = tooMany ? 'Too many wrong passphrases in a row.' : messageOf(err).replace(/\s*Try again in \d+ s\.$/, '');
        const t = performance.now();
        setNow(t);
        setWait({ reason, until: t + retry * 1000, keepReason: !tooMany });
      } else {
        setError(messageOf(err));
      }
      // The field keeps what was typed, selected, so retyping replaces it.
      input.current?.focus();
      input.current?.select();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="unlock" onSubmit={submit} data-testid="unlock-form">
      {intro && <p class="hint">{intro}</p>}
      <div class="inline-form">
        <TextField
          label="Passphrase"
          type="password"
          value={passphrase}
          onValue={setPassphrase}
          error={waiting ? `${wait.reason} Try again in ${secondsLeft} s.` : error}
          autoComplete="current-password"
          inputRef={input}
          testId="unlock-passphrase"
        />
        <button type="submit" disabled={busy || waiting} data-testid="unlock-submit">
          {busy ? 'Unlocking…' : 'Unlock'}
        </button>
      </div>
      <span class="sr-only" role="status">
        {readyNote}
      </span>
    </form>
  );
}
