/**
 * Issue 13's methods in Node over in-memory storage (the report at scale is tested against the emulator in
 * test/integration/insight.test.ts): where-used lists, the page's suggestions (the tab read through a stand-in
 * for browser.tabs), the hygiene report's lines and "Show all", and the remembered check outcomes.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { secretsKey, type CachedKey } from '../storage';
import { sealSecret } from '../vault';
import { rememberChecks } from './insight-methods';
import { recordUsage, sealUsage } from './key-usage';
import { ACCOUNT_ID, authorizeReply, keyJson } from '../b2/test-support';
import { fakeB2, fixture, type Fixture } from './test-support';

let tabs: Record<number, { url?: string }>;
let active: { url?: string } | undefined;
let tabsFail: boolean;
let queries: unknown[];

vi.mock('webextension-polyfill', () => ({
  default: {
    tabs: {
      get: async (id: number) => {
        if (tabsFail) throw new Error('No tab with id');
        return tabs[id];
      },
      query: async (q: unknown) => (queries.push(q), active ? [active] : []),
    },
  },
}));

const ACCOUNT = 'acc1';
const MANAGING = 'mkey';
const key = (applicationKeyId: string, keyName: string, extra: Partial<CachedKey> = {}): CachedKey => ({
  accountId: ACCOUNT,
  applicationKeyId,
  keyName,
  capabilities: ['readFiles'],
  bucketIds: ['b1'],
  namePrefix: null,
  expirationTimestamp: 2e12,
  options: [],
  ...extra,
});

let f: Fixture;

beforeEach(async () => {
  tabs = {};
  active = undefined;
  tabsFail = false;
  queries = [];
  f = await fixture();
});

async function listKeys(keys: CachedKey[]) {
  const ctx = f.service.context;
  await ctx.store.write(async (tx) => {
    for (const k of keys) await ctx.keyCache.upsert(tx, ACCOUNT, k);
  });
}

async function saveSecret(applicationKeyId: string, keyName: string) {
  const ctx = f.service.context;
  const sealed = await sealSecret(await ctx.dataKey(), { accountId: ACCOUNT, applicationKeyId }, `secret-of-${applicationKeyId}`);
  await ctx.store.write(async (tx) => tx.putSecret(ACCOUNT, applicationKeyId, { sealed, keyName, savedAt: 1 }));
}

const used = (origin: string, at: number) => ({ origin, title: 't', at, filled: ['keyId' as const] });

describe('keyUsage and clearKeyUsage', () => {
  it('one key’s list and whether fills are recorded; clearing removes every list, of every account', async () => {
    await f.addAccount(ACCOUNT, MANAGING, 'managing-secret');
    await recordUsage(f.service.context, ACCOUNT, 'k1', used('https://a.example', 5));
    const dataKey = await f.service.context.dataKey();
    await f.service.context.store.write(async (tx) => tx.putUsage('gone', 'k9', await sealUsage(dataKey, 'gone', 'k9', [used('https://b.example', 1)])));
    expect(await f.call('keyUsage', { applicationKeyId: 'k1' })).toEqual({ entries: [used('https://a.example', 5)], recording: true });
    await f.call('setSettings', { recordUsage: false });
    expect(await f.call('keyUsage', { applicationKeyId: 'k1' })).toEqual({ entries: [used('https://a.example', 5)], recording: false });
    const others = [...f.local.data.keys()].filter((k) => !k.startsWith('usage:'));
    expect(await f.call('clearKeyUsage', {})).toEqual({});
    expect([...f.local.data.keys()].sort()).toEqual(others.sort());
  });
});

describe('pageSuggestions', () => {
  beforeEach(async () => {
    await f.addAccount(ACCOUNT, MANAGING, 'managing-secret');
    await saveSecret('k1', 'alpha');
    await saveSecret('k2', 'bravo');
    const ctx = f.service.context;
    for (const [id, at] of [['k1', 10], ['k2', 20], ['k3', 30], ['k4', 40], ['k5', 50], ['k6', 60], ['k7', 70]] as const) {
      await recordUsage(ctx, ACCOUNT, id, used('https://nas.example', at));
    }
    await recordUsage(ctx, ACCOUNT, 'k8', used('https://other.example', 80));
    await ctx.store.write(async (tx) => {
      tx.putKeyNote(ACCOUNT, 'k7', { replaces: { applicationKeyId: 'k0', keyName: 'zero' } });
      tx.putKeyNote(ACCOUNT, 'k6', { replacedBy: { applicationKeyId: 'k9', keyName: 'nine' } });
    });
    tabs[3] = { url: 'https://nas.example/sync?x=1' };
  });

  it('the keys used on the tab’s origin, newest first, at most five, a rotated key after its successor, with names known here', async () => {
    const r = await f.call('pageSuggestions', { tabId: 3 });
    expect(r).toEqual({
      origin: 'https://nas.example',
      keys: [
        { applicationKeyId: 'k7', keyName: '', replaces: null, lastUsedAt: 70 },
        { applicationKeyId: 'k9', keyName: 'nine', replaces: { applicationKeyId: 'k6', keyName: '' }, lastUsedAt: 60 },
        { applicationKeyId: 'k6', keyName: '', replaces: null, lastUsedAt: 60 },
        { applicationKeyId: 'k5', keyName: '', replaces: null, lastUsedAt: 50 },
        { applicationKeyId: 'k4', keyName: '', replaces: null, lastUsedAt: 40 },
      ],
    });
  });

  it('names come from saved secrets and from notes either way', async () => {
    await f.service.context.store.write(async (tx) => tx.putKeyNote(ACCOUNT, 'k5', { replaces: { applicationKeyId: 'k2', keyName: 'bravo-note' }, replacedBy: { applicationKeyId: 'k1', keyName: 'alpha-note' } }));
    tabs[4] = { url: 'https://nas.example/' };
    const r = await f.call('pageSuggestions', { tabId: 4 });
    // k5 is replaced by k1: named by the saved secret, then by the note, which wins.
    expect(r.keys.slice(0, 4).map((k) => [k.applicationKeyId, k.keyName, k.replaces])).toEqual([
      ['k7', '', null],
      ['k9', 'nine', { applicationKeyId: 'k6', keyName: '' }],
      ['k6', '', null],
      ['k1', 'alpha-note', { applicationKeyId: 'k5', keyName: '' }],
    ]);
  });

  it('without a tab id: the active tab of the focused window', async () => {
    active = { url: 'https://other.example/page' };
    expect((await f.call('pageSuggestions', {})).keys.map((k) => k.applicationKeyId)).toEqual(['k8']);
    expect(queries).toEqual([{ active: true, lastFocusedWindow: true }]);
  });

  it('no origin: no tab, a tab without a URL, a page that is not on the web, a tab that cannot be read', async () => {
    expect(await f.call('pageSuggestions', {})).toEqual({ origin: null, keys: [] });
    tabs[5] = {};
    expect(await f.call('pageSuggestions', { tabId: 5 })).toEqual({ origin: null, keys: [] });
    tabs[6] = { url: 'chrome://extensions/' };
    expect(await f.call('pageSuggestions', { tabId: 6 })).toEqual({ origin: null, keys: [] });
    tabsFail = true;
    expect(await f.call('pageSuggestions', { tabId: 3 })).toEqual({ origin: null, keys: [] });
  });

  it('for the account the popup names, not the one another page made active since; nothing for one removed', async () => {
    await f.addAccount('acct0002', 'mkey0002', 'other');
    await f.call('setActiveAccount', { accountId: 'acct0002' });
    expect((await f.call('pageSuggestions', { tabId: 3 })).keys).toEqual([]);
    expect((await f.call('pageSuggestions', { tabId: 3, accountId: ACCOUNT })).keys.map((k) => k.applicationKeyId)).toEqual(['k7', 'k9', 'k6', 'k5', 'k4']);
    await f.call('removeAccount', { accountId: ACCOUNT, keepSecrets: true });
    expect(await f.call('pageSuggestions', { tabId: 3, accountId: ACCOUNT })).toEqual({ origin: 'https://nas.example', keys: [] });
  });

  it('locked, or without an active account: the origin but no keys', async () => {
    await f.call('lock', {});
    expect(await f.call('pageSuggestions', { tabId: 3 })).toEqual({ origin: 'https://nas.example', keys: [] });
    await f.call('unlock', { passphrase: 'correct horse battery staple' });
    await f.service.context.store.write(async (tx) => tx.set('activeAccountId', null));
    expect(await f.call('pageSuggestions', { tabId: 3 })).toEqual({ origin: 'https://nas.example', keys: [] });
  });
});

describe('hygieneReport', () => {
  it('no account: nothing to report', async () => {
    expect(await f.call('hygieneReport', {})).toEqual({ accountId: null, total: 0, lines: [] });
    await f.service.context.store.write(async (tx) => tx.set('activeAccountId', 'gone'));
    expect(await f.call('hygieneReport', {})).toEqual({ accountId: null, total: 0, lines: [] });
  });

  it('an account without a cached list: only the lines that do not come from the list', async () => {
    await f.addAccount(ACCOUNT, ACCOUNT, 'master-secret', { label: 'Main' });
    const r = await f.call('hygieneReport', {});
    expect(r).toEqual({
      accountId: ACCOUNT,
      total: 1,
      lines: [
        {
          kind: 'managingBroad',
          title: 'Managing key broader than needed',
          why: expect.any(String),
          action: 'account',
          count: 1,
          more: false,
          keys: [{ applicationKeyId: ACCOUNT, keyName: 'Main', detail: expect.stringMatching(/^It is the master key/) }],
        },
      ],
    });
  });

  it('lines per kind: the managing key is no admin finding; lost keys without a copy; failed checks of saved copies with their outcome', async () => {
    await f.addAccount(ACCOUNT, MANAGING, 'managing-secret', { label: 'Main', capabilities: ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets'] });
    await listKeys([
      key(MANAGING, 'managing', { capabilities: ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets'] }),
      key('kA', 'admin', { capabilities: ['writeKeys'] }),
      key('kN', 'never', { expirationTimestamp: null }),
      key('kW', 'writer', { capabilities: ['writeFiles'], bucketIds: null }),
    ]);
    await saveSecret('kS', 'saved');
    await saveSecret('kT', 'saved-2');
    const ctx = f.service.context;
    await ctx.store.write(async (tx) => {
      tx.flagLost(ACCOUNT, 'kL', { keyName: 'lost', flaggedAt: 1, recordId: 'r' });
      // Flagged, but a copy is saved since: not lost.
      tx.flagLost(ACCOUNT, 'kS', { keyName: 'saved', flaggedAt: 1, recordId: 'r' });
      tx.putCheck(ACCOUNT, 'kS', { outcome: 'deleted', at: 1 });
      tx.putCheck(ACCOUNT, 'kT', { outcome: 'works', at: 1 });
      tx.putCheck(ACCOUNT, MANAGING, { outcome: 'refused', at: 1 });
      // A check of a key with no saved copy any more: nothing to fix here.
      tx.putCheck(ACCOUNT, 'kX', { outcome: 'expired', at: 1 });
    });
    const r = await f.call('hygieneReport', {});
    const byKind = Object.fromEntries(r.lines.map((l) => [l.kind, { count: l.count, more: l.more, keys: l.keys }]));
    expect(byKind).toEqual({
      neverExpires: { count: 1, more: false, keys: [{ applicationKeyId: 'kN', keyName: 'never' }] },
      allBuckets: { count: 1, more: false, keys: [{ applicationKeyId: 'kW', keyName: 'writer' }] },
      keyAdmin: { count: 1, more: false, keys: [{ applicationKeyId: 'kA', keyName: 'admin' }] },
      lost: { count: 1, more: false, keys: [{ applicationKeyId: 'kL', keyName: 'lost' }] },
      checkFailed: {
        count: 2,
        more: false,
        keys: [
          { applicationKeyId: 'kS', keyName: 'saved', detail: 'Last check: B2 no longer has this key.' },
          { applicationKeyId: MANAGING, keyName: 'Main', detail: 'Last check: B2 refused it.' },
        ],
      },
    });
    expect(r.total).toBe(6);
    expect(r.accountId).toBe(ACCOUNT);
    expect(r.lines.map((l) => l.kind)).toEqual(['neverExpires', 'allBuckets', 'keyAdmin', 'lost', 'checkFailed']);
    expect(r.lines[0]).toMatchObject({ title: 'Never expires', action: 'rotate' });
  });

  it('the managing key is left out of the admin line only: it still shows as a key that never expires', async () => {
    await f.addAccount(ACCOUNT, MANAGING, 'managing-secret', { label: 'Main', capabilities: ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets'] });
    await listKeys([key(MANAGING, 'managing', { capabilities: ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets'], expirationTimestamp: null, bucketIds: null })]);
    const r = await f.call('hygieneReport', {});
    expect(r.lines.map((l) => [l.kind, l.count, l.keys])).toEqual([['neverExpires', 1, [{ applicationKeyId: MANAGING, keyName: 'managing' }]]]);
  });

  it('reads the active account with the accounts, and saved copies only when a key is flagged or a check failed', async () => {
    await f.addAccount(ACCOUNT, MANAGING, 'managing-secret', { capabilities: ['listKeys'] });
    await listKeys([key('kN', 'never', { expirationTimestamp: null })]);
    await saveSecret('kN', 'never');
    const get = vi.spyOn(f.local, 'get');
    const report = async () => {
      get.mockClear();
      const r = await f.call('hygieneReport', {});
      return { r, calls: get.mock.calls.map(([keys]) => [keys ?? []].flat()) };
    };
    const clean = await report();
    expect(clean.r.lines.map((l) => l.kind)).toEqual(['neverExpires']);
    expect(clean.calls.find((keys) => keys.includes('accounts'))).toEqual(expect.arrayContaining(['activeAccountId', 'accounts']));
    expect(clean.calls.flat()).not.toContain(secretsKey(ACCOUNT));
    await f.service.context.store.write(async (tx) => tx.flagLost(ACCOUNT, 'kN', { keyName: 'never', flaggedAt: 1, recordId: 'r' }));
    // Flagged, but a copy is saved: the copy is looked up, and the key is not reported lost.
    const flagged = await report();
    expect(flagged.calls.flat()).toContain(secretsKey(ACCOUNT));
    expect(flagged.r.lines.map((l) => l.kind)).toEqual(['neverExpires']);
  });

  it('an account whose list was never fetched: no lines of listed keys, and nothing is written for it', async () => {
    await f.addAccount(ACCOUNT, MANAGING, 'managing-secret', { capabilities: ['listKeys'] });
    const before = new Map(f.local.data);
    expect(await f.call('hygieneReport', {})).toEqual({ accountId: ACCOUNT, total: 0, lines: [] });
    expect(new Map(f.local.data)).toEqual(before);
  });

  it('the other outcomes’ words, and a damaged saved copy still counts as saved', async () => {
    await f.addAccount(ACCOUNT, MANAGING, 'managing-secret');
    await saveSecret('k1', 'one');
    await saveSecret('k2', 'two');
    const raw = JSON.parse(f.local.data.get(`secrets:${ACCOUNT}`)!) as Record<string, unknown>;
    f.local.data.set(`secrets:${ACCOUNT}`, JSON.stringify({ ...raw, k3: { broken: true } }));
    await f.service.context.store.write(async (tx) => {
      tx.putCheck(ACCOUNT, 'k1', { outcome: 'expired', at: 1 });
      tx.putCheck(ACCOUNT, 'k2', { outcome: 'mismatch', at: 1 });
      tx.putCheck(ACCOUNT, 'k3', { outcome: 'refused', at: 1 });
      tx.flagLost(ACCOUNT, 'k3', { keyName: 'three', flaggedAt: 1, recordId: 'r' });
    });
    const r = await f.call('hygieneReport', {});
    expect(r.lines.find((l) => l.kind === 'lost')).toBeUndefined();
    expect(r.lines.find((l) => l.kind === 'checkFailed')!.keys).toEqual([
      { applicationKeyId: 'k1', keyName: 'one', detail: 'Last check: the key has expired.' },
      { applicationKeyId: 'k2', keyName: 'two', detail: 'Last check: does not match the key B2 has.' },
      { applicationKeyId: 'k3', keyName: '', detail: 'Last check: B2 refused it.' },
    ]);
  });

  it('more than the sample: "more" is set, and a cache without a summary is counted once and the count kept', async () => {
    await f.addAccount(ACCOUNT, MANAGING, 'managing-secret');
    const many = Array.from({ length: 22 }, (_, i) => key(`k${String(i).padStart(2, '0')}`, `n${i}`, { expirationTimestamp: null }));
    await listKeys(many);
    let r = await f.call('hygieneReport', {});
    let never = r.lines.find((l) => l.kind === 'neverExpires')!;
    expect([never.count, never.keys.length, never.more]).toEqual([22, 20, true]);
    // Drop the summary from the stored meta, as a cache written before issue 13.
    const metaKey = `keys:${ACCOUNT}`;
    const meta = JSON.parse(f.local.data.get(metaKey)!) as Record<string, unknown>;
    delete meta['hyg'];
    f.local.data.set(metaKey, JSON.stringify(meta));
    const restarted = await fixtureOver(f);
    r = await restarted.call('hygieneReport', {});
    never = r.lines.find((l) => l.kind === 'neverExpires')!;
    expect([never.count, never.keys.length]).toEqual([22, 20]);
    expect((JSON.parse(f.local.data.get(metaKey)!) as Record<string, unknown>)['hyg']).toBeDefined();
  });

  it('"Show all": a page of one kind, without the managing key among the admin keys', async () => {
    await f.addAccount(ACCOUNT, MANAGING, 'managing-secret');
    await listKeys([
      key(MANAGING, 'managing', { capabilities: ['writeKeys'] }),
      key('kA', 'a', { capabilities: ['writeKeys'] }),
      key('kB', 'b', { capabilities: ['deleteKeys'] }),
      key('kC', 'c', { capabilities: ['writeKeys'] }),
      key('kD', 'd'),
    ]);
    expect(await f.call('hygieneKeys', { kind: 'keyAdmin', offset: 1, limit: 1 })).toEqual({ keys: [{ applicationKeyId: 'kB', keyName: 'b' }], total: 3 });
    expect(await f.call('hygieneKeys', { kind: 'keyAdmin', offset: 0, limit: 10 })).toEqual({
      keys: [
        { applicationKeyId: 'kA', keyName: 'a' },
        { applicationKeyId: 'kB', keyName: 'b' },
        { applicationKeyId: 'kC', keyName: 'c' },
      ],
      total: 3,
    });
  });

  it('"Show all" of the report\'s account, not of the account another page made active since', async () => {
    await f.addAccount(ACCOUNT, MANAGING, 'managing-secret');
    await f.addAccount('acc-2', 'k-m2', 'managing-2');
    await listKeys([key('kA', 'a', { capabilities: ['writeKeys'] })]);
    await f.call('setActiveAccount', { accountId: 'acc-2' });
    expect(await f.call('hygieneKeys', { kind: 'keyAdmin', accountId: ACCOUNT, offset: 0, limit: 10 })).toEqual({ keys: [{ applicationKeyId: 'kA', keyName: 'a' }], total: 1 });
    expect(await f.call('hygieneKeys', { kind: 'keyAdmin', offset: 0, limit: 10 })).toEqual({ keys: [], total: 0 });
  });
});

describe('rememberChecks', () => {
  it('keeps each outcome with its time, for the given account or the active one; a failed write changes nothing', async () => {
    await f.addAccount(ACCOUNT, MANAGING, 'managing-secret');
    await f.addAccount('acc2', 'mkey-acc2', 'other-secret');
    const ctx = f.service.context;
    await saveCopies([ACCOUNT, 'k1'], ['acc2', 'k2'], [ACCOUNT, 'k4']);
    let outcome: 'works' | 'deleted' = 'deleted';
    const h = rememberChecks(ctx, { checkSecret: async (req) => ({ applicationKeyId: req.applicationKeyId, outcome, capabilities: null, bucketKind: null, message: 'm' }) });
    const sender = { sender: {}, senderClass: 'page' as const };
    expect((await h.checkSecret({ applicationKeyId: 'k1' }, sender)).outcome).toBe('deleted');
    f.clock.now += 5;
    outcome = 'works';
    await h.checkSecret({ applicationKeyId: 'k2', accountId: 'acc2' }, sender);
    expect(await ctx.store.secretChecks(ACCOUNT)).toEqual({ k1: { outcome: 'deleted', at: f.clock.now - 5 } });
    expect(await ctx.store.secretChecks('acc2')).toEqual({ k2: { outcome: 'works', at: f.clock.now } });
    // No account at all: nothing to write under.
    await ctx.store.write(async (tx) => tx.set('activeAccountId', null));
    const before = JSON.stringify([...f.local.data]);
    await h.checkSecret({ applicationKeyId: 'k3' }, sender);
    expect(JSON.stringify([...f.local.data])).toBe(before);
    // A write that fails (storage full) still returns the outcome.
    await ctx.store.write(async (tx) => tx.set('activeAccountId', ACCOUNT));
    const set = f.local.set.bind(f.local);
    f.local.set = async () => {
      throw new Error('QUOTA_BYTES quota exceeded');
    };
    try {
      expect((await h.checkSecret({ applicationKeyId: 'k4' }, sender)).outcome).toBe('works');
    } finally {
      f.local.set = set;
    }
  });

  it('an outcome is kept only for the copy that was checked: not after that copy was saved again meanwhile, nor for a key with no copy', async () => {
    await f.addAccount(ACCOUNT, MANAGING, 'managing-secret');
    const ctx = f.service.context;
    await saveCopies([ACCOUNT, 'k1']);
    const sender = { sender: {}, senderClass: 'page' as const };
    let during = async () => undefined as void;
    const h = rememberChecks(ctx, { checkSecret: async (req) => (await during(), { applicationKeyId: req.applicationKeyId, outcome: 'mismatch', capabilities: null, bucketKind: null, message: 'm' }) });
    // The right copy is pasted while B2 answers the check of the wrong one.
    during = () => saveCopies([ACCOUNT, 'k1']);
    await h.checkSecret({ applicationKeyId: 'k1', accountId: ACCOUNT }, sender);
    expect(await ctx.store.secretChecks(ACCOUNT)).toEqual({});
    during = async () => undefined;
    await h.checkSecret({ applicationKeyId: 'k-none', accountId: ACCOUNT }, sender);
    expect(await ctx.store.secretChecks(ACCOUNT)).toEqual({});
    // The account's own key: its copy is the account record's.
    await h.checkSecret({ applicationKeyId: MANAGING, accountId: ACCOUNT }, sender);
    expect(Object.keys(await ctx.store.secretChecks(ACCOUNT))).toEqual([MANAGING]);
  });

  it('the check is made and kept in the account that was active when it was asked, not one made active meanwhile', async () => {
    await f.addAccount(ACCOUNT, MANAGING, 'managing-secret');
    const ctx = f.service.context;
    await saveCopies([ACCOUNT, 'k1'], ['acc2', 'k1']);
    const asked: unknown[] = [];
    const h = rememberChecks(ctx, {
      checkSecret: async (req) => {
        asked.push(req.accountId);
        await ctx.store.write(async (tx) => tx.set('activeAccountId', 'acc2'));
        return { applicationKeyId: req.applicationKeyId, outcome: 'works', capabilities: null, bucketKind: null, message: 'm' };
      },
    });
    await h.checkSecret({ applicationKeyId: 'k1' }, { sender: {}, senderClass: 'page' });
    expect(asked).toEqual([ACCOUNT]);
    expect(Object.keys(await ctx.store.secretChecks(ACCOUNT))).toEqual(['k1']);
    expect(await ctx.store.secretChecks('acc2')).toEqual({});
  });
});

/** Saves a (new) sealed copy of each [account, keyID]. */
async function saveCopies(...keys: [string, string][]): Promise<void> {
  const ctx = f.service.context;
  const dataKey = await ctx.dataKey();
  for (const [accountId, applicationKeyId] of keys) {
    const sealed = await sealSecret(dataKey, { accountId, applicationKeyId }, `secret-${applicationKeyId}`);
    await ctx.store.write(async (tx) => tx.putSecret(accountId, applicationKeyId, { sealed, keyName: applicationKeyId, savedAt: 1 }));
  }
}

