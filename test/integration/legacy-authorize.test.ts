/**
 * authorizesOnV3 against the real emulator: a v3 single-bucket key authorizes on v3, a v4 key restricted to
 * one bucket (a "multi-bucket" key) is refused there with B2's 400, and any other failure is not mistaken for
 * that refusal.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';
import { B2Client } from '../../src/b2/client';
import { B2ApiError, B2ValidationError } from '../../src/b2/errors';
import { authorizesOnV3, isUnsupportedVersion } from '../../src/b2/legacy-authorize';
import { DEFAULT_ENDPOINT } from '../../src/b2/limits';
import { authorizeReply, fakeFetch, recordingSleep } from '../../src/b2/test-support';
import type { B2Credentials } from '../../src/b2/types';

let emu: RunningEmulator;
let single: B2Credentials;
let multi: B2Credentials;

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  const client = new B2Client({ fetch, endpoint: emu.url, credentials: { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey } });
  const [bucket] = await client.listBuckets();
  const caps = ['listBuckets', 'listFiles', 'readFiles'];
  const v3 = await client.createKey({ keyName: 'legacy-single', capabilities: caps, bucketIds: [bucket!.bucketId], legacySingleBucket: true });
  const v4 = await client.createKey({ keyName: 'v4-one-bucket', capabilities: caps, bucketIds: [bucket!.bucketId] });
  single = { applicationKeyId: v3.applicationKeyId, applicationKey: v3.applicationKey };
  multi = { applicationKeyId: v4.applicationKeyId, applicationKey: v4.applicationKey };
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(async () => {
  await fetch(`${emu.url}/__emulator/faults`, { method: 'DELETE' });
  await fetch(`${emu.url}/__emulator/requests`, { method: 'DELETE' });
});

async function fault(spec: object): Promise<void> {
  const res = await fetch(`${emu.url}/__emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
  expect(res.ok).toBe(true);
}

async function requests(): Promise<{ endpoint: string; version: number | null; method: string; status: number }[]> {
  return (await (await fetch(`${emu.url}/__emulator/requests`)).json()) as { endpoint: string; version: number | null; method: string; status: number }[];
}

const noSleep = async () => undefined;

describe('authorizesOnV3', () => {
  it('is true for a v3 single-bucket key, asking v3 b2_authorize_account once', async () => {
    expect(await authorizesOnV3({ fetch, endpoint: emu.url, credentials: single })).toBe(true);
    expect((await requests()).map((r) => [r.endpoint, r.version, r.method, r.status])).toEqual([['b2_authorize_account', 3, 'GET', 200]]);
  });

  it('is false for a v4 key restricted to one bucket (B2 answers 400 "not currently supported on API version")', async () => {
    expect(await authorizesOnV3({ fetch, endpoint: emu.url, credentials: multi })).toBe(false);
    expect((await requests()).map((r) => [r.version, r.status])).toEqual([[3, 400]]);
  });

  it('is false for the older documented refusal, 401 unsupported', async () => {
    await fault({ endpoint: 'b2_authorize_account', status: 401, code: 'unsupported', message: '' });
    expect(await authorizesOnV3({ fetch, endpoint: emu.url, credentials: single })).toBe(false);
  });

  it('recognises the refusal by its sentence whatever its case', async () => {
    await fault({ endpoint: 'b2_authorize_account', status: 400, code: 'bad_request', message: 'NOT CURRENTLY SUPPORTED ON API VERSION NUMBER 3' });
    expect(await authorizesOnV3({ fetch, endpoint: emu.url, credentials: single })).toBe(false);
  });

  it.each([
    ['a 400 with another sentence', { status: 400, code: 'bad_request', message: 'something else is wrong' }, 400, 'bad_request'],
    ['a 401 other than unsupported', { status: 401, code: 'unauthorized', message: '' }, 401, 'unauthorized'],
    ['the sentence on a status other than 400', { status: 403, code: 'forbidden', message: 'not currently supported on API version number 3' }, 403, 'forbidden'],
    ['code unsupported on a status other than 401', { status: 403, code: 'unsupported', message: '' }, 403, 'unsupported'],
  ])('passes %s on as the error it is, not as "multi-bucket"', async (_label, spec, status, code) => {
    await fault({ endpoint: 'b2_authorize_account', ...spec });
    const error = await authorizesOnV3({ fetch, endpoint: emu.url, credentials: single }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(B2ApiError);
    expect(error).toMatchObject({ status, code, call: 'b2_authorize_account' });
  });

  it('passes on wrong credentials as the 401 they are', async () => {
    const error = await authorizesOnV3({ fetch, endpoint: emu.url, credentials: { ...single, applicationKey: 'K000wrong' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(B2ApiError);
    expect(error).toMatchObject({ status: 401 });
  });

  it('retries a transient failure with the given sleep before answering', async () => {
    await fault({ endpoint: 'b2_authorize_account', status: 503 });
    const { sleep, delays } = recordingSleep();
    expect(await authorizesOnV3({ fetch, endpoint: emu.url, credentials: single, sleep })).toBe(true);
    expect(delays).toEqual([1000]);
    expect((await requests()).map((r) => r.status)).toEqual([503, 200]);
  });

  it('refuses an endpoint that is not an http(s) URL before any request', async () => {
    const error = await authorizesOnV3({ fetch, endpoint: 'ftp://127.0.0.1', credentials: single, sleep: noSleep }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(B2ValidationError);
    expect((error as B2ValidationError).issues.map((i) => i.field)).toEqual(['endpoint']);
    expect(await requests()).toEqual([]);
  });

  it('asks the default endpoint when none is given', async () => {
    // No network in tests: a recording fetch stands in for api.backblazeb2.com.
    const fake = fakeFetch([authorizeReply()]);
    expect(await authorizesOnV3({ fetch: fake.fetch, credentials: single })).toBe(true);
    expect(fake.calls.map((c) => c.url)).toEqual([`${DEFAULT_ENDPOINT}/b2api/v3/b2_authorize_account`]);
  });
});

describe('isUnsupportedVersion', () => {
  it('needs both the 400 and the sentence', () => {
    const sentence = 'This request is not currently supported on API version number 3';
    expect(isUnsupportedVersion(new B2ApiError({ status: 400, code: 'bad_request', message: sentence }))).toBe(true);
    expect(isUnsupportedVersion(new B2ApiError({ status: 401, code: 'bad_request', message: sentence }))).toBe(false);
    expect(isUnsupportedVersion(new B2ApiError({ status: 400, code: 'bad_request', message: 'bad keyName' }))).toBe(false);
  });
});
