import { describe, expect, it } from 'vitest';
import { MemoryArea } from './area';
import { DEFAULT_SETTINGS, JOURNAL_KEY, SCHEMA_VERSION, type CreateRecord } from './schema';
import { DamagedDataError, LocalStore, PENDING_REMOVALS_KEY, ReadOnlyError } from './store';

const SEALED = { v: 1 as const, iv: 'AAAAAAAAAAAAAAAA', ct: 'AAAAAAAAAAAAAAAAAAAAAA==' };
const secret = (keyName: string) => ({ sealed: SEALED, keyName, savedAt: 1 });
const BROKEN = { sealed: { v: 1, iv: 42 }, keyName: 'b', savedAt: 2 };

async function storeWith(items: Record<string, unknown>): Promise<{ area: MemoryArea; store: LocalStore }> {
  const area = new MemoryArea();
  await area.set({ schemaVersion: SCHEMA_VERSION, ...items });
  return { area, store: new LocalStore(area) };
}

const record = (id: string): CreateRecord => ({
  id,
  accountId: 'acct',
  keyName: 'k',
  capabilities: ['readFiles'],
  bucketIds: null,
  namePrefix: null,
  validDurationInSeconds: null,
  startedAt: 1,
  workerId: 'w',
  priorKeyIds: [],
  state: 'inFlight',
  endedAt: null,
  savedKeyId: null,
  detail: null,
  resolution: null,
});

describe('LocalStore: removing entries', () => {
  it('each drop removes only its own entry and leaves the others of the record', async () => {
    const { area, store } = await storeWith({});
    await store.write(async (tx) => {
      tx.putSecret('acct', 'a', secret('a'));
      tx.putSecret('acct', 'b', secret('b'));
      tx.flagLost('acct', 'a', { keyName: 'a', flaggedAt: 1, recordId: 'r' });
      tx.flagLost('acct', 'b', { keyName: 'b', flaggedAt: 1, recordId: 'r' });
      tx.putUsage('acct', 'a', SEALED);
      tx.putUsage('acct', 'b', SEALED);
      tx.putCheck('acct', 'a', { outcome: 'works', at: 1 });
      tx.putCheck('acct', 'b', { outcome: 'deleted', at: 2 });
      tx.putCreateRecord(record('r1'));
      tx.putCreateRecord(record('r2'));
    });
    await store.write(async (tx) => {
      tx.dropSecret('acct', 'a');
      tx.unflagLost('acct', 'a');
      tx.dropUsage('acct', 'a');
      tx.dropCheck('acct', 'a');
      tx.dropCreateRecord('r1');
    });
    expect(Object.keys(await store.secrets('acct'))).toEqual(['b']);
    expect(Object.keys(await store.lostKeys('acct'))).toEqual(['b']);
    expect(Object.keys((await store.usage('acct')).valid)).toEqual(['b']);
    expect(await store.secretChecks('acct')).toEqual({ b: { outcome: 'deleted', at: 2 } });
    expect(Object.keys((await store.journal()).valid)).toEqual(['r2']);
    expect(Object.keys((await area.get(JOURNAL_KEY))[JOURNAL_KEY] as object)).toEqual(['r2']);
  });

  it('a drop from a record that is not there writes nothing (no empty record outlives its account)', async () => {
    const { area, store } = await storeWith({});
    const before = [...area.data.keys()].sort();
    await store.write(async (tx) => {
      tx.dropSecret('acct', 'a');
      tx.unflagLost('acct', 'a');
      tx.dropUsage('acct', 'a');
      tx.dropCheck('acct', 'a');
    });
    expect([...area.data.keys()].sort()).toEqual(before);
    // Beside a put to the same record, the drop still applies.
    await store.write(async (tx) => {
      tx.putSecret('acct', 'b', secret('b'));
      tx.dropSecret('acct', 'a');
    });
    expect(Object.keys(await store.secrets('acct'))).toEqual(['b']);
  });

  it('dropAccount removes that account only', async () => {
    const { store } = await storeWith({});
    const account = (id: string) => ({ accountId: id, label: id, endpoint: 'https://e', managingKeyId: id, sealedKey: SEALED, capabilities: [], bucketRestriction: null, namePrefix: null, s3ApiUrl: null, addedAt: 1 });
    await store.write(async (tx) => {
      tx.putAccount(account('a'));
      tx.putAccount(account('b'));
    });
    await store.write(async (tx) => tx.dropAccount('a'));
    expect(Object.keys(await store.accounts())).toEqual(['b']);
  });
});

