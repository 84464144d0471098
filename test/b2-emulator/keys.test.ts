import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { admin, bucketIds, call, callGet, createKey, tokenFor, type Json, type Version } from './helpers';
import { startEmulator, type RunningEmulator } from './server';

let emu: RunningEmulator;
let buckets: Record<string, string>;
let master: Record<Version, string>;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  buckets = await bucketIds(emu);
});
afterAll(() => emu.close());
beforeEach(async () => {
  await admin(emu, 'POST', 'reset');
  master = { 2: await tokenFor(emu, 2), 3: await tokenFor(emu, 3), 4: await tokenFor(emu, 4) };
});

const create = (v: Version, fields: Json, token = master[v]) =>
  call(emu, v, 'b2_create_key', token, { accountId: emu.accountId, ...fields });

describe('b2_create_key', () => {
  it('v4: returns key object + secret with bucketIds, options ["s3"], ms expiration', async () => {
    const now = Date.now();
    const r = await create(4, {
      keyName: 'ext-reader-01', capabilities: ['listBuckets', 'listFiles', 'readFiles'], validDurationInSeconds: 86400,
      bucketIds: [buckets['photos-backup']], namePrefix: 'photos/',
    });
    expect(r.status).toBe(200);
    const k = r.body;
    expect(Object.keys(k).sort()).toEqual(
      ['accountId', 'applicationKey', 'applicationKeyId', 'bucketIds', 'capabilities', 'expirationTimestamp', 'keyName', 'namePrefix', 'options'],
    );
    expect(k['accountId']).toBe(emu.accountId);
    expect(k['applicationKeyId']).toMatch(/^005[0-9a-f]{12}[a-zA-Z0-9]{10}$/);
    expect(k['applicationKeyId']).toHaveLength(25);
    expect(k['applicationKeyId'].slice(3, 15)).toBe(emu.accountId);
    expect(k['applicationKey']).toMatch(/^K005[\x20-\x7E]{27}$/);
    expect(k['bucketIds']).toEqual([buckets['photos-backup']]);
    expect(k['namePrefix']).toBe('photos/');
    expect(k['options']).toEqual(['s3']);
    expect(k['expirationTimestamp']).toBeGreaterThanOrEqual(now + 86_400_000);
    expect(k['expirationTimestamp']).toBeLessThan(now + 86_400_000 + 5000);
  });

  it.each([2, 3] as const)('v%i: bucketId → single-bucket key (not multi-bucket), response has bucketId', async (v) => {
    const r = await create(v, { keyName: 'legacy', capabilities: ['readFiles'], bucketId: buckets['web-assets'] });
    expect(r.status).toBe(200);
    expect(r.body['bucketId']).toBe(buckets['web-assets']);
    expect(r.body).not.toHaveProperty('bucketIds');
    const oracle = (await admin(emu, 'GET', 'keys')).body as unknown as Json[];
    expect(oracle[0]).toMatchObject({ bucketIds: [buckets['web-assets']], multiBucket: false });
  });

  it('accepts nulls for optional fields (as b2sdk sends them) and omission', async () => {
    const r = await create(4, { keyName: 'nulls', capabilities: ['listBuckets'], validDurationInSeconds: null, bucketIds: null, namePrefix: null });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ bucketIds: null, namePrefix: null, expirationTimestamp: null });
    const r2 = await create(4, { keyName: 'omitted', capabilities: ['listBuckets'] });
    expect(r2.body).toMatchObject({ bucketIds: null, namePrefix: null, expirationTimestamp: null });
  });

  it('namePrefix is allowed without a bucket restriction', async () => {
    const r = await create(4, { keyName: 'prefix-only', capabilities: ['readFiles'], namePrefix: 'logs/' });
    expect(r.status).toBe(200);
    expect(r.body['namePrefix']).toBe('logs/');
  });

  it('the secret is the one the oracle holds, and list never shows it', async () => {
    const r = await create(4, { keyName: 'oracle', capabilities: ['listBuckets'] });
    const oracle = (await admin(emu, 'GET', 'keys')).body as unknown as Json[];
    expect(oracle).toHaveLength(1);
    expect(oracle[0]).toMatchObject({ applicationKeyId: r.body['applicationKeyId'], applicationKey: r.body['applicationKey'] });
    const list = await call(emu, 4, 'b2_list_keys', master[4], { accountId: emu.accountId });
    expect(list.body['keys'][0]).not.toHaveProperty('applicationKey');
  });

  const invalid: [string, Json, string, string?][] = [
    ['name with underscore', { keyName: 'bad_name', capabilities: ['listBuckets'] }, 'bad_request', 'illegal key name: bad_name'],
    ['name with space', { keyName: 'bad name', capabilities: ['listBuckets'] }, 'bad_request'],
    ['non-ASCII name', { keyName: 'clé', capabilities: ['listBuckets'] }, 'bad_request'],
    ['empty name', { keyName: '', capabilities: ['listBuckets'] }, 'bad_request'],
    ['101-char name', { keyName: 'a'.repeat(101), capabilities: ['listBuckets'] }, 'bad_request'],
    ['missing name', { capabilities: ['listBuckets'] }, 'bad_request', 'required field keyName is missing'],
    ['duration 0', { keyName: 'k', capabilities: ['listBuckets'], validDurationInSeconds: 0 }, 'bad_request',
      'valid duration must be greater than 0, and less than 1000 days in seconds'],
    ['duration negative', { keyName: 'k', capabilities: ['listBuckets'], validDurationInSeconds: -456 }, 'bad_request'],
    ['duration 86400001', { keyName: 'k', capabilities: ['listBuckets'], validDurationInSeconds: 86400001 }, 'bad_request'],
    ['duration fraction', { keyName: 'k', capabilities: ['listBuckets'], validDurationInSeconds: 1.5 }, 'bad_request'],
    ['duration string', { keyName: 'k', capabilities: ['listBuckets'], validDurationInSeconds: '60' }, 'bad_request'],
    ['capabilities empty', { keyName: 'k', capabilities: [] }, 'bad_request'],
    ['capabilities missing', { keyName: 'k' }, 'bad_request', 'required field capabilities is missing'],
    ['capabilities not array', { keyName: 'k', capabilities: 'listBuckets' }, 'bad_request'],
    ['capabilities non-string', { keyName: 'k', capabilities: [1] }, 'bad_request'],
    ['unknown capability', { keyName: 'k', capabilities: ['readEverything'] }, 'bad_request', 'unknown capability: readEverything'],
    ['writeKeys with bucket restriction', { keyName: 'k', capabilities: ['writeKeys'], bucketIds: ['BUCKET'] }, 'bad_request'],
    ['writeBuckets with bucket restriction', { keyName: 'k', capabilities: ['writeBuckets'], bucketIds: ['BUCKET'] }, 'bad_request'],
    ['unknown bucket', { keyName: 'k', capabilities: ['readFiles'], bucketIds: ['000000000000000000000000'] }, 'bad_bucket_id'],
    ['empty bucketIds', { keyName: 'k', capabilities: ['readFiles'], bucketIds: [] }, 'bad_request'],
    ['v3 field bucketId on v4', { keyName: 'k', capabilities: ['readFiles'], bucketId: 'BUCKET' }, 'bad_request'],
    ['namePrefix not string', { keyName: 'k', capabilities: ['readFiles'], namePrefix: 5 }, 'bad_request'],
  ];
  it.each(invalid)('v4 rejects %s', async (_label, fields, code, message) => {
    const withBucket = JSON.parse(JSON.stringify(fields).replaceAll('"BUCKET"', JSON.stringify(buckets['photos-backup']))) as Json;
    const r = await create(4, withBucket);
    expect(r.status).toBe(400);
    expect(r.body['status']).toBe(400);
    expect(r.body['code']).toBe(code);
    if (message) expect(r.body['message']).toBe(message);
    expect((await admin(emu, 'GET', 'keys')).body).toEqual([]);
  });

  it('accepts the bounds: 100-char name, duration 1 and 86400000, all bucket-scoped capabilities on a bucket key', async () => {
    expect((await create(4, { keyName: 'A-z0'.repeat(25), capabilities: ['listBuckets'] })).status).toBe(200);
    expect((await create(4, { keyName: 'd1', capabilities: ['listBuckets'], validDurationInSeconds: 1 })).status).toBe(200);
    expect((await create(4, { keyName: 'dmax', capabilities: ['listBuckets'], validDurationInSeconds: 86400000 })).status).toBe(200);
    const scoped = ['listAllBucketNames', 'listBuckets', 'readBuckets', 'readBucketEncryption', 'writeBucketEncryption',
      'readBucketNotifications', 'writeBucketNotifications', 'readBucketRetentions', 'writeBucketRetentions', 'listFiles',
      'readFiles', 'shareFiles', 'writeFiles', 'deleteFiles', 'readFileLegalHolds', 'writeFileLegalHolds',
      'readFileRetentions', 'writeFileRetentions', 'bypassGovernance', 'readBucketReplications', 'readBucketLogging'];
    expect((await create(4, { keyName: 'scoped', capabilities: scoped, bucketIds: [buckets['nas-archive']] })).status).toBe(200);
  });

  it.each([2, 3] as const)('v%i rejects bucketIds and unknown bucketId', async (v) => {
    const r = await create(v, { keyName: 'k', capabilities: ['readFiles'], bucketIds: [buckets['nas-archive']] });
    expect(r.status).toBe(400);
    const r2 = await create(v, { keyName: 'k', capabilities: ['readFiles'], bucketId: 'nope' });
    expect(r2.body['code']).toBe('bad_bucket_id');
  });

  it.each([2, 3, 4] as const)('v%i: accountId must be the account (not a key ID)', async (v) => {
    const r = await create(v, { accountId: emu.applicationKeyId + 'x', keyName: 'k', capabilities: ['listBuckets'] });
    expect(r.body).toEqual({ status: 400, code: 'bad_request', message: 'accountId invalid' });
    const r2 = await call(emu, v, 'b2_create_key', master[v], { keyName: 'k', capabilities: ['listBuckets'] });
    expect(r2.body['code']).toBe('bad_request');
  });

  it('GET with query params: JSON array or comma-separated capabilities', async () => {
    const a = await callGet(emu, 4, 'b2_create_key', master[4], {
      accountId: emu.accountId, keyName: 'via-get', capabilities: '["listBuckets","readFiles"]', validDurationInSeconds: '60',
    });
    expect(a.status).toBe(200);
    expect(a.body['capabilities']).toEqual(['listBuckets', 'readFiles']);
    const b = await callGet(emu, 4, 'b2_create_key', master[4], {
      accountId: emu.accountId, keyName: 'via-get-2', capabilities: 'listBuckets,readFiles', bucketIds: buckets['photos-backup'] ?? '',
    });
    expect(b.status).toBe(200);
    expect(b.body['bucketIds']).toEqual([buckets['photos-backup']]);
    const bad = await callGet(emu, 4, 'b2_create_key', master[4], { accountId: emu.accountId, keyName: 'x', capabilities: 'listBuckets', validDurationInSeconds: 'soon' });
    expect(bad.status).toBe(400);
  });
});

