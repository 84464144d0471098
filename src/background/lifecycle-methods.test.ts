/**
 * Check applicationKey, the saved-secrets list and key notes in Node, over a stand-in for B2 that answers by URL
 * and credentials (the emulator run is test/integration/lifecycle.test.ts): every outcome and refusal, word for
 * word, and which requests were made.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { b2Error, connectionRefused, json } from '../b2/test-support';
import type { CachedKey } from '../storage';
import { sealSecret } from '../vault';
import { recordUsage } from './key-usage';
import { failure, fixture, type Fixture } from './test-support';

const ACCOUNT = 'acct0001';
const MANAGING = 'mkey0001';
const NOW = Date.UTC(2026, 11, 1, 9);

type Reply = Response | Error;
/** What the stand-in answers: v4 authorize by keyID, v3 authorize by keyID, and b2_list_keys. */
let v4: Record<string, () => Reply>;
let v3: Record<string, () => Reply>;
let list: () => Reply;
let requests: string[];

function auth(accountId: string, opts: { buckets?: { id: string; name: string | null }[] | null; capabilities?: string[] } = {}): Response {
  return json({
    accountId,
    authorizationToken: `token-${accountId}`,
    apiInfo: {
      storageApi: {
        absoluteMinimumPartSize: 5000000,
        recommendedPartSize: 100000000,
        apiUrl: 'https://api004.backblazeb2.com',
        downloadUrl: 'https://f004.backblazeb2.com',
        s3ApiUrl: 'https://s3.us-west-004.backblazeb2.com',
        allowed: { buckets: opts.buckets === undefined ? null : opts.buckets, capabilities: opts.capabilities ?? ['listKeys', 'readFiles'], namePrefix: null },
      },
    },
    applicationKeyExpirationTimestamp: null,
  });
}

const listed = (applicationKeyId: string, expirationTimestamp: number | null = null) =>
  json({ keys: [{ accountId: ACCOUNT, applicationKeyId, keyName: 'n', capabilities: ['readFiles'], bucketIds: null, namePrefix: null, expirationTimestamp, options: [] }], nextApplicationKeyId: null });

const stub: typeof fetch = async (input, init) => {
  const url = String(input);
  const header = new Headers(init?.headers).get('authorization') ?? '';
  const keyId = header.startsWith('Basic ') ? atob(header.slice(6)).split(':')[0]! : '';
  const path = new URL(url).pathname;
  requests.push(`${path.replace(/^\/b2api\//, '')}${keyId ? ` ${keyId}` : ''}`);
  const reply = path === '/b2api/v4/b2_authorize_account' ? v4[keyId]?.() : path === '/b2api/v3/b2_authorize_account' ? v3[keyId]?.() : path.endsWith('/b2_list_keys') ? list() : undefined;
  if (!reply) throw new Error(`unexpected request ${url}`);
  if (reply instanceof Error) throw reply;
  return reply;
};

const key = (applicationKeyId: string, extra: Partial<CachedKey> = {}): CachedKey => ({ accountId: ACCOUNT, applicationKeyId, keyName: applicationKeyId, capabilities: ['readFiles'], bucketIds: null, namePrefix: null, expirationTimestamp: null, options: [], ...extra });

let f: Fixture;

async function saveSecret(applicationKeyId: string, keyName: string, accountId = ACCOUNT) {
  const ctx = f.service.context;
  const sealed = await sealSecret(await ctx.dataKey(), { accountId, applicationKeyId }, `secret-of-${applicationKeyId}`);
  await ctx.store.write(async (tx) => tx.putSecret(accountId, applicationKeyId, { sealed, keyName, savedAt: 1 }));
}

async function cache(...keys: CachedKey[]) {
  const ctx = f.service.context;
  await ctx.store.write(async (tx) => {
    for (const k of keys) await ctx.keyCache.upsert(tx, ACCOUNT, k);
  });
}

