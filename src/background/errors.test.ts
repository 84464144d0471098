/** toRpcError: every kind of failure a method can meet, and the sentence and fields a page gets for it. */
import { describe, expect, it } from 'vitest';
import { B2AmbiguousCreateError, B2ApiError, B2MalformedResponseError, B2NetworkError, B2ValidationError } from '../b2';
import { RpcError } from '../rpc/errors';
import { DamagedDataError, ReadOnlyError, StorageWriteError } from '../storage';
import { VaultError } from '../vault';
import { createFieldOf, networkMessage, toRpcError } from './errors';

const plain = (e: RpcError) => ({ code: e.code, message: e.message, b2: e.b2, fields: e.fields });

describe('toRpcError', () => {
  it('passes an RpcError on as it is', () => {
    const e = new RpcError('NOT_FOUND', 'gone');
    expect(toRpcError(e)).toBe(e);
  });

  it('storage: read-only with its reason, damaged data naming the item', () => {
    expect(plain(toRpcError(new ReadOnlyError('Opened read-only: a newer version wrote it.')))).toEqual({ code: 'READ_ONLY', message: 'Opened read-only: a newer version wrote it.', b2: undefined, fields: undefined });
    expect(toRpcError(new DamagedDataError('secrets:acc1')).code).toBe('CORRUPT_ENTRY');
    expect(toRpcError(new DamagedDataError('secrets:acc1')).message).toBe('Part of the saved data (secrets:acc1) is damaged, so it was left exactly as it is and this change was not saved.');
  });

  it('storage: a write the browser refused says so and what to do, not the browser\'s words (fault review 11)', () => {
    const e = toRpcError(new StorageWriteError(new Error('QUOTA_BYTES quota exceeded')));
    expect([e.code, e.message]).toEqual(['INTERNAL', 'This change was not saved: the browser refused to store it (the disk may be full). Free some space, then try again.']);
  });

  it('vault: one sentence per code', () => {
    const of = (code: ConstructorParameters<typeof VaultError>[0], message?: string) => plain(toRpcError(new VaultError(code, message)));
    expect(of('WRONG_PASSPHRASE')).toEqual({ code: 'WRONG_PASSPHRASE', message: 'That passphrase is not right. Check Caps Lock and try again.', b2: undefined, fields: undefined });
    expect(of('WEAK_PASSPHRASE', 'At least 8 characters.')).toEqual({ code: 'WEAK_PASSPHRASE', message: 'At least 8 characters.', b2: undefined, fields: undefined });
    expect(of('CORRUPT_ENTRY')).toMatchObject({ code: 'CORRUPT_ENTRY', message: 'This saved secret is damaged and cannot be decrypted. The other saved secrets are not affected.' });
    expect(of('UNSUPPORTED_VERSION')).toMatchObject({ code: 'READ_ONLY', message: 'Your vault was written by a newer version of B2 Key Manager. Update the extension to unlock it; nothing was changed.' });
    expect(of('CORRUPT_HEADER')).toMatchObject({ code: 'INTERNAL', message: 'The stored vault header is damaged, so the vault cannot be unlocked. Nothing was changed or deleted.' });
    expect(of('INVALID_DATA_KEY')).toMatchObject({ code: 'INTERNAL', message: 'The vault could not be read (INVALID_DATA_KEY). Nothing was changed.' });
  });

  it('validation: the first message, and the first message per field', () => {
    const e = toRpcError(
      new B2ValidationError([
        { field: 'keyName', message: 'Name it.' },
        { field: 'capabilities', message: 'Pick one.' },
        { field: 'keyName', message: 'Shorter.' },
      ]),
    );
    expect(plain(e)).toEqual({ code: 'INVALID_INPUT', message: 'Name it.', b2: undefined, fields: { keyName: 'Name it.', capabilities: 'Pick one.' } });
    expect(plain(toRpcError(new B2ValidationError([])))).toEqual({ code: 'INVALID_INPUT', message: 'Check the form and try again.', b2: undefined, fields: {} });
  });

  it('an ambiguous create keeps its message', () => {
    const cause = new B2NetworkError({ cause: new Error('x') });
    const e = new B2AmbiguousCreateError({ keyName: 'k', cause });
    expect(plain(toRpcError(e))).toEqual({ code: 'AMBIGUOUS_CREATE', message: e.message, b2: undefined, fields: undefined });
  });

  it('B2 refusals: authorize, a missing capability, a plain 401', () => {
    expect(plain(toRpcError(new B2ApiError({ status: 401, code: 'unauthorized', call: 'b2_authorize_account' })))).toEqual({
      code: 'B2_PERMISSION',
      message: 'B2 did not accept this keyID and applicationKey. Check both values; a key that was deleted or has expired no longer works.',
      b2: { status: 401, code: 'unauthorized' },
      fields: undefined,
    });
    expect(plain(toRpcError(new B2ApiError({ status: 401, code: 'unauthorized', call: 'b2_create_key' })))).toEqual({
      code: 'B2_PERMISSION',
      message: 'B2 refused this to the key this extension manages the account with: it needs the writeKeys capability, and a key limited to some buckets or to a file name prefix cannot act beyond them. Add the account again with a key that has it and no such limit (the master key has all of them).',
      b2: { status: 401, code: 'unauthorized' },
      fields: undefined,
    });
    expect(plain(toRpcError(new B2ApiError({ status: 401, code: 'unauthorized' })))).toEqual({
      code: 'B2_PERMISSION',
      message: 'B2 refused this request: the managing key is not allowed to do it.',
      b2: { status: 401, code: 'unauthorized' },
      fields: undefined,
    });
    // The managing key itself refused (a B2Client re-authorizing): not the add-account form's "check both values".
    expect(plain(toRpcError(new B2ApiError({ status: 401, code: 'unauthorized', call: 'b2_authorize_account', ownKeyRefused: true })))).toEqual({
      code: 'B2_PERMISSION',
      message: 'B2 no longer accepts the key this extension manages the account with: it was deleted, expired or (for a master key) regenerated. Nothing was changed in B2. Add the account again on the options page with a key that works.',
      b2: { status: 401, code: 'unauthorized' },
      fields: undefined,
    });
    // Another 401 (an expired token) and an `unauthorized` that is not a 401 are plain B2 refusals.
    expect(toRpcError(new B2ApiError({ status: 401, code: 'expired_auth_token', call: 'b2_list_keys' }))).toMatchObject({ code: 'B2', message: 'B2 refused the request (expired_auth_token).' });
    expect(toRpcError(new B2ApiError({ status: 400, code: 'unauthorized', call: 'b2_authorize_account' }))).toMatchObject({ code: 'B2', message: 'B2 refused the request (unauthorized).' });
  });

  it('B2 statuses: rate limit, server error, cap, with what B2 said', () => {
    const of = (status: number, message?: string) => plain(toRpcError(new B2ApiError({ status, code: 'c', message, call: 'b2_list_keys' })));
    expect(of(429, 'slow down')).toEqual({
      code: 'B2',
      message: 'Backblaze B2 answered 429 (too many requests): it is rate-limiting this account. Wait a minute and try again. B2 said: “slow down”',
      b2: { status: 429, code: 'c' },
      fields: undefined,
    });
    // Retry-After longer than the client waits out itself: the sentence says how long B2 asked for.
    const limited = (retryAfterMs: number) => toRpcError(new B2ApiError({ status: 429, code: 'c', call: 'b2_create_key', retryAfterMs })).message;
    expect(limited(30_000)).toMatch(/rate-limiting this account\. Wait a minute and try again\.$/);
    expect(limited(60_000)).toMatch(/Wait a minute and try again\.$/);
    expect(limited(60_001)).toMatch(/B2 asked to wait about 2 minutes; try again then\.$/);
    expect(limited(300_000)).toMatch(/B2 asked to wait about 5 minutes; try again then\.$/);
    expect(limited(119 * 60_000)).toMatch(/about 119 minutes/);
    expect(limited(120 * 60_000)).toMatch(/B2 asked to wait about 2 hours; try again then\.$/);
    expect(of(500)).toEqual({ code: 'B2', message: 'Backblaze B2 answered 500 (a server error): it is having trouble on its side. Try again in a little while.', b2: { status: 500, code: 'c' }, fields: undefined });
    expect(of(503, 'busy').message).toBe('Backblaze B2 answered 503 (a server error): it is having trouble on its side. Try again in a little while. B2 said: “busy”');
    expect(of(499).message).toBe('B2 refused the request (c).');
    expect(of(403, 'cap')).toEqual({
      code: 'B2',
      message: 'B2 refused the request: your account has reached a cap or its access is restricted. Check the account in the B2 web console. B2 said: “cap”',
      b2: { status: 403, code: 'c' },
      fields: undefined,
    });
    expect(of(400, 'bad').message).toBe('B2 refused the request (c). B2 said: “bad”');
  });

  it('a 400 on create that names a field is said next to that field; other calls or words are not', () => {
    const e = toRpcError(new B2ApiError({ status: 400, code: 'bad_request', message: 'Invalid capability for a bucket key', call: 'b2_create_key' }));
    const message = 'B2 refused this: “Invalid capability for a bucket key”. Change it and try again; nothing was created.';
    expect(plain(e)).toEqual({ code: 'B2', message, b2: { status: 400, code: 'bad_request' }, fields: { capabilities: message } });
    expect(toRpcError(new B2ApiError({ status: 400, code: 'bad_request', message: 'Invalid capability', call: 'b2_list_keys' })).fields).toBeUndefined();
    expect(toRpcError(new B2ApiError({ status: 401, code: 'bad_request', message: 'Invalid capability', call: 'b2_create_key' })).fields).toBeUndefined();
    expect(plain(toRpcError(new B2ApiError({ status: 400, code: 'bad_request', message: 'something else', call: 'b2_create_key' })))).toEqual({
      code: 'B2',
      message: 'B2 refused the request (bad_request). B2 said: “something else”',
      b2: { status: 400, code: 'bad_request' },
      fields: undefined,
    });
  });

  it('a reply that cannot be read names the endpoint when known', () => {
    const e = new B2MalformedResponseError({ status: 200, detail: 'x' });
    expect(plain(toRpcError(e, { endpoint: 'https://h.example' }))).toEqual({
      code: 'B2',
      message: 'The B2 server at https://h.example sent an answer that could not be read. Check the API endpoint in the settings, then try again.',
      b2: undefined,
      fields: undefined,
    });
    expect(toRpcError(e).message).toBe('The B2 server sent an answer that could not be read. Check the API endpoint in the settings, then try again.');
  });

  it('an error status with a page that is not B2’s JSON is said by its status, never as a wrong endpoint', () => {
    const html = (status: number, call: 'b2_list_keys' | 'b2_delete_key' | 'b2_authorize_account' | 'b2_create_key', retryAfterMs?: number) =>
      plain(toRpcError(new B2MalformedResponseError({ status, detail: 'body is not JSON (Content-Type text/html)', call, retryAfterMs }), { endpoint: 'https://api.backblazeb2.com' }));
    expect(html(503, 'b2_authorize_account')).toEqual({
      code: 'B2',
      message: 'The B2 server at https://api.backblazeb2.com answered 503 (a server error): B2’s service had a problem or is unavailable for now. Try again in a little while. Nothing was changed.',
      b2: { status: 503, code: 'unknown' },
      fields: undefined,
    });
    expect(html(502, 'b2_list_keys').message).toMatch(/answered 502 \(a server error\).* Nothing was changed\.$/);
    // A Delete Key may have been carried out before the server failed: nothing is promised about it.
    expect(html(500, 'b2_delete_key').message).toBe('The B2 server at https://api.backblazeb2.com answered 500 (a server error): B2’s service had a problem or is unavailable for now. Try again in a little while.');
    // A 429's wait is said as for B2's own JSON 429.
    expect(html(429, 'b2_authorize_account', 3_600_000).message).toBe('The B2 server at https://api.backblazeb2.com answered 429 (too many requests): it is rate-limiting this account. B2 asked to wait about 60 minutes; try again then.');
    expect(html(429, 'b2_create_key').message).toMatch(/answered 429 \(too many requests\).*Wait a minute and try again\.$/);
    expect(html(404, 'b2_list_keys').message).toBe('The B2 server at https://api.backblazeb2.com refused the request with HTTP status 404, and an answer that is not B2’s usual one.');
    for (const status of [503, 429, 404]) expect(html(status, 'b2_list_keys').message).not.toMatch(/endpoint in the settings/);
  });

  it('a network failure is said for the endpoint’s host', () => {
    const e = new B2NetworkError({ cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) });
    expect(plain(toRpcError(e, { endpoint: 'https://api.example:8443/b2' }))).toEqual({
      code: 'NETWORK',
      message: 'Could not connect to api.example:8443: the connection was refused (nothing is answering there). Check the API endpoint, then try again.',
      b2: undefined,
      fields: undefined,
    });
  });

  it('anything else is an internal error that says nothing was lost', () => {
    for (const e of [new Error('boom'), 'text', undefined]) {
      expect(plain(toRpcError(e))).toEqual({ code: 'INTERNAL', message: 'Something went wrong inside the extension. Nothing was lost; try again.', b2: undefined, fields: undefined });
    }
  });
});

