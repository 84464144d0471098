/**
 * The background entry's wiring in Node: index.ts loaded over a stand-in for the browser APIs (storage areas,
 * alarms, action, menus, runtime events), with fake timers. What a real browser does with them is tested in
 * Chromium and Firefox (test/e2e); here: which listener does what, the start-up chores, the badge and the gate
 * that keeps storage.local unread until its access level is set.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keyJson } from '../b2/test-support';
import { keyedDigest } from '../offscreen/clipboard-dom';
import { fakeB2 } from './test-support';

type Fn = (...a: never[]) => unknown;
let listeners: Record<string, Fn[]>;
let calls: unknown[];
let alarms: Map<string, { name: string; scheduledTime: number }>;
let local: FakeArea;
let session: FakeArea;
let openOptionsFails: boolean;
/** Optional APIs some Firefox builds lack; and the tabs `tabs.query` answers. */
let hasMenusAndCommands: boolean;
let noOptionsUi: boolean;
let activeTabs: { id: number }[];
let accessLevel: { resolve: () => void; reject: (e: unknown) => void; promise: Promise<void> };

class FakeArea {
  readonly data = new Map<string, unknown>();
  gets = 0;
  /** The item names of each set(), in order. */
  readonly sets: string[][] = [];
  readonly onChanged = event('session.onChanged');
  async get(keys?: string | string[] | null): Promise<Record<string, unknown>> {
    this.gets++;
    const wanted = keys == null ? [...this.data.keys()] : Array.isArray(keys) ? keys : [keys];
    const out: Record<string, unknown> = {};
    for (const k of wanted) if (this.data.has(k)) out[k] = structuredClone(this.data.get(k));
    return out;
  }
  async set(items: Record<string, unknown>): Promise<void> {
    this.sets.push(Object.keys(items));
    const changes: Record<string, { oldValue?: unknown; newValue?: unknown }> = {};
    for (const [k, v] of Object.entries(items)) {
      changes[k] = { oldValue: this.data.get(k), newValue: v };
      this.data.set(k, structuredClone(v));
    }
    if (this === session) fire('session.onChanged', changes);
  }
  async remove(keys: string | string[]): Promise<void> {
    const changes: Record<string, { oldValue?: unknown; newValue?: unknown }> = {};
    for (const k of Array.isArray(keys) ? keys : [keys]) {
      if (this.data.has(k)) changes[k] = { oldValue: this.data.get(k) };
      this.data.delete(k);
    }
    if (this === session) fire('session.onChanged', changes);
  }
}

function event(name: string) {
  return { addListener: (fn: Fn) => void (listeners[name] ??= []).push(fn) };
}
function fire(name: string, ...args: unknown[]): unknown[] {
  return (listeners[name] ?? []).map((fn) => (fn as (...a: unknown[]) => unknown)(...args));
}
const log = (name: string) => (...args: unknown[]) => void calls.push([name, ...args]);

vi.mock('webextension-polyfill', () => ({
  default: {
    runtime: {
      id: 'extid',
      getManifest: () => ({ name: 'B2 Key Manager', version: '1.2.3', ...(noOptionsUi ? {} : { options_ui: { page: 'src/options/options.html' } }) }),
      // An https base: Node's URL gives no origin for chrome-extension: (browsers do).
      getURL: (p: string) => `https://extid.example${p.startsWith('/') ? '' : '/'}${p}`,
      onMessage: event('runtime.onMessage'),
      onInstalled: event('runtime.onInstalled'),
      onStartup: event('runtime.onStartup'),
      onUpdateAvailable: event('runtime.onUpdateAvailable'),
      reload: () => void calls.push(['reload']),
      openOptionsPage: async () => {
        calls.push(['openOptionsPage']);
        if (openOptionsFails) throw new Error('no window');
      },
      getPlatformInfo: async () => (calls.push(['getPlatformInfo']), {}),
    },
    get storage() {
      return { local, session };
    },
    alarms: {
      get: async (name: string) => alarms.get(name),
      create: async (name: string, info: { when?: number; periodInMinutes?: number }) => {
        calls.push(['alarms.create', name, info]);
        alarms.set(name, { name, scheduledTime: info.when ?? 0 });
      },
      clear: async (name: string) => {
        calls.push(['alarms.clear', name]);
        return alarms.delete(name);
      },
      onAlarm: event('alarms.onAlarm'),
    },
    tabs: {
      create: async (o: unknown) => void calls.push(['tabs.create', o]),
      query: async (q: unknown) => (calls.push(['tabs.query', q]), activeTabs),
      get: async () => ({}),
    },
    action: {
      setBadgeBackgroundColor: async (o: unknown) => void calls.push(['badge.color', o]),
      setBadgeText: async (o: unknown) => void calls.push(['badge.text', o]),
      setTitle: async (o: unknown) => void calls.push(['badge.title', o]),
      openPopup: async () => void calls.push(['openPopup']),
    },
    get contextMenus() {
      return hasMenusAndCommands ? { removeAll: async () => void calls.push(['menus.removeAll']), create: log('menus.create'), onClicked: event('contextMenus.onClicked') } : undefined;
    },
    get commands() {
      return hasMenusAndCommands ? { onCommand: event('commands.onCommand') } : undefined;
    },
    idle: { onStateChanged: event('idle.onStateChanged'), setDetectionInterval: log('idle.setDetectionInterval') },
    scripting: { executeScript: async () => [] },
  },
}));

