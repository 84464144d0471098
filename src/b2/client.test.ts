import { describe, expect, it, vi } from 'vitest';
import { B2Client, nextKeyIdIn, type B2ClientOptions } from './client';
import {
  B2AmbiguousCreateError,
  B2ApiError,
  B2Error,
  B2MalformedResponseError,
  B2NetworkError,
  B2ValidationError,
} from './errors';
import {
  ACCOUNT_ID,
  API_URL,
  authorizeReply,
  b2Error,
  cachedAuth,
  connectionRefused,
  caught,
  fakeFetch,
  json,
  keyJson,
  recordingSleep,
  type Step,
  text,
} from './test-support';
import type { B2Auth, CreateKeyInput } from './types';

const credentials = { applicationKeyId: '0040123456789ab0000000003', applicationKey: 'K004secret' };
const NOW = 1_000_000 + 60_000; // one minute after cachedAuth().obtainedAt
const HOUR = 60 * 60 * 1000;

/** A client holding a fresh cached token, so the scripted steps are exactly the calls under test. */
function setup(steps: Step[], opts: Partial<B2ClientOptions> & { noAuth?: boolean } = {}) {
  const fake = fakeFetch(steps);
  const { sleep, delays } = recordingSleep();
  const authEvents: B2Auth[] = [];
  const { noAuth, ...rest } = opts;
  const client = new B2Client({
    fetch: fake.fetch,
    credentials,
    ...(noAuth ? {} : { auth: cachedAuth() }),
    now: () => NOW,
    sleep,
    onAuth: (auth) => {
      authEvents.push(auth);
    },
    ...rest,
  });
  return { client, fake, delays, authEvents };
}

const createdJson = (overrides: Record<string, unknown> = {}) => ({
  ...keyJson('0040123456789ab0000000007', { keyName: 'ext-reader-01' }),
  applicationKey: 'K004newsecretnewsecretnewsecret',
  ...overrides,
});

const input: CreateKeyInput = { keyName: 'ext-reader-01', capabilities: ['listBuckets', 'listFiles', 'readFiles'] };

describe('B2Client auth reuse', () => {
  it('reuses a cached token younger than 23 h without authorizing', async () => {
    const { client, fake } = setup([json({ buckets: [] })], { now: () => cachedAuth().obtainedAt + 23 * HOUR - 1 });
    expect(client.auth?.authorizationToken).toBe('cached-token');
    await client.listBuckets();
    expect(fake.calls.map((c) => c.url)).toEqual([`${API_URL}/b2api/v4/b2_list_buckets`]);
    expect(fake.calls[0]!.headers['authorization']).toBe('cached-token');
  });

  it('re-authorizes when the cached token is 23 h old, and reports the new token via onAuth', async () => {
    const { client, fake, authEvents } = setup([authorizeReply({ token: 'new-token' })], {
      now: () => cachedAuth().obtainedAt + 23 * HOUR,
    });
    const auth = await client.ensureAuth();
    expect(fake.calls.map((c) => c.url)).toEqual(['https://api.backblazeb2.com/b2api/v4/b2_authorize_account']);
    expect(auth.authorizationToken).toBe('new-token');
    expect(auth.obtainedAt).toBe(cachedAuth().obtainedAt + 23 * HOUR);
    expect(client.auth).toBe(auth);
    expect(authEvents).toEqual([auth]);
  });

  it('ignores a cached token of the wrong shape', async () => {
    const { client, fake } = setup([authorizeReply()], { auth: { ...cachedAuth(), apiUrl: 42 } as unknown as B2Auth });
    expect(client.auth).toBeUndefined();
    await client.ensureAuth();
    expect(fake.calls).toHaveLength(1);
  });

  it('refuses an authorize, or a kept token, for another account than the one it acts for (nothing sent with it)', async () => {
    // The kept token is for ACCOUNT_ID: dropped, and the authorize that follows answers for ACCOUNT_ID too.
    const { client, fake, authEvents } = setup([authorizeReply()], { accountId: 'acc-other' });
    expect(client.auth).toBeUndefined();
    await expect(client.listBuckets()).rejects.toMatchObject({ name: 'B2OtherAccountError', expected: 'acc-other', answered: ACCOUNT_ID });
    expect(fake.calls).toHaveLength(1);
    expect(client.auth).toBeUndefined();
    expect(authEvents).toEqual([]);
    // Its own account: the kept token is used as before.
    const own = setup([json({ buckets: [] })], { accountId: ACCOUNT_ID });
    expect(own.client.auth).toEqual(cachedAuth());
    await own.client.listBuckets();
    expect(own.fake.calls).toHaveLength(1);
  });

  it('shares one authorize between concurrent callers', async () => {
    const { client, fake } = setup([authorizeReply()], { noAuth: true });
    const [a, b] = await Promise.all([client.ensureAuth(), client.ensureAuth()]);
    expect(a).toBe(b);
    expect(fake.calls).toHaveLength(1);
  });

  it('authorizes against a custom endpoint and sends later calls to the returned apiUrl', async () => {
    const { client, fake } = setup([authorizeReply({ apiUrl: 'http://127.0.0.1:9000' }), json({ buckets: [] })], {
      noAuth: true,
      endpoint: 'http://127.0.0.1:9000/',
    });
    await client.listBuckets();
    expect(fake.calls.map((c) => c.url)).toEqual([
      'http://127.0.0.1:9000/b2api/v4/b2_authorize_account',
      'http://127.0.0.1:9000/b2api/v4/b2_list_buckets',
    ]);
    expect(fake.calls.every((c) => c.thisArg === globalThis)).toBe(true);
  });
});

