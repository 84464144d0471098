/**
 * The "Create New Key" form's rules, kept pure: what the person entered → the CreateKeyInput to send, or
 * a sentence per field. Field names are CreateKeyInput's, so errors from the background (RpcError.fields)
 * land in the same places.
 */
import {
  ALL_KNOWN_CAPABILITIES,
  CAPABILITY_GROUPS,
  capabilitiesForAccessType,
  capabilitiesNotAllowedWithBuckets,
  UNVERIFIED_CAPABILITIES,
  type AccessType,
} from '../b2/capabilities';
import { MAX_VALID_DURATION_SECONDS } from '../b2/limits';
import { validateCreateKeyInput, validateKeyName } from '../b2/validate';
import type { CreateKeyInput } from '../b2/types';

export type DurationUnit = 'days' | 'seconds';

export interface CreateFormState {
  keyName: string;
  /** 'all' = no bucket restriction. */
  bucketMode: 'all' | 'some';
  bucketIds: string[];
  accessType: AccessType;
  /** Used when accessType is 'custom'. */
  customCapabilities: string[];
  allowListAllBucketNames: boolean;
  namePrefix: string;
  durationValue: string;
  durationUnit: DurationUnit;
  /**
   * The advanced switch: a v4 multi-bucket key even for one bucket. Off by default, because one bucket makes a
   * single-bucket key (v3 `bucketId`), which tools on B2's API v1–v3 can use too (b2-key-api.md §0.3).
   */
  v4OneBucket: boolean;
}

export type CreateField = 'keyName' | 'bucketIds' | 'capabilities' | 'namePrefix' | 'validDurationInSeconds' | 'legacySingleBucket';
export type FieldErrors = Partial<Record<CreateField, string>>;

export const INITIAL_CREATE_FORM: CreateFormState = {
  keyName: '',
  bucketMode: 'all',
  bucketIds: [],
  accessType: 'readWrite',
  customCapabilities: [],
  allowListAllBucketNames: false,
  namePrefix: '',
  durationValue: '',
  durationUnit: 'days',
  v4OneBucket: false,
};

export const SECONDS_PER_DAY = 86_400;
export const MAX_DURATION_DAYS = MAX_VALID_DURATION_SECONDS / SECONDS_PER_DAY;

