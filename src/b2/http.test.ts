import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { B2ApiError, B2MalformedResponseError, B2NetworkError, B2ValidationError } from './errors';
import {
  DEFAULT_MAX_TRIES,
  DEFAULT_TIMEOUT_MS,
  MAX_RETRY_DELAY_MS,
  isRetryable,
  parseRetryAfter,
  resolveHttpDeps,
  retryDelayMs,
  sendOnce,
  sendWithRetry,
  type HttpDeps,
} from './http';
import { b2Error, caught, fakeFetch, json, recordingSleep, type Step } from './test-support';

const anything = z.unknown();
const req = { call: 'b2_list_keys', method: 'POST', url: 'https://api.example/b2api/v4/b2_list_keys', headers: { Authorization: 'tok' } } as const;

function deps(steps: Step[], overrides: Partial<HttpDeps> = {}) {
  const fake = fakeFetch(steps);
  const { sleep, delays } = recordingSleep();
  const d: HttpDeps = { fetch: fake.fetch, sleep, now: () => 0, random: () => 0, maxTries: 5, timeoutMs: 0, ...overrides };
  return { d, fake, delays };
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('resolveHttpDeps', () => {
  it('takes a whole number of tries of at least one, and the default otherwise', async () => {
    const tries = (maxTries: number | undefined) => resolveHttpDeps({ fetch, maxTries }).maxTries;
    expect(tries(undefined)).toBe(DEFAULT_MAX_TRIES);
    expect(tries(1)).toBe(1);
    expect(tries(2.7)).toBe(2);
    for (const bad of [0, 0.5, -3, Number.NaN, Number.POSITIVE_INFINITY]) expect(tries(bad)).toBe(DEFAULT_MAX_TRIES);
  });

  it('makes exactly one attempt when maxTries is 1', async () => {
    const fake = fakeFetch([b2Error(503, 'service_unavailable'), json({})]);
    const { sleep, delays } = recordingSleep();
    const d = resolveHttpDeps({ fetch: fake.fetch, sleep, maxTries: 1 });
    expect(await caught(sendWithRetry(d, req, anything))).toMatchObject({ status: 503 });
    expect(fake.calls).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('uses the injected clock, sleep, jitter and timeout', () => {
    const sleep = async () => undefined;
    const now = () => 7;
    const random = () => 0.25;
    expect(resolveHttpDeps({ fetch, sleep, now, random, timeoutMs: 9 })).toMatchObject({ fetch, sleep, now, random, timeoutMs: 9 });
  });

  it('defaults to the real clock and a 25 s timeout per attempt', async () => {
    vi.useFakeTimers({ now: 123_456 });
    const d = resolveHttpDeps({ fetch: fakeFetch(['hang']).fetch });
    expect(d.timeoutMs).toBe(DEFAULT_TIMEOUT_MS);
    expect(d.now()).toBe(123_456);
    const outcome = sendOnce(d, req, anything).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(DEFAULT_TIMEOUT_MS - 1);
    let settled = false;
    void outcome.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toMatchObject({ kind: 'network', timedOut: true });
  });

  it('defaults to a real sleep and real jitter once the backoff is capped', async () => {
    vi.useFakeTimers();
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const fake = fakeFetch([b2Error(500, 'internal_error'), json({ ok: 1 })]);
    const d = resolveHttpDeps({ fetch: fake.fetch });
    expect(d.random()).toBe(0.5);
    random.mockRestore();
    const outcome = sendWithRetry(d, req, anything);
    await vi.advanceTimersByTimeAsync(999);
    expect(fake.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toEqual({ ok: 1 });
    expect(fake.calls).toHaveLength(2);
  });
});

describe('parseRetryAfter', () => {
  it('reads whole and fractional seconds, ignoring surrounding spaces', () => {
    expect(parseRetryAfter('7', 0)).toBe(7000);
    expect(parseRetryAfter(' 2 ', 0)).toBe(2000);
    expect(parseRetryAfter('1.5', 0)).toBe(1500);
    expect(parseRetryAfter('1.25', 0)).toBe(1250);
    expect(parseRetryAfter('0.0004', 0)).toBe(0);
  });

  it('reads an HTTP date as the time left, never negative', () => {
    const now = Date.parse('Mon, 30 Nov 2026 12:00:00 GMT');
    expect(parseRetryAfter('Mon, 30 Nov 2026 12:00:09 GMT', now)).toBe(9000);
    expect(parseRetryAfter('Mon, 30 Nov 2026 11:59:00 GMT', now)).toBe(0);
  });

  it('ignores anything else', () => {
    expect(parseRetryAfter(null, 0)).toBeUndefined();
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter('', 0)).toBeUndefined();
    // A number followed by words is neither seconds nor a date.
    expect(parseRetryAfter('3 seconds', 0)).toBeUndefined();
    expect(parseRetryAfter('x7', 0)).toBeUndefined();
  });
});

describe('isRetryable and retryDelayMs', () => {
  it('retries 429, 408, 5xx and network failures, nothing else', () => {
    const api = (status: number) => new B2ApiError({ status, code: 'x' });
    expect([429, 408, 500, 503, 599].map((s) => isRetryable(api(s)))).toEqual([true, true, true, true, true]);
    expect([400, 401, 403, 404, 409, 499].map((s) => isRetryable(api(s)))).toEqual([false, false, false, false, false, false]);
    expect(isRetryable(new B2MalformedResponseError({ status: 502, detail: 'd' }))).toBe(true);
    expect(isRetryable(new B2MalformedResponseError({ status: 200, detail: 'd' }))).toBe(false);
    expect(isRetryable(new B2NetworkError({}))).toBe(true);
    expect(isRetryable(new B2ValidationError([]))).toBe(false);
  });

  it('backs off 1 s ×1.5 per try, capped at 20 s plus up to 1 s of jitter', () => {
    const e = new B2NetworkError({});
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, e, () => 0.99))).toEqual([1000, 1500, 2250, 3375]);
    // 1.5^7 × 1 s = 17.1 s, still exact; 1.5^8 × 1 s = 25.6 s is capped.
    expect(retryDelayMs(8, e, () => 0.99)).toBe(17_085.9375);
    expect(retryDelayMs(9, e, () => 0)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(9, e, () => 0.999)).toBe(MAX_RETRY_DELAY_MS + 999);
  });

  it("follows B2's Retry-After up to the cap, on API errors and unreadable replies alike", () => {
    expect(retryDelayMs(1, new B2ApiError({ status: 429, retryAfterMs: 0 }), () => 0)).toBe(0);
    expect(retryDelayMs(1, new B2ApiError({ status: 429, retryAfterMs: MAX_RETRY_DELAY_MS }), () => 0)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(1, new B2ApiError({ status: 429, retryAfterMs: MAX_RETRY_DELAY_MS + 1 }), () => 0)).toBeNull();
    expect(retryDelayMs(1, new B2MalformedResponseError({ status: 503, detail: 'd', retryAfterMs: 4000 }), () => 0)).toBe(4000);
  });
});

