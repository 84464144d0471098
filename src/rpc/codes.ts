/** Stable error codes shared by the background and the pages (kept free of zod so pages stay small). */
export const errorCodes = [
  'FORBIDDEN',
  'UNKNOWN_METHOD',
  'INVALID_INPUT',
  'NO_VAULT',
  'VAULT_EXISTS',
  'LOCKED',
  'WRONG_PASSPHRASE',
  'WEAK_PASSPHRASE',
  'READ_ONLY',
  'NO_ACCOUNT',
  'NOT_FOUND',
  'CORRUPT_ENTRY',
  'B2',
  'B2_PERMISSION',
  'NETWORK',
  'AMBIGUOUS_CREATE',
  /** An earlier create of the same name is not settled yet; resend with confirmUnsettled to go ahead. */
  'CREATE_UNSETTLED',
  /** The page's message got no answer: the background stopped (or was stopped) before replying. */
  'NO_ANSWER',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];
