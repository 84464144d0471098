import { B2MalformedResponseError, B2ValidationError } from './errors';
import { resolveHttpDeps, sendWithRetry } from './http';
import { DEFAULT_ENDPOINT } from './limits';
import { authorizeResponseV4Schema } from './schemas';
import type { B2Auth, B2Credentials, FetchLike } from './types';
import { normalizeEndpoint, validateCredentials } from './validate';

export interface AuthorizeOptions {
  /** Called with globalThis as `this`, so a bare `fetch` is fine. */
  fetch: FetchLike;
  /** Default https://api.backblazeb2.com; trailing slashes are ignored. */
  endpoint?: string;
  credentials: B2Credentials;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  maxTries?: number;
  random?: () => number;
  timeoutMs?: number;
}

/** `base64(utf8(text))`: btoa alone throws on characters above U+00FF. */
export function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function basicAuthHeader(credentials: B2Credentials): string {
  return `Basic ${base64Utf8(`${credentials.applicationKeyId}:${credentials.applicationKey}`)}`;
}

/** v4 b2_authorize_account. Retries transient failures; a 401 here means wrong credentials and is surfaced. */
export async function authorize(opts: AuthorizeOptions): Promise<B2Auth> {
  const issues = validateCredentials(opts.credentials);
  const normalized = normalizeEndpoint(opts.endpoint ?? DEFAULT_ENDPOINT);
  if ('issue' in normalized) issues.push(normalized.issue);
  if (issues.length > 0 || !('endpoint' in normalized)) throw new B2ValidationError(issues, 'b2_authorize_account');
  const deps = resolveHttpDeps(opts);

  // Taken before the request so the token is never thought younger than it is.
  const obtainedAt = deps.now();
  const reply = await sendWithRetry(
    deps,
    {
      call: 'b2_authorize_account',
      method: 'GET',
      url: `${normalized.endpoint}/b2api/v4/b2_authorize_account`,
      headers: { Authorization: basicAuthHeader(opts.credentials) },
    },
    authorizeResponseV4Schema,
  );

  // The token goes to apiUrl on every later call; an https endpoint handing out an http apiUrl would leak it.
  if (new URL(normalized.endpoint).protocol === 'https:' && new URL(reply.apiUrl).protocol !== 'https:') {
    throw new B2MalformedResponseError({
      status: 200,
      detail: 'apiInfo.storageApi.apiUrl is not https although the endpoint is',
      call: 'b2_authorize_account',
    });
  }

  return { ...reply, apiUrl: reply.apiUrl.replace(/\/+$/, ''), obtainedAt };
}
