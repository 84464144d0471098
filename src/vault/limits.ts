/** Vault limits with no dependencies, so the pages can share them without pulling in zod or crypto code. */
export const MIN_PASSPHRASE_LENGTH = 8;
