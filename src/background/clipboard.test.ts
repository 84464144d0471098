/**
 * The background's clipboard guard with the service's secretCopied method, on in-memory storage, a fake
 * clipboard (it clears only on a match, as the offscreen document does) and fake timers.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sha256Hex } from '../common/digest';
import type { ClearOutcome, ClipboardMatch } from '../offscreen/clipboard-dom';
import { LocalStore, MemoryArea } from '../storage';
import { CLIPBOARD_ALARM, CLIPBOARD_ITEM, ClearNotRecorded, ClipboardGuard, offscreenAccess, type ClipboardAccess } from './clipboard';
import { MAX_FAILED_CHECKS, RETRY_AFTER_MS } from './clipboard-schedule';
import { createService, type Service } from './service';
import { Session } from './session';

const T = Date.UTC(2026, 10, 30, 10);
const RAW_KEY = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
const SECRET = 'K005secretsecretsecretsecret';
/** storage.local: what survives the browser closing. */
let localArea: MemoryArea;
let sessionArea: MemoryArea;
let session: Session;
let board: string;
/** Digests of every text a test puts on the board, computed up front so the fake clipboard answers at once. */
const digests = new Map<string, string>();
/**
 * The text each stored record was made for, by key and mac, taken from storage.local right after the copy: the fake
 * clipboard then answers without WebCrypto, whose promises would not settle inside the fake timers' steps. That
 * the mac is the HMAC of the text's digest is checked in clipboard-schedule.test.ts and offscreen/clipboard-dom.test.ts.
 */
const recorded = new Map<string, string>();
let checks: number;
let alarms: Map<string, number>;
let guard: ClipboardGuard;
let service: Service;

function boardHolds({ key, mac }: ClipboardMatch): boolean {
  const text = recorded.get(`${key} ${mac}`);
  return text !== undefined && text === board;
}

const fakeClipboard: ClipboardAccess = {
  async clearIfHolds(match): Promise<ClearOutcome> {
    checks++;
    if (!boardHolds(match)) return 'changed';
    board = '';
    return 'cleared';
  },
};

const failingClipboard: ClipboardAccess = {
  clearIfHolds: async () => {
    checks++;
    throw new Error('no offscreen document');
  },
};

const alarmsFake = { create: (name: string, { when }: { when: number }) => void alarms.set(name, when), clear: (name: string) => alarms.delete(name) };

function makeGuard(access: ClipboardAccess = fakeClipboard, over: { session?: Session } = {}): ClipboardGuard {
  return new ClipboardGuard({ session: over.session ?? session, local: localArea, now: () => Date.now(), alarms: alarmsFake, access });
}

function makeService(g: ClipboardGuard | undefined, s: Session = session): Service {
  return createService({
    store: new LocalStore(localArea),
    session: s,
    fetch: () => Promise.reject(new Error('offline')),
    now: () => Date.now(),
    manifest: { name: 'B2 Key Manager', version: '0' },
    browser: 'chrome',
    demoEndpoint: null,
    clipboard: g,
  });
}

async function copied(text: string, via: Service = service): Promise<void> {
  digests.set(text, await sha256Hex(text));
  board = text;
  const handler = via.handlers.secretCopied as (p: { digest: string }, c: { sender: object; senderClass: 'page' }) => Promise<object>;
  await handler({ digest: digests.get(text)! }, { sender: {}, senderClass: 'page' });
  const stored = await record();
  if (typeof stored?.key === 'string' && typeof stored.mac === 'string') recorded.set(`${stored.key} ${stored.mac}`, text);
}

const record = async () => (await localArea.get(CLIPBOARD_ITEM))[CLIPBOARD_ITEM] as Record<string, unknown> | undefined;

/** The browser closes and starts again: storage.session and every timer are gone; storage.local and the OS clipboard are not. */
function browserRestart(access: ClipboardAccess = fakeClipboard): { guard: ClipboardGuard; session: Session } {
  // Fake timers' clearAllTimers also puts their clock back to where it started; the restart keeps the time.
  const now = Date.now();
  vi.clearAllTimers();
  vi.setSystemTime(now);
  const fresh = new Session(new MemoryArea());
  return { guard: makeGuard(access, { session: fresh }), session: fresh };
}

