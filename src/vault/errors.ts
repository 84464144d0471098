export type VaultErrorCode =
  /** The passphrase did not unwrap the data key (GCM tag check failed). Nothing was changed. */
  | 'WRONG_PASSPHRASE'
  /** The stored vault header is missing, malformed or has out-of-range parameters. */
  | 'CORRUPT_HEADER'
  /** One sealed secret is malformed, tampered with, truncated, or bound to a different entry. */
  | 'CORRUPT_ENTRY'
  /** The header or sealed secret says it is a format version this code does not know. */
  | 'UNSUPPORTED_VERSION'
  /** A new passphrase is shorter than MIN_PASSPHRASE_LENGTH. */
  | 'WEAK_PASSPHRASE'
  /** The raw data key handed to importDataKey is not 32 bytes of base64 (e.g. a damaged session entry). */
  | 'INVALID_DATA_KEY'
  /** The caller passed something of the wrong type or out of range (a bug in the caller, not bad data). */
  | 'INVALID_ARGUMENT';

const MESSAGES: Record<VaultErrorCode, string> = {
  WRONG_PASSPHRASE: 'The passphrase is not correct.',
  CORRUPT_HEADER: 'The vault header is damaged or not a vault header.',
  CORRUPT_ENTRY: 'This saved secret is damaged or does not belong to this key.',
  UNSUPPORTED_VERSION: 'The vault was written by a newer version of the extension.',
  WEAK_PASSPHRASE: 'The passphrase is too short.',
  INVALID_DATA_KEY: 'The stored data key is not valid.',
  INVALID_ARGUMENT: 'Invalid argument.',
};

/**
 * The only error type the vault module throws (or returns from openSecrets). Messages never contain
 * a passphrase, a key or a secret; `code` is what callers should branch on.
 */
export class VaultError extends Error {
  override readonly name = 'VaultError';
  readonly code: VaultErrorCode;

  constructor(code: VaultErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? MESSAGES[code], options);
    this.code = code;
  }
}

export function isVaultError(error: unknown, code?: VaultErrorCode): error is VaultError {
  return error instanceof VaultError && (code === undefined || error.code === code);
}
