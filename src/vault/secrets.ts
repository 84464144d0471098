// Sealing individual secrets (applicationKeys) under the data key.
//
// Each secret is AES-256-GCM under the DEK with a fresh random 12-byte IV. The additional data binds
// the ciphertext to where it belongs — format version, purpose, accountId and applicationKeyId — so a
// sealed value copied onto another key, another account, or from an account's managing key onto an
// app key (or back) fails the tag check instead of decrypting to the wrong secret.
//
// An account's managing key is also bound to the endpoint it is sent to: storage.local can be edited
// outside the extension (a Firefox content script, the profile on disk), and the accountId, the
// managing keyID and the endpoint together decide where that key goes. An edit of any of them makes
// the key fail to open, so it is reported as damage and never sent anywhere.
//
// Random 96-bit IVs are safe far beyond this extension's scale (NIST SP 800-38D's 2^32 messages per key).

import { base64ToBytes, bytesToBase64 } from './base64';
import { VaultError } from './errors';
import { IV_BYTES, VAULT_FORMAT_VERSION, parseSealedSecret, parseSecretBinding } from './format';
import type { SealedSecret, SecretBinding } from './format';
import { gcmDecrypt, gcmEncrypt, isAesGcmKey, randomBytes, utf8Decode, utf8Encode, wipe } from './primitives';

/**
 * The additional data for one secret. A JSON array of strings is an unambiguous encoding (no field
 * can run into the next, whatever characters the IDs contain), and it is easy to reproduce in any
 * other implementation, as UTF-8:
 *   app key:        ["b2km-vault",1,"secret","appKey",accountId,applicationKeyId]
 *   managing key:   ["b2km-vault",1,"secret","accountKey",accountId,applicationKeyId,endpoint]
 *   legacy (storage format 1) managing key: ["b2km-vault",1,"secret","accountKey",accountId,applicationKeyId]
 * The managing key's array is one element longer than the legacy one, so the two never collide.
 */
export function secretAdditionalData(binding: SecretBinding): Uint8Array<ArrayBuffer> {
  const b = parseSecretBinding(binding);
  const base = ['b2km-vault', VAULT_FORMAT_VERSION, 'secret'];
  if (b.purpose === 'accountKey') return utf8Encode(JSON.stringify([...base, 'accountKey', b.accountId, b.applicationKeyId, b.endpoint]));
  if (b.purpose === 'legacyAccountKey') return utf8Encode(JSON.stringify([...base, 'accountKey', b.accountId, b.applicationKeyId]));
  return utf8Encode(JSON.stringify([...base, b.purpose, b.accountId, b.applicationKeyId]));
}

function checkDataKey(dataKey: unknown, usage: 'encrypt' | 'decrypt'): CryptoKey {
  if (!isAesGcmKey(dataKey, usage)) {
    throw new VaultError('INVALID_ARGUMENT', `The data key must be an AES-GCM CryptoKey with ${usage} usage.`);
  }
  return dataKey;
}

/** Encrypts `secret` for the entry described by `binding`. Every call uses a new random IV. */
export async function sealSecret(dataKey: CryptoKey, binding: SecretBinding, secret: string): Promise<SealedSecret> {
  const key = checkDataKey(dataKey, 'encrypt');
  const aad = secretAdditionalData(binding);
  if (typeof secret !== 'string') throw new VaultError('INVALID_ARGUMENT', 'The secret must be a string.');
  const iv = randomBytes(IV_BYTES);
  const plaintext = utf8Encode(secret);
  try {
    const ct = await gcmEncrypt(key, iv, aad, plaintext);
    return { v: VAULT_FORMAT_VERSION, iv: bytesToBase64(iv), ct: bytesToBase64(ct) };
  } finally {
    wipe(plaintext);
  }
}

/**
 * Decrypts a stored sealed secret for the entry described by `binding`.
 * Tampering, truncation, a value moved from another entry, a different data key, or a value that is
 * not a sealed secret at all → VaultError CORRUPT_ENTRY; `v` set to another number → UNSUPPORTED_VERSION.
 * A bad `dataKey` or `binding` is a caller bug → INVALID_ARGUMENT.
 */
export async function openSecret(dataKey: CryptoKey, binding: SecretBinding, sealed: unknown): Promise<string> {
  const key = checkDataKey(dataKey, 'decrypt');
  const aad = secretAdditionalData(binding);
  const parsed = parseSealedSecret(sealed);
  let plaintext: Uint8Array;
  try {
    plaintext = await gcmDecrypt(key, base64ToBytes(parsed.iv), aad, base64ToBytes(parsed.ct));
  } catch (cause) {
    throw new VaultError('CORRUPT_ENTRY', undefined, { cause });
  }
  try {
    return utf8Decode(plaintext);
  } catch (cause) {
    throw new VaultError('CORRUPT_ENTRY', undefined, { cause });
  } finally {
    wipe(plaintext);
  }
}

export type OpenSecretResult = { ok: true; secret: string } | { ok: false; error: VaultError };

/**
 * Opens many entries; each result stands alone, so one damaged entry never hides the others.
 * Results are in the same order as `entries`.
 */
export async function openSecrets(
  dataKey: CryptoKey,
  entries: readonly { binding: SecretBinding; sealed: unknown }[],
): Promise<OpenSecretResult[]> {
  return Promise.all(
    entries.map(async (entry): Promise<OpenSecretResult> => {
      try {
        if (typeof entry !== 'object' || entry === null) {
          throw new VaultError('INVALID_ARGUMENT', 'Each entry needs a binding and a sealed value.');
        }
        return { ok: true, secret: await openSecret(dataKey, entry.binding, entry.sealed) };
      } catch (error) {
        return {
          ok: false,
          error: error instanceof VaultError ? error : new VaultError('CORRUPT_ENTRY', undefined, { cause: error }),
        };
      }
    }),
  );
}