beforeEach(async () => {
  vi.useFakeTimers({ now: T, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  localArea = new MemoryArea();
  sessionArea = new MemoryArea();
  session = new Session(sessionArea);
  // A secret is copied only while the vault is unlocked.
  await session.unlocked(RAW_KEY, T);
  board = '';
  checks = 0;
  alarms = new Map();
  guard = makeGuard();
  service = makeService(guard);
});
afterEach(() => vi.useRealTimers());

describe('clipboard guard', () => {
  it('clears after the default minute, not before; sets a backstop alarm; forgets the copy after', async () => {
    await copied(SECRET);
    expect(alarms.get(CLIPBOARD_ALARM)).toBe(T + 60_000);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(board).toBe(SECRET);
    await vi.advanceTimersByTimeAsync(1);
    expect(board).toBe('');
    expect(await record()).toBeUndefined();
    expect(alarms.has(CLIPBOARD_ALARM)).toBe(false);
  });

  it('clears when its timer fires, although the wall clock was set back since the copy by less than the time since', async () => {
    await copied(SECRET);
    await vi.advanceTimersByTimeAsync(30_000);
    // Set back 20 s, 30 s after the copy: the wall clock says 10 s have passed, the timer counts 30.
    vi.setSystemTime(Date.now() - 20_000);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(board).toBe(SECRET);
    await vi.advanceTimersByTimeAsync(1);
    expect(board).toBe('');
    expect(await record()).toBeUndefined();
  });

  it('keeps in storage.local a keyed digest and the time only: not the secret, not its plain SHA-256; nothing in the session', async () => {
    await copied(SECRET);
    const stored = await record();
    expect(Object.keys(stored ?? {}).sort()).toEqual(['clearAt', 'copiedAt', 'failures', 'key', 'mac', 'retryAt', 'v']);
    expect(stored?.clearAt).toBe(T + 60_000);
    const dump = JSON.stringify(await localArea.get(null)).toLowerCase();
    const hex = Array.from(new TextEncoder().encode(SECRET), (b) => b.toString(16).padStart(2, '0')).join('');
    for (const form of [SECRET, hex, btoa(SECRET).slice(0, 24), digests.get(SECRET)!]) expect(dump).not.toContain(form.toLowerCase());
    expect(Object.keys(await sessionArea.get(null))).not.toContain(CLIPBOARD_ITEM);
    // A fresh key each copy: copying the same text again stores another mac.
    await copied(SECRET);
    expect((await record())?.mac).not.toBe(stored?.mac);
  });

  it('leaves something copied since alone, and forgets the copy', async () => {
    await copied(SECRET);
    board = 'a shopping list';
    await vi.advanceTimersByTimeAsync(60_000);
    expect(board).toBe('a shopping list');
    expect(await record()).toBeUndefined();
  });

  it('a newer copy restarts the wait; the first copy’s timer does not clear it early', async () => {
    await copied('K005first-secret-first-secret');
    await vi.advanceTimersByTimeAsync(40_000);
    await copied('K005second-secret-second-secret');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(board).toBe('K005second-secret-second-secret');
    await vi.advanceTimersByTimeAsync(40_000);
    expect(board).toBe('');
  });

  it('a lock clears at once, also with "never"; a second lock has nothing to do', async () => {
    await service.handlers.setSettings({ clipboardClearSeconds: null }, { sender: {}, senderClass: 'page' } as never);
    await copied(SECRET);
    expect(alarms.has(CLIPBOARD_ALARM)).toBe(false);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(board).toBe(SECRET);
    // A timer or alarm (a worker start runs one) leaves a copy set to "never" alone while the vault is unlocked.
    await guard.run('timer');
    expect(board).toBe(SECRET);
    expect(checks).toBe(0);
    await guard.run('lock');
    expect(board).toBe('');
    await guard.run('lock');
    expect(checks).toBe(1);
  });

  it('an early alarm waits; timer, alarm and lock at once check the clipboard once', async () => {
    await copied(SECRET);
    await guard.run('timer');
    expect(board).toBe(SECRET);
    vi.setSystemTime(T + 60_000);
    await Promise.all([guard.run('timer'), guard.run('timer'), guard.run('lock')]);
    expect(board).toBe('');
    expect(checks).toBe(1);
  });

  it('a restarted worker (a new guard, same session and storage) clears a copy whose time has passed, and waits for one whose time has not', async () => {
    await copied(SECRET);
    vi.clearAllTimers();
    const restarted = makeGuard(fakeClipboard, { session: new Session(sessionArea) });
    await restarted.run('timer');
    expect(board).toBe(SECRET);
    expect(checks).toBe(0);
    vi.setSystemTime(T + 5 * 60_000);
    await restarted.run('timer');
    expect(board).toBe('');
    expect(await record()).toBeUndefined();
  });
});

describe('clipboard guard, after the browser closed', () => {
  it('a copy pending when the browser closed is cleared at the next start, before its time (closing locked the vault)', async () => {
    await copied(SECRET);
    vi.setSystemTime(T + 10_000);
    const next = browserRestart();
    await next.guard.run('timer');
    expect(board).toBe('');
    expect(checks).toBe(1);
    expect(await record()).toBeUndefined();
  });

  it('also with "never" chosen, and from the alarm if the start-up run missed it', async () => {
    await service.handlers.setSettings({ clipboardClearSeconds: null }, { sender: {}, senderClass: 'page' } as never);
    await copied(SECRET);
    const next = browserRestart();
    vi.setSystemTime(T + 3_600_000);
    await next.guard.run('timer');
    expect(board).toBe('');
  });

  it('leaves what was copied since (in another app, while the browser was closed) alone, and forgets the copy', async () => {
    await copied(SECRET);
    board = 'copied in another app';
    digests.set(board, await sha256Hex(board));
    const next = browserRestart();
    await next.guard.run('timer');
    expect(board).toBe('copied in another app');
    expect(await record()).toBeUndefined();
  });

  it('after the next unlock, a new copy is handled as usual and the old record is gone', async () => {
    await copied(SECRET);
    const next = browserRestart();
    await next.guard.run('timer');
    await next.session.unlocked(RAW_KEY, Date.now());
    await copied('K005another-secret-another', makeService(next.guard, next.session));
    await next.guard.run('timer');
    expect(board).toBe('K005another-secret-another');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(board).toBe('');
  });

  it('drops a record it cannot read (damaged, or written in the old plain form) without touching the clipboard', async () => {
    await localArea.set({ [CLIPBOARD_ITEM]: { digest: 'f'.repeat(64), clearAt: T } });
    await guard.run('lock');
    expect(checks).toBe(0);
    expect(await record()).toBeUndefined();
  });
});

describe('clipboard guard, failures and changes of setting', () => {
  it('a check that failed is kept and tried again at the next lock', async () => {
    await copied(SECRET);
    vi.setSystemTime(T + 60_000);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await makeGuard(failingClipboard).run('timer');
    expect(board).toBe(SECRET);
    expect(await record()).toMatchObject({ failures: 1, retryAt: T + 60_000 + RETRY_AFTER_MS });
    expect(alarms.get(CLIPBOARD_ALARM)).toBe(T + 60_000 + RETRY_AFTER_MS);
    await guard.run('lock');
    expect(board).toBe('');
    expect(await record()).toBeUndefined();
    expect(errors).toHaveBeenCalledWith('b2km: the clipboard could not be checked or cleared; trying again later');
    errors.mockRestore();
  });

  it('…and by the alarm after a pause; a browser start within the pause waits for it', async () => {
    await copied(SECRET);
    vi.setSystemTime(T + 60_000);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await makeGuard(failingClipboard).run('timer');
    const next = browserRestart();
    await next.guard.run('timer');
    expect(checks).toBe(1);
    vi.setSystemTime(T + 60_000 + RETRY_AFTER_MS);
    await next.guard.run('timer');
    expect(board).toBe('');
    vi.restoreAllMocks();
  });

  it(`gives up after ${MAX_FAILED_CHECKS} failed checks, and says so`, async () => {
    await copied(SECRET);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const failing = makeGuard(failingClipboard);
    for (let i = 1; i < MAX_FAILED_CHECKS; i++) {
      await failing.run('lock');
      expect(await record()).toMatchObject({ failures: i });
    }
    await failing.run('lock');
    expect(await record()).toBeUndefined();
    expect(alarms.has(CLIPBOARD_ALARM)).toBe(false);
    expect(checks).toBe(MAX_FAILED_CHECKS);
    expect(errors).toHaveBeenLastCalledWith(`b2km: the clipboard could not be checked or cleared (${MAX_FAILED_CHECKS} tries); giving up`);
    errors.mockRestore();
  });

  it('a storage failure during a run is logged, not thrown at the caller (nobody awaits it)', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const broken = new ClipboardGuard({ session, local: { ...localArea, get: () => Promise.reject(new TypeError('gone')), set: async () => undefined, remove: async () => undefined }, now: () => Date.now(), alarms: alarmsFake, access: fakeClipboard });
    await expect(broken.run('lock')).resolves.toBeUndefined();
    expect(errors).toHaveBeenCalledWith('b2km: the clipboard clear failed', 'TypeError');
    errors.mockRestore();
  });

  it('switching to “never” drops the alarm of the copy before', async () => {
    await copied('K005first-secret-first-secret');
    expect(alarms.has(CLIPBOARD_ALARM)).toBe(true);
    await service.handlers.setSettings({ clipboardClearSeconds: null }, { sender: {}, senderClass: 'page' } as never);
    await copied('K005second-secret-second-secret');
    expect(alarms.has(CLIPBOARD_ALARM)).toBe(false);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(board).toBe('K005second-secret-second-secret');
    expect(checks).toBe(0);
  });

  it('without a clipboard guard (Node, tests) a copy is answered and nothing is stored', async () => {
    await copied(SECRET, makeService(undefined));
    expect(await record()).toBeUndefined();
    expect(Object.keys(await sessionArea.get(null))).not.toContain(CLIPBOARD_ITEM);
  });
});

describe('a copy whose record storage.local refuses (a full disk, its quota)', () => {
  /** storage.local that reads and removes but refuses writes while `refuse` holds; the settings stay readable. */
  let refuse: boolean;
  const fullDisk = () => ({
    get: (keys: Parameters<MemoryArea['get']>[0]) => localArea.get(keys),
    set: (items: Record<string, unknown>) => (refuse ? Promise.reject(new Error('QUOTA_BYTES quota exceeded')) : localArea.set(items)),
    remove: (keys: string | string[]) => localArea.remove(keys),
  });
  /** The record cannot be read back for the fake clipboard's match: this one clears whatever it is asked about. */
  const anyClipboard: ClipboardAccess = {
    async clearIfHolds() {
      checks++;
      board = '';
      return 'cleared';
    },
  };
  /** Keep-alives begun and not ended: the service's own, one per call, end with the call. */
  let held: number;
  let full: ClipboardGuard;
  let via: Service;

  beforeEach(() => {
    refuse = true;
    held = 0;
    full = new ClipboardGuard({ session, local: fullDisk(), now: () => Date.now(), alarms: alarmsFake, access: anyClipboard });
    via = createService({
      store: new LocalStore(localArea),
      session,
      fetch: () => Promise.reject(new Error('offline')),
      now: () => Date.now(),
      manifest: { name: 'B2 Key Manager', version: '0' },
      browser: 'chrome',
      demoEndpoint: null,
      clipboard: full,
      keepAlive: () => {
        held++;
        let ended = false;
        return () => {
          if (!ended) held--;
          ended = true;
        };
      },
    });
  });

  const copy = async (text: string) => {
    board = text;
    const handler = via.handlers.secretCopied as (p: { digest: string }, c: { sender: object; senderClass: 'page' }) => Promise<object>;
    return handler({ digest: await sha256Hex(text) }, { sender: {}, senderClass: 'page' });
  };

  it('is still cleared at its time, says so in its answer, and holds the worker only until then', async () => {
    expect(await copy(SECRET)).toEqual({ notRecorded: { clearAfterSeconds: 60 } });
    expect(await record()).toBeUndefined();
    expect(alarms.get(CLIPBOARD_ALARM)).toBe(T + 60_000);
    // Chrome stops an idle worker after 30 s, and the copy held in its memory with it.
    expect(held).toBe(1);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(board).toBe(SECRET);
    await vi.advanceTimersByTimeAsync(1);
    expect(board).toBe('');
    expect(checks).toBe(1);
    expect(held).toBe(0);
    expect(alarms.has(CLIPBOARD_ALARM)).toBe(false);
    // Handled once: a lock after it has nothing left to do.
    await full.run('lock');
    expect(checks).toBe(1);
  });

  it('is cleared at a lock, also with “never”', async () => {
    await via.handlers.setSettings({ clipboardClearSeconds: null }, { sender: {}, senderClass: 'page' } as never);
    expect(await copy(SECRET)).toEqual({ notRecorded: { clearAfterSeconds: null } });
    await vi.advanceTimersByTimeAsync(3_600_000);
    await full.run('timer');
    expect(board).toBe(SECRET);
    await full.run('lock');
    expect(board).toBe('');
    expect(checks).toBe(1);
    expect(held).toBe(0);
  });

  it('replaces an earlier stored copy, whose record goes once the held one is handled', async () => {
    refuse = false;
    expect(await copy('K005first-secret-first-secret')).toEqual({});
    expect(await record()).toBeDefined();
    refuse = true;
    await vi.advanceTimersByTimeAsync(40_000);
    await copy('K005second-secret-second-secret');
    // The first copy's time passes: the held one is what counts, with its own minute.
    await vi.advanceTimersByTimeAsync(20_000);
    expect(board).toBe('K005second-secret-second-secret');
    await vi.advanceTimersByTimeAsync(40_000);
    expect(board).toBe('');
    expect(checks).toBe(1);
    expect(await record()).toBeUndefined();
  });

  it('a later copy that is stored ends the hold', async () => {
    await copy(SECRET);
    refuse = false;
    expect(held).toBe(1);
    expect(await copy('K005another-secret-another')).toEqual({});
    expect(held).toBe(0);
    expect(await record()).toBeDefined();
  });

  it('a failed check of a held copy is tried again; stored once the disk has room, it no longer holds the worker', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let fail = true;
    const flaky = new ClipboardGuard({
      session,
      local: fullDisk(),
      now: () => Date.now(),
      alarms: alarmsFake,
      access: { clearIfHolds: async (m) => (fail ? failingClipboard.clearIfHolds(m) : anyClipboard.clearIfHolds(m)) },
    });
    await expect(flaky.schedule({ digest: 'a'.repeat(64), clearAt: T + 60_000, copiedAt: T })).rejects.toThrow(ClearNotRecorded);
    await flaky.run('lock');
    expect(await record()).toBeUndefined();
    refuse = false;
    await flaky.run('lock');
    expect(await record()).toMatchObject({ failures: 2 });
    fail = false;
    await flaky.run('lock');
    expect(checks).toBe(3);
    expect(await record()).toBeUndefined();
    errors.mockRestore();
  });

  it('a failure before the record (the settings cannot be read) still fails the call: nothing will clear it', async () => {
    const broken = createService({
      store: new LocalStore({ ...fullDisk(), get: () => Promise.reject(new TypeError('gone')) }),
      session,
      fetch: () => Promise.reject(new Error('offline')),
      now: () => Date.now(),
      manifest: { name: 'B2 Key Manager', version: '0' },
      browser: 'chrome',
      demoEndpoint: null,
      clipboard: full,
    });
    const handler = broken.handlers.secretCopied as (p: { digest: string }, c: { sender: object; senderClass: 'page' }) => Promise<object>;
    await expect(handler({ digest: 'a'.repeat(64) }, { sender: {}, senderClass: 'page' })).rejects.toBeDefined();
  });
});

