// b2_authorize_account on v2/v3/v4, GET or POST, HTTP Basic with keyId (or the account ID for the master key).
import { unauthorized } from '../errors';
import { authorizeResponse } from '../shapes';
import { unsupportedVersion } from './auth';
import { ok, type ApiContext, type ApiResult } from './context';

function parseBasic(header: string | undefined): { id: string; secret: string } | undefined {
  const m = /^Basic\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  // Key IDs never contain ':' while a printable-ASCII secret might, so split on the first colon only.
  if (colon < 0) return undefined;
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

export function authorizeAccount(ctx: ApiContext): ApiResult {
  const creds = parseBasic(ctx.headers['authorization']);
  // Missing or malformed Basic auth is treated like wrong credentials: 401 unauthorized, empty message
  // (the live body for bad credentials, B2_Command_Line_Tool#313).
  if (!creds) throw unauthorized();
  const found = ctx.state.findCredential(creds.id);
  if (!found || found.secret !== creds.secret) throw unauthorized();
  const { principal } = found;
  // ⚠ pick: an expired key is refused like an unknown one (401 unauthorized, empty message). B2 documents no
  // separate code, and to a client an expired key is simply no longer valid credentials.
  if (principal.expirationTimestamp !== null && principal.expirationTimestamp <= ctx.now) throw unauthorized();
  // Multi-bucket keys (v4 create with bucketIds) only authorize on v4 (b2-key-api.md §0.3).
  if (principal.multiBucket && ctx.version < 4) throw unsupportedVersion(ctx.version);
  const token = ctx.state.issueToken(principal, ctx.tokenTtlSeconds, ctx.now);
  return ok(authorizeResponse(ctx.version, ctx.state, principal, token, ctx.urls));
}
