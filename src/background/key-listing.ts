/**
 * Listings of an account from B2 (a refresh; a create check, which may list only the keys made since): a refresh
 * is stored as the new cache in one write, with the create journal applied in that same write so the list and the
 * "applicationKey lost" flags never disagree. A failure midway keeps the previous list exactly as it was.
 */
import type { B2Client, B2Key, Bucket } from '../b2';
import type { CachedKey, CreateRecord, StoredAccount, Tx } from '../storage';
import { ListInterner, RunMerger, sortRun, sortRows, toRow, type KeyRow } from '../storage/key-shards';
import type { Context } from './context';
import { expiredRecords, resolveWithListing, tailStart } from './create-journal';
import { toRpcError } from './errors';

export function toCached(key: B2Key): CachedKey {
  return {
    accountId: key.accountId,
    applicationKeyId: key.applicationKeyId,
    keyName: key.keyName,
    capabilities: key.capabilities,
    bucketIds: key.bucketIds,
    namePrefix: key.namePrefix,
    expirationTimestamp: key.expirationTimestamp,
    options: key.options,
  };
}

export async function withB2<T>(account: StoredAccount, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw toRpcError(e, { endpoint: account.endpoint });
  }
}

export async function fetchBuckets(ctx: Context, account: StoredAccount): Promise<Bucket[]> {
  if (!account.capabilities.includes('listBuckets')) return [];
  return (await ctx.client(account)).listBuckets();
}

/** A full listing of one account, stored with the journal applied; the cached list stays usable meanwhile. */
export async function refreshAccount(ctx: Context, account: StoredAccount): Promise<void> {
  const since = ctx.changeSeq();
  const startedAt = ctx.deps.now();
  let bucketsFailure: { failed: unknown } | null = null;
  try {
    const [listing, listedBuckets] = await withB2(account, async () => {
      const client = await ctx.client(account);
      // A failed bucket list does not sink the key listing beside it (billed, up to ten calls at 100,000 keys): the
      // keys are stored with the buckets known before, and the failure is said once they are (fault review 16).
      return Promise.all([listSorted(client), fetchBuckets(ctx, account).then((b): Bucket[] | { failed: unknown } => b, (failed: unknown) => ({ failed }))]);
    });
    const buckets = Array.isArray(listedBuckets) ? listedBuckets : (await ctx.keyCache.meta(account.accountId)).buckets;
    // A new key whose applicationKey the vault refused is held in memory: written first if the vault takes it now,
    // or this listing would flag it "applicationKey lost" (the create check does the same before its listing).
    if ((await ctx.session.heldSecrets().catch(() => [])).some((h) => h.key.accountId === account.accountId)) await ctx.landHeldSecrets().catch(() => false);
    await storeListing(ctx, account.accountId, listing, since, startedAt, buckets);
    bucketsFailure = Array.isArray(listedBuckets) ? null : listedBuckets;
  } catch (e) {
    const error = toRpcError(e);
    if (!['LOCKED', 'NO_VAULT', 'READ_ONLY'].includes(error.code)) {
      // Only the reason is recorded, and only if no listing newer than this one was stored meanwhile.
      await ctx.store
        .write(async (tx) => {
          if (!(await ctx.stillHas(account.accountId))) return;
          const meta = await ctx.keyCache.meta(account.accountId);
          if (meta.fetchedAt === null || meta.fetchedAt <= startedAt) await ctx.keyCache.setFields(tx, account.accountId, { lastError: error.message });
        })
        .catch(() => undefined);
    }
    throw error;
  }
  // Said, but not recorded as the listing's error: the keys are current, and a recorded error would make the next
  // popup opening list every key again.
  if (bucketsFailure) throw toRpcError(bucketsFailure.failed, { endpoint: account.endpoint });
}

/**
 * The listing a create check needs: the journal is applied and keys of the checked names that the cache lacks
 * (a key made by a re-sent request, a key whose answer was lost) are added, but the cache is not rewritten:
 * at 100,000 keys that would be 10 MB written for every create.
 */
export async function checkAccount(ctx: Context, account: StoredAccount): Promise<void> {
  const startedAt = ctx.deps.now();
  const since = ctx.changeSeq();
  const { accountId } = account;
  const records = Object.values((await ctx.store.journal()).valid);
  const { listed, from } = await withB2(account, async () => checkListing(await ctx.client(account), tailStart(records, accountId, startedAt, ctx.journalTiming)));
  await ctx.store.write(async (tx) => {
    if (!(await ctx.stillHas(accountId))) return;
    const names = new Set(Object.values((await ctx.store.journal()).valid).filter((r) => r.accountId === accountId && r.resolution === null).map((r) => r.keyName));
    // A key deleted while this listing was under way is not brought back by it.
    const deleted = new Set(ctx.changesSince(accountId, since).flatMap((c) => (c.kind === 'delete' ? [c.applicationKeyId] : [])));
    for (const name of names) {
      // Keys of one name sort together: one shard (rarely two) says which are cached already.
      const cached = new Set((await ctx.keyCache.named(accountId, name)).map((k) => k.applicationKeyId));
      for (const k of listed) {
        if (k.keyName !== name || cached.has(k.applicationKeyId) || deleted.has(k.applicationKeyId)) continue;
        const key = toCached(k);
        await ctx.keyCache.upsert(tx, accountId, key);
        // Recorded like a create's own key, so a refresh whose listing began earlier does not drop it again.
        ctx.recordChange(accountId, { kind: 'add', key });
      }
    }
    await applyJournal(ctx, tx, accountId, listed, startedAt, from);
  });
}

