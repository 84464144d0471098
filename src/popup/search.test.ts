import { describe, expect, it } from 'vitest';
import type { KeyView } from '../rpc/protocol';
import { bucketNameMap, bucketSummary } from './keyInfo';
import { filterKeys, keyHaystack } from './search';

const key = (p: Partial<KeyView>): KeyView => ({
  accountId: 'acc',
  applicationKeyId: '004abc',
  keyName: 'k',
  capabilities: ['listBuckets', 'listFiles', 'readFiles'],
  bucketIds: null,
  namePrefix: null,
  expirationTimestamp: null,
  options: [],
  hasSecret: false,
  lost: false,
  ...p,
});

const names = bucketNameMap([
  { bucketId: 'b1', bucketName: 'photos-backup', bucketType: 'allPrivate' },
  { bucketId: 'b2', bucketName: 'nas-archive', bucketType: 'allPrivate' },
]);

const keys = [
  key({ keyName: 'website-deploy', applicationKeyId: '0041111', bucketIds: ['b1'], namePrefix: 'www/' }),
  key({ keyName: 'nas-sync', applicationKeyId: '0042222', bucketIds: ['b2', 'gone-bucket'], capabilities: ['writeFiles', 'deleteFiles'] }),
  key({ keyName: 'Everything', applicationKeyId: '0043333' }),
];
const hay = keys.map((k) => keyHaystack(k, names));
const find = (q: string) => filterKeys(keys, hay, q).map((k) => k.keyName);

describe('key search', () => {
  it('matches name, keyID, bucket name, capability and prefix, ignoring case', () => {
    expect(find('WEBSITE')).toEqual(['website-deploy']);
    expect(find('0042222')).toEqual(['nas-sync']);
    expect(find('photos')).toEqual(['website-deploy']);
    expect(find('deletefiles')).toEqual(['nas-sync']);
    expect(find('www/')).toEqual(['website-deploy']);
    expect(find('gone-bucket')).toEqual(['nas-sync']);
  });
  it('needs every word to match, and shows everything for an empty query', () => {
    expect(find('nas write')).toEqual(['nas-sync']);
    expect(find('nas readfiles')).toEqual([]);
    expect(find('  ')).toHaveLength(3);
  });
  it('finds keys on all buckets and by access type', () => {
    expect(find('all buckets')).toEqual(['Everything']);
    expect(find('read only')).toEqual(['website-deploy', 'Everything']);
  });
});

describe('bucketSummary', () => {
  it('names buckets, shows unknown ids as ids, and All for no restriction', () => {
    expect(bucketSummary(null, names)).toBe('All buckets');
    expect(bucketSummary(['b2', 'zzz'], names)).toBe('nas-archive, zzz');
  });
});
