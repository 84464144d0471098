// Request-field validation for the key and bucket calls (b2-key-api.md §3-§6). Pure functions: they read the
// decoded params (JSON body, or query string already coerced by http.ts) and throw B2Error on bad input.
import { BUCKET_SCOPED_CAPABILITIES, KNOWN_CAPABILITIES } from './capabilities';
import { B2Error, badRequest } from './errors';
import type { ApiVersion, EmulatorState } from './state';

export type Params = Record<string, unknown>;

export const KEY_NAME_RE = /^[A-Za-z0-9-]{1,100}$/;
export const MAX_DURATION_SECONDS = 86_400_000; // 1000 days; b2sdk simulator and Terraform accept it inclusive
export const DEFAULT_LIST_KEYS = 100;
export const MAX_LIST_KEYS = 10_000;
const LISTABLE_BUCKET_TYPES = new Set(['allPublic', 'allPrivate', 'snapshot', 'restricted', 'shared']);
const DEFAULT_BUCKET_TYPES = ['allPublic', 'allPrivate', 'snapshot'];

/** JSON null and an absent field mean the same thing: b2sdk sends nulls for unset optionals (§3). */
const isAbsent = (v: unknown): v is null | undefined => v === undefined || v === null;

function requireString(params: Params, field: string): string {
  const v = params[field];
  if (isAbsent(v)) throw badRequest(`required field ${field} is missing`);
  if (typeof v !== 'string') throw badRequest(`field ${field} must be a string`);
  return v;
}

function optionalString(params: Params, field: string): string | null {
  const v = params[field];
  if (isAbsent(v)) return null;
  if (typeof v !== 'string') throw badRequest(`field ${field} must be a string`);
  return v;
}

function optionalStringArray(params: Params, field: string): string[] | null {
  const v = params[field];
  if (isAbsent(v)) return null;
  if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string')) {
    throw badRequest(`field ${field} must be an array of strings`);
  }
  return v;
}

/** accountId is required and must be the authorized account, not a key ID (b2-sdk-java#59: "accountId invalid"). */
export function checkAccountId(params: Params, state: EmulatorState): void {
  const accountId = requireString(params, 'accountId');
  if (accountId !== state.accountId) throw badRequest('accountId invalid');
}

export interface CreateKeyInput {
  keyName: string;
  capabilities: string[];
  validDurationInSeconds: number | null;
  bucketIds: string[] | null;
  multiBucket: boolean;
  namePrefix: string | null;
}

export function parseCapabilities(params: Params): string[] {
  const caps = params['capabilities'];
  if (isAbsent(caps)) throw badRequest('required field capabilities is missing');
  if (!Array.isArray(caps) || !caps.every((c): c is string => typeof c === 'string')) {
    throw badRequest('capabilities must be an array of strings');
  }
  if (caps.length === 0) throw badRequest('capabilities must not be empty');
  // ⚠ pick: unknown capability names are rejected, so a typo in the extension surfaces as an error instead
  // of a key that silently lacks a permission. The known set is the master key's (capabilities.ts).
  for (const c of caps) if (!KNOWN_CAPABILITIES.has(c)) throw badRequest(`unknown capability: ${c}`);
  return [...new Set(caps)];
}

export function parseKeyName(params: Params): string {
  const name = requireString(params, 'keyName');
  // Message as b2sdk's simulator words it; live text undocumented.
  if (!KEY_NAME_RE.test(name)) throw badRequest(`illegal key name: ${name}`);
  return name;
}

export function parseDuration(params: Params): number | null {
  const d = params['validDurationInSeconds'];
  if (isAbsent(d)) return null;
  // ⚠ pick: 1..86400000 inclusive, integers only (simulator/Terraform bounds; live boundary unverified).
  if (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > MAX_DURATION_SECONDS) {
    throw badRequest('valid duration must be greater than 0, and less than 1000 days in seconds');
  }
  return d;
}

/**
 * Bucket restriction per version: v4 takes `bucketIds` (any non-null value ⇒ multi-bucket key, v4-only);
 * v2/v3 take `bucketId` (stored as a one-element list, NOT multi-bucket, so it still authorizes on v2-v4).
 * ⚠ pick: the other version's field with a non-null value is a 400 rather than silently ignored, because
 * ignoring it would create an all-buckets key where the caller asked for a restricted one.
 * ⚠ pick: an empty `bucketIds` array is a 400 (neither "all buckets" nor "no buckets" is safe to assume);
 * duplicate IDs are collapsed.
 */
