import { useEffect, useState } from 'preact/hooks';
import { rpc } from '../rpc/client';

/**
 * Issue 13: how many key hygiene findings the active account has, in the header when there are any. Counted by
 * the background from the cache's meta item, so asking costs the same at 10 or 100,000 keys.
 */
export function HygieneCount({ version, onOpen }: { version: unknown; onOpen: () => void }) {
  const [total, setTotal] = useState(0);
  useEffect(() => {
    let live = true;
    rpc('hygieneReport', {}).then(
      (r) => live && setTotal(r.total),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [version]);
  if (total === 0) return null;
  return (
    <button type="button" class="secondary small hygiene-count" onClick={onOpen} data-testid="hygiene-count" title="Key hygiene report (Options)">
      {`Hygiene: ${total}`}
    </button>
  );
}
