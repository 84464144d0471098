// Capability strings (b2-key-api.md §7).

/**
 * Everything the master key holds: b2sdk's 26 ALL_CAPABILITIES plus readBucketLogging/writeBucketLogging
 * (seen on a live v4 master key, 2025).
 * ⚠ pick: readBucketLifecycleRules/writeBucketLifecycleRules are NOT included (unverified; one source says
 * key creation fails with them), so creating a key with them is rejected as an unknown capability.
 */
export const ALL_CAPABILITIES: readonly string[] = [
  'listKeys', 'writeKeys', 'deleteKeys',
  'listBuckets', 'listAllBucketNames', 'readBuckets', 'writeBuckets', 'deleteBuckets',
  'readBucketEncryption', 'writeBucketEncryption',
  'readBucketRetentions', 'writeBucketRetentions',
  'readBucketReplications', 'writeBucketReplications',
  'readBucketNotifications', 'writeBucketNotifications',
  'readBucketLogging', 'writeBucketLogging',
  'listFiles', 'readFiles', 'shareFiles', 'writeFiles', 'deleteFiles',
  'readFileRetentions', 'writeFileRetentions', 'readFileLegalHolds', 'writeFileLegalHolds',
  'bypassGovernance',
];

export const KNOWN_CAPABILITIES: ReadonlySet<string> = new Set(ALL_CAPABILITIES);

/**
 * Capabilities a bucket-restricted key may hold: the current create-key docs list, plus the replication and
 * logging capabilities observed on real bucket-scoped keys (§7).
 * ⚠ pick: writeBuckets/deleteBuckets stay forbidden with a bucket restriction, as the docs say, although some
 * console-made keys were seen with writeBuckets. Key capabilities (listKeys/writeKeys/deleteKeys) are forbidden.
 */
export const BUCKET_SCOPED_CAPABILITIES: ReadonlySet<string> = new Set([
  'listAllBucketNames', 'listBuckets', 'readBuckets',
  'readBucketEncryption', 'writeBucketEncryption',
  'readBucketNotifications', 'writeBucketNotifications',
  'readBucketRetentions', 'writeBucketRetentions',
  'readBucketReplications', 'writeBucketReplications',
  'readBucketLogging', 'writeBucketLogging',
  'listFiles', 'readFiles', 'shareFiles', 'writeFiles', 'deleteFiles',
  'readFileLegalHolds', 'writeFileLegalHolds', 'readFileRetentions', 'writeFileRetentions',
  'bypassGovernance',
]);
