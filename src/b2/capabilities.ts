// Capability names and the web console's "type of access" presets (b2-key-api.md §7). The set of capabilities
// is open: B2 adds new ones over time, so everything here tolerates strings it does not know.

export interface CapabilityGroup {
  id: 'keys' | 'buckets' | 'files' | 'bucketSettings' | 'objectLock';
  label: string;
  capabilities: readonly string[];
}

export const CAPABILITY_GROUPS: readonly CapabilityGroup[] = [
  { id: 'keys', label: 'Application keys', capabilities: ['listKeys', 'writeKeys', 'deleteKeys'] },
  {
    id: 'buckets',
    label: 'Buckets',
    capabilities: ['listBuckets', 'listAllBucketNames', 'readBuckets', 'writeBuckets', 'deleteBuckets'],
  },
  { id: 'files', label: 'Files', capabilities: ['listFiles', 'readFiles', 'shareFiles', 'writeFiles', 'deleteFiles'] },
  {
    id: 'bucketSettings',
    label: 'Bucket settings',
    capabilities: [
      'readBucketEncryption',
      'writeBucketEncryption',
      'readBucketRetentions',
      'writeBucketRetentions',
      'readBucketReplications',
      'writeBucketReplications',
      'readBucketNotifications',
      'writeBucketNotifications',
      // Seen on live 2025 master keys but not in b2sdk's ALL_CAPABILITIES.
      'readBucketLogging',
      'writeBucketLogging',
      // ⚠ Only in 2026 third-party configs; unverified that B2 accepts them. Listed so they display in a
      // sensible place; no preset asks for them, and B2 says no itself if it does not know them.
      'readBucketLifecycleRules',
      'writeBucketLifecycleRules',
    ],
  },
  {
    id: 'objectLock',
    label: 'Object Lock',
    capabilities: ['readFileRetentions', 'writeFileRetentions', 'readFileLegalHolds', 'writeFileLegalHolds', 'bypassGovernance'],
  },
];

/** Every capability named in any source, grouped then ordered as the console shows them. */
export const ALL_KNOWN_CAPABILITIES: readonly string[] = CAPABILITY_GROUPS.flatMap((g) => g.capabilities);

/**
 * ⚠ Capabilities no source shows B2 accepting on a new key (one note says creation fails with them). They are
 * offered only when the managing key holds them itself: a key B2 issued with them shows that B2 knows them.
 */
export const UNVERIFIED_CAPABILITIES: readonly string[] = ['readBucketLifecycleRules', 'writeBucketLifecycleRules'];

/** What the extension's managing key needs: list, create, delete keys, and the bucket picker. */
export const KEY_MANAGEMENT_CAPABILITIES: readonly string[] = ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets'];

/**
 * Capabilities a bucket-restricted key may hold. Base: the current create-key docs. ⚠ Added beyond the docs
 * because real bucket-scoped keys carry them: the replication and logging pairs (console "Read and Write" keys
 * scoped to a bucket); if B2 refuses one after all, the create form shows B2's refusal next to the capabilities
 * and keeps what was entered. The lifecycle pair is included by analogy with the other bucket settings,
 * unverified (and only offered when the managing key holds it, see UNVERIFIED_CAPABILITIES).
 * ⚠ pick: `writeBuckets` stays out, as the docs and the emulator say, although some 2025–26 console keys scoped
 * to a bucket were seen with it: offering what the documented rule refuses would invite a refusal. Key
 * capabilities and `deleteBuckets` stay out too.
 */
export const BUCKET_SCOPED_CAPABILITIES: readonly string[] = [
  'listAllBucketNames',
  'listBuckets',
  'readBuckets',
  'readBucketEncryption',
  'writeBucketEncryption',
  'readBucketNotifications',
  'writeBucketNotifications',
  'readBucketRetentions',
  'writeBucketRetentions',
  'readBucketReplications',
  'writeBucketReplications',
  'readBucketLogging',
  'writeBucketLogging',
  'readBucketLifecycleRules',
  'writeBucketLifecycleRules',
  'listFiles',
  'readFiles',
  'shareFiles',
  'writeFiles',
  'deleteFiles',
  'readFileLegalHolds',
  'writeFileLegalHolds',
  'readFileRetentions',
  'writeFileRetentions',
  'bypassGovernance',
];

const knownSet = new Set(ALL_KNOWN_CAPABILITIES);
const bucketScopedSet = new Set(BUCKET_SCOPED_CAPABILITIES);

export function isKnownCapability(capability: string): boolean {
  return knownSet.has(capability);
}

/**
 * Known capabilities that a bucket restriction rules out. Unknown strings are not reported: the set is open and
 * B2 itself will say no if a new capability turns out not to be bucket-scoped.
 */
