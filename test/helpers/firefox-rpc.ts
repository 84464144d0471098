/** Sends an RPC envelope from inside a Firefox extension page (puppeteer), exactly as the pages' client does. */
import type { Page } from 'puppeteer-core';
import type { MethodName, RequestOf } from '../../src/rpc/protocol';

export type AnyReply = { ok: true; value: Record<string, unknown> } | { ok: false; error: { code: string; message: string } };

export function firefoxRpc(page: () => Page) {
  async function rpc<M extends MethodName>(method: M, params: RequestOf<M>): Promise<AnyReply> {
    return page().evaluate(
      (m, p) => (globalThis as unknown as { browser: { runtime: { sendMessage(x: unknown): Promise<unknown> } } }).browser.runtime.sendMessage({ b2km: 1, method: m, params: p }),
      method,
      params as never,
    ) as Promise<AnyReply>;
  }
  async function ok<M extends MethodName>(method: M, params: RequestOf<M>): Promise<Record<string, unknown>> {
    const reply = await rpc(method, params);
    if (!reply.ok) throw new Error(`${method}: ${reply.error.code} ${reply.error.message}`);
    return reply.value;
  }
  return { rpc, ok };
}
