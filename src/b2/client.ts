import type { z } from '../common/zod';
import { authorize } from './authorize';
import {
  B2AmbiguousCreateError,
  B2ApiError,
  B2OtherAccountError,
  B2Error,
  B2MalformedResponseError,
  B2NetworkError,
  B2ValidationError,
  type RecoveredKeySecret,
  type ValidationIssue,
} from './errors';
import { type B2Request, type HttpDeps, isRetryable, malformedJsonOf, resolveHttpDeps, sendWithRetry, statusOf } from './http';
import { AUTH_REUSE_MS, DEFAULT_ENDPOINT, DEFAULT_LIST_KEYS_PAGE_SIZE } from './limits';
import {
  b2AuthSchema,
  createdKeyV3Schema,
  createdKeyV4Schema,
  createKeyRequestV3Schema,
  createKeyRequestV4Schema,
  deleteKeyRequestSchema,
  deleteKeyResponseSchema,
  listBucketsRequestSchema,
  listBucketsResponseSchema,
  listKeysRequestSchema,
  listKeysResponseSchema,
} from './schemas';
import type { B2Auth, B2CallName, B2Credentials, B2Key, Bucket, CreatedKey, CreateKeyInput, FetchLike } from './types';
import { validateCreateKeyInput, validateListKeysPageSize } from './validate';

export interface B2ClientOptions {
  /** Called with globalThis as `this`, so a bare `fetch` is fine in a service worker. */
  fetch: FetchLike;
  endpoint?: string;
  credentials: B2Credentials;
  /** A cached token (e.g. from storage.session); ignored if it does not have the B2Auth shape. */
  auth?: B2Auth;
  /** Called after every (re)authorize so the caller can persist the token. */
  onAuth?: (auth: B2Auth) => void | Promise<void>;
  /** The B2 account this client acts for: an authorize (or a kept token) for another one is refused (B2OtherAccountError). */
  accountId?: string;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Total attempts per call for transient failures; default 5. */
  maxTries?: number;
  /** Jitter source for capped backoff delays. */
  random?: () => number;
  /** Per attempt; default 60 s; 0 disables. */
  timeoutMs?: number;
}

/** bucketType for buckets known only from the key's own restrictions (B2 was not asked about them). */
export const UNKNOWN_BUCKET_TYPE = 'unknown';

/** A b2_list_keys request on its way, and the one its body's guess started for the page after it. */
interface PageFetch {
  page: Promise<{ keys: B2Key[]; nextApplicationKeyId: string | null }>;
  /** The next start ID as read from the body's text (nextKeyIdIn), once the body is in. */
  guess?: string;
  ahead?: { start: string; fetch: PageFetch };
}

const NEXT_KEY_ID = /"nextApplicationKeyId"\s*:\s*"([^"\\]+)"/y;

/**
 * The nextApplicationKeyId of a b2_list_keys reply read from its text, before the parse and the check of 10,000
 * keys (tens of milliseconds a page), so the next page's request can start at once. Only a guess, compared with
 * the parsed reply before it is used. The last occurrence, as JSON.parse keeps the last of a repeated name; a
 * quoted name followed by a colon can only be an object's member name, as quotes inside a JSON string are escaped.
 */
export function nextKeyIdIn(text: string): string | undefined {
  const at = text.lastIndexOf('"nextApplicationKeyId"');
  if (at < 0) return undefined;
  NEXT_KEY_ID.lastIndex = at;
  return NEXT_KEY_ID.exec(text)?.[1];
}

function isRejectedTokenError(error: unknown): boolean {
  return error instanceof B2ApiError && error.status === 401 && (error.code === 'bad_auth_token' || error.code === 'expired_auth_token');
}

/**
 * After these the key may exist: the request may have reached B2 and only the answer was lost or garbled.
 * A 429 means B2 turned the request away before doing anything, and a clear 4xx is a definite no.
 */
function isAmbiguousCreateFailure(error: unknown): error is B2Error {
  if (error instanceof B2NetworkError || error instanceof B2MalformedResponseError) return statusOf(error) !== 429;
  if (error instanceof B2ApiError) return error.status === 408 || error.status >= 500;
  return false;
}

