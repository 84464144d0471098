/**
 * What lives in storage.local, one zod schema per top-level key. Nothing here is a secret in plain
 * text: secrets and the managing keys' applicationKeys are SealedSecrets (AES-GCM under the vault's data key).
 */
import { z } from '../common/zod';
import { lazySchema } from '../common/lazy-schema';
import { sealedSecretSchema, vaultHeaderSchema } from '../vault';
import { settingsSchema, type Settings } from './settings';

/**
 * Bump with a migration in migrations.ts whenever a stored shape changes.
 * 1: first release. 2: an account's sealedKey is bound to its endpoint too (vault/secrets.ts); accounts
 * stored by format 1 carry `needsRebind` until they are re-sealed (background/account-integrity.ts).
 * 3: the key cache is sorted shards (storage/key-cache.ts) instead of one item per account.
 */
export const SCHEMA_VERSION = 3;

export const DEFAULT_ENDPOINT = 'https://api.backblazeb2.com';

export const DEFAULT_SETTINGS: Settings = {
  autoLock: { kind: 'minutes', minutes: 15 },
  lockOnScreenLock: true,
  endpoint: DEFAULT_ENDPOINT,
  clipboardClearSeconds: 60,
  refreshAfterMinutes: 5,
};

export const storedAccountSchema = lazySchema(() => z.looseObject({
  accountId: z.string(),
  label: z.string(),
  endpoint: z.string(),
  managingKeyId: z.string(),
  /** The managing key's applicationKey, sealed with purpose 'accountKey'. */
  sealedKey: sealedSecretSchema,
  capabilities: z.array(z.string()),
  bucketRestriction: z.nullable(z.array(z.object({ id: z.string(), name: z.nullable(z.string()) }))),
  namePrefix: z.nullable(z.string()),
  s3ApiUrl: z.nullable(z.string()),
  addedAt: z.number(),
  /**
   * Set only by the migration from storage format 1: sealedKey is still sealed without the endpoint and is
   * re-sealed at the next unlock. Not a trust signal (anyone who can edit storage can set it): see
   * background/account-integrity.ts for why setting it gains an attacker nothing.
   */
  needsRebind: z.optional(z.boolean()),
}));
export type StoredAccount = z.infer<typeof storedAccountSchema>;

export const storedSecretSchema = lazySchema(() => z.object({
  sealed: sealedSecretSchema,
  /** Kept so a secret whose key vanished from B2 can still be recognised by a person. */
  keyName: z.string(),
  savedAt: z.number(),
}));
export type StoredSecret = z.infer<typeof storedSecretSchema>;

export const cachedKeySchema = lazySchema(() => z.object({
  accountId: z.string(),
  applicationKeyId: z.string(),
  keyName: z.string(),
  capabilities: z.array(z.string()),
  bucketIds: z.nullable(z.array(z.string())),
  namePrefix: z.nullable(z.string()),
  expirationTimestamp: z.nullable(z.number()),
  options: z.array(z.string()),
}));
export type CachedKey = z.infer<typeof cachedKeySchema>;


/**
 * One b2_create_key this extension started, written before the request goes out and never holding a secret.
 * B2 shows a new key's applicationKey once, and the reply can be lost after B2 acted (worker stopped, connection
 * dropped, timeout, a request the network stack re-sent): the record is what lets a later listing find such keys
 * and flag them instead of leaving them as unexplained "created elsewhere" keys.
 */
export const createRecordSchema = lazySchema(() => z.looseObject({
  id: z.string(),
  accountId: z.string(),
  keyName: z.string(),
  capabilities: z.array(z.string()),
  bucketIds: z.nullable(z.array(z.string())),
  namePrefix: z.nullable(z.string()),
  validDurationInSeconds: z.nullable(z.number()),
  startedAt: z.number(),
  /** The background instance that sent the request: a record left in flight by another one lost its answer. */
  workerId: z.string(),
  /** keyIDs of keys of this name known before the request (cache and saved secrets): these are not its result. */
  priorKeyIds: z.array(z.string()),
  /**
   * The highest keyID of the account's last whole listing before the request, kept for an account of more than one
   * page of keys: the check after a saved create lists only from there when B2 numbers keys in the order it makes
   * them (create-journal.ts `tailStart`). Absent: the check lists every key.
   */
  tailFrom: z.optional(z.string()),
  /**
   * inFlight: request sent, no answer yet. saved: B2 answered and the secret was sealed in the same write.
   * uncertain: the request ended without an answer we could use (timeout, dropped connection, background stopped).
   */
  state: z.enum(['inFlight', 'saved', 'uncertain']),
  endedAt: z.nullable(z.number()),
  /** The key B2's answer named, whose secret is saved. */
  savedKeyId: z.nullable(z.string()),
  /** A sentence about how the request ended, for the person (never a secret). */
  detail: z.nullable(z.string()),
  /** Set once a listing after the settle time was checked; kept so the popup can say what was found. */
  resolution: z.nullable(z.object({
    at: z.number(),
    /** keyIDs of this name that appeared without a saved secret: flagged "applicationKey lost". */
    lostKeyIds: z.array(z.string()),
    created: z.boolean(),
  })),
}));
export type CreateRecord = z.infer<typeof createRecordSchema>;

