import { describe, expect, it } from 'vitest';
import type { KeyRow } from '../storage/key-shards';
import { KeySearch } from './key-search';

const names = new Map([
  ['b1', 'photos-backup'],
  ['b2', 'nas-archive'],
]);
const rows: KeyRow[] = [
  ['0043333', 'Everything', ['listBuckets', 'listFiles', 'readFiles'], null, null, null, []],
  ['0042222', 'nas-sync', ['writeFiles', 'deleteFiles'], ['b2', 'gone-bucket'], null, null, []],
  ['0041111', 'website-deploy', ['listBuckets', 'listFiles', 'readFiles'], ['b1'], 'www/', null, []],
];
const find = (s: KeySearch, q: string) => s.match(q)?.map((i) => rows[i]![1]) ?? null;

describe('KeySearch', () => {
  it('matches name, keyID, bucket name or id, capability and prefix, ignoring case', () => {
    const s = new KeySearch(rows, names);
    expect(find(s, 'WEBSITE')).toEqual(['website-deploy']);
    expect(find(s, '0042222')).toEqual(['nas-sync']);
    expect(find(s, 'photos')).toEqual(['website-deploy']);
    expect(find(s, 'deletefiles')).toEqual(['nas-sync']);
    expect(find(s, 'www/')).toEqual(['website-deploy']);
    expect(find(s, 'gone-bucket')).toEqual(['nas-sync']);
  });

  it('needs every word, finds access types and all-bucket keys, and an empty query means everything', () => {
    const s = new KeySearch(rows, names);
    expect(find(s, 'nas write')).toEqual(['nas-sync']);
    expect(find(s, 'nas readfiles')).toEqual([]);
    expect(find(s, 'all buckets')).toEqual(['Everything']);
    expect(find(s, 'read only')).toEqual(['Everything', 'website-deploy']);
    expect(s.match('   ')).toBeNull();
  });

  it('narrowing from the previous query gives the same answer as a fresh scan, also when a word is removed or changed', () => {
    const typed = ['n', 'na', 'nas', 'nas ', 'nas w', 'nas', 'ne', 'e', 'ev', 'e'];
    const s = new KeySearch(rows, names);
    for (const q of typed) expect(find(s, q)).toEqual(find(new KeySearch(rows, names), q));
  });
});
