import { z } from 'zod';
import { lazySchema } from '../common/lazy-schema';
import { KEY_NAME_PATTERN, MAX_KEY_NAME_LENGTH, MAX_LIST_KEYS_PAGE_SIZE, MAX_VALID_DURATION_SECONDS } from './limits';
import type { B2Auth, B2Key, Bucket, CreatedKey } from './types';
import { isListedKeyProblem, readListedKey } from './listed-key';

// Optional fields are read as "absent or null ⇒ null": B2, b2sdk and the emulator differ on whether they
// omit or null them (b2-key-api.md §3), and the distinction carries no meaning for us.
const nullableString = lazySchema(() => z
  .string()
  .nullish()
  .transform((v) => v ?? null));
const nullableNumber = lazySchema(() => z
  .number()
  .nullish()
  .transform((v) => v ?? null));

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
const httpUrl = lazySchema(() => z.string().refine(isHttpUrl, { message: 'expected an http(s) URL' }));

// ---------------------------------------------------------------------------------------------- responses

export const allowedSchema = lazySchema(() => z.object({
  // Required (nullable, not optional): a missing list must not be mistaken for "all buckets".
  buckets: z.array(z.object({ id: z.string().min(1), name: nullableString })).nullable(),
  capabilities: z.array(z.string()),
  namePrefix: nullableString,
}));

/** v4 b2_authorize_account reply, mapped to B2Auth without `obtainedAt` (the caller's clock adds it). */
export const authorizeResponseV4Schema = lazySchema(() => z
  .object({
    accountId: z.string().min(1),
    authorizationToken: z.string().min(1),
    apiInfo: z.object({
      storageApi: z.object({
        apiUrl: httpUrl,
        // Not used for key management, so a reply without them is still usable.
        downloadUrl: z.string().nullish().transform((v) => v ?? ''),
        s3ApiUrl: z.string().nullish().transform((v) => v ?? ''),
        // Restrictions are read only from `allowed`: b2sdk's simulator also emits top-level copies, real v4 replies do not.
        allowed: allowedSchema,
      }),
    }),
    applicationKeyExpirationTimestamp: nullableNumber,
  })
  .transform((r) => ({
    accountId: r.accountId,
    authorizationToken: r.authorizationToken,
    apiUrl: r.apiInfo.storageApi.apiUrl,
    downloadUrl: r.apiInfo.storageApi.downloadUrl,
    s3ApiUrl: r.apiInfo.storageApi.s3ApiUrl,
    allowed: r.apiInfo.storageApi.allowed,
    applicationKeyExpirationTimestamp: r.applicationKeyExpirationTimestamp,
  })) satisfies z.ZodType<Omit<B2Auth, 'obtainedAt'>>);

/** A cached B2Auth read back from session storage; anything that fails this is discarded, not trusted. */
export const b2AuthSchema = lazySchema(() => z.object({
  accountId: z.string().min(1),
  authorizationToken: z.string().min(1),
  apiUrl: httpUrl,
  downloadUrl: z.string(),
  s3ApiUrl: z.string(),
  allowed: allowedSchema,
  applicationKeyExpirationTimestamp: z.number().nullable(),
  obtainedAt: z.number(),
}) satisfies z.ZodType<B2Auth>);

/** A function, not a constant: built only when a key schema is (see lazySchema). */
const keyFields = () => ({
  accountId: z.string(),
  applicationKeyId: z.string().min(1),
  keyName: z.string(),
  capabilities: z.array(z.string()),
  namePrefix: nullableString,
  expirationTimestamp: nullableNumber,
  options: z
    .array(z.string())
    .nullish()
    .transform((v) => v ?? []),
});
const bucketIdsField = lazySchema(() => z
  .array(z.string())
  .nullish()
  .transform((v) => v ?? null));
const secretField = lazySchema(() => z.string().min(1));

export const keyV4Schema = lazySchema(() => z.object({ ...keyFields(), bucketIds: bucketIdsField }) satisfies z.ZodType<B2Key>);

export const createdKeyV4Schema = lazySchema(() => z.object({
  ...keyFields(),
  bucketIds: bucketIdsField,
  applicationKey: secretField,
}) satisfies z.ZodType<CreatedKey>);

