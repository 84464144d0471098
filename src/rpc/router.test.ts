import { describe, expect, it, vi } from 'vitest';
import { RpcError } from './errors';
import { methods, type MethodName } from './protocol';
import { classifySender, createRouter, type Handlers, type SenderInfo } from './router';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}`;
const page: SenderInfo = { id: ID, url: `${ORIGIN}/src/popup/index.html` };
const optionsTab: SenderInfo = { id: ID, url: `${ORIGIN}/src/options/index.html`, tab: { id: 3, url: `${ORIGIN}/src/options/index.html` } };
const content: SenderInfo = { id: ID, url: 'https://nas.example/cloud-sync', tab: { id: 7, url: 'https://nas.example/cloud-sync' }, frameId: 0 };

function makeHandlers() {
  const calls: string[] = [];
  const handlers = Object.fromEntries(
    (Object.keys(methods) as MethodName[]).map((name) => [
      name,
      vi.fn(async () => {
        calls.push(name);
        return { handled: name };
      }),
    ]),
  ) as unknown as Handlers;
  return { handlers, calls };
}

const envelope = (method: string, params: unknown = {}) => ({ b2km: 1, method, params });

describe('classifySender', () => {
  const opts = { extensionId: ID, extensionOrigin: ORIGIN };
  it('knows our pages by origin, also the options page opened in a tab', () => {
    expect(classifySender(page, opts)).toBe('page');
    expect(classifySender(optionsTab, opts)).toBe('page');
  });
  it('treats a web page with our id as a content script', () => {
    expect(classifySender(content, opts)).toBe('content');
  });
  it('refuses other extensions and senders without a URL', () => {
    expect(classifySender({ ...page, id: 'other' }, opts)).toBeNull();
    expect(classifySender({ id: ID }, opts)).toBeNull();
    expect(classifySender({ ...content, id: undefined }, opts)).toBeNull();
  });
  it('refuses a sender with a web URL but no tab, and one with a tab but no URL', () => {
    expect(classifySender({ id: ID, url: 'https://nas.example/x' }, opts)).toBeNull();
    expect(classifySender({ id: ID, tab: { id: 7 } }, opts)).toBeNull();
    expect(classifySender({ id: ID, url: 'not a url', tab: { id: 7 } }, opts)).toBeNull();
  });
  it('knows a Firefox page by its moz-extension origin (which URL.origin calls "null")', () => {
    const moz = 'moz-extension://6a1f3c2e-8b7d-4e5f-9a0b-1c2d3e4f5a6b';
    const mozOpts = { extensionId: ID, extensionOrigin: moz };
    expect(classifySender({ id: ID, url: `${moz}/src/popup/index.html` }, mozOpts)).toBe('page');
    expect(classifySender({ id: ID, url: 'moz-extension://another-uuid/src/popup/index.html', tab: { id: 2 } }, mozOpts)).toBe('content');
  });
  it('does not take a look-alike origin for ours', () => {
    expect(classifySender({ id: ID, url: `${ORIGIN}.evil.example/x`, tab: { id: 1 } }, opts)).toBe('content');
  });
});

describe('router', () => {
  const opts = { extensionId: ID, extensionOrigin: ORIGIN };

  it('lets a content script call nothing that reveals, creates, deletes or touches accounts', async () => {
    const { handlers, calls } = makeHandlers();
    const route = createRouter(handlers, opts);
    const forbidden: MethodName[] = ['revealSecret', 'createKey', 'deleteKey', 'saveSecret', 'addAccount', 'removeAccount', 'listAccounts', 'setActiveAccount', 'unlock', 'lock', 'createVault', 'changePassphrase', 'setSettings', 'getSettings', 'listKeys', 'refreshKeys', 'listBuckets'];
    for (const m of forbidden) {
      const reply = await route(envelope(m, { applicationKeyId: 'x', passphrase: 'p', accountId: 'a', keepSecrets: false }), content);
      expect(reply, m).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });
    }
    expect(calls).toEqual([]);
  });

  it('refuses every method but getStatus to a content script, fillOnPage included, without calling its handler', async () => {
    const { handlers, calls } = makeHandlers();
    const route = createRouter(handlers, opts);
    // Derived from the table, not a hand-kept list: a method added later is covered without anyone remembering it.
    const pageOnly = (Object.keys(methods) as MethodName[]).filter((m) => m !== 'getStatus');
    expect(pageOnly).toContain('fillOnPage');
    for (const m of pageOnly) {
      for (const sender of [content, { ...content, frameId: 3 }, { ...content, url: `${ORIGIN}.evil.example/x` }]) {
        const reply = await route(envelope(m, { applicationKeyId: 'k1', what: 'both' }), sender);
        expect(reply, m).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'A web page cannot ask for this.' } });
      }
    }
    expect(calls).toEqual([]);
    // The same requests from our own page reach their handlers (fillOnPage's params are valid), so the refusal above is the sender's.
    expect(await route(envelope('fillOnPage', { applicationKeyId: 'k1', what: 'both' }), page)).toEqual({ ok: true, value: { handled: 'fillOnPage' } });
  });

  it('every method is listed with an allowlist; only getStatus is open to content scripts', () => {
    const open = (Object.keys(methods) as MethodName[]).filter((m) => (methods[m].allow as readonly string[]).includes('content'));
    expect(open).toEqual(['getStatus']);
  });

  it('rejects malformed requests with INVALID_INPUT and never calls the handler', async () => {
    const { handlers, calls } = makeHandlers();
    const route = createRouter(handlers, opts);
    const bad: unknown[] = [
      null,
      'createKey',
      { method: 'createKey' },
      envelope('createKey', { keyName: 42, capabilities: 'all' }),
      envelope('revealSecret', {}),
      envelope('revealSecret', { applicationKeyId: '' }),
      envelope('unlock', { passphrase: 'x', extra: true }),
      envelope('deleteKey', []),
    ];
    for (const m of bad) {
      const reply = await route(m, page);
      expect(reply.ok).toBe(false);
      if (!reply.ok) expect(reply.error.code).toBe('INVALID_INPUT');
    }
    expect(calls).toEqual([]);
  });

  it('says in a sentence why a request was refused', async () => {
    const route = createRouter(makeHandlers().handlers, opts);
    expect(await route(envelope('getStatus'), { ...page, id: 'evil' })).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'This request did not come from B2 Key Manager.' } });
    expect(await route({ method: 'getStatus' }, page)).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: 'The request was not understood.' } });
    expect(await route(envelope('nope'), page)).toEqual({ ok: false, error: { code: 'UNKNOWN_METHOD', message: 'Unknown request "nope".' } });
    expect(await route(envelope('revealSecret', {}), page)).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'The request was not understood. Check the highlighted fields and try again.', fields: { applicationKeyId: expect.any(String) } },
    });
  });

  it('names a problem with the whole params object "_"', async () => {
    const route = createRouter(makeHandlers().handlers, opts);
    const reply = await route(envelope('getStatus', 'not an object'), page);
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(Object.keys(reply.error.fields ?? {})).toEqual(['_']);
  });

  it('names the bad fields', async () => {
    const route = createRouter(makeHandlers().handlers, opts);
    const reply = await route(envelope('createKey', { keyName: 'ok', capabilities: [1] }), page);
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(Object.keys(reply.error.fields ?? {})).toEqual(['capabilities.0']);
  });

  it('refuses unknown methods and foreign senders before parsing', async () => {
    const { handlers, calls } = makeHandlers();
    const route = createRouter(handlers, opts);
    expect(await route(envelope('toString'), page)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await route(envelope('__proto__'), page)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await route(envelope('getStatus'), { ...page, id: 'evil' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(calls).toEqual([]);
  });

  it('passes parsed params and wraps values and thrown errors', async () => {
    const { handlers } = makeHandlers();
    const onError = vi.fn();
    (handlers.deleteKey as unknown as ReturnType<typeof vi.fn>).mockRejectedValueOnce(new TypeError('boom'));
    const route = createRouter(handlers, { ...opts, onError });
    expect(await route(envelope('getStatus'), content)).toEqual({ ok: true, value: { handled: 'getStatus' } });
    const reply = await route(envelope('deleteKey', { applicationKeyId: 'k1' }), page);
    expect(reply).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'Something went wrong inside the extension. Try again; if it keeps happening, reload the extension.' },
    });
    expect(onError).toHaveBeenCalledOnce();
    expect(onError).toHaveBeenCalledWith('deleteKey', expect.any(TypeError));
    // An RpcError a handler throws is the reply itself, not an internal error.
    (handlers.deleteKey as unknown as ReturnType<typeof vi.fn>).mockRejectedValueOnce(new RpcError('LOCKED', 'Locked.'));
    expect(await route(envelope('deleteKey', { applicationKeyId: 'k1' }), page)).toEqual({ ok: false, error: { code: 'LOCKED', message: 'Locked.' } });
    expect(onError).toHaveBeenCalledOnce();
  });
});
