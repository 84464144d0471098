import { useMemo, useRef } from 'preact/hooks';

export interface ReadsAfterSaves {
  /**
   * Reads and applies the answer, unless a save is in flight when it begins or one began or ended before the answer
   * came: such a read may carry the value the save replaced, and the save's own answer is the newer one.
   */
  read<T>(fetch: () => Promise<T>, apply: (value: T) => void, fail: (e: unknown) => void): void;
  /** Runs a save, so reads that overlap it are dropped. */
  save<T>(run: () => Promise<T>): Promise<T>;
}

/** Orders a page's re-reads of settings against its own saves of them (see `read`). */
export function useReadsAfterSaves(): ReadsAfterSaves {
  const saves = useRef({ inFlight: 0, changes: 0 });
  return useMemo(
    () => ({
      read(fetch, apply, fail) {
        if (saves.current.inFlight > 0) return;
        const began = saves.current.changes;
        fetch().then((value) => {
          if (saves.current.changes === began) apply(value);
        }, fail);
      },
      save(run) {
        saves.current.inFlight++;
        saves.current.changes++;
        return run().finally(() => {
          saves.current.inFlight--;
          saves.current.changes++;
        });
      },
    }),
    [],
  );
}
