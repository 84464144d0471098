/**
 * Whether a key authorizes on B2's API v3, the version tools such as older restic and rclone speak. A key made
 * by v4 b2_create_key with bucketIds (a "multi-bucket" key, even with one bucket) is refused there with a 400
 * "not currently supported on API version number 3" (or, per older docs, 401 `unsupported`): b2-key-api.md §2.
 * Read-only: an authorize changes nothing in B2.
 */
import { z } from '../common/zod';
import { lazySchema } from '../common/lazy-schema';
import { basicAuthHeader } from './authorize';
import { B2ApiError, B2ValidationError } from './errors';
import { resolveHttpDeps, sendWithRetry } from './http';
import { DEFAULT_ENDPOINT } from './limits';
import type { B2Credentials, FetchLike } from './types';
import { normalizeEndpoint } from './validate';

/** Only the fact that B2 answered 200 matters; the v3 body is not used. */
const anyAuthorizeReply = lazySchema(() => z.looseObject({ accountId: z.string() }));

export async function authorizesOnV3(opts: { fetch: FetchLike; endpoint?: string; credentials: B2Credentials; sleep?: (ms: number) => Promise<void>; now?: () => number }): Promise<boolean> {
  const normalized = normalizeEndpoint(opts.endpoint ?? DEFAULT_ENDPOINT);
  if (!('endpoint' in normalized)) throw new B2ValidationError([normalized.issue], 'b2_authorize_account');
  const deps = resolveHttpDeps(opts);
  try {
    await sendWithRetry(
      deps,
      { call: 'b2_authorize_account', method: 'GET', url: `${normalized.endpoint}/b2api/v3/b2_authorize_account`, headers: { Authorization: basicAuthHeader(opts.credentials) } },
      anyAuthorizeReply,
    );
    return true;
  } catch (e) {
    if (e instanceof B2ApiError && (isUnsupportedVersion(e) || (e.status === 401 && e.code === 'unsupported'))) return false;
    throw e;
  }
}

export function isUnsupportedVersion(e: B2ApiError): boolean {
  // ⚠ B2's code for this 400 is not documented (b2-key-api.md §9): recognised by its sentence.
  return e.status === 400 && /not currently supported on API version/i.test(e.b2Message);
}
