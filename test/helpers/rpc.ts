/** Sends an RPC envelope from inside an extension page, exactly as the pages' typed client does. */
import type { Page } from 'playwright-core';
import type { MethodName, ReplyOf, RequestOf, RpcErrorBody } from '../../src/rpc/protocol';

export type Reply<M extends MethodName> = { ok: true; value: ReplyOf<M> } | { ok: false; error: RpcErrorBody };

export async function rpcFrom<M extends MethodName>(page: Page, method: M, params: RequestOf<M>): Promise<Reply<M>> {
  return page.evaluate(([m, p]) => chrome.runtime.sendMessage({ b2km: 1, method: m, params: p }), [method, params] as const) as Promise<Reply<M>>;
}

export async function rpcOk<M extends MethodName>(page: Page, method: M, params: RequestOf<M>): Promise<ReplyOf<M>> {
  const reply = await rpcFrom(page, method, params);
  if (reply === undefined) throw new Error(`${method}: no answer (the worker stopped while it held the message)`);
  if (!reply.ok) throw new Error(`${method} failed: ${reply.error.code} ${reply.error.message}`);
  return reply.value;
}
