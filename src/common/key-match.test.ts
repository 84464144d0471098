import { describe, expect, it } from 'vitest';
import { keyHaystack, matchesTerms, narrows, queryTerms, type SearchableKey } from './key-match';

const key = (patch: Partial<SearchableKey>): SearchableKey => ({ applicationKeyId: '004abc', keyName: 'backup', capabilities: ['listBuckets', 'readFiles'], bucketIds: ['b1'], namePrefix: null, ...patch });
const finds = (k: SearchableKey, query: string, buckets = new Map<string, string>()) => matchesTerms(keyHaystack(k, buckets), queryTerms(query));

describe('key search', () => {
  it('every word typed must appear somewhere in the key, ignoring case', () => {
    const k = key({ keyName: 'Nas-Backup', bucketIds: ['b1'] });
    expect(finds(k, 'nas photos', new Map([['b1', 'Photos']]))).toBe(true);
    expect(finds(k, 'nas videos', new Map([['b1', 'Photos']]))).toBe(false);
    expect(finds(k, '004ABC')).toBe(true);
  });

  it('a word does not match across two of the key’s fields', () => {
    // "backup004" would be the name run into the keyID; "readfileslist" a capability run into the next.
    const k = key({ keyName: 'backup', applicationKeyId: '004abc', capabilities: ['readFiles', 'listFiles'], bucketIds: null });
    expect(finds(k, 'backup')).toBe(true);
    expect(finds(k, 'backup004')).toBe(false);
    expect(finds(k, 'readfileslist')).toBe(false);
  });

  it('splits the query on any run of spaces', () => {
    expect(queryTerms('  Nas \t backup  ')).toEqual(['nas', 'backup']);
    expect(queryTerms('   ')).toEqual([]);
  });

  it('a search narrows the previous one when each old word is inside a new one', () => {
    expect(narrows(['nas'], ['nas-b'])).toBe(true);
    expect(narrows(['nas'], ['photos', 'nas'])).toBe(true);
    expect(narrows(['nas', 'b'], ['nas'])).toBe(false);
  });
});
