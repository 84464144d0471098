/**
 * The settings record in storage.local. Storage owns its shape; the RPC table (getSettings/setSettings)
 * uses this schema rather than defining its own, so the stored and the sent shape cannot drift apart.
 */
import { z } from '../common/zod';
import { lazySchema } from '../common/lazy-schema';
import { AUTO_LOCK_CHOICES, CLIPBOARD_CLEAR_CHOICES } from '../common/choices';

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

/**
 * A stored settings record that fails the schema, read field by field: each field that is valid on its own is kept
 * (one damaged field must not turn every choice back into the defaults, and the next save write them over the
 * rest). A damaged auto-lock or clipboard time becomes the strictest choice, not the default: a vault must never
 * stay unlocked, or a copy on the clipboard, longer than the person chose. Anything else damaged is its default.
 */
export function salvageSettings(raw: unknown, defaults: Settings): Settings {
  const strict: Partial<Settings> = { autoLock: { kind: 'minutes', minutes: AUTO_LOCK_CHOICES[0] }, clipboardClearSeconds: CLIPBOARD_CLEAR_CHOICES[0] };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ...defaults, ...strict };
  const out: Record<string, unknown> = { ...defaults };
  for (const [field, value] of Object.entries(raw)) {
    if (!(field in settingsSchema.shape)) continue;
    if (settingsSchema.safeParse({ ...defaults, [field]: value }).success) out[field] = value;
    else if (field in strict) out[field] = strict[field as keyof Settings];
  }
  return out as Settings;
}

/** The fields of a stored settings record that this version's schema does not name, as they are. */
export function unknownSettingsFields(raw: unknown): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  return Object.fromEntries(Object.entries(raw).filter(([field]) => !(field in settingsSchema.shape)));
}
