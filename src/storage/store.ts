/**
 * Typed access to storage.local for the background. Reads validate against the layout's schemas;
 * writes go through one queue and are refused while the store is read-only (data from a newer build).
 */
import type { z } from 'zod';
import type { StorageAreaLike } from './area';
import { migrate, type MigrationResult } from './migrations';
import { WriteQueue } from './queue';
import {
  cacheKey,
  DEFAULT_SETTINGS,
  keyCacheSchema,
  layout,
  secretsKey,
  secretsSchema,
  type KeyCache,
  type Layout,
  type SecretsByKeyId,
} from './schema';

export class ReadOnlyError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'ReadOnlyError';
  }
}

export class LocalStore {
  private readonly queue = new WriteQueue();
  private ready: Promise<MigrationResult> | null = null;
  readOnlyReason: string | null = null;

  constructor(private readonly area: StorageAreaLike) {}

  /** Runs migrations once; every other method waits for it. */
  init(): Promise<MigrationResult> {
    this.ready ??= this.queue.run(async () => {
      const result = await migrate(this.area);
      this.readOnlyReason = result.readOnly ? result.reason : null;
      return result;
    });
    return this.ready;
  }

  private async readKey<S extends z.ZodType>(key: string, schema: S): Promise<z.output<S> | undefined> {
    await this.init();
    const raw = (await this.area.get(key))[key];
    if (raw === undefined) return undefined;
    const parsed = schema.safeParse(raw);
    // A value we cannot parse is left in place untouched (never overwritten by a default) and read as absent.
    return parsed.success ? parsed.data : undefined;
  }

  get<K extends keyof Layout>(key: K): Promise<Layout[K] | undefined> {
    return this.readKey(key, layout[key]) as Promise<Layout[K] | undefined>;
  }

  async settings(): Promise<Layout['settings']> {
    return { ...DEFAULT_SETTINGS, ...(await this.get('settings')) };
  }

  async accounts(): Promise<Layout['accounts']> {
    return (await this.get('accounts')) ?? {};
  }

  async secrets(accountId: string): Promise<SecretsByKeyId> {
    return (await this.readKey(secretsKey(accountId), secretsSchema)) ?? {};
  }

  async keyCache(accountId: string): Promise<KeyCache | undefined> {
    return this.readKey(cacheKey(accountId), keyCacheSchema);
  }

  /**
   * The one way to write. `fn` reads what it needs through `tx` and returns the items to set and the
   * keys to remove; it runs alone, so read-modify-write cannot interleave with another write.
   */
  write<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.init().then(() =>
      this.queue.run(async () => {
        if (this.readOnlyReason) throw new ReadOnlyError(this.readOnlyReason);
        const tx = new Tx(this);
        const result = await fn(tx);
        if (Object.keys(tx.toSet).length) await this.area.set(tx.toSet);
        if (tx.toRemove.length) await this.area.remove(tx.toRemove);
        return result;
      }),
    );
  }
}

/** Collects one write's changes; reads go to the store (the queue guarantees nobody else writes meanwhile). */
export class Tx {
  readonly toSet: Record<string, unknown> = {};
  readonly toRemove: string[] = [];

  constructor(readonly store: LocalStore) {}

  set<K extends keyof Layout>(key: K, value: Layout[K]): void {
    this.toSet[key] = value;
  }

  setSecrets(accountId: string, secrets: SecretsByKeyId): void {
    this.toSet[secretsKey(accountId)] = secrets;
  }

  setKeyCache(accountId: string, cache: KeyCache): void {
    this.toSet[cacheKey(accountId)] = cache;
  }

  remove(key: string): void {
    this.toRemove.push(key);
  }
}
