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
  /** An earlier create of the same name is not settled yet; resend with confirmUnsettled to go ahead. */
  'CREATE_UNSETTLED',
  /** The page's message got no answer: the background stopped (or was stopped) before replying. */
  'NO_ANSWER',
  /** The account's stored record or managing key is damaged or was edited outside the extension; nothing was sent. */
  'ACCOUNT_DAMAGED',
  /** addAccount: the account is already added with another key; the reply says what would change. Ask, then call again with replaceKey. */
  'ACCOUNT_KEY_CHANGE',
  /** An account from storage format 1 with a non-Backblaze endpoint: the person confirms the endpoint before its key is used; an import adding an account at an endpoint the request did not confirm. */
  'ENDPOINT_UNCONFIRMED',
  /** importBackup: the file is not a backup, is damaged, or is from a newer version; nothing was imported. */
  'BACKUP_DAMAGED',
  /** What the call was about changed while it waited (another page added an account, made another one active); nothing was written. */
  'CHANGED_MEANWHILE',
  /** The browser refused a write that it may have stored in part or in full all the same; the message says what to look at. */
  'WRITE_UNCERTAIN',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];
