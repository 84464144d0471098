import { describe, expect, it } from 'vitest';
import type { CreateKeyInput } from './types';
import { normalizeEndpoint, validateCreateKeyInput, validateCredentials, validateKeyName, validateListKeysPageSize } from './validate';

const ok: CreateKeyInput = { keyName: 'ext-reader-01', capabilities: ['listBuckets', 'readFiles'] };
const fields = (input: CreateKeyInput) => validateCreateKeyInput(input).map((i) => i.field);

describe('validateKeyName', () => {
  it('accepts 1–100 letters, digits and dashes', () => {
    expect(validateKeyName('a')).toBeNull();
    expect(validateKeyName('A-z-0-9')).toBeNull();
    expect(validateKeyName('x'.repeat(100))).toBeNull();
  });

  it.each([
    ['', 'Enter a key name.'],
    ['x'.repeat(101), 'Key names can be at most 100 characters long.'],
    ['with space', "Key names may only contain letters, numbers and '-'. Remove the space."],
    ['two spaced words', "Key names may only contain letters, numbers and '-'. Remove the spaces."],
    ['under_score', "Key names may only contain letters, numbers and '-'. Remove “_”."],
    ['café', "Key names may only contain letters, numbers and '-'. Remove “é”."],
    ['dot.name', "Key names may only contain letters, numbers and '-'. Remove “.”."],
    ['trailing\n', "Key names may only contain letters, numbers and '-'. Remove the line break or tab at the start or end."],
    [' leading', "Key names may only contain letters, numbers and '-'. Remove the space at the start or end."],
    ['trailing ', "Key names may only contain letters, numbers and '-'. Remove the space at the start or end."],
    ['a_b.c d\u200Be', "Key names may only contain letters, numbers and '-'. Remove “_”, “.”, the space and the invisible character U+200B."],
    ['ÀÉÎÕÜ_x', "Key names may only contain letters, numbers and '-'. Remove “À”, “É”, “Î”, “Õ” and “Ü” and the other characters that are not letters, numbers or dashes."],
    ['ÀÉÎÕÜ', "Key names may only contain letters, numbers and '-'. Remove “À”, “É”, “Î”, “Õ” and “Ü”."],
    ['soft\u00ADhyphen', "Key names may only contain letters, numbers and '-'. Remove the invisible character U+00AD."],
    ['a\tb\nc\rd\ve\ff\u00A0g', "Key names may only contain letters, numbers and '-'. Remove the line break or tab and the other characters that are not letters, numbers or dashes."],
    ['\tleading-tab', "Key names may only contain letters, numbers and '-'. Remove the line break or tab at the start or end."],
    ['in\u2003side', "Key names may only contain letters, numbers and '-'. Remove the line break or tab."],
  ])('rejects %j', (name, message) => {
    expect(validateKeyName(name)).toBe(message);
  });
});

