// The vault header: create, unlock (with KDF upgrade), change passphrase, and re-import of the data key.
//
// Envelope scheme (format v1):
//   KEK = PBKDF2-HMAC-SHA256(NFC(passphrase), salt[16], iterations) as an AES-256-GCM key
//   DEK = 32 random bytes, the AES-256-GCM key every secret is sealed with
//   wrappedKey = AES-GCM(KEK, iv[12], aad = "b2km-vault-v1-dek", DEK)
// A wrong passphrase yields a different KEK, so the GCM tag on wrappedKey fails: WRONG_PASSPHRASE.
// Changing the passphrase or raising the iterations re-wraps the DEK; sealed secrets are untouched.

import { base64ToBytes, bytesToBase64 } from './base64';
import { VaultError } from './errors';
import {
  DATA_KEY_BYTES,
  DEFAULT_KDF,
  IV_BYTES,
  MAX_KDF_ITERATIONS,
  MIN_KDF_ITERATIONS,
  MIN_PASSPHRASE_LENGTH,
  SALT_BYTES,
  VAULT_FORMAT_VERSION,
  parseVaultHeader,
} from './format';
import type { VaultHeader } from './format';
import {
  codePointLength,
  deriveKek,
  gcmDecrypt,
  gcmEncrypt,
  importDek,
  normalizePassphrase,
  randomBytes,
  utf8Encode,
  wipe,
} from './primitives';

/** Additional data for the wrapped DEK: a wrapped key cannot be confused with a sealed secret. */
const DEK_AAD = 'b2km-vault-v1-dek';

export interface UnlockedVault {
  /** Non-extractable AES-GCM key for sealSecret/openSecret. */
  dataKey: CryptoKey;
  /** The raw DEK as base64, for storage.session only (so a restarted worker stays unlocked). */
  rawDataKey: string;
}

function checkIterations(iterations: unknown, what: string): number {
  if (
    typeof iterations !== 'number' ||
    !Number.isInteger(iterations) ||
    iterations < MIN_KDF_ITERATIONS ||
    iterations > MAX_KDF_ITERATIONS
  ) {
    throw new VaultError(
      'INVALID_ARGUMENT',
      `${what} must be an integer between ${MIN_KDF_ITERATIONS} and ${MAX_KDF_ITERATIONS}.`,
    );
  }
  return iterations;
}

/** Rejects a new passphrase that is too short; returns it NFC-normalised. */
function checkNewPassphrase(passphrase: unknown): string {
  const normalized = normalizePassphrase(passphrase);
  if (codePointLength(normalized) < MIN_PASSPHRASE_LENGTH) {
    throw new VaultError('WEAK_PASSPHRASE', `The passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters long.`);
  }
  return normalized;
}

/** Wraps `rawDek` under a KEK derived with a fresh salt; returns a complete new header. */
async function wrapDek(rawDek: Uint8Array<ArrayBuffer>, normalizedPassphrase: string, iterations: number): Promise<VaultHeader> {
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const kek = await deriveKek(normalizedPassphrase, salt, iterations);
  const ct = await gcmEncrypt(kek, iv, utf8Encode(DEK_AAD), rawDek);
  return {
    v: VAULT_FORMAT_VERSION,
    kdf: { name: DEFAULT_KDF.name, hash: DEFAULT_KDF.hash, iterations, salt: bytesToBase64(salt) },
    wrappedKey: { iv: bytesToBase64(iv), ct: bytesToBase64(ct) },
  };
}

/** Unwraps the raw DEK from a validated header. The caller must wipe the returned bytes. */
async function unwrapDek(header: VaultHeader, normalizedPassphrase: string): Promise<Uint8Array<ArrayBuffer>> {
  // No vault can have an empty passphrase (createVault requires MIN_PASSPHRASE_LENGTH), and some
  // WebCrypto implementations refuse a zero-length PBKDF2 password; answer without deriving.
  if (normalizedPassphrase.length === 0) throw new VaultError('WRONG_PASSPHRASE');
  const kek = await deriveKek(normalizedPassphrase, base64ToBytes(header.kdf.salt), header.kdf.iterations);
  let raw: Uint8Array<ArrayBuffer>;
  try {
    raw = await gcmDecrypt(
      kek,
      base64ToBytes(header.wrappedKey.iv),
      utf8Encode(DEK_AAD),
      base64ToBytes(header.wrappedKey.ct),
    );
  } catch (cause) {
    // The tag check is the only thing that fails here for a well-formed header. A tampered header
    // (salt, iv or ct edited) is indistinguishable from a wrong passphrase, and that is fine: the
    // user sees "wrong passphrase" and nothing is written.
    throw new VaultError('WRONG_PASSPHRASE', undefined, { cause });
  }
  if (raw.length !== DATA_KEY_BYTES) {
    wipe(raw);
    throw new VaultError('CORRUPT_HEADER');
  }
  return raw;
}

