import type { B2CallName } from './types';

// One family with a `kind` discriminant as well as subclasses: `instanceof` is handy in the background,
// but errors that cross the RPC boundary lose their prototype and only plain fields survive.
export type B2ErrorKind = 'api' | 'malformed' | 'network' | 'ambiguousCreate' | 'validation' | 'otherAccount';

export interface ValidationIssue {
  field: string;
  message: string;
}

/** The capability each call needs; B2's own 401 `unauthorized` often has an empty message. */
export const REQUIRED_CAPABILITY: Readonly<Record<B2CallName, string | null>> = {
  b2_authorize_account: null,
  b2_create_key: 'writeKeys',
  b2_list_keys: 'listKeys',
  b2_delete_key: 'deleteKeys',
  b2_list_buckets: 'listBuckets',
};

export function requiredCapabilityFor(call: B2CallName): string | null {
  return REQUIRED_CAPABILITY[call];
}

export class B2Error extends Error {
  readonly kind: B2ErrorKind;
  /** The B2 call that failed, when the failure belongs to one. */
  readonly call: B2CallName | undefined;

  constructor(kind: B2ErrorKind, message: string, opts: { call?: B2CallName | undefined; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'B2Error';
    this.kind = kind;
    this.call = opts.call;
  }
}

/** B2 answered with an error status; fields come from its `{status, code, message}` body when present. */
export class B2ApiError extends B2Error {
  override readonly kind = 'api' as const;
  readonly status: number;
  /** B2's short code, or 'unknown' when the body did not carry one (the HTTP status is still right). */
  readonly code: string;
  /** B2's message verbatim; may be '' (B2 sends an empty message on some 401s). */
  readonly b2Message: string;
  /**
   * Set on 401 `unauthorized` for calls that need a capability. B2 also answers `unauthorized` for bucket or
   * prefix restrictions, so this names what the call needs, not necessarily what is missing.
   */
  readonly requiredCapability: string | undefined;
  /** From a Retry-After header, when B2 sent one. */
  readonly retryAfterMs: number | undefined;
  /**
   * A B2Client's own key refused by b2_authorize_account (deleted, expired, a master key regenerated): not a key
   * someone typed to be checked, but the one every call of that client depends on.
   */
  readonly ownKeyRefused: boolean;

  constructor(opts: {
    status: number;
    code?: string | undefined;
    message?: string | undefined;
    call?: B2CallName | undefined;
    retryAfterMs?: number | undefined;
    ownKeyRefused?: boolean | undefined;
  }) {
    const code = opts.code !== undefined && opts.code !== '' ? opts.code : 'unknown';
    const b2Message = opts.message ?? '';
    const requiredCapability =
      code === 'unauthorized' && opts.call !== undefined ? (REQUIRED_CAPABILITY[opts.call] ?? undefined) : undefined;
    const fallback =
      requiredCapability !== undefined
        ? `B2 refused the request (HTTP ${opts.status} ${code}); it needs the '${requiredCapability}' capability.`
        : `B2 answered HTTP ${opts.status} (${code}).`;
    super('api', b2Message !== '' ? b2Message : fallback, { call: opts.call });
    this.name = 'B2ApiError';
    this.status = opts.status;
    this.code = code;
    this.b2Message = b2Message;
    this.requiredCapability = requiredCapability;
    this.retryAfterMs = opts.retryAfterMs;
    this.ownKeyRefused = opts.ownKeyRefused ?? false;
  }
}

/** A reply that is not JSON, or JSON that does not have the shape the call promises. */
/**
 * b2_authorize_account answered for another B2 account than the one the client acts for (a proxy, an emulator reset,
 * a wrong endpoint): nothing is sent with that token, so no list of that account reaches this one's cache and no key
 * is made there.
 */
export class B2OtherAccountError extends B2Error {
  override readonly kind = 'otherAccount' as const;

  constructor(readonly expected: string, readonly answered: string) {
    super('otherAccount', `b2_authorize_account answered for account ${answered}, not ${expected}`, { call: 'b2_authorize_account' });
    this.name = 'B2OtherAccountError';
  }
}

export class B2MalformedResponseError extends B2Error {
  override readonly kind = 'malformed' as const;
  readonly status: number;
  /** What was wrong (parse error or schema paths); never contains body values, which may be secret. */
  readonly detail: string;
  readonly retryAfterMs: number | undefined;

