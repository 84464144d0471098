// Public API of the vault module: KDF, envelope encryption, vault header, sealed secrets.
// WebCrypto only; no extension APIs and no Node APIs, so it runs in the background worker and in Node tests.

export { bytesToBase64, base64ToBytes, isBase64 } from './base64';
export { VaultError, isVaultError } from './errors';
export type { VaultErrorCode } from './errors';
export {
  VAULT_FORMAT_VERSION,
  DEFAULT_KDF,
  MIN_KDF_ITERATIONS,
  MAX_KDF_ITERATIONS,
  MIN_PASSPHRASE_LENGTH,
  vaultHeaderSchema,
  sealedSecretSchema,
  secretBindingSchema,
  parseVaultHeader,
  parseSealedSecret,
  needsKdfUpgrade,
} from './format';
export type { VaultHeader, SealedSecret, SecretBinding, SecretPurpose } from './format';
export { createVault, unlockVault, changePassphrase, importDataKey, verifyPassphrase } from './vault';
export type { UnlockedVault } from './vault';
export { sealSecret, openSecret, openSecrets } from './secrets';
export type { OpenSecretResult } from './secrets';
export { passphraseRefusal, passphraseStrength } from './strength';
export type { PassphraseStrength, PassphraseScore } from './strength';
