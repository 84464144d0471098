import { describe, expect, it } from 'vitest';
import {
  B2AmbiguousCreateError,
  B2ApiError,
  B2Error,
  B2MalformedResponseError,
  B2NetworkError,
  B2ValidationError,
  classifyNetworkFailure,
  isB2Error,
  requiredCapabilityFor,
} from './errors';

/** A Node-style fetch failure: TypeError('fetch failed') whose cause carries the system error code. */
function nodeFailure(code: string): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
}

/** `inner` wrapped in `levels` more errors, each the cause of the next. */
function wrapped(inner: unknown, levels: number): unknown {
  let current = inner;
  for (let i = 0; i < levels; i++) current = new Error(`wrapper ${i}`, { cause: current });
  return current;
}

describe('B2ApiError', () => {
  it("keeps B2's message and code, and names no capability for other codes", () => {
    const e = new B2ApiError({ status: 400, code: 'bad_request', message: 'keyName too long', call: 'b2_create_key', retryAfterMs: 5 });
    expect(e).toMatchObject({ kind: 'api', name: 'B2ApiError', status: 400, code: 'bad_request', b2Message: 'keyName too long', call: 'b2_create_key', retryAfterMs: 5 });
    expect(e.message).toBe('keyName too long');
    expect(e.requiredCapability).toBeUndefined();
  });

  it('says which capability an unauthorized call needs when B2 sent no message', () => {
    const e = new B2ApiError({ status: 401, code: 'unauthorized', call: 'b2_delete_key' });
    expect(e.requiredCapability).toBe('deleteKeys');
    expect(e.b2Message).toBe('');
    expect(e.message).toBe("B2 refused the request (HTTP 401 unauthorized); it needs the 'deleteKeys' capability.");
  });

  it('names no capability for an unauthorized authorize, or one without a call', () => {
    const authorize = new B2ApiError({ status: 401, code: 'unauthorized', call: 'b2_authorize_account' });
    expect(authorize.requiredCapability).toBeUndefined();
    expect(authorize.message).toBe('B2 answered HTTP 401 (unauthorized).');
    expect(new B2ApiError({ status: 401, code: 'unauthorized' }).requiredCapability).toBeUndefined();
  });

  it("falls back to 'unknown' for a missing or empty code, with a sentence naming the status", () => {
    for (const code of [undefined, '']) {
      const e = new B2ApiError({ status: 403, code });
      expect(e.code).toBe('unknown');
      expect(e.message).toBe('B2 answered HTTP 403 (unknown).');
    }
  });
});

describe('the other B2 errors', () => {
  it('B2MalformedResponseError says what was wrong and keeps the status and Retry-After', () => {
    const cause = new Error('x');
    const e = new B2MalformedResponseError({ status: 502, detail: 'empty body', call: 'b2_list_keys', retryAfterMs: 2000, cause });
    expect(e).toMatchObject({ kind: 'malformed', name: 'B2MalformedResponseError', status: 502, detail: 'empty body', call: 'b2_list_keys', retryAfterMs: 2000 });
    expect(e.message).toBe('B2 sent a reply that could not be read (HTTP 502): empty body');
    expect(e.cause).toBe(cause);
  });

  it('B2NetworkError tells a timeout from a failed connection', () => {
    const timeout = new B2NetworkError({ call: 'b2_list_keys', timedOut: true });
    expect(timeout).toMatchObject({ kind: 'network', name: 'B2NetworkError', timedOut: true, failure: 'timeout', call: 'b2_list_keys' });
    expect(timeout.message).toBe('The request to B2 timed out.');
    expect('cause' in timeout).toBe(false);
    const cause = nodeFailure('ECONNREFUSED');
    const refused = new B2NetworkError({ cause });
    expect(refused).toMatchObject({ timedOut: false, failure: 'refused' });
    expect(refused.message).toBe('Could not reach B2 (network error: refused).');
    expect(refused.cause).toBe(cause);
    expect(new B2NetworkError({ cause: new TypeError('Failed to fetch'), online: false }).failure).toBe('offline');
  });

  it('B2AmbiguousCreateError names the key and the cause, and keeps the status', () => {
    const cause = new B2ApiError({ status: 500, code: 'internal_error', message: 'boom' });
    const e = new B2AmbiguousCreateError({ keyName: 'k-1', cause, status: 500 });
    expect(e).toMatchObject({ kind: 'ambiguousCreate', name: 'B2AmbiguousCreateError', keyName: 'k-1', status: 500, call: 'b2_create_key' });
    expect(e.message).toBe("Creating key 'k-1' may or may not have succeeded; check the key list before trying again. Cause: boom");
    expect(e.cause).toBe(cause);
    expect(e.recoveredKey).toBeUndefined();
  });

  it('B2AmbiguousCreateError keeps a rescued secret out of sight and unchangeable', () => {
    const cause = new B2MalformedResponseError({ status: 200, detail: 'd' });
    const recoveredKey = { applicationKeyId: 'k1', applicationKey: 'K004rescued' };
    const e = new B2AmbiguousCreateError({ keyName: 'k-1', cause, recoveredKey });
    expect(e.recoveredKey).toEqual(recoveredKey);
    expect(Object.keys(e)).not.toContain('recoveredKey');
    expect(JSON.stringify(e)).not.toContain('K004rescued');
    expect(() => {
      (e as { recoveredKey: unknown }).recoveredKey = undefined;
    }).toThrow(TypeError);
    expect(e.recoveredKey).toEqual(recoveredKey);
  });

  it('B2ValidationError joins the issue sentences, and says something even without issues', () => {
    const e = new B2ValidationError(
      [
        { field: 'keyName', message: 'Enter a key name.' },
        { field: 'capabilities', message: 'Choose at least one capability.' },
      ],
      'b2_create_key',
    );
    expect(e).toMatchObject({ kind: 'validation', name: 'B2ValidationError', call: 'b2_create_key' });
    expect(e.message).toBe('Enter a key name. Choose at least one capability.');
    expect(new B2ValidationError([]).message).toBe('Invalid input.');
  });

  it('a plain B2Error carries its kind and cause only when one is given', () => {
    const e = new B2Error('api', 'm');
    expect(e).toMatchObject({ name: 'B2Error', kind: 'api', message: 'm', call: undefined });
    expect('cause' in e).toBe(false);
  });

  it('isB2Error is true only for the B2 error family', () => {
    expect(isB2Error(new B2ValidationError([]))).toBe(true);
    expect(isB2Error(new Error('x'))).toBe(false);
    expect(isB2Error({ kind: 'api', message: 'looks like one' })).toBe(false);
  });

  it('requiredCapabilityFor names the capability of each key call and none for authorize', () => {
    expect(requiredCapabilityFor('b2_create_key')).toBe('writeKeys');
    expect(requiredCapabilityFor('b2_list_buckets')).toBe('listBuckets');
    expect(requiredCapabilityFor('b2_authorize_account')).toBeNull();
  });
});

