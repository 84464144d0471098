/** Stable error codes shared by the background and the pages (kept free of zod so pages stay small). */
export const errorCodes = [
  'FORBIDDEN',
  'UNKNOWN_METHOD',
  'INVALID_INPUT',
  'NO_VAULT',
  'VAULT_EXISTS',
  'LOCKED',
  'WRONG_PASSPHRASE',
  /** Too many wrong passphrases in a row: the error carries retryAfterSeconds. */
  'TOO_MANY_ATTEMPTS',
  'WEAK_PASSPHRASE',
  'READ_ONLY',
  'NO_ACCOUNT',
  'NOT_FOUND',
  'CORRUPT_ENTRY',
  'B2',
  'B2_PERMISSION',
  'NETWORK',
  'AMBIGUOUS_CREATE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];
