/**
 * Handlers whose code is loaded on their first call (see later.ts): Firefox parses its event page's code on every
 * wake, so what a woken background is not asked first comes in a file of its own.
 */
import type { MethodName } from '../rpc/protocol';
import type { Handlers } from '../rpc/router';

type CallContext = Parameters<Handlers[MethodName]>[1];
type AnyHandler = (params: unknown, c: CallContext) => Promise<unknown>;

/** Made once, on first use; a failed attempt (a file that did not load) is tried again on the next. */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    if (!made) {
      made = make();
      // Registered before any caller's reaction, so it clears a failed attempt before a caller can ask again, and
      // only once (not once per caller, which could clear a new attempt: made twice).
      made.catch(() => (made = undefined));
    }
    return made;
  };
}

/**
 * Methods whose handlers come from `load`, called on the first call of any of them. The names are listed by the
 * caller, not read from the module, so that its code is not loaded to learn them; `raw: Handlers` in service.ts
 * fails to compile if a method is missing, and `load`'s type if a listed one is not in the group.
 */
export function onFirstCall<K extends MethodName>(names: readonly K[], load: () => Promise<Pick<Handlers, K>>): Pick<Handlers, K> {
  const group = once(load);
  const out: Partial<Record<K, AnyHandler>> = {};
  for (const name of names) out[name] = async (params, c) => ((await group())[name] as unknown as AnyHandler)(params, c);
  return out as unknown as Pick<Handlers, K>;
}
