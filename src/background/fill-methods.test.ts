/**
 * fillKey in Node: which values reach the page filler, when, and what is recorded after. The browser's page
 * injection (page-filler.ts) is tested in Chromium; here a stand-in filler records what it was asked to fill.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { LocalStore, MemoryArea, usageKey, type CachedKey, type StoredAccount } from '../storage';
import { sealSecret } from '../vault';
import { managingKeyBinding } from './account-integrity';
import { fillKey, toView } from './fill-methods';
import { usageOf } from './key-usage';
import type { FillOutcome, FillRequest } from './page-filler';
import { createService, type Service } from './service';
import { Session } from './session';
import { failure, fixture } from './test-support';

const PASS = 'correct horse battery staple';
const ACCOUNT = 'acct0001';
const MANAGING = 'mkey0001';
const MANAGING_SECRET = 'K005managing-secret-managing-secret';
const SAVED = 'key-saved';
const SAVED_SECRET = 'K005saved-secret-saved-secret-saved';
const LISTED = 'key-listed-no-secret';

let local: MemoryArea;
let sessionArea: MemoryArea;
let clock: number;
let asked: { req: Omit<FillRequest, 'values'>; values: { keyId?: string; secret?: string } | null }[];
let answer: FillOutcome;
let service: Service;

function makeService(withFiller = true): Service {
  return createService({
    store: new LocalStore(local),
    session: new Session(sessionArea),
    fetch: () => Promise.reject(new Error('no network in this test')),
    now: () => clock,
    manifest: { name: 'B2 Key Manager', version: '0' },
    browser: 'chrome',
    demoEndpoint: null,
    ...(withFiller
      ? {
          pageFiller: {
            async fill({ values, ...req }) {
              const entry: (typeof asked)[number] = { req, values: null };
              asked.push(entry);
              if (answer.status === 'filled') entry.values = await values();
              return answer;
            },
          },
        }
      : {}),
  });
}

const key = (applicationKeyId: string): CachedKey => ({ accountId: ACCOUNT, applicationKeyId, keyName: applicationKeyId, capabilities: ['readFiles'], bucketIds: null, namePrefix: null, expirationTimestamp: null, options: [] });

beforeEach(async () => {
  local = new MemoryArea();
  sessionArea = new MemoryArea();
  clock = Date.UTC(2026, 11, 1, 9);
  asked = [];
  answer = { status: 'filled', filled: ['keyId', 'secret'], frameUrl: 'https://nas.example/sync?task=1', frameOrigin: 'https://nas.example', pageTitle: 'Cloud Sync' };
  service = makeService();
  await service.handlers.createVault({ passphrase: PASS }, { sender: {}, senderClass: 'page' });
  const ctx = service.context;
  const dataKey = await ctx.dataKey();
  const account: StoredAccount = {
    accountId: ACCOUNT,
    label: 'Work',
    endpoint: 'https://api.backblazeb2.com',
    managingKeyId: MANAGING,
    sealedKey: await sealSecret(dataKey, managingKeyBinding({ accountId: ACCOUNT, managingKeyId: MANAGING, endpoint: 'https://api.backblazeb2.com' }), MANAGING_SECRET),
    capabilities: ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets'],
    bucketRestriction: null,
    namePrefix: null,
    s3ApiUrl: null,
    addedAt: 1,
  };
  const sealed = await sealSecret(dataKey, { accountId: ACCOUNT, applicationKeyId: SAVED }, SAVED_SECRET);
  await ctx.store.write(async (tx) => {
    tx.putAccount(account);
    tx.set('activeAccountId', ACCOUNT);
    tx.putSecret(ACCOUNT, SAVED, { sealed, keyName: SAVED, savedAt: 1 });
    await ctx.keyCache.upsert(tx, ACCOUNT, key(LISTED));
  });
});

describe('fillKey', () => {
  it('fills a saved key’s applicationKey and keyID, and remembers it as the last fill and where it was used', async () => {
    const view = await fillKey(service.context, { applicationKeyId: SAVED, what: 'both', tabId: 3, frameId: 2 });
    expect(asked).toEqual([{ req: { applicationKeyId: SAVED, what: 'both', tabId: 3, frameId: 2 }, values: { keyId: SAVED, secret: SAVED_SECRET } }]);
    expect(view).toEqual({ status: 'filled', filled: ['keyId', 'secret'], frameUrl: 'https://nas.example', message: expect.stringContaining('https://nas.example') });
    expect(await service.context.store.get('lastFill')).toEqual({ accountId: ACCOUNT, applicationKeyId: SAVED });
    expect(await usageOf(service.context, ACCOUNT, SAVED)).toEqual([{ origin: 'https://nas.example', title: 'Cloud Sync', at: clock, filled: ['keyId', 'secret'] }]);
  });

  it('gives the filler only what was asked for: the secret alone, or the keyID alone', async () => {
    await fillKey(service.context, { applicationKeyId: SAVED, what: 'secret' });
    await fillKey(service.context, { applicationKeyId: SAVED, what: 'keyId' });
    expect(asked.map((a) => a.values)).toEqual([{ secret: SAVED_SECRET }, { keyId: SAVED }]);
  });

  it('fills the account’s own key from the account record', async () => {
    await fillKey(service.context, { applicationKeyId: MANAGING, what: 'both' });
    expect(asked[0]!.values).toEqual({ keyId: MANAGING, secret: MANAGING_SECRET });
  });

  it('a key in the list without a saved secret: its keyID fills, its applicationKey is refused before the page is touched', async () => {
    await fillKey(service.context, { applicationKeyId: LISTED, what: 'keyId' });
    expect(asked.map((a) => a.values)).toEqual([{ keyId: LISTED }]);
    for (const what of ['secret', 'both'] as const) {
      const e = await failure(fillKey(service.context, { applicationKeyId: LISTED, what }));
      expect(e.code).toBe('NOT_FOUND');
      expect(e.message).toMatch(/only its keyID can be filled/);
    }
    expect(asked).toHaveLength(1);
  });

  it('fills from the account the popup named, also after another page made another account active', async () => {
    const ctx = service.context;
    const other: StoredAccount = {
      ...((await ctx.store.accounts())[ACCOUNT] as StoredAccount),
      accountId: 'acct0002',
      managingKeyId: 'mkey0002',
      sealedKey: await sealSecret(await ctx.dataKey(), managingKeyBinding({ accountId: 'acct0002', managingKeyId: 'mkey0002', endpoint: 'https://api.backblazeb2.com' }), 'K-other'),
    };
    await ctx.store.write(async (tx) => {
      tx.putAccount(other);
      tx.set('activeAccountId', 'acct0002');
    });
    await fillKey(ctx, { applicationKeyId: SAVED, accountId: ACCOUNT, what: 'both' });
    expect(asked.map((a) => a.values)).toEqual([{ keyId: SAVED, secret: SAVED_SECRET }]);
    expect(await ctx.store.get('lastFill')).toEqual({ accountId: ACCOUNT, applicationKeyId: SAVED });
    // The menu and the keyboard command name no account: they fill from the active one, which has no such key.
    expect((await failure(fillKey(ctx, { applicationKeyId: SAVED, what: 'both' }))).message).toMatch(/not in the list any more/);
    expect((await failure(fillKey(ctx, { applicationKeyId: SAVED, accountId: 'gone', what: 'both' }))).code).toBe('NOT_FOUND');
    expect(asked).toHaveLength(1);
  });

  it('a key that is nowhere is refused before the page is touched', async () => {
    const e = await failure(fillKey(service.context, { applicationKeyId: 'unknown', what: 'keyId' }));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toMatch(/not in the list any more/);
    expect(asked).toEqual([]);
  });

  it('while locked a keyID still fills, an applicationKey (also the account’s own) is refused before the page is touched', async () => {
    await service.lock();
    await fillKey(service.context, { applicationKeyId: SAVED, what: 'keyId' });
    expect(asked.map((a) => a.values)).toEqual([{ keyId: SAVED }]);
    for (const id of [SAVED, MANAGING]) expect((await failure(fillKey(service.context, { applicationKeyId: id, what: 'secret' }))).code).toBe('LOCKED');
    expect(asked).toHaveLength(1);
    // Nothing is recorded where it was used while locked (the record is sealed with the data key).
    await service.handlers.unlock({ passphrase: PASS }, { sender: {}, senderClass: 'page' });
    expect(await usageOf(service.context, ACCOUNT, SAVED)).toEqual([]);
  });

  it('a damaged saved secret is reported as damaged', async () => {
    const secrets = JSON.parse(local.data.get(`secrets:${ACCOUNT}`) ?? 'null') as Record<string, { sealed: { ct: string } }> | null;
    expect(secrets).not.toBeNull();
    const ct = secrets![SAVED]!.sealed.ct;
    secrets![SAVED]!.sealed.ct = (ct[0] === 'A' ? 'B' : 'A') + ct.slice(1);
    local.data.set(`secrets:${ACCOUNT}`, JSON.stringify(secrets));
    expect((await failure(fillKey(service.context, { applicationKeyId: SAVED, what: 'secret' }))).code).toBe('CORRUPT_ENTRY');
  });

  it('nothing filled (not found, or a question about the frame): no last fill and no usage recorded, and the values are not asked for', async () => {
    answer = { status: 'notFound', message: 'No keyID field was found on this page.' };
    expect(await fillKey(service.context, { applicationKeyId: SAVED, what: 'both' })).toEqual(answer);
    answer = { status: 'confirm', reason: 'crossOriginFrame', message: 'Fill the frame?', frameUrl: 'https://frame.example/x', frameOrigin: 'https://frame.example' };
    expect(await fillKey(service.context, { applicationKeyId: SAVED, what: 'both' })).toMatchObject({ status: 'confirm', frameUrl: 'https://frame.example', frameOrigin: 'https://frame.example' });
    expect(asked.map((a) => a.values)).toEqual([null, null]);
    expect(await service.context.store.get('lastFill')).toBeUndefined();
    expect(await usageOf(service.context, ACCOUNT, SAVED)).toEqual([]);
  });

  it('a fill that placed nothing is still the last fill, but no usage is recorded; the origin comes from the URL when the frame gave none', async () => {
    answer = { status: 'filled', filled: [], frameUrl: 'https://nas.example/x' };
    await fillKey(service.context, { applicationKeyId: SAVED, what: 'both' });
    expect(await service.context.store.get('lastFill')).toEqual({ accountId: ACCOUNT, applicationKeyId: SAVED });
    expect(await usageOf(service.context, ACCOUNT, SAVED)).toEqual([]);
    answer = { status: 'filled', filled: ['secret'], frameUrl: 'https://other.example/path?q=1' };
    await fillKey(service.context, { applicationKeyId: SAVED, what: 'secret' });
    expect(await usageOf(service.context, ACCOUNT, SAVED)).toEqual([{ origin: 'https://other.example', title: '', at: clock, filled: ['secret'] }]);
  });

  it('without a page filler (not a browser) says so', async () => {
    const bare = makeService(false);
    const e = await failure(fillKey(bare.context, { applicationKeyId: SAVED, what: 'keyId' }));
    expect([e.code, e.message]).toEqual(['INTERNAL', 'Filling pages is not available here.']);
  });

  it('applies auto-lock first: past the deadline an applicationKey is refused as locked', async () => {
    await service.handlers.setSettings({ autoLock: { kind: 'minutes', minutes: 5 } }, { sender: {}, senderClass: 'page' });
    clock += 5 * 60_000;
    expect((await failure(fillKey(service.context, { applicationKeyId: SAVED, what: 'secret' }))).code).toBe('LOCKED');
    expect(asked).toEqual([]);
  });
});

describe('toView', () => {
  it('shows a frame by its web origin only, never its path; a frame without one shows empty', () => {
    expect(toView({ status: 'filled', filled: ['keyId'], frameUrl: 'https://nas.example/a/b?secret=1' })).toEqual({
      status: 'filled',
      filled: ['keyId'],
      frameUrl: 'https://nas.example',
      message: expect.stringContaining('https://nas.example'),
    });
    const opaque = toView({ status: 'filled', filled: ['keyId'], frameUrl: 'data:text/html,<b>body</b>' });
    expect(opaque).toMatchObject({ status: 'filled', frameUrl: '' });
    expect(JSON.stringify(opaque)).not.toContain('<b>body</b>');
    expect(toView({ status: 'confirm', reason: 'insecurePage', message: 'm', frameUrl: 'http://nas.example/p?x', frameOrigin: 'http://nas.example' })).toEqual({
      status: 'confirm',
      reason: 'insecurePage',
      message: 'm',
      frameUrl: 'http://nas.example',
      frameOrigin: 'http://nas.example',
    });
    expect(toView({ status: 'confirm', reason: 'crossOriginFrame', message: 'm', frameUrl: 'about:blank', frameOrigin: 'null' })).toMatchObject({ frameUrl: '' });
    expect(toView({ status: 'notFound', message: 'none' })).toEqual({ status: 'notFound', message: 'none' });
  });

  it('a partial fill in a frame without a web origin: no address, and the frame described', () => {
    expect(toView({ status: 'filled', filled: ['keyId'], unplaced: [{ role: 'secret', reason: 'NO_FIELD' }], frameUrl: 'data:text/html,<b>body</b>' })).toEqual({
      status: 'partial',
      filled: ['keyId'],
      missing: ['secret'],
      frameUrl: '',
      message:
        'Filled the keyID in a frame with no web address (data: URL); no applicationKey field was found on this page. Copy the applicationKey from the key’s details and paste it by hand, or click into its field and use “Fill B2 applicationKey” from the right-click menu.'.replace('’', "'"),
    });
  });

  it('prefers the origin the frame reported over its URL', () => {
    expect(toView({ status: 'filled', filled: ['secret'], frameUrl: 'about:srcdoc', frameOrigin: 'https://parent.example' })).toMatchObject({ frameUrl: 'https://parent.example' });
  });
});

describe('a fill that ends after its account was removed', () => {
  it('writes neither the where-used record nor the last fill of the removed account', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const inFill = new Promise<void>((r) => (started = r));
    const f = await fixture({
      pageFiller: {
        async fill({ values }) {
          started();
          // A busy page: the fill script waits for the page's main thread.
          await gate;
          await values();
          return { status: 'filled', filled: ['keyId', 'secret'], frameUrl: 'https://nas.example/x', frameOrigin: 'https://nas.example', pageTitle: 'NAS' };
        },
      },
    });
    await f.addAccount('acctA', 'mkeyA', 'K-managing-A');
    await f.addAccount('acctB', 'mkeyB', 'K-managing-B');
    const ctx = f.service.context;
    const sealedA = await sealSecret(await ctx.dataKey(), { accountId: 'acctA', applicationKeyId: 'kA1' }, 'K-secret-kA1');
    await ctx.store.write(async (tx) => tx.putSecret('acctA', 'kA1', { sealed: sealedA, keyName: 'kA1', savedAt: 1 }));
    const fill = fillKey(ctx, { applicationKeyId: 'kA1', accountId: 'acctA', what: 'both' });
    await inFill;
    await f.call('removeAccount', { accountId: 'acctA', keepSecrets: false, savedSecretCount: 1 });
    release();
    await fill;
    expect(await ctx.store.raw(usageKey('acctA'))).toBeUndefined();
    expect(await ctx.store.get('lastFill')).toBeUndefined();
  });
});
