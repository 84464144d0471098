/**
 * The background's clipboard guard with the service's secretCopied method, on in-memory storage, a fake
 * clipboard (it clears only on a digest match, as the offscreen document does) and fake timers.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sha256Hex } from '../common/digest';
import type { ClearOutcome } from '../offscreen/clipboard-dom';
import { LocalStore, MemoryArea } from '../storage';
import { CLIPBOARD_ALARM, ClipboardGuard, offscreenAccess } from './clipboard';
import { createService, type Service } from './service';
import { Session } from './session';

const T = Date.UTC(2026, 10, 30, 10);
let sessionArea: MemoryArea;
let session: Session;
let board: string;
/** Digests of every text a test puts on the board, computed up front so the fake clipboard answers at once. */
const digests = new Map<string, string>();
let checks: number;
let alarms: Map<string, number>;
let guard: ClipboardGuard;
let service: Service;

async function copied(text: string): Promise<void> {
  digests.set(text, await sha256Hex(text));
  board = text;
  const handler = service.handlers.secretCopied as (p: { digest: string }, c: { sender: object; senderClass: 'page' }) => Promise<object>;
  await handler({ digest: digests.get(text)! }, { sender: {}, senderClass: 'page' });
}

beforeEach(async () => {
  vi.useFakeTimers({ now: T, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  sessionArea = new MemoryArea();
  session = new Session(sessionArea);
  board = '';
  checks = 0;
  alarms = new Map();
  guard = new ClipboardGuard({
    session,
    now: () => Date.now(),
    alarms: { create: (name, { when }) => void alarms.set(name, when), clear: (name) => alarms.delete(name) },
    access: {
      async clearIfHolds(digest): Promise<ClearOutcome> {
        checks++;
        if (digests.get(board) !== digest) return 'changed';
        board = '';
        return 'cleared';
      },
    },
  });
  service = createService({
    store: new LocalStore(new MemoryArea()),
    session,
    fetch: () => Promise.reject(new Error('offline')),
    now: () => Date.now(),
    manifest: { name: 'B2 Key Manager', version: '0' },
    browser: 'chrome',
    demoEndpoint: null,
    clipboard: guard,
  });
});
afterEach(() => vi.useRealTimers());

describe('clipboard guard', () => {
  it('clears after the default minute, not before; keeps only a digest; sets a backstop alarm', async () => {
    await copied('K005secretsecretsecretsecret');
    expect(JSON.stringify(await sessionArea.get(null))).not.toContain('K005secret');
    expect(alarms.get(CLIPBOARD_ALARM)).toBe(T + 60_000);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(board).toBe('K005secretsecretsecretsecret');
    await vi.advanceTimersByTimeAsync(1);
    expect(board).toBe('');
    expect(await session.clipboardClear()).toBeNull();
    expect(alarms.has(CLIPBOARD_ALARM)).toBe(false);
  });

  it('leaves something copied since alone, and forgets the copy', async () => {
    await copied('K005secretsecretsecretsecret');
    board = 'a shopping list';
    await vi.advanceTimersByTimeAsync(60_000);
    expect(board).toBe('a shopping list');
    expect(await session.clipboardClear()).toBeNull();
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
    await copied('K005secretsecretsecretsecret');
    expect(alarms.has(CLIPBOARD_ALARM)).toBe(false);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(board).toBe('K005secretsecretsecretsecret');
    // A timer or alarm (a worker start runs one) leaves a copy set to "never" alone.
    await guard.run('timer');
    expect(board).toBe('K005secretsecretsecretsecret');
    expect(checks).toBe(0);
    await guard.run('lock');
    expect(board).toBe('');
    await guard.run('lock');
    expect(checks).toBe(1);
  });

  it('an early alarm waits; timer, alarm and lock at once check the clipboard once', async () => {
    await copied('K005secretsecretsecretsecret');
    await guard.run('timer');
    expect(board).toBe('K005secretsecretsecretsecret');
    vi.setSystemTime(T + 60_000);
    await Promise.all([guard.run('timer'), guard.run('timer'), guard.run('lock')]);
    expect(board).toBe('');
    expect(checks).toBe(1);
  });

  it('a restarted worker (a new guard over the same session) clears a copy whose time has passed', async () => {
    await copied('K005secretsecretsecretsecret');
    vi.setSystemTime(T + 5 * 60_000);
    const restarted = new ClipboardGuard({ session: new Session(sessionArea), now: () => Date.now(), alarms: { create: () => undefined, clear: () => undefined }, access: { clearIfHolds: async () => ((board = ''), 'cleared') } });
    await restarted.run('timer');
    expect(board).toBe('');
    expect(await session.clipboardClear()).toBeNull();
  });
});

describe('clipboard guard, failures and changes of setting', () => {
  it('a check that fails still forgets the copy and its alarm (it is not retried forever)', async () => {
    const failing = new ClipboardGuard({
      session,
      now: () => Date.now(),
      alarms: { create: (name, { when }) => void alarms.set(name, when), clear: (name) => alarms.delete(name) },
      access: { clearIfHolds: async () => Promise.reject(new Error('no offscreen document')) },
    });
    await session.setClipboardClear({ digest: 'f'.repeat(64), clearAt: T });
    alarms.set(CLIPBOARD_ALARM, T + 30_000);
    await failing.run('timer');
    expect(await session.clipboardClear()).toBeNull();
    expect(alarms.has(CLIPBOARD_ALARM)).toBe(false);
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

  it('without a clipboard guard (Node, tests) a copy is still recorded, to be cleared at the next lock', async () => {
    const bare = createService({ store: new LocalStore(new MemoryArea()), session, fetch: () => Promise.reject(new Error('offline')), now: () => Date.now(), manifest: { name: 'B2 Key Manager', version: '0' }, browser: 'chrome', demoEndpoint: null });
    await (bare.handlers.secretCopied as (p: { digest: string }, c: object) => Promise<object>)({ digest: 'e'.repeat(64) }, { sender: {}, senderClass: 'page' });
    expect(await session.clipboardClear()).toEqual({ digest: 'e'.repeat(64), clearAt: T + 60_000 });
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

  it('opens one offscreen document for the check, asks it with the digest only, and closes it after', async () => {
    const { calls, create } = fakeChrome();
    const access = offscreenAccess();
    const both = Promise.all([access.clearIfHolds('d1'), access.clearIfHolds('d2')]);
    await vi.waitFor(() => expect(calls.filter((c) => c[0] === 'createDocument')).toHaveLength(1));
    create();
    expect(await both).toEqual(['cleared', 'cleared']);
    expect(calls[0]).toEqual(['getContexts', { contextTypes: ['OFFSCREEN_DOCUMENT'], documentUrls: ['chrome-extension://id/src/offscreen/index.html'] }]);
    expect(calls.find((c) => c[0] === 'createDocument')).toEqual(['createDocument', { url: 'src/offscreen/index.html', reasons: ['CLIPBOARD'], justification: expect.stringMatching(/clipboard/) }]);
    expect(calls.filter((c) => c[0] === 'sendMessage').map((c) => c[1])).toEqual([
      { b2kmOffscreen: 1, op: 'clearIfHolds', digest: 'd1' },
      { b2kmOffscreen: 1, op: 'clearIfHolds', digest: 'd2' },
    ]);
    expect(calls.filter((c) => c[0] === 'closeDocument')).toHaveLength(2);
    // Once created, the next check makes a new document (the last one was closed).
    const again = access.clearIfHolds('d3');
    await vi.waitFor(() => expect(calls.filter((c) => c[0] === 'createDocument')).toHaveLength(2));
    create();
    expect(await again).toBe('cleared');
  });

  it('uses a document that is already open, and counts no answer as a failure', async () => {
    const { calls } = fakeChrome({ open: true, answer: undefined });
    expect(await offscreenAccess().clearIfHolds('d')).toBe('failed');
    expect(calls.some((c) => c[0] === 'createDocument')).toBe(false);
    expect(calls.at(-1)).toEqual(['closeDocument']);
  });

  it('closes the document also when asking it failed; without getContexts it creates one', async () => {
    const { calls, create } = fakeChrome({ sendFails: true, noGetContexts: true });
    const check = offscreenAccess().clearIfHolds('d');
    await vi.waitFor(() => expect(calls.some((c) => c[0] === 'createDocument')).toBe(true));
    create();
    await expect(check).rejects.toThrow('no receiver');
    expect(calls.at(-1)).toEqual(['closeDocument']);
  });
});
