import { describe, expect, it } from 'vitest';
import { z } from '../common/zod';
import {
  authorizeResponseV4Schema,
  b2AuthSchema,
  createdKeyV3Schema,
  createdKeyV4Schema,
  createKeyRequestV3Schema,
  createKeyRequestV4Schema,
  deleteKeyRequestSchema,
  describeIssues,
  errorBodySchema,
  listBucketsRequestSchema,
  listBucketsResponseSchema,
  listKeysRequestSchema,
  listKeysResponseSchema,
} from './schemas';
import { cachedAuth, keyJson } from './test-support';

function authorizeJson(storageApi: Record<string, unknown> = {}, top: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    accountId: 'acc',
    authorizationToken: 'tok',
    apiInfo: {
      storageApi: {
        apiUrl: 'https://api004.backblazeb2.com',
        downloadUrl: 'https://f004.backblazeb2.com',
        s3ApiUrl: 'https://s3.us-west-004.backblazeb2.com',
        allowed: { buckets: null, capabilities: ['listKeys'], namePrefix: null },
        ...storageApi,
      },
    },
    ...top,
  };
}

/** The issues' paths and messages as describeIssues gives them, or 'ok'. */
function problems(schema: z.ZodMiniType, value: unknown): string {
  const r = schema.safeParse(value);
  return r.success ? 'ok' : describeIssues(r.error, 10);
}

describe('authorizeResponseV4Schema', () => {
  it('reads only http(s) apiUrls', () => {
    expect(problems(authorizeResponseV4Schema, authorizeJson({ apiUrl: 'http://127.0.0.1:8787' }))).toBe('ok');
    expect(problems(authorizeResponseV4Schema, authorizeJson({ apiUrl: 'ftp://api004.backblazeb2.com' }))).toBe('apiInfo.storageApi.apiUrl: expected an http(s) URL');
    expect(problems(authorizeResponseV4Schema, authorizeJson({ apiUrl: 'not a url' }))).toBe('apiInfo.storageApi.apiUrl: expected an http(s) URL');
  });

  it('refuses an empty accountId or token', () => {
    expect(problems(authorizeResponseV4Schema, authorizeJson({}, { accountId: '' }))).toMatch(/^accountId: /);
    expect(problems(authorizeResponseV4Schema, authorizeJson({}, { authorizationToken: '' }))).toMatch(/^authorizationToken: /);
  });

  it('reads absent or null optional fields as empty or null', () => {
    const parsed = authorizeResponseV4Schema.parse(
      authorizeJson({ downloadUrl: undefined, s3ApiUrl: null, allowed: { buckets: [{ id: 'b1' }], capabilities: [] } }),
    );
    expect(parsed).toEqual({
      accountId: 'acc',
      authorizationToken: 'tok',
      apiUrl: 'https://api004.backblazeb2.com',
      downloadUrl: '',
      s3ApiUrl: '',
      allowed: { buckets: [{ id: 'b1', name: null }], capabilities: [], namePrefix: null },
      applicationKeyExpirationTimestamp: null,
    });
  });

  it('refuses a restriction to a bucket with an empty ID', () => {
    expect(problems(authorizeResponseV4Schema, authorizeJson({ allowed: { buckets: [{ id: '', name: 'x' }], capabilities: [], namePrefix: null } }))).toMatch(
      /^apiInfo\.storageApi\.allowed\.buckets\.0\.id: /,
    );
  });
});

describe('b2AuthSchema', () => {
  it('accepts a token this build cached and refuses one missing a field or with a bad apiUrl', () => {
    expect(problems(b2AuthSchema, cachedAuth())).toBe('ok');
    const { obtainedAt: _o, ...noTime } = cachedAuth();
    expect(problems(b2AuthSchema, noTime)).toMatch(/^obtainedAt: /);
    expect(problems(b2AuthSchema, cachedAuth({ apiUrl: 'file:///etc' }))).toBe('apiUrl: expected an http(s) URL');
    expect(problems(b2AuthSchema, cachedAuth({ authorizationToken: '' }))).toMatch(/^authorizationToken: /);
  });
});

describe('created keys', () => {
  it('needs the one-time applicationKey, non-empty', () => {
    const created = { ...keyJson('k1'), applicationKey: 'K004secret' };
    expect(problems(createdKeyV4Schema, created)).toBe('ok');
    expect(problems(createdKeyV4Schema, { ...created, applicationKey: '' })).toMatch(/^applicationKey: /);
    expect(problems(createdKeyV3Schema, { ...created, bucketIds: undefined, bucketId: 'b1', applicationKey: '' })).toMatch(/^applicationKey: /);
  });

  it('maps a v3 key with no bucketId to every bucket', () => {
    const created = { ...keyJson('k1'), bucketIds: undefined, applicationKey: 'K004secret' };
    expect(createdKeyV3Schema.parse(created).bucketIds).toBeNull();
    expect(createdKeyV3Schema.parse({ ...created, bucketId: 'b9' }).bucketIds).toEqual(['b9']);
  });
});

describe('listing replies', () => {
  it('reads an absent nextApplicationKeyId as the end', () => {
    expect(listKeysResponseSchema.parse({ keys: [] })).toEqual({ keys: [], nextApplicationKeyId: null });
  });

  it('refuses a bucket without an ID', () => {
    expect(problems(listBucketsResponseSchema, { buckets: [{ bucketId: '', bucketName: 'n', bucketType: 'allPrivate' }] })).toMatch(/^buckets\.0\.bucketId: /);
  });
});