async function unlocked(raw: Uint8Array<ArrayBuffer>): Promise<UnlockedVault> {
  return { dataKey: await importDek(raw), rawDataKey: bytesToBase64(raw) };
}

/**
 * Creates a new vault: a random data key wrapped under `passphrase`.
 * Throws WEAK_PASSPHRASE when the passphrase has fewer than MIN_PASSPHRASE_LENGTH code points.
 */
export async function createVault(
  passphrase: string,
  opts?: { iterations?: number },
): Promise<{ header: VaultHeader } & UnlockedVault> {
  const normalized = checkNewPassphrase(passphrase);
  const iterations = checkIterations(opts?.iterations ?? DEFAULT_KDF.iterations, 'iterations');
  const raw = randomBytes(DATA_KEY_BYTES);
  try {
    const header = await wrapDek(raw, normalized, iterations);
    return { header, ...(await unlocked(raw)) };
  } finally {
    wipe(raw);
  }
}

/**
 * Unlocks a stored header. Never mutates `header`.
 *
 * When the header's iterations are below `minIterations` (default DEFAULT_KDF.iterations), the same
 * DEK is re-wrapped under a new salt at `minIterations` and returned as `upgradedHeader`; the caller
 * stores it (secrets need no change). Otherwise `upgradedHeader` is null.
 *
 * Errors: WRONG_PASSPHRASE, CORRUPT_HEADER (malformed), UNSUPPORTED_VERSION (`v` is another number).
 */
export async function unlockVault(
  header: unknown,
  passphrase: string,
  opts?: { minIterations?: number },
): Promise<UnlockedVault & { upgradedHeader: VaultHeader | null }> {
  const minIterations = checkIterations(opts?.minIterations ?? DEFAULT_KDF.iterations, 'minIterations');
  const parsed = parseVaultHeader(header);
  const normalized = normalizePassphrase(passphrase);
  const raw = await unwrapDek(parsed, normalized);
  try {
    const upgradedHeader = parsed.kdf.iterations < minIterations ? await wrapDek(raw, normalized, minIterations) : null;
    return { ...(await unlocked(raw)), upgradedHeader };
  } finally {
    wipe(raw);
  }
}

/**
 * Re-wraps the data key under `newPassphrase` with a new salt and IV; sealed secrets stay valid.
 * Iterations: `opts.iterations` if given, else the higher of the header's and DEFAULT_KDF's.
 * Errors: WRONG_PASSPHRASE (old passphrase), WEAK_PASSPHRASE (new one), CORRUPT_HEADER, UNSUPPORTED_VERSION.
 */
export async function changePassphrase(
  header: VaultHeader,
  oldPassphrase: string,
  newPassphrase: string,
  opts?: { iterations?: number },
): Promise<VaultHeader> {
  const parsed = parseVaultHeader(header);
  const newNormalized = checkNewPassphrase(newPassphrase);
  const iterations = checkIterations(
    opts?.iterations ?? Math.max(parsed.kdf.iterations, DEFAULT_KDF.iterations),
    'iterations',
  );
  const raw = await unwrapDek(parsed, normalizePassphrase(oldPassphrase));
  try {
    return await wrapDek(raw, newNormalized, iterations);
  } finally {
    wipe(raw);
  }
}

/**
 * Re-creates the data key from the base64 `rawDataKey` kept in storage.session (after the service
 * worker restarted). Throws INVALID_DATA_KEY when it is not base64 of exactly 32 bytes.
 * Note: any 32 bytes import successfully; a wrong key only shows up as CORRUPT_ENTRY when opening.
 */
export async function importDataKey(rawDataKey: string): Promise<CryptoKey> {
  let raw: Uint8Array<ArrayBuffer>;
  try {
    raw = base64ToBytes(rawDataKey);
  } catch (cause) {
    throw new VaultError('INVALID_DATA_KEY', undefined, { cause });
  }
  try {
    return await importDek(raw);
  } finally {
    wipe(raw);
  }
}

/**
 * Checks a passphrase against the header without returning any key material (e.g. to confirm the
 * user before revealing or exporting). Resolves true/false; malformed headers still throw.
 */
export async function verifyPassphrase(header: unknown, passphrase: string): Promise<boolean> {
  const parsed = parseVaultHeader(header);
  try {
    wipe(await unwrapDek(parsed, normalizePassphrase(passphrase)));
    return true;
  } catch (error) {
    if (error instanceof VaultError && error.code === 'WRONG_PASSPHRASE') return false;
    throw error;
  }
}
