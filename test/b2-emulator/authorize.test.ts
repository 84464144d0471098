import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { admin, authorize, basic, bucketIds, createKey, tokenFor, type Json } from './helpers';
import { startEmulator, type RunningEmulator } from './server';

let emu: RunningEmulator;
let buckets: Record<string, string>;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  buckets = await bucketIds(emu);
});
afterAll(() => emu.close());
beforeEach(async () => {
  await admin(emu, 'POST', 'reset');
});

describe('ids and credentials', () => {
  it('looks like a real account', () => {
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emu.accountId).toMatch(/^[0-9a-f]{12}$/);
    expect(emu.applicationKeyId).toBe(emu.accountId);
    expect(emu.applicationKey).toMatch(/^K00\d[\x20-\x7E]{27}$/);
    for (const id of Object.values(buckets)) expect(id).toMatch(/^[a-zA-Z0-9]{24}$/);
    expect(Object.keys(buckets).sort()).toEqual(['nas-archive', 'photos-backup', 'web-assets']);
  });
});

describe('b2_authorize_account shapes', () => {
  it('v4: apiInfo.storageApi.allowed with buckets null for the master key', async () => {
    const r = await authorize(emu, 4);
    expect(r.status).toBe(200);
    const b = r.body;
    expect(Object.keys(b).sort()).toEqual(['accountId', 'apiInfo', 'applicationKeyExpirationTimestamp', 'authorizationToken']);
    expect(b['accountId']).toBe(emu.accountId);
    expect(b['applicationKeyExpirationTimestamp']).toBeNull();
    const s = b['apiInfo']['storageApi'] as Json;
    expect(s['apiUrl']).toBe(emu.url);
    expect(s['downloadUrl']).toBe(emu.url);
    expect(s['s3ApiUrl']).toBe(`${emu.url}/s3`);
    expect(s['recommendedPartSize']).toBe(100000000);
    expect(s['absoluteMinimumPartSize']).toBe(5000000);
    expect(s).not.toHaveProperty('bucketId');
    expect(s).not.toHaveProperty('infoType');
    expect(s['allowed']['buckets']).toBeNull();
    expect(s['allowed']['namePrefix']).toBeNull();
    const caps = s['allowed']['capabilities'] as string[];
    for (const c of ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets', 'readBucketLogging', 'writeBucketLogging', 'bypassGovernance']) {
      expect(caps).toContain(c);
    }
    expect(caps).toHaveLength(28);
    expect(b['authorizationToken']).toMatch(/^4_/);
  });

  it('v3: flat storageApi with bucketId/bucketName/infoType', async () => {
    const r = await authorize(emu, 3);
    expect(r.status).toBe(200);
    const s = r.body['apiInfo']['storageApi'] as Json;
    expect(s['infoType']).toBe('storageApi');
    expect(s['bucketId']).toBeNull();
    expect(s['bucketName']).toBeNull();
    expect(s['namePrefix']).toBeNull();
    expect(s['capabilities']).toContain('writeKeys');
    expect(s).not.toHaveProperty('allowed');
    expect(s['apiUrl']).toBe(emu.url);
    expect(r.body['apiInfo']['groupsApi']['infoType']).toBe('groupsApi');
    expect(r.body).not.toHaveProperty('allowed');
  });

  it('v2: flat top level with allowed{bucketId,bucketName,capabilities,namePrefix}', async () => {
    const r = await authorize(emu, 2);
    expect(r.status).toBe(200);
    const b = r.body;
    expect(b).not.toHaveProperty('apiInfo');
    for (const f of ['accountId', 'authorizationToken', 'apiUrl', 'downloadUrl', 's3ApiUrl', 'recommendedPartSize', 'absoluteMinimumPartSize']) {
      expect(b).toHaveProperty(f);
    }
    expect(Object.keys(b['allowed']).sort()).toEqual(['bucketId', 'bucketName', 'capabilities', 'namePrefix']);
  });

  it.each([2, 3, 4] as const)('v%i accepts GET and POST, and the account ID or master key ID', async (v) => {
    expect((await authorize(emu, v, emu.accountId, emu.applicationKey, 'GET')).status).toBe(200);
    expect((await authorize(emu, v, emu.accountId, emu.applicationKey, 'POST')).status).toBe(200);
  });

  it('each authorize issues a fresh random token', async () => {
    const a = await tokenFor(emu);
    const b = await tokenFor(emu);
    expect(a).not.toBe(b);
  });
});

