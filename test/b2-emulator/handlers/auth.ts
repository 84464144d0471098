// Token and capability checks shared by the non-authorize calls (b2-key-api.md §9).
import { B2Error, badRequest, unauthorized } from '../errors';
import type { ApiVersion, Principal } from '../state';
import type { ApiContext } from './context';

/** The 400 a v1-v3 call gets for a multi-bucket key; code bad_request as rclone#9031 shows "(400 bad_request)". */
export function unsupportedVersion(version: ApiVersion): B2Error {
  // ⚠ pick: the doc leaves the code open; bad_request is what rclone#9031 printed from a live response.
  return badRequest(`This request is not currently supported on API version number ${version}`);
}

/** Resolves the raw `Authorization: <token>` header (no "Bearer") to the key that minted the token. */
export function authenticate(ctx: ApiContext): Principal {
  const token = ctx.headers['authorization'];
  // ⚠ pick: a missing header is bad_auth_token (not unauthorized) so clients treat it like any bad token
  // and re-authorize rather than reporting a permission problem.
  if (!token) throw new B2Error(401, 'bad_auth_token', 'Authorization header is missing');
  const record = ctx.state.getToken(token);
  if (!record) throw new B2Error(401, 'bad_auth_token', 'Invalid authorization token');
  if (record.expiresAt <= ctx.now) throw new B2Error(401, 'expired_auth_token', 'Authorization token has expired');
  const cred = ctx.state.findCredential(record.applicationKeyId);
  // The key was deleted after the token was minted (deleteKey also drops its tokens; belt and braces).
  if (!cred) throw new B2Error(401, 'bad_auth_token', 'Invalid authorization token');
  // A multi-bucket key's token used on an older version gets the same refusal its authorize would have.
  if (cred.principal.multiBucket && ctx.version < 4) throw unsupportedVersion(ctx.version);
  return cred.principal;
}

/**
 * Missing capability ⇒ 401 unauthorized. The message is empty, as with the other live 401 unauthorized
 * bodies we have (authorize, unfiltered list_buckets); live text for this case is undocumented.
 */
export function requireCapability(principal: Principal, capability: string): void {
  if (!principal.capabilities.includes(capability)) throw unauthorized();
}
