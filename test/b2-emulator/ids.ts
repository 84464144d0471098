// Random identifiers shaped like the real ones (b2-key-api.md §2), so client-side validation,
// column widths and URL escaping are exercised the way production data would exercise them.
import { randomBytes } from 'node:crypto';

const HEX = '0123456789abcdef';
const ALNUM = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
// Real secrets are base64-ish and may contain '/' and '+' (§2): keeping both here catches clients that
// forget to escape the secret when they build Basic auth headers or URLs.
const SECRET_CHARS = ALNUM + '+/';

/** Cluster digit used in key IDs, secrets and tokens (real accounts show 000…005). */
export const CLUSTER = '5';

// Random bytes are drawn from a pool refilled 64 KiB at a time: a crypto call per character (or per ID) made
// seeding 10,000 keys take seconds, and benchmarks seed often.
let pool = Buffer.alloc(0);
let poolPos = 0;
function randomByte(): number {
  if (poolPos >= pool.length) {
    pool = randomBytes(65_536);
    poolPos = 0;
  }
  return pool[poolPos++] ?? 0;
}

/** The modulo bias is irrelevant for emulator IDs and secrets. */
export function randomString(length: number, alphabet: string): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomByte() % alphabet.length];
  return out;
}

/** Account ID: 12 lowercase hex chars, e.g. `4ba5845d7aaf`. The master key ID equals it. */
export function newAccountId(): string {
  return randomBytes(6).toString('hex');
}

/**
 * Non-master key ID: 25 alphanumerics = '00' + cluster digit + accountId + 10 chars (real IDs look like
 * `0054ba5845d7aaf0000000001`). The tail is random rather than a counter so that ID order differs from
 * creation order: clients must not assume list order is creation order.
 */
export function newKeyId(accountId: string): string {
  return `00${CLUSTER}${accountId}${randomString(10, HEX)}`;
}

/**
 * The `n`th key ID of a counter, as real IDs look (`…0000000001`, `…0000000002`): for tests of a client that uses
 * the order when B2 happens to keep it, and must still be right when it does not (`POST key-ids`).
 */
export function sequentialKeyId(accountId: string, n: number): string {
  return `00${CLUSTER}${accountId}${String(n).padStart(10, '0')}`;
}

/** Secret: 31 printable chars starting 'K00' + cluster digit (real ones: `K005…`). */
export function newSecret(): string {
  return `K00${CLUSTER}${randomString(27, SECRET_CHARS)}`;
}

/** Bucket ID: 24 alphanumerics (real: `e1256f0973908bfc71ed0c1z`). */
export function newBucketId(): string {
  return randomString(24, HEX + 'z');
}

/** Token shaped like `4_0022623512fc8f80000000001_0186e431_d18d02_acct_tH7VW03boebOXayIc43-sxptpfA=`. */
export function newAuthToken(keyId: string): string {
  const tail = randomBytes(20).toString('base64url').slice(0, 27);
  return `4_${keyId}_${randomString(8, HEX)}_${randomString(6, HEX)}_acct_${tail}=`;
}