describe('b2_authorize_account errors', () => {
  it.each([2, 3, 4] as const)('v%i: wrong secret / unknown key ID / no header → 401 unauthorized', async (v) => {
    for (const r of [
      await authorize(emu, v, emu.applicationKeyId, 'K005wrongwrongwrongwrongwrongwro'),
      await authorize(emu, v, '0059999999999990000000001', emu.applicationKey),
      await fetch(`${emu.url}/b2api/v${v}/b2_authorize_account`).then(async (res) => ({ status: res.status, body: (await res.json()) as Json })),
      await fetch(`${emu.url}/b2api/v${v}/b2_authorize_account`, { headers: { Authorization: 'Basic %%%' } }).then(async (res) => ({ status: res.status, body: (await res.json()) as Json })),
    ]) {
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ status: 401, code: 'unauthorized', message: '' });
    }
  });

  it('multi-bucket v4 key: 400 on v2/v3, works on v4 with allowed.buckets', async () => {
    const token = await tokenFor(emu);
    const k = await createKey(emu, token, {
      keyName: 'multi', capabilities: ['listBuckets', 'readFiles'], bucketIds: [buckets['photos-backup'], buckets['web-assets']],
    });
    for (const v of [2, 3] as const) {
      const r = await authorize(emu, v, k['applicationKeyId'], k['applicationKey']);
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ status: 400, code: 'bad_request', message: `This request is not currently supported on API version number ${v}` });
    }
    const r4 = await authorize(emu, 4, k['applicationKeyId'], k['applicationKey']);
    expect(r4.status).toBe(200);
    expect(r4.body['apiInfo']['storageApi']['allowed']).toEqual({
      buckets: [
        { id: buckets['photos-backup'], name: 'photos-backup' },
        { id: buckets['web-assets'], name: 'web-assets' },
      ],
      capabilities: ['listBuckets', 'readFiles'],
      namePrefix: null,
    });
  });

  it('a v4 key with ONE bucket in bucketIds is still multi-bucket (refused on v3)', async () => {
    const token = await tokenFor(emu);
    const k = await createKey(emu, token, { keyName: 'one', capabilities: ['readFiles'], bucketIds: [buckets['nas-archive']] });
    expect((await authorize(emu, 3, k['applicationKeyId'], k['applicationKey'])).status).toBe(400);
  });

  it('v4 key without bucket restriction authorizes on v2 and v3', async () => {
    const token = await tokenFor(emu);
    const k = await createKey(emu, token, { keyName: 'plain', capabilities: ['listBuckets'], bucketIds: null });
    expect((await authorize(emu, 3, k['applicationKeyId'], k['applicationKey'])).status).toBe(200);
    expect((await authorize(emu, 2, k['applicationKeyId'], k['applicationKey'])).status).toBe(200);
  });

  it('v3-created single-bucket key authorizes on v2, v3 and v4 with the right shapes', async () => {
    const token = await tokenFor(emu, 3);
    const k = await createKey(
      emu, token, { keyName: 'legacy', capabilities: ['listBuckets', 'listFiles'], bucketId: buckets['nas-archive'], namePrefix: 'a/' }, 3,
    );
    const r4 = await authorize(emu, 4, k['applicationKeyId'], k['applicationKey']);
    expect(r4.status).toBe(200);
    expect(r4.body['apiInfo']['storageApi']['allowed']).toEqual({
      buckets: [{ id: buckets['nas-archive'], name: 'nas-archive' }],
      capabilities: ['listBuckets', 'listFiles'],
      namePrefix: 'a/',
    });
    const r3 = await authorize(emu, 3, k['applicationKeyId'], k['applicationKey']);
    expect(r3.body['apiInfo']['storageApi']).toMatchObject({ bucketId: buckets['nas-archive'], bucketName: 'nas-archive', namePrefix: 'a/' });
    const r2 = await authorize(emu, 2, k['applicationKeyId'], k['applicationKey']);
    expect(r2.body['allowed']).toEqual({
      bucketId: buckets['nas-archive'], bucketName: 'nas-archive', capabilities: ['listBuckets', 'listFiles'], namePrefix: 'a/',
    });
  });

  it('expired key (validDurationInSeconds: 1) → 401 after ~1.1 s; expiration shown until then', async () => {
    const token = await tokenFor(emu);
    const before = Date.now();
    const k = await createKey(emu, token, { keyName: 'short', capabilities: ['listBuckets'], validDurationInSeconds: 1 });
    expect(k['expirationTimestamp']).toBeGreaterThanOrEqual(before + 1000);
    expect(k['expirationTimestamp']).toBeLessThanOrEqual(Date.now() + 1000);
    const ok = await authorize(emu, 4, k['applicationKeyId'], k['applicationKey']);
    expect(ok.status).toBe(200);
    expect(ok.body['applicationKeyExpirationTimestamp']).toBe(k['expirationTimestamp']);
    await new Promise((r) => setTimeout(r, 1100));
    const r = await authorize(emu, 4, k['applicationKeyId'], k['applicationKey']);
    expect(r.status).toBe(401);
    expect(r.body['code']).toBe('unauthorized');
  });

  it('deleted key → 401 unauthorized', async () => {
    const token = await tokenFor(emu);
    const k = await createKey(emu, token, { keyName: 'gone', capabilities: ['listBuckets'] });
    await fetch(`${emu.url}/b2api/v4/b2_delete_key`, {
      method: 'POST', headers: { Authorization: token }, body: JSON.stringify({ applicationKeyId: k['applicationKeyId'] }),
    });
    const r = await authorize(emu, 4, k['applicationKeyId'], k['applicationKey']);
    expect(r.status).toBe(401);
    expect(r.body['code']).toBe('unauthorized');
  });

  it('a restricted key whose bucket was deleted shows name null', async () => {
    const created = await admin(emu, 'POST', 'buckets', { bucketName: 'doomed-bucket' });
    const id = created.body['bucketId'] as string;
    const token = await tokenFor(emu);
    const k = await createKey(emu, token, { keyName: 'orphan', capabilities: ['listFiles'], bucketIds: [id] });
    expect((await admin(emu, 'DELETE', `buckets/${id}`)).status).toBe(200);
    const r = await authorize(emu, 4, k['applicationKeyId'], k['applicationKey']);
    expect(r.body['apiInfo']['storageApi']['allowed']['buckets']).toEqual([{ id, name: null }]);
  });

  it('secret containing / and + survives Basic auth', async () => {
    // Many secrets contain them; create until one does to prove the round trip.
    const token = await tokenFor(emu);
    for (let i = 0; i < 50; i++) {
      const k = await createKey(emu, token, { keyName: `slash-${i}`, capabilities: ['listBuckets'] });
      const secret = k['applicationKey'] as string;
      if (/[/+]/.test(secret)) {
        expect(secret).toMatch(/^K005[\x20-\x7E]{27}$/);
        expect((await authorize(emu, 4, k['applicationKeyId'], secret)).status).toBe(200);
        return;
      }
    }
    throw new Error('no secret with / or + in 50 tries');
  });
});