function recoverSecret(error: B2Error): RecoveredKeySecret | undefined {
  if (!(error instanceof B2MalformedResponseError) || error.status < 200 || error.status >= 300) return undefined;
  const json = malformedJsonOf(error);
  if (typeof json !== 'object' || json === null) return undefined;
  const { applicationKeyId, applicationKey } = json as Record<string, unknown>;
  if (typeof applicationKeyId === 'string' && applicationKeyId !== '' && typeof applicationKey === 'string' && applicationKey !== '') {
    return { applicationKeyId, applicationKey };
  }
  return undefined;
}

/** Parses a request body we built; failing here is a bug in this module, reported as invalid input. */
function requestBody<T>(schema: z.ZodMiniType<T>, body: unknown, call: B2CallName): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues: ValidationIssue[] = parsed.error.issues.map((i) => ({
    field: i.path.map(String).join('.') || '(request)',
    message: i.message,
  }));
  throw new B2ValidationError(issues, call);
}

export class B2Client {
  private readonly deps: HttpDeps;
  private readonly endpoint: string;
  private readonly credentials: B2Credentials;
  private readonly onAuth: ((auth: B2Auth) => void | Promise<void>) | undefined;
  private readonly accountId: string | undefined;
  private currentAuth: B2Auth | undefined;
  // Concurrent calls that all find the token missing or rejected share one authorize (B2 rate-limits it).
  private pendingAuth: Promise<B2Auth> | undefined;

  constructor(opts: B2ClientOptions) {
    this.deps = resolveHttpDeps(opts);
    this.endpoint = opts.endpoint ?? DEFAULT_ENDPOINT;
    this.credentials = { applicationKeyId: opts.credentials.applicationKeyId, applicationKey: opts.credentials.applicationKey };
    this.onAuth = opts.onAuth;
    this.accountId = opts.accountId;
    // Session storage may hold a token written by an older build; a shape we do not recognise is dropped, and so is
    // one for another account (authorize is then asked, and refused the same way).
    const cached = opts.auth === undefined ? undefined : b2AuthSchema.safeParse(opts.auth);
    this.currentAuth = cached?.success && this.isOwn(cached.data) ? cached.data : undefined;
  }

  get auth(): B2Auth | undefined {
    return this.currentAuth;
  }

  authorize(): Promise<B2Auth> {
    this.pendingAuth ??= this.authorizeNow().finally(() => {
      this.pendingAuth = undefined;
    });
    return this.pendingAuth;
  }

  async ensureAuth(): Promise<B2Auth> {
    if (this.currentAuth !== undefined && this.isFresh(this.currentAuth)) return this.currentAuth;
    return this.authorize();
  }

  async createKey(input: CreateKeyInput): Promise<CreatedKey> {
    const issues = validateCreateKeyInput(input);
    if (issues.length > 0) throw new B2ValidationError(issues, 'b2_create_key');
    const call = 'b2_create_key';
    const common = {
      keyName: input.keyName,
      capabilities: input.capabilities,
      validDurationInSeconds: input.validDurationInSeconds ?? null,
      // Optional fields go out as null rather than omitted, as b2sdk sends them to live v4 (both are accepted).
      namePrefix: input.namePrefix ?? null,
    };

    const toAmbiguous = (error: unknown): unknown =>
      isAmbiguousCreateFailure(error)
        ? new B2AmbiguousCreateError({
            keyName: input.keyName,
            cause: error,
            status: statusOf(error),
            recoveredKey: recoverSecret(error),
          })
        : error;
    // Only a 429 is retried: anything else ambiguous must not be repeated blindly, since a second key could be
    // created whose secret is then lost with the first answer.
    const onlyRateLimits = (error: B2Error) => statusOf(error) === 429;

    if (input.legacySingleBucket === true) {
      // v3 keeps the single-bucket key usable by tools that authorize on v1–v3 (b2-key-api.md §0.3).
      return this.call(
        (auth) => ({
          call,
          method: 'POST',
          url: `${auth.apiUrl}/b2api/v3/b2_create_key`,
          headers: { Authorization: auth.authorizationToken },
          body: requestBody(createKeyRequestV3Schema, { accountId: auth.accountId, ...common, bucketId: input.bucketIds?.[0] }, call),
        }),
        createdKeyV3Schema,
        onlyRateLimits,
        toAmbiguous,
        false,
      );
    }
    return this.call(
      (auth) => ({
        call,
        method: 'POST',
        url: `${auth.apiUrl}/b2api/v4/b2_create_key`,
        headers: { Authorization: auth.authorizationToken },
        body: requestBody(createKeyRequestV4Schema, { accountId: auth.accountId, ...common, bucketIds: input.bucketIds ?? null }, call),
      }),
      createdKeyV4Schema,
      onlyRateLimits,
      toAmbiguous,
      false,
    );
  }

