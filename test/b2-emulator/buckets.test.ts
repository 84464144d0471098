import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { admin, bucketIds, call, callGet, createKey, tokenFor, type Json, type Version } from './helpers';
import { startEmulator, type RunningEmulator } from './server';

let emu: RunningEmulator;
let buckets: Record<string, string>;
let master: string;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, buckets: ['zeta-data', 'alpha-data:allPublic', 'snap-shots:snapshot', 'locked-down:restricted'] });
  buckets = await bucketIds(emu);
});
afterAll(() => emu.close());
beforeEach(async () => {
  await admin(emu, 'POST', 'reset');
  master = await tokenFor(emu);
});

const names = (r: { body: Json }): string[] => (r.body['buckets'] as Json[]).map((b) => b['bucketName'] as string);
const list = (body: Json, token = master, v: Version = 4) => call(emu, v, 'b2_list_buckets', token, { accountId: emu.accountId, ...body });

describe('b2_list_buckets', () => {
  it.each([2, 3, 4] as const)('v%i: default types (allPublic, allPrivate, snapshot), sorted by name, full objects', async (v) => {
    const r = await list({}, await tokenFor(emu, v), v);
    expect(r.status).toBe(200);
    expect(names(r)).toEqual(['alpha-data', 'snap-shots', 'zeta-data']);
    const b = (r.body['buckets'] as Json[])[0] as Json;
    expect(b).toEqual({
      accountId: emu.accountId,
      bucketId: buckets['alpha-data'],
      bucketInfo: {},
      bucketName: 'alpha-data',
      bucketType: 'allPublic',
      corsRules: [],
      defaultServerSideEncryption: { isClientAuthorizedToRead: true, value: { algorithm: null, mode: null } },
      fileLockConfiguration: { isClientAuthorizedToRead: true, value: { defaultRetention: { mode: null, period: null }, isFileLockEnabled: false } },
      lifecycleRules: [],
      options: ['s3'],
      replicationConfiguration: { isClientAuthorizedToRead: true, value: null },
      revision: 1,
    });
  });

  it('bucketTypes: ["all"] returns every type; a subset filters; bad combinations → 400', async () => {
    expect(names(await list({ bucketTypes: ['all'] }))).toEqual(['alpha-data', 'locked-down', 'snap-shots', 'zeta-data']);
    expect(names(await list({ bucketTypes: ['allPrivate'] }))).toEqual(['zeta-data']);
    expect(names(await list({ bucketTypes: ['restricted', 'allPublic'] }))).toEqual(['alpha-data', 'locked-down']);
    for (const bucketTypes of [['all', 'allPrivate'], [], ['bogus'], 'all']) {
      const r = await list({ bucketTypes });
      expect(r.status, JSON.stringify(bucketTypes)).toBe(400);
      expect(r.body['code']).toBe('bad_request');
    }
  });

  it('filters by bucketId or bucketName; unknown → empty list', async () => {
    expect(names(await list({ bucketId: buckets['zeta-data'] }))).toEqual(['zeta-data']);
    expect(names(await list({ bucketName: 'alpha-data' }))).toEqual(['alpha-data']);
    expect(names(await list({ bucketName: 'nope-nope' }))).toEqual([]);
    expect(names(await list({ bucketId: 'nope' }))).toEqual([]);
  });

  it('GET with query params, bucketTypes JSON or comma-separated', async () => {
    const a = await callGet(emu, 4, 'b2_list_buckets', master, { accountId: emu.accountId, bucketTypes: '["all"]' });
    expect(names(a)).toHaveLength(4);
    const b = await callGet(emu, 4, 'b2_list_buckets', master, { accountId: emu.accountId, bucketTypes: 'allPrivate,restricted' });
    expect(names(b)).toEqual(['locked-down', 'zeta-data']);
  });

  it('bucket-restricted key: unfiltered → 401 unauthorized with empty message; own bucket by id or name → OK', async () => {
    const k = await createKey(emu, master, { keyName: 'scoped', capabilities: ['listBuckets'], bucketIds: [buckets['zeta-data'], buckets['alpha-data']] });
    const t = await tokenFor(emu, 4, k['applicationKeyId'], k['applicationKey']);
    expect((await list({}, t)).body).toEqual({ status: 401, code: 'unauthorized', message: '' });
    expect(names(await list({ bucketId: buckets['zeta-data'] }, t))).toEqual(['zeta-data']);
    expect(names(await list({ bucketName: 'alpha-data' }, t))).toEqual(['alpha-data']);
    // Someone else's bucket, by id or name → 401 as well.
    expect((await list({ bucketId: buckets['snap-shots'] }, t)).status).toBe(401);
    expect((await list({ bucketName: 'snap-shots' }, t)).status).toBe(401);
  });

  it('v3 single-bucket key behaves the same on v2/v3', async () => {
    const k = await createKey(emu, await tokenFor(emu, 3), { keyName: 'one', capabilities: ['listBuckets'], bucketId: buckets['zeta-data'] }, 3);
    for (const v of [2, 3, 4] as const) {
      const t = await tokenFor(emu, v, k['applicationKeyId'], k['applicationKey']);
      expect((await list({}, t, v)).status).toBe(401);
      expect(names(await list({ bucketName: 'zeta-data' }, t, v))).toEqual(['zeta-data']);
    }
  });

  it('multi-bucket key token on v3 list_buckets → 400 version refusal', async () => {
    const k = await createKey(emu, master, { keyName: 'multi', capabilities: ['listBuckets'], bucketIds: [buckets['zeta-data']] });
    const t = await tokenFor(emu, 4, k['applicationKeyId'], k['applicationKey']);
    const r = await list({ bucketId: buckets['zeta-data'] }, t, 3);
    expect(r.status).toBe(400);
    expect(r.body['message']).toBe('This request is not currently supported on API version number 3');
  });

  it('settings the key cannot read come back with isClientAuthorizedToRead false', async () => {
    const k = await createKey(emu, master, { keyName: 'plain', capabilities: ['listBuckets'] });
    const t = await tokenFor(emu, 4, k['applicationKeyId'], k['applicationKey']);
    const b = ((await list({}, t)).body['buckets'] as Json[])[0] as Json;
    expect(b['defaultServerSideEncryption']).toEqual({ isClientAuthorizedToRead: false, value: null });
    expect(b['fileLockConfiguration']).toEqual({ isClientAuthorizedToRead: false, value: null });
  });

  it('needs listBuckets (listAllBucketNames alone is not enough) and the right accountId', async () => {
    const k = await createKey(emu, master, { keyName: 'names', capabilities: ['listAllBucketNames'] });
    const t = await tokenFor(emu, 4, k['applicationKeyId'], k['applicationKey']);
    expect((await list({}, t)).body['code']).toBe('unauthorized');
    expect((await call(emu, 4, 'b2_list_buckets', master, { accountId: 'abcabcabcabc' })).body['message']).toBe('accountId invalid');
    expect((await call(emu, 4, 'b2_list_buckets', master, {})).body['code']).toBe('bad_request');
  });
});
