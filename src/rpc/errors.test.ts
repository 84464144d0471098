import { describe, expect, it } from 'vitest';
import { RpcError } from './errors';

describe('RpcError', () => {
  it('sends only the extras it has: a bare error is code and message, nothing else', () => {
    expect(new RpcError('LOCKED', 'The vault is locked.').toBody()).toStrictEqual({ code: 'LOCKED', message: 'The vault is locked.' });
  });

  it('sends every extra it has, and a page gets the same error back from the body', () => {
    const extra = {
      b2: { status: 400, code: 'bad_request', message: 'no' },
      fields: { keyName: 'Enter a key name.' },
      keyChange: { existingKeyId: 'k1', newKeyId: 'k2', lost: ['listKeys'] },
      retryAfterSeconds: 4,
    };
    const body = new RpcError('INVALID_INPUT', 'Check the fields.', extra as never).toBody();
    expect(body).toStrictEqual({ code: 'INVALID_INPUT', message: 'Check the fields.', ...extra });
    const back = RpcError.fromBody(body);
    expect(back).toBeInstanceOf(RpcError);
    expect(back.name).toBe('RpcError');
    expect([back.code, back.message, back.b2, back.fields, back.keyChange, back.retryAfterSeconds]).toEqual([
      'INVALID_INPUT',
      'Check the fields.',
      extra.b2,
      extra.fields,
      extra.keyChange,
      4,
    ]);
    expect(back.toBody()).toStrictEqual(body);
  });
});