async function load(): Promise<void> {
  vi.resetModules();
  await import('./index');
}

const PAGE = { id: 'extid', url: 'https://extid.example/src/options/options.html' };
async function send(method: string, params: unknown = {}): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }> {
  const [reply] = fire('runtime.onMessage', { b2km: 1, method, params }, PAGE);
  return (await reply) as never;
}
const named = (name: string) => calls.filter((c) => (c as unknown[])[0] === name);

/** The offscreen document was asked to clear, once each, the copies with these SHA-256 digests (by their keyed form). */
async function expectClearsFor(digests: string[]): Promise<void> {
  const sent = named('offscreen.send').map((c) => (c as unknown[])[1] as { key: string; mac: string });
  expect(sent).toHaveLength(digests.length);
  for (const [i, message] of sent.entries()) {
    expect(message).toEqual({ b2kmOffscreen: 1, op: 'clearIfHolds', key: expect.stringMatching(/^[0-9a-f]{64}$/), mac: await keyedDigest(message.key, digests[i]!) });
  }
}

beforeEach(() => {
  listeners = {};
  calls = [];
  alarms = new Map();
  local = new FakeArea();
  session = new FakeArea();
  openOptionsFails = false;
  hasMenusAndCommands = true;
  noOptionsUi = false;
  activeTabs = [];
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  accessLevel = { resolve, reject, promise };
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(Date.UTC(2026, 11, 1, 9));
  vi.stubGlobal('__B2KM_BROWSER__', 'chrome');
  vi.stubGlobal('__B2KM_FLAVOR__', 'test');
  vi.stubGlobal('__B2KM_DEMO_ENDPOINT__', '');
  vi.stubGlobal('chrome', {
    runtime: {
      getURL: (p: string) => `https://extid.example/${p}`,
      getContexts: async () => [],
      sendMessage: async (m: unknown) => (calls.push(['offscreen.send', m]), 'cleared'),
    },
    offscreen: { createDocument: async () => undefined, closeDocument: async () => undefined },
    storage: {
      local: {
        setAccessLevel: (o: unknown) => {
          calls.push(['setAccessLevel', o]);
          return accessLevel.promise;
        },
      },
    },
  });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  delete (globalThis as { __b2kmTest?: unknown }).__b2kmTest;
});

describe('start-up', () => {
  it('closes storage.local to content scripts before anything reads it', async () => {
    await load();
    expect(calls[0]).toEqual(['setAccessLevel', { accessLevel: 'TRUSTED_CONTEXTS' }]);
    await vi.advanceTimersByTimeAsync(10);
    expect(local.gets).toBe(0);
    accessLevel.resolve();
    await vi.advanceTimersByTimeAsync(10);
    expect(local.gets).toBeGreaterThan(0);
  });

  it('a refused access level is logged and start-up goes on', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await load();
    accessLevel.reject(new TypeError('not supported'));
    expect((await send('getStatus')).ok).toBe(true);
    expect(errors).toHaveBeenCalledWith('b2km: storage.local access level not set', 'TypeError');
  });

  it('creates its alarms a moment after the start, only when missing', async () => {
    accessLevel.resolve();
    await load();
    await vi.advanceTimersByTimeAsync(499);
    expect(named('alarms.create')).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(named('alarms.create')).toEqual([['alarms.create', 'b2km-expiry-badge', { periodInMinutes: 30 }]]);
    await load();
    calls = [];
    await vi.advanceTimersByTimeAsync(500);
    expect(named('alarms.create')).toEqual([]);
  });

  it('the auto-lock alarm exists only while the vault is unlocked with a time limit', async () => {
    accessLevel.resolve();
    // Left by a version that kept it for ever: a start with no vault takes it away.
    alarms.set('b2km-auto-lock', { name: 'b2km-auto-lock', scheduledTime: 1 });
    await load();
    await vi.advanceTimersByTimeAsync(500);
    expect(alarms.has('b2km-auto-lock')).toBe(false);
    const autoLockCalls = () => calls.filter((c) => (c as unknown[])[1] === 'b2km-auto-lock');
    calls = [];
    await send('createVault', { passphrase: 'correct horse battery staple' });
    await vi.advanceTimersByTimeAsync(10);
    expect(autoLockCalls()).toEqual([['alarms.create', 'b2km-auto-lock', { periodInMinutes: 1 }]]);
    await send('lock');
    await vi.advanceTimersByTimeAsync(10);
    expect(alarms.has('b2km-auto-lock')).toBe(false);
    await send('unlock', { passphrase: 'correct horse battery staple' });
    await vi.advanceTimersByTimeAsync(10);
    expect(alarms.has('b2km-auto-lock')).toBe(true);
    await send('setSettings', { autoLock: { kind: 'browserClose' } });
    await vi.advanceTimersByTimeAsync(10);
    expect(alarms.has('b2km-auto-lock')).toBe(false);
    await send('setSettings', { autoLock: { kind: 'minutes', minutes: 5 } });
    await vi.advanceTimersByTimeAsync(10);
    expect(alarms.has('b2km-auto-lock')).toBe(true);
    // A start while unlocked keeps the one there (no second create); the alarm's own lock takes it away.
    await load();
    calls = [];
    await vi.advanceTimersByTimeAsync(500);
    expect(autoLockCalls()).toEqual([]);
    vi.setSystemTime(Date.now() + 6 * 60_000);
    fire('alarms.onAlarm', { name: 'b2km-auto-lock' });
    await vi.advanceTimersByTimeAsync(10);
    expect(session.data.has('dataKey')).toBe(false);
    expect(alarms.has('b2km-auto-lock')).toBe(false);
  });

  it('the test build exposes the menu’s action path', async () => {
    accessLevel.resolve();
    await load();
    const hook = (globalThis as { __b2kmTest?: { menuClick: unknown; rebuildMenus: () => Promise<void> } }).__b2kmTest;
    expect(typeof hook?.menuClick).toBe('function');
    await hook!.rebuildMenus();
    expect(named('menus.removeAll')).toHaveLength(1);
  });
});

