/** Search over the key list: every word typed must appear in the key's name, keyID, buckets, capabilities or prefix. */
import type { KeyView } from '../rpc/protocol';
import { accessLabel, bucketNamesOf, type BucketNames } from './keyInfo';

/** The lower-cased text a key is searched by; built once per list, so a keystroke over 10,000 keys is a scan of strings. */
export function keyHaystack(key: KeyView, names: BucketNames): string {
  const buckets = key.bucketIds === null ? ['all buckets'] : [...(bucketNamesOf(key.bucketIds, names) ?? []), ...key.bucketIds];
  return [key.keyName, key.applicationKeyId, ...buckets, ...key.capabilities, key.namePrefix ?? '', accessLabel(key.capabilities)].join('\n').toLowerCase();
}

export function queryTerms(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}

export function matchesTerms(haystack: string, terms: readonly string[]): boolean {
  return terms.every((t) => haystack.includes(t));
}

export function filterKeys<K extends KeyView>(keys: readonly K[], haystacks: readonly string[], query: string): K[] {
  const terms = queryTerms(query);
  if (terms.length === 0) return [...keys];
  return keys.filter((_, i) => matchesTerms(haystacks[i] ?? '', terms));
}
