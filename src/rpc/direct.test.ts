import { describe, expect, it, vi } from 'vitest';
import { DIRECT_AFTER_MESSAGE_MS, DIRECT_SLOT, directCall, directEntry, type DirectPage } from './direct';
import type { SenderInfo } from './router';

const envelope = { b2km: 1, method: 'listKeys', params: { query: 'bench' } };

function pageWith(entry: unknown, over: Partial<DirectPage> = {}): DirectPage {
  return { backgroundPage: () => ({ [DIRECT_SLOT]: entry }), now: () => 50_000, lastMessageAt: 45_000, pageUrl: 'moz-extension://uuid/src/popup/index.html', ...over };
}

const never = () => Promise.reject(new Error('no fallback expected'));

describe('directCall (a page of ours)', () => {
  it('calls the background’s entry with the envelope and the page’s URL, and hands back a copy of the reply', async () => {
    const reply = { ok: true, value: { keys: [{ applicationKeyId: 'k1' }] } };
    const entry = vi.fn(async () => reply);
    const got = await directCall('listKeys', envelope, pageWith(entry), never);
    expect(entry).toHaveBeenCalledWith(envelope, 'moz-extension://uuid/src/popup/index.html');
    expect(got).toEqual(reply);
    // A copy: the page must hold nothing of the event page, whose objects die with it.
    expect(got).not.toBe(reply);
    expect((got as typeof reply).value.keys).not.toBe(reply.value.keys);
  });

  it('is a message (null) for a method that may not go direct', () => {
    const entry = vi.fn(async () => ({ ok: true, value: {} }));
    expect(directCall('createKey', envelope, pageWith(entry), never)).toBeNull();
    expect(directCall('popupState', envelope, pageWith(entry), never)).toBeNull();
    expect(entry).not.toHaveBeenCalled();
  });

  it('is a message unless this page sent one less than DIRECT_AFTER_MESSAGE_MS ago (the event page may be suspended)', () => {
    const entry = vi.fn(async () => ({ ok: true, value: {} }));
    expect(directCall('listKeys', envelope, pageWith(entry, { lastMessageAt: -Infinity }), never)).toBeNull();
    expect(directCall('listKeys', envelope, pageWith(entry, { now: () => 10_000 + DIRECT_AFTER_MESSAGE_MS, lastMessageAt: 10_000 }), never)).toBeNull();
    expect(entry).not.toHaveBeenCalled();
    expect(directCall('listKeys', envelope, pageWith(entry, { now: () => 10_000 + DIRECT_AFTER_MESSAGE_MS - 1, lastMessageAt: 10_000 }), never)).not.toBeNull();
  });

  it('is a message when there is no background page to call, or no entry on it, or reaching it throws', () => {
    expect(directCall('listKeys', envelope, pageWith(undefined, { backgroundPage: () => null }), never)).toBeNull();
    expect(directCall('listKeys', envelope, pageWith(undefined), never)).toBeNull();
    expect(directCall('listKeys', envelope, pageWith('not a function'), never)).toBeNull();
    const dead = () => {
      throw new TypeError("can't access dead object");
    };
    expect(directCall('listKeys', envelope, pageWith(undefined, { backgroundPage: dead }), never)).toBeNull();
    expect(directCall('listKeys', envelope, pageWith(dead), never)).toBeNull();
  });

  it('sends the message after all when the direct call fails on its way', async () => {
    const fallback = vi.fn(async () => ({ ok: true, value: 'by message' }));
    const got = await directCall('listKeys', envelope, pageWith(async () => Promise.reject(new TypeError("can't access dead object"))), fallback);
    expect(got).toEqual({ ok: true, value: 'by message' });
    expect(fallback).toHaveBeenCalledOnce();
  });
});

describe('directEntry (the background)', () => {
  const route = vi.fn(async (_message: unknown, _sender: SenderInfo) => ({ ok: true as const, value: 'routed' }));

  it('routes a copy of the request, from a sender of this extension at the page’s URL', async () => {
    route.mockClear();
    const request = { b2km: 1, method: 'listKeys', params: { query: 'a' } };
    expect(await directEntry(route, 'ext-id')(request, 'moz-extension://uuid/src/popup/index.html')).toEqual({ ok: true, value: 'routed' });
    const [routed, sender] = route.mock.calls[0]!;
    expect(routed).toEqual(request);
    expect(routed).not.toBe(request);
    expect((routed as typeof request).params).not.toBe(request.params);
    expect(sender).toEqual({ id: 'ext-id', url: 'moz-extension://uuid/src/popup/index.html' });
  });

  it('refuses every other method, and anything that is not a request, without routing it', async () => {
    route.mockClear();
    const entry = directEntry(route, 'ext-id');
    for (const message of [{ b2km: 1, method: 'createKey', params: {} }, { b2km: 1, method: 'revealSecret', params: {} }, null, 'listKeys', { method: 7 }]) {
      const reply = (await entry(message, 'moz-extension://uuid/x.html')) as { ok: boolean; error?: unknown };
      expect(reply.ok).toBe(false);
      expect(reply.error).toEqual({ code: 'FORBIDDEN', message: 'This request must be sent as a message.' });
    }
    expect(route).not.toHaveBeenCalled();
  });
});
