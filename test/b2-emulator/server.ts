// B2 key-API emulator: a real HTTP server on loopback (node:http, no framework) for tests, benchmarks and the
// demo. Routing, fault injection and the request log live here; the B2 behaviour lives in handlers/.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_PREFIX, routeAdmin, type AdminContext } from './admin';
import { B2Error, defaultCodeForStatus } from './errors';
import { FaultQueue, faultStatus, isFailure, type FaultSpec } from './faults';
import type { ApiResult } from './handlers/context';
import { API_VERSIONS, ENDPOINTS, isEndpointName } from './handlers/index';
import { parseJsonBody, queryParams, readBody, sendError, sendJson, sendPreflight, sendRaw } from './http';
import { loadState, saveState } from './persistence';
import { RequestLog, type LoggedRequest } from './requestLog';
import type { Urls } from './shapes';
import { DEFAULT_BUCKETS, EmulatorState, freshStateData } from './state';

export interface EmulatorOptions {
  /** 0 (default) = any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Bucket names, optionally 'name:type' (e.g. 'web-assets:allPublic'); default three buckets. Ignored when
   * statePath points at an existing file (the file's buckets win). */
  buckets?: string[];
  /** JSON state file: loaded on start if it exists, saved (atomically) after every mutation. */
  statePath?: string;
  /** Auth token lifetime, default 86400 (B2: "valid for at most 24 hours"). */
  tokenTtlSeconds?: number;
  /** Extra: log one line per request to stderr (the CLI's --verbose). */
  logRequests?: boolean;
}

export interface RunningEmulator {
  /** http://127.0.0.1:PORT — also the apiUrl and downloadUrl handed out by authorize. */
  url: string;
  accountId: string;
  /** Master key ID (= accountId). */
  applicationKeyId: string;
  applicationKey: string;
  close(): Promise<void>;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

const API_PATH = /^\/b2api\/([^/]+)\/([^/]+)\/?$/;

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = opts.host ?? '127.0.0.1';
  const tokenTtlSeconds = opts.tokenTtlSeconds ?? 86_400;
  const statePath = opts.statePath;
  const data = (statePath ? loadState(statePath) : undefined) ?? freshStateData(opts.buckets ?? DEFAULT_BUCKETS);
  const persist = (s: EmulatorState): void => {
    if (statePath) saveState(statePath, s.toData());
  };
  const state = new EmulatorState(data, persist);
  persist(state); // a fresh state is on disk before the first request, so a crash cannot lose the account

