import { beforeEach, describe, expect, it, vi } from 'vitest';

// The pages' client in Node: the polyfill's sendMessage (and, for Firefox, getBackgroundPage) is all that is replaced.
const sendMessage = vi.fn();
const backgroundPage = vi.fn((): unknown => null);
vi.mock('webextension-polyfill', () => ({ default: { runtime: { sendMessage: (m: unknown) => sendMessage(m) }, extension: { getBackgroundPage: () => backgroundPage() } } }));
const browserName = { value: 'chrome' };
vi.stubGlobal('__B2KM_BROWSER__', undefined);
Object.defineProperty(globalThis, '__B2KM_BROWSER__', { get: () => browserName.value, configurable: true });
vi.stubGlobal('location', { href: 'moz-extension://uuid/src/popup/index.html' });

const { rpc } = await import('./client');
const { DIRECT_AFTER_MESSAGE_MS, DIRECT_SLOT } = await import('./direct');
const { RpcError } = await import('./errors');

async function caught(p: Promise<unknown>): Promise<InstanceType<typeof RpcError>> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RpcError) return e;
    throw e;
  }
  throw new Error('expected an RpcError');
}

beforeEach(() => sendMessage.mockReset());

describe('rpc (the pages’ client)', () => {
  it('sends the envelope and returns the reply value', async () => {
    sendMessage.mockResolvedValueOnce({ ok: true, value: { applicationKey: 'K00x' } });
    await expect(rpc('revealSecret', { applicationKeyId: 'k1' })).resolves.toEqual({ applicationKey: 'K00x' });
    expect(sendMessage).toHaveBeenCalledWith({ b2km: 1, method: 'revealSecret', params: { applicationKeyId: 'k1' } });
  });

  it.each([
    ['a rejection', () => sendMessage.mockRejectedValueOnce(new Error('Could not establish connection. Receiving end does not exist.'))],
    ['nothing (Chromium, worker stopped while it held the message)', () => sendMessage.mockResolvedValueOnce(undefined)],
  ])('a background that stopped before answering (%s) is NO_ANSWER, with what to do', async (_what, arrange) => {
    arrange();
    const e = await caught(rpc('getStatus', {}));
    expect(e.code).toBe('NO_ANSWER');
    expect(e.message).toBe('The extension’s background stopped before it answered. Close this window and try again.');
  });

  it('rethrows the background’s error with its code, sentence and fields', async () => {
    sendMessage.mockResolvedValueOnce({ ok: false, error: { code: 'INVALID_INPUT', message: 'Check the name.', fields: { keyName: 'Bad.' } } });
    const e = await caught(rpc('getStatus', {}));
    expect([e.code, e.message, e.fields]).toEqual(['INVALID_INPUT', 'Check the name.', { keyName: 'Bad.' }]);
  });

  it.each([
    ['null', null],
    ['a string', 'ok'],
    ['no ok field', { value: 1 }],
    ['ok but not true', { ok: 'yes', value: 1 }],
    ['an error without a body', { ok: false }],
    ['an unknown code', { ok: false, error: { code: 'NOT_A_CODE', message: 'x' } }],
    ['a code without a sentence', { ok: false, error: { code: 'LOCKED' } }],
  ])('an answer it does not understand (%s) is INTERNAL, never a value', async (_what, reply) => {
    sendMessage.mockResolvedValueOnce(reply);
    const e = await caught(rpc('getStatus', {}));
    expect(e.code).toBe('INTERNAL');
    expect(e.message).toBe('The extension’s background gave an answer this page does not understand. Reload the extension.');
  });
});

describe('rpc in Firefox: a window of the key list by a direct call (direct.ts)', () => {
  const clock = { t: 1_000_000 };
  vi.spyOn(performance, 'now').mockImplementation(() => clock.t);
  const entry = vi.fn(async () => ({ ok: true, value: { keys: ['direct'] } }));

  it('sends listKeys as a message until one was sent, then calls the event page directly for a while', async () => {
    browserName.value = 'firefox';
    backgroundPage.mockImplementation(() => ({ [DIRECT_SLOT]: entry }));
    sendMessage.mockResolvedValue({ ok: true, value: { keys: ['message'] } });
    // The tests above sent messages; this one starts long after them.
    clock.t += DIRECT_AFTER_MESSAGE_MS;
    expect(await rpc('listKeys', { query: 'a' })).toEqual({ keys: ['message'] });
    clock.t += DIRECT_AFTER_MESSAGE_MS - 1;
    expect(await rpc('listKeys', { query: 'ab' })).toEqual({ keys: ['direct'] });
    expect(entry).toHaveBeenCalledWith({ b2km: 1, method: 'listKeys', params: { query: 'ab' } }, 'moz-extension://uuid/src/popup/index.html');
    expect(sendMessage).toHaveBeenCalledOnce();
    // Any other call is a message, and a message starts the while again.
    expect(await rpc('getStatus', {})).toEqual({ keys: ['message'] });
    clock.t += DIRECT_AFTER_MESSAGE_MS - 1;
    expect(await rpc('listKeys', { query: 'abc' })).toEqual({ keys: ['direct'] });
    expect(sendMessage).toHaveBeenCalledTimes(2);
    // Too long after the last message: the event page may have been suspended meanwhile.
    clock.t += 1;
    expect(await rpc('listKeys', { query: 'abcd' })).toEqual({ keys: ['message'] });
    expect(sendMessage).toHaveBeenCalledTimes(3);
    expect(entry).toHaveBeenCalledTimes(2);
  });

  it('sends a message when the event page cannot be reached, or the direct call fails', async () => {
    browserName.value = 'firefox';
    sendMessage.mockResolvedValue({ ok: true, value: { keys: ['message'] } });
    await rpc('getStatus', {});
    backgroundPage.mockImplementation(() => null);
    expect(await rpc('listKeys', {})).toEqual({ keys: ['message'] });
    backgroundPage.mockImplementation(() => ({ [DIRECT_SLOT]: async () => Promise.reject(new TypeError("can't access dead object")) }));
    expect(await rpc('listKeys', {})).toEqual({ keys: ['message'] });
    expect(sendMessage).toHaveBeenCalledTimes(3);
  });

  it('never calls directly in Chrome', async () => {
    browserName.value = 'chrome';
    backgroundPage.mockImplementation(() => ({ [DIRECT_SLOT]: entry }));
    sendMessage.mockResolvedValue({ ok: true, value: { keys: ['message'] } });
    entry.mockClear();
    await rpc('getStatus', {});
    expect(await rpc('listKeys', {})).toEqual({ keys: ['message'] });
    expect(entry).not.toHaveBeenCalled();
  });
});
