/**
 * The vault methods and the rules createService wraps every method in (auto-lock first, activity, read-only,
 * keep-alive), through the service in Node with in-memory storage and no network: nothing here reaches B2.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { RpcError } from '../rpc/errors';
import type { MethodName, ParsedRequestOf, ReplyOf, SenderClass } from '../rpc/protocol';
import { LocalStore, MemoryArea } from '../storage';
import { createService, type Service } from './service';
import { Session } from './session';
import type { PendingClear } from './clipboard-schedule';
import { fixture } from './test-support';
import { changePassphrase } from '../vault';

const PASS = 'correct horse battery staple';
const MIN = 60_000;

let local: MemoryArea;
let sessionArea: MemoryArea;
let clock: number;
let keepAlive: { started: string[]; stopped: number };
let service: Service;

function makeService(): Service {
  return createService({
    store: new LocalStore(local),
    session: new Session(sessionArea),
    fetch: () => Promise.reject(new Error('no network in this test')),
    now: () => clock,
    manifest: { name: 'B2 Key Manager', version: '9.8.7' },
    browser: 'firefox',
    demoEndpoint: 'http://127.0.0.1:8787',
    keepAlive: () => {
      keepAlive.started.push('call');
      return () => void keepAlive.stopped++;
    },
  });
}

async function call<M extends MethodName>(m: M, params: ParsedRequestOf<M>, senderClass: SenderClass = 'page'): Promise<ReplyOf<M>> {
  const handler = service.handlers[m] as (p: ParsedRequestOf<M>, c: { sender: object; senderClass: SenderClass }) => Promise<ReplyOf<M>>;
  return handler(params, { sender: {}, senderClass });
}

async function callError(m: MethodName, params: unknown, senderClass: SenderClass = 'page'): Promise<RpcError> {
  try {
    await call(m, params as never, senderClass);
  } catch (e) {
    if (e instanceof RpcError) return e;
    throw e;
  }
  throw new Error(`${m} did not fail`);
}

const stamp = async () => (await sessionArea.get('lastActivity')).lastActivity as number | undefined;

beforeEach(() => {
  local = new MemoryArea();
  sessionArea = new MemoryArea();
  clock = Date.UTC(2026, 11, 1, 8);
  keepAlive = { started: [], stopped: 0 };
  service = makeService();
});

describe('status', () => {
  it('says what this build is and, before a vault exists, that there is none', async () => {
    expect(await call('getStatus', {})).toEqual({
      name: 'B2 Key Manager',
      version: '9.8.7',
      browser: 'firefox',
      vault: 'uninitialized',
      readOnly: false,
      readOnlyReason: null,
      activeAccountId: null,
      accountCount: 0,
      demoEndpoint: 'http://127.0.0.1:8787',
      autoLockAt: null,
    });
  });

  it('an unlocked vault reports when it will auto-lock; a locked one, or one locked only by closing the browser, does not', async () => {
    await call('createVault', { passphrase: PASS });
    await call('setSettings', { autoLock: { kind: 'minutes', minutes: 7 } });
    const unlocked = await call('getStatus', {});
    expect(unlocked.vault).toBe('unlocked');
    expect(unlocked.autoLockAt).toBe(clock + 7 * MIN);
    await call('setSettings', { autoLock: { kind: 'browserClose' } });
    expect((await call('getStatus', {})).autoLockAt).toBeNull();
    await call('setSettings', { autoLock: { kind: 'minutes', minutes: 7 } });
    await call('lock', {});
    const locked = await call('getStatus', {});
    expect(locked.vault).toBe('locked');
    expect(locked.autoLockAt).toBeNull();
  });

  it('a page’s script learns only whether the vault is set up and unlocked', async () => {
    await call('createVault', { passphrase: PASS });
    await local.set({ activeAccountId: 'acct-1' });
    const full = await call('getStatus', {});
    expect(full).toMatchObject({ activeAccountId: 'acct-1', demoEndpoint: 'http://127.0.0.1:8787' });
    expect(full.autoLockAt).not.toBeNull();
    const content = await call('getStatus', {}, 'content');
    expect(content).toEqual({ ...full, activeAccountId: null, accountCount: 0, readOnlyReason: null, demoEndpoint: null, autoLockAt: null });
    expect(content.vault).toBe('unlocked');
  });

  it('reports a newer version’s data as read-only with its reason', async () => {
    await local.set({ schemaVersion: 999 });
    const status = await call('getStatus', {});
    expect(status.readOnly).toBe(true);
    expect(status.readOnlyReason).toMatch(/newer version/);
  });
});

describe('createVault, unlock, changePassphrase', () => {
  it('refuses a weak passphrase with a sentence next to the field, and creates nothing', async () => {
    const e = await callError('createVault', { passphrase: 'password' });
    expect(e.code).toBe('WEAK_PASSPHRASE');
    expect(e.message).toMatch(/^This passphrase is too easy to guess\. \S/);
    expect(e.fields).toEqual({ passphrase: e.message });
    expect(local.data.has('vault')).toBe(false);
    expect(await sessionArea.get(null)).toEqual({});
  });

  it('creates the vault unlocked, with the clock as its first activity, and refuses a second one', async () => {
    const status = await call('createVault', { passphrase: PASS });
    expect(status.vault).toBe('unlocked');
    expect(await sessionArea.get(['unlockedAt', 'lastActivity'])).toEqual({ unlockedAt: clock, lastActivity: clock });
    const header = local.data.get('vault');
    const again = await callError('createVault', { passphrase: 'another good passphrase' });
    expect(again.code).toBe('VAULT_EXISTS');
    expect(again.message).toBe('A vault passphrase is already set. Unlock it, or change the passphrase in the settings.');
    expect(local.data.get('vault')).toBe(header);
  });

  it('unlock without a vault says to set one', async () => {
    const e = await callError('unlock', { passphrase: PASS });
    expect(e.code).toBe('NO_VAULT');
    expect(e.message).toMatch(/options page/);
  });

  it('unlocks with the right passphrase, stamping the unlock time', async () => {
    await call('createVault', { passphrase: PASS });
    await call('lock', {});
    expect(await sessionArea.get(null)).toEqual({});
    clock += 3 * MIN;
    const status = await call('unlock', { passphrase: PASS });
    expect(status.vault).toBe('unlocked');
    expect((await sessionArea.get('unlockedAt')).unlockedAt).toBe(clock);
  });

  it('changePassphrase refuses a weak new passphrase next to its field, and keeps the old one', async () => {
    await call('createVault', { passphrase: PASS });
    const header = local.data.get('vault');
    const e = await callError('changePassphrase', { oldPassphrase: PASS, newPassphrase: '12345678' });
    expect(e.code).toBe('WEAK_PASSPHRASE');
    expect(e.fields).toEqual({ newPassphrase: e.message });
    expect(local.data.get('vault')).toBe(header);
  });

  it('changePassphrase without a vault, and with a damaged header, says which', async () => {
    const none = await callError('changePassphrase', { oldPassphrase: PASS, newPassphrase: 'a new long passphrase' });
    expect(none.code).toBe('NO_VAULT');
    expect(none.message).toBe('No vault passphrase has been set yet.');
    await local.set({ vault: { v: 1, damaged: true } });
    const damaged = await callError('changePassphrase', { oldPassphrase: PASS, newPassphrase: 'a new long passphrase' });
    expect(damaged.code).toBe('INTERNAL');
    expect(damaged.message).toMatch(/damaged or from a newer version/);
    expect(await local.get('vault')).toEqual({ vault: { v: 1, damaged: true } });
  });

  it('a wrong old passphrase counts as a miss and changes nothing; the right one resets the count', async () => {
    await call('createVault', { passphrase: PASS });
    const header = local.data.get('vault');
    const e = await callError('changePassphrase', { oldPassphrase: 'not the passphrase', newPassphrase: 'a new long passphrase' });
    expect(e.code).toBe('WRONG_PASSPHRASE');
    expect(e.retryAfterSeconds).toBeUndefined();
    expect(local.data.get('vault')).toBe(header);
    expect((await sessionArea.get('unlockMisses')).unlockMisses).toEqual({ count: 1, lastMissAt: clock });
    await call('changePassphrase', { oldPassphrase: PASS, newPassphrase: 'a new long passphrase' });
    expect(local.data.get('vault')).not.toBe(header);
    expect(await sessionArea.get('unlockMisses')).toEqual({});
  });
});

describe('settings', () => {
  it('keeps the other settings when one is changed, and answers with all of them', async () => {
    const before = await call('getSettings', {});
    const after = await call('setSettings', { autoLock: { kind: 'minutes', minutes: 3 } });
    expect(after).toEqual({ ...before, autoLock: { kind: 'minutes', minutes: 3 } });
    expect(await call('getSettings', {})).toEqual(after);
  });

  it('stores an endpoint normalised, and refuses one that is not allowed with a sentence next to the field', async () => {
    expect((await call('setSettings', { endpoint: '  https://proxy.example/b2/  ' })).endpoint).toBe('https://proxy.example/b2');
    const e = await callError('setSettings', { endpoint: 'http://api.example.com' });
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.fields).toEqual({ endpoint: e.message });
    expect((await call('getSettings', {})).endpoint).toBe('https://proxy.example/b2');
  });
});

describe('the rules around every method', () => {
  it('auto-lock runs before the method: past the deadline, a call finds the vault locked', async () => {
    await call('createVault', { passphrase: PASS });
    await call('setSettings', { autoLock: { kind: 'minutes', minutes: 5 } });
    clock += 5 * MIN - 1;
    expect(await service.enforceAutoLock()).toBe(false);
    clock += 1;
    expect(await service.enforceAutoLock()).toBe(true);
    expect(await sessionArea.get(null)).toEqual({});
    // Already locked: nothing locked now.
    expect(await service.enforceAutoLock()).toBe(false);
  });

  it('a call from a page counts as use; polling the status, locking and a page’s script do not', async () => {
    await call('createVault', { passphrase: PASS });
    const created = clock;
    clock += 60_000;
    await call('getStatus', {});
    expect(await stamp()).toBe(created);
    await call('getSettings', {}, 'content');
    expect(await stamp()).toBe(created);
    await call('getSettings', {});
    expect(await stamp()).toBe(clock);
  });

  it('a call that only reads answers without waiting for its activity stamp, which is still written', async () => {
    await call('createVault', { passphrase: PASS });
    const created = clock;
    clock += 60_000;
    // The stamp's write hangs until released: listKeys (answered NO_ACCOUNT here) must not wait for it.
    let release: (() => void) | undefined;
    const set = sessionArea.set.bind(sessionArea);
    sessionArea.set = async (items) => {
      if ('lastActivity' in items) await new Promise<void>((r) => (release = r));
      return set(items);
    };
    expect((await callError('listKeys', {})).code).toBe('NO_ACCOUNT');
    expect(await stamp()).toBe(created);
    release!();
    await vi.waitFor(async () => expect(await stamp()).toBe(clock));
    release = undefined;
    // A call that changes something (or any other) waits for it, as before.
    clock += 60_000;
    let settled = false;
    const settings = call('getSettings', {}).then(() => (settled = true));
    await vi.waitFor(() => expect(release).toBeTypeOf('function'));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    release!();
    await settings;
    expect(await stamp()).toBe(clock);
  });

  it('a call while locked writes no activity', async () => {
    await call('createVault', { passphrase: PASS });
    await call('lock', {});
    clock += 60_000;
    await call('getSettings', {});
    expect(await sessionArea.get(null)).toEqual({});
  });

  it('keeps the worker alive for the length of each call, except the passive ones, also when the call fails', async () => {
    await call('getStatus', {});
    await call('lock', {});
    expect(keepAlive.started).toEqual([]);
    await call('getSettings', {});
    expect(keepAlive).toEqual({ started: ['call'], stopped: 1 });
    await callError('unlock', { passphrase: PASS });
    expect(keepAlive).toEqual({ started: ['call', 'call'], stopped: 2 });
  });

  it('with a newer version’s data, every call that changes something is refused before it runs; reading still works', async () => {
    await local.set({ schemaVersion: 999 });
    for (const [m, p] of [
      ['createVault', { passphrase: PASS }],
      ['setSettings', { autoLock: { kind: 'browserClose' } }],
      ['changePassphrase', { oldPassphrase: PASS, newPassphrase: 'a new long passphrase' }],
      ['removeAccount', { accountId: 'a' }],
      ['setActiveAccount', { accountId: 'a' }],
    ] as const) {
      const e = await callError(m, p);
      expect(e.code, m).toBe('READ_ONLY');
      expect(e.message, m).toMatch(/newer version/);
    }
    expect(local.data.has('vault')).toBe(false);
    expect((await call('getSettings', {})).autoLock).toBeDefined();
  });

  it('the read-only refusal comes first for every changing call, before B2 or the vault is asked anything', async () => {
    await call('createVault', { passphrase: PASS });
    await call('lock', {});
    await local.set({ schemaVersion: 999 });
    let fetched = 0;
    service = createService({ ...service.context.deps, store: new LocalStore(local), fetch: () => (fetched++, Promise.reject(new Error('offline'))) });
    const changing = ['createVault', 'changePassphrase', 'setSettings', 'addAccount', 'confirmAccountEndpoint', 'setActiveAccount', 'removeAccount', 'refreshKeys', 'createKey', 'deleteKey', 'saveSecret', 'dismissCreateCheck', 'importBackup', 'rotateKey', 'clearKeyUsage'] as const;
    for (const m of changing) {
      const e = await callError(m, {});
      expect(e.code, m).toBe('READ_ONLY');
      expect(e.message, m).toMatch(/newer version/);
    }
    expect(fetched).toBe(0);
    // Reading and locking are not refused.
    expect((await call('getStatus', {})).readOnly).toBe(true);
    expect((await callError('listKeys', {})).code).toBe('NO_ACCOUNT');
  });

  it('whatever a method throws reaches the page as an RpcError with a sentence', async () => {
    await local.set({ vault: { v: 99 } });
    const e = await callError('unlock', { passphrase: PASS });
    expect(e).toBeInstanceOf(RpcError);
    expect(e.code).toBe('READ_ONLY');
    expect(e.message).toMatch(/newer version of B2 Key Manager/);
    // Only a wrong passphrase counts against the guessing limit.
    expect(await sessionArea.get('unlockMisses')).toEqual({});
  });
});

describe('unlock with data from a newer version', () => {
  it('an old header still unlocks; its KDF upgrade is skipped, not attempted and refused', async () => {
    await call('createVault', { passphrase: PASS });
    const old = await changePassphrase(JSON.parse(local.data.get('vault')!), PASS, PASS, { iterations: 1000 });
    local.data.set('vault', JSON.stringify(old));
    await local.set({ schemaVersion: 999 });
    service = makeService();
    await call('lock', {});
    expect((await call('unlock', { passphrase: PASS })).vault).toBe('unlocked');
    expect(JSON.parse(local.data.get('vault')!)).toEqual(old);
  });
});

describe('after an unlock', () => {
  it('checks the create records at once (here: a record of an account no longer listed is dropped); other calls do not', async () => {
    await call('createVault', { passphrase: PASS });
    const record = {
      id: 'rec-1',
      accountId: 'acct-1',
      keyName: 'lost-answer',
      capabilities: ['readFiles'],
      bucketIds: null,
      namePrefix: null,
      validDurationInSeconds: null,
      startedAt: clock,
      workerId: 'a stopped worker',
      priorKeyIds: [],
      state: 'inFlight' as const,
      endedAt: null,
      savedKeyId: null,
      detail: null,
      resolution: null,
    };
    await service.context.store.write(async (tx) => tx.putCreateRecord(record));
    const state = async () => (await service.context.store.journal()).valid['rec-1']?.state;
    await call('getSettings', {});
    await call('lock', {});
    // Give any check a started call would have begun the time to write.
    for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
    expect(await state()).toBe('inFlight');
    await call('unlock', { passphrase: PASS });
    await vi.waitFor(async () => expect(await state()).toBeUndefined(), { timeout: 20_000 });
  });
});

describe('the service’s own helpers', () => {
  it('lock() locks, and expiryBadge() draws nothing without an account', async () => {
    await call('createVault', { passphrase: PASS });
    await service.lock();
    expect((await call('getStatus', {})).vault).toBe('locked');
    expect(await service.expiryBadge()).toEqual({ text: '', color: expect.any(String), title: 'B2 Key Manager', count: null, nextChangeAt: null });
  });
});

describe('a settings record with one field damaged at rest (a fault review’s case)', () => {
  async function chosen() {
    const scheduled: PendingClear[] = [];
    const f = await fixture({ clipboard: { schedule: (p) => void scheduled.push(p) } });
    await f.call('setSettings', { autoLock: { kind: 'minutes', minutes: 1 }, clipboardClearSeconds: 30, recordUsage: false, refreshAfterMinutes: null });
    const { settings } = (await f.local.get('settings')) as { settings: Record<string, unknown> };
    await f.local.set({ settings: { ...settings, expiryWarningDays: 0 } });
    return { f, scheduled };
  }

  it('still locks after the chosen minute and clears a copy after the chosen 30 s', async () => {
    const { f, scheduled } = await chosen();
    await f.call('secretCopied', { digest: 'a'.repeat(64) });
    expect(scheduled[0]!.clearAt! - f.clock.now).toBe(30_000);
    f.clock.now += 2 * 60_000;
    expect((await f.call('getStatus', {})).vault).toBe('locked');
  });

  it('shows the other choices as they were, and a save keeps them', async () => {
    const { f } = await chosen();
    expect(await f.call('getSettings', {})).toMatchObject({ autoLock: { kind: 'minutes', minutes: 1 }, recordUsage: false, refreshAfterMinutes: null });
    await f.call('setSettings', { expiryWarningDays: 7 });
    const { settings } = (await f.local.get('settings')) as { settings: Record<string, unknown> };
    expect(settings).toMatchObject({ autoLock: { kind: 'minutes', minutes: 1 }, clipboardClearSeconds: 30, recordUsage: false, refreshAfterMinutes: null, expiryWarningDays: 7 });
  });
});

/** storage.local whose writes of the vault header fail: `landed` ones are stored first (an error after commit). */
class VaultWritesFail extends MemoryArea {
  mode: 'ok' | 'refused' | 'landed' = 'ok';
  /** Reads of the header fail too, once a write of it has failed. */
  readsFail = false;
  private failed = false;
  override async set(items: Record<string, unknown>): Promise<void> {
    if (this.mode === 'ok' || !('vault' in items)) return super.set(items);
    if (this.mode === 'landed') await super.set(items);
    this.failed = true;
    throw new Error('IO error');
  }
  override async get(keys: string | string[] | null): Promise<Record<string, unknown>> {
    if (this.readsFail && this.failed && (keys === 'vault' || (Array.isArray(keys) && keys.includes('vault')))) throw new Error('IO error');
    return super.get(keys);
  }
}

