// Small WebCrypto helpers shared by the vault and the secret sealing code. Internal to src/vault.

import { VaultError } from './errors';
import { DATA_KEY_BYTES } from './format';

export function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('WebCrypto (crypto.subtle) is not available in this context.');
  return s;
}

export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}

// Made on first use, not when the module loads: a woken worker's first answer should not wait for them.
let encoder: TextEncoder | undefined;
let decoder: TextDecoder | undefined;

export function utf8Encode(text: string): Uint8Array<ArrayBuffer> {
  return (encoder ??= new TextEncoder()).encode(text);
}

export function utf8Decode(bytes: Uint8Array): string {
  // fatal: authenticated plaintext is always valid UTF-8 we wrote ourselves; anything else is damage.
  return (decoder ??= new TextDecoder('utf-8', { fatal: true })).decode(bytes);
}

/** Best-effort overwrite of key material we hold as bytes. Strings cannot be wiped in JS. */
export function wipe(bytes: Uint8Array): void {
  bytes.fill(0);
}

/**
 * Normalises a passphrase to Unicode NFC before it is encoded as UTF-8 for PBKDF2.
 *
 * Why: PBKDF2 sees bytes, and the same visible passphrase can arrive as different code point
 * sequences — "é" typed on one system is U+00E9, pasted from another (or typed through a
 * dead-key/IME on some platforms) it is "e" + U+0301. Without normalisation the user would be told
 * their correct passphrase is wrong. NFC is the form RFC 8265 (OpaqueString, used for passwords)
 * prescribes; we deliberately do not use NFKC, which would also fold distinct characters
 * (ligatures, full-width forms, superscripts) together and silently weaken the passphrase.
 * Nothing else is changed: no trimming, no case folding.
 */
export function normalizePassphrase(passphrase: unknown): string {
  if (typeof passphrase !== 'string') {
    throw new VaultError('INVALID_ARGUMENT', 'The passphrase must be a string.');
  }
  return passphrase.normalize('NFC');
}

/** Length in Unicode code points (an emoji or an astral character counts once). */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** PBKDF2-HMAC-SHA256 → non-extractable AES-256-GCM key-encryption key. */
export async function deriveKek(normalizedPassphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const passBytes = utf8Encode(normalizedPassphrase);
  try {
    const baseKey = await subtle().importKey('raw', passBytes, 'PBKDF2', false, ['deriveKey']);
    return await subtle().deriveKey(
      { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
      baseKey,
      { name: 'AES-GCM', length: 256 },
      false,
      ['encrypt', 'decrypt'],
    );
  } finally {
    wipe(passBytes);
  }
}

/** Imports 32 raw bytes as a non-extractable AES-256-GCM data key. */
export async function importDek(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  if (raw.length !== DATA_KEY_BYTES) throw new VaultError('INVALID_DATA_KEY');
  return subtle().importKey('raw', raw, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

export async function gcmEncrypt(
  key: CryptoKey,
  iv: Uint8Array<ArrayBuffer>,
  additionalData: Uint8Array<ArrayBuffer>,
  plaintext: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer>> {
  const ct = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData, tagLength: 128 }, key, plaintext);
  return new Uint8Array(ct);
}

/** Rejects (with the WebCrypto OperationError) when the tag does not verify. */
export async function gcmDecrypt(
  key: CryptoKey,
  iv: Uint8Array<ArrayBuffer>,
  additionalData: Uint8Array<ArrayBuffer>,
  ciphertext: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer>> {
  const pt = await subtle().decrypt({ name: 'AES-GCM', iv, additionalData, tagLength: 128 }, key, ciphertext);
  return new Uint8Array(pt);
}

/** True for a CryptoKey usable as the vault data key (AES-GCM, encrypt and/or decrypt). */
export function isAesGcmKey(key: unknown, usage: 'encrypt' | 'decrypt'): key is CryptoKey {
  if (typeof key !== 'object' || key === null) return false;
  const k = key as Partial<CryptoKey>;
  return k.type === 'secret' && k.algorithm?.name === 'AES-GCM' && Array.isArray(k.usages) && k.usages.includes(usage);
}
