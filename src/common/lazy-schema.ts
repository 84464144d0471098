/**
 * A value (a zod schema, a table of them) built on first use instead of when its module loads.
 *
 * Why: a woken background must answer its first message quickly, and building every zod schema at load time
 * was a large part of its start-up (zod 4 does real work per schema); one message needs a handful of them.
 * The proxy forwards everything to the built value, so callers and zod itself (a lazy schema inside another
 * schema's shape) cannot tell the difference, and the type is the built value's.
 */
export function lazySchema<T extends object>(build: () => T): T {
  let value: T | undefined;
  const real = (): T => (value ??= build());
  return new Proxy({} as T, {
    get: (_t, key) => Reflect.get(real(), key),
    set: (_t, key, v) => Reflect.set(real(), key, v),
    has: (_t, key) => Reflect.has(real(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
}
