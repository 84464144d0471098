import { describe, expect, it } from 'vitest';
import {
  ACCESS_TYPE_LABELS,
  ACCESS_TYPE_PRESETS,
  ALL_KNOWN_CAPABILITIES,
  BUCKET_SCOPED_CAPABILITIES,
  KEY_MANAGEMENT_CAPABILITIES,
  accessTypeOf,
  capabilitiesForAccessType,
  capabilitiesNotAllowedWithBuckets,
  isKnownCapability,
  type AccessType,
} from './capabilities';

// Read and Write keys as the web console created them (b2-key-api.md §7).
const RW_2024 = [
  'listBuckets',
  'readBuckets',
  'listFiles',
  'readFiles',
  'shareFiles',
  'writeFiles',
  'deleteFiles',
  'readBucketEncryption',
  'writeBucketEncryption',
  'readBucketReplications',
  'writeBucketReplications',
  'readBucketNotifications',
  'writeBucketNotifications',
];
const RW_2025 = [...RW_2024, 'readBucketLogging', 'writeBucketLogging'];

const presets = ['readWrite', 'readOnly', 'writeOnly'] as const;
const all = { allowListAllBucketNames: false, bucketRestricted: false };

describe('capability lists', () => {
  it('ALL_KNOWN_CAPABILITIES has the 30 known strings without duplicates', () => {
    expect(ALL_KNOWN_CAPABILITIES).toHaveLength(30);
    expect(new Set(ALL_KNOWN_CAPABILITIES).size).toBe(30);
    for (const c of [...KEY_MANAGEMENT_CAPABILITIES, ...BUCKET_SCOPED_CAPABILITIES, ...RW_2025]) {
      expect(ALL_KNOWN_CAPABILITIES).toContain(c);
    }
  });

  it('keeps key capabilities and deleteBuckets out of the bucket-scoped set', () => {
    for (const c of ['listKeys', 'writeKeys', 'deleteKeys', 'writeBuckets', 'deleteBuckets']) expect(BUCKET_SCOPED_CAPABILITIES).not.toContain(c);
    for (const c of ['readBucketReplications', 'writeBucketLogging', 'listAllBucketNames', 'bypassGovernance']) {
      expect(BUCKET_SCOPED_CAPABILITIES).toContain(c);
    }
  });

  it('isKnownCapability knows the listed capabilities and nothing else', () => {
    for (const c of ALL_KNOWN_CAPABILITIES) expect(isKnownCapability(c)).toBe(true);
    for (const c of ['someFutureCapability', '', 'listkeys', 'toString']) expect(isKnownCapability(c)).toBe(false);
  });

  it('labels every access type', () => {
    expect(ACCESS_TYPE_LABELS).toEqual({ readWrite: 'Read and Write', readOnly: 'Read Only', writeOnly: 'Write Only', custom: 'Custom' });
  });
});

describe('capabilitiesForAccessType', () => {
  it('gives the 2025 Read and Write set', () => {
    expect(capabilitiesForAccessType('readWrite', all)).toEqual(RW_2025);
  });

  it('gives the whole Read Only and Write Only presets, written out here rather than read from the module', () => {
    expect(capabilitiesForAccessType('readOnly', all)).toEqual([
      'listBuckets',
      'readBuckets',
      'listFiles',
      'readFiles',
      'shareFiles',
      'readBucketEncryption',
      'readBucketReplications',
      'readBucketNotifications',
      'readBucketLogging',
    ]);
    expect(capabilitiesForAccessType('writeOnly', all)).toEqual([
      'listBuckets',
      'writeFiles',
      'deleteFiles',
      'writeBucketEncryption',
      'writeBucketReplications',
      'writeBucketNotifications',
      'writeBucketLogging',
    ]);
  });

  it('drops exactly the capabilities a bucket restriction rules out', () => {
    expect(capabilitiesNotAllowedWithBuckets(['listKeys', 'writeKeys', 'deleteKeys', 'writeBuckets', 'deleteBuckets', 'readFiles', 'someFutureCapability'])).toEqual([
      'listKeys',
      'writeKeys',
      'deleteKeys',
      'writeBuckets',
      'deleteBuckets',
    ]);
    const rw = capabilitiesForAccessType('readWrite', { ...all, bucketRestricted: true });
    expect(rw).toEqual(RW_2025);
  });

  it('adds listAllBucketNames when asked', () => {
    expect(capabilitiesForAccessType('readOnly', { ...all, allowListAllBucketNames: true })).toEqual([
      ...ACCESS_TYPE_PRESETS.readOnly,
      'listAllBucketNames',
    ]);
  });

  it('only returns bucket-scoped capabilities for a bucket-restricted key', () => {
    for (const type of presets) {
      const caps = capabilitiesForAccessType(type, { ...all, allowListAllBucketNames: true, bucketRestricted: true });
      expect(caps.length).toBeGreaterThan(0);
      for (const c of caps) expect(BUCKET_SCOPED_CAPABILITIES).toContain(c);
    }
  });

  it('never includes key-management capabilities', () => {
    for (const type of presets) {
      const caps = capabilitiesForAccessType(type, all);
      for (const c of KEY_MANAGEMENT_CAPABILITIES.filter((k) => k !== 'listBuckets')) expect(caps).not.toContain(c);
    }
  });
});

