import { describe, expect, it, vi } from 'vitest';
import { MemoryArea, type StorageAreaLike } from './area';
import { migrate } from './migrations';
import { WriteQueue } from './queue';
import { SCHEMA_VERSION } from './schema';
import { DamagedDataError, LocalStore, ReadOnlyError } from './store';

const SEALED = { v: 1 as const, iv: 'AAAAAAAAAAAAAAAA', ct: 'AAAAAAAAAAAAAAAAAAAAAA==' };

describe('WriteQueue', () => {
  it('runs tasks one at a time, in order, and survives a failing task', async () => {
    const q = new WriteQueue();
    const log: string[] = [];
    const task = (name: string, ms: number, fail = false) => () =>
      new Promise<string>((ok, no) => {
        log.push(`start ${name}`);
        setTimeout(() => {
          log.push(`end ${name}`);
          if (fail) no(new Error(name));
          else ok(name);
        }, ms);
      });
    const results = await Promise.allSettled([q.run(task('a', 20)), q.run(task('b', 1, true)), q.run(task('c', 5))]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});

describe('migrate', () => {
  it('stamps a fresh install with the current version', async () => {
    const area = new MemoryArea();
    expect(await migrate(area)).toEqual({ readOnly: false, from: 0, to: SCHEMA_VERSION });
    expect((await area.get('schemaVersion')).schemaVersion).toBe(SCHEMA_VERSION);
  });
  it('runs each step in order and records progress', async () => {
    const area = new MemoryArea();
    await area.set({ schemaVersion: 1, old: 'x' });
    const seen: number[] = [];
    const steps = {
      1: async (a: StorageAreaLike) => {
        seen.push(1);
        await a.set({ renamed: (await a.get('old')).old });
      },
      2: async () => {
        seen.push(2);
      },
    };
    expect(await migrate(area, 3, steps)).toEqual({ readOnly: false, from: 1, to: 3 });
    expect(seen).toEqual([1, 2]);
    expect(await area.get(null)).toMatchObject({ schemaVersion: 3, renamed: 'x' });
  });
  it('goes read-only on data from a newer version and changes nothing', async () => {
    const area = new MemoryArea();
    await area.set({ schemaVersion: SCHEMA_VERSION + 1, accounts: { a: 1 } });
    const before = JSON.stringify([...area.data]);
    const result = await migrate(area);
    expect(result.readOnly).toBe(true);
    expect(JSON.stringify([...area.data])).toBe(before);
  });
});

describe('LocalStore', () => {
  it('tells its watchers the names each write set or removed, after the write landed; a failing watcher fails nothing', async () => {
    const area = new MemoryArea();
    const store = new LocalStore(area);
    const seen: string[][] = [];
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    store.onWritten(() => {
      throw new Error('watcher broke');
    });
    store.onWritten((keys) => seen.push([...keys].sort()));
    await store.write(async (tx) => {
      tx.set('activeAccountId', 'a1');
      tx.setItem('keys:a1', { x: 1 });
    });
    await store.write(async (tx) => tx.remove('keys:a1'));
    // A write that changes nothing tells nobody.
    await store.write(async () => undefined);
    await new Promise((r) => setTimeout(r, 0));
    expect(seen).toEqual([['activeAccountId', 'keys:a1'], ['keys:a1']]);
    expect((await area.get('activeAccountId')).activeAccountId).toBe('a1');
    expect(logged).toHaveBeenCalledWith('b2km: a storage watcher failed', 'Error');
    logged.mockRestore();
  });

  it('concurrent read-modify-write updates are all kept', async () => {
    const store = new LocalStore(new MemoryArea());
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store.write(async (tx) => {
          const secrets = await store.secrets('acct');
          await new Promise((r) => setTimeout(r, Math.random() * 3));
          // A read-modify-write of the whole record, the pattern the queue exists for.
          tx.setItem('list:acct', [...Object.keys(secrets), `k${i}`]);
          tx.putSecret('acct', `k${i}`, { sealed: SEALED, keyName: `n${i}`, savedAt: i });
        }),
      ),
    );
    expect(Object.keys(await store.secrets('acct'))).toHaveLength(50);
    expect((await store.raw('list:acct')) as string[]).toHaveLength(50);
  });

  it('secretIndexOf reads the asked keyIDs only: a damaged entry elsewhere is not reported, one asked for is', async () => {
    const area = new MemoryArea();
    const good = { sealed: SEALED, keyName: 'a', savedAt: 1 };
    await area.set({ schemaVersion: SCHEMA_VERSION, 'secrets:acct': { a: good, b: { sealed: { v: 1, iv: 42 }, keyName: 'b', savedAt: 2 }, c: good } });
    const store = new LocalStore(area);
    expect(await store.secretIndexOf('acct', ['a', 'x'])).toEqual({ valid: { a: good }, damaged: [], corrupt: false });
    expect(await store.secretIndexOf('acct', ['b', 'c'])).toEqual({ valid: { c: good }, damaged: ['b'], corrupt: false });
    // An inherited name is not an entry.
    expect(await store.secretIndexOf('acct', ['toString'])).toEqual({ valid: {}, damaged: [], corrupt: false });
    await area.set({ 'secrets:acct': 'not a record' });
    expect(await store.secretIndexOf('acct', ['a'])).toEqual({ valid: {}, damaged: [], corrupt: true });
  });

  it('one damaged secret hides nothing else, and a write keeps it as it was', async () => {
    const area = new MemoryArea();
    await area.set({ schemaVersion: SCHEMA_VERSION, 'secrets:acct': { a: { sealed: SEALED, keyName: 'a', savedAt: 1 }, b: { sealed: { v: 1, iv: 42 }, keyName: 'b', savedAt: 2 } } });
    const store = new LocalStore(area);
    expect(await store.secretIndex('acct')).toEqual({ valid: { a: { sealed: SEALED, keyName: 'a', savedAt: 1 } }, damaged: ['b'], corrupt: false });
    await store.write(async (tx) => tx.putSecret('acct', 'c', { sealed: SEALED, keyName: 'c', savedAt: 3 }));
    const raw = (await area.get('secrets:acct'))['secrets:acct'] as Record<string, unknown>;
    expect(Object.keys(raw).sort()).toEqual(['a', 'b', 'c']);
    expect(raw.b).toEqual({ sealed: { v: 1, iv: 42 }, keyName: 'b', savedAt: 2 });
  });

  it('refuses to write into a record it cannot read as one', async () => {
    const area = new MemoryArea();
    await area.set({ schemaVersion: SCHEMA_VERSION, accounts: 'garbage' });
    const store = new LocalStore(area);
    await expect(store.write(async (tx) => tx.dropAccount('x'))).rejects.toBeInstanceOf(DamagedDataError);
    expect((await area.get('accounts')).accounts).toBe('garbage');
  });

  it('refuses writes when read-only, with the reason, and keeps the data', async () => {
    const area = new MemoryArea();
    await area.set({ schemaVersion: 99, activeAccountId: 'a' });
    const store = new LocalStore(area);
    await expect(store.write(async (tx) => tx.set('activeAccountId', 'b'))).rejects.toBeInstanceOf(ReadOnlyError);
    expect(store.readOnlyReason).toMatch(/newer version/);
    expect(await store.get('activeAccountId')).toBe('a');
  });

  it('reads an unparseable value as absent without overwriting it', async () => {
    const area = new MemoryArea();
    await area.set({ schemaVersion: SCHEMA_VERSION, accounts: 'garbage' });
    const store = new LocalStore(area);
    expect(await store.accounts()).toEqual({});
    expect((await area.get('accounts')).accounts).toBe('garbage');
  });

  it('fills settings defaults', async () => {
    const store = new LocalStore(new MemoryArea());
    expect((await store.settings()).autoLock).toEqual({ kind: 'minutes', minutes: 15 });
  });

  it('a secrets record of the wrong type is corrupt, never "nothing saved", and is never overwritten', async () => {
    for (const wrong of ['a string', 42, ['a', 'b'], true, null]) {
      const area = new MemoryArea();
      await area.set({ schemaVersion: SCHEMA_VERSION, 'secrets:acct': wrong });
      const store = new LocalStore(area);
      expect(await store.secretIndex('acct')).toEqual({ valid: {}, damaged: [], corrupt: true });
      await expect(store.write(async (tx) => tx.putSecret('acct', 'k', { sealed: SEALED, keyName: 'k', savedAt: 1 }))).rejects.toBeInstanceOf(DamagedDataError);
      expect((await area.get('secrets:acct'))['secrets:acct']).toEqual(wrong);
    }
  });

  it('an absent secrets record is simply empty, not corrupt', async () => {
    const store = new LocalStore(new MemoryArea());
    expect(await store.secretIndex('acct')).toEqual({ valid: {}, damaged: [], corrupt: false });
  });

  it('reports a wrong-typed accounts record as corrupt and a wrong-shaped entry as damaged', async () => {
    const area = new MemoryArea();
    await area.set({ schemaVersion: SCHEMA_VERSION, accounts: 'garbage' });
    expect(await new LocalStore(area).accountIndex()).toMatchObject({ valid: {}, corrupt: true });
    const area2 = new MemoryArea();
    await area2.set({ schemaVersion: SCHEMA_VERSION, accounts: { good: account('good'), bad: { ...account('bad'), endpoint: 7 } } });
    const read = await new LocalStore(area2).accountIndex();
    expect(Object.keys(read.valid)).toEqual(['good']);
    expect(read.damaged).toEqual(['bad']);
  });
});

const account = (id: string) => ({
  accountId: id,
  label: id,
  endpoint: 'https://api.backblazeb2.com',
  managingKeyId: id,
  sealedKey: SEALED,
  capabilities: [],
  bucketRestriction: null,
  namePrefix: null,
  s3ApiUrl: null,
  addedAt: 1,
});

describe('migration to format 2 (managing key bound to its endpoint)', () => {
  it('marks every stored account needsRebind, keeps everything else, and leaves damage alone', async () => {
    const area = new MemoryArea();
    await area.set({ schemaVersion: 1, accounts: { a: account('a'), broken: 'not an account' }, activeAccountId: 'a' });
    const store = new LocalStore(area);
    await store.init();
    const raw = (await area.get('accounts')).accounts as Record<string, unknown>;
    expect(raw.a).toEqual({ ...account('a'), needsRebind: true });
    expect(raw.broken).toBe('not an account');
    expect((await area.get('schemaVersion')).schemaVersion).toBe(SCHEMA_VERSION);
    expect((await store.accounts()).a?.needsRebind).toBe(true);
  });

  it('a wrong-typed accounts record survives the migration untouched', async () => {
    const area = new MemoryArea();
    await area.set({ schemaVersion: 1, accounts: 'garbage' });
    await new LocalStore(area).init();
    expect((await area.get('accounts')).accounts).toBe('garbage');
  });

  it('a fresh install is never marked', async () => {
    const area = new MemoryArea();
    await new LocalStore(area).init();
    expect((await area.get('accounts')).accounts).toBeUndefined();
  });
});
