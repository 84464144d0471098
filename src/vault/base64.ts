// Standard base64 (RFC 4648 §4, alphabet A–Z a–z 0–9 + /, '=' padding) without Buffer or atob/btoa,
// so the same code runs in a service worker, an extension page and Node.
//
// Decoding is strict on purpose: every binary field of the vault is stored as base64, and a lenient
// decoder (atob skips whitespace and accepts missing padding) would let two different stored strings
// mean the same bytes and hide corruption. Only the canonical encoding of some byte string is accepted.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

// char code → 6-bit value, or -1 for characters outside the alphabet.
const DECODE_TABLE: Int16Array = (() => {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

function sextet(code: number): number {
  const value = code < 128 ? (DECODE_TABLE[code] ?? -1) : -1;
  if (value < 0) throw new TypeError('Invalid base64: unexpected character');
  return value;
}

/** Encodes bytes as padded standard base64. */
export function bytesToBase64(bytes: Uint8Array): string {
  const out: string[] = [];
  const fullEnd = bytes.length - (bytes.length % 3);
  let i = 0;
  for (; i < fullEnd; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out.push(
      ALPHABET.charAt((n >> 18) & 63),
      ALPHABET.charAt((n >> 12) & 63),
      ALPHABET.charAt((n >> 6) & 63),
      ALPHABET.charAt(n & 63),
    );
  }
  const rest = bytes.length - fullEnd;
  if (rest === 1) {
    const n = (bytes[i] ?? 0) << 16;
    out.push(ALPHABET.charAt((n >> 18) & 63), ALPHABET.charAt((n >> 12) & 63), '==');
  } else if (rest === 2) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8);
    out.push(ALPHABET.charAt((n >> 18) & 63), ALPHABET.charAt((n >> 12) & 63), ALPHABET.charAt((n >> 6) & 63), '=');
  }
  return out.join('');
}

/**
 * Decodes padded standard base64. Throws a TypeError on anything that is not the canonical encoding
 * of some byte string: wrong length, characters outside the alphabet (including whitespace and the
 * URL-safe `-`/`_`), misplaced padding, or non-zero bits in the unused tail of the last character.
 */
export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  if (typeof base64 !== 'string') throw new TypeError('Invalid base64: not a string');
  if (base64.length % 4 !== 0) throw new TypeError('Invalid base64: length is not a multiple of 4');
  let padding = 0;
  if (base64.endsWith('==')) padding = 2;
  else if (base64.endsWith('=')) padding = 1;
  const byteLength = (base64.length / 4) * 3 - padding;
  const out = new Uint8Array(byteLength);
  const dataChars = base64.length - padding;
  let o = 0;
  for (let i = 0; i < dataChars; i += 4) {
    const a = sextet(base64.charCodeAt(i));
    const b = sextet(base64.charCodeAt(i + 1));
    const remaining = dataChars - i;
    if (remaining >= 4) {
      const c = sextet(base64.charCodeAt(i + 2));
      const d = sextet(base64.charCodeAt(i + 3));
      const n = (a << 18) | (b << 12) | (c << 6) | d;
      out[o++] = (n >> 16) & 255;
      out[o++] = (n >> 8) & 255;
      out[o++] = n & 255;
    } else if (remaining === 3) {
      const c = sextet(base64.charCodeAt(i + 2));
      if ((c & 0b11) !== 0) throw new TypeError('Invalid base64: non-canonical final character');
      const n = (a << 18) | (b << 12) | (c << 6);
      out[o++] = (n >> 16) & 255;
      out[o++] = (n >> 8) & 255;
    } else {
      // remaining === 2 (padding === 2); `remaining === 1` cannot happen because length % 4 === 0.
      if ((b & 0b1111) !== 0) throw new TypeError('Invalid base64: non-canonical final character');
      const n = (a << 18) | (b << 12);
      out[o++] = (n >> 16) & 255;
    }
  }
  return out;
}

/** True when `value` is a canonical padded base64 string (see {@link base64ToBytes}). */
export function isBase64(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    base64ToBytes(value);
    return true;
  } catch {
    return false;
  }
}

/** Number of bytes `value` decodes to, or -1 when it is not canonical base64. */
export function base64ByteLength(value: unknown): number {
  if (typeof value !== 'string') return -1;
  try {
    return base64ToBytes(value).length;
  } catch {
    return -1;
  }
}
