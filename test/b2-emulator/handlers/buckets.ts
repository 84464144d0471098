// b2_list_buckets (b2-key-api.md §6).
import { unauthorized } from '../errors';
import { bucketObject } from '../shapes';
import type { Bucket } from '../state';
import { parseListBuckets } from '../validation';
import { authenticate, requireCapability } from './auth';
import { ok, type ApiContext, type ApiResult } from './context';

export function listBuckets(ctx: ApiContext): ApiResult {
  const principal = authenticate(ctx);
  // ⚠ pick: only listBuckets grants the native call; listAllBucketNames is S3-only per the capabilities doc.
  requireCapability(principal, 'listBuckets');
  const { bucketId, bucketName, bucketTypes } = parseListBuckets(ctx.params, ctx.state);

  if (principal.bucketIds !== null) {
    // v2+: a bucket-restricted key must name one of its buckets, else 401 unauthorized with an empty message
    // (blazer PR #30 review). Naming a bucket outside the restriction is refused the same way.
    const allowed = new Set(principal.bucketIds);
    if (bucketId === null && bucketName === null) throw unauthorized();
    if (bucketId !== null && !allowed.has(bucketId)) throw unauthorized();
    if (bucketName !== null) {
      const named = ctx.state.bucketByName(bucketName);
      if (!named || !allowed.has(named.bucketId)) throw unauthorized();
    }
  }

  const matches = (b: Bucket): boolean =>
    (bucketId === null || b.bucketId === bucketId) &&
    (bucketName === null || b.bucketName === bucketName) &&
    (bucketTypes === null || bucketTypes.has(b.bucketType));
  const buckets = ctx.state
    .sortedBuckets()
    .filter(matches)
    .map((b) => bucketObject(b, ctx.state.accountId, principal.capabilities));
  return ok({ buckets });
}
