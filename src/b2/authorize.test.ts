import { describe, expect, it } from 'vitest';
import { authorize, base64Utf8 } from './authorize';
import { B2ApiError, B2MalformedResponseError, B2NetworkError, B2ValidationError } from './errors';
import { ACCOUNT_ID, API_URL, authorizeReply, b2Error, fakeFetch, json, recordingSleep, text } from './test-support';

const credentials = { applicationKeyId: '0040123456789ab0000000003', applicationKey: 'K004secret/with+chars' };

describe('authorize', () => {
  it('GETs v4 b2_authorize_account on the default endpoint with Basic auth and parses the v4 shape', async () => {
    const fake = fakeFetch([
      authorizeReply({ token: 'tok-A', buckets: [{ id: 'b1', name: 'photos' }, { id: 'b2', name: null }], capabilities: ['listBuckets'] }),
    ]);
    const auth = await authorize({ fetch: fake.fetch, credentials, now: () => 42 });

    expect(fake.calls).toHaveLength(1);
    const call = fake.calls[0]!;
    expect(call.url).toBe('https://api.backblazeb2.com/b2api/v4/b2_authorize_account');
    expect(call.method).toBe('GET');
    expect(call.body).toBeUndefined();
    expect(call.headers['authorization']).toBe(`Basic ${btoa('0040123456789ab0000000003:K004secret/with+chars')}`);
    // Unbound-safe: fetch must be invoked with globalThis as `this` (service workers throw "Illegal invocation").
    expect(call.thisArg).toBe(globalThis);
    // A redirect would carry the key to wherever it points; no cookie or cache holds anything of it.
    expect([call.redirect, call.credentials, call.cache]).toEqual(['error', 'omit', 'no-store']);

    expect(auth).toEqual({
      accountId: ACCOUNT_ID,
      authorizationToken: 'tok-A',
      apiUrl: API_URL,
      downloadUrl: 'https://f004.backblazeb2.com',
      s3ApiUrl: 'https://s3.us-west-004.backblazeb2.com',
      allowed: { buckets: [{ id: 'b1', name: 'photos' }, { id: 'b2', name: null }], capabilities: ['listBuckets'], namePrefix: null },
      applicationKeyExpirationTimestamp: null,
      obtainedAt: 42,
    });
  });

  it('tolerates trailing slashes on the endpoint and on apiUrl', async () => {
    const fake = fakeFetch([authorizeReply({ apiUrl: 'http://127.0.0.1:8787/' })]);
    const auth = await authorize({ fetch: fake.fetch, endpoint: 'http://127.0.0.1:8787///', credentials });
    expect(fake.calls[0]!.url).toBe('http://127.0.0.1:8787/b2api/v4/b2_authorize_account');
    expect(auth.apiUrl).toBe('http://127.0.0.1:8787');
  });

  it('base64-encodes the UTF-8 bytes of the credentials (btoa alone would throw)', async () => {
    expect(base64Utf8('ké:✓')).toBe('a8OpOuKckw==');
    const fake = fakeFetch([authorizeReply()]);
    await authorize({ fetch: fake.fetch, credentials: { applicationKeyId: '4ba5845d7aaf', applicationKey: 'pässword' } });
    expect(fake.calls[0]!.headers['authorization']).toBe(`Basic ${base64Utf8('4ba5845d7aaf:pässword')}`);
  });

  it('reads an optional expiration timestamp', async () => {
    const reply = (await authorizeReply().json()) as Record<string, unknown>;
    const fake = fakeFetch([json({ ...reply, applicationKeyExpirationTimestamp: 1767225600000 })]);
    const auth = await authorize({ fetch: fake.fetch, credentials });
    expect(auth.applicationKeyExpirationTimestamp).toBe(1767225600000);
  });

  it('surfaces 401 unauthorized (wrong key) without retrying', async () => {
    const { sleep, delays } = recordingSleep();
    const fake = fakeFetch([b2Error(401, 'unauthorized', 'bad key')]);
    const error = await authorize({ fetch: fake.fetch, credentials, sleep }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(B2ApiError);
    expect(error).toMatchObject({ status: 401, code: 'unauthorized', message: 'bad key', call: 'b2_authorize_account' });
    expect((error as B2ApiError).requiredCapability).toBeUndefined();
    expect(fake.calls).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('retries transient failures itself', async () => {
    const { sleep, delays } = recordingSleep();
    const fake = fakeFetch([b2Error(503, 'service_unavailable'), new TypeError('Failed to fetch'), authorizeReply()]);
    const auth = await authorize({ fetch: fake.fetch, credentials, sleep });
    expect(auth.authorizationToken).toBe('token-1');
    expect(fake.calls).toHaveLength(3);
    expect(delays).toEqual([1000, 1500]);
  });

  it('gives up with B2NetworkError after maxTries network failures', async () => {
    const { sleep, delays } = recordingSleep();
    const fake = fakeFetch([1, 2, 3].map(() => new TypeError('Failed to fetch')));
    const error = await authorize({ fetch: fake.fetch, credentials, sleep, maxTries: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(B2NetworkError);
    expect(fake.calls).toHaveLength(3);
    expect(delays).toEqual([1000, 1500]);
  });

  it('rejects bad credentials and endpoints before any request', async () => {
    const fake = fakeFetch([]);
    const e1 = await authorize({ fetch: fake.fetch, credentials: { applicationKeyId: '', applicationKey: '' } }).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(B2ValidationError);
    expect((e1 as B2ValidationError).issues.map((i) => i.field)).toEqual(['applicationKeyId', 'applicationKey']);
    const e2 = await authorize({ fetch: fake.fetch, credentials: { applicationKeyId: 'a:b', applicationKey: 'x' } }).catch((e: unknown) => e);
    expect((e2 as B2ValidationError).issues.map((i) => i.field)).toEqual(['applicationKeyId']);
    const e3 = await authorize({ fetch: fake.fetch, endpoint: 'ftp://example.com', credentials }).catch((e: unknown) => e);
    expect((e3 as B2ValidationError).issues.map((i) => i.field)).toEqual(['endpoint']);
    expect(fake.calls).toHaveLength(0);
  });

  it('treats a reply without allowed.buckets as malformed instead of as "all buckets"', async () => {
    const reply = (await authorizeReply().json()) as { apiInfo: { storageApi: { allowed: Record<string, unknown> } } };
    delete reply.apiInfo.storageApi.allowed['buckets'];
    const fake = fakeFetch([json(reply)]);
    const error = await authorize({ fetch: fake.fetch, credentials }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(B2MalformedResponseError);
    expect((error as B2MalformedResponseError).detail).toContain('apiInfo.storageApi.allowed.buckets');
    expect(fake.calls).toHaveLength(1);
  });

  it('refuses an http apiUrl from an https endpoint (the token would travel in clear text)', async () => {
    const fake = fakeFetch([authorizeReply({ apiUrl: 'http://api004.backblazeb2.com' })]);
    const error = await authorize({ fetch: fake.fetch, credentials }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(B2MalformedResponseError);
    expect(error).toMatchObject({ status: 200, call: 'b2_authorize_account', detail: 'apiInfo.storageApi.apiUrl is not https although the endpoint is' });
  });

  it('reports every problem with the credentials and the endpoint at once', async () => {
    const fake = fakeFetch([]);
    const error = await authorize({ fetch: fake.fetch, endpoint: 'not a url', credentials: { applicationKeyId: '', applicationKey: 'x' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(B2ValidationError);
    expect(error).toMatchObject({ call: 'b2_authorize_account' });
    expect((error as B2ValidationError).issues.map((i) => i.field)).toEqual(['applicationKeyId', 'endpoint']);
    expect(fake.calls).toHaveLength(0);
  });

  it('turns an HTML page into B2MalformedResponseError, never a TypeError', async () => {
    const fake = fakeFetch([text('<html>captive portal</html>', 200)]);
    const error = await authorize({ fetch: fake.fetch, credentials }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(B2MalformedResponseError);
    expect(error).toMatchObject({ status: 200, call: 'b2_authorize_account' });
  });
});
