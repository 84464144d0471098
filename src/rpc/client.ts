/**
 * The only way pages talk to the background. Typed by the RPC table: `await rpc('createKey', {...})`
 * returns the reply value or throws an RpcError carrying a stable code and a sentence to show.
 * Imports only types from the table, so zod stays out of the pages' bundles.
 */
import browser from 'webextension-polyfill';
import { RpcError } from './errors';
import { errorCodes, type ErrorCode } from './codes';
import type { Envelope, MethodName, ReplyOf, RequestOf, RpcErrorBody } from './protocol';
import { directCall } from './direct';
import { EARLY_SLOT } from './early-send';

/** When this page last sent the background a message (see direct.ts). */
let lastMessageAt = -Infinity;

function send(envelope: Envelope): Promise<unknown> {
  lastMessageAt = performance.now();
  return browser.runtime.sendMessage(envelope);
}

export async function rpc<M extends MethodName>(method: M, params: RequestOf<M>): Promise<ReplyOf<M>> {
  const envelope: Envelope = { b2km: 1, method, params };
  const direct =
    __B2KM_BROWSER__ === 'firefox'
      ? directCall(method, envelope, { backgroundPage: () => browser.extension.getBackgroundPage(), now: () => performance.now(), lastMessageAt, pageUrl: location.href }, () => send(envelope))
      : null;
  return replyValue<M>(direct ?? send(envelope));
}

/** The value of a reply on its way (from rpc, or from a message sent before this module loaded), or its RpcError. */
export async function replyValue<M extends MethodName>(pending: Promise<unknown>): Promise<ReplyOf<M>> {
  const noAnswer = (): RpcError => new RpcError('NO_ANSWER', 'The extension’s background stopped before it answered. Close this window and try again.');
  let reply: unknown;
  try {
    reply = await pending;
  } catch {
    throw noAnswer();
  }
  // The background answers every request with an object. Chromium resolves to nothing, instead of rejecting,
  // when the service worker is stopped while it holds the message open; that is no answer, not a bad one.
  if (reply === undefined) throw noAnswer();
  if (reply && typeof reply === 'object' && 'ok' in reply) {
    if ((reply as { ok: unknown }).ok === true) return (reply as unknown as { value: ReplyOf<M> }).value;
    const body = (reply as { error?: Partial<RpcErrorBody> }).error;
    if (body && errorCodes.includes(body.code as ErrorCode) && typeof body.message === 'string') throw RpcError.fromBody(body as RpcErrorBody);
  }
  throw new RpcError('INTERNAL', 'The extension’s background gave an answer this page does not understand. Reload the extension.');
}

/**
 * The reply to `method` that the page's early script sent before this module loaded (early-send.ts), once: a
 * second call, or a page without that early message, gets null and asks with `rpc` itself.
 */
export function takeEarly<M extends MethodName>(method: M): Promise<ReplyOf<M>> | null {
  const replies = (globalThis as unknown as Record<string, unknown>)[EARLY_SLOT] as Record<string, unknown> | undefined;
  const pending = replies?.[method];
  if (!(pending instanceof Promise)) return null;
  delete replies![method];
  const value = replyValue<M>(pending);
  // A rejection is handled by whoever awaits it; until then it must not count as unhandled.
  value.catch(() => undefined);
  return value;
}

/**
 * How long a page waits for its early replies before its first drawing: long enough for a woken background, short
 * enough that a stuck one still gets "Loading…" (under the popup's kept copy) instead of a blank page.
 */
export const FIRST_STATE_WAIT_MS = 300;

/** `pending`'s value if it settles within `waitMs`, else null; a rejection is null too (the caller asks again). */
export async function settledWithin<T>(pending: Promise<T>, waitMs = FIRST_STATE_WAIT_MS): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), waitMs)));
  try {
    return await Promise.race([pending.catch(() => null), late]);
  } finally {
    clearTimeout(timer);
  }
}
