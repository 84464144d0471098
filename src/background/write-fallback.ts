/**
 * Writes whose one essential part must not fail because a lesser part does. A new key's applicationKey is shown
 * by B2 once; the write that seals it also updates the key list, the lost flags, the notes and the create record,
 * and the store refuses a write that touches a record of the wrong type (it never overwrites damage). So one
 * damaged lesser record would cost the secret. Such a write is tried whole first, then with less, down to the
 * secret alone.
 */
import type { LocalStore, Tx } from '../storage';

export interface Landed<T> {
  value: T;
  /** Which attempt landed: 0 = the whole write. */
  attempt: number;
  /** Why each attempt before it failed, in order. */
  failed: unknown[];
}

/** Tries each write in order, from the fullest; the first that lands wins. Throws the last failure when none lands. */
export async function firstThatLands<T>(store: LocalStore, attempts: readonly ((tx: Tx) => Promise<T>)[]): Promise<Landed<T>> {
  const failed: unknown[] = [];
  for (const [attempt, write] of attempts.entries()) {
    try {
      return { value: await store.write(write), attempt, failed };
    } catch (e) {
      failed.push(e);
    }
  }
  throw failed.at(-1) ?? new Error('no write to try');
}
