/**
 * Keeps the popup's plain list screen for the next opening (see first-screen.ts): a moment after it changes, and
 * when the popup goes away, so the next copy is as recent as the last thing seen.
 */
import { useEffect } from 'preact/hooks';
import { FIRST_SCREEN_ITEM, keepFirstScreen, pageStorage } from './first-screen';

/** After the rows settle: a refresh or a scroll redraws several times in a row. */
const KEEP_AFTER_MS = 400;

/**
 * Another page dropped the kept copy (an account removed on the options page): what this popup shows may be that
 * account's, so it keeps nothing more, also not when it closes. The next popup keeps its own.
 */
let forgottenElsewhere = false;

function keep(): void {
  if (forgottenElsewhere) return;
  const app = document.getElementById('app');
  if (app) keepFirstScreen(app, pageStorage());
}

function onStorage(e: StorageEvent): void {
  // Fired only in the other pages of the extension, never in the one that wrote.
  if ((e.key === FIRST_SCREEN_ITEM && e.newValue === null) || e.key === null) forgottenElsewhere = true;
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
    window.addEventListener('storage', onStorage);
    return () => {
      window.removeEventListener('pagehide', keep);
      window.removeEventListener('storage', onStorage);
    };
  }, []);
}
