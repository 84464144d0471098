// What every B2 API handler gets and returns. Handlers are synchronous and only touch EmulatorState, so the
// server can run one, keep its result, and still turn it into a fault (the "afterHandling" case).
import type { IncomingHttpHeaders } from 'node:http';
import type { Urls } from '../shapes';
import type { ApiVersion, EmulatorState } from '../state';
import type { Params } from '../validation';

export interface ApiContext {
  state: EmulatorState;
  version: ApiVersion;
  params: Params;
  headers: IncomingHttpHeaders;
  urls: Urls;
  tokenTtlSeconds: number;
  now: number;
}

export interface ApiResult {
  status: number;
  body: unknown;
}

export type ApiHandler = (ctx: ApiContext) => ApiResult;

export const ok = (body: unknown): ApiResult => ({ status: 200, body });
