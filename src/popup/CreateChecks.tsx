import { useEffect, useState } from 'preact/hooks';
import { rpc } from '../rpc/client';
import type { CreateCheckView } from '../rpc/protocol';
import { messageOf } from '../ui/errors';
import { ErrorText } from '../ui/Field';
import { checkSentence as sentence } from './check-sentence';

interface CreateChecksProps {
  checks: CreateCheckView[];
  now: number;
  onChanged: () => void;
  onOpenKey: (applicationKeyId: string) => void;
}

/** What the create journal has to tell: creates whose answer was lost, and what their checks found. */
export function CreateChecks({ checks, now, onChanged, onOpenKey }: CreateChecksProps) {
  const [error, setError] = useState<string | null>(null);
  // Whether each key a check found lost is held (its applicationKey in memory since the vault refused it): the
  // check does not say, and a held key told "lost, delete it" is a working key deleted with its only copy.
  const [held, setHeld] = useState<ReadonlyMap<string, boolean>>(new Map());
  const lostIds = checks.flatMap((c) => (c.status === 'lost' ? c.lostKeyIds : []));
  const lostKey = lostIds.join(' ');
  useEffect(() => {
    if (lostIds.length === 0) return;
    let live = true;
    // One small message per lost key, and only while a check reports one: rare, and the row may be out of the window.
    void Promise.all(
      lostIds.map(async (id) => {
        try {
          return [id, (await rpc('getKey', { applicationKeyId: id })).key?.held === true] as const;
        } catch {
          return [id, false] as const;
        }
      }),
    ).then((answers) => live && setHeld(new Map(answers)));
    return () => {
      live = false;
    };
    // `checks` is a new array on every list load: the keyIDs say when to ask again.
  }, [lostKey]);
  if (checks.length === 0) return null;
  const heldIds = new Set([...held].filter(([, h]) => h).map(([id]) => id));
  // Until asked, a lost banner is not drawn: drawn first, it would say "delete it" of a key that may be held.
  const unknown = (c: CreateCheckView) => c.status === 'lost' && c.lostKeyIds.some((id) => !held.has(id));

  async function dismiss(id: string) {
    setError(null);
    try {
      await rpc('dismissCreateCheck', { id });
      onChanged();
    } catch (e) {
      setError(messageOf(e));
    }
  }

  return (
    <section class="create-checks" aria-label="Create New Key checks" data-testid="create-checks" data-no-snapshot>
      <ul class="plain">
        {checks.filter((c) => !unknown(c)).map((c) => (
          <li
            key={c.id}
            class={`banner${c.status === 'lost' && !c.lostKeyIds.every((id) => heldIds.has(id)) ? ' danger' : c.status === 'checking' || c.status === 'lost' ? ' warning' : ''}`}
            data-testid="create-check"
            data-status={c.status}
          >
            <p>{sentence(c, now, heldIds)}</p>
            {c.status === 'lost' &&
              c.lostKeyIds.map((id) => (
                <button key={id} type="button" class="link" onClick={() => onOpenKey(id)}>
                  Open key {id}
                </button>
              ))}
            {c.status !== 'checking' && (
              <button type="button" class="secondary small" onClick={() => void dismiss(c.id)} data-testid="dismiss-create-check">
                Dismiss
              </button>
            )}
          </li>
        ))}
      </ul>
      <ErrorText>{error}</ErrorText>
    </section>
  );
}
