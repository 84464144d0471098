// Limits B2 enforces server-side, mirrored so bad input is caught before a request (b2-key-api.md §3, §4).

export const MAX_KEY_NAME_LENGTH = 100;
export const KEY_NAME_PATTERN = /^[A-Za-z0-9-]+$/;
/** 1000 days; the SDK simulator and Terraform accept this value itself (live boundary unverified). */
export const MAX_VALID_DURATION_SECONDS = 86_400_000;
export const MAX_LIST_KEYS_PAGE_SIZE = 10_000;
export const DEFAULT_LIST_KEYS_PAGE_SIZE = 10_000;
export const DEFAULT_ENDPOINT = 'https://api.backblazeb2.com';
/** Tokens live at most 24 h; re-authorizing an hour early avoids a 401 round trip near the end. */
export const AUTH_REUSE_MS = 23 * 60 * 60 * 1000;