describe('B2Client.createKey', () => {
  it('POSTs v4 b2_create_key with the accountId from auth and parses the key and secret', async () => {
    const { client, fake } = setup([authorizeReply({ token: 'tok-1' }), json(createdJson({ options: undefined, bucketIds: ['b1'] }))], {
      noAuth: true,
    });
    const key = await client.createKey({ ...input, bucketIds: ['b1'], namePrefix: 'photos/', validDurationInSeconds: 86400 });

    expect(fake.calls).toHaveLength(2);
    const call = fake.calls[1]!;
    expect(call.url).toBe(`${API_URL}/b2api/v4/b2_create_key`);
    expect(call.method).toBe('POST');
    expect(call.headers['authorization']).toBe('tok-1');
    expect(call.headers['content-type']).toBe('application/json');
    expect(call.body).toEqual({
      accountId: ACCOUNT_ID,
      keyName: 'ext-reader-01',
      capabilities: ['listBuckets', 'listFiles', 'readFiles'],
      validDurationInSeconds: 86400,
      bucketIds: ['b1'],
      namePrefix: 'photos/',
    });
    expect(key).toEqual({
      accountId: ACCOUNT_ID,
      applicationKeyId: '0040123456789ab0000000007',
      keyName: 'ext-reader-01',
      capabilities: ['listBuckets', 'readFiles'],
      bucketIds: ['b1'],
      namePrefix: null,
      expirationTimestamp: null,
      options: [],
      applicationKey: 'K004newsecretnewsecretnewsecret',
    });
  });

  it('sends absent optional fields as null', async () => {
    const { client, fake } = setup([json(createdJson())]);
    await client.createKey(input);
    expect(fake.calls[0]!.body).toEqual({
      accountId: ACCOUNT_ID,
      keyName: 'ext-reader-01',
      capabilities: ['listBuckets', 'listFiles', 'readFiles'],
      validDurationInSeconds: null,
      bucketIds: null,
      namePrefix: null,
    });
  });

  it('creates a legacy single-bucket key through v3 with bucketId and maps the v3 reply', async () => {
    const v3Reply = { ...createdJson(), bucketIds: undefined, bucketId: 'b1', expirationTimestamp: 1767225600000 };
    const { client, fake } = setup([json(v3Reply)]);
    const key = await client.createKey({ ...input, bucketIds: ['b1'], legacySingleBucket: true });
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]!.url).toBe(`${API_URL}/b2api/v3/b2_create_key`);
    expect(fake.calls[0]!.body).toEqual({
      accountId: ACCOUNT_ID,
      keyName: 'ext-reader-01',
      capabilities: ['listBuckets', 'listFiles', 'readFiles'],
      validDurationInSeconds: null,
      bucketId: 'b1',
      namePrefix: null,
    });
    expect(key.bucketIds).toEqual(['b1']);
    expect(key.expirationTimestamp).toBe(1767225600000);
    expect(key.applicationKey).toBe('K004newsecretnewsecretnewsecret');
    expect(key).not.toHaveProperty('bucketId');
  });

  it('refuses a legacy single-bucket key with a capability a bucket restriction rules out, before any request', async () => {
    const { client, fake } = setup([], { noAuth: true });
    const error = await caught(client.createKey({ ...input, capabilities: ['writeKeys', 'readFiles'], bucketIds: ['b1'], legacySingleBucket: true }));
    expect(error).toBeInstanceOf(B2ValidationError);
    expect((error as B2ValidationError).issues.map((i) => i.field)).toEqual(['capabilities']);
    expect(fake.calls).toEqual([]);
  });

  it('maps an unrestricted v3 key to bucketIds null', async () => {
    const { client } = setup([json({ ...createdJson(), bucketIds: undefined, bucketId: null })]);
    // legacySingleBucket requires a bucket, so the null case is checked through a reply the server sent anyway.
    const key = await client.createKey({ ...input, bucketIds: ['b1'], legacySingleBucket: true });
    expect(key.bucketIds).toBeNull();
  });

  it('sends every request with redirects refused, no credentials and no cache (a token never follows a redirect)', async () => {
    const { client, fake } = setup([b2Error(401, 'expired_auth_token'), authorizeReply(), json({ keys: [], nextApplicationKeyId: null }), json({ buckets: [] })]);
    for await (const page of client.listKeys()) expect(page).toEqual([]);
    await client.listBuckets();
    expect(fake.calls.map((c) => c.url)).toEqual([
      `${API_URL}/b2api/v4/b2_list_keys`,
      'https://api.backblazeb2.com/b2api/v4/b2_authorize_account',
      `${API_URL}/b2api/v4/b2_list_keys`,
      `${API_URL}/b2api/v4/b2_list_buckets`,
    ]);
    for (const c of fake.calls) expect([c.url, c.redirect, c.credentials, c.cache]).toEqual([c.url, 'error', 'omit', 'no-store']);
  });

  it('makes no request at all when the input is invalid', async () => {
    const { client, fake } = setup([], { noAuth: true });
    const error = await caught(client.createKey({ keyName: 'bad name', capabilities: [] }));
    expect(error).toBeInstanceOf(B2ValidationError);
    expect((error as B2ValidationError).issues.map((i) => i.field)).toEqual(['keyName', 'capabilities']);
    const legacy = await caught(client.createKey({ ...input, legacySingleBucket: true }));
    expect((legacy as B2ValidationError).issues.map((i) => i.field)).toEqual(['bucketIds']);
    const scoped = await caught(client.createKey({ ...input, capabilities: ['listKeys', 'readFiles'], bucketIds: ['b1'] }));
    expect((scoped as B2ValidationError).issues).toEqual([
      { field: 'capabilities', message: "Keys restricted to buckets cannot have these capabilities: 'listKeys'." },
    ]);
    expect(fake.calls).toHaveLength(0);
  });

  it.each([
    ['500', () => b2Error(500, 'internal_error', 'boom'), 500],
    ['503', () => b2Error(503, 'service_unavailable'), 503],
    ['408', () => b2Error(408, 'request_timeout'), 408],
    ['HTML 502', () => text('<html>bad gateway</html>', 502), 502],
  ])('throws B2AmbiguousCreateError after exactly one request on %s', async (_label, step, status) => {
    const { client, fake, delays } = setup([step()]);
    const error = await caught(client.createKey(input));
    expect(error).toBeInstanceOf(B2AmbiguousCreateError);
    expect(error).toMatchObject({ kind: 'ambiguousCreate', keyName: 'ext-reader-01', status, call: 'b2_create_key' });
    expect((error as B2AmbiguousCreateError).cause).toBeInstanceOf(B2Error);
    expect(fake.calls).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('throws B2AmbiguousCreateError after one create on a network error, asking the endpoint (not the create) again', async () => {
    // The kept token's server did not answer: a new authorize says where the account's calls go. The same server:
    // the create, which may have reached it, is not sent again.
    const { client, fake, delays } = setup([new TypeError('Failed to fetch'), authorizeReply()]);
    const error = await caught(client.createKey(input));
    expect(error).toBeInstanceOf(B2AmbiguousCreateError);
    expect(error).toMatchObject({ kind: 'ambiguousCreate', keyName: 'ext-reader-01', call: 'b2_create_key' });
    expect(fake.calls.map((c) => c.url.split('/').pop())).toEqual(['b2_create_key', 'b2_authorize_account']);
    expect(delays).toEqual([]);
  });

  it('treats a timeout as ambiguous', async () => {
    const { client, fake } = setup(['hang'], { timeoutMs: 5 });
    const error = await caught(client.createKey(input));
    expect(error).toBeInstanceOf(B2AmbiguousCreateError);
    const cause = (error as B2AmbiguousCreateError).cause;
    expect(cause).toBeInstanceOf(B2NetworkError);
    expect((cause as B2NetworkError).timedOut).toBe(true);
    expect(fake.calls[0]!.signal?.aborted).toBe(true);
    expect(fake.calls).toHaveLength(1);
  });

  it('treats an unreadable 200 as ambiguous but rescues the secret it carried, without exposing it', async () => {
    const { client, fake } = setup([json({ ...createdJson(), capabilities: 'oops' })]);
    const error = (await caught(client.createKey(input))) as B2AmbiguousCreateError;
    expect(error).toBeInstanceOf(B2AmbiguousCreateError);
    expect(error.status).toBe(200);
    expect(error.recoveredKey).toEqual({
      applicationKeyId: '0040123456789ab0000000007',
      applicationKey: 'K004newsecretnewsecretnewsecret',
    });
    expect(JSON.stringify(error)).not.toContain('newsecret');
    expect(error.message).not.toContain('newsecret');
    expect(Object.keys(error)).not.toContain('recoveredKey');
    expect(fake.calls).toHaveLength(1);
  });

  it('retries a 429 (nothing was created) honouring Retry-After', async () => {
    const { client, fake, delays } = setup([b2Error(429, 'too_many_requests', '', { 'Retry-After': '3' }), json(createdJson())]);
    const key = await client.createKey(input);
    expect(key.applicationKey).toBe('K004newsecretnewsecretnewsecret');
    expect(fake.calls).toHaveLength(2);
    expect(fake.calls[1]!.body).toEqual(fake.calls[0]!.body);
    expect(delays).toEqual([3000]);
  });

  it('does not retry after a 429 turns into an ambiguous failure', async () => {
    const { client, fake, delays } = setup([b2Error(429, 'too_many_requests'), b2Error(500, 'internal_error')]);
    expect(await caught(client.createKey(input))).toBeInstanceOf(B2AmbiguousCreateError);
    expect(fake.calls).toHaveLength(2);
    expect(delays).toEqual([1000]);
  });

  it('surfaces a clear 400 as B2ApiError', async () => {
    const { client, fake } = setup([b2Error(400, 'bad_request', 'illegal key name: x')]);
    const error = await caught(client.createKey(input));
    expect(error).toBeInstanceOf(B2ApiError);
    expect(error).not.toBeInstanceOf(B2AmbiguousCreateError);
    expect(error).toMatchObject({ status: 400, code: 'bad_request', message: 'illegal key name: x' });
    expect(fake.calls).toHaveLength(1);
  });

  it('does not call a failed authorize (before anything was sent) an ambiguous create', async () => {
    const fails = [1, 2, 3, 4, 5].map(() => new TypeError('Failed to fetch'));
    const { client, fake } = setup(fails, { noAuth: true });
    const error = await caught(client.createKey(input));
    expect(error).toBeInstanceOf(B2NetworkError);
    expect(error).toMatchObject({ call: 'b2_authorize_account' });
    expect(fake.calls.every((c) => c.url.endsWith('/b2_authorize_account'))).toBe(true);
  });

  it('names writeKeys when B2 answers unauthorized', async () => {
    const { client, fake } = setup([b2Error(401, 'unauthorized', '')]);
    const error = await caught(client.createKey(input));
    expect(error).toBeInstanceOf(B2ApiError);
    expect(error).toMatchObject({ code: 'unauthorized', requiredCapability: 'writeKeys' });
    expect((error as B2ApiError).message).toContain('writeKeys');
    expect(fake.calls).toHaveLength(1);
  });

  it('says when B2 refuses the client’s own key on re-authorizing (deleted, expired, a master key regenerated), and creates nothing', async () => {
    const { client, fake } = setup([b2Error(401, 'bad_auth_token'), b2Error(401, 'unauthorized', '')]);
    const error = await caught(client.createKey(input));
    expect(error).toMatchObject({ status: 401, code: 'unauthorized', call: 'b2_authorize_account', ownKeyRefused: true });
    expect(fake.calls.map((c) => c.url.split('/').pop())).toEqual(['b2_create_key', 'b2_authorize_account']);
    // Any other failure of the authorize is not about the key, and a refusal of a call itself is not either.
    const down = setup([b2Error(503, 'service_unavailable')], { noAuth: true, maxTries: 1 });
    expect(await caught(down.client.createKey(input))).toMatchObject({ status: 503, ownKeyRefused: false });
    const scoped = setup([b2Error(401, 'unauthorized', '')]);
    expect(await caught(scoped.client.createKey(input))).toMatchObject({ call: 'b2_create_key', ownKeyRefused: false });
  });

  it('re-authorizes on bad_auth_token and repeats the create once (B2 created nothing)', async () => {
    const { client, fake } = setup([b2Error(401, 'bad_auth_token'), authorizeReply({ token: 'tok-2' }), json(createdJson())]);
    await client.createKey(input);
    expect(fake.calls.map((c) => c.headers['authorization']?.slice(0, 5))).toEqual(['cache', 'Basic', 'tok-2']);
  });
});