describe('sendOnce', () => {
  it('sends a body as JSON with its Content-Type, and a GET without either', async () => {
    const { d, fake } = deps([json({}), json({})]);
    await sendOnce(d, { ...req, body: { a: 1 } }, anything);
    await sendOnce(d, { call: 'b2_authorize_account', method: 'GET', url: 'https://api.example/a', headers: { Authorization: 'Basic x' } }, anything);
    expect(fake.calls[0]!.headers).toEqual({ authorization: 'tok', 'content-type': 'application/json' });
    expect(fake.calls[0]!.body).toEqual({ a: 1 });
    expect(fake.calls[1]!.headers).toEqual({ authorization: 'Basic x' });
    expect(fake.calls[1]!.body).toBeUndefined();
    expect(fake.calls.map((c) => c.method)).toEqual(['POST', 'GET']);
    // The caller's headers object is not changed.
    expect(req.headers).toEqual({ Authorization: 'tok' });
  });

  it('has no timer with timeoutMs 0: a slow answer still arrives', async () => {
    const { d } = deps([() => new Promise<Response>((resolve) => setTimeout(() => resolve(json({ late: true })), 20))]);
    expect(await sendOnce(d, req, anything)).toEqual({ late: true });
  });

  it('says what was wrong with a reply that is not JSON', async () => {
    const bytes = (s: string, status: number) => new Response(new TextEncoder().encode(s), { status });
    const { d } = deps([
      new Response(' \n ', { status: 200 }),
      bytes('<p>hi</p>', 200),
      new Response('<p>hi</p>', { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' } }),
      bytes('oops', 500),
    ]);
    expect(await caught(sendOnce(d, req, anything))).toMatchObject({ kind: 'malformed', status: 200, detail: 'empty body' });
    expect(await caught(sendOnce(d, req, anything))).toMatchObject({ kind: 'malformed', status: 200, detail: 'body is not JSON' });
    expect(await caught(sendOnce(d, req, anything))).toMatchObject({ detail: 'body is not JSON (Content-Type text/html)' });
    expect(await caught(sendOnce(d, req, anything))).toMatchObject({ kind: 'malformed', status: 500, detail: 'body is not JSON', call: 'b2_list_keys' });
  });

  it('keeps the Retry-After of an unreadable reply and of an error', async () => {
    const { d } = deps([
      new Response('<html>busy</html>', { status: 503, headers: { 'Retry-After': '2' } }),
      b2Error(503, 'service_unavailable', '', { 'Retry-After': '3' }),
      json({ wrong: 1 }, 200, { 'Retry-After': '4' }),
    ]);
    expect(await caught(sendOnce(d, req, anything))).toMatchObject({ kind: 'malformed', retryAfterMs: 2000 });
    expect(await caught(sendOnce(d, req, anything))).toMatchObject({ kind: 'api', retryAfterMs: 3000 });
    expect(await caught(sendOnce(d, req, z.object({ right: z.number() })))).toMatchObject({ kind: 'malformed', retryAfterMs: 4000 });
  });

  it('reads Retry-After dates against the injected clock', async () => {
    const now = Date.parse('Mon, 30 Nov 2026 12:00:00 GMT');
    const { d } = deps([b2Error(429, 'too_many_requests', '', { 'Retry-After': 'Mon, 30 Nov 2026 12:00:05 GMT' })], { now: () => now });
    expect(await caught(sendOnce(d, req, anything))).toMatchObject({ retryAfterMs: 5000 });
  });

  it('treats only 2xx as success: a JSON 3xx is B2 saying no', async () => {
    const { d } = deps([json({ status: 300, code: 'moved', message: 'elsewhere' }, 300), json({ fine: true }, 299)]);
    expect(await caught(sendOnce(d, req, anything))).toMatchObject({ kind: 'api', status: 300, code: 'moved', message: 'elsewhere' });
    expect(await sendOnce(d, req, anything)).toEqual({ fine: true });
  });

  it("names each field of a reply that fails the call's schema, without its value", async () => {
    const { d } = deps([json({ keys: 'K004secretvalue', next: 3 })]);
    const error = await caught(sendOnce(d, req, z.object({ keys: z.array(z.string()), next: z.string() })));
    expect(error).toBeInstanceOf(B2MalformedResponseError);
    const { detail } = error as B2MalformedResponseError;
    expect(detail).toMatch(/^keys: .+; next: .+$/);
    expect(detail).not.toContain('K004secretvalue');
  });

  it('says offline when the browser knows it is offline, and not otherwise', async () => {
    vi.stubGlobal('navigator', { onLine: false });
    const { d } = deps([new TypeError('Failed to fetch'), new TypeError('Failed to fetch')]);
    expect(await caught(sendOnce(d, req, anything))).toMatchObject({ kind: 'network', failure: 'offline', timedOut: false });
    vi.stubGlobal('navigator', { onLine: true });
    expect(await caught(sendOnce(d, req, anything))).toMatchObject({ kind: 'network', failure: 'unknown' });
  });

  it('times out a reply whose body stops arriving, and aborts it', async () => {
    const stalled = new Response(new ReadableStream({ start: () => undefined }), { status: 200 });
    const { d, fake } = deps([stalled], { timeoutMs: 5 });
    expect(await caught(sendOnce(d, req, anything))).toMatchObject({ kind: 'network', timedOut: true, failure: 'timeout' });
    expect(fake.calls[0]!.signal?.aborted).toBe(true);
  });

  it('leaves no timer behind once the reply has arrived', async () => {
    vi.useFakeTimers();
    const { d, fake } = deps([json({ ok: 1 })], { timeoutMs: 1000 });
    expect(await sendOnce(d, req, anything)).toEqual({ ok: 1 });
    expect(vi.getTimerCount()).toBe(0);
    expect(fake.calls[0]!.signal?.aborted).toBe(false);
  });

  it('keeps the cause of a failed fetch but not of its own timeout', async () => {
    const cause = new TypeError('Failed to fetch');
    const { d } = deps([cause, 'hang'], { timeoutMs: 5 });
    expect((await caught(sendOnce(d, req, anything)) as B2NetworkError).cause).toBe(cause);
    const timedOut = (await caught(sendOnce(d, req, anything))) as B2NetworkError;
    expect(timedOut.timedOut).toBe(true);
    expect('cause' in timedOut).toBe(false);
  });
});

describe('sendWithRetry', () => {
  it('does not retry what `retryable` refuses, nor a thrown non-B2 error', async () => {
    const { d, fake } = deps([b2Error(503, 'service_unavailable')]);
    expect(await caught(sendWithRetry(d, req, anything, () => false))).toMatchObject({ status: 503 });
    expect(fake.calls).toHaveLength(1);
    const boom = new Error('bug in a schema');
    const throwing = z.unknown().transform(() => {
      throw boom;
    });
    const second = deps([json({}), json({})]);
    expect(await caught(sendWithRetry(second.d, req, throwing))).toBe(boom);
    expect(second.fake.calls).toHaveLength(1);
  });

  it('counts attempts in the shared budget', async () => {
    const { d, fake, delays } = deps([b2Error(503, 'service_unavailable'), b2Error(503, 'service_unavailable')], { maxTries: 5 });
    const budget = { attempts: 3 };
    expect(await caught(sendWithRetry(d, req, anything, undefined, budget))).toMatchObject({ status: 503 });
    expect(fake.calls).toHaveLength(2);
    expect(budget.attempts).toBe(5);
    expect(delays).toEqual([3375]);
  });
});