describe('offscreenAccess (Chrome)', () => {
  type Call = [string, ...unknown[]];
  function fakeChrome(opts: { open?: boolean; answer?: ClearOutcome | undefined; noGetContexts?: boolean; sendFails?: boolean } = {}) {
    const calls: Call[] = [];
    let resolveCreate: (() => void) | null = null;
    const chrome = {
      runtime: {
        getURL: (path: string) => `chrome-extension://id/${path}`,
        ...(opts.noGetContexts ? {} : { getContexts: async (filter: unknown) => (calls.push(['getContexts', filter]), opts.open ? [{}] : []) }),
        sendMessage: async (message: unknown) => {
          calls.push(['sendMessage', message]);
          if (opts.sendFails) throw new Error('no receiver');
          return 'answer' in opts ? opts.answer : 'cleared';
        },
      },
      offscreen: {
        createDocument: (params: unknown) => {
          calls.push(['createDocument', params]);
          return new Promise<void>((r) => (resolveCreate = r));
        },
        closeDocument: async () => {
          calls.push(['closeDocument']);
          throw new Error('already closed');
        },
      },
    };
    (globalThis as { chrome?: unknown }).chrome = chrome;
    return { calls, create: () => resolveCreate?.() };
  }
  afterEach(() => delete (globalThis as { chrome?: unknown }).chrome);

  const m = (n: number): ClipboardMatch => ({ key: String(n).repeat(64), mac: String(n + 1).repeat(64) });

  it('opens one offscreen document for the check, asks it with the keyed digest only, and closes it after', async () => {
    const { calls, create } = fakeChrome();
    const access = offscreenAccess();
    const both = Promise.all([access.clearIfHolds(m(1)), access.clearIfHolds(m(3))]);
    await vi.waitFor(() => expect(calls.filter((c) => c[0] === 'createDocument')).toHaveLength(1));
    create();
    expect(await both).toEqual(['cleared', 'cleared']);
    expect(calls[0]).toEqual(['getContexts', { contextTypes: ['OFFSCREEN_DOCUMENT'], documentUrls: ['chrome-extension://id/src/offscreen/index.html'] }]);
    expect(calls.find((c) => c[0] === 'createDocument')).toEqual(['createDocument', { url: 'src/offscreen/index.html', reasons: ['CLIPBOARD'], justification: expect.stringMatching(/clipboard/) }]);
    expect(calls.filter((c) => c[0] === 'sendMessage').map((c) => c[1])).toEqual([
      { b2kmOffscreen: 1, op: 'clearIfHolds', ...m(1) },
      { b2kmOffscreen: 1, op: 'clearIfHolds', ...m(3) },
    ]);
    expect(calls.filter((c) => c[0] === 'closeDocument')).toHaveLength(2);
    // Once created, the next check makes a new document (the last one was closed).
    const again = access.clearIfHolds(m(5));
    await vi.waitFor(() => expect(calls.filter((c) => c[0] === 'createDocument')).toHaveLength(2));
    create();
    expect(await again).toBe('cleared');
  });

  it('uses a document that is already open, and counts no answer as a failure', async () => {
    const { calls } = fakeChrome({ open: true, answer: undefined });
    expect(await offscreenAccess().clearIfHolds(m(1))).toBe('failed');
    expect(calls.some((c) => c[0] === 'createDocument')).toBe(false);
    expect(calls.at(-1)).toEqual(['closeDocument']);
  });

  it('closes the document also when asking it failed; without getContexts it creates one', async () => {
    const { calls, create } = fakeChrome({ sendFails: true, noGetContexts: true });
    const check = offscreenAccess().clearIfHolds(m(1));
    await vi.waitFor(() => expect(calls.some((c) => c[0] === 'createDocument')).toBe(true));
    create();
    await expect(check).rejects.toThrow('no receiver');
    expect(calls.at(-1)).toEqual(['closeDocument']);
  });
});

describe('a pending clear this version cannot read', () => {
  const guardOver = (local: MemoryArea, checked: string[]) =>
    new ClipboardGuard({
      session: { isUnlocked: async () => false },
      local,
      access: { clearIfHolds: async () => (checked.push('asked'), 'cleared') },
      alarms: { create: () => undefined, clear: () => undefined },
      now: () => Date.now(),
    });

  it('is left for the later version that wrote it (removing it would leave that copy on the clipboard); a damaged one goes', async () => {
    const local = new MemoryArea();
    const later = { v: 2, key: 'a'.repeat(64), macs: ['b'.repeat(64)], clearAt: Date.now() - 1_000 };
    await local.set({ [CLIPBOARD_ITEM]: later });
    const checked: string[] = [];
    await guardOver(local, checked).run('timer');
    expect([checked, (await local.get(CLIPBOARD_ITEM))[CLIPBOARD_ITEM]]).toEqual([[], later]);
    await local.set({ [CLIPBOARD_ITEM]: { v: 1, key: 'damaged' } });
    await guardOver(local, checked).run('timer');
    expect([checked, CLIPBOARD_ITEM in (await local.get(null))]).toEqual([[], false]);
  });
});