describe('classifyNetworkFailure', () => {
  it('a timeout wins over any cause', () => {
    expect(classifyNetworkFailure(nodeFailure('ECONNREFUSED'), { timedOut: true })).toBe('timeout');
    expect(classifyNetworkFailure(nodeFailure('ECONNREFUSED'), { timedOut: false })).toBe('refused');
  });

  it('reads the code anywhere in the first five errors of the cause chain', () => {
    expect(classifyNetworkFailure(Object.assign(new Error('x'), { code: 'ENOTFOUND' }))).toBe('dns');
    expect(classifyNetworkFailure(wrapped(Object.assign(new Error('x'), { code: 'ECONNRESET' }), 4))).toBe('reset');
    // Deeper than that it stops looking (a cycle or a very long chain cannot hang it).
    expect(classifyNetworkFailure(wrapped(Object.assign(new Error('x'), { code: 'ECONNRESET' }), 5))).toBe('unknown');
    const cycle: { cause?: unknown } = {};
    cycle.cause = cycle;
    expect(classifyNetworkFailure(cycle)).toBe('unknown');
    // A chain that ends in a null cause ends there.
    expect(classifyNetworkFailure(new Error('x', { cause: null }))).toBe('unknown');
  });

  it('ignores codes it does not know, and codes that are not strings', () => {
    expect(classifyNetworkFailure(nodeFailure('EWHATEVER'))).toBe('unknown');
    expect(classifyNetworkFailure({ code: 111 })).toBe('unknown');
    // An inherited property name is not a known code (it used to return Object.prototype.toString).
    expect(classifyNetworkFailure({ code: 'toString' })).toBe('unknown');
  });

  it('reads an AggregateError whose errors all agree, and only then', () => {
    const refusals = new AggregateError([nodeFailure('ECONNREFUSED').cause, Object.assign(new Error('b'), { code: 'ECONNREFUSED' })]);
    expect(classifyNetworkFailure(new TypeError('fetch failed', { cause: refusals }))).toBe('refused');
    const mixed = new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' }), Object.assign(new Error('b'), { code: 'ENOTFOUND' })]);
    expect(classifyNetworkFailure(mixed)).toBe('unknown');
    // All unknown inside: the search goes on down the aggregate's own cause.
    const unknownInside = new AggregateError([new Error('a')], 'all', { cause: Object.assign(new Error('c'), { code: 'EPIPE' }) });
    expect(classifyNetworkFailure(unknownInside)).toBe('reset');
    const empty = new AggregateError([], 'none', { cause: Object.assign(new Error('c'), { code: 'ETIMEDOUT' }) });
    expect(classifyNetworkFailure(empty)).toBe('timeout');
  });

  it('says offline only when the browser says it is offline', () => {
    expect(classifyNetworkFailure(undefined)).toBe('unknown');
    expect(classifyNetworkFailure(undefined, { online: false })).toBe('offline');
    expect(classifyNetworkFailure(nodeFailure('ENOTFOUND'), { online: false })).toBe('dns');
  });
});