describe('networkMessage', () => {
  it('one sentence per failure, for the host, or Backblaze B2 without an endpoint, or the text when it is no URL', () => {
    expect(networkMessage('timeout', 'https://h.example/x')).toBe('h.example did not answer in time (the request timed out). Try again in a little while.');
    expect(networkMessage('refused')).toBe('Could not connect to Backblaze B2: the connection was refused (nothing is answering there). Check the API endpoint, then try again.');
    expect(networkMessage('dns', 'not a url')).toBe('Could not find not a url: the name was not found (DNS). Check the API endpoint and your internet connection.');
    expect(networkMessage('reset', '')).toBe('The connection to Backblaze B2 was cut off before it answered. Try again.');
    expect(networkMessage('offline', 'https://h.example')).toBe('This computer is offline, so h.example could not be reached. Connect to the internet and try again.');
    expect(networkMessage('unknown', 'https://h.example')).toBe(
      'Could not connect to h.example (the connection was refused, the name was not found, or there is no network). Check your internet connection and the API endpoint, then try again.',
    );
  });

  it('a failure at the account\'s own server (not the endpoint) names that server and does not send anyone to the endpoint setting', () => {
    const at = (failure: Parameters<typeof networkMessage>[0]) => networkMessage(failure, 'https://api.backblazeb2.com', 'api004.backblazeb2.com');
    expect(at('refused')).toBe("api004.backblazeb2.com, the B2 server this account's calls go to, could not be reached. B2 may be having trouble there; try again in a little while.");
    expect(at('timeout')).toBe("api004.backblazeb2.com, the B2 server this account's calls go to, did not answer in time (the request timed out). B2 may be having trouble there; try again in a little while.");
    expect(at('reset')).toBe("api004.backblazeb2.com, the B2 server this account's calls go to, cut the connection off before it answered. B2 may be having trouble there; try again in a little while.");
    // Offline is the computer, whichever host; the endpoint's own failure is the endpoint's sentence.
    expect(at('offline')).toBe('This computer is offline, so api.backblazeb2.com could not be reached. Connect to the internet and try again.');
    expect(networkMessage('refused', 'https://api.backblazeb2.com', 'api.backblazeb2.com')).toMatch(/^Could not connect to api\.backblazeb2\.com: .* Check the API endpoint, then try again\.$/);
  });
});

describe('createFieldOf', () => {
  it('names the create-form field B2’s words are about, in any case, or none', () => {
    expect(createFieldOf('Invalid CAPABILITIES')).toBe('capabilities');
    expect(createFieldOf('keyName too long')).toBe('keyName');
    expect(createFieldOf('bad key name')).toBe('keyName');
    expect(createFieldOf('Duration out of range')).toBe('validDurationInSeconds');
    expect(createFieldOf('expiration too far')).toBe('validDurationInSeconds');
    expect(createFieldOf('namePrefix not allowed')).toBe('namePrefix');
    expect(createFieldOf('Bucket not found')).toBe('bucketIds');
    expect(createFieldOf('something else')).toBeNull();
    // The first match wins, in this order.
    expect(createFieldOf('bucket capability')).toBe('capabilities');
    expect(createFieldOf('bucket prefix')).toBe('namePrefix');
    expect(createFieldOf('keyname bucket')).toBe('keyName');
    expect(createFieldOf('expiry of prefix')).toBe('validDurationInSeconds');
  });
});
