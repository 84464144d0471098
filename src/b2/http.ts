import type { z } from '../common/zod';
import { B2ApiError, B2Error, B2MalformedResponseError, B2NetworkError } from './errors';
import { describeIssues, errorBodySchema } from './schemas';
import type { B2CallName, FetchLike, Sleep } from './types';

export interface HttpDeps {
  fetch: FetchLike;
  sleep: Sleep;
  now: () => number;
  random: () => number;
  /** Total attempts, including the first. */
  maxTries: number;
  /** Per attempt, covering the response body too; 0 disables. */
  timeoutMs: number;
}

export const DEFAULT_MAX_TRIES = 5;
// Chrome ends a service worker whose fetch has not answered for 30 s, or that waits 30 s without an event:
// every single wait here stays below that, so a failure is seen (and a create re-checked) by our own code.
export const DEFAULT_TIMEOUT_MS = 25_000;
// b2sdk's policy (b2-key-api.md §9) is 1 s, ×1.5 per try, capped at 64 s; the cap is lowered to 20 s for the
// same reason. A Retry-After longer than the cap is surfaced instead of slept through.
export const INITIAL_RETRY_DELAY_MS = 1_000;
export const RETRY_DELAY_FACTOR = 1.5;
export const MAX_RETRY_DELAY_MS = 20_000;

