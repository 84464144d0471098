/**
 * The context menus and their fill path in Node, over a stand-in for browser.contextMenus, browser.scripting
 * (the confirmation dialog) and browser.action (the badge). The real menus are clicked in Chromium through the
 * test build's hook (test/e2e); here: what is listed when, when a change rebuilds them, and what a click does.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CachedKey } from '../storage';
import { sealSecret } from '../vault';
import type { FillOutcome, FillRequest } from './page-filler';
import { fixture, type Fixture } from './test-support';

let menus: Record<string, unknown>[];
let log: unknown[];
let removeAllFails: boolean;
let confirmAnswer: unknown;
let ran: { shown: unknown[]; returned: unknown }[];
let badgeFails: boolean;
let nullTitleRefused: boolean;

vi.mock('webextension-polyfill', () => ({
  default: {
    contextMenus: {
      removeAll: async () => {
        log.push('removeAll');
        if (removeAllFails) throw new Error('menus gone');
        menus = [];
      },
      create: (m: Record<string, unknown>) => void menus.push(m),
    },
    scripting: {
      executeScript: async (d: { target: unknown; func: (m: string) => unknown; args: string[] }) => {
        log.push(['confirm', d.target, d.args]);
        // What the function does in the page, run here against a stand-in for the page's confirm().
        const shown: unknown[] = [];
        const g = globalThis as { confirm?: (m: string) => boolean };
        g.confirm = (message) => (shown.push(message), true);
        try {
          ran.push({ shown, returned: d.func(...(d.args as [string])) });
        } finally {
          delete g.confirm;
        }
        return confirmAnswer === undefined ? [] : [{ frameId: 0, result: confirmAnswer }];
      },
    },
    action: {
      setBadgeText: async (d: unknown) => {
        log.push(['badge', d]);
        if (badgeFails) throw new Error('no tab');
      },
      setTitle: async (d: { title: string | null }) => {
        log.push(['title', d]);
        if (badgeFails || (nullTitleRefused && d.title === null)) throw new Error('no tab');
      },
      getTitle: async () => 'B2 Key Manager: 2 keys expire soon',
    },
  },
}));

const { installMenus } = await import('./menus');
const { fillWithConfirmation } = await import('./menu-fill');

const ACCOUNT = 'acc1';
const MANAGING = 'mkey';
const key = (applicationKeyId: string, keyName = applicationKeyId): CachedKey => ({ accountId: ACCOUNT, applicationKeyId, keyName, capabilities: ['readFiles'], bucketIds: null, namePrefix: null, expirationTimestamp: null, options: [] });

let f: Fixture;
let asked: Omit<FillRequest, 'values'>[];
let answers: FillOutcome[];

async function listKeys(keys: CachedKey[]) {
  const ctx = f.service.context;
  await ctx.store.write(async (tx) => {
    for (const k of keys) await ctx.keyCache.upsert(tx, ACCOUNT, k);
  });
}

async function saveSecret(applicationKeyId: string) {
  const ctx = f.service.context;
  const sealed = await sealSecret(await ctx.dataKey(), { accountId: ACCOUNT, applicationKeyId }, `secret-of-${applicationKeyId}`);
  await ctx.store.write(async (tx) => tx.putSecret(ACCOUNT, applicationKeyId, { sealed, keyName: applicationKeyId, savedAt: 1 }));
}

const ids = () => menus.map((m) => m['id']);

beforeEach(async () => {
  menus = [];
  log = [];
  removeAllFails = false;
  confirmAnswer = undefined;
  ran = [];
  badgeFails = false;
  nullTitleRefused = false;
  asked = [];
  answers = [];
  f = await fixture({
    pageFiller: {
      async fill({ values: _v, ...req }) {
        asked.push(req);
        return answers.shift() ?? { status: 'filled', filled: ['keyId'], frameUrl: 'https://nas.example/', frameOrigin: 'https://nas.example' };
      },
    },
  });
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('menus', () => {
  it('none without an active account or without keys', async () => {
    const m = installMenus(f.service.context);
    await m.rebuild();
    expect([log, menus]).toEqual([['removeAll'], []]);
    await f.addAccount(ACCOUNT, MANAGING, 'managing-secret');
    await m.rebuild();
    expect(menus).toEqual([]);
  });

  it('locked: the keyIDs only; unlocked: also the applicationKeys of keys with a saved copy', async () => {
    await f.addAccount(ACCOUNT, MANAGING, 'managing-secret');
    await listKeys([key('k1', 'alpha'), key('k2', ''), key('k3', 'charlie')]);
    await saveSecret('k1');
    await saveSecret('k3');
    const m = installMenus(f.service.context);
    await m.rebuild();
    expect(menus).toEqual([
      { id: 'b2km-fill-keyid', title: 'Fill B2 keyID', contexts: ['editable'] },
      { id: 'keyId:k2', parentId: 'b2km-fill-keyid', title: '(no name) — k2', contexts: ['editable'] },
      { id: 'keyId:k1', parentId: 'b2km-fill-keyid', title: 'alpha — k1', contexts: ['editable'] },
      { id: 'keyId:k3', parentId: 'b2km-fill-keyid', title: 'charlie — k3', contexts: ['editable'] },
      { id: 'b2km-fill-secret', title: 'Fill B2 applicationKey', contexts: ['editable'] },
      { id: 'secret:k1', parentId: 'b2km-fill-secret', title: 'alpha — k1', contexts: ['editable'] },
      { id: 'secret:k3', parentId: 'b2km-fill-secret', title: 'charlie — k3', contexts: ['editable'] },
    ]);
    await f.call('lock', {});
    await m.rebuild();
    expect(ids()).toEqual(['b2km-fill-keyid', 'keyId:k2', 'keyId:k1', 'keyId:k3']);
  });

  it('an unlocked vault with no saved copy among the keys shown has no applicationKey menu', async () => {
    await f.addAccount(ACCOUNT, MANAGING, 'managing-secret');
    await listKeys([key('k1')]);
    const m = installMenus(f.service.context);
    await m.rebuild();
    expect(ids()).toEqual(['b2km-fill-keyid', 'keyId:k1']);
  });

  it('applies the auto-lock before listing applicationKeys', async () => {
    await f.addAccount(ACCOUNT, MANAGING, 'managing-secret');
    await listKeys([key('k1')]);
    await saveSecret('k1');
    f.clock.now += 16 * 60_000;
    const m = installMenus(f.service.context);
    await m.rebuild();
    expect(ids()).toEqual(['b2km-fill-keyid', 'keyId:k1']);
    expect(await f.service.context.session.isUnlocked()).toBe(false);
  });

  it('lists the first 25 keys and says how many more there are', async () => {
    await f.addAccount(ACCOUNT, MANAGING, 'managing-secret');
    const keys = Array.from({ length: 30 }, (_, i) => key(`k${String(i).padStart(2, '0')}`));
    await listKeys(keys);
    for (const k of keys) await saveSecret(k.applicationKeyId);
    const m = installMenus(f.service.context);
    await m.rebuild();
    const under = (p: string) => menus.filter((x) => x['parentId'] === p).map((x) => x['id']);
    expect(under('b2km-fill-keyid')).toEqual([...keys.slice(0, 25).map((k) => `keyId:${k.applicationKeyId}`), 'b2km-more']);
    expect(menus.find((x) => x['id'] === 'b2km-more')).toEqual({ id: 'b2km-more', parentId: 'b2km-fill-keyid', title: '5 more: use the popup', enabled: false, contexts: ['editable'] });
    expect(under('b2km-fill-secret')).toEqual(keys.slice(0, 25).map((k) => `secret:${k.applicationKeyId}`));
  });

  it('exactly 25 keys: no "more" entry', async () => {
    await f.addAccount(ACCOUNT, MANAGING, 'managing-secret');
    await listKeys(Array.from({ length: 25 }, (_, i) => key(`k${String(i).padStart(2, '0')}`)));
    const m = installMenus(f.service.context);
    await m.rebuild();
    expect(ids()).not.toContain('b2km-more');
    expect(ids()).toHaveLength(26);
  });

  it('a failed rebuild is logged and the next one still runs', async () => {
    await f.addAccount(ACCOUNT, MANAGING, 'managing-secret');
    await listKeys([key('k1')]);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const m = installMenus(f.service.context);
    removeAllFails = true;
    await m.rebuild();
    expect(errors).toHaveBeenCalledWith('b2km: menus', 'Error');
    expect(menus).toEqual([]);
    removeAllFails = false;
    await m.rebuild();
    expect(ids()).toEqual(['b2km-fill-keyid', 'keyId:k1']);
  });

  it('rebuilds a moment after a change that matters, once for several, and not for stamps, tokens, usage or checks', async () => {
    await f.addAccount(ACCOUNT, MANAGING, 'managing-secret');
    await listKeys([key('k1')]);
    vi.useFakeTimers();
    const m = installMenus(f.service.context);
    m.changed(['lastActivity', 'tokens', 'lastFill', 'unlockedAt', 'usage:acc1', 'checks:acc1']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(log).toEqual([]);
    m.changed(['lastActivity', 'secrets:acc1']);
    await vi.advanceTimersByTimeAsync(200);
    m.changed(['keys:acc1']);
    await vi.advanceTimersByTimeAsync(200);
    expect(log).toEqual([]);
    await vi.advanceTimersByTimeAsync(60);
    await vi.waitFor(() => expect(ids()).toEqual(['b2km-fill-keyid', 'keyId:k1']));
    expect(log).toEqual(['removeAll']);
  });

  it('a click fills the focused field of the clicked frame; other items and clicks without a tab do nothing', async () => {
    await f.addAccount(ACCOUNT, MANAGING, 'managing-secret');
    await listKeys([key('k1')]);
    await saveSecret('k1');
    const m = installMenus(f.service.context);
    await m.onClicked({ menuItemId: 'b2km-more', editable: true, modifiers: [] }, { id: 4 } as never);
    await m.onClicked({ menuItemId: 'keyId:k1', editable: true, modifiers: [] }, undefined);
    await m.onClicked({ menuItemId: 'keyId:k1', editable: true, modifiers: [] }, {} as never);
    await m.onClicked({ menuItemId: 'xkeyId:k1', editable: true, modifiers: [] }, { id: 4 } as never);
    await m.onClicked({ menuItemId: 'keyId:', editable: true, modifiers: [] }, { id: 4 } as never);
    // Not one of our ids either: the whole id must match, up to its end.
    await m.onClicked({ menuItemId: 'keyId:k1\nsecret', editable: true, modifiers: [] }, { id: 4 } as never);
    expect(asked).toEqual([]);
    await m.onClicked({ menuItemId: 'keyId:k1', editable: true, modifiers: [], frameId: 3 }, { id: 4 } as never);
    await m.onClicked({ menuItemId: 'secret:k1', editable: true, modifiers: [] }, { id: 0 } as never);
    expect(asked).toEqual([
      { applicationKeyId: 'k1', what: 'keyId', tabId: 4, frameId: 3, target: 'focused' },
      { applicationKeyId: 'k1', what: 'secret', tabId: 0, frameId: 0, target: 'focused' },
    ]);
  });
});

describe('fillWithConfirmation', () => {
  beforeEach(async () => {
    await f.addAccount(ACCOUNT, MANAGING, 'managing-secret');
    await listKeys([key('k1')]);
  });
  const request = { applicationKeyId: 'k1', what: 'keyId' as const, tabId: 9, target: 'focused' as const };
  const confirm: FillOutcome = { status: 'confirm', reason: 'crossOriginFrame', message: 'Fill into https://other.example?', frameUrl: 'https://other.example/x', frameOrigin: 'https://other.example' };

  it('a fill drops the tab’s own badge and title, so the global ones (keys about to expire) show again', async () => {
    await fillWithConfirmation(f.service.context, request);
    expect(log).toEqual([
      ['badge', { tabId: 9, text: null }],
      ['title', { tabId: 9, title: null }],
    ]);
    // A browser that refuses null for the title gets the global title copied to the tab.
    nullTitleRefused = true;
    log = [];
    await fillWithConfirmation(f.service.context, request);
    expect(log.slice(1)).toEqual([
      ['title', { tabId: 9, title: null }],
      ['title', { tabId: 9, title: 'B2 Key Manager: 2 keys expire soon' }],
    ]);
  });

  it('the frame asked about again after the yes (it navigated meanwhile): nothing filled, and the badge says so', async () => {
    answers = [confirm, { ...confirm, frameOrigin: 'https://third.example' }];
    confirmAnswer = true;
    await fillWithConfirmation(f.service.context, request);
    expect(log.slice(1)).toEqual([
      ['badge', { tabId: 9, text: '!' }],
      ['title', { tabId: 9, title: 'B2 Key Manager: The frame changed before it could be filled; nothing was filled. Try again.' }],
    ]);
  });

  it('asks in the top frame with our own sentence; yes fills for that origin', async () => {
    answers = [confirm];
    confirmAnswer = true;
    await fillWithConfirmation(f.service.context, request);
    expect(log[0]).toEqual(['confirm', { tabId: 9, frameIds: [0] }, ['B2 Key Manager asks: Fill into https://other.example?']]);
    // In the page, the function shows that sentence with confirm() and answers what the person chose.
    expect(ran).toEqual([{ shown: ['B2 Key Manager asks: Fill into https://other.example?'], returned: true }]);
    expect(asked).toEqual([request, { ...request, confirmedOrigin: 'https://other.example' }]);
    expect(log.slice(1)).toEqual([
      ['badge', { tabId: 9, text: null }],
      ['title', { tabId: 9, title: null }],
    ]);
  });

  it('no, or no answer, or a truthy answer that is not true: nothing more happens', async () => {
    for (const a of [false, undefined, 'yes']) {
      answers = [confirm];
      confirmAnswer = a;
      log = [];
      asked = [];
      await fillWithConfirmation(f.service.context, request);
      expect(asked).toEqual([request]);
      expect(log).toHaveLength(1);
    }
  });

  it('a field not found or a partial fill is shown on the badge with its sentence', async () => {
    answers = [{ status: 'notFound', message: 'No field to fill here.' }];
    await fillWithConfirmation(f.service.context, request);
    answers = [{ status: 'filled', filled: ['keyId'], frameUrl: 'https://nas.example/', frameOrigin: 'https://nas.example', unplaced: [{ role: 'secret', reason: 'noField' }] as never }];
    await fillWithConfirmation(f.service.context, { ...request, what: 'keyId' });
    expect(log[0]).toEqual(['badge', { tabId: 9, text: '!' }]);
    expect(log[1]).toEqual(['title', { tabId: 9, title: 'B2 Key Manager: No field to fill here.' }]);
    expect(log[2]).toEqual(['badge', { tabId: 9, text: '!' }]);
    expect(log[3]).toEqual(['title', { tabId: 9, title: expect.stringMatching(/^B2 Key Manager: ./) }]);
  });

  it('a refusal is shown on the badge with its message; a badge that cannot be set is no failure', async () => {
    await fillWithConfirmation(f.service.context, { ...request, applicationKeyId: 'nope' });
    expect(log).toEqual([
      ['badge', { tabId: 9, text: '!' }],
      ['title', { tabId: 9, title: 'B2 Key Manager: That key is not in the list any more. Refresh the list and pick it again.' }],
    ]);
    badgeFails = true;
    log = [];
    await expect(fillWithConfirmation(f.service.context, request)).resolves.toBeUndefined();
    // The badge, the title, and the title again from the global one.
    expect(log.map((l) => (l as unknown[])[0])).toEqual(['badge', 'title', 'title']);
  });

  it('something thrown that is not an Error is said as a failed fill', async () => {
    answers = [];
    const ctx = f.service.context;
    const filler = ctx.deps.pageFiller!;
    vi.spyOn(filler, 'fill').mockRejectedValueOnce('odd');
    await fillWithConfirmation(ctx, request);
    expect(log).toEqual([
      ['badge', { tabId: 9, text: '!' }],
      ['title', { tabId: 9, title: 'B2 Key Manager: Filling failed.' }],
    ]);
  });
});