/** Empty → no expiry (null). Otherwise a whole, positive number of days or seconds up to 1000 days. */
export function parseDuration(value: string, unit: DurationUnit): { seconds: number | null } | { error: string } {
  const trimmed = value.trim();
  // Separators count only between groups of three digits ("1,000", "1 000"): "0,5" is half a day written with a
  // decimal comma, not 5 days, and "1,5" not 15.
  const text = /^\d{1,3}(?:[,_\s']\d{3})+$/u.test(trimmed) ? trimmed.replace(/\D/g, '') : trimmed;
  if (text === '') return { seconds: null };
  if (!/^\d+$/.test(text)) return { error: `Enter a whole number of ${unit}, or leave it empty for a key that never expires.` };
  const n = Number(text);
  if (n < 1) return { error: `Enter at least 1 ${unit === 'days' ? 'day' : 'second'}, or leave it empty for a key that never expires.` };
  const seconds = unit === 'days' ? n * SECONDS_PER_DAY : n;
  if (seconds > MAX_VALID_DURATION_SECONDS) {
    return { error: `A key can last at most ${MAX_DURATION_DAYS} days (${MAX_VALID_DURATION_SECONDS.toLocaleString('en-US')} seconds).` };
  }
  return { seconds };
}

/** The live name check: nothing is said about an untouched empty field. */
export function keyNameError(name: string, touched: boolean): string | null {
  if (!touched && name === '') return null;
  return validateKeyName(name);
}

/**
 * Capabilities the form will ask for. Not limited by the managing key's own capabilities: its writeKeys lets
 * B2 create keys with any of them (b2-key-api.md §3).
 */
export function capabilitiesOf(state: CreateFormState): string[] {
  const bucketRestricted = state.bucketMode === 'some';
  if (state.accessType !== 'custom') {
    return capabilitiesForAccessType(state.accessType, { allowListAllBucketNames: state.allowListAllBucketNames, bucketRestricted });
  }
  const blocked = blockedByBuckets(state.customCapabilities, state.bucketMode);
  // The form shows ruled-out capabilities unticked and disabled, so they are not sent either.
  const caps = state.customCapabilities.filter((c) => c !== 'listAllBucketNames' && !blocked.has(c));
  if (state.allowListAllBucketNames) caps.push('listAllBucketNames');
  return [...new Set(caps)];
}

/**
 * The custom checklist: every known capability in the console's order (a managing key with writeKeys may grant
 * any of them, whether or not it holds them itself), except unverified ones the managing key does not hold;
 * then, under "Other", capabilities the managing key holds that this version does not know yet (`available`,
 * its `allowed.capabilities`). `listAllBucketNames` has its own checkbox.
 */
export function customChoices(available: readonly string[]): { label: string; capabilities: string[] }[] {
  const held = new Set(available);
  const offered = (c: string) => c !== 'listAllBucketNames' && (!UNVERIFIED_CAPABILITIES.includes(c) || held.has(c));
  const groups = CAPABILITY_GROUPS.map((g) => ({ label: g.label, capabilities: g.capabilities.filter(offered) }));
  const known = new Set(ALL_KNOWN_CAPABILITIES);
  const other = [...new Set(available.filter((c) => !known.has(c)))];
  if (other.length) groups.push({ label: 'Other', capabilities: [...other] });
  return groups.filter((g) => g.capabilities.length > 0);
}

/** Custom capabilities a bucket restriction rules out; the form disables them. */
export function blockedByBuckets(capabilities: readonly string[], bucketMode: CreateFormState['bucketMode']): Set<string> {
  return new Set(bucketMode === 'some' ? capabilitiesNotAllowedWithBuckets(capabilities) : []);
}

/** Which key the form makes: no bucket restriction, a single-bucket key (API v1–v4) or a multi-bucket one (v4). */
export function keyKindOf(state: Pick<CreateFormState, 'bucketMode' | 'bucketIds' | 'v4OneBucket'>): 'allBuckets' | 'single' | 'multi' | null {
  if (state.bucketMode === 'all') return 'allBuckets';
  if (state.bucketIds.length === 0) return null;
  return state.bucketIds.length === 1 && !state.v4OneBucket ? 'single' : 'multi';
}

/** What the form says under the buckets about the key it will make; null when there is nothing to say. */
export function keyKindSentence(state: Pick<CreateFormState, 'bucketMode' | 'bucketIds' | 'v4OneBucket'>): string | null {
  switch (keyKindOf(state)) {
    case 'single':
      return 'One bucket: this makes a single-bucket key, which works with every tool (B2 API v1 to v4).';
    case 'multi':
      return state.bucketIds.length === 1
        ? 'This makes a multi-bucket key with one bucket (B2 API v4). Tools that use B2’s older API versions (v1 to v3) cannot use it.'
        : 'More than one bucket makes a multi-bucket key (B2 API v4). Tools that use B2’s older API versions (v1 to v3), such as older restic or rclone releases, cannot use it.';
    default:
      return null;
  }
}

export type BuildResult = { ok: true; input: CreateKeyInput } | { ok: false; errors: FieldErrors };

export function buildCreateKeyInput(state: CreateFormState): BuildResult {
  const errors: FieldErrors = {};
  const duration = parseDuration(state.durationValue, state.durationUnit);
  if ('error' in duration) errors.validDurationInSeconds = duration.error;
  if (state.bucketMode === 'some' && state.bucketIds.length === 0) errors.bucketIds = 'Choose at least one bucket, or choose All.';
  const capabilities = capabilitiesOf(state);
  // Only a custom choice can be empty: every preset keeps its essentials, with or without buckets.
  if (capabilities.length === 0) errors.capabilities = 'Choose at least one capability.';
  const single = keyKindOf(state) === 'single';

  const input: CreateKeyInput = {
    // Sent exactly as shown: a space B2 refuses is named in the field's error, never trimmed away unseen.
    keyName: state.keyName,
    capabilities,
    bucketIds: state.bucketMode === 'some' ? [...state.bucketIds] : null,
    namePrefix: state.namePrefix === '' ? null : state.namePrefix,
    validDurationInSeconds: 'seconds' in duration ? duration.seconds : null,
  };
  if (single) input.legacySingleBucket = true;

  // The b2 module's own checks (name rules, bucket-scoped capabilities…) say the rest, in the same words B2 would.
  for (const issue of validateCreateKeyInput(input)) {
    const field = issue.field as CreateField;
    if (!(field in errors)) errors[field] = issue.message;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, input };
}

/** Maps the background's INVALID_INPUT fields onto the form's fields. */
export function errorsFromFields(fields: Record<string, string>): FieldErrors {
  const out: FieldErrors = {};
  const known: CreateField[] = ['keyName', 'bucketIds', 'capabilities', 'namePrefix', 'validDurationInSeconds', 'legacySingleBucket'];
  for (const f of known) if (fields[f]) out[f] = fields[f];
  return out;
}
