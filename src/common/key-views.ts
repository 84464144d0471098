/**
 * The key list's filter and sort choices and the expiry threshold: shared by the RPC table, the popup and the
 * background, so none of them has to import another context's code to name them.
 */
export const KEY_FILTERS = ['all', 'soon', 'expired', 'noSecret', 'lost'] as const;
export type KeyFilter = (typeof KEY_FILTERS)[number];
export const KEY_SORTS = ['name', 'created', 'expiry'] as const;
export type KeySort = (typeof KEY_SORTS)[number];

export const DAY_MS = 86_400_000;
/** Keys expiring within this many days count as "expiring soon" unless the options say otherwise. */
export const DEFAULT_EXPIRY_WARNING_DAYS = 7;
