// Test doubles for the B2 client's tests (imported only by *.test.ts files).

import type { B2Auth } from './types';

export interface RecordedCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined for GET. */
  body: unknown;
  thisArg: unknown;
  signal: AbortSignal | undefined;
  /** The fetch options that keep a token from travelling anywhere else or being cached. */
  redirect: RequestRedirect | undefined;
  credentials: RequestCredentials | undefined;
  cache: RequestCache | undefined;
}

/** A scripted reply: a Response, an Error to reject with, 'hang' to never settle, or a function of the call. */
export type Step = Response | Error | 'hang' | ((call: RecordedCall) => Response | Promise<Response>);

export interface FakeFetch {
  fetch: typeof fetch;
  calls: RecordedCall[];
  /** Steps not consumed yet. */
  remaining: () => number;
}

/** A fetch that answers from `steps` in order and records every call. Runs out ⇒ the test fails loudly. */
export function fakeFetch(steps: Step[]): FakeFetch {
  const queue = [...steps];
  const calls: RecordedCall[] = [];
  const fn = function (this: unknown, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const call: RecordedCall = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      thisArg: this,
      signal: init?.signal ?? undefined,
      redirect: init?.redirect,
      credentials: init?.credentials,
      cache: init?.cache,
    };
    calls.push(call);
    const step = queue.shift();
    if (step === undefined) return Promise.reject(new Error(`fake fetch: unexpected call #${calls.length} to ${call.url}`));
    if (step === 'hang') return new Promise<Response>(() => undefined);
    if (step instanceof Error) return Promise.reject(step);
    if (step instanceof Response) return Promise.resolve(step);
    return Promise.resolve().then(() => step(call));
  };
  return { fetch: fn as typeof fetch, calls, remaining: () => queue.length };
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

export function b2Error(status: number, code: string, message = '', headers: Record<string, string> = {}): Response {
  return json({ status, code, message }, status, headers);
}

export function text(body: string, status: number, contentType = 'text/html'): Response {
  return new Response(body, { status, headers: { 'Content-Type': contentType } });
}

/** Records requested delays instead of sleeping. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    sleep: (ms) => {
      delays.push(ms);
      return Promise.resolve();
    },
  };
}

export const ACCOUNT_ID = '0123456789ab';
export const API_URL = 'https://api004.backblazeb2.com';

export function authorizeReply(
  opts: { token?: string; buckets?: { id: string; name: string | null }[] | null; capabilities?: string[]; apiUrl?: string; accountId?: string } = {},
): Response {
  return json({
    accountId: opts.accountId ?? ACCOUNT_ID,
    authorizationToken: opts.token ?? 'token-1',
    apiInfo: {
      storageApi: {
        absoluteMinimumPartSize: 5000000,
        recommendedPartSize: 100000000,
        apiUrl: opts.apiUrl ?? API_URL,
        downloadUrl: 'https://f004.backblazeb2.com',
        s3ApiUrl: 'https://s3.us-west-004.backblazeb2.com',
        allowed: {
          buckets: opts.buckets === undefined ? null : opts.buckets,
          capabilities: opts.capabilities ?? ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets'],
          namePrefix: null,
        },
      },
      groupsApi: {},
    },
    applicationKeyExpirationTimestamp: null,
  });
}

export function cachedAuth(overrides: Partial<B2Auth> = {}): B2Auth {
  return {
    accountId: ACCOUNT_ID,
    authorizationToken: 'cached-token',
    apiUrl: API_URL,
    downloadUrl: 'https://f004.backblazeb2.com',
    s3ApiUrl: 'https://s3.us-west-004.backblazeb2.com',
    allowed: { buckets: null, capabilities: ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets'], namePrefix: null },
    applicationKeyExpirationTimestamp: null,
    obtainedAt: 1_000_000,
    ...overrides,
  };
}

export function keyJson(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    accountId: ACCOUNT_ID,
    applicationKeyId: id,
    keyName: `key-${id}`,
    capabilities: ['listBuckets', 'readFiles'],
    bucketIds: null,
    namePrefix: null,
    expirationTimestamp: null,
    options: ['s3'],
    ...overrides,
  };
}

/** What a promise rejected with; fails the test if it resolved. */
export async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** What fetch throws when nothing listens at the host (Node's shape; a browser's hides the cause). */
export const connectionRefused = (): Error => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
