// Transport helpers: request bodies and query strings in, JSON/raw responses out, CORS on everything.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { B2Error } from './errors';
import type { Params } from './validation';

/**
 * Real B2 sends no CORS headers on account-level calls (b2-key-api.md §8); the emulator deliberately does
 * so extension pages, the service worker and a plain demo page can call it without host
 * permissions. Retry-After is exposed so browser code can read it on 429/503.
 */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Retry-After',
};

const MAX_BODY_BYTES = 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new B2Error(400, 'bad_request', 'request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Body → params. An empty body counts as {} (GET authorize, or clients that send no body at all). */
export function parseJsonBody(raw: string): Params {
  if (raw.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new B2Error(400, 'bad_json', 'unable to parse request body as JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new B2Error(400, 'bad_json', 'request body must be a JSON object');
  }
  return value as Params;
}

const ARRAY_FIELDS = new Set(['capabilities', 'bucketIds', 'bucketTypes']);
const INT_FIELDS = new Set(['validDurationInSeconds', 'maxKeyCount']);

/**
 * GET with the body fields as query params (the docs allow it for create/delete/list keys and list buckets).
 * Array fields accept a JSON array (`capabilities=["listKeys","readFiles"]`), a comma-separated list
 * (`capabilities=listKeys,readFiles`) or a repeated parameter — the docs don't say which form B2 wants, so all
 * three are taken. Integer fields are converted when they look like integers; anything else is left as a
 * string so validation rejects it with B2's message.
 */
export function queryParams(url: URL): Params {
  const params: Params = {};
  for (const name of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(name);
    const first = values[0] ?? '';
    if (ARRAY_FIELDS.has(name)) {
      if (values.length === 1 && first.trim().startsWith('[')) {
        try {
          params[name] = JSON.parse(first) as unknown;
        } catch {
          throw new B2Error(400, 'bad_request', `field ${name} is not a valid JSON array`);
        }
      } else {
        params[name] = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
      }
    } else if (INT_FIELDS.has(name) && /^-?\d+$/.test(first)) {
      params[name] = Number(first);
    } else {
      params[name] = first;
    }
  }
  return params;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, {
    ...CORS_HEADERS,
    'Content-Type': 'application/json;charset=utf-8',
    'Cache-Control': 'max-age=0, no-cache, no-store',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendRaw(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  const contentType = body.trimStart().startsWith('<') ? 'text/html;charset=utf-8' : 'text/plain;charset=utf-8';
  res.writeHead(status, {
    ...CORS_HEADERS,
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

export function sendError(res: ServerResponse, err: B2Error, headers: Record<string, string> = {}): void {
  sendJson(res, err.status, err.body(), { ...err.headers, ...headers });
}

/** Answers any CORS preflight. Chrome's Private Network Access preflight is granted too (loopback target). */
export function sendPreflight(req: IncomingMessage, res: ServerResponse): void {
  const headers: Record<string, string> = {
    ...CORS_HEADERS,
    'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': 'Authorization, Content-Type',
    'Access-Control-Max-Age': '86400',
    'Content-Length': '0',
  };
  if (req.headers['access-control-request-private-network'] === 'true') {
    headers['Access-Control-Allow-Private-Network'] = 'true';
  }
  res.writeHead(204, headers);
  res.end();
}
