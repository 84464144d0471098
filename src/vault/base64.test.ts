import { describe, expect, it } from 'vitest';
import { base64ByteLength, base64ToBytes, bytesToBase64, isBase64 } from './base64';

const utf8 = (s: string) => new TextEncoder().encode(s);
/** Reference encoder built on btoa (available in Node 20 and browsers) to cross-check ours. */
const reference = (bytes: Uint8Array) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));

describe('base64', () => {
  it('matches the RFC 4648 test vectors', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, encoded] of vectors) {
      expect(bytesToBase64(utf8(plain))).toBe(encoded);
      expect(base64ToBytes(encoded)).toEqual(utf8(plain));
    }
  });

  it('round-trips every byte value and random lengths, agreeing with btoa', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(bytesToBase64(all)).toBe(reference(all));
    expect(base64ToBytes(bytesToBase64(all))).toEqual(all);
    for (let length = 0; length < 100; length++) {
      const bytes = crypto.getRandomValues(new Uint8Array(length));
      const encoded = bytesToBase64(bytes);
      expect(encoded).toBe(reference(bytes));
      expect(base64ToBytes(encoded)).toEqual(bytes);
    }
  });

  it('handles a large buffer', () => {
    const big = new Uint8Array(1 << 20);
    for (let i = 0; i < big.length; i += 65536) crypto.getRandomValues(big.subarray(i, i + 65536));
    const decoded = base64ToBytes(bytesToBase64(big));
    // Compare by hand: a deep toEqual over a million elements is what would be slow here.
    expect(decoded.length).toBe(big.length);
    expect(decoded.every((b, i) => b === big[i])).toBe(true);
  });

  it('rejects anything that is not canonical padded base64', () => {
    const bad = [
      'Zg', // missing padding
      'Zg=',
      'Z===',
      '====',
      'Zh==', // non-zero unused bits (non-canonical "f")
      'Zm9=', // non-zero unused bits
      'Zm9v\n',
      ' Zm9v',
      'Zm-v', // base64url alphabet
      'Zm_v',
      'Zm=v',
      '=Zm9',
      'Zm9v====',
      'Zm9vé===',
    ];
    for (const s of bad) {
      expect(() => base64ToBytes(s), JSON.stringify(s)).toThrow(TypeError);
      expect(isBase64(s)).toBe(false);
      expect(base64ByteLength(s)).toBe(-1);
    }
    expect(() => base64ToBytes(42 as unknown as string)).toThrow(TypeError);
    expect(isBase64(null)).toBe(false);
  });

  it('reports decoded lengths', () => {
    expect(base64ByteLength('')).toBe(0);
    expect(base64ByteLength('Zg==')).toBe(1);
    expect(base64ByteLength('Zm9vYmFy')).toBe(6);
    expect(isBase64('Zm9vYmFy')).toBe(true);
  });
});

describe('base64 refusals', () => {
  it('refuses a character outside ASCII wherever it stands, and says which rule failed', () => {
    for (const s of ['Zm9\u00e9', '\u00e9Zm9', 'Zm\u00e9v', 'Z\u0100==']) {
      expect(() => base64ToBytes(s), JSON.stringify(s)).toThrow('Invalid base64: unexpected character');
      expect(base64ByteLength(s)).toBe(-1);
    }
    expect(() => base64ToBytes(42 as unknown as string)).toThrow('Invalid base64: not a string');
    expect(() => base64ToBytes('Zg=')).toThrow('Invalid base64: length is not a multiple of 4');
    expect(() => base64ToBytes('Zm9=')).toThrow('Invalid base64: non-canonical final character');
    expect(() => base64ToBytes('Zh==')).toThrow('Invalid base64: non-canonical final character');
  });

  it('gives -1, never a length, for a value that is not a string', () => {
    for (const v of [null, undefined, 42, ['Zm9v'], { length: 4 }]) expect(base64ByteLength(v), String(v)).toBe(-1);
  });
});
