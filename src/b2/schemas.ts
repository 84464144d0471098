import { z } from '../common/zod';
import { lazySchema } from '../common/lazy-schema';
import { KEY_NAME_PATTERN, MAX_KEY_NAME_LENGTH, MAX_LIST_KEYS_PAGE_SIZE, MAX_VALID_DURATION_SECONDS } from './limits';
import type { B2Auth, B2Key, Bucket, CreatedKey } from './types';
import { BUCKETS_MISSING, bucketScope, isListedKeyProblem, readListedKey } from './listed-key';

// Optional fields are read as "absent or null ⇒ null": B2, b2sdk and the emulator differ on whether they
// omit or null them (b2-key-api.md §3), and the distinction carries no meaning for us.
const nullableString = lazySchema(() => z.pipe(z.nullish(z.string()), z.transform((v) => v ?? null)));
const nullableNumber = lazySchema(() => z.pipe(z.nullish(z.number()), z.transform((v) => v ?? null)));

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
const httpUrl = lazySchema(() => z.string().check(z.refine(isHttpUrl, { message: 'expected an http(s) URL' })));

// ---------------------------------------------------------------------------------------------- responses

export const allowedSchema = lazySchema(() => z.object({
  // Required (nullable, not optional): a missing list must not be mistaken for "all buckets".
  buckets: z.nullable(z.array(z.object({ id: z.string().check(z.minLength(1)), name: nullableString }))),
  capabilities: z.array(z.string()),
  namePrefix: nullableString,
}));

/** v4 b2_authorize_account reply, mapped to B2Auth without `obtainedAt` (the caller's clock adds it). */
export const authorizeResponseV4Schema = lazySchema(() => z.pipe(
  z.object({
    accountId: z.string().check(z.minLength(1)),
    authorizationToken: z.string().check(z.minLength(1)),
    apiInfo: z.object({
      storageApi: z.object({
        apiUrl: httpUrl,
        // Not used for key management, so a reply without them is still usable.
        downloadUrl: z.pipe(z.nullish(z.string()), z.transform((v) => v ?? '')),
        s3ApiUrl: z.pipe(z.nullish(z.string()), z.transform((v) => v ?? '')),
        // Restrictions are read only from `allowed`: b2sdk's simulator also emits top-level copies, real v4 replies do not.
        allowed: allowedSchema,
      }),
    }),
    applicationKeyExpirationTimestamp: nullableNumber,
  }),
  z.transform((r) => ({
    accountId: r.accountId,
    authorizationToken: r.authorizationToken,
    apiUrl: r.apiInfo.storageApi.apiUrl,
    downloadUrl: r.apiInfo.storageApi.downloadUrl,
    s3ApiUrl: r.apiInfo.storageApi.s3ApiUrl,
    allowed: r.apiInfo.storageApi.allowed,
    applicationKeyExpirationTimestamp: r.applicationKeyExpirationTimestamp,
  })),
) satisfies z.ZodMiniType<Omit<B2Auth, 'obtainedAt'>>);

/** A cached B2Auth read back from session storage; anything that fails this is discarded, not trusted. */
export const b2AuthSchema = lazySchema(() => z.object({
  accountId: z.string().check(z.minLength(1)),
  authorizationToken: z.string().check(z.minLength(1)),
  apiUrl: httpUrl,
  downloadUrl: z.string(),
  s3ApiUrl: z.string(),
  allowed: allowedSchema,
  applicationKeyExpirationTimestamp: z.nullable(z.number()),
  obtainedAt: z.number(),
}) satisfies z.ZodMiniType<B2Auth>);

/** A function, not a constant: built only when a key schema is (see lazySchema). */
const keyFields = () => ({
  accountId: z.string(),
  applicationKeyId: z.string().check(z.minLength(1)),
  keyName: z.string(),
  capabilities: z.array(z.string()),
  namePrefix: nullableString,
  expirationTimestamp: nullableNumber,
  options: z.pipe(z.nullish(z.array(z.string())), z.transform((v) => v ?? [])),
});
const secretField = lazySchema(() => z.string().check(z.minLength(1)));

/** A key object's bucket fields, as they may come: v4's `bucketIds`, or v3's single `bucketId`. */
const bucketFields = () => ({ bucketIds: z.optional(z.nullable(z.array(z.string()))), bucketId: z.optional(z.unknown()) });

/** Reads the buckets by bucketScope (listed-key.ts): absent `bucketIds` is not "all buckets". */
function scopeBuckets<T extends { bucketIds?: string[] | null; bucketId?: unknown }>({ bucketIds, bucketId, ...rest }: T, ctx: z.core.ParsePayload): Omit<T, 'bucketIds' | 'bucketId'> & { bucketIds: string[] | null } {
  const buckets = bucketScope(bucketIds, bucketId);
  if (buckets !== undefined) return { ...rest, bucketIds: buckets };
  ctx.issues.push({ code: 'custom', message: BUCKETS_MISSING, path: ['bucketIds'], input: bucketIds });
  return z.NEVER;
}

export const keyV4Schema = lazySchema(() => z.pipe(z.object({ ...keyFields(), ...bucketFields() }), z.transform(scopeBuckets)) satisfies z.ZodMiniType<B2Key>);

