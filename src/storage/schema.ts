/**
 * What lives in storage.local, one zod schema per top-level key. Nothing here is a secret in plain
 * text: secrets and the managing keys' applicationKeys are SealedSecrets (AES-GCM under the vault's data key).
 */
import { z } from 'zod';
import { sealedSecretSchema, vaultHeaderSchema } from '../vault';
import { settingsSchema, type Settings } from '../rpc/protocol';

/** Bump with a migration in migrations.ts whenever a stored shape changes. */
export const SCHEMA_VERSION = 1;

export const DEFAULT_ENDPOINT = 'https://api.backblazeb2.com';

export const DEFAULT_SETTINGS: Settings = {
  autoLock: { kind: 'minutes', minutes: 15 },
  lockOnScreenLock: true,
  endpoint: DEFAULT_ENDPOINT,
  clipboardClearSeconds: 60,
};

export const storedAccountSchema = z.object({
  accountId: z.string(),
  label: z.string(),
  endpoint: z.string(),
  managingKeyId: z.string(),
  /** The managing key's applicationKey, sealed with purpose 'accountKey'. */
  sealedKey: sealedSecretSchema,
  capabilities: z.array(z.string()),
  bucketRestriction: z.array(z.object({ id: z.string(), name: z.string().nullable() })).nullable(),
  namePrefix: z.string().nullable(),
  s3ApiUrl: z.string().nullable(),
  addedAt: z.number(),
});
export type StoredAccount = z.infer<typeof storedAccountSchema>;

export const storedSecretSchema = z.object({
  sealed: sealedSecretSchema,
  /** Kept so a secret whose key vanished from B2 can still be recognised by a person. */
  keyName: z.string(),
  savedAt: z.number(),
});
export type StoredSecret = z.infer<typeof storedSecretSchema>;

export const cachedKeySchema = z.object({
  accountId: z.string(),
  applicationKeyId: z.string(),
  keyName: z.string(),
  capabilities: z.array(z.string()),
  bucketIds: z.array(z.string()).nullable(),
  namePrefix: z.string().nullable(),
  expirationTimestamp: z.number().nullable(),
  options: z.array(z.string()),
});
export type CachedKey = z.infer<typeof cachedKeySchema>;

export const keyCacheSchema = z.object({
  fetchedAt: z.number().nullable(),
  keys: z.array(cachedKeySchema),
  buckets: z.array(z.object({ bucketId: z.string(), bucketName: z.string(), bucketType: z.string() })),
  lastError: z.string().nullable(),
});
export type KeyCache = z.infer<typeof keyCacheSchema>;

/** Fixed top-level keys and their schemas. Per-account keys are below. */
export const layout = {
  schemaVersion: z.number().int(),
  vault: vaultHeaderSchema,
  settings: settingsSchema,
  accounts: z.record(z.string(), storedAccountSchema),
  activeAccountId: z.string().nullable(),
  /** The key last filled into a page (not a secret): the keyboard command fills its keyID. */
  lastFill: z.object({ accountId: z.string(), applicationKeyId: z.string() }).nullable(),
} as const;
export type Layout = { [K in keyof typeof layout]: z.infer<(typeof layout)[K]> };

export const secretsKey = (accountId: string) => `secrets:${accountId}` as const;
export const cacheKey = (accountId: string) => `cache:${accountId}` as const;
export const secretsSchema = z.record(z.string(), storedSecretSchema);
export type SecretsByKeyId = z.infer<typeof secretsSchema>;
