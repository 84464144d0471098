import { describe, expect, it } from 'vitest';
import { describeIssues, keyV4Schema, listKeysResponseSchema } from './schemas';
import { isListedKeyProblem, readListedKey } from './listed-key';

const good = {
  accountId: 'acc',
  applicationKeyId: '0041234567890000000000001',
  keyName: 'nas-backup',
  capabilities: ['listBuckets', 'readFiles'],
  bucketIds: ['b1'],
  namePrefix: 'photos/',
  expirationTimestamp: 1_800_000_000_000,
  options: ['s3'],
};

/** Every field set to each of these, one at a time, plus the field left out and an extra field added. */
const VALUES: unknown[] = [undefined, null, '', 'x', 0, 1.5, -1, NaN, Infinity, -Infinity, true, [], ['a'], ['a', 'b'], [1], ['a', null], {}, { a: 1 }];

function variants(): unknown[] {
  const out: unknown[] = [good, { ...good, extra: 'kept out' }, null, 'key', 7, [], [good]];
  for (const field of Object.keys(good)) {
    for (const v of VALUES) out.push({ ...good, [field]: v });
    const { [field]: _dropped, ...without } = good as Record<string, unknown>;
    out.push(without);
  }
  return out;
}

describe('readListedKey', () => {
  it('accepts and rejects exactly what keyV4Schema does, with the same result', () => {
    const cases = variants();
    expect(cases.length).toBeGreaterThan(140);
    let accepted = 0;
    for (const c of cases) {
      const zod = keyV4Schema.safeParse(c);
      const fast = readListedKey(c);
      expect({ c, ok: !isListedKeyProblem(fast) }).toEqual({ c, ok: zod.success });
      if (zod.success) {
        accepted++;
        expect(fast).toEqual(zod.data);
      }
    }
    // Both outcomes are exercised.
    expect(accepted).toBeGreaterThan(10);
    expect(accepted).toBeLessThan(cases.length - 50);
  });

  it('copies arrays: a later change to the response does not reach the key', () => {
    const raw = structuredClone(good);
    const key = readListedKey(raw);
    if (isListedKeyProblem(key)) throw new Error('rejected');
    raw.capabilities.push('writeKeys');
    raw.options.push('x');
    raw.bucketIds.push('b2');
    expect(key).toMatchObject({ capabilities: ['listBuckets', 'readFiles'], options: ['s3'], bucketIds: ['b1'] });
  });
});

describe('listKeysResponseSchema', () => {
  it('reads a page and names the first wrong key and field', () => {
    const page = listKeysResponseSchema.parse({ keys: [good, { ...good, options: null, bucketIds: null }], nextApplicationKeyId: null });
    expect(page.keys.map((k) => [k.options, k.bucketIds])).toEqual([[['s3'], ['b1']], [[], null]]);
    const bad = listKeysResponseSchema.safeParse({ keys: [good, good, { ...good, capabilities: 'all' }], nextApplicationKeyId: 'n' });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(describeIssues(bad.error)).toBe('keys.2.capabilities: expected an array of strings');
    const notList = listKeysResponseSchema.safeParse({ keys: {}, nextApplicationKeyId: null });
    expect(!notList.success && describeIssues(notList.error)).toBe('keys: expected an array');
  });

  it('says which field of which key is wrong, and how', () => {
    const detail = (key: unknown) => {
      const r = listKeysResponseSchema.safeParse({ keys: [good, key], nextApplicationKeyId: null });
      return r.success ? 'ok' : describeIssues(r.error);
    };
    expect(detail(good)).toBe('ok');
    expect(detail('key')).toBe('keys.1: expected an object');
    expect(detail(['x'])).toBe('keys.1: expected an object');
    expect(detail(null)).toBe('keys.1: expected an object');
    expect(detail({ ...good, accountId: 1 })).toBe('keys.1.accountId: expected a string');
    expect(detail({ ...good, applicationKeyId: '' })).toBe('keys.1.applicationKeyId: expected a non-empty string');
    expect(detail({ ...good, keyName: null })).toBe('keys.1.keyName: expected a string');
    expect(detail({ ...good, capabilities: ['a', 1] })).toBe('keys.1.capabilities: expected an array of strings');
    expect(detail({ ...good, namePrefix: 5 })).toBe('keys.1.namePrefix: expected a string or null');
    expect(detail({ ...good, expirationTimestamp: '1' })).toBe('keys.1.expirationTimestamp: expected a number or null');
    expect(detail({ ...good, options: [1] })).toBe('keys.1.options: expected an array of strings or null');
    expect(detail({ ...good, bucketIds: 'b1' })).toBe('keys.1.bucketIds: expected an array of strings or null');
    // Absent is not "all buckets": a one-bucket key whose listing lost the field would read as reaching every bucket.
    const { bucketIds: _dropped, ...noBuckets } = good;
    expect(detail(noBuckets)).toBe('keys.1.bucketIds: missing (a key without it would read as reaching every bucket)');
    expect(detail({ ...noBuckets, bucketIds: undefined })).toBe('keys.1.bucketIds: missing (a key without it would read as reaching every bucket)');
  });

  it("reads v3's single bucketId when bucketIds is not there, the same in both readers", () => {
    const { bucketIds: _dropped, ...noBuckets } = good;
    for (const [bucketId, expected] of [['b7', ['b7']], [null, null]] as const) {
      const key = { ...noBuckets, bucketId };
      expect(readListedKey(key)).toMatchObject({ bucketIds: expected });
      expect(keyV4Schema.parse(key)).toMatchObject({ bucketIds: expected });
      expect(readListedKey(key)).not.toHaveProperty('bucketId');
    }
    for (const bucketId of [5, ['b1'], undefined]) {
      expect(isListedKeyProblem(readListedKey({ ...noBuckets, bucketId }))).toBe(true);
      expect(keyV4Schema.safeParse({ ...noBuckets, bucketId }).success).toBe(false);
    }
    // bucketIds, when there, is what counts.
    expect(readListedKey({ ...good, bucketId: 'other' })).toMatchObject({ bucketIds: ['b1'] });
    expect(keyV4Schema.parse({ ...good, bucketId: 'other' })).toMatchObject({ bucketIds: ['b1'] });
  });
});