describe('capability and token enforcement', () => {
  it('a key without listKeys/writeKeys/deleteKeys/listBuckets gets 401 unauthorized for each call', async () => {
    const k = await createKey(emu, master[4], { keyName: 'weak', capabilities: ['readFiles'] });
    const weak = await tokenFor(emu, 4, k['applicationKeyId'], k['applicationKey']);
    const calls: [string, Json][] = [
      ['b2_list_keys', { accountId: emu.accountId }],
      ['b2_create_key', { accountId: emu.accountId, keyName: 'x', capabilities: ['readFiles'] }],
      ['b2_delete_key', { applicationKeyId: k['applicationKeyId'] }],
      ['b2_list_buckets', { accountId: emu.accountId }],
    ];
    for (const [endpoint, body] of calls) {
      const r = await call(emu, 4, endpoint, weak, body);
      expect(r.status, endpoint).toBe(401);
      expect(r.body, endpoint).toEqual({ status: 401, code: 'unauthorized', message: '' });
    }
  });

  it('each capability unlocks exactly its call', async () => {
    const k = await createKey(emu, master[4], { keyName: 'lister', capabilities: ['listKeys'] });
    const t = await tokenFor(emu, 4, k['applicationKeyId'], k['applicationKey']);
    expect((await call(emu, 4, 'b2_list_keys', t, { accountId: emu.accountId })).status).toBe(200);
    expect((await call(emu, 4, 'b2_create_key', t, { accountId: emu.accountId, keyName: 'x', capabilities: ['listKeys'] })).status).toBe(401);
  });

  it.each([2, 3, 4] as const)('v%i: unknown token → 401 bad_auth_token; missing header → 401 bad_auth_token', async (v) => {
    const r = await call(emu, v, 'b2_list_keys', '4_000bogus', { accountId: emu.accountId });
    expect(r.status).toBe(401);
    expect(r.body['code']).toBe('bad_auth_token');
    const r2 = await call(emu, v, 'b2_list_keys', undefined, { accountId: emu.accountId });
    expect(r2.body['code']).toBe('bad_auth_token');
  });

  it('expire-tokens → 401 expired_auth_token "Authorization token has expired"; re-authorize works', async () => {
    expect((await admin(emu, 'POST', 'expire-tokens')).status).toBe(200);
    for (const v of [2, 3, 4] as const) {
      const r = await call(emu, v, 'b2_list_keys', master[v], { accountId: emu.accountId });
      expect(r.body).toEqual({ status: 401, code: 'expired_auth_token', message: 'Authorization token has expired' });
    }
    const fresh = await tokenFor(emu);
    expect((await call(emu, 4, 'b2_list_keys', fresh, { accountId: emu.accountId })).status).toBe(200);
  });

  it('tokenTtlSeconds: a token expires on its own', async () => {
    const short = await startEmulator({ port: 0, tokenTtlSeconds: 1 });
    try {
      const t = await tokenFor(short);
      expect((await call(short, 4, 'b2_list_keys', t, { accountId: short.accountId })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1100));
      const r = await call(short, 4, 'b2_list_keys', t, { accountId: short.accountId });
      expect(r.body['code']).toBe('expired_auth_token');
    } finally {
      await short.close();
    }
  });

  it('a token minted by a deleted key stops working (bad_auth_token)', async () => {
    const k = await createKey(emu, master[4], { keyName: 'self', capabilities: ['listKeys', 'deleteKeys'] });
    const t = await tokenFor(emu, 4, k['applicationKeyId'], k['applicationKey']);
    expect((await call(emu, 4, 'b2_delete_key', t, { applicationKeyId: k['applicationKeyId'] })).status).toBe(200);
    expect((await call(emu, 4, 'b2_list_keys', t, { accountId: emu.accountId })).body['code']).toBe('bad_auth_token');
  });

  it('tokens from any version work on any version (unrestricted key)', async () => {
    expect((await call(emu, 4, 'b2_list_keys', master[2], { accountId: emu.accountId })).status).toBe(200);
    expect((await call(emu, 2, 'b2_list_keys', master[4], { accountId: emu.accountId })).status).toBe(200);
  });
});

