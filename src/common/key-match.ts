/**
 * What a key search matches, shared by the background (which answers searches over the whole list) and the popup
 * (which narrows the rows it already has while the answer is on its way): every word typed must appear in the
 * key's name, keyID, bucket names or ids, capabilities, prefix or access type, ignoring case.
 */
import { ACCESS_TYPE_LABELS, accessTypeOf } from '../b2/capabilities';

export interface SearchableKey {
  applicationKeyId: string;
  keyName: string;
  capabilities: readonly string[];
  bucketIds: readonly string[] | null;
  namePrefix: string | null;
}

export function queryTerms(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}

/** The lower-cased text a key is searched by. */
export function keyHaystack(k: SearchableKey, bucketNames: ReadonlyMap<string, string>): string {
  const buckets = k.bucketIds === null ? ['all buckets'] : [...k.bucketIds.map((id) => bucketNames.get(id) ?? id), ...k.bucketIds];
  return [k.keyName, k.applicationKeyId, ...buckets, ...k.capabilities, k.namePrefix ?? '', ACCESS_TYPE_LABELS[accessTypeOf(k.capabilities)]].join('\n').toLowerCase();
}

export function matchesTerms(haystack: string, terms: readonly string[]): boolean {
  for (const t of terms) if (!haystack.includes(t)) return false;
  return true;
}

/**
 * Whether every key matching `next` also matches `previous`: true when each old word is inside a new one (typing
 * on extends a word or adds one). Then the new matches are the old ones narrowed, in the same order.
 */
export function narrows(previous: readonly string[], next: readonly string[]): boolean {
  return previous.every((t) => next.some((n) => n.includes(t)));
}