describe('validateCreateKeyInput', () => {
  it('accepts a minimal input and a full one', () => {
    expect(validateCreateKeyInput(ok)).toEqual([]);
    expect(
      validateCreateKeyInput({ ...ok, bucketIds: ['b1', 'b2'], namePrefix: 'photos/', validDurationInSeconds: 86_400_000 }),
    ).toEqual([]);
    expect(validateCreateKeyInput({ ...ok, bucketIds: null, namePrefix: null, validDurationInSeconds: null })).toEqual([]);
  });

  it('lets unknown capability strings through, with or without buckets (the set is open)', () => {
    expect(validateCreateKeyInput({ ...ok, capabilities: ['someFutureCapability'] })).toEqual([]);
    expect(validateCreateKeyInput({ ...ok, capabilities: ['someFutureCapability'], bucketIds: ['b1'] })).toEqual([]);
  });

  it('allows a name prefix without buckets (⚠ current docs) but not an empty one', () => {
    expect(validateCreateKeyInput({ ...ok, namePrefix: 'logs/' })).toEqual([]);
    expect(fields({ ...ok, namePrefix: '' })).toEqual(['namePrefix']);
  });

  it.each([
    [0, 'The expiry must be between 1 second and 1000 days (86,400,000 seconds).'],
    [-456, 'The expiry must be between 1 second and 1000 days (86,400,000 seconds).'],
    [86_400_001, 'The expiry must be between 1 second and 1000 days (86,400,000 seconds).'],
    [1.5, 'The expiry must be a whole number of seconds.'],
    [Number.NaN, 'The expiry must be a whole number of seconds.'],
    [Number.POSITIVE_INFINITY, 'The expiry must be a whole number of seconds.'],
  ])('rejects validDurationInSeconds %s', (validDurationInSeconds, message) => {
    expect(validateCreateKeyInput({ ...ok, validDurationInSeconds })).toEqual([{ field: 'validDurationInSeconds', message }]);
  });

  it('accepts the duration bounds 1 and 86,400,000', () => {
    expect(validateCreateKeyInput({ ...ok, validDurationInSeconds: 1 })).toEqual([]);
    expect(validateCreateKeyInput({ ...ok, validDurationInSeconds: 86_400_000 })).toEqual([]);
  });

  it('rejects empty, blank, spaced or duplicated capabilities', () => {
    expect(validateCreateKeyInput({ ...ok, capabilities: [] })).toEqual([{ field: 'capabilities', message: 'Choose at least one capability.' }]);
    expect(fields({ ...ok, capabilities: ['readFiles', ''] })).toEqual(['capabilities']);
    expect(fields({ ...ok, capabilities: ['read Files'] })).toEqual(['capabilities']);
    expect(validateCreateKeyInput({ ...ok, capabilities: ['readFiles', 'listFiles', 'readFiles'] })).toEqual([
      { field: 'capabilities', message: "Each capability may be listed only once: 'readFiles'." },
    ]);
  });

  it('names every capability a bucket restriction rules out', () => {
    expect(validateCreateKeyInput({ ...ok, capabilities: ['listKeys', 'readFiles', 'writeKeys', 'deleteBuckets'], bucketIds: ['b1'] })).toEqual([
      { field: 'capabilities', message: "Keys restricted to buckets cannot have these capabilities: 'listKeys', 'writeKeys', 'deleteBuckets'." },
    ]);
    // The same capabilities are fine without a bucket restriction.
    expect(validateCreateKeyInput({ ...ok, capabilities: ['listKeys', 'writeKeys', 'deleteBuckets'] })).toEqual([]);
  });

  it('accepts the replication and logging capabilities on bucket-restricted keys', () => {
    const caps = ['readBucketReplications', 'writeBucketReplications', 'readBucketLogging', 'writeBucketLogging', 'listAllBucketNames'];
    expect(validateCreateKeyInput({ ...ok, capabilities: caps, bucketIds: ['b1'] })).toEqual([]);
  });

  it('requires bucketIds, when given, to be a non-empty list of distinct non-empty IDs', () => {
    expect(fields({ ...ok, bucketIds: [] })).toEqual(['bucketIds']);
    expect(fields({ ...ok, bucketIds: ['b1', ''] })).toEqual(['bucketIds']);
    expect(fields({ ...ok, bucketIds: ['b1', 'b1'] })).toEqual(['bucketIds']);
  });

  it('requires exactly one bucket for a legacy single-bucket key', () => {
    const message = 'A legacy single-bucket key must be restricted to exactly one bucket.';
    expect(validateCreateKeyInput({ ...ok, legacySingleBucket: true })).toEqual([{ field: 'bucketIds', message }]);
    expect(validateCreateKeyInput({ ...ok, legacySingleBucket: true, bucketIds: ['b1', 'b2'] })).toEqual([{ field: 'bucketIds', message }]);
    expect(validateCreateKeyInput({ ...ok, legacySingleBucket: true, bucketIds: ['b1'] })).toEqual([]);
    expect(validateCreateKeyInput({ ...ok, legacySingleBucket: false })).toEqual([]);
  });

  it('applies the bucket-scoped capability rule to a legacy single-bucket key too', () => {
    const issues = validateCreateKeyInput({ ...ok, capabilities: ['listKeys', 'readFiles', 'deleteBuckets'], bucketIds: ['b1'], legacySingleBucket: true });
    expect(issues).toEqual([{ field: 'capabilities', message: "Keys restricted to buckets cannot have these capabilities: 'listKeys', 'deleteBuckets'." }]);
  });

  it('reports wrong runtime types as issues instead of throwing', () => {
    const junk = { keyName: 7, capabilities: 'readFiles', bucketIds: 'b1', namePrefix: 3, validDurationInSeconds: '60' } as unknown as CreateKeyInput;
    expect(fields(junk)).toEqual(['keyName', 'capabilities', 'bucketIds', 'namePrefix', 'validDurationInSeconds']);
  });

  it('reports several problems at once, one per field', () => {
    expect(fields({ keyName: 'no spaces', capabilities: [], validDurationInSeconds: 0, namePrefix: '' })).toEqual([
      'keyName',
      'capabilities',
      'namePrefix',
      'validDurationInSeconds',
    ]);
  });

  it('says which check failed, in words the form shows', () => {
    const message = (input: CreateKeyInput) => validateCreateKeyInput(input).map((i) => i.message);
    expect(message({ ...ok, capabilities: ['readFiles', 3] as unknown as string[] })).toEqual(['Capabilities must be a list of capability names.']);
    expect(message({ ...ok, capabilities: ['readFiles', '  '] })).toEqual(['Capability names cannot be empty.']);
    expect(message({ ...ok, capabilities: ['read Files'] })).toEqual(['Capability names cannot contain spaces.']);
    expect(message({ ...ok, capabilities: ['listFiles', 'read\tFiles'] })).toEqual(['Capability names cannot contain spaces.']);
    expect(message({ ...ok, bucketIds: ['b1', 2] as unknown as string[] })).toEqual(['Buckets must be a list of bucket IDs.']);
    expect(message({ ...ok, bucketIds: [] })).toEqual(['Choose at least one bucket, or none to allow all buckets.']);
    expect(message({ ...ok, bucketIds: ['b1', ' '] })).toEqual(['Bucket IDs cannot be empty.']);
    expect(message({ ...ok, bucketIds: ['b1', 'b2', 'b1', 'b2'] })).toEqual(["Each bucket may be listed only once: 'b1', 'b2'."]);
    expect(message({ ...ok, namePrefix: 3 as unknown as string })).toEqual(['The file name prefix must be text.']);
    expect(message({ ...ok, namePrefix: '' })).toEqual(['Leave the file name prefix out rather than empty.']);
    expect(message({ ...ok, validDurationInSeconds: '60' as unknown as number })).toEqual(['The expiry must be a whole number of seconds.']);
  });

  it('checks bucket-scoped capabilities even when the bucket list has duplicates', () => {
    expect(validateCreateKeyInput({ ...ok, capabilities: ['listKeys'], bucketIds: ['b1', 'b1'] }).map((i) => i.field)).toEqual(['bucketIds', 'capabilities']);
  });

  it('does not add the legacy single-bucket sentence to a bucket list that is already wrong', () => {
    expect(fields({ ...ok, legacySingleBucket: true, bucketIds: [] })).toEqual(['bucketIds']);
    expect(fields({ ...ok, legacySingleBucket: true, bucketIds: ['b1', 'b1'] })).toEqual(['bucketIds']);
    expect(fields({ ...ok, legacySingleBucket: 'yes' as unknown as boolean })).toEqual([]);
    // Another field's problem does not hide the missing bucket.
    expect(fields({ ...ok, keyName: '', legacySingleBucket: true })).toEqual(['keyName', 'bucketIds']);
  });
});