describe('messages', () => {
  it('answers our envelopes only', async () => {
    accessLevel.resolve();
    await load();
    for (const m of [null, 'text', { method: 'getStatus' }, { b2km: 2, method: 'getStatus' }]) expect(fire('runtime.onMessage', m, PAGE)).toEqual([undefined]);
    const status = await send('getStatus');
    expect(status).toMatchObject({ ok: true, value: { name: 'B2 Key Manager', version: '1.2.3', browser: 'chrome', vault: 'uninitialized', demoEndpoint: null } });
    // Not from one of our pages: refused by the router.
    const [other] = fire('runtime.onMessage', { b2km: 1, method: 'getStatus', params: {} }, { id: 'someone-else', url: 'https://evil.example/' });
    expect(await other).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('a failure inside a handler is logged by its method name only', async () => {
    accessLevel.resolve();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await load();
    // Once the stored format was checked (a failure of that check has its own sentence: storage-upgrade-refused.test.ts).
    await send('getStatus');
    local.get = async () => {
      throw new RangeError('storage broke');
    };
    const reply = await send('getStatus');
    expect(reply).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(errors).toHaveBeenCalledWith('b2km: getStatus failed', 'RangeError');
  });
});

describe('install and browser start', () => {
  it('a fresh install opens the options page and draws the menus and the badge; an update only draws', async () => {
    accessLevel.resolve();
    await load();
    fire('runtime.onInstalled', { reason: 'install' });
    await vi.advanceTimersByTimeAsync(400);
    expect(named('openOptionsPage')).toHaveLength(1);
    expect(named('menus.removeAll')).toHaveLength(1);
    expect(named('badge.text')).toEqual([['badge.text', { text: '' }]]);
    expect(named('badge.title')).toEqual([['badge.title', { title: 'B2 Key Manager' }]]);
    expect(named('badge.color')).toEqual([['badge.color', { color: '#8a5300' }]]);
    expect(named('alarms.clear')).toEqual([['alarms.clear', 'b2km-expiry-badge-next']]);
    calls = [];
    fire('runtime.onInstalled', { reason: 'update' });
    await vi.advanceTimersByTimeAsync(400);
    expect(named('openOptionsPage')).toHaveLength(0);
    expect(named('menus.removeAll')).toHaveLength(1);
  });

  it('when the options page cannot open, a tab with it does', async () => {
    accessLevel.resolve();
    openOptionsFails = true;
    await load();
    fire('runtime.onInstalled', { reason: 'install' });
    await vi.advanceTimersByTimeAsync(10);
    expect(named('tabs.create')).toEqual([['tabs.create', { url: 'https://extid.example/src/options/options.html' }]]);
  });

  it('a manifest without options_ui: the tab opens the default options page', async () => {
    accessLevel.resolve();
    openOptionsFails = true;
    noOptionsUi = true;
    await load();
    fire('runtime.onInstalled', { reason: 'install' });
    await vi.advanceTimersByTimeAsync(10);
    expect(named('tabs.create')).toEqual([['tabs.create', { url: 'https://extid.example/src/options/index.html' }]]);
  });

  it('a browser start redraws', async () => {
    accessLevel.resolve();
    await load();
    fire('runtime.onStartup');
    await vi.advanceTimersByTimeAsync(400);
    expect(named('menus.removeAll')).toHaveLength(1);
    expect(named('badge.text')).toHaveLength(1);
  });
});

describe('the badge', () => {
  async function withExpiringKey() {
    accessLevel.resolve();
    await load();
    await send('createVault', { passphrase: 'correct horse battery staple' });
  }

  it('is redrawn by its alarms, once for several in a row, and not by other alarms', async () => {
    await withExpiringKey();
    await vi.advanceTimersByTimeAsync(1000);
    calls = [];
    fire('alarms.onAlarm', { name: 'some-other-alarm' });
    await vi.advanceTimersByTimeAsync(400);
    expect(named('badge.text')).toEqual([]);
    fire('alarms.onAlarm', { name: 'b2km-expiry-badge' });
    await vi.advanceTimersByTimeAsync(200);
    fire('alarms.onAlarm', { name: 'b2km-expiry-badge-next' });
    await vi.advanceTimersByTimeAsync(299);
    expect(named('badge.text')).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(named('badge.text')).toHaveLength(1);
  });

  it('is redrawn after writes of the settings, the accounts, the active account or a key list, not of other items', async () => {
    await withExpiringKey();
    await vi.advanceTimersByTimeAsync(1000);
    calls = [];
    await send('setSettings', { expiryWarningDays: 3 });
    await vi.advanceTimersByTimeAsync(400);
    expect(named('badge.text')).toHaveLength(1);
    // A write of where-used lists only: neither the badge nor the menus change.
    local.data.set('usage:acc1', { k1: { v: 1 } });
    calls = [];
    await send('clearKeyUsage');
    await vi.advanceTimersByTimeAsync(400);
    expect(local.data.has('usage:acc1')).toBe(false);
    expect([named('badge.text'), named('menus.removeAll')]).toEqual([[], []]);
  });

  it('a failed redraw is logged', async () => {
    accessLevel.resolve();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await load();
    await send('getStatus');
    local.get = async () => {
      throw new RangeError('storage broke');
    };
    fire('alarms.onAlarm', { name: 'b2km-expiry-badge' });
    await vi.advanceTimersByTimeAsync(400);
    expect(errors).toHaveBeenCalledWith('b2km: badge not updated', 'RangeError');
  });
});

describe('other events', () => {
  it('the screen lock locks the vault when the setting says so; other idle states do nothing', async () => {
    accessLevel.resolve();
    await load();
    await send('createVault', { passphrase: 'correct horse battery staple' });
    fire('idle.onStateChanged', 'idle');
    await vi.advanceTimersByTimeAsync(10);
    expect(((await send('getStatus')) as { value: { vault: string } }).value.vault).toBe('unlocked');
    await send('setSettings', { lockOnScreenLock: false });
    fire('idle.onStateChanged', 'locked');
    await vi.advanceTimersByTimeAsync(10);
    expect(((await send('getStatus')) as { value: { vault: string } }).value.vault).toBe('unlocked');
    await send('setSettings', { lockOnScreenLock: true });
    fire('idle.onStateChanged', 'locked');
    await vi.advanceTimersByTimeAsync(10);
    expect(((await send('getStatus')) as { value: { vault: string } }).value.vault).toBe('locked');
  });

  it('idle states: Chrome is told to report idle only after four hours; Firefox, which never reports a screen lock, is not listened to', async () => {
    accessLevel.resolve();
    await load();
    expect(listeners['idle.onStateChanged']).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(named('idle.setDetectionInterval')).toEqual([['idle.setDetectionInterval', 4 * 60 * 60]]);
    listeners = {};
    calls = [];
    vi.stubGlobal('__B2KM_BROWSER__', 'firefox');
    await load();
    await vi.advanceTimersByTimeAsync(500);
    expect(named('idle.setDetectionInterval')).toEqual([]);
    expect(listeners['idle.onStateChanged']).toBeUndefined();
    expect(listeners['runtime.onMessage']).toHaveLength(1);
  });

  it('the auto-lock alarm locks a vault idle for too long', async () => {
    accessLevel.resolve();
    await load();
    await send('createVault', { passphrase: 'correct horse battery staple' });
    vi.setSystemTime(Date.now() + 16 * 60_000);
    fire('alarms.onAlarm', { name: 'b2km-auto-lock' });
    await vi.advanceTimersByTimeAsync(10);
    expect(session.data.has('dataKey')).toBe(false);
  });

  it('the fill command: nothing without a tab; the popup when nothing was filled yet; other commands are ignored', async () => {
    accessLevel.resolve();
    await load();
    fire('commands.onCommand', 'fill-keyid', undefined);
    await vi.advanceTimersByTimeAsync(10);
    expect(named('openPopup')).toEqual([]);
    fire('commands.onCommand', 'other', { id: 3 });
    await vi.advanceTimersByTimeAsync(10);
    expect(named('openPopup')).toEqual([]);
    fire('commands.onCommand', 'fill-keyid', { id: 3 });
    await vi.advanceTimersByTimeAsync(10);
    expect(named('openPopup')).toEqual([['openPopup']]);
  });

  it('a change of the session (a lock) redraws the menus', async () => {
    accessLevel.resolve();
    await load();
    await send('createVault', { passphrase: 'correct horse battery staple' });
    await vi.advanceTimersByTimeAsync(1000);
    calls = [];
    await send('lock');
    await vi.advanceTimersByTimeAsync(400);
    expect(named('menus.removeAll')).toHaveLength(1);
  });

  it('a lock clears a copied secret still pending; so does its alarm once the time has come', async () => {
    accessLevel.resolve();
    await load();
    await send('createVault', { passphrase: 'correct horse battery staple' });
    const digest = 'a'.repeat(64);
    await send('secretCopied', { digest });
    expect(named('alarms.create').map((c) => (c as unknown[])[1])).toContain('b2km-clipboard-clear');
    await send('lock');
    await vi.advanceTimersByTimeAsync(10);
    await expectClearsFor([digest]);
    await send('unlock', { passphrase: 'correct horse battery staple' });
    const other = 'b'.repeat(64);
    await send('secretCopied', { digest: other });
    calls = [];
    // Unlocking again while unlocked writes the data key again: not a lock, nothing is cleared.
    await send('unlock', { passphrase: 'correct horse battery staple' });
    await vi.advanceTimersByTimeAsync(10);
    expect(named('offscreen.send')).toEqual([]);
    fire('alarms.onAlarm', { name: 'b2km-clipboard-clear' });
    await vi.advanceTimersByTimeAsync(10);
    expect(named('offscreen.send')).toEqual([]);
    vi.setSystemTime(Date.now() + 61_000);
    // Another alarm does not clear it.
    fire('alarms.onAlarm', { name: 'some-other-alarm' });
    await vi.advanceTimersByTimeAsync(10);
    expect(named('offscreen.send')).toEqual([]);
    fire('alarms.onAlarm', { name: 'b2km-clipboard-clear' });
    await vi.advanceTimersByTimeAsync(10);
    await expectClearsFor([other]);
  });

  /** A copy made, then the browser closed (storage.session and timers gone, storage.local kept) and started again. */
  async function copyThenRestart(digest: string): Promise<void> {
    accessLevel.resolve();
    await load();
    await send('createVault', { passphrase: 'correct horse battery staple' });
    await send('secretCopied', { digest });
    expect(local.data.has('clipboardClear')).toBe(true);
    vi.clearAllTimers();
    listeners = {};
    session = new FakeArea();
    calls = [];
    await load();
  }

  it('a copy pending when the browser closed is cleared when it starts again (runtime.onStartup), before its time', async () => {
    const digest = 'c'.repeat(64);
    await copyThenRestart(digest);
    fire('runtime.onStartup');
    await vi.advanceTimersByTimeAsync(10);
    await expectClearsFor([digest]);
    expect(local.data.has('clipboardClear')).toBe(false);
    // The start-up chore finds nothing left to do.
    await vi.advanceTimersByTimeAsync(1000);
    expect(named('offscreen.send')).toHaveLength(1);
  });

  it('…and by the start-up run of a background started without runtime.onStartup', async () => {
    const digest = 'd'.repeat(64);
    await copyThenRestart(digest);
    await vi.advanceTimersByTimeAsync(499);
    expect(named('offscreen.send')).toEqual([]);
    await vi.advanceTimersByTimeAsync(10);
    await expectClearsFor([digest]);
  });

  it('a menu click fills through the same path (here: no account, said on the badge of that tab)', async () => {
    accessLevel.resolve();
    await load();
    fire('contextMenus.onClicked', { menuItemId: 'keyId:k1', editable: true, modifiers: [] }, { id: 3 });
    // Filling's code is loaded on the first fill (a dynamic import: real time, not the fake timers').
    await vi.waitFor(() => expect(named('badge.text')).toEqual([['badge.text', { tabId: 3, text: '!' }]]));
  });

  it('keeps the worker alive while a call waits on B2, and stops after', async () => {
    let answer!: (r: Response) => void;
    vi.stubGlobal('fetch', () => new Promise<Response>((r) => (answer = r)));
    accessLevel.resolve();
    await load();
    await send('createVault', { passphrase: 'correct horse battery staple' });
    calls = [];
    const pending = send('addAccount', { applicationKeyId: '0123456789ab', applicationKey: 'K000secret-secret-secret-secret', endpoint: 'https://api.backblazeb2.com' });
    await vi.advanceTimersByTimeAsync(19_999);
    expect(named('getPlatformInfo')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(named('getPlatformInfo')).toHaveLength(1);
    // The B2 client's code is loaded on first contact (a dynamic import: real time, not the fake timers').
    await vi.waitFor(() => expect(answer).toBeTypeOf('function'));
    answer(new Response(JSON.stringify({ status: 401, code: 'unauthorized', message: '' }), { status: 401, headers: { 'Content-Type': 'application/json' } }));
    expect(await pending).toMatchObject({ ok: false });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(named('getPlatformInfo')).toHaveLength(1);
  });
});

/** A vault and an account over the in-process fake B2 (its first listing is empty). */
async function withAccount() {
  const b2 = fakeB2();
  vi.stubGlobal('fetch', b2.fetch);
  accessLevel.resolve();
  await load();
  await send('createVault', { passphrase: 'correct horse battery staple' });
  expect(await send('addAccount', { applicationKeyId: '0123456789ab', applicationKey: 'K000secret-secret-secret-secret', endpoint: 'https://api.backblazeb2.com' })).toMatchObject({ ok: true });
  await vi.advanceTimersByTimeAsync(1000);
  calls = [];
  b2.calls.length = 0;
  return b2;
}
describe('create checks', () => {
  const checkAlarms = () => named('alarms.create').filter((c) => (c as unknown[])[1] === 'b2km-create-check');

  it('a saved create is checked once B2 settled: an alarm for a stopped worker, and a timer while this one lives', async () => {
    const b2 = await withAccount();
    const start = Date.now();
    expect(await send('createKey', { keyName: 'reader', capabilities: ['readFiles'] })).toMatchObject({ ok: true });
    // A second create at the same moment settles at the same time: the alarm is not made again.
    expect(await send('createKey', { keyName: 'writer', capabilities: ['writeFiles'] })).toMatchObject({ ok: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(checkAlarms()).toEqual([['alarms.create', 'b2km-create-check', { when: start + 3_000 }]]);
    b2.calls.length = 0;
    // The timer fires 50 ms after the records settle, not before.
    await vi.advanceTimersByTimeAsync(3_049);
    expect(b2.calls).not.toContain('b2_list_keys');
    await vi.advanceTimersByTimeAsync(1);
    expect(b2.calls).toContain('b2_list_keys');
  });

  it('a later create does not put the nearer check off', async () => {
    const b2 = await withAccount();
    const start = Date.now();
    await send('createKey', { keyName: 'reader', capabilities: ['readFiles'] });
    await vi.advanceTimersByTimeAsync(1_000);
    await send('createKey', { keyName: 'writer', capabilities: ['writeFiles'] });
    await vi.advanceTimersByTimeAsync(0);
    expect(checkAlarms()).toEqual([['alarms.create', 'b2km-create-check', { when: start + 3_000 }]]);
    b2.calls.length = 0;
    await vi.advanceTimersByTimeAsync(start + 3_050 - Date.now());
    expect(b2.calls).toContain('b2_list_keys');
  });

  it('a check due sooner than the alarm set moves the alarm forward', async () => {
    const b2 = await withAccount();
    const start = Date.now();
    b2.creates.push(new TypeError('fetch failed'));
    await send('createKey', { keyName: 'reader', capabilities: ['readFiles'] });
    await send('createKey', { keyName: 'writer', capabilities: ['writeFiles'] });
    await vi.advanceTimersByTimeAsync(0);
    expect(checkAlarms()).toEqual([
      ['alarms.create', 'b2km-create-check', { when: start + 60_000 }],
      ['alarms.create', 'b2km-create-check', { when: start + 3_000 }],
    ]);
  });

  it('a check due in 30 s or more is left to the alarm; the alarm runs it', async () => {
    const b2 = await withAccount();
    const start = Date.now();
    b2.creates.push(new TypeError('fetch failed'));
    expect(await send('createKey', { keyName: 'reader', capabilities: ['readFiles'] })).toMatchObject({ ok: false, error: { code: 'AMBIGUOUS_CREATE' } });
    await vi.advanceTimersByTimeAsync(0);
    // The answer was lost: B2 may act on the request for a minute.
    expect(checkAlarms()).toEqual([['alarms.create', 'b2km-create-check', { when: start + 60_000 }]]);
    b2.calls.length = 0;
    await vi.advanceTimersByTimeAsync(61_000);
    expect(b2.calls).not.toContain('b2_list_keys');
    // Only its own alarm runs the check.
    fire('alarms.onAlarm', { name: 'some-other-alarm' });
    await vi.advanceTimersByTimeAsync(10);
    expect(b2.calls).not.toContain('b2_list_keys');
    fire('alarms.onAlarm', { name: 'b2km-create-check' });
    await vi.advanceTimersByTimeAsync(10);
    expect(b2.calls).toContain('b2_list_keys');
  });
});

describe('browsers and failures', () => {
  it('Firefox: storage.local’s access level is not asked for, and a copied secret is cleared without the offscreen document', async () => {
    vi.stubGlobal('__B2KM_BROWSER__', 'firefox');
    accessLevel.resolve();
    await load();
    expect(named('setAccessLevel')).toEqual([]);
    // Nothing waits for an access level there: storage is read at once.
    await vi.advanceTimersByTimeAsync(10);
    expect(local.gets).toBeGreaterThan(0);
    await send('createVault', { passphrase: 'correct horse battery staple' });
    await send('secretCopied', { digest: 'a'.repeat(64) });
    await send('lock');
    await vi.advanceTimersByTimeAsync(10);
    expect(named('offscreen.send')).toEqual([]);
  });

  it('Chrome without setAccessLevel starts all the same', async () => {
    vi.stubGlobal('chrome', { runtime: {}, storage: { local: {} } });
    await load();
    expect((await send('getStatus')).ok).toBe(true);
  });

  it('a refusal that is not an Error is logged by its type', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await load();
    accessLevel.reject('nope');
    await vi.advanceTimersByTimeAsync(10);
    expect(errors).toHaveBeenCalledWith('b2km: storage.local access level not set', 'string');
  });

  it('an auto-lock alarm that cannot be updated is logged', async () => {
    accessLevel.resolve();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const get = alarms.get.bind(alarms);
    alarms.get = (name: string) => {
      if (name === 'b2km-auto-lock') throw new RangeError('alarms broke');
      return get(name);
    };
    await load();
    await vi.advanceTimersByTimeAsync(500);
    expect(errors).toHaveBeenCalledWith('b2km: auto-lock alarm not updated', 'RangeError');
  });

  it('start-up chores and alarms whose storage reads fail are logged by name, never left as unhandled rejections', async () => {
    accessLevel.resolve();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    // Node's own objects (this project's src/ is typed for the browser, not for Node).
    const node = globalThis as unknown as { process: { on(ev: string, f: (e: unknown) => void): void; off(ev: string, f: (e: unknown) => void): void }; setImmediate(f: () => void): void };
    node.process.on('unhandledRejection', onUnhandled);
    try {
      // The vault is unlocked with a time limit, so the auto-lock check has settings and activity to read.
      await load();
      await send('createVault', { passphrase: 'correct horse battery staple' });
      await send('setSettings', { autoLock: { kind: 'minutes', minutes: 5 } });
      const broken = async () => {
        throw new RangeError('storage broke');
      };
      local.get = broken;
      session.get = broken;
      await load();
      await vi.advanceTimersByTimeAsync(500);
      fire('alarms.onAlarm', { name: 'b2km-auto-lock' });
      fire('alarms.onAlarm', { name: 'b2km-create-check' });
      await vi.advanceTimersByTimeAsync(10);
      // Node reports an unhandled rejection after the microtasks of the turn it happened in.
      await new Promise<void>((r) => node.setImmediate(r));
      expect(unhandled).toEqual([]);
      expect(errors).toHaveBeenCalledWith('b2km: auto-lock check failed', 'RangeError');
      const logged = errors.mock.calls.map((c) => c.join(' '));
      expect(logged.every((line) => !line.includes('storage broke') && !line.includes('correct horse'))).toBe(true);
    } finally {
      node.process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('the fill command after a fill', () => {
  it('fills the key filled last when it belongs to the active account, in the tab of the command or else the active one', async () => {
    accessLevel.resolve();
    await load();
    local.data.set('activeAccountId', 'acc1');
    local.data.set('lastFill', { accountId: 'acc2', applicationKeyId: 'k1' });
    fire('commands.onCommand', 'fill-keyid', { id: 3 });
    await vi.advanceTimersByTimeAsync(10);
    // Filled last for another account: the popup, where a key is picked.
    expect(named('openPopup')).toEqual([['openPopup']]);
    expect(named('badge.text')).toEqual([]);
    calls = [];
    local.data.set('lastFill', { accountId: 'acc1', applicationKeyId: 'k1' });
    fire('commands.onCommand', 'fill-keyid', { id: 3 });
    await vi.advanceTimersByTimeAsync(10);
    // The fill runs (and here fails: the account is not there), and says so on the badge of that tab.
    expect(named('openPopup')).toEqual([]);
    expect(named('badge.text')).toEqual([['badge.text', { tabId: 3, text: '!' }]]);
    expect(named('badge.title')).toEqual([['badge.title', { tabId: 3, title: 'B2 Key Manager: Add a Backblaze account on the options page first.' }]]);
    // Without a tab (a command from outside any tab): the active tab of the window last focused.
    calls = [];
    activeTabs = [{ id: 5 }];
    fire('commands.onCommand', 'fill-keyid', undefined);
    await vi.advanceTimersByTimeAsync(10);
    expect(named('tabs.query')).toEqual([['tabs.query', { active: true, lastFocusedWindow: true }]]);
    expect(named('badge.text')).toEqual([['badge.text', { tabId: 5, text: '!' }]]);
  });
});

describe('the badge with a key that expires', () => {
  it('is drawn from a refreshed list, and redrawn by an alarm at the time the key expires', async () => {
    const b2 = await withAccount();
    const expires = Date.now() + 2 * 86_400_000;
    b2.keys = [keyJson('k1', { keyName: 'soon', expirationTimestamp: expires })];
    expect(await send('refreshKeys', {})).toMatchObject({ ok: true });
    await vi.advanceTimersByTimeAsync(400);
    expect(named('badge.text')).toEqual([['badge.text', { text: '1' }]]);
    expect(named('alarms.create').filter((c) => (c as unknown[])[1] === 'b2km-expiry-badge-next')).toEqual([['alarms.create', 'b2km-expiry-badge-next', { when: expires + 1_000 }]]);
    expect(named('alarms.clear')).toEqual([]);
  });
});

describe('the badge and the accounts', () => {
  // Two accounts (the fake B2 has one account ID, so the second is the first's record under another one): each
  // of these writes names one item only, so each item name is what makes the badge count again.
  it('is redrawn after a write of the active account alone, and after a write of the accounts alone', async () => {
    await withAccount();
    const accounts = local.data.get('accounts') as Record<string, { accountId: string }>;
    const [first] = Object.keys(accounts);
    local.data.set('accounts', { ...accounts, other: { ...accounts[first!]!, accountId: 'other' } });
    local.sets.length = 0;
    expect(await send('setActiveAccount', { accountId: 'other' })).toMatchObject({ ok: true });
    await vi.advanceTimersByTimeAsync(400);
    expect(local.sets).toEqual([['activeAccountId']]);
    expect(named('badge.text')).toHaveLength(1);
    calls = [];
    local.sets.length = 0;
    // The first account added again at another endpoint: its record changes, the active account does not.
    expect(await send('addAccount', { applicationKeyId: '0123456789ab', applicationKey: 'K000secret-secret-secret-secret', endpoint: 'https://api002.backblazeb2.com' })).toMatchObject({ ok: true });
    await vi.advanceTimersByTimeAsync(400);
    expect(local.sets).toEqual([['accounts']]);
    expect(named('badge.text')).toHaveLength(1);
  });
});

describe('more of the start-up', () => {
  it('without context menus and commands (some Firefox builds) the rest starts', async () => {
    hasMenusAndCommands = false;
    accessLevel.resolve();
    await load();
    expect((await send('getStatus')).ok).toBe(true);
    expect(listeners['contextMenus.onClicked']).toBeUndefined();
    expect(listeners['runtime.onInstalled']).toHaveLength(1);
  });

  it('an update is applied at once when nothing is at stake, and waits for the alarm while a page of ours is open', async () => {
    accessLevel.resolve();
    await load();
    fire('runtime.onUpdateAvailable', { version: '1.2.4' });
    await vi.advanceTimersByTimeAsync(10);
    expect(named('reload')).toHaveLength(1);

    await load();
    const runtime = (globalThis as unknown as { chrome: { runtime: { getContexts: (f: { contextTypes: string[] }) => Promise<unknown[]> } } }).chrome.runtime;
    let pages: unknown[] = [{ contextType: 'TAB' }];
    runtime.getContexts = async (f) => (f.contextTypes.includes('TAB') ? pages : []);
    fire('runtime.onUpdateAvailable', { version: '1.2.4' });
    await vi.advanceTimersByTimeAsync(10);
    expect(named('reload')).toHaveLength(1);
    expect(alarms.has('b2km-update-waiting')).toBe(true);
    pages = [];
    fire('alarms.onAlarm', { name: 'b2km-update-waiting' });
    await vi.advanceTimersByTimeAsync(10);
    expect(named('reload')).toHaveLength(2);
    expect(alarms.has('b2km-update-waiting')).toBe(false);
  });

  it('only the test build exposes the menu’s action path', async () => {
    vi.stubGlobal('__B2KM_FLAVOR__', 'release');
    accessLevel.resolve();
    await load();
    expect((globalThis as { __b2kmTest?: unknown }).__b2kmTest).toBeUndefined();
  });

  it('a worker started after the auto-lock time locks the vault with its start-up chores', async () => {
    accessLevel.resolve();
    await load();
    await send('createVault', { passphrase: 'correct horse battery staple' });
    vi.setSystemTime(Date.now() + 16 * 60_000);
    await load();
    await vi.advanceTimersByTimeAsync(499);
    expect(session.data.has('dataKey')).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(session.data.has('dataKey')).toBe(false);
  });

  it('a worker started after a copied secret’s time clears it with its start-up chores', async () => {
    accessLevel.resolve();
    await load();
    await send('createVault', { passphrase: 'correct horse battery staple' });
    await send('secretCopied', { digest: 'a'.repeat(64) });
    vi.setSystemTime(Date.now() + 61_000);
    await load();
    calls = [];
    await vi.advanceTimersByTimeAsync(499);
    expect(named('offscreen.send')).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await expectClearsFor(['a'.repeat(64)]);
  });

  it('a create left in flight by a stopped worker is adopted at the next start, and its check scheduled', async () => {
    const b2 = await withAccount();
    b2.creates.push(() => new Promise<Response>(() => undefined));
    void send('createKey', { keyName: 'reader', capabilities: ['readFiles'] });
    await vi.advanceTimersByTimeAsync(10);
    await load();
    calls = [];
    await vi.advanceTimersByTimeAsync(500);
    expect(named('alarms.create').filter((c) => (c as unknown[])[1] === 'b2km-create-check')).toHaveLength(1);
  });
});

/**
 * The modules index.ts loads are loaded afresh by each test here (vi.resetModules), so their module-level tables
 * (menu ids, the storage items that do not touch the menus, badge colours, outcome words) are checked through it.
 */
describe('module-level tables, through a fresh load', () => {
  it('the menus carry our ids: a keyID entry per key, and an applicationKey entry per saved secret', async () => {
    await withAccount();
    expect(await send('createKey', { keyName: 'reader', capabilities: ['readFiles'] })).toMatchObject({ ok: true });
    calls = [];
    await send('lock');
    await send('unlock', { passphrase: 'correct horse battery staple' });
    await vi.advanceTimersByTimeAsync(400);
    const made = named('menus.create').map((c) => (c as [string, { id: string; parentId?: string }])[1]);
    expect(made.map((m) => [m.id, m.parentId])).toEqual([
      ['b2km-fill-keyid', undefined],
      ['keyId:k-reader', 'b2km-fill-keyid'],
      ['b2km-fill-secret', undefined],
      ['secret:k-reader', 'b2km-fill-secret'],
    ]);
  });

  it('activity stamps, tokens, the last fill, the unlock time, where-used lists and check outcomes do not redraw the menus', async () => {
    accessLevel.resolve();
    await load();
    await vi.advanceTimersByTimeAsync(1000);
    calls = [];
    const change = { newValue: 1 };
    fire('session.onChanged', { lastActivity: change, tokens: change, lastFill: change, unlockedAt: change, 'usage:a': change, 'checks:a': change });
    await vi.advanceTimersByTimeAsync(400);
    expect(named('menus.removeAll')).toEqual([]);
    fire('session.onChanged', { lastActivity: change, accounts: change });
    await vi.advanceTimersByTimeAsync(400);
    expect(named('menus.removeAll')).toHaveLength(1);
  });

  it('the badge is red once a key has expired', async () => {
    const b2 = await withAccount();
    b2.keys = [keyJson('k1', { keyName: 'old', expirationTimestamp: Date.now() - 1000 })];
    expect(await send('refreshKeys', {})).toMatchObject({ ok: true });
    await vi.advanceTimersByTimeAsync(400);
    expect(named('badge.color')).toEqual([['badge.color', { color: '#b3261e' }]]);
  });

  it('the hygiene report words each failed check', async () => {
    await withAccount();
    for (const name of ['a', 'b', 'c', 'd']) expect(await send('createKey', { keyName: name, capabilities: ['readFiles'] })).toMatchObject({ ok: true });
    local.data.set('checks:0123456789ab', {
      'k-a': { outcome: 'deleted', at: 1 },
      'k-b': { outcome: 'expired', at: 1 },
      'k-c': { outcome: 'mismatch', at: 1 },
      'k-d': { outcome: 'refused', at: 1 },
    });
    const report = (await send('hygieneReport')) as { value: { lines: { kind: string; keys: { applicationKeyId: string; detail?: string }[] }[] } };
    expect(report.value.lines.find((l) => l.kind === 'checkFailed')?.keys.map((k) => [k.applicationKeyId, k.detail])).toEqual([
      ['k-a', 'Last check: B2 no longer has this key.'],
      ['k-b', 'Last check: the key has expired.'],
      ['k-c', 'Last check: does not match the key B2 has.'],
      ['k-d', 'Last check: B2 refused it.'],
    ]);
  });
});