describe('b2_list_keys', () => {
  it('paginates 250 keys by 100: 3 pages, sorted by ID, nextApplicationKeyId null at the end', async () => {
    expect((await admin(emu, 'POST', 'seed-keys', { count: 250 })).body).toEqual({ created: 250 });
    const seen: string[] = [];
    const pageSizes: number[] = [];
    let start: string | null = null;
    do {
      const r = await call(emu, 4, 'b2_list_keys', master[4], { accountId: emu.accountId, maxKeyCount: 100, startApplicationKeyId: start });
      expect(r.status).toBe(200);
      const ids = (r.body['keys'] as Json[]).map((k) => k['applicationKeyId'] as string);
      pageSizes.push(ids.length);
      seen.push(...ids);
      start = r.body['nextApplicationKeyId'] as string | null;
      if (start !== null) expect(start).toBe((await admin(emu, 'GET', 'keys')).body[seen.length]['applicationKeyId']);
    } while (start !== null);
    expect(pageSizes).toEqual([100, 100, 50]);
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    expect([...seen].sort()).toEqual(seen);
    expect(seen).not.toContain(emu.applicationKeyId);
  });

  it('defaults to 100 per page; maxKeyCount 10000 ok; >10000, 0 and non-integers → 400', async () => {
    await admin(emu, 'POST', 'seed-keys', { count: 120 });
    const r = await call(emu, 4, 'b2_list_keys', master[4], { accountId: emu.accountId });
    expect(r.body['keys']).toHaveLength(100);
    expect(r.body['nextApplicationKeyId']).not.toBeNull();
    const all = await call(emu, 4, 'b2_list_keys', master[4], { accountId: emu.accountId, maxKeyCount: 10000 });
    expect(all.body['keys']).toHaveLength(120);
    expect(all.body['nextApplicationKeyId']).toBeNull();
    for (const maxKeyCount of [10001, 0, -1, 2.5, '10']) {
      const bad = await call(emu, 4, 'b2_list_keys', master[4], { accountId: emu.accountId, maxKeyCount });
      expect(bad.status, String(maxKeyCount)).toBe(400);
      expect(bad.body['code']).toBe('bad_request');
    }
  });

  it('startApplicationKeyId that is not a key ID starts at the next ID', async () => {
    await admin(emu, 'POST', 'seed-keys', { count: 5 });
    const ids = ((await admin(emu, 'GET', 'keys')).body as unknown as Json[]).map((k) => k['applicationKeyId'] as string);
    const r = await call(emu, 4, 'b2_list_keys', master[4], { accountId: emu.accountId, startApplicationKeyId: `${ids[1]}` });
    expect((r.body['keys'] as Json[]).map((k) => k['applicationKeyId'])).toEqual(ids.slice(1));
    const r2 = await call(emu, 4, 'b2_list_keys', master[4], { accountId: emu.accountId, startApplicationKeyId: `${ids[1]}0` });
    expect((r2.body['keys'] as Json[]).map((k) => k['applicationKeyId'])).toEqual(ids.slice(2));
  });

  it('v4 lists every key with bucketIds; v2/v3 skip multi-bucket keys and show bucketId', async () => {
    const plain = await createKey(emu, master[4], { keyName: 'plain', capabilities: ['listBuckets'] });
    const multi = await createKey(emu, master[4], { keyName: 'multi', capabilities: ['readFiles'], bucketIds: [buckets['photos-backup']] });
    const legacy = await createKey(emu, master[3], { keyName: 'legacy', capabilities: ['readFiles'], bucketId: buckets['nas-archive'] }, 3);
    const v4 = await call(emu, 4, 'b2_list_keys', master[4], { accountId: emu.accountId });
    const byId4 = Object.fromEntries((v4.body['keys'] as Json[]).map((k) => [k['applicationKeyId'], k]));
    expect(Object.keys(byId4).sort()).toEqual([plain, multi, legacy].map((k) => k['applicationKeyId']).sort());
    expect(byId4[plain['applicationKeyId']]).toEqual({
      accountId: emu.accountId, applicationKeyId: plain['applicationKeyId'], bucketIds: null, capabilities: ['listBuckets'],
      expirationTimestamp: null, keyName: 'plain', namePrefix: null, options: ['s3'],
    });
    expect(byId4[legacy['applicationKeyId']]['bucketIds']).toEqual([buckets['nas-archive']]);
    for (const v of [2, 3] as const) {
      const r = await call(emu, v, 'b2_list_keys', master[v], { accountId: emu.accountId });
      const keys = r.body['keys'] as Json[];
      expect(keys.map((k) => k['applicationKeyId']).sort()).toEqual([plain, legacy].map((k) => k['applicationKeyId']).sort());
      for (const k of keys) {
        expect(k).not.toHaveProperty('bucketIds');
        expect(k).toHaveProperty('bucketId');
      }
      expect(keys.find((k) => k['keyName'] === 'legacy')?.['bucketId']).toBe(buckets['nas-archive']);
    }
  });

  it('GET with query params', async () => {
    await admin(emu, 'POST', 'seed-keys', { count: 3 });
    const r = await callGet(emu, 4, 'b2_list_keys', master[4], { accountId: emu.accountId, maxKeyCount: '2' });
    expect(r.status).toBe(200);
    expect(r.body['keys']).toHaveLength(2);
  });

  it('requires the matching accountId', async () => {
    const r = await call(emu, 4, 'b2_list_keys', master[4], { accountId: '000000000000' });
    expect(r.body['message']).toBe('accountId invalid');
  });
});