  /**
   * The account's keys, a page at a time. `ahead`: the next page's request starts before this page is handed over,
   * so a caller that works on each page (a refresh sorts it) does so while the next one travels. Off by default:
   * a caller that stops early would pay for a request (a billed transaction) whose answer it never reads.
   */
  async *listKeys(opts: { pageSize?: number; startApplicationKeyId?: string; ahead?: boolean } = {}): AsyncGenerator<B2Key[]> {
    const call = 'b2_list_keys';
    const pageSize = opts.pageSize ?? DEFAULT_LIST_KEYS_PAGE_SIZE;
    const issues = validateListKeysPageSize(pageSize);
    if (opts.startApplicationKeyId !== undefined && (typeof opts.startApplicationKeyId !== 'string' || opts.startApplicationKeyId === '')) {
      issues.push({ field: 'startApplicationKeyId', message: 'The starting key ID cannot be empty.' });
    }
    if (issues.length > 0) throw new B2ValidationError(issues, call);

    // A server that hands back a start ID it already gave would make this loop forever.
    const seen = new Set<string>(opts.startApplicationKeyId === undefined ? [] : [opts.startApplicationKeyId]);
    /** The request the loop waits for: only its body may start the next one, so at most one runs beyond it. */
    let awaited: PageFetch | undefined;
    /** True when it started the request. */
    const startAhead = (f: PageFetch): boolean => {
      if (f.ahead || f.guess === undefined || seen.has(f.guess)) return false;
      f.ahead = { start: f.guess, fetch: fetchPage(f.guess) };
      return true;
    };
    const fetchPage = (start: string | undefined): PageFetch => {
      const f: PageFetch = { page: undefined as never };
      const onBody = opts.ahead
        ? (text: string) => {
            f.guess = nextKeyIdIn(text);
            return f === awaited && startAhead(f);
          }
        : undefined;
      f.page = this.call(
        (auth) => ({
          call,
          method: 'POST',
          url: `${auth.apiUrl}/b2api/v4/b2_list_keys`,
          headers: { Authorization: auth.authorizationToken },
          body: requestBody(
            listKeysRequestSchema,
            { accountId: auth.accountId, maxKeyCount: pageSize, ...(start === undefined ? {} : { startApplicationKeyId: start }) },
            call,
          ),
          onBody,
        }),
        listKeysResponseSchema,
      );
      // Marked handled at once: a page fetched ahead can fail while its parent's parse waits a task (sendOnce), before
      // anyone awaits it. Awaiting it still throws.
      f.page.catch(() => undefined);
      return f;
    };
    // Pages fetched ahead that are not wanted (stopped early, failed, or guessed wrong) are dropped: their failures
    // were marked handled when they were sent (fetchPage).
    let current = fetchPage(opts.startApplicationKeyId);
    for (;;) {
      awaited = current;
      // Its body may be in already (it arrived while the caller worked on the page before).
      if (opts.ahead) startAhead(current);
      const page = await current.page;
      const next = page.nextApplicationKeyId;
      // '' is treated as the end: sent back as a start ID it would restart the listing from the top.
      const last = next === null || next === '';
      let following: PageFetch | undefined;
      if (current.ahead && current.ahead.start === next) following = current.ahead.fetch;
      else if (opts.ahead && !last && !seen.has(next)) following = fetchPage(next);
      yield page.keys;
      if (last) return;
      if (seen.has(next)) {
        throw new B2MalformedResponseError({ status: 200, detail: 'nextApplicationKeyId repeats an earlier page', call });
      }
      seen.add(next);
      current = following ?? fetchPage(next);
    }
  }

