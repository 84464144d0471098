/**
 * Reads one key of a b2_list_keys page, checking the same things as keyV4Schema (schemas.ts) and giving the
 * same result. A refresh of 100,000 keys runs this 100,000 times: zod's general object walk (jitless, since
 * MV3 forbids eval) cost about 60 ms a page of 10,000 in the worker, this about a tenth of that.
 * listed-key.test.ts holds the two to the same answers.
 */
import type { B2Key } from './types';

/** The first problem with one field, as a path below the key and a sentence; null when the key is fine. */
export interface ListedKeyProblem {
  field: string;
  message: string;
}

function isStringArray(v: unknown): v is string[] {
  if (!Array.isArray(v)) return false;
  for (const s of v) if (typeof s !== 'string') return false;
  return true;
}

export const BUCKETS_MISSING = 'missing (a key without it would read as reaching every bucket)';

/**
 * The buckets a key reaches: `bucketIds` (null: all), or v3's single `bucketId` when only that is there. A key with
 * neither is not read as "all buckets" (undefined: refused): a listing that lost the field would show a one-bucket
 * key as reaching every bucket, and Rotate key would make its successor so. The authorize reply's `allowed.buckets`
 * is required for the same reason (schemas.ts).
 */
export function bucketScope(bucketIds: unknown, bucketId: unknown): string[] | null | undefined {
  if (bucketIds === null) return null;
  if (bucketIds !== undefined) return isStringArray(bucketIds) ? [...bucketIds] : undefined;
  if (bucketId === null) return null;
  return typeof bucketId === 'string' ? [bucketId] : undefined;
}

/** A fresh B2Key holding only the known fields, or the first field that is wrong. */
export function readListedKey(v: unknown): B2Key | ListedKeyProblem {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { field: '', message: 'expected an object' };
  const k = v as Record<string, unknown>;
  const { accountId, applicationKeyId, keyName, capabilities, namePrefix, expirationTimestamp, options, bucketIds } = k;
  if (typeof accountId !== 'string') return { field: 'accountId', message: 'expected a string' };
  if (typeof applicationKeyId !== 'string' || applicationKeyId === '') return { field: 'applicationKeyId', message: 'expected a non-empty string' };
  if (typeof keyName !== 'string') return { field: 'keyName', message: 'expected a string' };
  if (!isStringArray(capabilities)) return { field: 'capabilities', message: 'expected an array of strings' };
  if (namePrefix != null && typeof namePrefix !== 'string') return { field: 'namePrefix', message: 'expected a string or null' };
  if (expirationTimestamp != null && !(typeof expirationTimestamp === 'number' && Number.isFinite(expirationTimestamp))) return { field: 'expirationTimestamp', message: 'expected a number or null' };
  if (options != null && !isStringArray(options)) return { field: 'options', message: 'expected an array of strings or null' };
  const buckets = bucketScope(bucketIds, k.bucketId);
  if (buckets === undefined) return { field: 'bucketIds', message: bucketIds === undefined ? BUCKETS_MISSING : 'expected an array of strings or null' };
  return {
    accountId,
    applicationKeyId,
    keyName,
    capabilities: [...capabilities],
    bucketIds: buckets,
    namePrefix: namePrefix ?? null,
    expirationTimestamp: expirationTimestamp ?? null,
    options: options == null ? [] : [...options],
  };
}

export function isListedKeyProblem(r: B2Key | ListedKeyProblem): r is ListedKeyProblem {
  return 'message' in r;
}