  const faults = new FaultQueue();
  const log = new RequestLog();
  let closed = false;
  const sleepers = new Set<() => void>();
  // Delays are cancellable so close() never waits for a fault's delayMs.
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });

  let urls: Urls = { apiUrl: '', downloadUrl: '', s3ApiUrl: '' };
  let admin: AdminContext | undefined = undefined; // set once the port (and so the URL) is known

  function record(entry: LoggedRequest): void {
    log.add(entry);
    if (opts.logRequests) {
      console.error(`[b2-emulator] ${entry.method} v${entry.version ?? '?'} ${entry.endpoint} → ${entry.status}${entry.code ? ` ${entry.code}` : ''}${entry.fault ? ' (fault)' : ''}`);
    }
  }

  /** Sends an injected failure. Returns the status logged (0 for a dropped connection). */
  function sendFault(req: IncomingMessage, res: ServerResponse, fault: FaultSpec): { status: number; code?: string } {
    if (fault.drop) {
      // No response at all: the client sees a reset connection (fetch rejects).
      req.socket.destroy();
      return { status: 0 };
    }
    const status = faultStatus(fault);
    const headers: Record<string, string> = {};
    if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
    if (fault.body !== undefined) {
      sendRaw(res, status, fault.body, headers);
      return { status };
    }
    const code = fault.code ?? defaultCodeForStatus(status);
    sendJson(res, status, { status, code, message: fault.message ?? `emulated fault (${code})` }, headers);
    return { status, code };
  }

  function errorResult(err: unknown): ApiResult & { headers: Record<string, string> } {
    if (err instanceof B2Error) return { status: err.status, body: err.body(), headers: err.headers };
    console.error('[b2-emulator] internal error:', err);
    const e = new B2Error(500, 'internal_error', err instanceof Error ? err.message : String(err));
    return { status: 500, body: e.body(), headers: {} };
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, time: number): Promise<void> {
    const method = req.method ?? 'GET';
    const m = API_PATH.exec(url.pathname);
    const versionName = m?.[1] ?? '';
    const version = versionName in API_VERSIONS ? API_VERSIONS[versionName as keyof typeof API_VERSIONS] : null;
    const endpoint = m?.[2] ?? url.pathname.split('/').filter(Boolean).pop() ?? '';
    const entry: LoggedRequest = { endpoint, version, method, status: 0, time };

    const finish = (status: number, code?: string, fault?: boolean): void => {
      entry.status = status;
      if (code) entry.code = code;
      if (fault) entry.fault = true;
      record(entry);
    };

    if (method === 'OPTIONS') {
      sendPreflight(req, res);
      finish(204);
      return;
    }
    if (version === null || !isEndpointName(endpoint)) {
      // Live B2 answers unknown paths with 404 not_found and the path as message (gliterd/backblaze-b2#74).
      const err = new B2Error(404, 'not_found', url.pathname);
      sendError(res, err);
      finish(404, err.code);
      return;
    }
    const spec = ENDPOINTS[endpoint];
    if (!spec.methods.includes(method)) {
      const err = new B2Error(405, 'method_not_allowed', `method ${method} not allowed for ${endpoint}`);
      sendError(res, err, { Allow: [...spec.methods, 'OPTIONS'].join(', ') });
      finish(405, err.code);
      return;
    }

    const raw = await readBody(req);
    const fault = faults.take(endpoint);
    if (fault?.delayMs && !fault.afterHandling) await sleep(fault.delayMs);
    if (closed) {
      req.socket.destroy();
      finish(0);
      return;
    }
    if (fault && !fault.afterHandling && isFailure(fault)) {
      const sent = sendFault(req, res, fault);
      finish(sent.status, sent.code, true);
      return;
    }

    let result: ApiResult & { headers?: Record<string, string> };
    try {
      // POST reads the JSON body; GET (and a POST with no body) reads the query string.
      const params = method === 'POST' && raw.trim() !== '' ? parseJsonBody(raw) : queryParams(url);
      result = spec.handler({ state, version, params, headers: req.headers, urls, tokenTtlSeconds, now: Date.now() });
    } catch (err) {
      result = errorResult(err);
    }

    if (fault?.afterHandling) {
      // The real action has happened (e.g. the key exists); now the client gets a failure or a late answer —
      // the ambiguous-failure case a non-idempotent create must survive.
      if (fault.delayMs) await sleep(fault.delayMs);
      if (isFailure(fault)) {
        const sent = sendFault(req, res, fault);
        finish(sent.status, sent.code, true);
        return;
      }
    }
    sendJson(res, result.status, result.body, result.headers ?? {});
    const code = result.status >= 400 ? (result.body as { code?: string }).code : undefined;
    finish(result.status, code, fault !== undefined);
  }

  async function handleAdmin(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method === 'OPTIONS') {
      sendPreflight(req, res);
      return;
    }
    try {
      const raw = await readBody(req);
      const { handler, rest } = routeAdmin(req.method ?? 'GET', url.pathname);
      if (!admin) throw new B2Error(503, 'service_unavailable', 'emulator starting');
      const result = handler(admin, parseJsonBody(raw), rest);
      sendJson(res, result.status, result.body);
    } catch (err) {
      const r = errorResult(err);
      sendJson(res, r.status, r.body, r.headers);
    }
  }

  const server = createServer((req, res) => {
    const time = Date.now();
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const work = url.pathname.startsWith(ADMIN_PREFIX) ? handleAdmin(req, res, url) : handleApi(req, res, url, time);
    work.catch((err: unknown) => {
      // Only reachable if writing the response itself failed (e.g. body read error): never crash the server.
      console.error('[b2-emulator] request failed:', err);
      if (!res.headersSent) {
        const r = errorResult(err);
        sendJson(res, r.status, r.body, r.headers);
      } else {
        res.destroy();
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://${urlHost(host)}:${port}`;
  // apiUrl and downloadUrl are the emulator itself. s3ApiUrl has the right form but is NOT served (404): the
  // extension only displays it.
  urls = { apiUrl: base, downloadUrl: base, s3ApiUrl: `${base}/s3` };
  const info = { url: base, accountId: state.accountId, applicationKeyId: state.accountId, applicationKey: state.masterKey };
  admin = { state, faults, log, info };

  return {
    ...info,
    close: async () => {
      if (closed) return;
      closed = true;
      for (const wake of [...sleepers]) wake();
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      persist(state);
    },
  };
}
