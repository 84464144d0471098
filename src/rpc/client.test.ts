import { beforeEach, describe, expect, it, vi } from 'vitest';

// The pages' client in Node: the polyfill's sendMessage is the only thing replaced.
const sendMessage = vi.fn();
vi.mock('webextension-polyfill', () => ({ default: { runtime: { sendMessage: (m: unknown) => sendMessage(m) } } }));

const { rpc } = await import('./client');
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
