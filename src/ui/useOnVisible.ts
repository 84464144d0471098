import { useEffect } from 'preact/hooks';

/**
 * Runs `fn` each time the page is shown again (its tab selected, its window restored). Another page may have
 * changed what this one shows meanwhile: the vault locked from the popup, a setting changed in another tab, keys
 * saved since. `fn` should be stable (useCallback), or it is listened for again on every render.
 */
export function useOnVisible(fn: () => unknown): void {
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') void fn();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [fn]);
}