  constructor(opts: { status: number; detail: string; call?: B2CallName | undefined; retryAfterMs?: number | undefined; cause?: unknown }) {
    super('malformed', `B2 sent a reply that could not be read (HTTP ${opts.status}): ${opts.detail}`, {
      call: opts.call,
      cause: opts.cause,
    });
    this.name = 'B2MalformedResponseError';
    this.status = opts.status;
    this.detail = opts.detail;
    this.retryAfterMs = opts.retryAfterMs;
  }
}

/**
 * What can honestly be said about a failed connection. `timeout` is ours (the request's own timer); `refused`,
 * `dns` and `reset` come from a cause that carries a system error code (Node's fetch does); browsers give only
 * "Failed to fetch" / "NetworkError", which is `unknown` unless the browser says it is offline.
 */
export type NetworkFailure = 'timeout' | 'refused' | 'dns' | 'reset' | 'offline' | 'unknown';

const CODE_TO_FAILURE: Readonly<Record<string, NetworkFailure>> = {
  ECONNREFUSED: 'refused',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_NONAME: 'dns',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'reset',
  ETIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
};

/** Classifies a fetch rejection by the first system error code in its cause chain. Pure. */
export function classifyNetworkFailure(cause: unknown, opts: { timedOut?: boolean; online?: boolean | undefined } = {}): NetworkFailure {
  if (opts.timedOut) return 'timeout';
  let current: unknown = cause;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    // Own keys only: `in` would also match inherited names (a code of 'toString' returned a function).
    if (typeof code === 'string' && Object.hasOwn(CODE_TO_FAILURE, code)) return CODE_TO_FAILURE[code] as NetworkFailure;
    const errors = (current as { errors?: unknown }).errors;
    // Node reports a name with several addresses (IPv4 and IPv6) as an AggregateError of refusals.
    if (Array.isArray(errors) && errors.length > 0) {
      const inner = errors.map((e) => classifyNetworkFailure(e));
      if (inner.every((f) => f === inner[0]) && inner[0] !== 'unknown') return inner[0] as NetworkFailure;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return opts.online === false ? 'offline' : 'unknown';
}

/** fetch rejected, the body could not be read, or the request timed out. */
export class B2NetworkError extends B2Error {
  override readonly kind = 'network' as const;
  readonly timedOut: boolean;
  readonly failure: NetworkFailure;
  /** The host the failed request went to: the endpoint for an authorize, the account's apiUrl for the rest. */
  readonly host: string | undefined;

  constructor(opts: { call?: B2CallName | undefined; cause?: unknown; timedOut?: boolean; online?: boolean | undefined; host?: string | undefined }) {
    const timedOut = opts.timedOut ?? false;
    const failure = classifyNetworkFailure(opts.cause, { timedOut, online: opts.online });
    super('network', timedOut ? 'The request to B2 timed out.' : `Could not reach B2 (network error: ${failure}).`, {
      call: opts.call,
      cause: opts.cause,
    });
    this.name = 'B2NetworkError';
    this.timedOut = timedOut;
    this.failure = failure;
    this.host = opts.host;
  }
}

export interface RecoveredKeySecret {
  applicationKeyId: string;
  applicationKey: string;
}

/**
 * b2_create_key failed in a way where the key may exist anyway. The caller re-lists and looks for `keyName`
 * rather than retrying, since a blind retry can leave an orphan key whose secret nobody saw.
 */
export class B2AmbiguousCreateError extends B2Error {
  override readonly kind = 'ambiguousCreate' as const;
  readonly keyName: string;
  /** HTTP status of the failed attempt, when there was one. */
  readonly status: number | undefined;
  /**
   * When a 2xx reply failed the schema but still held an ID and a secret, they are kept here so the caller can
   * save them (B2 shows a secret only once). Non-enumerable so logging or serialising the error does not leak it.
   */
  declare readonly recoveredKey: RecoveredKeySecret | undefined;

  constructor(opts: { keyName: string; cause: B2Error; status?: number | undefined; recoveredKey?: RecoveredKeySecret | undefined }) {
    super(
      'ambiguousCreate',
      `Creating key '${opts.keyName}' may or may not have succeeded; check the key list before trying again. Cause: ${opts.cause.message}`,
      { call: 'b2_create_key', cause: opts.cause },
    );
    this.name = 'B2AmbiguousCreateError';
    this.keyName = opts.keyName;
    this.status = opts.status;
    Object.defineProperty(this, 'recoveredKey', { value: opts.recoveredKey, enumerable: false, writable: false });
  }
}

/** Input rejected before any request was made. */
export class B2ValidationError extends B2Error {
  override readonly kind = 'validation' as const;
  readonly issues: ValidationIssue[];

  constructor(issues: ValidationIssue[], call?: B2CallName) {
    super('validation', issues.map((i) => i.message).join(' ') || 'Invalid input.', { call });
    this.name = 'B2ValidationError';
    this.issues = issues;
  }
}

export function isB2Error(value: unknown): value is B2Error {
  return value instanceof B2Error;
}