beforeEach(async () => {
  v4 = { [MANAGING]: () => auth(ACCOUNT, { capabilities: ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets'] }) };
  v3 = {};
  list = () => listed('none');
  requests = [];
  f = await fixture({ fetch: stub });
  f.clock.now = NOW;
  await f.addAccount(ACCOUNT, MANAGING, 'managing-secret', { label: 'Work' });
});

const works = (applicationKeyId: string, capabilities: string[], bucketKind: string) => ({
  applicationKeyId,
  outcome: 'works',
  capabilities,
  bucketKind,
  message: `Works: B2 accepted the saved applicationKey, with ${capabilities.length} ${capabilities.length === 1 ? 'capability' : 'capabilities'}.`,
});

describe('checkSecret: the key works', () => {
  it('all buckets, with its capabilities counted', async () => {
    await saveSecret('k1', 'one');
    v4['k1'] = () => auth(ACCOUNT, { capabilities: ['readFiles'] });
    expect(await f.call('checkSecret', { applicationKeyId: 'k1' })).toEqual({ ...works('k1', ['readFiles'], 'allBuckets'), message: 'Works: B2 accepted the saved applicationKey, with 1 capability.' });
    v4['k1'] = () => auth(ACCOUNT, { capabilities: ['readFiles', 'listFiles'] });
    expect(await f.call('checkSecret', { applicationKeyId: 'k1' })).toEqual({ ...works('k1', ['readFiles', 'listFiles'], 'allBuckets'), message: 'Works: B2 accepted the saved applicationKey, with 2 capabilities.' });
    expect(requests).toEqual(['v4/b2_authorize_account k1', 'v4/b2_authorize_account k1']);
  });

  it('the account’s own key is checked with the copy saved with the account', async () => {
    expect(await f.call('checkSecret', { applicationKeyId: MANAGING })).toMatchObject({ outcome: 'works', capabilities: ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets'] });
  });

  it('several buckets: multi, without asking v3', async () => {
    await saveSecret('k1', 'one');
    v4['k1'] = () => auth(ACCOUNT, { buckets: [{ id: 'b1', name: 'a' }, { id: 'b2', name: 'b' }] });
    expect((await f.call('checkSecret', { applicationKeyId: 'k1' })).bucketKind).toBe('multi');
    expect(requests).toEqual(['v4/b2_authorize_account k1']);
  });

  it('one bucket: single when v3 takes it, multi when v3 refuses it, and what was known when v3 cannot be asked', async () => {
    await saveSecret('k1', 'one');
    await cache(key('k1', { bucketIds: ['b1'] }));
    v4['k1'] = () => auth(ACCOUNT, { buckets: [{ id: 'b1', name: 'a' }] });
    v3['k1'] = () => auth(ACCOUNT);
    expect((await f.call('checkSecret', { applicationKeyId: 'k1' })).bucketKind).toBe('single');
    expect(requests).toEqual(['v4/b2_authorize_account k1', 'v3/b2_authorize_account k1']);
    v3['k1'] = () => b2Error(401, 'unsupported', 'v3 is not supported for this key');
    expect((await f.call('checkSecret', { applicationKeyId: 'k1' })).bucketKind).toBe('multi');
    v3['k1'] = () => b2Error(403, 'forbidden', 'no');
    expect((await f.call('checkSecret', { applicationKeyId: 'k1' })).bucketKind).toBe('unknown');
    await f.service.context.store.write(async (tx) => tx.putKeyNote(ACCOUNT, 'k1', { bucketKind: 'single' }));
    expect((await f.call('checkSecret', { applicationKeyId: 'k1' })).bucketKind).toBe('single');
    // Not in the cached list: nothing was known.
    await saveSecret('k2', 'two');
    v4['k2'] = () => auth(ACCOUNT, { buckets: [{ id: 'b1', name: 'a' }] });
    v3['k2'] = () => b2Error(403, 'forbidden', 'no');
    expect((await f.call('checkSecret', { applicationKeyId: 'k2' })).bucketKind).toBe('unknown');
  });

  it('a v3 question tried again after a 503 waits through the background’s own sleep', async () => {
    const waits: number[] = [];
    f = await fixture({ fetch: stub, sleep: async (ms) => void waits.push(ms) });
    f.clock.now = NOW;
    await f.addAccount(ACCOUNT, MANAGING, 'managing-secret', { label: 'Work' });
    await saveSecret('k1', 'one');
    v4['k1'] = () => auth(ACCOUNT, { buckets: [{ id: 'b1', name: 'a' }] });
    let tries = 0;
    v3['k1'] = () => (++tries === 1 ? b2Error(503, 'service_unavailable', 'busy') : auth(ACCOUNT));
    expect((await f.call('checkSecret', { applicationKeyId: 'k1' })).bucketKind).toBe('single');
    expect(tries).toBe(2);
    expect(waits).toHaveLength(1);
  });

  it('works, but for another B2 account', async () => {
    await saveSecret('k1', 'one');
    v4['k1'] = () => auth('someone-else');
    expect(await f.call('checkSecret', { applicationKeyId: 'k1' })).toEqual({
      applicationKeyId: 'k1',
      outcome: 'mismatch',
      capabilities: null,
      bucketKind: null,
      message: 'The saved applicationKey works, but for a different B2 account than this one.',
    });
  });

  it('of another account, named by its id', async () => {
    await f.addAccount('acct0002', 'mkey0002', 'other-secret');
    await saveSecret('k9', 'nine', 'acct0002');
    v4['k9'] = () => auth('acct0002');
    expect((await f.call('checkSecret', { applicationKeyId: 'k9', accountId: 'acct0002' })).outcome).toBe('works');
    expect((await failure(f.call('checkSecret', { applicationKeyId: 'k9', accountId: 'gone' }))).message).toBe('That account is no longer in the list. Reopen this page.');
  });
});

describe('checkSecret: B2 refuses the key', () => {
  const base = (applicationKeyId: string) => ({ applicationKeyId, capabilities: null, bucketKind: null });

  beforeEach(async () => {
    await saveSecret('k1', 'one');
    v4['k1'] = () => b2Error(401, 'unauthorized', '');
  });

  it('the account’s own key: said without asking anything more', async () => {
    v4[MANAGING] = () => b2Error(401, 'unauthorized', '');
    expect(await f.call('checkSecret', { applicationKeyId: MANAGING })).toEqual({
      ...base(MANAGING),
      outcome: 'refused',
      message: 'B2 no longer accepts this account’s own key: it was deleted, expired or (for a master key) regenerated. Add the account again with a key that works.',
    });
    expect(requests).toEqual([`v4/b2_authorize_account ${MANAGING}`]);
  });

  it('B2 still lists it: the saved copy does not match', async () => {
    list = () => listed('k1', NOW + 1);
    expect(await f.call('checkSecret', { applicationKeyId: 'k1' })).toEqual({
      ...base('k1'),
      outcome: 'mismatch',
      message: 'B2 has this key, but the saved applicationKey does not match it. If you have the right one, save it again; otherwise rotate the key.',
    });
    expect(requests).toEqual(['v4/b2_authorize_account k1', `v4/b2_authorize_account ${MANAGING}`, 'v4/b2_list_keys']);
  });

  it('B2 lists it as expired, at this very millisecond too', async () => {
    const expired = { ...base('k1'), outcome: 'expired', message: 'This key has expired, so B2 no longer accepts it. Rotate it (or create a new key) and delete this one.' };
    list = () => listed('k1', NOW);
    expect(await f.call('checkSecret', { applicationKeyId: 'k1' })).toEqual(expired);
    list = () => listed('k1', NOW - 1);
    expect(await f.call('checkSecret', { applicationKeyId: 'k1' })).toEqual(expired);
  });

  it('B2 no longer lists it: deleted, unless the cached list says it expired', async () => {
    const deleted = { ...base('k1'), outcome: 'deleted', message: 'B2 no longer has this key: it was deleted (here, in the B2 web console or by another tool). Refresh the list; create a new key if you still need one.' };
    list = () => listed('k2');
    expect(await f.call('checkSecret', { applicationKeyId: 'k1' })).toEqual(deleted);
    list = () => json({ keys: [], nextApplicationKeyId: null });
    expect(await f.call('checkSecret', { applicationKeyId: 'k1' })).toEqual(deleted);
    await cache(key('k1', { expirationTimestamp: NOW + 1000 }));
    expect((await f.call('checkSecret', { applicationKeyId: 'k1' })).outcome).toBe('deleted');
    await cache(key('k1', { expirationTimestamp: NOW - 1000 }));
    expect((await f.call('checkSecret', { applicationKeyId: 'k1' })).outcome).toBe('expired');
    // B2's own expiry wins over the cached one.
    list = () => listed('k1', NOW + 5000);
    expect((await f.call('checkSecret', { applicationKeyId: 'k1' })).outcome).toBe('mismatch');
  });

  it('why cannot be asked: refused, saying why not', async () => {
    list = () => b2Error(401, 'unauthorized', '');
    expect(await f.call('checkSecret', { applicationKeyId: 'k1' })).toEqual({
      ...base('k1'),
      outcome: 'refused',
      message:
        'B2 did not accept the saved applicationKey, and why could not be asked: B2 refused this to the key this extension manages the account with: it needs the listKeys capability, and a key limited to some buckets or to a file name prefix cannot act beyond them. Add the account again with a key that has it and no such limit (the master key has all of them).',
    });
    list = () => b2Error(400, 'bad_request', 'odd');
    expect((await f.call('checkSecret', { applicationKeyId: 'k1' })).message).toBe('B2 did not accept the saved applicationKey, and why could not be asked: B2 refused the request (bad_request). B2 said: “odd”');
  });

  it('why cannot be asked because the connection was refused: the sentence names the server that refused it', async () => {
    list = connectionRefused;
    const r = await f.call('checkSecret', { applicationKeyId: 'k1' });
    expect(r.outcome).toBe('refused');
    // The account's server (its sign-in's apiUrl), not the endpoint, which answered: checking the endpoint would not help.
    expect(r.message).toMatch(/^B2 did not accept the saved applicationKey, and why could not be asked: api004\.backblazeb2\.com, the B2 server this account's calls go to, could not be reached\./);
  });

  it('any other failure of the check is an error, not an outcome', async () => {
    v4['k1'] = () => b2Error(400, 'bad_request', 'nope');
    const e = await failure(f.call('checkSecret', { applicationKeyId: 'k1' }));
    expect([e.code, e.message]).toEqual(['B2', 'B2 refused the request (bad_request). B2 said: “nope”']);
    v4['k1'] = () => json({ nonsense: true });
    expect((await failure(f.call('checkSecret', { applicationKeyId: 'k1' }))).message).toBe(
      'The B2 server at https://api.backblazeb2.com sent an answer that could not be read. Check the API endpoint in the settings, then try again.',
    );
    v4['k1'] = () => b2Error(403, 'unauthorized', 'cap');
    expect((await failure(f.call('checkSecret', { applicationKeyId: 'k1' }))).code).toBe('B2');
  });
});

describe('checkSecret: nothing to check', () => {
  it('no saved copy, a damaged copy, a record of the wrong type; nothing is sent', async () => {
    const none = await failure(f.call('checkSecret', { applicationKeyId: 'k1' }));
    expect([none.code, none.message]).toEqual(['NOT_FOUND', 'No applicationKey is saved for this key, so there is nothing to check.']);
    await saveSecret('k2', 'two');
    const raw = JSON.parse(f.local.data.get(`secrets:${ACCOUNT}`)!) as Record<string, unknown>;
    f.local.data.set(`secrets:${ACCOUNT}`, JSON.stringify({ ...raw, k1: { broken: 1 }, k3: raw['k2'] }));
    const damaged = 'The saved applicationKey of this key is damaged and cannot be decrypted, so it cannot be checked. Nothing was changed.';
    expect([(await failure(f.call('checkSecret', { applicationKeyId: 'k1' }))).code, (await failure(f.call('checkSecret', { applicationKeyId: 'k1' }))).message]).toEqual(['CORRUPT_ENTRY', damaged]);
    // Sealed for another key: it does not open.
    const wrong = await failure(f.call('checkSecret', { applicationKeyId: 'k3' }));
    expect([wrong.code, wrong.message]).toEqual(['CORRUPT_ENTRY', 'This saved secret is damaged and cannot be decrypted. The other saved secrets are not affected.']);
    f.local.data.set(`secrets:${ACCOUNT}`, JSON.stringify('text'));
    expect((await failure(f.call('checkSecret', { applicationKeyId: 'k2' }))).message).toBe(damaged);
    expect(requests).toEqual([]);
  });

  it('needs the vault unlocked, and an account record that opens', async () => {
    await saveSecret('k1', 'one');
    await f.call('lock', {});
    expect((await failure(f.call('checkSecret', { applicationKeyId: 'k1' }))).code).toBe('LOCKED');
    await f.call('unlock', { passphrase: 'correct horse battery staple' });
    await f.addAccount('acct0003', 'mkey0003', 'x', {}, { endpoint: 'https://other.example' });
    expect((await failure(f.call('checkSecret', { applicationKeyId: 'mkey0003', accountId: 'acct0003' }))).code).toBe('ACCOUNT_DAMAGED');
    expect(requests).toEqual([]);
  });
});

describe('savedSecrets', () => {
  it('the account’s own key first, then by name and keyID, damaged entries last; never the own key twice', async () => {
    await saveSecret('kb', 'same');
    await saveSecret('ka', 'same');
    await saveSecret('kc', 'alpha');
    await saveSecret(MANAGING, 'Master copy');
    const raw = JSON.parse(f.local.data.get(`secrets:${ACCOUNT}`)!) as Record<string, unknown>;
    f.local.data.set(`secrets:${ACCOUNT}`, JSON.stringify({ ...raw, kd: { broken: 1 } }));
    expect(await f.call('savedSecrets', { accountId: ACCOUNT })).toEqual({
      keys: [
        { applicationKeyId: MANAGING, keyName: 'Work' },
        { applicationKeyId: 'kc', keyName: 'alpha' },
        { applicationKeyId: 'ka', keyName: 'same' },
        { applicationKeyId: 'kb', keyName: 'same' },
        { applicationKeyId: 'kd', keyName: '' },
      ],
    });
  });

  it('of another account by its id; an unknown id is refused', async () => {
    await f.addAccount('acct0002', 'mkey0002', 'other', { label: 'Other' });
    expect(await f.call('savedSecrets', { accountId: 'acct0002' })).toEqual({ keys: [{ applicationKeyId: 'mkey0002', keyName: 'Other' }] });
    const e = await failure(f.call('savedSecrets', { accountId: 'nope' }));
    expect([e.code, e.message]).toEqual(['NOT_FOUND', 'That account is no longer in the list. Reopen this page.']);
  });
});

describe('keyNotes and rotateKey', () => {
  it('lineage, kind and what a rotation would be', async () => {
    await cache(key('k1', { keyName: 'backup-2', bucketIds: ['b1'], expirationTimestamp: NOW + 30 * 86_400_000 }));
    await f.service.context.store.write(async (tx) =>
      tx.putKeyNote(ACCOUNT, 'k1', { replaces: { applicationKeyId: 'k0', keyName: 'backup' }, replacedBy: { applicationKeyId: 'k2', keyName: 'backup-3' }, bucketKind: 'single' }),
    );
    const r = await f.call('keyNotes', { applicationKeyId: 'k1' });
    expect(r).toMatchObject({ replaces: { applicationKeyId: 'k0', keyName: 'backup' }, replacedBy: { applicationKeyId: 'k2', keyName: 'backup-3' }, bucketKind: 'single' });
    expect(r.rotation.suggestedName).toBe('backup-3');
    await cache(key('k4', { keyName: 'plain' }));
    expect(await f.call('keyNotes', { applicationKeyId: 'k4' })).toMatchObject({ replaces: null, replacedBy: null, bucketKind: 'allBuckets' });
    const gone = await failure(f.call('keyNotes', { applicationKeyId: 'nope' }));
    expect([gone.code, gone.message]).toEqual(['NOT_FOUND', 'This key is no longer in the list. Refresh the list and try again.']);
  });

  it('answers for the account the page named, not the one another page made active since (details, Delete Key)', async () => {
    await cache(key('k1', { keyName: 'backup' }));
    await saveSecret('k1', 'backup');
    await f.service.context.store.write(async (tx) => tx.putKeyNote(ACCOUNT, 'k1', { replacedBy: { applicationKeyId: 'k2', keyName: 'backup-2' } }));
    await recordUsage(f.service.context, ACCOUNT, 'k1', { origin: 'https://nas.example', title: 'NAS', at: NOW, filled: ['keyId'] });
    await f.addAccount('acct0002', 'mkey0002', 'other', { label: 'Other' });
    await f.call('setActiveAccount', { accountId: 'acct0002' });
    const named = { applicationKeyId: 'k1', accountId: ACCOUNT };
    expect((await f.call('keyNotes', named)).replacedBy).toEqual({ applicationKeyId: 'k2', keyName: 'backup-2' });
    expect((await f.call('getKey', named)).key).toMatchObject({ applicationKeyId: 'k1', accountId: ACCOUNT, hasSecret: true });
    expect(await f.call('revealSecret', named)).toEqual({ applicationKey: 'secret-of-k1' });
    expect((await f.call('keyUsage', named)).entries).toEqual([{ origin: 'https://nas.example', title: 'NAS', at: NOW, filled: ['keyId'] }]);
    // Without the account the active one answers, where the key is not.
    expect((await failure(f.call('keyNotes', { applicationKeyId: 'k1' }))).code).toBe('NOT_FOUND');
    expect((await f.call('getKey', { applicationKeyId: 'k1' })).key).toBeNull();
    expect((await failure(f.call('revealSecret', { applicationKeyId: 'k1' }))).code).toBe('NOT_FOUND');
    expect((await f.call('keyUsage', { applicationKeyId: 'k1' })).entries).toEqual([]);
    // An account no longer listed is named as such.
    const gone = await failure(f.call('revealSecret', { applicationKeyId: 'k1', accountId: 'gone' }));
    expect([gone.code, gone.message]).toEqual(['NOT_FOUND', 'That account is no longer in the list. Reopen this page.']);
  });

  it('a rotation that is refused says why and sends nothing', async () => {
    await cache(key(MANAGING, { capabilities: ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets'] }));
    const e = await failure(f.call('rotateKey', { applicationKeyId: MANAGING, keyName: 'x', validDurationInSeconds: 3600 }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(requests).toEqual([]);
    expect((await failure(f.call('rotateKey', { applicationKeyId: 'nope', keyName: 'x', validDurationInSeconds: 3600 }))).code).toBe('NOT_FOUND');
    await f.call('lock', {});
    expect((await failure(f.call('rotateKey', { applicationKeyId: MANAGING, keyName: 'x', validDurationInSeconds: 3600 }))).code).toBe('LOCKED');
  });
});
