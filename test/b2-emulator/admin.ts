// Test-only control routes under /__emulator/ (JSON, no auth, CORS like everything else). Not part of B2.
import { B2Error, badRequest } from './errors';
import { FaultQueue, parseFaultSpec } from './faults';
import { newSecret } from './ids';
import type { RequestLog } from './requestLog';
import { makeBuckets, type EmulatorState, type StoredKey } from './state';
import { KEY_NAME_RE, parseBucketRestriction, parseCapabilities, parseDuration, type Params } from './validation';

export const ADMIN_PREFIX = '/__emulator/';

export interface AdminContext {
  state: EmulatorState;
  faults: FaultQueue;
  log: RequestLog;
  info: { url: string; accountId: string; applicationKeyId: string; applicationKey: string };
}

interface AdminResult {
  status: number;
  body: unknown;
}

type AdminHandler = (ctx: AdminContext, body: Params, rest: string) => AdminResult;

const ok = (body: unknown): AdminResult => ({ status: 200, body });

const MAX_SEED = 100_000;

function seedKeys(ctx: AdminContext, body: Params): AdminResult {
  const count = body['count'];
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > MAX_SEED) {
    throw badRequest(`count must be an integer 0..${MAX_SEED}`);
  }
  const prefix = body['namePrefix'] ?? 'seed-key-';
  if (typeof prefix !== 'string' || !KEY_NAME_RE.test(`${prefix}0`) || prefix.length > 94) {
    throw badRequest('namePrefix must be letters, digits and dashes, at most 94 chars');
  }
  const capabilities = parseCapabilities({ capabilities: body['capabilities'] ?? ['listBuckets', 'listFiles', 'readFiles'] });
  // Same rules as v4 b2_create_key: non-null bucketIds makes multi-bucket keys.
  const { bucketIds, multiBucket } = parseBucketRestriction({ bucketIds: body['bucketIds'] ?? null }, 4, ctx.state);
  const duration = parseDuration({ validDurationInSeconds: body['validDurationInSeconds'] });
  const now = Date.now();
  const width = String(Math.max(count - 1, 0)).length;
  const keys: StoredKey[] = [];
  const taken = new Set<string>();
  for (let i = 0; i < count; i++) {
    const id = ctx.state.newKeyId(taken);
    taken.add(id);
    keys.push({
      applicationKeyId: id,
      applicationKey: newSecret(),
      keyName: `${prefix}${String(i).padStart(width, '0')}`,
      capabilities: [...capabilities],
      bucketIds: bucketIds && [...bucketIds],
      multiBucket,
      namePrefix: null,
      expirationTimestamp: duration === null ? null : now + duration * 1000,
      options: ['s3'],
      createdAt: now,
    });
  }
  // One addKeys call ⇒ one state save for the whole batch (10,000 saves would take seconds).
  ctx.state.addKeys(keys);
  return ok({ created: keys.length });
}

function createBucket(ctx: AdminContext, body: Params): AdminResult {
  const name = body['bucketName'];
  const type = body['bucketType'] ?? 'allPrivate';
  if (typeof name !== 'string' || typeof type !== 'string') throw badRequest('bucketName and bucketType must be strings');
  if (ctx.state.bucketByName(name)) throw new B2Error(400, 'duplicate_bucket_name', `Bucket name is already in use: ${name}`);
  let bucket;
  try {
    [bucket] = makeBuckets([`${name}:${type}`]);
  } catch (e) {
    throw badRequest((e as Error).message);
  }
  if (!bucket) throw badRequest('no bucket');
  ctx.state.addBucket(bucket);
  return ok(bucket);
}

/**
 * `POST alter-key/<id>` `{expired?: true, expirationTimestamp?: ms|null, newSecret?: true}`: what B2 users meet
 * and tests cannot wait for: a key that has expired (authorize then answers 401 unauthorized, handlers/authorize.ts),
 * or one whose saved copy no longer matches (a fresh secret). Answers the key's ID and expiry, never the secret,
 * except for the master key's new secret (`<id>` the account ID), which the B2 console too shows once.
 */
