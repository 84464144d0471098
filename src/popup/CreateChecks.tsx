import { useState } from 'preact/hooks';
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
  if (checks.length === 0) return null;

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
        {checks.map((c) => (
          <li key={c.id} class={`banner${c.status === 'lost' ? ' danger' : c.status === 'checking' ? ' warning' : ''}`} data-testid="create-check" data-status={c.status}>
            <p>{sentence(c, now)}</p>
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