export function capabilitiesNotAllowedWithBuckets(capabilities: readonly string[]): string[] {
  return capabilities.filter((c) => knownSet.has(c) && !bucketScopedSet.has(c));
}

export type AccessType = 'readWrite' | 'readOnly' | 'writeOnly' | 'custom';

export const ACCESS_TYPE_LABELS: Readonly<Record<AccessType, string>> = {
  readWrite: 'Read and Write',
  readOnly: 'Read Only',
  writeOnly: 'Write Only',
  custom: 'Custom',
};

type PresetType = Exclude<AccessType, 'custom'>;

// Read and Write as the console created it in 2025 (15 caps; the 2024 variant lacked the logging pair).
// Read Only and Write Only are reconstructed (⚠ not directly observed): the read/list half plus shareFiles,
// and the write half plus listBuckets and deleteFiles.
export const ACCESS_TYPE_PRESETS: Readonly<Record<PresetType, readonly string[]>> = {
  readWrite: [
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
    'readBucketLogging',
    'writeBucketLogging',
  ],
  readOnly: [
    'listBuckets',
    'readBuckets',
    'listFiles',
    'readFiles',
    'shareFiles',
    'readBucketEncryption',
    'readBucketReplications',
    'readBucketNotifications',
    'readBucketLogging',
  ],
  writeOnly: [
    'listBuckets',
    'writeFiles',
    'deleteFiles',
    'writeBucketEncryption',
    'writeBucketReplications',
    'writeBucketNotifications',
    'writeBucketLogging',
  ],
};

// What a key must hold to count as the type. These are the oldest capabilities; the newer bucket-setting caps
// may legitimately be missing (keys made by older console versions, or by other tools).
const ESSENTIAL: Readonly<Record<PresetType, readonly string[]>> = {
  readWrite: ['listBuckets', 'listFiles', 'readFiles', 'writeFiles', 'deleteFiles'],
  readOnly: ['listBuckets', 'listFiles', 'readFiles'],
  writeOnly: ['listBuckets', 'writeFiles'],
};

// Extra capabilities later console versions add to a preset; accepted when reading a key, never added by us.
const TOLERATED: Readonly<Record<PresetType, readonly string[]>> = {
  readWrite: ['readBucketLifecycleRules', 'writeBucketLifecycleRules', 'writeBuckets'],
  readOnly: ['readBucketLifecycleRules'],
  writeOnly: ['writeBucketLifecycleRules'],
};

const PRESET_ORDER: readonly PresetType[] = ['readWrite', 'readOnly', 'writeOnly'];

/**
 * Capabilities for a console-style access type: the whole preset, plus `listAllBucketNames` when asked
 * (the person ticked it explicitly), minus anything a bucket restriction rules out.
 *
 * Not limited to what the managing key itself holds: B2 lets a key with `writeKeys` create keys with any
 * capabilities ("writeKeys imposes no limit on what the new keys may do", b2-key-api.md §3), so a managing key
 * with only the four key-management capabilities must still produce a real Read and Write key. Cutting the
 * preset down to the managing key's capabilities silently made such keys useless (e.g. only `listBuckets`).
 */
export function capabilitiesForAccessType(type: PresetType, opts: { allowListAllBucketNames: boolean; bucketRestricted: boolean }): string[] {
  const caps = [...ACCESS_TYPE_PRESETS[type]];
  if (opts.allowListAllBucketNames) caps.push('listAllBucketNames');
  return opts.bucketRestricted ? caps.filter((c) => bucketScopedSet.has(c)) : caps;
}

/**
 * The access type a key's capabilities correspond to. Rule: ignoring `listAllBucketNames` (a separate
 * checkbox) and order, a set is type T when it contains T's essential capabilities and nothing outside T's
 * preset plus the capabilities later console versions add to it. That accepts the 2024 (13) and 2025 (15)
 * Read and Write variants and presets without some of the newer bucket-setting caps. The essentials are
 * disjoint (readFiles+writeFiles / readFiles without write caps / writeFiles without readFiles), so at most
 * one type matches; anything else is 'custom'.
 */
export function accessTypeOf(capabilities: readonly string[]): AccessType {
  const caps = new Set(capabilities.filter((c) => c !== 'listAllBucketNames'));
  for (const type of PRESET_ORDER) {
    const allowed = new Set([...ACCESS_TYPE_PRESETS[type], ...TOLERATED[type]]);
    const hasEssentials = ESSENTIAL[type].every((c) => caps.has(c));
    const onlyAllowed = [...caps].every((c) => allowed.has(c));
    if (hasEssentials && onlyAllowed) return type;
  }
  return 'custom';
}