/** A new service over the same storage and session (a restarted worker: nothing of the key cache in memory). */
async function fixtureOver(old: Fixture): Promise<Pick<Fixture, 'call'>> {
  const { createService } = await import('./service');
  const { LocalStore } = await import('../storage');
  const { Session } = await import('./session');
  const service = createService({
    store: new LocalStore(old.local),
    session: new Session(old.sessionArea),
    fetch: () => Promise.reject(new Error('no network in this test')),
    now: () => old.clock.now,
    manifest: { name: 'B2 Key Manager', version: '0' },
    browser: 'chrome',
    demoEndpoint: null,
  });
  return { call: (m, p) => (service.handlers[m] as (p: unknown, c: object) => never)(p, { sender: {}, senderClass: 'page' }) };
}

describe('a check answered after its account was removed, its saved secrets kept', () => {
  it('leaves no check record for the removed account', async () => {
    const b2 = fakeB2();
    const g = await fixture({ fetch: b2.fetch });
    await g.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
    const dataKey = await g.service.context.dataKey();
    await g.local.set({ [secretsKey(ACCOUNT_ID)]: { 'k-saved': { sealed: await sealSecret(dataKey, { accountId: ACCOUNT_ID, applicationKeyId: 'k-saved' }, 'S-saved'), keyName: 'saved', savedAt: 1 } } });
    b2.keys = [keyJson('k-saved', { keyName: 'saved' }), keyJson('k-manager', { keyName: 'manager' })];
    await g.call('refreshKeys', {});
    let answer!: () => void;
    const gate = new Promise<void>((r) => (answer = r));
    b2.authorize = () => async () => (await gate, authorizeReply({ capabilities: ['readFiles'] }));
    const checking = g.call('checkSecret', { applicationKeyId: 'k-saved', accountId: ACCOUNT_ID });
    await vi.waitFor(() => expect(b2.calls.filter((c) => c === 'b2_authorize_account').length).toBeGreaterThan(1));
    await g.call('removeAccount', { accountId: ACCOUNT_ID, keepSecrets: true });
    answer();
    expect((await checking).outcome).toBe('works');
    expect([...g.local.data.keys()].filter((k) => k.startsWith('checks:'))).toEqual([]);
  });
});
