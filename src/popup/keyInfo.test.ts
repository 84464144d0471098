import { describe, expect, it } from 'vitest';
import { bucketNameMap, bucketSummary } from './keyInfo';

const names = bucketNameMap([
  { bucketId: 'b1', bucketName: 'photos-backup', bucketType: 'allPrivate' },
  { bucketId: 'b2', bucketName: 'nas-archive', bucketType: 'allPrivate' },
]);

describe('bucketSummary', () => {
  it('names buckets, shows unknown ids as ids, and All for no restriction', () => {
    expect(bucketSummary(null, names)).toBe('All buckets');
    expect(bucketSummary(['b2', 'zzz'], names)).toBe('nas-archive, zzz');
  });
});