describe('a passphrase change the browser reports as not stored', () => {
  let area: VaultWritesFail;
  beforeEach(async () => {
    area = new VaultWritesFail();
    local = area;
    service = makeService();
    await call('createVault', { passphrase: PASS });
  });
  const NEW = 'a new long passphrase for the vault';
  const opens = async (passphrase: string) => {
    await call('lock', {});
    return call('unlock', { passphrase }).then(
      () => true,
      () => false,
    );
  };

  it('is reported done when the new header is on disk after all: only the new passphrase opens the vault', async () => {
    area.mode = 'landed';
    await call('changePassphrase', { oldPassphrase: PASS, newPassphrase: NEW });
    area.mode = 'ok';
    expect(await opens(PASS)).toBe(false);
    expect(await opens(NEW)).toBe(true);
  });

  it('says the current passphrase still opens the vault when the old header is what is there', async () => {
    const before = area.data.get('vault');
    area.mode = 'refused';
    const e = await callError('changePassphrase', { oldPassphrase: PASS, newPassphrase: NEW });
    area.mode = 'ok';
    expect(e.code).toBe('INTERNAL');
    expect(e.message).toBe('The passphrase was not changed: the browser refused to store the new one (the disk may be full). Your current passphrase still opens the vault. Free some space, then try again.');
    expect(area.data.get('vault')).toBe(before);
    expect(await opens(PASS)).toBe(true);
  });

  it('says to keep both passphrases when the header cannot be read back', async () => {
    area.mode = 'landed';
    area.readsFail = true;
    const e = await callError('changePassphrase', { oldPassphrase: PASS, newPassphrase: NEW });
    area.mode = 'ok';
    expect(e.message).toMatch(/^The browser reported an error while storing the new passphrase, and this cannot tell whether it was stored\. Keep both passphrases/);
  });
});