describe('accessTypeOf', () => {
  it.each(presets)('round-trips %s for every combination of options', (type) => {
    for (const allowListAllBucketNames of [false, true]) {
      for (const bucketRestricted of [false, true]) {
        const caps = capabilitiesForAccessType(type, { ...all, allowListAllBucketNames, bucketRestricted });
        expect(accessTypeOf(caps)).toBe(type);
        expect(accessTypeOf([...caps].reverse())).toBe(type);
      }
    }
  });

  it.each(presets)('recognises %s without the newer bucket-setting capabilities (older console keys)', (type) => {
    const caps = capabilitiesForAccessType(type, all).filter((c) => !/Bucket(Logging|Replications|Notifications|LifecycleRules)$/.test(c));
    expect(caps.length).toBeLessThan(ACCESS_TYPE_PRESETS[type].length);
    expect(accessTypeOf(caps)).toBe(type);
  });

  it('recognises the 2024 (13) and 2025 (15) Read and Write variants in any order, with or without listAllBucketNames', () => {
    expect(accessTypeOf(RW_2024)).toBe('readWrite');
    expect(accessTypeOf(RW_2025)).toBe('readWrite');
    expect(accessTypeOf([...RW_2025].sort())).toBe('readWrite');
    expect(accessTypeOf(['listAllBucketNames', ...RW_2024])).toBe('readWrite');
  });

  it('recognises 2026 console variants with lifecycle rules and writeBuckets', () => {
    expect(accessTypeOf([...RW_2025, 'readBucketLifecycleRules', 'writeBucketLifecycleRules', 'writeBuckets'])).toBe('readWrite');
  });

  it.each<[string, string[], AccessType]>([
    ['nothing', [], 'custom'],
    ['only listAllBucketNames', ['listAllBucketNames'], 'custom'],
    ['a key-management key', ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets'], 'custom'],
    ['Read and Write plus writeKeys', [...RW_2025, 'writeKeys'], 'custom'],
    ['Read Only plus writeFiles but no deleteFiles', [...ACCESS_TYPE_PRESETS.readOnly, 'writeFiles'], 'custom'],
    ['Read Only without readFiles', ACCESS_TYPE_PRESETS.readOnly.filter((c) => c !== 'readFiles'), 'custom'],
    ['Write Only plus readFiles', [...ACCESS_TYPE_PRESETS.writeOnly, 'readFiles'], 'custom'],
    ['Read Only plus an unknown capability', [...ACCESS_TYPE_PRESETS.readOnly, 'someFutureCapability'], 'custom'],
    ['a master key', [...ALL_KNOWN_CAPABILITIES], 'custom'],
    ['the minimal Read Only', ['listBuckets', 'listFiles', 'readFiles'], 'readOnly'],
    ['the minimal Write Only', ['listBuckets', 'writeFiles'], 'writeOnly'],
  ])('classifies %s', (_label, caps, expected) => {
    expect(accessTypeOf(caps)).toBe(expected);
  });
});