function alterKey(ctx: AdminContext, body: Params, rest: string): AdminResult {
  if (rest === ctx.state.accountId) {
    if (body['newSecret'] !== true) throw badRequest('the master application key can only be given a new secret');
    const applicationKey = newSecret();
    ctx.state.regenerateMasterKey(applicationKey);
    return ok({ applicationKeyId: rest, applicationKey });
  }
  const change: { expirationTimestamp?: number | null; applicationKey?: string } = {};
  if (body['expired'] === true) change.expirationTimestamp = Date.now() - 1;
  else if (body['expirationTimestamp'] === null || typeof body['expirationTimestamp'] === 'number') change.expirationTimestamp = body['expirationTimestamp'];
  if (body['newSecret'] === true) change.applicationKey = newSecret();
  const key = ctx.state.alterKey(rest, change);
  if (!key) throw badRequest(`application key does not exist: ${rest}`);
  return ok({ applicationKeyId: key.applicationKeyId, expirationTimestamp: key.expirationTimestamp });
}

const ROUTES: Record<string, AdminHandler> = {
  'GET info': (ctx) =>
    ok({ ...ctx.info, applicationKey: ctx.state.masterKey, buckets: ctx.state.sortedBuckets().map(({ bucketId, bucketName, bucketType }) => ({ bucketId, bucketName, bucketType })) }),
  'GET faults': (ctx) => ok(ctx.faults.list()),
  'POST faults': (ctx, body) => ok(ctx.faults.add(parseFaultSpec(body))),
  'DELETE faults': (ctx) => {
    ctx.faults.clear();
    return ok({ cleared: true });
  },
  'POST expire-tokens': (ctx) => ok({ expired: ctx.state.expireAllTokens() }),
  'GET requests': (ctx) => ok(ctx.log.list()),
  'DELETE requests': (ctx) => {
    ctx.log.clear();
    return ok({ cleared: true });
  },
  // Test oracle: every non-master key with its secret, sorted by ID. The master credentials are in /info.
  'GET keys': (ctx) =>
    ok(
      ctx.state.sortedKeys().map((k) => ({
        accountId: ctx.state.accountId,
        applicationKeyId: k.applicationKeyId,
        applicationKey: k.applicationKey,
        keyName: k.keyName,
        capabilities: k.capabilities,
        bucketIds: k.bucketIds,
        multiBucket: k.multiBucket,
        namePrefix: k.namePrefix,
        expirationTimestamp: k.expirationTimestamp,
        options: k.options,
        createdAt: k.createdAt,
      })),
    ),
  'POST seed-keys': seedKeys,
  'POST alter-key': alterKey,
  'POST key-ids': (ctx, body) => {
    const order = body['order'];
    if (order !== 'random' && order !== 'sequential') throw badRequest("order must be 'random' or 'sequential'");
    ctx.state.setKeyIdOrder(order);
    return ok({ order });
  },
  'POST reset': (ctx) => {
    ctx.state.reset();
    ctx.faults.clear();
    ctx.log.clear();
    return ok({ reset: true });
  },
  'POST buckets': createBucket,
  'DELETE buckets': (ctx, _body, rest) => {
    const bucket = ctx.state.deleteBucket(rest);
    if (!bucket) throw new B2Error(400, 'bad_bucket_id', `Invalid bucketId: ${rest}`);
    return ok(bucket);
  },
};

/** Resolves `/__emulator/<name>[/<rest>]` to a handler; undefined path ⇒ 404, known path wrong method ⇒ 405. */
export function routeAdmin(method: string, pathname: string): { handler: AdminHandler; rest: string } {
  const tail = pathname.slice(ADMIN_PREFIX.length);
  const slash = tail.indexOf('/');
  const name = slash < 0 ? tail : tail.slice(0, slash);
  const rest = slash < 0 ? '' : decodeURIComponent(tail.slice(slash + 1));
  const handler = ROUTES[`${method} ${name}`];
  if (handler) return { handler, rest };
  const methods = Object.keys(ROUTES)
    .filter((k) => k.endsWith(` ${name}`))
    .map((k) => k.split(' ')[0]);
  if (methods.length > 0) {
    throw new B2Error(405, 'method_not_allowed', `${method} not allowed on ${pathname}`, {
      Allow: [...methods, 'OPTIONS'].join(', '),
    });
  }
  throw new B2Error(404, 'not_found', pathname);
}
