/**
 * The settings record in storage.local. Storage owns its shape; the RPC table (getSettings/setSettings)
 * uses this schema rather than defining its own, so the stored and the sent shape cannot drift apart.
 */
import { z } from '../common/zod';
import { lazySchema } from '../common/lazy-schema';

export const autoLockSchema = lazySchema(() => z.union([
  z.object({ kind: z.literal('minutes'), minutes: z.number().check(z.int(), z.gte(1), z.lte(24 * 60)) }),
  /** Only the browser closing (storage.session is cleared) locks the vault. */
  z.object({ kind: z.literal('browserClose') }),
]));
export type AutoLock = z.infer<typeof autoLockSchema>;

export const settingsSchema = lazySchema(() => z.object({
  autoLock: autoLockSchema,
  lockOnScreenLock: z.boolean(),
  /**
   * How old the key list may be before opening the popup refreshes it, in minutes; null: only the Refresh
   * button does (every listing is billed by B2, and a large account takes several calls).
   * Optional so settings saved before it still parse (a failed parse would drop all of them).
   */
  refreshAfterMinutes: z.optional(z.nullable(z.number().check(z.int(), z.nonnegative(), z.lte(24 * 60)))),
  /** Base URL of b2_authorize_account for new accounts. */
  endpoint: z.string(),
  /**
   * Seconds after which a copied applicationKey is cleared from the clipboard if it is still there; null =
   * only when the vault locks. Optional so settings saved before it existed still parse (absent = 60).
   */
  clipboardClearSeconds: z.optional(z.nullable(z.number().check(z.int(), z.positive(), z.lte(3600)))),
  /** Keys expiring within this many days count as "expiring soon" (toolbar badge, filter). Optional: absent = 7. */
  expiryWarningDays: z.optional(z.number().check(z.int(), z.gte(1), z.lte(365))),
  /** Issue 13: record where each key is filled (origin, page title, time), encrypted in the vault. Optional: absent = on. */
  recordUsage: z.optional(z.boolean()),
}));
export type Settings = z.infer<typeof settingsSchema>;