export function parseBucketRestriction(
  params: Params,
  version: ApiVersion,
  state: EmulatorState,
): { bucketIds: string[] | null; multiBucket: boolean } {
  let ids: string[] | null;
  let multiBucket: boolean;
  if (version === 4) {
    if (!isAbsent(params['bucketId'])) throw badRequest('bucketId is not supported in API version 4; use bucketIds');
    ids = optionalStringArray(params, 'bucketIds');
    if (ids !== null && ids.length === 0) throw badRequest('bucketIds must not be empty; use null for all buckets');
    if (ids !== null) ids = [...new Set(ids)];
    multiBucket = ids !== null;
  } else {
    if (!isAbsent(params['bucketIds'])) {
      throw badRequest(`bucketIds is not supported in API version ${version}; use bucketId`);
    }
    const id = optionalString(params, 'bucketId');
    ids = id === null ? null : [id];
    multiBucket = false;
  }
  for (const id of ids ?? []) {
    // ⚠ pick: message text; the code bad_bucket_id is from the general error table.
    if (!state.bucketById(id)) throw new B2Error(400, 'bad_bucket_id', `Invalid bucketId: ${id}`);
  }
  return { bucketIds: ids, multiBucket };
}

export function parseCreateKey(params: Params, version: ApiVersion, state: EmulatorState): CreateKeyInput {
  checkAccountId(params, state);
  const keyName = parseKeyName(params);
  const capabilities = parseCapabilities(params);
  const validDurationInSeconds = parseDuration(params);
  const { bucketIds, multiBucket } = parseBucketRestriction(params, version, state);
  // ⚠ pick: namePrefix is allowed with or without a bucket restriction (current apidocs; the old "must set
  // bucketId" rule conflicts). An empty prefix restricts nothing, so it is stored as null.
  const namePrefix = optionalString(params, 'namePrefix') || null;
  if (bucketIds !== null) {
    const bad = capabilities.filter((c) => !BUCKET_SCOPED_CAPABILITIES.has(c));
    // ⚠ pick: message text (live text undocumented).
    if (bad.length > 0) {
      throw badRequest(`capabilities not allowed on a key restricted to buckets: ${bad.join(', ')}`);
    }
  }
  return { keyName, capabilities, validDurationInSeconds, bucketIds, multiBucket, namePrefix };
}

export interface ListKeysInput {
  maxKeyCount: number;
  startApplicationKeyId: string | null;
}

export function parseListKeys(params: Params, state: EmulatorState): ListKeysInput {
  checkAccountId(params, state);
  const m = params['maxKeyCount'];
  let maxKeyCount = DEFAULT_LIST_KEYS;
  if (!isAbsent(m)) {
    if (typeof m !== 'number' || !Number.isInteger(m) || m < 1 || m > MAX_LIST_KEYS) {
      throw badRequest(`maxKeyCount must be between 1 and ${MAX_LIST_KEYS}`);
    }
    maxKeyCount = m;
  }
  return { maxKeyCount, startApplicationKeyId: optionalString(params, 'startApplicationKeyId') };
}

export function parseDeleteKey(params: Params): string {
  return requireString(params, 'applicationKeyId');
}

export interface ListBucketsInput {
  bucketId: string | null;
  bucketName: string | null;
  /** null = every type (["all"]). */
  bucketTypes: Set<string> | null;
}

export function parseListBuckets(params: Params, state: EmulatorState): ListBucketsInput {
  checkAccountId(params, state);
  const bucketId = optionalString(params, 'bucketId');
  const bucketName = optionalString(params, 'bucketName');
  const types = optionalStringArray(params, 'bucketTypes');
  let bucketTypes: Set<string> | null;
  if (types === null) {
    bucketTypes = new Set(DEFAULT_BUCKET_TYPES);
  } else if (types.length === 0) {
    throw badRequest('bucketTypes must not be empty');
  } else if (types.includes('all')) {
    if (types.length > 1) throw badRequest('bucketTypes "all" cannot be combined with other types');
    bucketTypes = null;
  } else {
    for (const t of types) if (!LISTABLE_BUCKET_TYPES.has(t)) throw badRequest(`unknown bucketType: ${t}`);
    bucketTypes = new Set(types);
  }
  return { bucketId, bucketName, bucketTypes };
}