describe('errorBodySchema', () => {
  it('keeps each well-typed field and drops each wrong one on its own', () => {
    expect(errorBodySchema.parse({ status: 400, code: 'bad_request', message: 'm' })).toEqual({ status: 400, code: 'bad_request', message: 'm' });
    expect(errorBodySchema.parse({ status: '400', code: 7, message: 'kept' })).toEqual({ status: undefined, code: undefined, message: 'kept' });
    expect(errorBodySchema.parse({ status: 401, code: 'c', message: {} })).toEqual({ status: 401, code: 'c', message: undefined });
  });
});

describe('request bodies (a programming error never reaches the wire)', () => {
  const v4 = { accountId: 'acc', keyName: 'k-1', capabilities: ['readFiles'], validDurationInSeconds: null, bucketIds: null, namePrefix: null };

  it('accepts a well-formed create and refuses each field out of bounds', () => {
    expect(problems(createKeyRequestV4Schema, v4)).toBe('ok');
    expect(problems(createKeyRequestV4Schema, { ...v4, keyName: 'x'.repeat(100), validDurationInSeconds: 86_400_000, bucketIds: ['b'], namePrefix: 'p' })).toBe('ok');
    expect(problems(createKeyRequestV4Schema, { ...v4, validDurationInSeconds: 1 })).toBe('ok');
    for (const [field, value] of [
      ['accountId', ''],
      ['keyName', ''],
      ['keyName', 'x'.repeat(101)],
      ['keyName', 'bad name'],
      ['capabilities', []],
      ['capabilities', ['']],
      ['validDurationInSeconds', 0],
      ['validDurationInSeconds', 86_400_001],
      ['validDurationInSeconds', 1.5],
      ['bucketIds', []],
      ['bucketIds', ['']],
      ['namePrefix', ''],
    ] as const) {
      expect(problems(createKeyRequestV4Schema, { ...v4, [field]: value })).toMatch(new RegExp(`^${field}`));
    }
  });

  it('needs a non-empty bucketId on a v3 create', () => {
    const { bucketIds: _b, ...rest } = v4;
    expect(problems(createKeyRequestV3Schema, { ...rest, bucketId: 'b1' })).toBe('ok');
    expect(problems(createKeyRequestV3Schema, { ...rest, bucketId: '' })).toMatch(/^bucketId: /);
    expect(problems(createKeyRequestV3Schema, { ...rest, bucketId: 'b1', keyName: 'x'.repeat(101) })).toMatch(/^keyName: /);
  });

  it('bounds the list and delete requests', () => {
    expect(problems(listKeysRequestSchema, { accountId: 'acc', maxKeyCount: 1 })).toBe('ok');
    expect(problems(listKeysRequestSchema, { accountId: 'acc', maxKeyCount: 10_000, startApplicationKeyId: 'k' })).toBe('ok');
    expect(problems(listKeysRequestSchema, { accountId: 'acc', maxKeyCount: 0 })).toMatch(/^maxKeyCount: /);
    expect(problems(listKeysRequestSchema, { accountId: 'acc', maxKeyCount: 10_001 })).toMatch(/^maxKeyCount: /);
    expect(problems(listKeysRequestSchema, { accountId: 'acc', maxKeyCount: 5, startApplicationKeyId: '' })).toMatch(/^startApplicationKeyId: /);
    expect(problems(listKeysRequestSchema, { accountId: '', maxKeyCount: 5 })).toMatch(/^accountId: /);
    expect(problems(deleteKeyRequestSchema, { applicationKeyId: '' })).toMatch(/^applicationKeyId: /);
    expect(problems(listBucketsRequestSchema, { accountId: 'acc', bucketTypes: ['all'] })).toBe('ok');
    expect(problems(listBucketsRequestSchema, { accountId: 'acc', bucketTypes: [] })).toMatch(/^bucketTypes: /);
    expect(problems(listBucketsRequestSchema, { accountId: 'acc', bucketTypes: [''] })).toMatch(/^bucketTypes\.0: /);
    expect(problems(listBucketsRequestSchema, { accountId: '', bucketTypes: ['all'] })).toMatch(/^accountId: /);
  });
});

describe('describeIssues', () => {
  const fourWrong = z.object({ a: z.string(), b: z.string(), c: z.string(), d: z.string() });

  it('names at most three issues by path and counts the rest', () => {
    const r = fourWrong.safeParse({});
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(describeIssues(r.error)).toMatch(/^a: [^;]+; b: [^;]+; c: [^;]+; and 1 more$/);
    expect(describeIssues(r.error, 4)).toMatch(/^a: [^;]+; b: [^;]+; c: [^;]+; d: [^;]+$/);
    expect(describeIssues(r.error, 1)).toMatch(/^a: [^;]+; and 3 more$/);
  });

  it('calls the top level (root) and never shows the value', () => {
    const r = z.string().safeParse(12345678);
    expect(r.success).toBe(false);
    if (!r.success) {
      expect(describeIssues(r.error)).toMatch(/^\(root\): /);
      expect(describeIssues(r.error)).not.toContain('12345678');
    }
  });
});
