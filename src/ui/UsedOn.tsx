import { useEffect, useState } from 'preact/hooks';
import { rpc } from '../rpc/client';
import type { UsageEntryView } from '../rpc/protocol';
import { codeOf, messageOf } from '../ui/errors';

interface UsedOnProps {
  applicationKeyId: string;
  /** The key's account: the list may show another account than the one active now (another page switched it). */
  accountId?: string;
  locked: boolean;
  /** details: "Filled into"; rotate / delete: the confirmation's "still used on these sites". */
  variant: 'details' | 'rotate' | 'delete';
}

const WHAT: Record<string, string> = { keyId: 'keyID', secret: 'applicationKey' };

function when(at: number): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * Issue 13: the sites this key was filled into (latest per origin), asked for this one key. The page titles are
 * the pages' own words: shown as text only, in quotes, never as a link or markup.
 */
export function UsedOn({ applicationKeyId, accountId, locked, variant }: UsedOnProps) {
  const [entries, setEntries] = useState<UsageEntryView[] | null>(null);
  const [recording, setRecording] = useState(true);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (locked) return;
    let live = true;
    rpc('keyUsage', { applicationKeyId, ...(accountId !== undefined ? { accountId } : {}) }).then(
      (r) => live && (setEntries(r.entries), setRecording(r.recording), setError(null)),
      (e: unknown) => live && setError(codeOf(e) === 'LOCKED' ? null : messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [applicationKeyId, accountId, locked]);

  if (locked) {
    return variant === 'details' ? (
      <p class="hint" data-testid="used-on-locked">
        Unlock to see where this key was filled: that list is encrypted in the vault.
      </p>
    ) : null;
  }
  if (error) return <p class="error">{`Where this key was filled could not be read. ${error}`}</p>;
  if (!entries) return null;
  if (entries.length === 0) {
    if (variant !== 'details') return null;
    return (
      <p class="hint" data-testid="used-on-empty">
        {recording ? 'Not filled into any page by this extension yet.' : 'Not filled into any page recorded here (recording is off in Options).'}
      </p>
    );
  }
  const n = entries.length;
  const lead =
    variant === 'rotate'
      ? `Still used on ${n === 1 ? 'this site' : `these ${n} sites`}: update ${n === 1 ? 'it' : 'them'} after rotating.`
      : variant === 'delete'
        ? `Still used on ${n === 1 ? 'this site' : `these ${n} sites`}: ${n === 1 ? 'it stops' : 'they stop'} working when the key is deleted.`
        : null;
  return (
    <section class={variant === 'details' ? 'used-on' : 'used-on banner warning'} aria-label="Filled into" data-testid={`used-on-${variant}`}>
      {variant === 'details' ? <h3>Filled into</h3> : <p>{lead}</p>}
      <ul class="plain">
        {entries.map((e) => (
          <li key={e.origin} data-testid="used-on-entry" data-origin={e.origin}>
            <strong>{e.origin}</strong>
            {e.title ? ` “${e.title}”` : ''}
            <span class="hint">{` ${e.filled.map((f) => WHAT[f]).join(' and ')}, ${when(e.at)}`}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