  /**
   * One key by its keyID, or null when B2 does not list it. B2 has no call for one key: a page of one key starting
   * at its keyID (as b2sdk's `get_key`), so the cost does not grow with the account.
   */
  async getKey(applicationKeyId: string): Promise<B2Key | null> {
    for await (const page of this.listKeys({ pageSize: 1, startApplicationKeyId: applicationKeyId })) {
      return page[0]?.applicationKeyId === applicationKeyId ? page[0] : null;
    }
    return null;
  }

  /** Every key of the account (the next page is fetched while this one is read). */
  async listAllKeys(opts: { pageSize?: number } = {}): Promise<B2Key[]> {
    const keys: B2Key[] = [];
    for await (const page of this.listKeys({ ...opts, ahead: true })) keys.push(...page);
    return keys;
  }

  async deleteKey(applicationKeyId: string): Promise<B2Key> {
    const call = 'b2_delete_key';
    if (typeof applicationKeyId !== 'string' || applicationKeyId === '') {
      throw new B2ValidationError([{ field: 'applicationKeyId', message: 'Choose a key to delete.' }], call);
    }
    return this.call(
      (auth) => ({
        call,
        method: 'POST',
        url: `${auth.apiUrl}/b2api/v4/b2_delete_key`,
        headers: { Authorization: auth.authorizationToken },
        body: requestBody(deleteKeyRequestSchema, { applicationKeyId }, call),
      }),
      deleteKeyResponseSchema,
    );
  }

  /**
   * Every bucket the managing key can see. A bucket-restricted key gets 401 for an unfiltered b2_list_buckets,
   * so its list comes from the restrictions in its own token instead (no request, bucketType 'unknown', a
   * deleted bucket's ID standing in for its name). Per-bucket calls would add little: the key may lack
   * listBuckets, and a deleted bucket would just be missing.
   */
  async listBuckets(): Promise<Bucket[]> {
    const call = 'b2_list_buckets';
    const auth = await this.ensureAuth();
    if (auth.allowed.buckets !== null) {
      return auth.allowed.buckets
        .map((b) => ({ bucketId: b.id, bucketName: b.name ?? b.id, bucketType: UNKNOWN_BUCKET_TYPE }))
        .sort((a, b) => (a.bucketName < b.bucketName ? -1 : a.bucketName > b.bucketName ? 1 : 0));
    }
    const reply = await this.call(
      (current) => ({
        call,
        method: 'POST',
        url: `${current.apiUrl}/b2api/v4/b2_list_buckets`,
        headers: { Authorization: current.authorizationToken },
        // Without bucketTypes B2 leaves out restricted/shared buckets.
        body: requestBody(listBucketsRequestSchema, { accountId: current.accountId, bucketTypes: ['all'] }, call),
      }),
      listBucketsResponseSchema,
    );
    return reply.buckets;
  }

  private isOwn(auth: B2Auth): boolean {
    return this.accountId === undefined || auth.accountId === this.accountId;
  }

  private isFresh(auth: B2Auth): boolean {
    const age = this.deps.now() - auth.obtainedAt;
    // A negative age means the clock moved back or the cache is bogus; a fresh token is cheaper than a 401.
    return age >= 0 && age < AUTH_REUSE_MS;
  }

  private async authorizeNow(): Promise<B2Auth> {
    let auth: B2Auth;
    try {
      auth = await authorize({
        fetch: this.deps.fetch,
        endpoint: this.endpoint,
        credentials: this.credentials,
        sleep: this.deps.sleep,
        now: this.deps.now,
        maxTries: this.deps.maxTries,
        random: this.deps.random,
        timeoutMs: this.deps.timeoutMs,
      });
    } catch (error) {
      // Said apart from a key being checked: here every call of this client depends on the key B2 just refused.
      if (error instanceof B2ApiError && error.status === 401) {
        throw new B2ApiError({ status: error.status, code: error.code, message: error.b2Message, call: error.call, retryAfterMs: error.retryAfterMs, ownKeyRefused: true });
      }
      throw error;
    }
    // Before the token is kept or used: every later call would act on that other account.
    if (!this.isOwn(auth)) throw new B2OtherAccountError(this.accountId!, auth.accountId);
    this.currentAuth = auth;
    if (this.onAuth !== undefined) {
      try {
        await this.onAuth(auth);
      } catch (error) {
        // Failing to persist the token only costs a re-authorize later; it must not fail the B2 call.
        console.warn('B2 client: onAuth callback failed', error instanceof Error ? error.name : typeof error);
      }
    }
    return auth;
  }