export const defaultSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function resolveHttpDeps(opts: {
  fetch: FetchLike;
  sleep?: Sleep | undefined;
  now?: (() => number) | undefined;
  random?: (() => number) | undefined;
  maxTries?: number | undefined;
  timeoutMs?: number | undefined;
}): HttpDeps {
  const maxTries = opts.maxTries ?? DEFAULT_MAX_TRIES;
  return {
    fetch: opts.fetch,
    sleep: opts.sleep ?? defaultSleep,
    now: opts.now ?? Date.now,
    random: opts.random ?? Math.random,
    maxTries: Number.isFinite(maxTries) && maxTries >= 1 ? Math.floor(maxTries) : DEFAULT_MAX_TRIES,
    timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
}

export interface B2Request {
  call: B2CallName;
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  /** Serialised as JSON when present. */
  body?: unknown;
  /**
   * Given a 2xx reply's text before it is parsed (b2_list_keys starts its next page's request from it). True when it
   * started a request: the parse then waits a task, so that request is sent first.
   */
  onBody?: (text: string) => boolean;
}

// The raw JSON of a 2xx reply that failed its schema, kept off the public error object because it can hold a
// secret. b2_create_key uses it to rescue the one-time applicationKey from an otherwise unreadable reply.
const malformedJson = new WeakMap<B2MalformedResponseError, unknown>();
export function malformedJsonOf(error: B2MalformedResponseError): unknown {
  return malformedJson.get(error);
}

/** Seconds or an HTTP date, as RFC 9110 allows; anything else is ignored. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export function statusOf(error: B2Error): number | undefined {
  if (error instanceof B2ApiError || error instanceof B2MalformedResponseError) return error.status;
  return undefined;
}

/** 429, 408, 5xx and network failures are transient; other 4xx mean the request itself is wrong. */
function hostOfUrl(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

export function isRetryable(error: B2Error): boolean {
  if (error instanceof B2NetworkError) return true;
  const status = statusOf(error);
  return status !== undefined && (status === 429 || status === 408 || status >= 500);
}

/**
 * Delay before attempt `failedAttempt + 1`, or null when B2 asks for a longer wait (Retry-After) than a service
 * worker can sleep through: then the error is surfaced and the person retries later.
 * Jitter is added only once the cap is reached (as b2sdk does), so the uncapped schedule stays exact.
 */
export function retryDelayMs(failedAttempt: number, error: B2Error, random: () => number): number | null {
  const retryAfter = error instanceof B2ApiError || error instanceof B2MalformedResponseError ? error.retryAfterMs : undefined;
  if (retryAfter !== undefined) return retryAfter <= MAX_RETRY_DELAY_MS ? retryAfter : null;
  const delay = INITIAL_RETRY_DELAY_MS * RETRY_DELAY_FACTOR ** (failedAttempt - 1);
  if (delay < MAX_RETRY_DELAY_MS) return delay;
  return MAX_RETRY_DELAY_MS + Math.floor(random() * 1000);
}

class TimeoutSignal {}

/** One HTTP exchange, classified: returns the parsed 2xx body or throws a B2Error. Never retries. */
export async function sendOnce<T>(deps: HttpDeps, req: B2Request, schema: z.ZodMiniType<T>): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  // Raced as well as signalled, because an injected fetch may ignore the abort signal.
  const timeout = new Promise<never>((_, reject) => {
    if (deps.timeoutMs > 0) {
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
        reject(new TimeoutSignal());
      }, deps.timeoutMs);
    }
  });
  timeout.catch(() => undefined);

  const headers: Record<string, string> = { ...req.headers };
  const init: RequestInit = {
    method: req.method,
    headers,
    signal: controller.signal,
    // B2 never redirects; refusing redirects keeps the token from following one somewhere else.
    redirect: 'error',
    credentials: 'omit',
    cache: 'no-store',
  };
  if (req.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(req.body);
  }

  let response: Response;
  let text: string;
  try {
    // A bare `fetch` reference called as a method of something else throws "Illegal invocation" in service
    // workers, so it is always called with globalThis as `this`.
    response = await Promise.race([deps.fetch.call(globalThis, req.url, init), timeout]);
    text = await Promise.race([response.text(), timeout]);
  } catch (cause) {
    // navigator.onLine is only trusted when false ("certainly offline"); true says nothing about the route to B2.
    const online = typeof navigator === 'object' && typeof navigator.onLine === 'boolean' ? navigator.onLine : undefined;
    throw new B2NetworkError({ call: req.call, cause: cause instanceof TimeoutSignal ? undefined : cause, timedOut, online, host: hostOfUrl(req.url) });
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }

  const status = response.status;
  // A request started from the body reaches fetch() only after a few turns of its own (the client's auth check):
  // without this wait it went out after the parse and schema check below, 5-17 ms for a 10,000-key page in
  // Chromium's worker, on each of a 100,000-key listing's pages (issue 9). The real timer, not deps.sleep (the retry
  // delays, which tests record): this waits one task, it is not a delay.
  if (status >= 200 && status < 300 && req.onBody?.(text)) await defaultSleep(0);
  const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'), deps.now());

  let json: unknown;
  let jsonError: string | undefined;
  if (text.trim() === '') {
    jsonError = 'empty body';
  } else {
    try {
      json = JSON.parse(text);
    } catch {
      const type = response.headers.get('Content-Type');
      jsonError = `body is not JSON${type ? ` (Content-Type ${type.split(';')[0]})` : ''}`;
    }
  }

  if (status >= 200 && status < 300) {
    if (jsonError !== undefined) throw new B2MalformedResponseError({ status, detail: jsonError, call: req.call, retryAfterMs });
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const error = new B2MalformedResponseError({
        status,
        detail: describeIssues(parsed.error),
        call: req.call,
        retryAfterMs,
      });
      malformedJson.set(error, json);
      throw error;
    }
    return parsed.data;
  }

  if (jsonError !== undefined) throw new B2MalformedResponseError({ status, detail: jsonError, call: req.call, retryAfterMs });
  // A JSON body that is not an object, or lacks fields, is still B2 saying no; the HTTP status is authoritative.
  const body = errorBodySchema.safeParse(json);
  const fields = body.success ? body.data : {};
  throw new B2ApiError({ status, code: fields.code, message: fields.message, call: req.call, retryAfterMs });
}

/**
 * sendOnce with backoff. `retryable` decides which failures are worth another attempt; the last failure is
 * thrown as is once it is not retryable or the tries are used up.
 */
export async function sendWithRetry<T>(
  deps: HttpDeps,
  req: B2Request,
  schema: z.ZodMiniType<T>,
  retryable: (error: B2Error) => boolean = isRetryable,
  /** Shared between the attempts before and after a re-authorize, so a call never exceeds maxTries in all. */
  budget: { attempts: number } = { attempts: 0 },
): Promise<T> {
  for (;;) {
    budget.attempts++;
    try {
      return await sendOnce(deps, req, schema);
    } catch (error) {
      if (!(error instanceof B2Error) || !retryable(error) || budget.attempts >= deps.maxTries) throw error;
      const delay = retryDelayMs(budget.attempts, error, deps.random);
      if (delay === null) throw error;
      await deps.sleep(delay);
    }
  }
}
