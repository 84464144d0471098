import { capabilitiesNotAllowedWithBuckets } from './capabilities';
import type { ValidationIssue } from './errors';
import { KEY_NAME_PATTERN, MAX_KEY_NAME_LENGTH, MAX_LIST_KEYS_PAGE_SIZE, MAX_VALID_DURATION_SECONDS } from './limits';
import type { B2Credentials, CreateKeyInput } from './types';

// Checks mirror what B2 rejects with a 400, so people get a specific sentence instead of B2's terse message.
// They also check runtime types: input may come from a message that only claims to be a CreateKeyInput.

/** null when the name is acceptable, otherwise a sentence saying what is wrong. */
export function validateKeyName(name: string): string | null {
  if (typeof name !== 'string' || name.length === 0) return 'Enter a key name.';
  if (name.length > MAX_KEY_NAME_LENGTH) return `Key names can be at most ${MAX_KEY_NAME_LENGTH} characters long.`;
  if (KEY_NAME_PATTERN.test(name)) return null;
  // The name is sent exactly as typed, so the sentence says what to change rather than fixing it unseen.
  const rule = "Key names may only contain letters, numbers and '-'.";
  if (/^ | $/.test(name)) return `${rule} Remove the space at the start or end.`;
  if (/^\s|\s$/.test(name)) return `${rule} Remove the line break or tab at the start or end.`;
  return `${rule} Remove ${describeRefused(name)}.`;
}

/** The characters B2 would refuse, named so they can be found: spaces and invisible ones by name. */
function describeRefused(name: string): string {
  const refused = [...new Set([...name].filter((c) => !/^[A-Za-z0-9-]$/.test(c)))];
  const names = refused.slice(0, 5).map((c) => {
    if (c === ' ') return [...name].filter((x) => x === ' ').length > 1 ? 'the spaces' : 'the space';
    if (/\s/.test(c)) return 'the line break or tab';
    if (/[\p{C}]/u.test(c)) return `the invisible character U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    return `“${c}”`;
  });
  const unique = [...new Set(names)];
  const more = refused.length > 5 ? ' and the other characters that are not letters, numbers or dashes' : '';
  return unique.length === 1 ? unique[0] + more : `${unique.slice(0, -1).join(', ')} and ${unique.at(-1)}${more}`;
}

function listDuplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) duplicates.add(v);
    seen.add(v);
  }
  return [...duplicates];
}

function quoteList(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(', ');
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** Empty when the input can be sent. Each issue names the CreateKeyInput field it is about. */
export function validateCreateKeyInput(input: CreateKeyInput): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (field: string, message: string) => issues.push({ field, message });

  const nameProblem = validateKeyName(input.keyName);
  if (nameProblem !== null) add('keyName', nameProblem);

  const caps: unknown = input.capabilities;
  let validCaps: string[] = [];
  if (!isStringArray(caps)) {
    add('capabilities', 'Capabilities must be a list of capability names.');
  } else if (caps.length === 0) {
    add('capabilities', 'Choose at least one capability.');
  } else if (caps.some((c) => c.trim() === '')) {
    add('capabilities', 'Capability names cannot be empty.');
  } else if (caps.some((c) => /\s/.test(c))) {
    add('capabilities', 'Capability names cannot contain spaces.');
  } else {
    const duplicates = listDuplicates(caps);
    if (duplicates.length > 0) add('capabilities', `Each capability may be listed only once: ${quoteList(duplicates)}.`);
    else validCaps = caps;
  }

  const bucketIds: unknown = input.bucketIds;
  let bucketCount = 0;
  if (bucketIds !== undefined && bucketIds !== null) {
    if (!isStringArray(bucketIds)) {
      add('bucketIds', 'Buckets must be a list of bucket IDs.');
    } else if (bucketIds.length === 0) {
      add('bucketIds', 'Choose at least one bucket, or none to allow all buckets.');
    } else if (bucketIds.some((id) => id.trim() === '')) {
      add('bucketIds', 'Bucket IDs cannot be empty.');
    } else {
      const duplicates = listDuplicates(bucketIds);
      if (duplicates.length > 0) add('bucketIds', `Each bucket may be listed only once: ${quoteList(duplicates)}.`);
      bucketCount = bucketIds.length;
      const refused = input.copiedFromExistingKey === true ? [] : capabilitiesNotAllowedWithBuckets(validCaps);
      if (refused.length > 0) {
        add('capabilities', `Keys restricted to buckets cannot have these capabilities: ${quoteList(refused)}.`);
      }
    }
  }

  if (input.legacySingleBucket === true && bucketCount !== 1 && !issues.some((i) => i.field === 'bucketIds')) {
    add('bucketIds', 'A legacy single-bucket key must be restricted to exactly one bucket.');
  }

  // ⚠ b2-key-api.md §3: older docs required a bucket with a prefix, current docs allow a prefix on all buckets.
  // We follow the current docs and allow it either way; B2 answers 400 if it disagrees.
  const prefix: unknown = input.namePrefix;
  if (prefix !== undefined && prefix !== null) {
    if (typeof prefix !== 'string') add('namePrefix', 'The file name prefix must be text.');
    else if (prefix === '') add('namePrefix', 'Leave the file name prefix out rather than empty.');
  }

  const duration: unknown = input.validDurationInSeconds;
  if (duration !== undefined && duration !== null) {
    if (typeof duration !== 'number' || !Number.isInteger(duration)) {
      add('validDurationInSeconds', 'The expiry must be a whole number of seconds.');
    } else if (duration < 1 || duration > MAX_VALID_DURATION_SECONDS) {
      add('validDurationInSeconds', 'The expiry must be between 1 second and 1000 days (86,400,000 seconds).');
    }
  }

  return issues;
}

export function validateListKeysPageSize(pageSize: number): ValidationIssue[] {
  if (typeof pageSize !== 'number' || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_LIST_KEYS_PAGE_SIZE) {
    return [{ field: 'pageSize', message: `The page size must be a whole number from 1 to ${MAX_LIST_KEYS_PAGE_SIZE}.` }];
  }
  return [];
}

export function validateCredentials(credentials: B2Credentials): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const id: unknown = credentials.applicationKeyId;
  const key: unknown = credentials.applicationKey;
  if (typeof id !== 'string' || id === '') {
    issues.push({ field: 'applicationKeyId', message: 'Enter the application key ID.' });
  } else if (id.includes(':')) {
    // Basic auth splits user from password at the first ':', so such an ID could never be sent intact.
    issues.push({ field: 'applicationKeyId', message: "Application key IDs cannot contain ':'." });
  }
  if (typeof key !== 'string' || key === '') {
    issues.push({ field: 'applicationKey', message: 'Enter the application key.' });
  }
  return issues;
}

/** The endpoint without trailing slashes, or an issue when it is not an http(s) URL. */
export function normalizeEndpoint(endpoint: string): { endpoint: string } | { issue: ValidationIssue } {
  const trimmed = typeof endpoint === 'string' ? endpoint.trim().replace(/\/+$/, '') : '';
  let ok = false;
  try {
    const url = new URL(trimmed);
    ok = (url.protocol === 'https:' || url.protocol === 'http:') && url.search === '' && url.hash === '';
  } catch {
    ok = false;
  }
  return ok ? { endpoint: trimmed } : { issue: { field: 'endpoint', message: 'The API endpoint must be an http or https URL.' } };
}
