import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, authorize, bucketIds, call, createKey, tokenFor, type Json } from './helpers';
import { startEmulator, type RunningEmulator } from './server';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(() => emu.close());

describe('admin routes', () => {
  it('GET info returns the master credentials and buckets', async () => {
    const r = await admin(emu, 'GET', 'info');
    expect(r.body).toMatchObject({ url: emu.url, accountId: emu.accountId, applicationKeyId: emu.accountId, applicationKey: emu.applicationKey });
    expect(r.body['buckets']).toHaveLength(3);
  });

  // How fast seeding is belongs to `npm run bench`, not to an assertion here.
  it('seed-keys creates 10,000 keys; list 10000 in one page; oracle sees them all', async () => {
    await admin(emu, 'POST', 'reset');
    const r = await admin(emu, 'POST', 'seed-keys', { count: 10_000, namePrefix: 'bench-', capabilities: ['listBuckets', 'readFiles'] });
    expect(r.body).toEqual({ created: 10_000 });
    const token = await tokenFor(emu);
    const page = await call(emu, 4, 'b2_list_keys', token, { accountId: emu.accountId, maxKeyCount: 10_000 });
    expect(page.body['keys']).toHaveLength(10_000);
    expect(page.body['nextApplicationKeyId']).toBeNull();
    const first = (page.body['keys'] as Json[])[0] as Json;
    expect(first['keyName']).toMatch(/^bench-\d{4}$/);
    expect(first['capabilities']).toEqual(['listBuckets', 'readFiles']);
    const oracle = (await admin(emu, 'GET', 'keys')).body as unknown as Json[];
    expect(oracle).toHaveLength(10_000);
    expect(oracle[0]?.['applicationKey']).toMatch(/^K005/);
    const tooMany = await call(emu, 4, 'b2_list_keys', token, { accountId: emu.accountId, maxKeyCount: 10_001 });
    expect(tooMany.status).toBe(400);
  });

  it('key-ids sequential numbers new keys in the order they are made (seeded or created); reset makes them random again', async () => {
    await admin(emu, 'POST', 'reset');
    expect((await admin(emu, 'POST', 'key-ids', { order: 'sideways' })).status).toBe(400);
    expect((await admin(emu, 'POST', 'key-ids', { order: 'sequential' })).body).toEqual({ order: 'sequential' });
    await admin(emu, 'POST', 'seed-keys', { count: 3 });
    const created = await createKey(emu, await tokenFor(emu), { keyName: 'made-last', capabilities: ['readFiles'] });
    const ids = ((await admin(emu, 'GET', 'keys')).body as unknown as Json[]).map((k) => k['applicationKeyId'] as string);
    expect(ids.map((id) => id.slice(-10))).toEqual(['0000000001', '0000000002', '0000000003', '0000000004']);
    expect(ids[3]).toBe(created['applicationKeyId']);
    expect(ids.every((id) => id.startsWith(`005${emu.accountId}`))).toBe(true);
    await admin(emu, 'POST', 'reset');
    await admin(emu, 'POST', 'seed-keys', { count: 5 });
    const random = ((await admin(emu, 'GET', 'keys')).body as unknown as Json[]).map((k) => (k['applicationKeyId'] as string).slice(-10));
    expect(random.filter((t) => /^0{8}/.test(t))).toEqual([]);
  });

  it('seed-keys with bucketIds makes multi-bucket keys (hidden from v3 list); bad input → 400', async () => {
    await admin(emu, 'POST', 'reset');
    const ids = await bucketIds(emu);
    await admin(emu, 'POST', 'seed-keys', { count: 3, bucketIds: [ids['nas-archive']] });
    await admin(emu, 'POST', 'seed-keys', { count: 2, namePrefix: 'plain-' });
    const v3 = await call(emu, 3, 'b2_list_keys', await tokenFor(emu, 3), { accountId: emu.accountId });
    expect((v3.body['keys'] as Json[]).map((k) => k['keyName']).sort()).toEqual(['plain-0', 'plain-1']);
    for (const body of [{}, { count: -1 }, { count: 1, namePrefix: 'bad prefix' }, { count: 1, capabilities: ['nope'] }, { count: 1, bucketIds: ['x'] }]) {
      expect((await admin(emu, 'POST', 'seed-keys', body)).status, JSON.stringify(body)).toBe(400);
    }
  });

  it('reset: keys, tokens, faults and log gone; account, master key and original buckets kept', async () => {
    const token = await tokenFor(emu);
    await createKey(emu, token, { keyName: 'temp', capabilities: ['listBuckets'] });
    await admin(emu, 'POST', 'buckets', { bucketName: 'extra-bucket', bucketType: 'allPublic' });
    await admin(emu, 'POST', 'faults', { endpoint: 'b2_list_keys', status: 500, count: 5 });
    const before = await bucketIds(emu);
    expect(Object.keys(before)).toContain('extra-bucket');
    expect((await admin(emu, 'POST', 'reset')).status).toBe(200);
    expect((await admin(emu, 'GET', 'keys')).body).toEqual([]);
    expect((await admin(emu, 'GET', 'faults')).body).toEqual([]);
    expect((await admin(emu, 'GET', 'requests')).body).toEqual([]);
    const after = await bucketIds(emu);
    expect(Object.keys(after).sort()).toEqual(['nas-archive', 'photos-backup', 'web-assets']);
    expect(after['nas-archive']).toBe(before['nas-archive']);
    expect((await call(emu, 4, 'b2_list_keys', token, { accountId: emu.accountId })).body['code']).toBe('bad_auth_token');
    expect((await authorize(emu)).status).toBe(200);
  });

  it('bucket admin: create (duplicate → 400), delete (unknown → 400)', async () => {
    await admin(emu, 'POST', 'reset');
    const created = await admin(emu, 'POST', 'buckets', { bucketName: 'new-bucket', bucketType: 'snapshot' });
    expect(created.body).toMatchObject({ bucketName: 'new-bucket', bucketType: 'snapshot' });
    expect((await admin(emu, 'POST', 'buckets', { bucketName: 'new-bucket' })).status).toBe(400);
    expect((await admin(emu, 'POST', 'buckets', { bucketName: 'Bad_Name' })).status).toBe(400);
    expect((await admin(emu, 'DELETE', `buckets/${created.body['bucketId'] as string}`)).status).toBe(200);
    expect((await admin(emu, 'DELETE', 'buckets/nope')).status).toBe(400);
  });

  it('unknown admin route → 404, wrong method → 405', async () => {
    expect((await admin(emu, 'GET', 'nope')).body['code']).toBe('not_found');
    const r = await admin(emu, 'PUT', 'faults');
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toContain('POST');
  });
});