export const createdKeyV4Schema = lazySchema(() => z.pipe(
  z.object({ ...keyFields(), ...bucketFields(), applicationKey: secretField }),
  z.transform(scopeBuckets),
) satisfies z.ZodMiniType<CreatedKey>);

/** v3 keys carry a single `bucketId`; mapped to the v4 shape so callers see one type. */
export const createdKeyV3Schema = lazySchema(() => z.pipe(
  z.object({ ...keyFields(), bucketId: nullableString, applicationKey: secretField }),
  z.transform(({ bucketId, ...rest }) => ({ ...rest, bucketIds: bucketId === null ? null : [bucketId] })),
) satisfies z.ZodMiniType<CreatedKey>);

export const listKeysResponseSchema = lazySchema(() => z.object({
  // Each key as keyV4Schema reads it, by readListedKey: a page holds up to 10,000 keys (see listed-key.ts).
  keys: z.pipe(z.unknown(), z.transform((items, ctx): B2Key[] => {
    if (!Array.isArray(items)) {
      ctx.issues.push({ code: 'custom', message: 'expected an array', input: items });
      return z.NEVER;
    }
    const out: B2Key[] = [];
    for (let i = 0; i < items.length; i++) {
      const key = readListedKey(items[i]);
      if (isListedKeyProblem(key)) {
        ctx.issues.push({ code: 'custom', message: key.message, path: key.field ? [i, key.field] : [i], input: items[i] });
        return z.NEVER;
      }
      out.push(key);
    }
    return out;
  })),
  nextApplicationKeyId: nullableString,
}));

export const deleteKeyResponseSchema = keyV4Schema;

export const bucketSchema = lazySchema(() => z.object({
  bucketId: z.string().check(z.minLength(1)),
  bucketName: z.string(),
  bucketType: z.string(),
}) satisfies z.ZodMiniType<Bucket>);

export const listBucketsResponseSchema = lazySchema(() => z.object({ buckets: z.array(bucketSchema) }));

/** B2's error body. Each field falls back to undefined on its own so a partial body still yields a B2ApiError. */
export const errorBodySchema = lazySchema(() => z.object({
  status: z.catch(z.optional(z.number()), undefined),
  code: z.catch(z.optional(z.string()), undefined),
  message: z.catch(z.optional(z.string()), undefined),
}));

// ----------------------------------------------------------------------------------------------- requests
// Request bodies are parsed before sending too: validate.ts gives people friendly messages, these make sure a
// programming error can never put a malformed body on the wire.

const keyName = lazySchema(() => z.string().check(z.minLength(1), z.maxLength(MAX_KEY_NAME_LENGTH), z.regex(KEY_NAME_PATTERN)));
const capabilities = lazySchema(() => z.array(z.string().check(z.minLength(1))).check(z.minLength(1)));
const validDurationInSeconds = lazySchema(() => z.nullable(z.int().check(z.gte(1), z.lte(MAX_VALID_DURATION_SECONDS))));
const namePrefix = lazySchema(() => z.nullable(z.string().check(z.minLength(1))));

export const createKeyRequestV4Schema = lazySchema(() => z.object({
  accountId: z.string().check(z.minLength(1)),
  keyName,
  capabilities,
  validDurationInSeconds,
  bucketIds: z.nullable(z.array(z.string().check(z.minLength(1))).check(z.minLength(1))),
  namePrefix,
}));
export type CreateKeyRequestV4 = z.infer<typeof createKeyRequestV4Schema>;

export const createKeyRequestV3Schema = lazySchema(() => z.object({
  accountId: z.string().check(z.minLength(1)),
  keyName,
  capabilities,
  validDurationInSeconds,
  bucketId: z.string().check(z.minLength(1)),
  namePrefix,
}));
export type CreateKeyRequestV3 = z.infer<typeof createKeyRequestV3Schema>;

export const listKeysRequestSchema = lazySchema(() => z.object({
  accountId: z.string().check(z.minLength(1)),
  maxKeyCount: z.int().check(z.gte(1), z.lte(MAX_LIST_KEYS_PAGE_SIZE)),
  startApplicationKeyId: z.optional(z.string().check(z.minLength(1))),
}));
export type ListKeysRequest = z.infer<typeof listKeysRequestSchema>;

export const deleteKeyRequestSchema = lazySchema(() => z.object({ applicationKeyId: z.string().check(z.minLength(1)) }));
export type DeleteKeyRequest = z.infer<typeof deleteKeyRequestSchema>;

export const listBucketsRequestSchema = lazySchema(() => z.object({
  accountId: z.string().check(z.minLength(1)),
  bucketTypes: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
}));
export type ListBucketsRequest = z.infer<typeof listBucketsRequestSchema>;

/** Zod issues as "path: message" without the offending values, which could be secrets. */
export function describeIssues(error: z.core.$ZodError, max = 3): string {
  const parts = error.issues.slice(0, max).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    return `${path}: ${issue.message}`;
  });
  if (error.issues.length > max) parts.push(`and ${error.issues.length - max} more`);
  return parts.join('; ');
}
