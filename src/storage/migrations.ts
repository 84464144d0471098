/**
 * Start-up migrations of storage.local. Each step takes the stored data at version N to N+1. A stored
 * version newer than this code knows means a newer build wrote it (a downgrade): we never wipe or
 * rewrite it, we go read-only and say why.
 */
import type { StorageAreaLike } from './area';
import { convertLegacyCache, legacyCacheKey } from './key-cache';
import { SCHEMA_VERSION } from './schema';

type Migration = (area: StorageAreaLike) => Promise<void>;

/** migrations[n] upgrades version n to n+1. Version 0 = nothing stored yet (a fresh install). */
const migrations: Record<number, Migration> = {
  0: async () => {
    // Fresh install: nothing to convert; defaults are applied on read.
  },
  1: async (area) => {
    // Format 2 binds each account's managing key to its endpoint. Re-sealing needs the data key, which
    // only an unlock gives, so here the accounts are only marked; the unlock re-seals them. A damaged
    // accounts record or entry is left exactly as it is (it is reported as damaged on read).
    const { accounts } = await area.get('accounts');
    if (typeof accounts !== 'object' || accounts === null || Array.isArray(accounts)) return;
    const next: Record<string, unknown> = {};
    for (const [id, account] of Object.entries(accounts as Record<string, unknown>)) {
      next[id] = typeof account === 'object' && account !== null && !Array.isArray(account) ? { ...account, needsRebind: true } : account;
    }
    await area.set({ accounts: next });
  },
  // 2 → 3: each account's key cache, one item holding every key, becomes sorted shards (key-cache.ts), so
  // a create or delete no longer rewrites the whole list. A cache that does not parse is dropped: it is only
  // a copy of B2's list, and the next refresh fetches it again.
  2: async (area) => {
    const all = await area.get(null);
    for (const [key, value] of Object.entries(all)) {
      if (!key.startsWith('cache:')) continue;
      const accountId = key.slice('cache:'.length);
      const items = convertLegacyCache(accountId, value);
      // A converted cache the browser refuses to store (a full disk) is dropped as an unreadable one is: held up
      // here, every call would wait for this step, and the vault's applicationKeys could not even be read.
      if (items) await area.set(items).catch(() => undefined);
      await area.remove(legacyCacheKey(accountId));
    }
  },
};

export type MigrationResult = { readOnly: false; from: number; to: number } | { readOnly: true; reason: string; stored: number };

export async function migrate(area: StorageAreaLike, target = SCHEMA_VERSION, steps: Record<number, Migration> = migrations): Promise<MigrationResult> {
  const raw = (await area.get('schemaVersion')).schemaVersion;
  const stored = typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 ? raw : 0;
  if (stored > target) {
    return {
      readOnly: true,
      stored,
      reason: `Your saved data was written by a newer version of B2 Key Manager (format ${stored}; this version knows up to ${target}). Update the extension. Until then nothing can be changed, and nothing has been deleted.`,
    };
  }
  for (let v = stored; v < target; v++) {
    const step = steps[v];
    if (!step) throw new Error(`No migration from storage format ${v}`);
    await step(area);
    // Record progress after each step so a worker killed midway resumes from the right place.
    await area.set({ schemaVersion: v + 1 });
  }
  return { readOnly: false, from: stored, to: target };
}