describe('alter-key (expired keys and secrets that no longer match)', () => {
  it('an expired key is refused by authorize like an unknown one, and its tokens end; a new secret refuses the old one', async () => {
    await admin(emu, 'POST', 'reset');
    const master = await tokenFor(emu);
    const made = await createKey(emu, master, { keyName: 'soon-gone', capabilities: ['listBuckets'] });
    const id = made['applicationKeyId'] as string;
    const secret = made['applicationKey'] as string;
    const token = await tokenFor(emu, 4, id, secret);
    expect((await authorize(emu, 4, id, secret)).status).toBe(200);

    const expired = await admin(emu, 'POST', `alter-key/${id}`, { expired: true });
    expect(expired.status).toBe(200);
    expect(expired.body['expirationTimestamp']).toBeLessThanOrEqual(Date.now());
    expect(JSON.stringify(expired.body)).not.toContain(secret);
    const refused = await authorize(emu, 4, id, secret);
    expect(refused.status).toBe(401);
    expect(refused.body['code']).toBe('unauthorized');
    const used = await call(emu, 4, 'b2_list_buckets', token, { accountId: emu.accountId });
    expect(used.status).toBe(401);
    // Still listed: B2's listing says when it expired.
    const listed = await call(emu, 4, 'b2_list_keys', master, { accountId: emu.accountId });
    expect((listed.body['keys'] as Json[]).map((k) => k['applicationKeyId'])).toContain(id);

    await admin(emu, 'POST', `alter-key/${id}`, { expirationTimestamp: null, newSecret: true });
    expect((await authorize(emu, 4, id, secret)).status).toBe(401);
    const fresh = ((await admin(emu, 'GET', 'keys')).body as unknown as Json[]).find((k) => k['applicationKeyId'] === id)!;
    expect(fresh['applicationKey']).not.toBe(secret);
    expect((await authorize(emu, 4, id, fresh['applicationKey'] as string)).status).toBe(200);

    expect((await admin(emu, 'POST', 'alter-key/nope', { expired: true })).status).toBe(400);
  });

  it('the master key given a new secret (the console\'s "Generate New Master Application Key"): same keyID, the old secret and its tokens refused; reset restores it', async () => {
    await admin(emu, 'POST', 'reset');
    const oldToken = await tokenFor(emu);
    expect((await admin(emu, 'POST', `alter-key/${emu.accountId}`, { expired: true })).status).toBe(400);
    const made = await admin(emu, 'POST', `alter-key/${emu.accountId}`, { newSecret: true });
    expect(made.status).toBe(200);
    const fresh = made.body['applicationKey'] as string;
    expect(made.body['applicationKeyId']).toBe(emu.accountId);
    expect(fresh).not.toBe(emu.applicationKey);
    expect((await admin(emu, 'GET', 'info')).body['applicationKey']).toBe(fresh);
    expect((await authorize(emu, 4, emu.accountId, emu.applicationKey)).status).toBe(401);
    expect((await call(emu, 4, 'b2_list_buckets', oldToken, { accountId: emu.accountId })).status).toBe(401);
    expect((await authorize(emu, 4, emu.accountId, fresh)).status).toBe(200);
    await admin(emu, 'POST', 'reset');
    expect((await authorize(emu, 4, emu.accountId, emu.applicationKey)).status).toBe(200);
    expect((await authorize(emu, 4, emu.accountId, fresh)).status).toBe(401);
  });
});