describe('LocalStore: reading', () => {
  it('items asked for in the same turn are read in one storage call, and a read after a write sees the write', async () => {
    const { area, store } = await storeWith({ activeAccountId: 'a', settings: { ...DEFAULT_SETTINGS, clipboardClearSeconds: 30 }, vault: 'v' });
    await store.init();
    const gets: unknown[] = [];
    const get = area.get.bind(area);
    area.get = (keys) => {
      gets.push(keys);
      return get(keys);
    };
    const [active, settings, vault] = await Promise.all([store.get('activeAccountId'), store.settings(), store.raw('vault')]);
    expect([active, settings.clipboardClearSeconds, vault]).toEqual(['a', 30, 'v']);
    expect(gets).toEqual([['activeAccountId', 'settings', 'vault']]);
    // Nothing is kept once the call is back: a change made behind the store's back is seen by the next read.
    await area.set({ activeAccountId: 'b' });
    expect(await store.get('activeAccountId')).toBe('b');
    await store.write(async (tx) => tx.set('activeAccountId', 'c'));
    expect(await store.get('activeAccountId')).toBe('c');
    // The first write of a background also asks whether an earlier one left removals to finish.
    expect(gets).toEqual([['activeAccountId', 'settings', 'vault'], ['activeAccountId'], PENDING_REMOVALS_KEY, ['activeAccountId']]);
  });

  it('secretKeyIds lists saved keyIDs, damaged ones included, and nothing for a record that is not one', async () => {
    const { area, store } = await storeWith({ 'secrets:acct': { a: secret('a'), b: BROKEN } });
    expect([...(await store.secretKeyIds('acct'))].sort()).toEqual(['a', 'b']);
    expect(await store.secretKeyIds('other')).toEqual(new Set());
    for (const wrong of [['a', 'b'], 'ab', null]) {
      await area.set({ 'secrets:acct': wrong });
      expect(await store.secretKeyIds('acct')).toEqual(new Set());
    }
  });

  it('hasAnyVaultData: a vault header (even unreadable), accounts or a secrets record count; nothing else does', async () => {
    expect(await (await storeWith({ settings: {}, 'keys:acct': {}, 'notes:acct': {}, 'xsecrets:a': {} })).store.hasAnyVaultData()).toBe(false);
    expect(await (await storeWith({ vault: 'unreadable' })).store.hasAnyVaultData()).toBe(true);
    expect(await (await storeWith({ accounts: {} })).store.hasAnyVaultData()).toBe(true);
    expect(await (await storeWith({ 'secrets:acct': {} })).store.hasAnyVaultData()).toBe(true);
  });

  it('itemKeys names every stored item; rawMany returns the asked items unvalidated', async () => {
    const { store } = await storeWith({ a: 1, b: 'x', c: [1] });
    expect((await store.itemKeys()).sort()).toEqual(['a', 'b', 'c', 'schemaVersion']);
    expect(await store.rawMany(['a', 'c', 'missing'])).toEqual({ a: 1, c: [1] });
  });

  it('lost keys, notes, checks and usage skip a damaged entry and keep the valid ones', async () => {
    const { store } = await storeWith({
      'lost:acct': { a: { keyName: 'a', flaggedAt: 1, recordId: 'r' }, b: { keyName: 7 } },
      'notes:acct': { a: { bucketKind: 'single' }, b: { bucketKind: 'many' } },
      'checks:acct': { a: { outcome: 'works', at: 1 }, b: { outcome: 'fine', at: 1 } },
      'usage:acct': { a: SEALED, b: { v: 9 } },
      [JOURNAL_KEY]: { r1: record('r1'), r2: { id: 'r2' } },
    });
    expect(await store.lostKeys('acct')).toEqual({ a: { keyName: 'a', flaggedAt: 1, recordId: 'r' } });
    expect(await store.keyNotes('acct')).toEqual({ a: { bucketKind: 'single' } });
    expect(await store.secretChecks('acct')).toEqual({ a: { outcome: 'works', at: 1 } });
    expect(await store.usage('acct')).toEqual({ valid: { a: SEALED }, damaged: ['b'], corrupt: false });
    expect(await store.usage('acct', ['b'])).toEqual({ valid: {}, damaged: ['b'], corrupt: false });
    expect(await store.journal()).toEqual({ valid: { r1: record('r1') }, damaged: ['r2'], corrupt: false });
  });

  it('stored settings win over the defaults, and a field not stored keeps its default', async () => {
    const { store } = await storeWith({ settings: { autoLock: { kind: 'browserClose' }, lockOnScreenLock: false, endpoint: 'https://e' } });
    const s = await store.settings();
    expect(s).toMatchObject({ autoLock: { kind: 'browserClose' }, lockOnScreenLock: false, endpoint: 'https://e', clipboardClearSeconds: 60 });
  });

  it('get reads an unparseable value as absent and a valid one as it is', async () => {
    const { area, store } = await storeWith({ activeAccountId: 42, lastFill: { accountId: 'a', applicationKeyId: 'k' } });
    expect(await store.get('activeAccountId')).toBeUndefined();
    expect(await store.get('lastFill')).toEqual({ accountId: 'a', applicationKeyId: 'k' });
    expect((await area.get('activeAccountId')).activeAccountId).toBe(42);
  });
});

