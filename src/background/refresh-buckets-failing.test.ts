/**
 * A refresh lists the keys and the buckets side by side (key-listing.ts refreshAccount): when only b2_list_buckets
 * fails (503 through every retry), the listing of keys (billed, up to ten calls at 100,000 keys) is still stored,
 * with the buckets known before, and the failure is said (fault review 16: it used to be thrown away, and the next
 * popup opening listed every key again).
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNT_ID, b2Error, keyJson } from '../b2/test-support';
import { fakeB2, fixture, withFault } from './test-support';

describe('refresh whose bucket list fails', () => {
  it('still stores the key listing it paid for', async () => {
    const b2 = fakeB2();
    let bucketsDown = false;
    const { fetch, urls } = withFault(b2, (url) => (bucketsDown && url.endsWith('/b2_list_buckets') ? b2Error(503, 'service_unavailable', 'buckets service down') : undefined));
    const f = await fixture({ fetch });
    await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
    b2.keys = [keyJson('k-1')];
    await f.call('refreshKeys', {});
    // A key made elsewhere (the B2 console); the bucket list call is failing meanwhile.
    b2.keys = [keyJson('k-1'), keyJson('k-2')];
    bucketsDown = true;
    urls.length = 0;
    const error = await f.call('refreshKeys', {}).then(() => null, (e: { message: string }) => e.message);
    const listed = (await f.call('listKeys', {})).keys.map((k) => k.applicationKeyId);
    expect({ listKeysCalls: urls.filter((u) => u.endsWith('/b2_list_keys')).length, listed }).toEqual({ listKeysCalls: 1, listed: ['k-1', 'k-2'] });
    expect(error).toMatch(/^Backblaze B2 answered 503 \(a server error\)/);
    // The buckets known before stay; the listing counts as fresh, so the next opening lists nothing again.
    const meta = await f.service.context.keyCache.meta(ACCOUNT_ID);
    expect([meta.buckets.map((b) => b.bucketName), meta.lastError]).toEqual([['photos'], null]);
  });
});