  /**
   * A kept token whose apiUrl no longer answers (B2 moved the account, or the token is older than a change of
   * server): kept, it would fail every call until it ages out (AUTH_REUSE_MS). A new authorize (at the endpoint,
   * another host) names the apiUrl to use; the call is repeated once there when it moved and the call may be
   * repeated, or when nothing reached a server (a refused connection, an unknown name).
   */
  private async afterUnreachable<T>(
    stale: B2Auth,
    error: B2NetworkError,
    build: (auth: B2Auth) => B2Request,
    schema: z.ZodMiniType<T>,
    retryable: (error: B2Error) => boolean,
    mapError: (error: unknown) => unknown,
    repeatable: boolean,
  ): Promise<T> {
    let fresh: B2Auth;
    try {
      fresh = await this.replacementFor(stale);
    } catch (authFailure) {
      // The endpoint is out of reach too: that is what to tell (and to check), but a create stays what it was, a
      // request that may have reached B2.
      throw repeatable ? authFailure : mapError(error);
    }
    const nothingSent = error.failure === 'refused' || error.failure === 'dns';
    if (fresh.apiUrl === stale.apiUrl || !(repeatable || nothingSent)) throw mapError(error);
    try {
      // One try there: the tries of the call are spent already.
      return await sendWithRetry(this.deps, build(fresh), schema, retryable, { attempts: this.deps.maxTries - 1 });
    } catch (again) {
      throw mapError(again);
    }
  }

  /** The token after `rejected` was refused: one another call already fetched, or a new one. */
  private async replacementFor(rejected: B2Auth): Promise<B2Auth> {
    const current = this.currentAuth;
    if (current !== undefined && current.authorizationToken !== rejected.authorizationToken && this.isFresh(current)) return current;
    return this.authorize();
  }

  /**
   * One authorized call: transient failures retried by `retryable`, then a single re-authorize and repeat when
   * B2 rejects the token itself (a second rejection is surfaced, not looped). `mapError` applies to failures of
   * the call, not of authorizing.
   */
  private async call<T>(
    build: (auth: B2Auth) => B2Request,
    schema: z.ZodMiniType<T>,
    retryable: (error: B2Error) => boolean = isRetryable,
    mapError: (error: unknown) => unknown = (error) => error,
    /** false for a create: a request that may have reached B2 is never sent twice. */
    repeatable = true,
  ): Promise<T> {
    const auth = await this.ensureAuth();
    const budget = { attempts: 0 };
    try {
      return await sendWithRetry(this.deps, build(auth), schema, retryable, budget);
    } catch (error) {
      if (this.deps.now() - auth.obtainedAt >= NAMED_SERVER_TRUSTED_MS && isApiUrlUnreachable(error)) return this.afterUnreachable(auth, error, build, schema, retryable, mapError, repeatable);
      if (!isRejectedTokenError(error)) throw mapError(error);
    }
    const fresh = await this.replacementFor(auth);
    try {
      // The repeat after re-authorizing gets at least one try, and never more than the call had left.
      return await sendWithRetry(this.deps, build(fresh), schema, retryable, { attempts: Math.min(budget.attempts, this.deps.maxTries - 1) });
    } catch (error) {
      throw mapError(error);
    }
  }
}

/**
 * A token B2 gave out less than this long ago names the account's current server: a failure to reach it is that
 * server's, not a sign that the account moved, so the endpoint is not asked again.
 */
const NAMED_SERVER_TRUSTED_MS = 60_000;

/** A call to the apiUrl that failed to connect (not a timeout, not offline): the server may have moved. */
function isApiUrlUnreachable(error: unknown): error is B2NetworkError {
  return error instanceof B2NetworkError && !error.timedOut && error.failure !== 'offline' && error.failure !== 'timeout';
}
