// Encrypted backup file (format b2km-backup v1): accounts, their managing keys, saved applicationKeys and key
// notes, encrypted under a passphrase the person types, with the vault's own rules.
//
//   KEK   = PBKDF2-HMAC-SHA256(NFC(passphrase), salt[16], iterations ≥ 600,000) as an AES-256-GCM key
//   check = AES-GCM(KEK, iv[12], aad = "b2km-backup-v1-check", "b2km-backup-v1-check")
//   body  = AES-GCM(KEK, iv[12], aad = the header (format, v, kdf, check) as JSON, payload JSON)
//   sha256 = SHA-256 of the header and body as JSON, hex
//
// Why three layers: GCM alone cannot tell a wrong passphrase from a damaged file (both fail the tag), and the
// person must hear which one it was. The digest catches accidental damage anywhere (a truncated download, an
// edited salt) before any passphrase is tried; the check block then fails only for a wrong passphrase; the body's
// tag is what actually authenticates the content (someone who recomputed the digest still cannot fix the tag).
// The vault's data key is never in the file: every secret is re-encrypted, so the file opens in any vault.

import { z } from '../common/zod';
import { lazySchema } from '../common/lazy-schema';
import { base64ToBytes, bytesToBase64 } from './base64';
import { DEFAULT_KDF, IV_BYTES, MAX_KDF_ITERATIONS, MIN_KDF_ITERATIONS, MIN_PASSPHRASE_LENGTH, SALT_BYTES } from './format';
import { codePointLength, deriveKek, gcmDecrypt, gcmEncrypt, normalizePassphrase, randomBytes, subtle, utf8Decode, utf8Encode } from './primitives';

export const BACKUP_FORMAT = 'b2km-backup';
export const BACKUP_VERSION = 1;
const CHECK_TEXT = 'b2km-backup-v1-check';

export type BackupErrorCode = 'NOT_A_BACKUP' | 'DAMAGED' | 'WRONG_PASSPHRASE' | 'UNSUPPORTED_VERSION' | 'WEAK_PASSPHRASE';

const MESSAGES: Record<BackupErrorCode, string> = {
  NOT_A_BACKUP: 'This file is not a B2 Key Manager backup. Choose the .json file that “Export vault” saved. Nothing was imported.',
  DAMAGED: 'This backup file is damaged (it was changed or cut short after it was saved), so none of it can be trusted. Nothing was imported. Use another copy of the backup.',
  WRONG_PASSPHRASE: 'The passphrase does not open this backup. Type the passphrase you chose when you exported it (it may differ from your vault passphrase). Nothing was imported.',
  UNSUPPORTED_VERSION: 'This backup was made by a newer version of B2 Key Manager. Update the extension, then import it again. Nothing was imported.',
  WEAK_PASSPHRASE: `The backup passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters long.`,
};

export class BackupError extends Error {
  override readonly name = 'BackupError';
  constructor(
    readonly code: BackupErrorCode,
    options?: { cause?: unknown },
  ) {
    super(MESSAGES[code], options);
  }
}

export const backupAccountSchema = lazySchema(() => z.object({
  accountId: z.string().check(z.minLength(1)),
  label: z.string(),
  endpoint: z.string().check(z.minLength(1)),
  managingKeyId: z.string().check(z.minLength(1)),
  applicationKey: z.string().check(z.minLength(1)),
  capabilities: z.array(z.string()),
  bucketRestriction: z.nullable(z.array(z.object({ id: z.string(), name: z.nullable(z.string()) }))),
  namePrefix: z.nullable(z.string()),
  s3ApiUrl: z.nullable(z.string()),
  addedAt: z.number(),
}));
export type BackupAccount = z.infer<typeof backupAccountSchema>;

export const backupSecretSchema = lazySchema(() => z.object({
  accountId: z.string().check(z.minLength(1)),
  applicationKeyId: z.string().check(z.minLength(1)),
  keyName: z.string(),
  savedAt: z.number(),
  applicationKey: z.string().check(z.minLength(1)),
}));
export type BackupSecret = z.infer<typeof backupSecretSchema>;

export const backupLostSchema = lazySchema(() => z.object({ accountId: z.string().check(z.minLength(1)), applicationKeyId: z.string().check(z.minLength(1)), keyName: z.string(), flaggedAt: z.number() }));
export type BackupLost = z.infer<typeof backupLostSchema>;

export const backupPayloadSchema = lazySchema(() => z.object({
  v: z.literal(BACKUP_VERSION),
  exportedAt: z.number(),
  accounts: z.array(backupAccountSchema),
  secrets: z.array(backupSecretSchema),
  /** Key notes: keys flagged "applicationKey lost". */
  lost: z.array(backupLostSchema),
  /** Issue 13: where each key was filled (latest per origin). Optional: backups made before it have none. */
  usage: z.optional(z.array(
    z.object({
      accountId: z.string().check(z.minLength(1)),
      applicationKeyId: z.string().check(z.minLength(1)),
      entries: z.array(z.object({ origin: z.string(), title: z.string(), at: z.number(), filled: z.array(z.enum(['keyId', 'secret'])) })),
    }),
  )),
  /** Issue 13: key notes (lineage "replaces" / "replaced by", bucket kind, duration). Optional, as above. */
  notes: z.optional(z.array(
    z.object({
      accountId: z.string().check(z.minLength(1)),
      applicationKeyId: z.string().check(z.minLength(1)),
      note: z.object({
        replaces: z.optional(z.object({ applicationKeyId: z.string(), keyName: z.string() })),
        replacedBy: z.optional(z.object({ applicationKeyId: z.string(), keyName: z.string() })),
        bucketKind: z.optional(z.enum(['single', 'multi'])),
        validDurationInSeconds: z.optional(z.nullable(z.number())),
      }),
    }),
  )),
}));
export type BackupPayload = z.infer<typeof backupPayloadSchema>;

