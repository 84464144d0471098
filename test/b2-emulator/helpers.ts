// Test helpers: plain fetch against a real in-process emulator (no mocks).
import type { RunningEmulator } from './server';

export type Version = 2 | 3 | 4;
export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test assertions poke into JSON freely

export interface Reply {
  status: number;
  body: Json;
  headers: Headers;
}

async function reply(res: Response): Promise<Reply> {
  const text = await res.text();
  let body: Json;
  try {
    body = text === '' ? {} : (JSON.parse(text) as Json);
  } catch {
    body = { raw: text };
  }
  return { status: res.status, body, headers: res.headers };
}

export function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

export async function authorize(
  emu: RunningEmulator,
  version: Version = 4,
  id = emu.applicationKeyId,
  secret = emu.applicationKey,
  method: 'GET' | 'POST' = 'GET',
): Promise<Reply> {
  const res = await fetch(`${emu.url}/b2api/v${version}/b2_authorize_account`, {
    method,
    headers: { Authorization: basic(id, secret) },
    ...(method === 'POST' ? { body: '{}' } : {}),
  });
  return reply(res);
}

/** Authorizes and returns the token (throws if authorize fails). */
export async function tokenFor(emu: RunningEmulator, version: Version = 4, id?: string, secret?: string): Promise<string> {
  const r = await authorize(emu, version, id, secret);
  if (r.status !== 200) throw new Error(`authorize failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body['authorizationToken'] as string;
}

export async function call(
  emu: RunningEmulator,
  version: Version,
  endpoint: string,
  token: string | undefined,
  body: unknown = {},
): Promise<Reply> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token !== undefined) headers['Authorization'] = token;
  const res = await fetch(`${emu.url}/b2api/v${version}/${endpoint}`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return reply(res);
}

export async function callGet(
  emu: RunningEmulator,
  version: Version,
  endpoint: string,
  token: string,
  query: Record<string, string>,
): Promise<Reply> {
  const qs = new URLSearchParams(query).toString();
  const res = await fetch(`${emu.url}/b2api/v${version}/${endpoint}?${qs}`, { headers: { Authorization: token } });
  return reply(res);
}

export async function admin(emu: RunningEmulator, method: string, path: string, body?: unknown): Promise<Reply> {
  const res = await fetch(`${emu.url}/__emulator/${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
  });
  return reply(res);
}

/** Creates a key through the API (v4 by default) and returns the create response body. */
export async function createKey(emu: RunningEmulator, token: string, fields: Json, version: Version = 4): Promise<Json> {
  const r = await call(emu, version, 'b2_create_key', token, { accountId: emu.accountId, ...fields });
  if (r.status !== 200) throw new Error(`create failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function bucketIds(emu: RunningEmulator): Promise<Record<string, string>> {
  const info = await admin(emu, 'GET', 'info');
  return Object.fromEntries((info.body['buckets'] as Json[]).map((b) => [b['bucketName'], b['bucketId']]));
}