describe('unlock under faults', () => {
  it('a lock that comes while the key is derived (screen lock, or Lock on another page) is not undone', async () => {
    await call('createVault', { passphrase: PASS });
    await call('lock', {});
    const unlocking = callError('unlock', { passphrase: PASS });
    // Past the header read, into PBKDF2.
    await new Promise((r) => setTimeout(r, 20));
    expect((await call('lock', {})).vault).toBe('locked');
    const e = await unlocking;
    expect(e.code).toBe('LOCKED');
    expect(e.message).toMatch(/^The vault was locked while it was being unlocked/);
    expect((await call('getStatus', {})).vault).toBe('locked');
    expect(await sessionArea.get('dataKey')).toEqual({});
    // The next unlock is not refused for the lock before it.
    expect((await call('unlock', { passphrase: PASS })).vault).toBe('unlocked');
  });

  it('a refused write of the upgraded KDF header leaves the unlock done', async () => {
    await call('createVault', { passphrase: PASS });
    const old = await changePassphrase(JSON.parse(local.data.get('vault')!), PASS, PASS, { iterations: 1000 });
    const area = new VaultWritesFail();
    area.data.set('vault', JSON.stringify(old));
    area.data.set('schemaVersion', local.data.get('schemaVersion')!);
    local = area;
    service = makeService();
    area.mode = 'refused';
    expect((await call('unlock', { passphrase: PASS })).vault).toBe('unlocked');
    expect(JSON.parse(area.data.get('vault')!)).toEqual(old);
  });
});
