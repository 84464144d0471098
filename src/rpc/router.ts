/**
 * The background's message router: pure logic, no extension APIs, so it is unit-tested in Node.
 * Order of checks (Bitwarden-style): our extension → sender class → allowlist → request parses.
 * Nothing a sender sends is trusted before all four pass, and a bad request is a reply, never a throw.
 */
import type { z } from '../common/zod';
import { RpcError } from './errors';
import { envelopeSchema, methods, type MethodName, type ParsedRequestOf, type Reply, type ReplyOf, type SenderClass } from './protocol';

/** The parts of runtime.MessageSender the router looks at. */
export interface SenderInfo {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
}

export type Handlers = {
  [M in MethodName]: (params: ParsedRequestOf<M>, ctx: { sender: SenderInfo; senderClass: SenderClass }) => Promise<ReplyOf<M>>;
};

export interface RouterOptions {
  extensionId: string;
  /** Our own pages' origin, e.g. chrome-extension://ID or moz-extension://UUID. */
  extensionOrigin: string;
  onError?: (method: string, error: unknown) => void;
}

/**
 * Classifies a sender. An extension page is recognised by its URL's origin, not by the absence of
 * sender.tab: the options page opened in a tab has a tab too. Anything else carrying a tab is a
 * content script; anything else is refused.
 */
export function classifySender(sender: SenderInfo, opts: Pick<RouterOptions, 'extensionId' | 'extensionOrigin'>): SenderClass | null {
  if (sender.id !== opts.extensionId) return null;
  const origin = originOf(sender.url);
  if (origin !== null && origin === opts.extensionOrigin) return 'page';
  if (sender.tab !== undefined && origin !== null) return 'content';
  return null;
}

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    // URL.origin is "null" for non-special schemes in some engines; rebuild it for extension URLs.
    return u.origin !== 'null' ? u.origin : `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}

function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}

function invalidInput(error: z.core.$ZodError): RpcError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_';
    fields[key] ??= issue.message;
  }
  return new RpcError('INVALID_INPUT', 'The request was not understood. Check the highlighted fields and try again.', { fields });
}

export function createRouter(handlers: Handlers, opts: RouterOptions) {
  return async function route(message: unknown, sender: SenderInfo): Promise<Reply<unknown>> {
    try {
      const senderClass = classifySender(sender, opts);
      if (senderClass === null) throw new RpcError('FORBIDDEN', 'This request did not come from B2 Key Manager.');
      const envelope = envelopeSchema.safeParse(message);
      if (!envelope.success) throw new RpcError('INVALID_INPUT', 'The request was not understood.');
      const name = envelope.data.method;
      if (!isMethodName(name)) throw new RpcError('UNKNOWN_METHOD', `Unknown request "${name}".`);
      const spec = methods[name];
      if (!(spec.allow as readonly SenderClass[]).includes(senderClass)) {
        throw new RpcError('FORBIDDEN', 'A web page cannot ask for this.');
      }
      const parsed = spec.req.safeParse(envelope.data.params ?? {});
      if (!parsed.success) throw invalidInput(parsed.error);
      const handler = handlers[name] as (p: unknown, c: { sender: SenderInfo; senderClass: SenderClass }) => Promise<unknown>;
      const value = await handler(parsed.data, { sender, senderClass });
      return { ok: true, value };
    } catch (error) {
      if (error instanceof RpcError) return { ok: false, error: error.toBody() };
      opts.onError?.(typeof (message as { method?: unknown })?.method === 'string' ? (message as { method: string }).method : '?', error);
      return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong inside the extension. Try again; if it keeps happening, reload the extension.' } };
    }
  };
}