describe('validateListKeysPageSize', () => {
  it('accepts 1 to 10,000 and says so otherwise', () => {
    expect(validateListKeysPageSize(1)).toEqual([]);
    expect(validateListKeysPageSize(10_000)).toEqual([]);
    const issue = [{ field: 'pageSize', message: 'The page size must be a whole number from 1 to 10000.' }];
    for (const bad of [0, 10_001, 2.5, '50' as unknown as number]) expect(validateListKeysPageSize(bad)).toEqual(issue);
  });
});

describe('validateCredentials', () => {
  it('asks for both fields, refuses a keyID with a colon, and allows one in the applicationKey', () => {
    expect(validateCredentials({ applicationKeyId: '0041', applicationKey: 'K004a:b' })).toEqual([]);
    expect(validateCredentials({ applicationKeyId: '', applicationKey: '' })).toEqual([
      { field: 'applicationKeyId', message: 'Enter the application key ID.' },
      { field: 'applicationKey', message: 'Enter the application key.' },
    ]);
    expect(validateCredentials({ applicationKeyId: 4, applicationKey: null } as unknown as { applicationKeyId: string; applicationKey: string })).toEqual([
      { field: 'applicationKeyId', message: 'Enter the application key ID.' },
      { field: 'applicationKey', message: 'Enter the application key.' },
    ]);
    expect(validateCredentials({ applicationKeyId: '004:1', applicationKey: 'K004' })).toEqual([
      { field: 'applicationKeyId', message: "Application key IDs cannot contain ':'." },
    ]);
  });
});

describe('normalizeEndpoint', () => {
  const issue = { issue: { field: 'endpoint', message: 'The API endpoint must be an http or https URL.' } };

  it('keeps an http(s) URL without its trailing slashes or surrounding spaces', () => {
    expect(normalizeEndpoint('https://api.backblazeb2.com')).toEqual({ endpoint: 'https://api.backblazeb2.com' });
    expect(normalizeEndpoint('  http://127.0.0.1:8787/// ')).toEqual({ endpoint: 'http://127.0.0.1:8787' });
    expect(normalizeEndpoint('https://proxy.example/b2/')).toEqual({ endpoint: 'https://proxy.example/b2' });
  });

  it('refuses other schemes, a query or fragment, and text that is not a URL', () => {
    for (const bad of ['ftp://example.com', 'javascript:alert(1)', 'https://x.example/?a=1', 'https://x.example/#top', 'api.backblazeb2.com', '', 42 as unknown as string]) {
      expect(normalizeEndpoint(bad)).toEqual(issue);
    }
  });
});
