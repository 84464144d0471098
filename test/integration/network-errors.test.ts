/**
 * Network failures say which: each class is produced for real (a closed loopback port, a name that cannot
 * resolve, the emulator answering late, 5xx and 429 from the emulator) and run through the same client and
 * error mapping the background uses.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authorize, B2ApiError, B2NetworkError, classifyNetworkFailure } from '../../src/b2';
import { networkMessage, toRpcError } from '../../src/background/errors';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(async () => {
  await fetch(`${emu.url}/__emulator/faults`, { method: 'DELETE' });
});

async function fault(spec: object): Promise<void> {
  const res = await fetch(`${emu.url}/__emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
  expect(res.ok).toBe(true);
}

/** A loopback port nothing listens on: bound, noted, closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address.port;
}

async function failure(endpoint: string, opts: { timeoutMs?: number } = {}): Promise<unknown> {
  try {
    await authorize({
      fetch,
      endpoint,
      credentials: { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey },
      maxTries: 1,
      sleep: async () => undefined,
      ...opts,
    });
  } catch (e) {
    return e;
  }
  throw new Error('authorize did not fail');
}

describe('network failures are told apart', () => {
  it('a closed port: connection refused, naming the host', async () => {
    const port = await closedPort();
    const endpoint = `http://127.0.0.1:${port}`;
    const error = await failure(endpoint);
    expect(error).toBeInstanceOf(B2NetworkError);
    expect((error as B2NetworkError).failure).toBe('refused');
    const rpc = toRpcError(error, { endpoint });
    expect(rpc.code).toBe('NETWORK');
    expect(rpc.message).toBe(`Could not connect to 127.0.0.1:${port}: the connection was refused (nothing is answering there). Check the API endpoint, then try again.`);
  });

  it('a name that does not resolve: name not found (DNS)', async () => {
    const endpoint = 'http://b2km-no-such-host.invalid';
    const error = await failure(endpoint);
    expect((error as B2NetworkError).failure).toBe('dns');
    expect(toRpcError(error, { endpoint }).message).toMatch(/^Could not find b2km-no-such-host\.invalid: the name was not found \(DNS\)\./);
  });

  it('an answer later than the timeout: timed out', async () => {
    await fault({ endpoint: 'b2_authorize_account', delayMs: 3000 });
    const error = await failure(emu.url, { timeoutMs: 200 });
    expect((error as B2NetworkError).failure).toBe('timeout');
    expect(toRpcError(error, { endpoint: emu.url }).message).toMatch(/did not answer in time \(the request timed out\)/);
  });

  it('B2 5xx: a server error on its side, with the status', async () => {
    await fault({ endpoint: 'b2_authorize_account', status: 503, message: 'try later' });
    const error = await failure(emu.url);
    expect(error).toBeInstanceOf(B2ApiError);
    const rpc = toRpcError(error, { endpoint: emu.url });
    expect(rpc.code).toBe('B2');
    expect(rpc.message).toMatch(/^Backblaze B2 answered 503 \(a server error\): it is having trouble on its side\./);
  });

  it('B2 429: too many requests', async () => {
    await fault({ endpoint: 'b2_authorize_account', status: 429, retryAfter: 120 });
    const error = await failure(emu.url);
    const rpc = toRpcError(error, { endpoint: emu.url });
    expect(rpc.message).toMatch(/^Backblaze B2 answered 429 \(too many requests\)/);
  });

  it('a browser-style "Failed to fetch" is not guessed at: it names the possibilities, or says offline when the browser knows', () => {
    const chromeLike = new TypeError('Failed to fetch');
    expect(classifyNetworkFailure(chromeLike)).toBe('unknown');
    expect(classifyNetworkFailure(chromeLike, { online: true })).toBe('unknown');
    expect(classifyNetworkFailure(chromeLike, { online: false })).toBe('offline');
    expect(networkMessage('unknown', 'https://api004.backblazeb2.com')).toBe(
      'Could not connect to api004.backblazeb2.com (the connection was refused, the name was not found, or there is no network). Check your internet connection and the API endpoint, then try again.',
    );
    expect(networkMessage('offline', 'https://api.backblazeb2.com')).toMatch(/^This computer is offline/);
    // Every class has its own sentence.
    const all = ['timeout', 'refused', 'dns', 'reset', 'offline', 'unknown'] as const;
    expect(new Set(all.map((f) => networkMessage(f, 'https://h'))).size).toBe(all.length);
  });
});