/** v3 keys carry a single `bucketId`; mapped to the v4 shape so callers see one type. */
export const createdKeyV3Schema = lazySchema(() => z
  .object({ ...keyFields(), bucketId: nullableString, applicationKey: secretField })
  .transform(({ bucketId, ...rest }) => ({ ...rest, bucketIds: bucketId === null ? null : [bucketId] })) satisfies z.ZodType<CreatedKey>);

export const listKeysResponseSchema = lazySchema(() => z.object({
  // Each key as keyV4Schema reads it, by readListedKey: a page holds up to 10,000 keys (see listed-key.ts).
  keys: z.unknown().transform((items, ctx): B2Key[] => {
    if (!Array.isArray(items)) {
      ctx.addIssue({ code: 'custom', message: 'expected an array', input: items });
      return z.NEVER;
    }
    const out: B2Key[] = [];
    for (let i = 0; i < items.length; i++) {
      const key = readListedKey(items[i]);
      if (isListedKeyProblem(key)) {
        ctx.addIssue({ code: 'custom', message: key.message, path: key.field ? [i, key.field] : [i], input: items[i] });
        return z.NEVER;
      }
      out.push(key);
    }
    return out;
  }),
  nextApplicationKeyId: nullableString,
}));

export const deleteKeyResponseSchema = keyV4Schema;

export const bucketSchema = lazySchema(() => z.object({
  bucketId: z.string().min(1),
  bucketName: z.string(),
  bucketType: z.string(),
}) satisfies z.ZodType<Bucket>);

export const listBucketsResponseSchema = lazySchema(() => z.object({ buckets: z.array(bucketSchema) }));

/** B2's error body. Each field falls back to undefined on its own so a partial body still yields a B2ApiError. */
export const errorBodySchema = lazySchema(() => z.object({
  status: z.number().optional().catch(undefined),
  code: z.string().optional().catch(undefined),
  message: z.string().optional().catch(undefined),
}));

// ----------------------------------------------------------------------------------------------- requests
// Request bodies are parsed before sending too: validate.ts gives people friendly messages, these make sure a
// programming error can never put a malformed body on the wire.

const keyName = lazySchema(() => z.string().min(1).max(MAX_KEY_NAME_LENGTH).regex(KEY_NAME_PATTERN));
const capabilities = lazySchema(() => z.array(z.string().min(1)).min(1));
const validDurationInSeconds = lazySchema(() => z.int().min(1).max(MAX_VALID_DURATION_SECONDS).nullable());
const namePrefix = lazySchema(() => z.string().min(1).nullable());

export const createKeyRequestV4Schema = lazySchema(() => z.object({
  accountId: z.string().min(1),
  keyName,
  capabilities,
  validDurationInSeconds,
  bucketIds: z.array(z.string().min(1)).min(1).nullable(),
  namePrefix,
}));
export type CreateKeyRequestV4 = z.infer<typeof createKeyRequestV4Schema>;

export const createKeyRequestV3Schema = lazySchema(() => z.object({
  accountId: z.string().min(1),
  keyName,
  capabilities,
  validDurationInSeconds,
  bucketId: z.string().min(1),
  namePrefix,
}));
export type CreateKeyRequestV3 = z.infer<typeof createKeyRequestV3Schema>;

export const listKeysRequestSchema = lazySchema(() => z.object({
  accountId: z.string().min(1),
  maxKeyCount: z.int().min(1).max(MAX_LIST_KEYS_PAGE_SIZE),
  startApplicationKeyId: z.string().min(1).optional(),
}));
export type ListKeysRequest = z.infer<typeof listKeysRequestSchema>;

export const deleteKeyRequestSchema = lazySchema(() => z.object({ applicationKeyId: z.string().min(1) }));
export type DeleteKeyRequest = z.infer<typeof deleteKeyRequestSchema>;

export const listBucketsRequestSchema = lazySchema(() => z.object({
  accountId: z.string().min(1),
  bucketTypes: z.array(z.string().min(1)).min(1),
}));
export type ListBucketsRequest = z.infer<typeof listBucketsRequestSchema>;

/** Zod issues as "path: message" without the offending values, which could be secrets. */
export function describeIssues(error: z.ZodError, max = 3): string {
  const parts = error.issues.slice(0, max).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    return `${path}: ${issue.message}`;
  });
  if (error.issues.length > max) parts.push(`and ${error.issues.length - max} more`);
  return parts.join('; ');
}
