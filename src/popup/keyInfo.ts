/** How a key is described to a person: bucket names instead of ids, the console's access-type words. */
import { ACCESS_TYPE_LABELS, accessTypeOf } from '../b2/capabilities';
import type { BucketView } from '../rpc/protocol';

export type BucketNames = ReadonlyMap<string, string>;

export function bucketNameMap(buckets: readonly BucketView[]): BucketNames {
  return new Map(buckets.map((b) => [b.bucketId, b.bucketName]));
}

/** Names of the key's buckets; an id the list does not know (a deleted bucket, or no listBuckets) stays an id. */
export function bucketNamesOf(bucketIds: readonly string[] | null, names: BucketNames): string[] | null {
  return bucketIds === null ? null : bucketIds.map((id) => names.get(id) ?? id);
}

export function bucketSummary(bucketIds: readonly string[] | null, names: BucketNames): string {
  const list = bucketNamesOf(bucketIds, names);
  return list === null ? 'All buckets' : list.join(', ');
}

export function accessLabel(capabilities: readonly string[]): string {
  return ACCESS_TYPE_LABELS[accessTypeOf(capabilities)];
}
