/** Why B2 refused a key's secret, for Check applicationKey and Save secret. */
import type { StoredAccount } from '../storage';
import type { Context } from './context';

/**
 * Asked read-only: one b2_list_keys page starting at the keyID says whether B2 still has the key and when it expires.
 * B2 may stop listing an expired key, so `cachedExpiry` (the key list's) speaks for a missing one. 'mismatch': B2 has
 * the key, so the secret sent was not its. Throws whatever asking B2 threw.
 */
export async function refusalCause(ctx: Context, account: StoredAccount, applicationKeyId: string, cachedExpiry: number | null): Promise<'expired' | 'deleted' | 'mismatch'> {
  const listed = await (await ctx.client(account)).getKey(applicationKeyId);
  const expiry = listed?.expirationTimestamp ?? cachedExpiry;
  if (expiry !== null && expiry <= ctx.deps.now()) return 'expired';
  return listed ? 'mismatch' : 'deleted';
}
