/**
 * Keeps the popup's plain list screen for the next opening (see first-screen.ts): a moment after it changes, and
 * when the popup goes away, so the next copy is as recent as the last thing seen.
 */
import { useEffect } from 'preact/hooks';
import { keepFirstScreen, pageStorage } from './first-screen';

/** After the rows settle: a refresh or a scroll redraws several times in a row. */
const KEEP_AFTER_MS = 400;

function keep(): void {
  const app = document.getElementById('app');
  if (app) keepFirstScreen(app, pageStorage());
}

/** `keepable`: the screen shows the plain list; `version` changes whenever its rows do. */
export function useKeptFirstScreen(keepable: boolean, version: unknown): void {
  useEffect(() => {
    if (!keepable) return;
    const timer = setTimeout(keep, KEEP_AFTER_MS);
    return () => clearTimeout(timer);
  }, [keepable, version]);

  useEffect(() => {
    // pagehide: a popup closes without warning; localStorage writes are synchronous, so this one lands.
    window.addEventListener('pagehide', keep);
    return () => window.removeEventListener('pagehide', keep);
  }, []);
}