/** A key of the account that B2 created for us but whose applicationKey never reached the vault. */
export const lostKeySchema = lazySchema(() => z.object({
  keyName: z.string(),
  flaggedAt: z.number(),
  /** The create record that found it. */
  recordId: z.string(),
}));
export type LostKey = z.infer<typeof lostKeySchema>;

/** Fixed top-level keys and their schemas. Per-account keys are below. */
export const layout = lazySchema(() => ({
  schemaVersion: z.number().check(z.int()),
  vault: vaultHeaderSchema,
  settings: settingsSchema,
  accounts: z.record(z.string(), storedAccountSchema),
  activeAccountId: z.nullable(z.string()),
  /** The key last filled into a page (not a secret): the keyboard command fills its keyID. */
  lastFill: z.nullable(z.object({ accountId: z.string(), applicationKeyId: z.string() })),
}) as const);
export type Layout = { [K in keyof typeof layout]: z.infer<(typeof layout)[K]> };

export const secretsKey = (accountId: string) => `secrets:${accountId}` as const;
/** Create records of every account, by record id (a record-shaped value, patched entry by entry). */
export const JOURNAL_KEY = 'createJournal';
export const lostKey = (accountId: string) => `lost:${accountId}` as const;
export const lostKeysSchema = lazySchema(() => z.record(z.string(), lostKeySchema));
export const secretsSchema = lazySchema(() => z.record(z.string(), storedSecretSchema));

/**
 * What this extension learned about a key that B2's key list does not say (issue 10, background/key-notes.ts).
 * Not secret: keyIDs and key names only, like the key cache. Every field optional so notes can grow.
 */
export const keyNoteSchema = lazySchema(() => z.looseObject({
  /** The key this one was created to replace (Rotate key). */
  replaces: z.optional(z.object({ applicationKeyId: z.string(), keyName: z.string() })),
  /** The key created to replace this one. */
  replacedBy: z.optional(z.object({ applicationKeyId: z.string(), keyName: z.string() })),
  /**
   * For a key with exactly one bucket: 'single' = made with v3 `bucketId` (authorizes on API v1–v4),
   * 'multi' = made with v4 `bucketIds` (v4 only). B2's v4 listing shows both as a one-element bucketIds.
   */
  bucketKind: z.optional(z.enum(['single', 'multi'])),
  /** The validDurationInSeconds it was created with (null: never expires), so a rotation can offer the same. */
  validDurationInSeconds: z.optional(z.nullable(z.number())),
}));
export type KeyNote = z.infer<typeof keyNoteSchema>;
export const notesKey = (accountId: string) => `notes:${accountId}` as const;
export type SecretsByKeyId = z.infer<typeof secretsSchema>;

/**
 * Issue 13: where each key was filled, one sealed value per keyID (vault purpose 'keyUsage', background/key-usage.ts):
 * the origins and page titles are as private as the secrets, so storage holds only ciphertext; the keyIDs that have
 * one are visible, as they are in the key cache.
 */
export const usageKey = (accountId: string) => `usage:${accountId}` as const;
/**
 * Issue 13: the last checkSecret outcome per keyID, in plain text. Neither a keyID nor "works / deleted / expired /
 * does not match / refused" is secret (the key cache already holds every keyID), and keeping it plain lets the
 * hygiene report show failed checks while the vault is locked; the check itself needs the vault unlocked.
 */
export const checksKey = (accountId: string) => `checks:${accountId}` as const;
export const secretCheckRecordSchema = lazySchema(() => z.object({ outcome: z.enum(['works', 'deleted', 'expired', 'mismatch', 'refused']), at: z.number() }));
export type SecretCheckRecord = z.infer<typeof secretCheckRecordSchema>;