/**
 * What a create check lists. B2 lists keys by keyID, and numbers new keys in the order it makes them
 * (`…0000000003`, then `…0000000004`): ⚠ seen in its answers, not documented. So where the due records allow it
 * (`tailStart`: saved creates in an account of more than one page), the listing starts at the highest keyID the
 * account had before them: one call instead of ten at 100,000 keys. The tail is trusted only if it holds each
 * record's own key; if B2 did not number them in order, every key is listed after all. `from`: the listing holds
 * every key from that keyID on ('' for all of them).
 */
async function checkListing(client: B2Client, tail: { from: string; keyIds: string[] } | null): Promise<{ listed: B2Key[]; from: string }> {
  if (tail) {
    const listed: B2Key[] = [];
    for await (const page of client.listKeys({ startApplicationKeyId: tail.from, ahead: true })) listed.push(...page);
    const ids = new Set(listed.map((k) => k.applicationKeyId));
    if (tail.keyIds.every((id) => ids.has(id))) return { listed, from: tail.from };
  }
  return { listed: await client.listAllKeys(), from: '' };
}

/** A full listing, each page already turned into sorted cache rows. */
interface Listing {
  listed: B2Key[];
  /** The pages' sorted rows, merged as they came. */
  sorted: RunMerger;
  /** Some keyID came twice (B2 does not do that, but a cache must not hold a key twice). */
  repeats: boolean;
}

/**
 * Lists every key, sorting each page into cache rows and merging it with the pages before while the next page is
 * fetched (`ahead`), so that once the last page is in about one pass over the rows is left: at 100,000 keys the
 * sort no longer comes after the network's wait.
 */
async function listSorted(client: B2Client): Promise<Listing> {
  const listing: Listing = { listed: [], sorted: new RunMerger(), repeats: false };
  const ids = new Set<string>();
  const lists = new ListInterner();
  for await (const page of client.listKeys({ ahead: true })) {
    const rows: KeyRow[] = [];
    for (const key of page) {
      listing.listed.push(key);
      if (ids.has(key.applicationKeyId)) listing.repeats = true;
      ids.add(key.applicationKeyId);
      // A listed key has exactly the cached fields: its row needs no intermediate copy.
      rows.push(lists.row(toRow(key)));
    }
    listing.sorted.push(sortRun(rows));
  }
  return listing;
}

/**
 * Replaces the cached list with a fresh listing, replaying creates and deletes made while the listing was under
 * way, so a key created during a slow refresh does not vanish (or a deleted one come back).
 */
async function storeListing(ctx: Context, accountId: string, listing: Listing, since: number, listingStartedAt: number, buckets: Bucket[]): Promise<void> {
  const { listed } = listing;
  await ctx.store.write(async (tx) => {
    // Removed while B2 listed it: nothing to keep.
    if (!(await ctx.stillHas(accountId))) return;
    const changes = ctx.changesSince(accountId, since);
    let sorted: KeyRow[];
    if (changes.length === 0 && !listing.repeats) sorted = listing.sorted.rows();
    else {
      const keys = new Map(listed.map((k) => [k.applicationKeyId, toCached(k)]));
      for (const change of changes) {
        if (change.kind === 'add') keys.set(change.key.applicationKeyId, change.key);
        else keys.delete(change.applicationKeyId);
      }
      sorted = sortRows([...keys.values()].map(toRow));
    }
    await ctx.keyCache.replaceSorted(tx, accountId, sorted, { fetchedAt: ctx.deps.now(), lastError: null, buckets });
    await applyJournal(ctx, tx, accountId, listed, listingStartedAt, '');
  });
}

/**
 * Resolves the create records this listing can settle: every key of a record's name that B2 has, that was not
 * there before, and whose secret is not saved is flagged "applicationKey lost". Flags of keys B2 no longer
 * lists are dropped, unless set after the listing began. `listed` is every key of the account from keyID `from`
 * on ('' for all of them): only a flagged key there can be known to be gone.
 */
async function applyJournal(ctx: Context, tx: Tx, accountId: string, listed: readonly B2Key[], listingStartedAt: number, from: string): Promise<void> {
  const { store, deps } = ctx;
  const [journal, saved, lost] = await Promise.all([store.journal(), store.secretKeyIds(accountId), store.lostKeys(accountId)]);
  const now = deps.now();
  // Built only when a flag needs it: most listings have no open record and no lost key (100,000 entries otherwise).
  let byIdMap: Map<string, B2Key> | undefined;
  const byId = () => (byIdMap ??= new Map(listed.map((k) => [k.applicationKeyId, k])));
  for (const { record, lostKeyIds, created } of resolveWithListing(Object.values(journal.valid), accountId, listed, listingStartedAt, saved, ctx.journalTiming)) {
    for (const id of lostKeyIds) {
      if (!(id in lost)) tx.flagLost(accountId, id, { keyName: byId().get(id)?.keyName ?? record.keyName, flaggedAt: now, recordId: record.id });
    }
    const resolved: CreateRecord = { ...record, resolution: { at: now, lostKeyIds, created } };
    if (expiredRecords([resolved], now, ctx.journalTiming).length) tx.dropCreateRecord(record.id);
    else tx.putCreateRecord(resolved);
  }
  // A flag set after this listing began (by a create check whose listing was newer) is not this listing's to drop.
  for (const [id, l] of Object.entries(lost)) if (id >= from && !byId().has(id) && l.flaggedAt < listingStartedAt) tx.unflagLost(accountId, id);
}
