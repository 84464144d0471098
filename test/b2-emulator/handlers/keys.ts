// b2_create_key, b2_list_keys, b2_delete_key (b2-key-api.md §3-§5).
import { badRequest } from '../errors';
import { newSecret } from '../ids';
import { createdKeyObject, keyObject } from '../shapes';
import type { StoredKey } from '../state';
import { parseCreateKey, parseDeleteKey, parseListKeys } from '../validation';
import { authenticate, requireCapability, unsupportedVersion } from './auth';
import { ok, type ApiContext, type ApiResult } from './context';

export function createKey(ctx: ApiContext): ApiResult {
  const principal = authenticate(ctx);
  // Order: token, then capability, then fields — a caller without writeKeys learns nothing about validation.
  requireCapability(principal, 'writeKeys');
  const input = parseCreateKey(ctx.params, ctx.version, ctx.state);
  const id = ctx.state.newKeyId();
  const key: StoredKey = {
    applicationKeyId: id,
    applicationKey: newSecret(),
    keyName: input.keyName,
    capabilities: input.capabilities,
    bucketIds: input.bucketIds,
    multiBucket: input.multiBucket,
    namePrefix: input.namePrefix,
    expirationTimestamp: input.validDurationInSeconds === null ? null : ctx.now + input.validDurationInSeconds * 1000,
    // Keys created through the API come back with options ["s3"] (Terraform acceptance tests).
    options: ['s3'],
    createdAt: ctx.now,
  };
  ctx.state.addKeys([key]);
  return ok(createdKeyObject(key, ctx.version, ctx.state.accountId));
}

/** Index of the first key whose ID is >= start (keys sorted by ID). */
function lowerBound(keys: readonly StoredKey[], start: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid]?.applicationKeyId ?? '') < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function listKeys(ctx: ApiContext): ApiResult {
  const principal = authenticate(ctx);
  requireCapability(principal, 'listKeys');
  const { maxKeyCount, startApplicationKeyId } = parseListKeys(ctx.params, ctx.state);
  // ⚠ pick (§4): v4 lists every key (as bucketIds); v2/v3 skip multi-bucket keys. The master key is never listed.
  let keys = ctx.state.sortedKeys();
  if (ctx.version < 4) keys = keys.filter((k) => !k.multiBucket);
  const from = startApplicationKeyId === null ? 0 : lowerBound(keys, startApplicationKeyId);
  const page = keys.slice(from, from + maxKeyCount);
  // nextApplicationKeyId is the next key's real ID (the docs only promise "a valid start point").
  const next = keys[from + maxKeyCount]?.applicationKeyId ?? null;
  return ok({
    keys: page.map((k) => keyObject(k, ctx.version, ctx.state.accountId)),
    nextApplicationKeyId: next,
  });
}

export function deleteKey(ctx: ApiContext): ApiResult {
  const principal = authenticate(ctx);
  requireCapability(principal, 'deleteKeys');
  const id = parseDeleteKey(ctx.params);
  const key = ctx.state.getKey(id);
  // ⚠ pick: the master key ID is not a deletable key, so it gets the same "does not exist" answer.
  if (!key) throw badRequest(`application key does not exist: ${id}`);
  // ⚠ pick (§5): v2/v3 cannot delete multi-bucket keys; they get the version refusal authorize gives.
  if (key.multiBucket && ctx.version < 4) throw unsupportedVersion(ctx.version);
  ctx.state.deleteKey(id);
  return ok(keyObject(key, ctx.version, ctx.state.accountId));
}
