// Response bodies per API version (b2-key-api.md §2, §3-§6). Kept apart from the handlers so the three
// authorize shapes can be compared side by side.
import type { ApiVersion, AuthToken, Bucket, EmulatorState, Principal, StoredKey } from './state';

export const RECOMMENDED_PART_SIZE = 100_000_000;
export const ABSOLUTE_MINIMUM_PART_SIZE = 5_000_000;

export interface Urls {
  apiUrl: string;
  downloadUrl: string;
  s3ApiUrl: string;
}

/** Key object as list/delete return it (never the secret); v4 uses bucketIds, v2/v3 a single bucketId. */
export function keyObject(key: StoredKey, version: ApiVersion, accountId: string): Record<string, unknown> {
  const restriction =
    version === 4 ? { bucketIds: key.bucketIds } : { bucketId: key.bucketIds === null ? null : (key.bucketIds[0] ?? null) };
  return {
    accountId,
    applicationKeyId: key.applicationKeyId,
    ...restriction,
    capabilities: key.capabilities,
    expirationTimestamp: key.expirationTimestamp,
    keyName: key.keyName,
    namePrefix: key.namePrefix,
    options: key.options,
  };
}

/** b2_create_key answer: the key object plus the secret, which is only ever returned here. */
export function createdKeyObject(key: StoredKey, version: ApiVersion, accountId: string): Record<string, unknown> {
  return { ...keyObject(key, version, accountId), applicationKey: key.applicationKey };
}

export function authorizeResponse(
  version: ApiVersion,
  state: EmulatorState,
  principal: Principal,
  token: AuthToken,
  urls: Urls,
): Record<string, unknown> {
  // A restricted key's bucket whose bucket has since been deleted shows name null (§2).
  const buckets =
    principal.bucketIds === null
      ? null
      : principal.bucketIds.map((id) => ({ id, name: state.bucketById(id)?.bucketName ?? null }));
  const capabilities = [...principal.capabilities];
  const common = {
    absoluteMinimumPartSize: ABSOLUTE_MINIMUM_PART_SIZE,
    apiUrl: urls.apiUrl,
    downloadUrl: urls.downloadUrl,
    recommendedPartSize: RECOMMENDED_PART_SIZE,
    s3ApiUrl: urls.s3ApiUrl,
  };
  if (version === 4) {
    return {
      accountId: state.accountId,
      apiInfo: {
        // ⚠ pick: no groupsApi in v4 — captured live v4 samples for non-partner accounts lack it, so clients
        // must not depend on it.
        storageApi: {
          ...common,
          allowed: { buckets, capabilities, namePrefix: principal.namePrefix },
        },
      },
      applicationKeyExpirationTimestamp: principal.expirationTimestamp,
      authorizationToken: token.token,
    };
  }
  // v2/v3 can only carry one bucket; multi-bucket keys never get here (refused in the handler).
  const single = buckets?.[0];
  if (version === 3) {
    return {
      accountId: state.accountId,
      apiInfo: {
        groupsApi: { capabilities: [], groupsApiUrl: null, infoType: 'groupsApi' },
        storageApi: {
          ...common,
          bucketId: single?.id ?? null,
          bucketName: single?.name ?? null,
          capabilities,
          infoType: 'storageApi',
          namePrefix: principal.namePrefix,
        },
      },
      // ⚠ pick: present in v3 (a third-party v3 schema has it; the official v3 example does not show it).
      applicationKeyExpirationTimestamp: principal.expirationTimestamp,
      authorizationToken: token.token,
    };
  }
  return {
    ...common,
    accountId: state.accountId,
    allowed: {
      bucketId: single?.id ?? null,
      bucketName: single?.name ?? null,
      capabilities,
      namePrefix: principal.namePrefix,
    },
    authorizationToken: token.token,
  };
}

/**
 * Full bucket object as b2_list_buckets returns it (§6). Settings the caller may not read are reported with
 * isClientAuthorizedToRead false, as B2 does, which b2sdk parses as "unknown".
 */
export function bucketObject(bucket: Bucket, accountId: string, capabilities: readonly string[]): Record<string, unknown> {
  const can = (c: string): boolean => capabilities.includes(c);
  return {
    accountId,
    bucketId: bucket.bucketId,
    bucketInfo: {},
    bucketName: bucket.bucketName,
    bucketType: bucket.bucketType,
    corsRules: [],
    defaultServerSideEncryption: can('readBucketEncryption')
      ? { isClientAuthorizedToRead: true, value: { algorithm: null, mode: null } }
      : { isClientAuthorizedToRead: false, value: null },
    fileLockConfiguration: can('readBucketRetentions')
      ? {
          isClientAuthorizedToRead: true,
          value: { defaultRetention: { mode: null, period: null }, isFileLockEnabled: false },
        }
      : { isClientAuthorizedToRead: false, value: null },
    lifecycleRules: [],
    options: ['s3'],
    replicationConfiguration: can('readBucketReplications')
      ? { isClientAuthorizedToRead: true, value: null }
      : { isClientAuthorizedToRead: false, value: null },
    revision: bucket.revision,
  };
}
