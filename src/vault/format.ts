// Vault format v1: the shapes that are stored in browser.storage.local, and their validation.
// Everything here is JSON-serialisable; binary fields are canonical padded base64 (see base64.ts).

import { z } from '../common/zod';
import { lazySchema } from '../common/lazy-schema';
import { base64ByteLength } from './base64';
import { VaultError } from './errors';

export const VAULT_FORMAT_VERSION = 1;

export const DEFAULT_KDF: { readonly name: 'PBKDF2'; readonly hash: 'SHA-256'; readonly iterations: 600000 } =
  Object.freeze({ name: 'PBKDF2', hash: 'SHA-256', iterations: 600000 });

/**
 * Accepted PBKDF2 iteration range. The floor keeps tests fast while still refusing a header that was
 * edited down to a handful of iterations; the ceiling stops a damaged or hostile header from pinning
 * the worker in PBKDF2 for minutes (10M is roughly 10–20 s in a browser).
 */
export const MIN_KDF_ITERATIONS = 1000;
export const MAX_KDF_ITERATIONS = 10_000_000;

export const SALT_BYTES = 16;
export const IV_BYTES = 12;
export const DATA_KEY_BYTES = 32;
export const GCM_TAG_BYTES = 16;

export { MIN_PASSPHRASE_LENGTH } from './limits';

export interface VaultHeader {
  v: 1;
  kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: string };
  /** The data key (DEK), AES-GCM-encrypted under the passphrase key; `ct` includes the 16-byte tag. */
  wrappedKey: { iv: string; ct: string };
}

export interface SealedSecret {
  v: 1;
  iv: string;
  /** AES-GCM ciphertext followed by the 16-byte tag. */
  ct: string;
}

/**
 * 'legacyAccountKey' is the managing key as storage format 1 sealed it, before the endpoint was bound;
 * it exists only so the background can re-seal such a key once (see background/account-integrity.ts).
 */
export type SecretPurpose = 'appKey' | 'accountKey' | 'legacyAccountKey' | 'keyUsage';

export interface SecretBinding {
  accountId: string;
  applicationKeyId: string;
  /** Default 'appKey'. The managing key of an account is stored with purpose 'accountKey'. */
  purpose?: SecretPurpose;
  /**
   * Where this key is sent: required for 'accountKey', so an endpoint edited at rest makes the managing key
   * fail to open instead of being sent to that endpoint. Ignored for the other purposes.
   */
  endpoint?: string;
}

const base64OfLength = (bytes: number) =>
  z.string().check(z.refine((s) => base64ByteLength(s) === bytes, { message: `expected base64 of ${bytes} bytes` }));

const base64OfAtLeast = (bytes: number) =>
  z.string().check(z.refine((s) => base64ByteLength(s) >= bytes, { message: `expected base64 of at least ${bytes} bytes` }));

// Strict objects: a v1 header or sealed secret has exactly these fields. Anything else is a different
// format and must come with a different `v`.
export const vaultHeaderSchema = lazySchema(() => z.strictObject({
  v: z.literal(1),
  kdf: z.strictObject({
    name: z.literal('PBKDF2'),
    hash: z.literal('SHA-256'),
    iterations: z.number().check(z.int(), z.gte(MIN_KDF_ITERATIONS), z.lte(MAX_KDF_ITERATIONS)),
    salt: base64OfLength(SALT_BYTES),
  }),
  wrappedKey: z.strictObject({
    iv: base64OfLength(IV_BYTES),
    ct: base64OfLength(DATA_KEY_BYTES + GCM_TAG_BYTES),
  }),
}) satisfies z.ZodMiniType<VaultHeader>);

export const sealedSecretSchema = lazySchema(() => z.strictObject({
  v: z.literal(1),
  iv: base64OfLength(IV_BYTES),
  ct: base64OfAtLeast(GCM_TAG_BYTES),
}) satisfies z.ZodMiniType<SealedSecret>);

// Not strict: callers may pass a richer record (a cached key, an account) as the binding.
export const secretBindingSchema = lazySchema(() => z.object({
  accountId: z.string().check(z.minLength(1)),
  applicationKeyId: z.string().check(z.minLength(1)),
  // 'keyUsage' (issue 13): a key's sealed where-used list, never a secret, bound so it cannot pass for one.
  purpose: z.optional(z.enum(['appKey', 'accountKey', 'legacyAccountKey', 'keyUsage'])),
  endpoint: z.optional(z.string()),
}) satisfies z.ZodMiniType<SecretBinding>);

/** A number in `v` that is not 1 means "another format version", anything else is just damage. */
function hasForeignVersion(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  try {
    const v: unknown = (value as { v?: unknown }).v;
    return typeof v === 'number' && v !== VAULT_FORMAT_VERSION;
  } catch {
    return false;
  }
}

function safeParse<T>(schema: z.ZodMiniType<T>, value: unknown): T | undefined {
  try {
    const result = schema.safeParse(value);
    return result.success ? result.data : undefined;
  } catch {
    // A getter or proxy in hostile input threw; treat it like any other malformed value.
    return undefined;
  }
}

/**
 * Validates a stored header and returns a fresh copy (the input is never mutated or retained).
 * Throws VaultError UNSUPPORTED_VERSION when `v` is a number other than 1, CORRUPT_HEADER otherwise.
 */
export function parseVaultHeader(value: unknown): VaultHeader {
  if (hasForeignVersion(value)) throw new VaultError('UNSUPPORTED_VERSION');
  const header = safeParse(vaultHeaderSchema, value);
  if (!header) throw new VaultError('CORRUPT_HEADER');
  return header;
}

/**
 * Validates a stored sealed secret and returns a fresh copy.
 * Throws VaultError UNSUPPORTED_VERSION when `v` is a number other than 1, CORRUPT_ENTRY otherwise.
 */
export function parseSealedSecret(value: unknown): SealedSecret {
  if (hasForeignVersion(value)) throw new VaultError('UNSUPPORTED_VERSION');
  const sealed = safeParse(sealedSecretSchema, value);
  if (!sealed) throw new VaultError('CORRUPT_ENTRY');
  return sealed;
}

export interface ParsedSecretBinding {
  accountId: string;
  applicationKeyId: string;
  purpose: SecretPurpose;
  /** Set exactly when purpose is 'accountKey'. */
  endpoint: string | null;
}

/** Validates a binding supplied by the caller; a bad one is a caller bug (INVALID_ARGUMENT). */
export function parseSecretBinding(value: unknown): ParsedSecretBinding {
  const binding = safeParse(secretBindingSchema, value);
  if (!binding) {
    throw new VaultError('INVALID_ARGUMENT', 'A secret binding needs a non-empty accountId and applicationKeyId.');
  }
  const purpose = binding.purpose ?? 'appKey';
  if (purpose === 'accountKey' && !binding.endpoint) {
    throw new VaultError('INVALID_ARGUMENT', "An account's managing key must be bound to its endpoint.");
  }
  return { accountId: binding.accountId, applicationKeyId: binding.applicationKeyId, purpose, endpoint: purpose === 'accountKey' ? binding.endpoint! : null };
}

/** True when the header's KDF is weaker than `minIterations` and should be re-wrapped on unlock. */
export function needsKdfUpgrade(header: VaultHeader, minIterations: number = DEFAULT_KDF.iterations): boolean {
  return header.kdf.iterations < minIterations;
}