const b64 = (bytes: number) => z.string().check(z.refine((s) => safeLength(s) === bytes));
function safeLength(s: string): number {
  try {
    return base64ToBytes(s).length;
  } catch {
    return -1;
  }
}

const headerSchema = lazySchema(() => z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  v: z.literal(BACKUP_VERSION),
  kdf: z.strictObject({
    name: z.literal('PBKDF2'),
    hash: z.literal('SHA-256'),
    iterations: z.number().check(z.int(), z.gte(MIN_KDF_ITERATIONS), z.lte(MAX_KDF_ITERATIONS)),
    salt: b64(SALT_BYTES),
  }),
  check: z.strictObject({ iv: b64(IV_BYTES), ct: z.string() }),
}));
type Header = z.infer<typeof headerSchema>;

const fileSchema = lazySchema(() => z.extend(headerSchema, { body: z.strictObject({ iv: b64(IV_BYTES), ct: z.string() }), sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)) }));
type BackupFile = z.infer<typeof fileSchema>;

/** Field order fixed here, so the digest and the additional data do not depend on how a file was parsed. */
function headerText(h: Header): string {
  return JSON.stringify([h.format, h.v, h.kdf.name, h.kdf.hash, h.kdf.iterations, h.kdf.salt, h.check.iv, h.check.ct]);
}

async function digest(h: Header, body: { iv: string; ct: string }): Promise<string> {
  const bytes = new Uint8Array(await subtle().digest('SHA-256', utf8Encode(JSON.stringify([headerText(h), body.iv, body.ct]))));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function encryptBackup(payload: BackupPayload, passphrase: string, opts: { iterations?: number } = {}): Promise<string> {
  const normalized = normalizePassphrase(passphrase);
  if (codePointLength(normalized) < MIN_PASSPHRASE_LENGTH) throw new BackupError('WEAK_PASSPHRASE');
  const iterations = opts.iterations ?? DEFAULT_KDF.iterations;
  const salt = randomBytes(SALT_BYTES);
  const kek = await deriveKek(normalized, salt, iterations);
  const checkIv = randomBytes(IV_BYTES);
  const check = await gcmEncrypt(kek, checkIv, utf8Encode(CHECK_TEXT), utf8Encode(CHECK_TEXT));
  const header: Header = {
    format: BACKUP_FORMAT,
    v: BACKUP_VERSION,
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: bytesToBase64(salt) },
    check: { iv: bytesToBase64(checkIv), ct: bytesToBase64(check) },
  };
  const iv = randomBytes(IV_BYTES);
  const plaintext = utf8Encode(JSON.stringify(backupPayloadSchema.parse(payload)));
  const ct = await gcmEncrypt(kek, iv, utf8Encode(headerText(header)), plaintext);
  plaintext.fill(0);
  const body = { iv: bytesToBase64(iv), ct: bytesToBase64(ct) };
  const file: BackupFile = { ...header, body, sha256: await digest(header, body) };
  return `${JSON.stringify(file, null, 1)}\n`;
}

/** Opens a backup: every check passes before any content is returned, so a caller never acts on part of a file. */
export async function decryptBackup(text: string, passphrase: string): Promise<BackupPayload> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    // Cut short mid-way is damage; anything that never looked like one of ours is "not a backup".
    throw new BackupError(text.trimStart().startsWith(`{`) && text.includes(`"${BACKUP_FORMAT}"`) ? 'DAMAGED' : 'NOT_A_BACKUP', { cause });
  }
  if (typeof raw !== 'object' || raw === null || (raw as { format?: unknown }).format !== BACKUP_FORMAT) throw new BackupError('NOT_A_BACKUP');
  const v = (raw as { v?: unknown }).v;
  if (typeof v === 'number' && v > BACKUP_VERSION) throw new BackupError('UNSUPPORTED_VERSION');
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) throw new BackupError('DAMAGED');
  const file = parsed.data;
  const { body, sha256, ...header } = file;
  if ((await digest(header, body)) !== sha256) throw new BackupError('DAMAGED');
  let ctBytes: Uint8Array<ArrayBuffer>;
  let checkBytes: Uint8Array<ArrayBuffer>;
  try {
    ctBytes = base64ToBytes(body.ct);
    checkBytes = base64ToBytes(header.check.ct);
  } catch (cause) {
    throw new BackupError('DAMAGED', { cause });
  }
  const normalized = normalizePassphrase(passphrase);
  if (normalized.length === 0) throw new BackupError('WRONG_PASSPHRASE');
  const kek = await deriveKek(normalized, base64ToBytes(header.kdf.salt), header.kdf.iterations);
  try {
    await gcmDecrypt(kek, base64ToBytes(header.check.iv), utf8Encode(CHECK_TEXT), checkBytes);
  } catch (cause) {
    throw new BackupError('WRONG_PASSPHRASE', { cause });
  }
  let plaintext: Uint8Array;
  try {
    plaintext = await gcmDecrypt(kek, base64ToBytes(body.iv), utf8Encode(headerText(header)), ctBytes);
  } catch (cause) {
    throw new BackupError('DAMAGED', { cause });
  }
  try {
    const payload = backupPayloadSchema.safeParse(JSON.parse(utf8Decode(plaintext)));
    if (!payload.success) throw new BackupError('DAMAGED');
    return payload.data;
  } catch (cause) {
    throw cause instanceof BackupError ? cause : new BackupError('DAMAGED', { cause });
  } finally {
    plaintext.fill(0);
  }
}