describe('B2Client.listKeys', () => {
  it('follows nextApplicationKeyId across three pages', async () => {
    const { client, fake } = setup([
      json({ keys: [keyJson('k1'), keyJson('k2')], nextApplicationKeyId: 'k3' }),
      json({ keys: [keyJson('k3'), keyJson('k4')], nextApplicationKeyId: 'k5' }),
      json({ keys: [keyJson('k5', { options: null, bucketIds: ['b1'] })], nextApplicationKeyId: null }),
    ]);
    const pages: string[][] = [];
    for await (const page of client.listKeys()) pages.push(page.map((k) => k.applicationKeyId));

    expect(pages).toEqual([['k1', 'k2'], ['k3', 'k4'], ['k5']]);
    expect(fake.calls.map((c) => c.url)).toEqual(Array(3).fill(`${API_URL}/b2api/v4/b2_list_keys`));
    expect(fake.calls.map((c) => c.body)).toEqual([
      { accountId: ACCOUNT_ID, maxKeyCount: 10000 },
      { accountId: ACCOUNT_ID, maxKeyCount: 10000, startApplicationKeyId: 'k3' },
      { accountId: ACCOUNT_ID, maxKeyCount: 10000, startApplicationKeyId: 'k5' },
    ]);
    expect(fake.calls.every((c) => c.headers['authorization'] === 'cached-token')).toBe(true);
  });

  it('listAllKeys concatenates the pages and honours pageSize', async () => {
    const { client, fake } = setup([
      json({ keys: [keyJson('k1')], nextApplicationKeyId: 'k2' }),
      json({ keys: [keyJson('k2', { options: null, bucketIds: ['b1'], namePrefix: 'p/' })] }),
    ]);
    const keys = await client.listAllKeys({ pageSize: 1 });
    expect(keys.map((k) => k.applicationKeyId)).toEqual(['k1', 'k2']);
    expect(keys[1]).toEqual({
      accountId: ACCOUNT_ID,
      applicationKeyId: 'k2',
      keyName: 'key-k2',
      capabilities: ['listBuckets', 'readFiles'],
      bucketIds: ['b1'],
      namePrefix: 'p/',
      expirationTimestamp: null,
      options: [],
    });
    expect(fake.calls.map((c) => (c.body as { maxKeyCount: number }).maxKeyCount)).toEqual([1, 1]);
  });

  it('ahead: asks for the next page before the caller is done with this one, and only then', async () => {
    const pages = () => [
      json({ keys: [keyJson('k1')], nextApplicationKeyId: 'k2' }),
      json({ keys: [keyJson('k2')], nextApplicationKeyId: null }),
    ];
    const eager = setup(pages());
    const seenAhead: number[] = [];
    for await (const page of eager.client.listKeys({ ahead: true })) seenAhead.push(page.length && eager.fake.calls.length);
    // While the caller held page 1 the request for page 2 was out; on the last page nothing more was asked.
    expect(seenAhead).toEqual([2, 2]);

    const lazy = setup(pages());
    const seen: number[] = [];
    for await (const page of lazy.client.listKeys()) seen.push(page.length && lazy.fake.calls.length);
    expect(seen).toEqual([1, 2]);
  });

  it('ahead: a caller that stops early is not handed the failure of the page fetched ahead', async () => {
    const { client, fake } = setup([json({ keys: [keyJson('k1')], nextApplicationKeyId: 'k2' }), b2Error(400, 'bad_request')]);
    let rejected = 0;
    const onRejection = () => rejected++;
    // Node's process (these tests run in Node; src/ is typed without Node's globals).
    const process = (globalThis as unknown as { process: { on(e: string, f: () => void): void; off(e: string, f: () => void): void } }).process;
    process.on('unhandledRejection', onRejection);
    try {
      for await (const page of client.listKeys({ ahead: true })) {
        expect(page.map((k) => k.applicationKeyId)).toEqual(['k1']);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    expect(fake.calls).toHaveLength(2);
    expect(rejected).toBe(0);
  });

  it('ahead: the failure of the page fetched ahead reaches a caller that goes on', async () => {
    const { client } = setup([json({ keys: [keyJson('k1')], nextApplicationKeyId: 'k2' }), b2Error(400, 'bad_request')]);
    const pages: string[][] = [];
    const error = await caught(
      (async () => {
        for await (const page of client.listKeys({ ahead: true })) pages.push(page.map((k) => k.applicationKeyId));
      })(),
    );
    expect(pages).toEqual([['k1']]);
    expect(error).toMatchObject({ status: 400, code: 'bad_request' });
  });

  /** Replies by the request's start ID (not by arrival order), so a request started from a guess gets its own page. */
  const byStart = (pages: Record<string, Response | (() => Response)>): Step => (call) => {
    const start = (call.body as { startApplicationKeyId?: string }).startApplicationKeyId ?? '';
    const page = pages[start];
    if (page === undefined) throw new Error(`no page for start ${start}`);
    return typeof page === 'function' ? page() : page;
  };

  /** Counts rejections nobody handled while `run` goes on (and a little after). */
  async function unhandledDuring(run: () => Promise<unknown>): Promise<number> {
    let rejected = 0;
    const onRejection = () => rejected++;
    const process = (globalThis as unknown as { process: { on(e: string, f: () => void): void; off(e: string, f: () => void): void } }).process;
    process.on('unhandledRejection', onRejection);
    try {
      await run().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    return rejected;
  }

  it('ahead: the next request starts from the text of the reply, before the reply is parsed and checked', async () => {
    // Page 1 names its successor and then breaks off: only a request started before the parse can have gone out.
    const broken = () => text('{"nextApplicationKeyId":"k2","keys":[{"applicationKeyId":', 200, 'application/json');
    const page2 = () => json({ keys: [keyJson('k2')], nextApplicationKeyId: null });
    const eager = setup(Array(2).fill(byStart({ '': broken, k2: page2 })));
    let error: unknown;
    const unhandled = await unhandledDuring(async () => {
      error = await caught((async () => { for await (const _ of eager.client.listKeys({ ahead: true })) void _; })());
    });
    expect(error).toBeInstanceOf(B2MalformedResponseError);
    expect(eager.fake.calls.map((c) => (c.body as { startApplicationKeyId?: string }).startApplicationKeyId)).toEqual([undefined, 'k2']);
    expect(unhandled).toBe(0);

    const lazy = setup(Array(2).fill(byStart({ '': broken, k2: page2 })));
    await caught((async () => { for await (const _ of lazy.client.listKeys()) void _; })());
    expect(lazy.fake.calls).toHaveLength(1);
  });

  it('ahead: a guess the parsed reply does not confirm is dropped, and the page it names is asked for', async () => {
    // The last "nextApplicationKeyId" in the text is a nested member: the guess is 'zz', the reply says 'k2'.
    const page1 = () => text(`{"keys":[${JSON.stringify(keyJson('k1'))}],"nextApplicationKeyId":"k2","extra":{"nextApplicationKeyId":"zz"}}`, 200, 'application/json');
    const { client, fake } = setup(
      Array(3).fill(
        byStart({
          '': page1,
          zz: () => b2Error(400, 'bad_request'),
          k2: () => json({ keys: [keyJson('k2')], nextApplicationKeyId: null }),
        }),
      ),
    );
    const pages: string[][] = [];
    const unhandled = await unhandledDuring(async () => {
      for await (const page of client.listKeys({ ahead: true })) pages.push(page.map((k) => k.applicationKeyId));
    });
    expect(pages).toEqual([['k1'], ['k2']]);
    expect(fake.calls.map((c) => (c.body as { startApplicationKeyId?: string }).startApplicationKeyId)).toEqual([undefined, 'zz', 'k2']);
    expect(unhandled).toBe(0);
  });

  it('ahead: three pages, each asked for once, from the guesses', async () => {
    const { client, fake } = setup(
      Array(3).fill(
        byStart({
          '': () => json({ keys: [keyJson('k1')], nextApplicationKeyId: 'k2' }),
          k2: () => json({ keys: [keyJson('k2')], nextApplicationKeyId: 'k3' }),
          k3: () => json({ keys: [keyJson('k3')], nextApplicationKeyId: null }),
        }),
      ),
    );
    const held: number[] = [];
    for await (const _ of client.listKeys({ ahead: true })) held.push(fake.calls.length);
    expect(fake.calls.map((c) => (c.body as { startApplicationKeyId?: string }).startApplicationKeyId)).toEqual([undefined, 'k2', 'k3']);
    // Never more than one request beyond the page the caller holds.
    expect(held).toEqual([2, 3, 3]);
  });

  /** How many requests had been made when `body` was first handed to JSON.parse while `run` ran. */
  async function requestsWhenParsed(body: string, requests: () => number, run: () => Promise<void>): Promise<number | undefined> {
    const parse = JSON.parse;
    let atParse: number | undefined;
    const spy = vi.spyOn(JSON, 'parse').mockImplementation((source: string, reviver?: Parameters<typeof JSON.parse>[1]) => {
      if (source === body) atParse ??= requests();
      return parse(source, reviver);
    });
    try {
      await run();
    } finally {
      spy.mockRestore();
    }
    return atParse;
  }

  it('ahead: the next request is sent before this reply is parsed, not only started', async () => {
    const page1 = JSON.stringify({ keys: [keyJson('k1')], nextApplicationKeyId: 'k2' });
    const { client, fake } = setup(
      Array(2).fill(
        byStart({
          '': () => text(page1, 200, 'application/json'),
          k2: () => json({ keys: [keyJson('k2')], nextApplicationKeyId: null }),
        }),
      ),
    );
    const requests = await requestsWhenParsed(page1, () => fake.calls.length, async () => {
      for await (const _ of client.listKeys({ ahead: true })) void _;
    });
    // Page 2's fetch() had been called when page 1's text was parsed: the parse no longer delays the next page.
    expect(requests).toBe(2);
  });

  it('listAllKeys fetches ahead: the next page is asked for before this one is parsed', async () => {
    const page1 = JSON.stringify({ keys: [keyJson('k1')], nextApplicationKeyId: 'k2' });
    const { client, fake } = setup([text(page1, 200, 'application/json'), json({ keys: [keyJson('k2')], nextApplicationKeyId: null })]);
    const requests = await requestsWhenParsed(page1, () => fake.calls.length, async () => {
      expect((await client.listAllKeys()).map((k) => k.applicationKeyId)).toEqual(['k1', 'k2']);
    });
    expect(requests).toBe(2);
  });

  it('ahead: the last page, which names no successor, is parsed at once', async () => {
    const { client } = setup([json({ keys: [keyJson('k1')], nextApplicationKeyId: null })]);
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      // With timers stopped, a wait for the next task would never end.
      const pages: string[][] = [];
      for await (const page of client.listKeys({ ahead: true })) pages.push(page.map((k) => k.applicationKeyId));
      expect(pages).toEqual([['k1']]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('starts from startApplicationKeyId when given', async () => {
    const { client, fake } = setup([json({ keys: [], nextApplicationKeyId: null })]);
    const pages = [];
    for await (const page of client.listKeys({ startApplicationKeyId: 'k9', pageSize: 50 })) pages.push(page);
    expect(pages).toEqual([[]]);
    expect(fake.calls[0]!.body).toEqual({ accountId: ACCOUNT_ID, maxKeyCount: 50, startApplicationKeyId: 'k9' });
  });

  it('getKey asks for one key starting at its keyID, once, and answers it only when B2 listed that very key', async () => {
    const found = setup([json({ keys: [keyJson('k5')], nextApplicationKeyId: 'k6' })]);
    expect((await found.client.getKey('k5'))?.keyName).toBe('key-k5');
    // The next page is never asked for: one key costs one request whatever the account holds.
    expect(found.fake.calls.map((c) => c.body)).toEqual([{ accountId: ACCOUNT_ID, maxKeyCount: 1, startApplicationKeyId: 'k5' }]);
    // B2 starts at the next keyID when the asked one is gone.
    const gone = setup([json({ keys: [keyJson('k6')], nextApplicationKeyId: 'k7' })]);
    expect(await gone.client.getKey('k5')).toBeNull();
    expect(gone.fake.calls).toHaveLength(1);
    const last = setup([json({ keys: [], nextApplicationKeyId: null })]);
    expect(await last.client.getKey('k5')).toBeNull();
  });

  it.each([0, 10001, 1.5, Number.NaN])('rejects pageSize %s before any request', async (pageSize) => {
    const { client, fake } = setup([]);
    const error = await caught(client.listAllKeys({ pageSize }));
    expect(error).toBeInstanceOf(B2ValidationError);
    expect((error as B2ValidationError).issues[0]!.field).toBe('pageSize');
    expect(fake.calls).toHaveLength(0);
  });

  it('stops with B2MalformedResponseError when the server repeats a start ID', async () => {
    const { client, fake } = setup([
      json({ keys: [keyJson('k1')], nextApplicationKeyId: 'k2' }),
      json({ keys: [keyJson('k2')], nextApplicationKeyId: 'k2' }),
    ]);
    expect(await caught(client.listAllKeys())).toBeInstanceOf(B2MalformedResponseError);
    expect(fake.calls).toHaveLength(2);
  });

  it('names listKeys on unauthorized and does not re-authorize', async () => {
    const { client, fake, authEvents } = setup([b2Error(401, 'unauthorized', '')]);
    const error = await caught(client.listAllKeys());
    expect(error).toBeInstanceOf(B2ApiError);
    expect(error).toMatchObject({ status: 401, code: 'unauthorized', requiredCapability: 'listKeys', call: 'b2_list_keys' });
    expect(fake.calls).toHaveLength(1);
    expect(authEvents).toHaveLength(0);
  });
});

describe('B2Client.deleteKey', () => {
  it('POSTs v4 b2_delete_key and returns the deleted key', async () => {
    const { client, fake } = setup([json(keyJson('k1', { bucketIds: ['b1', 'b2'] }))]);
    const key = await client.deleteKey('k1');
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]!.url).toBe(`${API_URL}/b2api/v4/b2_delete_key`);
    expect(fake.calls[0]!.method).toBe('POST');
    expect(fake.calls[0]!.headers['authorization']).toBe('cached-token');
    expect(fake.calls[0]!.body).toEqual({ applicationKeyId: 'k1' });
    expect(key.bucketIds).toEqual(['b1', 'b2']);
    expect(key.options).toEqual(['s3']);
  });

  it('rejects an empty ID before any request', async () => {
    const { client, fake } = setup([]);
    expect(await caught(client.deleteKey(''))).toBeInstanceOf(B2ValidationError);
    expect(fake.calls).toHaveLength(0);
  });

  it('names deleteKeys on unauthorized', async () => {
    const { client } = setup([b2Error(401, 'unauthorized', 'no')]);
    expect(await caught(client.deleteKey('k1'))).toMatchObject({ requiredCapability: 'deleteKeys', message: 'no' });
  });
});

describe('B2Client.listBuckets', () => {
  it('POSTs v4 b2_list_buckets with bucketTypes ["all"]', async () => {
    const bucket = { accountId: ACCOUNT_ID, bucketId: 'b1', bucketName: 'photos', bucketType: 'allPrivate', bucketInfo: {}, revision: 2 };
    const { client, fake } = setup([json({ buckets: [bucket, { ...bucket, bucketId: 'b2', bucketName: 'zz', bucketType: 'restricted' }] })]);
    const buckets = await client.listBuckets();
    expect(fake.calls[0]!.url).toBe(`${API_URL}/b2api/v4/b2_list_buckets`);
    expect(fake.calls[0]!.body).toEqual({ accountId: ACCOUNT_ID, bucketTypes: ['all'] });
    expect(buckets).toEqual([
      { bucketId: 'b1', bucketName: 'photos', bucketType: 'allPrivate' },
      { bucketId: 'b2', bucketName: 'zz', bucketType: 'restricted' },
    ]);
  });

  it("builds a bucket-restricted key's list from its token without an unfiltered call", async () => {
    const auth = cachedAuth({
      allowed: { buckets: [{ id: 'b2', name: 'zz' }, { id: 'gone', name: null }, { id: 'b1', name: 'aa' }], capabilities: ['listBuckets'], namePrefix: null },
    });
    const { client, fake } = setup([], { auth });
    expect(await client.listBuckets()).toEqual([
      { bucketId: 'b1', bucketName: 'aa', bucketType: 'unknown' },
      { bucketId: 'gone', bucketName: 'gone', bucketType: 'unknown' },
      { bucketId: 'b2', bucketName: 'zz', bucketType: 'unknown' },
    ]);
    expect(fake.calls).toHaveLength(0);
  });

  it('names listBuckets on unauthorized', async () => {
    const { client } = setup([b2Error(401, 'unauthorized')]);
    expect(await caught(client.listBuckets())).toMatchObject({ requiredCapability: 'listBuckets' });
  });
});

describe('B2Client retries', () => {
  it('honours Retry-After on 429', async () => {
    const { client, fake, delays } = setup([b2Error(429, 'too_many_requests', 'slow down', { 'Retry-After': '7' }), json({ buckets: [] })]);
    await client.listBuckets();
    expect(fake.calls).toHaveLength(2);
    expect(delays).toEqual([7000]);
  });

  it('accepts Retry-After as an HTTP date', async () => {
    const at = new Date(NOW + 4000).toUTCString();
    const { client, delays } = setup([b2Error(503, 'service_unavailable', '', { 'Retry-After': at }), json({ buckets: [] })]);
    await client.listBuckets();
    expect(delays).toEqual([4000 - (NOW % 1000)]);
  });

  it('surfaces a Retry-After longer than a service worker may sleep instead of waiting', async () => {
    const { client, fake, delays } = setup([b2Error(429, 'too_many_requests', '', { 'Retry-After': '3600' }), json({ buckets: [] })]);
    expect(await caught(client.listBuckets())).toMatchObject({ status: 429, code: 'too_many_requests' });
    expect(fake.calls).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('waits a Retry-After up to 20 s', async () => {
    const { client, delays } = setup([b2Error(429, 'too_many_requests', '', { 'Retry-After': '20' }), json({ buckets: [] })]);
    await client.listBuckets();
    expect(delays).toEqual([20000]);
  });

  it('counts tries across a re-authorize: five in all, not five before and five after', async () => {
    const { client, fake } = setup([
      ...[1, 2, 3].map(() => b2Error(503, 'service_unavailable')),
      b2Error(401, 'expired_auth_token'),
      authorizeReply({ token: 'tok-2' }),
      ...[1, 2, 3, 4, 5].map(() => b2Error(503, 'service_unavailable')),
    ]);
    expect(await caught(client.listBuckets())).toMatchObject({ status: 503 });
    expect(fake.calls.filter((c) => c.url.endsWith('/b2_list_buckets'))).toHaveLength(5);
  });

  it('retries 500 four times with 1 s ×1.5 backoff, then succeeds on the fifth try', async () => {
    const { client, fake, delays } = setup([
      ...[1, 2, 3, 4].map(() => b2Error(500, 'internal_error')),
      json({ keys: [keyJson('k1')], nextApplicationKeyId: null }),
    ]);
    const keys = await client.listAllKeys();
    expect(keys).toHaveLength(1);
    expect(fake.calls).toHaveLength(5);
    expect(new Set(fake.calls.map((c) => JSON.stringify(c.body))).size).toBe(1);
    expect(delays).toEqual([1000, 1500, 2250, 3375]);
  });

  it('gives up after five failed tries with the last error', async () => {
    const { client, fake, delays } = setup([...[1, 2, 3, 4].map(() => b2Error(500, 'internal_error')), b2Error(503, 'service_unavailable', 'down')]);
    const error = await caught(client.deleteKey('k1'));
    expect(error).toBeInstanceOf(B2ApiError);
    expect(error).toMatchObject({ status: 503, code: 'service_unavailable', message: 'down' });
    expect(fake.calls).toHaveLength(5);
    expect(delays).toEqual([1000, 1500, 2250, 3375]);
  });

  it('respects maxTries', async () => {
    const { client, fake, delays } = setup([b2Error(500, 'internal_error'), b2Error(500, 'internal_error')], { maxTries: 2 });
    expect(await caught(client.deleteKey('k1'))).toBeInstanceOf(B2ApiError);
    expect(fake.calls).toHaveLength(2);
    expect(delays).toEqual([1000]);
  });

  it('caps the backoff at 20 s and adds jitter only there', async () => {
    const steps = Array.from({ length: 14 }, () => b2Error(500, 'internal_error'));
    const { client, delays } = setup(steps, { maxTries: 14, random: () => 0.5 });
    await caught(client.deleteKey('k1'));
    expect(delays.slice(0, 3)).toEqual([1000, 1500, 2250]);
    expect(Math.max(...delays)).toBe(20500);
    expect(delays.filter((d) => d === 20500).length).toBeGreaterThan(0);
    expect(delays.every((d) => d <= 20500)).toBe(true);
  });

  it('retries network errors and recovers', async () => {
    const { client, fake, delays } = setup([new TypeError('Failed to fetch'), new TypeError('network'), json({ buckets: [] })]);
    await client.listBuckets();
    expect(fake.calls).toHaveLength(3);
    expect(delays).toEqual([1000, 1500]);
  });

  it('throws B2NetworkError once the network failures use up the tries', async () => {
    // Then one authorize: it names the same server, so the failure is that server's.
    const { client, fake } = setup([...[1, 2, 3, 4, 5].map(() => new TypeError('Failed to fetch')), authorizeReply()]);
    const error = await caught(client.listBuckets());
    expect(error).toBeInstanceOf(B2NetworkError);
    expect((error as B2NetworkError).cause).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ host: 'api004.backblazeb2.com' });
    expect(fake.calls).toHaveLength(6);
  });

  it('a kept token whose server no longer answers: asks the endpoint where the account now is, and goes there', async () => {
    const moved = 'https://api005.backblazeb2.com';
    const { client, fake, authEvents } = setup([...[1, 2, 3, 4, 5].map(connectionRefused), authorizeReply({ apiUrl: moved, token: 'token-2' }), json({ buckets: [] })]);
    expect(await client.listBuckets()).toEqual([]);
    expect(fake.calls.map((c) => c.url)).toEqual([...Array(5).fill(`${API_URL}/b2api/v4/b2_list_buckets`), expect.stringContaining('b2_authorize_account'), `${moved}/b2api/v4/b2_list_buckets`]);
    // The new token is kept (and handed on to be stored), so the next call goes there at once.
    expect(authEvents.map((a) => a.apiUrl)).toEqual([moved]);
    expect(client.auth?.apiUrl).toBe(moved);
  });

  it('a create whose kept server refused the connection is sent where the account moved (nothing reached B2); one that may have reached it is not', async () => {
    const moved = 'https://api005.backblazeb2.com';
    const ok = setup([connectionRefused(), authorizeReply({ apiUrl: moved, token: 'token-2' }), json(createdJson())]);
    expect(await ok.client.createKey(input)).toMatchObject({ keyName: 'ext-reader-01' });
    expect(ok.fake.calls.map((c) => c.url.split('/b2api/')[0])).toEqual([API_URL, expect.any(String), moved]);
    const unsure = setup([new TypeError('Failed to fetch'), authorizeReply({ apiUrl: moved, token: 'token-2' })]);
    expect(await caught(unsure.client.createKey(input))).toBeInstanceOf(B2AmbiguousCreateError);
    expect(unsure.fake.calls).toHaveLength(2);
  });

  it('a fresh token is not asked for again after a network failure, nor is one when the endpoint is out of reach too', async () => {
    const { client, fake } = setup([authorizeReply(), ...[1, 2, 3, 4, 5].map(() => new TypeError('Failed to fetch'))], { noAuth: true });
    expect(await caught(client.listBuckets())).toBeInstanceOf(B2NetworkError);
    expect(fake.calls).toHaveLength(6);
    // Kept token, then the endpoint refuses too: that failure (its host the endpoint's) is what is said.
    const down = setup([...[1, 2, 3, 4, 5].map(() => new TypeError('Failed to fetch')), ...[1, 2, 3, 4, 5].map(() => new TypeError('Failed to fetch'))]);
    expect(await caught(down.client.listBuckets())).toMatchObject({ name: 'B2NetworkError', host: 'api.backblazeb2.com' });
  });

  it('treats a body that fails mid-read as a network error', async () => {
    const broken = new Response(
      new ReadableStream({
        start(controller) {
          controller.error(new TypeError('terminated'));
        },
      }),
      { status: 200 },
    );
    const { client, fake } = setup([broken, json({ buckets: [] })]);
    expect(await client.listBuckets()).toEqual([]);
    expect(fake.calls).toHaveLength(2);
  });

  it('retries timeouts', async () => {
    const { client, fake } = setup(['hang', json({ buckets: [] })], { timeoutMs: 5 });
    expect(await client.listBuckets()).toEqual([]);
    expect(fake.calls).toHaveLength(2);
  });

  it('retries a non-JSON 502 page and then succeeds', async () => {
    const { client, fake, delays } = setup([text('<html><body>502 Bad Gateway</body></html>', 502), json({ buckets: [] })]);
    expect(await client.listBuckets()).toEqual([]);
    expect(fake.calls).toHaveLength(2);
    expect(delays).toEqual([1000]);
  });

  it('reports a persistent non-JSON 502 as B2MalformedResponseError with the status kept', async () => {
    const { client, fake } = setup([1, 2, 3, 4, 5].map(() => text('<html>502</html>', 502)));
    const error = await caught(client.listBuckets());
    expect(error).toBeInstanceOf(B2MalformedResponseError);
    expect(error).toMatchObject({ status: 502, kind: 'malformed', call: 'b2_list_buckets' });
    expect((error as B2MalformedResponseError).detail).toContain('text/html');
    expect(fake.calls).toHaveLength(5);
  });

  it.each([
    ['schema-failing JSON', () => json({ keys: [{ applicationKeyId: 'k1' }], nextApplicationKeyId: null })],
    ['a JSON array', () => json([])],
    ['an empty body', () => new Response('', { status: 200 })],
    ['an HTML page', () => text('<!doctype html><p>login</p>', 200)],
    ['truncated JSON', () => text('{"keys": [', 200, 'application/json')],
  ])('reports %s with status 200 as B2MalformedResponseError without retrying', async (_label, step) => {
    const { client, fake, delays } = setup([step()]);
    const error = await caught(client.listAllKeys());
    expect(error).toBeInstanceOf(B2MalformedResponseError);
    expect(error).toMatchObject({ status: 200 });
    expect(fake.calls).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('still yields B2ApiError with the HTTP status when the error body lacks fields', async () => {
    for (const body of [{}, { message: 'only a message' }, 'just a string', null, { code: 7 }]) {
      const { client } = setup([json(body, 403)]);
      const error = await caught(client.deleteKey('k1'));
      expect(error).toBeInstanceOf(B2ApiError);
      expect(error).toMatchObject({ status: 403, code: 'unknown' });
    }
  });

  it('does not retry other 4xx', async () => {
    const { client, fake, delays } = setup([b2Error(403, 'transaction_cap_exceeded', 'cap')]);
    expect(await caught(client.listAllKeys())).toMatchObject({ status: 403, code: 'transaction_cap_exceeded' });
    expect(fake.calls).toHaveLength(1);
    expect(delays).toEqual([]);
  });
});

describe('B2Client re-authorization', () => {
  it.each(['bad_auth_token', 'expired_auth_token'])('re-authorizes once on %s and repeats the call', async (code) => {
    const { client, fake, authEvents } = setup([
      b2Error(401, code),
      authorizeReply({ token: 'tok-2' }),
      json({ keys: [keyJson('k1')], nextApplicationKeyId: null }),
    ]);
    const keys = await client.listAllKeys();
    expect(keys).toHaveLength(1);
    expect(fake.calls.map((c) => c.url)).toEqual([
      `${API_URL}/b2api/v4/b2_list_keys`,
      'https://api.backblazeb2.com/b2api/v4/b2_authorize_account',
      `${API_URL}/b2api/v4/b2_list_keys`,
    ]);
    expect(fake.calls[0]!.headers['authorization']).toBe('cached-token');
    expect(fake.calls[2]!.headers['authorization']).toBe('tok-2');
    expect(fake.calls[2]!.body).toEqual(fake.calls[0]!.body);
    expect(authEvents.map((a) => a.authorizationToken)).toEqual(['tok-2']);
    expect(client.auth?.authorizationToken).toBe('tok-2');
  });

  it('surfaces a second bad_auth_token instead of looping', async () => {
    const { client, fake } = setup([b2Error(401, 'bad_auth_token'), authorizeReply({ token: 'tok-2' }), b2Error(401, 'bad_auth_token', 'still bad')]);
    const error = await caught(client.deleteKey('k1'));
    expect(error).toBeInstanceOf(B2ApiError);
    expect(error).toMatchObject({ status: 401, code: 'bad_auth_token', message: 'still bad' });
    expect(fake.calls).toHaveLength(3);
    expect(fake.remaining()).toBe(0);
  });

  it('surfaces a failed re-authorize', async () => {
    const { client, fake } = setup([b2Error(401, 'expired_auth_token'), b2Error(401, 'unauthorized', 'key deleted')]);
    const error = await caught(client.listBuckets());
    expect(error).toMatchObject({ code: 'unauthorized', call: 'b2_authorize_account' });
    expect(fake.calls).toHaveLength(2);
  });

  it('re-authorizes once for concurrent calls that both saw their token rejected', async () => {
    const { client, fake } = setup([
      b2Error(401, 'expired_auth_token'),
      b2Error(401, 'expired_auth_token'),
      authorizeReply({ token: 'tok-2' }),
      json({ buckets: [] }),
      json({ buckets: [] }),
    ]);
    await Promise.all([client.listBuckets(), client.listBuckets()]);
    expect(fake.calls.filter((c) => c.url.endsWith('b2_authorize_account'))).toHaveLength(1);
    expect(fake.calls.slice(3).map((c) => c.headers['authorization'])).toEqual(['tok-2', 'tok-2']);
  });

  it('keeps working when onAuth throws', async () => {
    const { client } = setup([authorizeReply({ token: 'tok-2' }), json({ buckets: [] })], {
      noAuth: true,
      onAuth: () => {
        throw new Error('storage full');
      },
    });
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      expect(await client.listBuckets()).toEqual([]);
    } finally {
      console.warn = warn;
    }
    expect(client.auth?.authorizationToken).toBe('tok-2');
  });
});

describe('B2Client edge cases', () => {
  it('reuses a token obtained this very millisecond, and re-authorizes one from the future (the clock moved back)', async () => {
    const now = cachedAuth().obtainedAt;
    const same = setup([json({ buckets: [] })], { now: () => now });
    await same.client.listBuckets();
    expect(same.fake.calls.map((c) => c.headers['authorization'])).toEqual(['cached-token']);
    const future = setup([authorizeReply({ token: 'tok-2' }), json({ buckets: [] })], { now: () => now - 1 });
    await future.client.listBuckets();
    expect(future.fake.calls.map((c) => c.headers['authorization']?.slice(0, 5))).toEqual(['Basic', 'tok-2']);
  });

  it('uses the token another call already renewed instead of authorizing again', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { client, fake } = setup([
      () => gate.then(() => b2Error(401, 'expired_auth_token')),
      b2Error(401, 'expired_auth_token'),
      authorizeReply({ token: 'tok-2' }),
      json({ buckets: [] }),
      json({ buckets: [] }),
    ]);
    const slow = client.listBuckets();
    await client.listBuckets();
    release();
    await slow;
    expect(fake.calls.filter((c) => c.url.endsWith('b2_authorize_account'))).toHaveLength(1);
    expect(fake.calls.map((c) => c.headers['authorization']?.slice(0, 5))).toEqual(['cache', 'cache', 'Basic', 'tok-2', 'tok-2']);
  });

  it('authorizes again when the token another call renewed is itself no longer fresh', async () => {
    let now = NOW;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { client, fake } = setup(
      [
        () => gate.then(() => b2Error(401, 'expired_auth_token')),
        b2Error(401, 'expired_auth_token'),
        authorizeReply({ token: 'tok-2' }),
        json({ buckets: [] }),
        authorizeReply({ token: 'tok-3' }),
        json({ buckets: [] }),
      ],
      { now: () => now },
    );
    const slow = client.listBuckets();
    await client.listBuckets();
    now += 24 * HOUR;
    release();
    await slow;
    expect(fake.calls.map((c) => c.headers['authorization']?.slice(0, 5))).toEqual(['cache', 'cache', 'Basic', 'tok-2', 'Basic', 'tok-3']);
  });

  it('authorizes afresh after a failed authorize instead of repeating its failure', async () => {
    const { client, fake } = setup([b2Error(401, 'unauthorized', 'bad key'), authorizeReply({ token: 'tok-2' })], { noAuth: true });
    expect(await caught(client.authorize())).toMatchObject({ code: 'unauthorized' });
    expect((await client.authorize()).authorizationToken).toBe('tok-2');
    expect(fake.calls).toHaveLength(2);
  });

  it("authorizes with the client's own tries, sleep and timeout", async () => {
    const tries = setup([b2Error(503, 'service_unavailable'), b2Error(503, 'service_unavailable'), authorizeReply()], { noAuth: true, maxTries: 2 });
    expect(await caught(tries.client.ensureAuth())).toMatchObject({ status: 503, call: 'b2_authorize_account' });
    expect(tries.fake.calls).toHaveLength(2);
    expect(tries.delays).toEqual([1000]);
    const hang = setup(['hang'], { noAuth: true, maxTries: 1, timeoutMs: 5 });
    expect(await caught(hang.client.ensureAuth())).toMatchObject({ kind: 'network', timedOut: true });
  });

  it("authorizes with the client's own jitter once the backoff is capped", async () => {
    const steps = [...Array.from({ length: 9 }, () => b2Error(500, 'internal_error')), authorizeReply()];
    const { client, delays } = setup(steps, { noAuth: true, maxTries: 10, random: () => 0.25 });
    await client.ensureAuth();
    expect(delays.at(-1)).toBe(20_250);
  });

  it('logs only the kind of error when onAuth fails, never its message', async () => {
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      warnings.push(args);
    };
    try {
      const { client } = setup([authorizeReply({ token: 'tok-2' }), authorizeReply({ token: 'tok-3' })], {
        noAuth: true,
        onAuth: () => {
          throw new RangeError('K004secret in the message');
        },
      });
      await client.authorize();
      const other = setup([authorizeReply()], {
        noAuth: true,
        onAuth: () => Promise.reject('a string'),
      });
      await other.client.authorize();
    } finally {
      console.warn = warn;
    }
    expect(warnings).toEqual([
      ['B2 client: onAuth callback failed', 'RangeError'],
      ['B2 client: onAuth callback failed', 'string'],
    ]);
  });

  it('works without an onAuth callback', async () => {
    const fake = fakeFetch([authorizeReply({ token: 'tok-2' })]);
    const client = new B2Client({ fetch: fake.fetch, credentials, now: () => NOW });
    expect((await client.authorize()).authorizationToken).toBe('tok-2');
  });

  it('sends the credentials it was given, copied when constructed', async () => {
    const mine = { applicationKeyId: '0040000000000000000000009', applicationKey: 'K004mine' };
    const fake = fakeFetch([authorizeReply()]);
    const client = new B2Client({ fetch: fake.fetch, credentials: mine, now: () => NOW });
    mine.applicationKey = 'changed later';
    await client.authorize();
    expect(fake.calls[0]!.headers['authorization']).toBe(`Basic ${btoa('0040000000000000000000009:K004mine')}`);
  });

  it('refuses an empty or non-text start ID, and a key ID to delete that is not text', async () => {
    const { client, fake } = setup([]);
    for (const start of ['', 7 as unknown as string]) {
      const error = await caught(client.listAllKeys({ startApplicationKeyId: start } as { pageSize?: number }));
      expect(error).toBeInstanceOf(B2ValidationError);
      expect((error as B2ValidationError).issues).toEqual([{ field: 'startApplicationKeyId', message: 'The starting key ID cannot be empty.' }]);
    }
    const pages = client.listKeys({ startApplicationKeyId: '', pageSize: 0 });
    expect(((await caught(pages.next())) as B2ValidationError).issues.map((i) => i.field)).toEqual(['pageSize', 'startApplicationKeyId']);
    expect(((await caught(client.deleteKey(7 as unknown as string))) as B2ValidationError).issues).toEqual([
      { field: 'applicationKeyId', message: 'Choose a key to delete.' },
    ]);
    expect(fake.calls).toHaveLength(0);
  });

  it("takes an empty nextApplicationKeyId as the end, and stops when the server hands back the caller's start ID", async () => {
    const end = setup([json({ keys: [keyJson('k1')], nextApplicationKeyId: '' })]);
    expect((await end.client.listAllKeys()).map((k) => k.applicationKeyId)).toEqual(['k1']);
    expect(end.fake.calls).toHaveLength(1);
    const loop = setup([json({ keys: [keyJson('k5')], nextApplicationKeyId: 'k5' })]);
    const pages = loop.client.listKeys({ startApplicationKeyId: 'k5' });
    expect((await pages.next()).value).toHaveLength(1);
    expect(await caught(pages.next())).toMatchObject({ kind: 'malformed', detail: 'nextApplicationKeyId repeats an earlier page', status: 200, call: 'b2_list_keys' });
  });

  it('retries a non-JSON 429 on create (nothing was created) and does not call it ambiguous', async () => {
    const retried = setup([text('<html>slow down</html>', 429), json(createdJson())]);
    expect((await retried.client.createKey(input)).applicationKey).toBe('K004newsecretnewsecretnewsecret');
    expect(retried.delays).toEqual([1000]);
    const tooMany = setup([1, 2, 3, 4, 5].map(() => text('<html>slow down</html>', 429)));
    const error = await caught(tooMany.client.createKey(input));
    expect(error).toBeInstanceOf(B2MalformedResponseError);
    expect(error).not.toBeInstanceOf(B2AmbiguousCreateError);
    expect(error).toMatchObject({ status: 429 });
  });

  it('calls a clear 4xx on create a definite no, and a 502 JSON error ambiguous', async () => {
    const no = setup([b2Error(499, 'client_closed')]);
    expect(await caught(no.client.createKey(input))).not.toBeInstanceOf(B2AmbiguousCreateError);
    const maybe = setup([b2Error(502, 'bad_gateway')]);
    expect(await caught(maybe.client.createKey(input))).toMatchObject({ kind: 'ambiguousCreate', status: 502 });
  });

  it('rescues a secret only when the unreadable reply carries both a keyID and a secret', async () => {
    const cases: [Record<string, unknown> | unknown[], boolean][] = [
      [{ ...createdJson(), keyName: 7 }, true],
      [{ ...createdJson(), keyName: 7, applicationKeyId: '' }, false],
      [{ ...createdJson(), keyName: 7, applicationKey: '' }, false],
      [{ ...createdJson(), keyName: 7, applicationKeyId: 42 }, false],
      [{ ...createdJson(), keyName: 7, applicationKey: ['K004'] }, false],
      [[createdJson()], false],
    ];
    for (const [body, rescued] of cases) {
      const { client } = setup([json(body)]);
      const error = (await caught(client.createKey(input))) as B2AmbiguousCreateError;
      expect(error).toBeInstanceOf(B2AmbiguousCreateError);
      expect(error.recoveredKey).toEqual(rescued ? { applicationKeyId: '0040123456789ab0000000007', applicationKey: 'K004newsecretnewsecretnewsecret' } : undefined);
    }
    for (const body of [null, 'K004text', 42]) {
      const { client } = setup([json(body)]);
      const error = await caught(client.createKey(input));
      expect(error).toBeInstanceOf(B2AmbiguousCreateError);
      expect((error as B2AmbiguousCreateError).recoveredKey).toBeUndefined();
    }
  });

  it('sorts the buckets of a bucket-restricted key by name, equal names kept in token order', async () => {
    const auth = cachedAuth({
      allowed: {
        buckets: [
          { id: 'b3', name: 'same' },
          { id: 'b1', name: 'zz' },
          { id: 'b2', name: 'same' },
          { id: 'b0', name: 'aa' },
        ],
        capabilities: ['listBuckets'],
        namePrefix: null,
      },
    });
    const { client } = setup([], { auth });
    expect((await client.listBuckets()).map((b) => b.bucketId)).toEqual(['b0', 'b3', 'b2', 'b1']);
  });

  it('takes only a 401 as a rejected token: a 400 with that code is surfaced without re-authorizing', async () => {
    const { client, fake } = setup([b2Error(400, 'bad_auth_token', 'odd')]);
    expect(await caught(client.listBuckets())).toMatchObject({ status: 400, code: 'bad_auth_token' });
    expect(fake.calls).toHaveLength(1);
  });

  it('gives the repeat after a re-authorize the tries the call had left', async () => {
    const { client, fake } = setup([
      b2Error(401, 'expired_auth_token'),
      authorizeReply({ token: 'tok-2' }),
      b2Error(503, 'service_unavailable'),
      b2Error(503, 'service_unavailable'),
      json({ buckets: [] }),
    ]);
    expect(await client.listBuckets()).toEqual([]);
    expect(fake.calls.filter((c) => c.url.endsWith('/b2_list_buckets'))).toHaveLength(4);
  });

  it('refuses an empty key ID to delete or start from before authorizing, with its own sentence', async () => {
    const { client, fake } = setup([], { noAuth: true });
    expect(((await caught(client.deleteKey(''))) as B2ValidationError).issues).toEqual([{ field: 'applicationKeyId', message: 'Choose a key to delete.' }]);
    expect(((await caught(client.listKeys({ startApplicationKeyId: '' }).next())) as B2ValidationError).issues).toEqual([
      { field: 'startApplicationKeyId', message: 'The starting key ID cannot be empty.' },
    ]);
    expect(fake.calls).toHaveLength(0);
  });
});

describe('nextKeyIdIn', () => {
  it('reads the member, wherever it stands, and the last one when it repeats', () => {
    expect(nextKeyIdIn(JSON.stringify({ keys: [keyJson('k1')], nextApplicationKeyId: 'k2' }))).toBe('k2');
    expect(nextKeyIdIn(JSON.stringify({ nextApplicationKeyId: 'k2', keys: [] }))).toBe('k2');
    expect(nextKeyIdIn('{ "nextApplicationKeyId" : "k1", "keys": [], "nextApplicationKeyId":\n"k2" }')).toBe('k2');
  });

  it('has no guess for the end of the listing, an empty or escaped ID, or a member name inside a string', () => {
    expect(nextKeyIdIn(JSON.stringify({ keys: [], nextApplicationKeyId: null }))).toBeUndefined();
    expect(nextKeyIdIn(JSON.stringify({ keys: [], nextApplicationKeyId: '' }))).toBeUndefined();
    expect(nextKeyIdIn('{"keys":[],"nextApplicationKeyId":"k\\u0032"}')).toBeUndefined();
    expect(nextKeyIdIn(JSON.stringify({ keys: [keyJson('k1', { namePrefix: '"nextApplicationKeyId":"evil"' })], nextApplicationKeyId: null }))).toBeUndefined();
    expect(nextKeyIdIn(JSON.stringify({ keys: [keyJson('k1', { namePrefix: '"nextApplicationKeyId":"evil"' })] }))).toBeUndefined();
    expect(nextKeyIdIn('')).toBeUndefined();
  });
});
