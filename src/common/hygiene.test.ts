import { describe, expect, it, vi } from 'vitest';
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

describe('incremental edits of the summary', () => {
  it('adding leaves the summary it was given unchanged (the meta item shares it)', () => {
    const s = summarizeHygiene([row('a', READ, null, null)]);
    const added = addHygiene(s, row('b', READ, null, null));
    expect(added.n.neverExpires).toBe(2);
    expect(added.s.neverExpires).toEqual([
      ['a', 'name-a'],
      ['b', 'name-b'],
    ]);
    expect(s.n.neverExpires).toBe(1);
    expect(s.s.neverExpires).toEqual([['a', 'name-a']]);
  });

  it('a key already in the sample is not listed twice', () => {
    const s = addHygiene(summarizeHygiene([row('a', READ, null, null)]), row('a', READ, null, null));
    expect(s.s.neverExpires).toEqual([['a', 'name-a']]);
  });

  it('removing a key takes only that key out of the sample', () => {
    const s = summarizeHygiene([row('a', READ, null, null), row('b', READ, null, null), row('c', READ, null, null)]);
    const after = removeHygiene(s, row('b', READ, null, null));
    expect(after.n.neverExpires).toBe(2);
    expect(after.s.neverExpires).toEqual([
      ['a', 'name-a'],
      ['c', 'name-c'],
    ]);
  });
});

describe('the admin count when the sample cannot say whether the managing key is listed', () => {
  // SAMPLE_MAX + 5 admin keys, the managing key last: the sample holds the first SAMPLE_MAX, not it.
  const rows = [...Array.from({ length: SAMPLE_MAX + 4 }, (_, i) => row(`x${i}`, ['writeKeys'], ['b1'], 1)), row('mgr', account.capabilities, ['b1'], 1)];
  const s = summarizeHygiene(rows);

  it('an application managing key that holds writeKeys or deleteKeys is assumed listed, and left out', () => {
    expect(s.s.keyAdmin.some(([id]) => id === 'mgr')).toBe(false);
    expect(countRowKind(s, 'keyAdmin', account)).toBe(SAMPLE_MAX + 4);
    expect(countRowKind(s, 'keyAdmin', { ...account, capabilities: ['listKeys', 'deleteKeys', 'listBuckets'] })).toBe(SAMPLE_MAX + 4);
  });

  it('the master key is never listed, whatever it holds: nothing is left out', () => {
    expect(countRowKind(s, 'keyAdmin', { ...account, managingKeyId: 'acc', capabilities: [...account.capabilities, 'writeFiles'] })).toBe(SAMPLE_MAX + 5);
  });

  it('an application managing key without writeKeys or deleteKeys is no admin key: nothing is left out', () => {
    expect(countRowKind(s, 'keyAdmin', { ...account, capabilities: ['listKeys', 'listBuckets'] })).toBe(SAMPLE_MAX + 5);
  });
});

describe('rowMatches', () => {
  it('the managing key is left out of the admin line only: it is listed under the other kinds it has', () => {
    const mgr = row('mgr', [...account.capabilities, 'writeFiles'], null, null);
    expect(rowMatches(mgr, 'neverExpires', 'mgr')).toBe(true);
    expect(rowMatches(mgr, 'allBuckets', 'mgr')).toBe(true);
    expect(rowMatches(mgr, 'keyAdmin', 'mgr')).toBe(false);
  });
});

/**
 * The capability lists and the report's words are module-level tables, evaluated once when the module loads:
 * these tests load it afresh (vi.resetModules), so a change to a table is seen by them.
 */
describe('module-level tables, through a fresh load', () => {
  async function fresh() {
    vi.resetModules();
    return import('./hygiene');
  }

  it('each of writeFiles, deleteFiles, writeBuckets, deleteBuckets on all buckets is a finding, counted and by row', async () => {
    const h = await fresh();
    for (const cap of ['writeFiles', 'deleteFiles', 'writeBuckets', 'deleteBuckets']) {
      const r = row('a', [...READ, cap], null, 1000);
      expect(h.rowKinds(r), cap).toEqual(['allBuckets']);
      expect(h.summarizeHygiene([r]).n, cap).toEqual({ neverExpires: 0, allBuckets: 1, keyAdmin: 0 });
    }
  });

  it('each of writeKeys and deleteKeys makes an admin key, counted and by row', async () => {
    const h = await fresh();
    for (const cap of ['writeKeys', 'deleteKeys']) {
      const r = row('a', ['listKeys', cap], ['b1'], 1000);
      expect(h.rowKinds(r), cap).toEqual(['keyAdmin']);
      expect(h.summarizeHygiene([r]).n, cap).toEqual({ neverExpires: 0, allBuckets: 0, keyAdmin: 1 });
    }
  });

  it('a managing key with only what the extension needs is not broader than needed; anything else is named', async () => {
    const h = await fresh();
    const needs = ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets', 'listAllBucketNames'];
    expect(h.managingBroadness({ ...account, capabilities: needs })).toBeNull();
    expect(h.managingBroadness({ ...account, capabilities: [...needs, 'readFiles'] })).toBe('It also holds readFiles.');
  });

  it('every finding has its title and a sentence saying why it matters', async () => {
    const h = await fresh();
    expect(Object.fromEntries(h.HYGIENE_KINDS.map((k) => [k, h.HYGIENE_TEXT[k].title]))).toEqual({
      neverExpires: 'Never expires',
      allBuckets: 'Write or delete access to all buckets',
      keyAdmin: 'Can create or delete keys',
      lost: 'applicationKey lost',
      checkFailed: 'Saved applicationKey failed its last check',
      managingBroad: 'Managing key broader than needed',
    });
    for (const k of h.HYGIENE_KINDS) expect(h.HYGIENE_TEXT[k].why, k).toMatch(/^\S.{20,}\.$/);
  });
});
