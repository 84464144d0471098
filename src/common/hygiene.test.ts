import { describe, expect, it } from 'vitest';
import type { KeyRow } from '../storage/key-shards';
import { SAMPLE_MAX, addHygiene, countRowKind, emptySummary, managingBroadness, removeHygiene, rowKinds, rowMatches, sampleComplete, summarizeHygiene } from './hygiene';

const row = (id: string, caps: string[], buckets: string[] | null, exp: number | null): KeyRow => [id, `name-${id}`, caps, buckets, null, exp, []];
const READ = ['listBuckets', 'listFiles', 'readFiles'];
const account = { accountId: 'acc', managingKeyId: 'mgr', capabilities: ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets'] };

describe('rowKinds', () => {
  it('a read-only key restricted to a bucket with an expiry is clean', () => {
    expect(rowKinds(row('a', READ, ['b1'], 1000))).toEqual([]);
  });
  it('never expires', () => {
    expect(rowKinds(row('a', READ, ['b1'], null))).toEqual(['neverExpires']);
  });
  it('write or delete access (files or buckets) without a bucket restriction, and only then', () => {
    for (const cap of ['writeFiles', 'deleteFiles', 'writeBuckets', 'deleteBuckets']) expect(rowKinds(row('a', [...READ, cap], null, 1000))).toEqual(['allBuckets']);
    expect(rowKinds(row('a', [...READ, 'writeFiles'], ['b1'], 1000))).toEqual([]);
    expect(rowKinds(row('a', READ, null, 1000))).toEqual([]);
  });
  it('writeKeys or deleteKeys makes a key admin; listKeys alone does not', () => {
    expect(rowKinds(row('a', ['writeKeys'], ['b1'], 1000))).toEqual(['keyAdmin']);
    expect(rowKinds(row('a', ['deleteKeys'], ['b1'], 1000))).toEqual(['keyAdmin']);
    expect(rowKinds(row('a', ['listKeys'], ['b1'], 1000))).toEqual([]);
  });
  it('the managing key is not an admin finding when listed', () => {
    expect(rowMatches(row('mgr', ['writeKeys'], null, 1), 'keyAdmin', 'mgr')).toBe(false);
    expect(rowMatches(row('x', ['writeKeys'], null, 1), 'keyAdmin', 'mgr')).toBe(true);
  });
});

describe('managingBroadness', () => {
  it('the master key is always broader than needed', () => {
    expect(managingBroadness({ ...account, managingKeyId: 'acc' })).toMatch(/master key/);
  });
  it('an app key with exactly what key management needs is not', () => {
    expect(managingBroadness(account)).toBeNull();
    expect(managingBroadness({ ...account, capabilities: [...account.capabilities, 'listAllBucketNames'] })).toBeNull();
  });
  it('names the extra capabilities', () => {
    expect(managingBroadness({ ...account, capabilities: [...account.capabilities, 'writeFiles', 'deleteBuckets'] })).toBe('It also holds writeFiles, deleteBuckets.');
  });
});

describe('summary', () => {
  it('counts and samples each row kind; removing undoes adding', () => {
    const rows = [row('a', READ, null, null), row('b', ['writeFiles'], null, 5), row('c', ['writeKeys'], ['b1'], 5), row('d', READ, ['b1'], 5)];
    const s = summarizeHygiene(rows);
    expect(s.n).toEqual({ neverExpires: 1, allBuckets: 1, keyAdmin: 1 });
    expect(s.s.keyAdmin).toEqual([['c', 'name-c']]);
    const after = removeHygiene(s, rows[1]!);
    expect(after.n.allBuckets).toBe(0);
    expect(after.s.allBuckets).toEqual([]);
    // The original is not changed by an incremental edit (meta copies are shared).
    expect(s.n.allBuckets).toBe(1);
    expect(addHygiene(after, rows[1]!)).toEqual(s);
  });
  it('rows that share one capability array are each counted, and other arrays decided on their own', () => {
    const writeAll = ['writeFiles'];
    const admin = ['writeKeys'];
    const rows = [row('a', writeAll, null, 5), row('b', writeAll, null, 5), row('c', READ, null, 5), row('d', admin, null, 5), row('e', writeAll, ['b1'], 5), row('f', admin, null, 5)];
    const s = summarizeHygiene(rows);
    expect(s.n).toEqual({ neverExpires: 0, allBuckets: 2, keyAdmin: 2 });
    // The same rows with copied arrays count the same.
    expect(summarizeHygiene(rows.map((r) => [r[0], r[1], [...r[2]], r[3], r[4], r[5], r[6]]))).toEqual(s);
  });
  it('a sample thinned by deletes is known to be incomplete', () => {
    let s = emptySummary();
    for (let i = 0; i < SAMPLE_MAX + 5; i++) s = addHygiene(s, row(`k${i}`, READ, ['b'], null));
    expect(s.s.neverExpires).toHaveLength(SAMPLE_MAX);
    expect(sampleComplete(s, 'neverExpires')).toBe(true);
    s = removeHygiene(s, row('k0', READ, ['b'], null));
    expect(s.n.neverExpires).toBe(SAMPLE_MAX + 4);
    expect(sampleComplete(s, 'neverExpires')).toBe(false);
  });
  it('the admin count leaves out a listed managing key, and only then', () => {
    const withMgr = summarizeHygiene([row('mgr', account.capabilities, null, null), row('x', ['writeKeys'], null, 1)]);
    expect(countRowKind(withMgr, 'keyAdmin', account)).toBe(1);
    const withoutMgr = summarizeHygiene([row('x', ['writeKeys'], null, 1)]);
    expect(countRowKind(withoutMgr, 'keyAdmin', account)).toBe(1);
    // The master key manages the account and is never in the list: nothing to leave out.
    expect(countRowKind(withoutMgr, 'keyAdmin', { ...account, managingKeyId: 'acc' })).toBe(1);
  });
});