describe('b2_delete_key', () => {
  it.each([2, 3, 4] as const)('v%i: returns the deleted key object and removes it', async (v) => {
    const k = await createKey(emu, master[v], { keyName: 'doomed', capabilities: ['listBuckets'] }, v);
    const r = await call(emu, v, 'b2_delete_key', master[v], { applicationKeyId: k['applicationKeyId'] });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ applicationKeyId: k['applicationKeyId'], keyName: 'doomed', capabilities: ['listBuckets'], options: ['s3'] });
    expect(r.body).not.toHaveProperty('applicationKey');
    expect(r.body).toHaveProperty(v === 4 ? 'bucketIds' : 'bucketId');
    expect((await admin(emu, 'GET', 'keys')).body).toEqual([]);
    const again = await call(emu, v, 'b2_delete_key', master[v], { applicationKeyId: k['applicationKeyId'] });
    expect(again.body).toEqual({ status: 400, code: 'bad_request', message: `application key does not exist: ${k['applicationKeyId']}` });
  });

  it('unknown ID, master key ID and missing field → 400 bad_request', async () => {
    for (const id of ['0050000000000000000000000', emu.applicationKeyId]) {
      const r = await call(emu, 4, 'b2_delete_key', master[4], { applicationKeyId: id });
      expect(r.body).toEqual({ status: 400, code: 'bad_request', message: `application key does not exist: ${id}` });
    }
    expect((await call(emu, 4, 'b2_delete_key', master[4], {})).body['code']).toBe('bad_request');
  });

  it('v2/v3 cannot delete a multi-bucket key; v4 can delete a v3 single-bucket key', async () => {
    const multi = await createKey(emu, master[4], { keyName: 'multi', capabilities: ['readFiles'], bucketIds: [buckets['photos-backup']] });
    for (const v of [2, 3] as const) {
      const r = await call(emu, v, 'b2_delete_key', master[v], { applicationKeyId: multi['applicationKeyId'] });
      expect(r.status).toBe(400);
      expect(r.body['message']).toBe(`This request is not currently supported on API version number ${v}`);
    }
    expect((await call(emu, 4, 'b2_delete_key', master[4], { applicationKeyId: multi['applicationKeyId'] })).status).toBe(200);
    const legacy = await createKey(emu, master[3], { keyName: 'legacy', capabilities: ['readFiles'], bucketId: buckets['nas-archive'] }, 3);
    const r = await call(emu, 4, 'b2_delete_key', master[4], { applicationKeyId: legacy['applicationKeyId'] });
    expect(r.status).toBe(200);
    expect(r.body['bucketIds']).toEqual([buckets['nas-archive']]);
  });

  it('GET with query params', async () => {
    const k = await createKey(emu, master[4], { keyName: 'get-del', capabilities: ['listBuckets'] });
    const r = await callGet(emu, 4, 'b2_delete_key', master[4], { applicationKeyId: k['applicationKeyId'] });
    expect(r.status).toBe(200);
  });
});
