import { describe, expect, it } from 'vitest';
import { MemoryArea, type StorageAreaLike } from './area';
import { keysMetaKey, legacyCacheKey } from './key-cache';
import { migrate } from './migrations';
import { SCHEMA_VERSION } from './schema';

/** Steps that only log that they ran, so a test sees which versions a migration went through. */
function loggingSteps(upTo: number): { steps: Record<number, (a: StorageAreaLike) => Promise<void>>; ran: number[] } {
  const ran: number[] = [];
  const steps: Record<number, (a: StorageAreaLike) => Promise<void>> = {};
  for (let v = 0; v < upTo; v++) {
    steps[v] = async () => {
      ran.push(v);
    };
  }
  return { steps, ran };
}

describe('migrate: the stored version', () => {
  it('a stored version that is not a whole non-negative number counts as a fresh install (every step runs)', async () => {
    for (const bad of [-1, 1.5, '2', null, true]) {
      const area = new MemoryArea();
      await area.set({ schemaVersion: bad });
      const { steps, ran } = loggingSteps(3);
      expect(await migrate(area, 3, steps)).toEqual({ readOnly: false, from: 0, to: 3 });
      expect(ran).toEqual([0, 1, 2]);
      expect((await area.get('schemaVersion')).schemaVersion).toBe(3);
    }
  });

  it('data at exactly this version is current: nothing runs, nothing is written, and it is not read-only', async () => {
    const area = new MemoryArea();
    await area.set({ schemaVersion: 3 });
    const writes: unknown[] = [];
    const set = area.set.bind(area);
    area.set = async (items) => {
      writes.push(items);
      return set(items);
    };
    const { steps, ran } = loggingSteps(3);
    expect(await migrate(area, 3, steps)).toEqual({ readOnly: false, from: 3, to: 3 });
    expect(ran).toEqual([]);
    expect(writes).toEqual([]);
  });

  it('one version ahead is read-only, and the reason names both versions and says nothing was deleted', async () => {
    const area = new MemoryArea();
    await area.set({ schemaVersion: 4 });
    const { steps, ran } = loggingSteps(3);
    const result = await migrate(area, 3, steps);
    expect(result).toMatchObject({ readOnly: true, stored: 4 });
    expect(result.readOnly && result.reason).toMatch(/newer version.*format 4.*up to 3.*Update the extension.*nothing has been deleted/s);
    expect(ran).toEqual([]);
  });

  it('a missing step stops the migration with an error and leaves the version at the last completed step', async () => {
    const area = new MemoryArea();
    await area.set({ schemaVersion: 0 });
    const { steps } = loggingSteps(3);
    delete steps[1];
    await expect(migrate(area, 3, steps)).rejects.toThrow('No migration from storage format 1');
    expect((await area.get('schemaVersion')).schemaVersion).toBe(1);
  });

  it('a step that fails midway leaves the version of the steps before it, so the next start resumes there', async () => {
    const area = new MemoryArea();
    const { steps } = loggingSteps(3);
    steps[2] = async () => {
      throw new Error('worker stopped');
    };
    await expect(migrate(area, 3, steps)).rejects.toThrow('worker stopped');
    expect((await area.get('schemaVersion')).schemaVersion).toBe(2);
  });
});

describe('migration 1 → 2 (accounts marked needsRebind)', () => {
  it('an accounts record that is null or an array is left exactly as it is', async () => {
    for (const wrong of [null, ['a', { accountId: 'a' }]]) {
      const area = new MemoryArea();
      await area.set({ schemaVersion: 1, accounts: wrong });
      await migrate(area);
      expect((await area.get('accounts')).accounts).toEqual(wrong);
    }
  });

  it('entries that are not objects (null, an array, a number) are kept as they are, never marked', async () => {
    const area = new MemoryArea();
    await area.set({ schemaVersion: 1, accounts: { n: null, arr: [1, 2], num: 7, ok: { accountId: 'ok' } } });
    await migrate(area);
    expect((await area.get('accounts')).accounts).toEqual({ n: null, arr: [1, 2], num: 7, ok: { accountId: 'ok', needsRebind: true } });
  });

  it('no accounts stored: nothing is written for them', async () => {
    const area = new MemoryArea();
    await area.set({ schemaVersion: 1 });
    await migrate(area);
    expect(Object.keys(await area.get(null)).sort()).toEqual(['schemaVersion']);
  });
});

describe('migration 2 → 3 (the key cache becomes shards)', () => {
  it('only items named cache:<accountId> are converted or removed; every other item is untouched', async () => {
    const area = new MemoryArea();
    const others = { 'secrets:acc': { k: 1 }, 'xcache:acc': 'keep', settings: { a: 1 }, 'notes:cache:acc': { n: 1 } };
    await area.set({ schemaVersion: 2, ...others, [legacyCacheKey('acc')]: { fetchedAt: 1, keys: [], buckets: [], lastError: null } });
    await migrate(area);
    const all = await area.get(null);
    expect(all).toMatchObject(others);
    expect(all[legacyCacheKey('acc')]).toBeUndefined();
    // The converted cache belongs to the account named after the prefix, not to one named "cache:acc".
    expect(all[keysMetaKey('acc')]).toMatchObject({ v: 2, count: 0, fetchedAt: 1 });
    expect(Object.keys(all).sort()).toEqual([...Object.keys(others), keysMetaKey('acc'), 'schemaVersion'].sort());
    expect(all.schemaVersion).toBe(SCHEMA_VERSION);
  });

  it('a converted cache the browser refuses to store is dropped, so the upgrade finishes and the rest stays (fault review 15)', async () => {
    const area = new MemoryArea();
    const others = { 'secrets:acc': { k: 1 }, settings: { a: 1 } };
    await area.set({ schemaVersion: 2, ...others, [legacyCacheKey('acc')]: { fetchedAt: 1, keys: [], buckets: [], lastError: null } });
    const set = area.set.bind(area);
    area.set = async (items) => {
      if (keysMetaKey('acc') in items) throw new Error('IO error: No space left on device');
      return set(items);
    };
    await expect(migrate(area)).resolves.toMatchObject({ readOnly: false, to: SCHEMA_VERSION });
    const all = await area.get(null);
    expect(Object.keys(all).sort()).toEqual([...Object.keys(others), 'schemaVersion'].sort());
    expect(all).toMatchObject({ ...others, schemaVersion: SCHEMA_VERSION });
  });
});
