// Public data shapes of the B2 client. They are plain interfaces (not zod inferences) because other
// modules code against these exact names; schemas.ts checks its parsers produce them.

export interface B2Credentials {
  applicationKeyId: string;
  applicationKey: string;
}

export interface B2Allowed {
  /** null = the key may use every bucket. A bucket's name is null when the bucket has been deleted. */
  buckets: { id: string; name: string | null }[] | null;
  capabilities: string[];
  namePrefix: string | null;
}

export interface B2Auth {
  accountId: string;
  authorizationToken: string;
  apiUrl: string;
  downloadUrl: string;
  s3ApiUrl: string;
  allowed: B2Allowed;
  /** ms since epoch; null when the managing key never expires. */
  applicationKeyExpirationTimestamp: number | null;
  /** ms, from the injected now() at the time the token was obtained. */
  obtainedAt: number;
}

export interface B2Key {
  accountId: string;
  applicationKeyId: string;
  keyName: string;
  capabilities: string[];
  bucketIds: string[] | null;
  namePrefix: string | null;
  /** ms since epoch; null = never expires. */
  expirationTimestamp: number | null;
  options: string[];
}

export interface CreatedKey extends B2Key {
  applicationKey: string;
}

export interface CreateKeyInput {
  keyName: string;
  capabilities: string[];
  bucketIds?: string[] | null;
  namePrefix?: string | null;
  validDurationInSeconds?: number | null;
  /** v3 b2_create_key with a single bucketId, for older tools; requires exactly one bucket. */
  legacySingleBucket?: boolean;
  /**
   * The capabilities and buckets are copied from a key B2 made (a rotation): B2 accepted the combination once, so
   * the ⚠ pick that keeps `writeBuckets` off bucket-scoped keys (BUCKET_SCOPED_CAPABILITIES) is not applied, and
   * B2 decides. Never sent to B2.
   */
  copiedFromExistingKey?: boolean;
}

export interface Bucket {
  bucketId: string;
  bucketName: string;
  bucketType: string;
}

export type FetchLike = typeof fetch;
export type Sleep = (ms: number) => Promise<void>;

/** The B2 calls this client makes; errors carry the one that failed. */
export type B2CallName =
  | 'b2_authorize_account'
  | 'b2_create_key'
  | 'b2_list_keys'
  | 'b2_delete_key'
  | 'b2_list_buckets';