describe('LocalStore: migrations and errors', () => {
  it('runs the migrations once, whatever is called first', async () => {
    const area = new MemoryArea();
    let reads = 0;
    const get = area.get.bind(area);
    area.get = async (keys) => {
      if (keys === 'schemaVersion') reads++;
      return get(keys);
    };
    const store = new LocalStore(area);
    await Promise.all([store.init(), store.raw('x'), store.settings(), store.write(async () => undefined), store.init()]);
    expect(reads).toBe(1);
  });

  it('a format check that failed (a storage call refused at start) is tried again by the next call, once', async () => {
    const area = new MemoryArea();
    const get = area.get.bind(area);
    let refuse = true;
    let checks = 0;
    area.get = async (keys) => {
      if (keys === 'schemaVersion') {
        checks++;
        if (refuse) throw new Error('storage refused');
      }
      return get(keys);
    };
    const store = new LocalStore(area);
    await expect(store.settings()).rejects.toThrow('storage refused');
    refuse = false;
    await store.write(async (tx) => tx.set('activeAccountId', 'a'));
    expect(await store.get('activeAccountId')).toBe('a');
    await Promise.all([store.init(), store.settings()]);
    expect(checks).toBe(2);
  });

  it('a current store is writable: readOnlyReason stays null', async () => {
    const { store } = await storeWith({});
    await store.init();
    expect(store.readOnlyReason).toBeNull();
    await store.write(async (tx) => tx.set('activeAccountId', 'a'));
    expect(await store.get('activeAccountId')).toBe('a');
  });

  it('the errors name themselves and say what happened', async () => {
    const { store: ro } = await storeWith({ schemaVersion: SCHEMA_VERSION + 1 });
    const refused = await ro.write(async () => undefined).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ReadOnlyError);
    expect((refused as ReadOnlyError).name).toBe('ReadOnlyError');
    expect((refused as ReadOnlyError).reason).toBe(ro.readOnlyReason);
    expect((refused as ReadOnlyError).message).toBe(ro.readOnlyReason);

    const { store } = await storeWith({ 'secrets:acct': 'junk' });
    const damaged = await store.write(async (tx) => tx.dropSecret('acct', 'a')).catch((e: unknown) => e);
    expect(damaged).toBeInstanceOf(DamagedDataError);
    expect(damaged).toMatchObject({ name: 'DamagedDataError', key: 'secrets:acct', message: 'Stored data "secrets:acct" is damaged; it was left as it is.' });
  });
});

describe('LocalStore: several changes to one item in one write (the last one wins)', () => {
  it('an item removed and then set again keeps the new value; set and then removed, it is gone', async () => {
    const { area, store } = await storeWith({ a: 'old', b: 'old' });
    await store.write(async (tx) => {
      tx.remove('a');
      tx.setItem('a', 'new');
      tx.setItem('b', 'new');
      tx.remove('b');
    });
    expect(await area.get(['a', 'b'])).toEqual({ a: 'new' });
  });

  it('entries added to a record removed in the same write start a new record', async () => {
    const { area, store } = await storeWith({ 'secrets:acc': { k1: secret('one') } });
    await store.write(async (tx) => {
      tx.remove('secrets:acc');
      tx.putSecret('acc', 'k2', secret('two'));
    });
    expect((await area.get('secrets:acc'))['secrets:acc']).toEqual({ k2: secret('two') });
  });

  it('entries changed and then the record removed: the record is gone', async () => {
    const { area, store } = await storeWith({ 'secrets:acc': { k1: secret('one') } });
    await store.write(async (tx) => {
      tx.putSecret('acc', 'k2', secret('two'));
      tx.remove('secrets:acc');
    });
    expect(await area.get('secrets:acc')).toEqual({});
  });

  it('entries changed in a record set in the same write apply to that record', async () => {
    const { area, store } = await storeWith({ 'secrets:acc': { k1: secret('one') } });
    await store.write(async (tx) => {
      tx.setItem('secrets:acc', { k3: secret('three') });
      tx.putSecret('acc', 'k2', secret('two'));
    });
    expect((await area.get('secrets:acc'))['secrets:acc']).toEqual({ k3: secret('three'), k2: secret('two') });
  });
});
