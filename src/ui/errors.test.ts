import { describe, expect, it } from 'vitest';
import { RpcError } from '../rpc/errors';
import { codeOf, fieldsOf, messageOf } from './errors';

describe('what a page shows of an error', () => {
  it('the background’s own sentence, with its code and fields', () => {
    const e = new RpcError('INVALID_INPUT', 'Enter a key name.', { fields: { keyName: 'Enter a key name.' } });
    expect(messageOf(e)).toBe('Enter a key name.');
    expect(codeOf(e)).toBe('INVALID_INPUT');
    expect(fieldsOf(e)).toEqual({ keyName: 'Enter a key name.' });
  });

  it('anything else is a mistake inside the extension, said as one, never its raw text', () => {
    for (const e of [new TypeError('x is undefined'), 'boom', undefined]) {
      expect(messageOf(e)).toBe('Something went wrong inside the extension. Nothing was lost; try again.');
      expect(codeOf(e)).toBeNull();
      expect(fieldsOf(e)).toEqual({});
    }
  });
});