describe('routing, JSON and CORS', () => {
  it('unknown path → 404 not_found; unknown version → 404', async () => {
    for (const path of ['/b2api/v4/b2_list_file_names', '/b2api/v9/b2_list_keys', '/nothing', '/s3']) {
      const res = await fetch(`${emu.url}${path}`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ status: 404, code: 'not_found', message: path });
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    }
  });

  it('wrong method → 405 with Allow', async () => {
    const res = await fetch(`${emu.url}/b2api/v4/b2_list_keys`, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain('POST');
    expect(((await res.json()) as Json)['code']).toBe('method_not_allowed');
  });

  it('malformed JSON → 400 bad_json', async () => {
    const token = await tokenFor(emu);
    for (const body of ['{not json', '[1,2]', '"str"']) {
      const res = await fetch(`${emu.url}/b2api/v4/b2_list_keys`, { method: 'POST', headers: { Authorization: token }, body });
      expect(res.status).toBe(400);
      expect(((await res.json()) as Json)['code']).toBe('bad_json');
    }
  });

  it('OPTIONS preflight → 204 with CORS headers, on API and admin paths', async () => {
    for (const path of ['/b2api/v4/b2_create_key', '/b2api/v2/b2_authorize_account', '/__emulator/faults']) {
      const res = await fetch(`${emu.url}${path}`, {
        method: 'OPTIONS',
        headers: {
          Origin: 'chrome-extension://abcdef',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization,content-type',
          'Access-Control-Request-Private-Network': 'true',
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-methods')).toContain('POST');
      expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
      expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
      expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
      expect(res.headers.get('access-control-allow-private-network')).toBe('true');
    }
  });

  it('every response carries Access-Control-Allow-Origin: *', async () => {
    const ok = await fetch(`${emu.url}/b2api/v4/b2_authorize_account`, { headers: { Authorization: basic(emu.applicationKeyId, emu.applicationKey) } });
    const bad = await fetch(`${emu.url}/b2api/v4/b2_authorize_account`);
    const adm = await fetch(`${emu.url}/__emulator/requests`);
    for (const res of [ok, bad, adm]) expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(ok.headers.get('access-control-expose-headers')).toContain('Retry-After');
  });
});
