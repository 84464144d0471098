/**
 * A b2_list_keys reply whose key lacks `bucketIds` (the v3 shape, `bucketId`, or a field dropped by a proxy) is read
 * as "all buckets" (listed-key.ts: absent ⇒ null), unlike the authorize reply, whose `allowed.buckets` is required
 * precisely so that "a missing list must not be mistaken for all buckets" (schemas.ts). The cache then shows a
 * one-bucket key as reaching every bucket, and Rotate key makes its successor an all-buckets key.
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNT_ID, keyJson } from '../b2/test-support';
import { fakeB2, fixture } from './test-support';

describe('a listed key without bucketIds', () => {
  it('is not cached as an all-buckets key, and its rotation does not widen it to every bucket', async () => {
    const b2 = fakeB2();
    const creates: Record<string, unknown>[] = [];
    const fetch = (async (u: RequestInfo | URL, init?: RequestInit) => {
      if (String(u).endsWith('b2_create_key')) creates.push(JSON.parse(String(init?.body)) as Record<string, unknown>);
      return b2.fetch(u, init);
    }) as typeof globalThis.fetch;
    const f = await fixture({ fetch });
    await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
    const { bucketIds: _dropped, ...v3Shape } = keyJson('k-photos', { keyName: 'photos-writer', capabilities: ['listFiles', 'readFiles', 'writeFiles'] });
    b2.keys = [{ ...v3Shape, bucketId: 'b1' }];
    let refreshError: unknown = null;
    await f.call('refreshKeys', {}).catch((e: unknown) => (refreshError = e));
    const listed = (await f.call('listKeys', {})).keys.find((k) => k.applicationKeyId === 'k-photos');
    await f.call('rotateKey', { applicationKeyId: 'k-photos', keyName: 'photos-writer-2', validDurationInSeconds: null }).catch(() => undefined);
    // Either the reply is refused (nothing cached), or its v3 `bucketId` is read; never "all buckets".
    expect({ refreshRefused: refreshError !== null, cachedBucketIds: listed?.bucketIds }).not.toMatchObject({ refreshRefused: false, cachedBucketIds: null });
    expect(creates.filter((c) => c['bucketIds'] === null && !('bucketId' in c))).toEqual([]);
  });
});
