/**
 * Create New Key, with the create journal (create-journal.ts): a record is written before b2_create_key goes
 * out and closed with the sealed secret in one write; a create whose answer was lost is checked once B2 must
 * have settled, and every key it may have made without a saved secret is flagged "applicationKey lost".
 */
import { B2AmbiguousCreateError, B2NetworkError, DEFAULT_LIST_KEYS_PAGE_SIZE, validateCreateKeyInput, type CreatedKey, type CreateKeyInput, type RecoveredKeySecret } from '../b2';
import { sha256Hex } from '../common/digest';
import { RpcError } from '../rpc/errors';
import type { Handlers } from '../rpc/router';
import { DamagedDataError, secretsKey, type CachedKey, type CreateRecord, type StoredAccount, type Tx } from '../storage';
import { openSecret, sealSecret, type SealedSecret } from '../vault';
import type { Context } from './context';
import { BACKGROUND_STOPPED, dueRecords, expiredRecords, isOrphaned, openRecordsNamed, rebasedAfterClockSetBack, settlesAt } from './create-journal';
import { outcomeOf, outcomeView, withOutcome, type CreateOutcome } from './create-outcomes';
import { toRpcError } from './errors';
import { checkAccount, toCached, withB2 } from './key-listing';
import { writeCreatedNotes } from './key-notes';
import { firstThatLands } from './write-fallback';

type CreateHandlers = Pick<Handlers, 'createKey' | 'dismissCreateCheck' | 'createOutcome' | 'heldSecret'>;
/** A page's Create New Key, or a rotation's (whose capabilities are copied from a key B2 made). */
type CreateParams = Omit<Parameters<Handlers['createKey']>[0], 'requestId'> & Pick<CreateKeyInput, 'copiedFromExistingKey'>;
type CreateReply = Awaited<ReturnType<Handlers['createKey']>>;

export interface CreateMethods {
  handlers: CreateHandlers;
  /**
   * Create New Key's whole path (journal, secret sealed before the reply); `replaces` makes it a rotation: the
   * lineage notes of both keys go into the same write as the new secret (key-notes.ts).
   */
  create(params: CreateParams, replaces?: CachedKey): Promise<CreateReply>;
  /**
   * Resolves create records whose check is due: records another background instance left in flight become
   * uncertain, due ones get a listing, and the next check is scheduled. Run at start, on the alarm, after unlock.
   */
  checkCreates(): Promise<void>;
  /**
   * Runs a send of a form (a create, a rotation) under the form's `requestId`, keeping what became of it for a
   * popup opened after this one closed (createOutcome); without one, only runs it.
   */
  tracked(requestId: string | undefined, about: { accountId: string | null; keyName: string }, run: () => Promise<CreateReply>): Promise<CreateReply>;
  /** See saveHeldSecrets. */
  landHeldSecrets(): Promise<boolean>;
}

export function createMethods(ctx: Context): CreateMethods {
  const { store, deps } = ctx;
  const timing = ctx.journalTiming;

  /** Written before b2_create_key goes out; never holds a secret. */
  async function beginCreate(account: StoredAccount, input: CreateKeyInput): Promise<CreateRecord> {
    const [named, index, meta] = await Promise.all([ctx.keyCache.named(account.accountId, input.keyName), store.secretIndex(account.accountId), ctx.keyCache.meta(account.accountId)]);
    const prior = new Set(named.map((k) => k.applicationKeyId));
    for (const [id, secret] of Object.entries(index.valid)) if (secret.keyName === input.keyName) prior.add(id);
    const record: CreateRecord = {
      id: globalThis.crypto.randomUUID(),
      accountId: account.accountId,
      keyName: input.keyName,
      capabilities: input.capabilities,
      bucketIds: input.bucketIds ?? null,
      namePrefix: input.namePrefix ?? null,
      validDurationInSeconds: input.validDurationInSeconds ?? null,
      startedAt: deps.now(),
      workerId: ctx.workerId,
      priorKeyIds: [...prior],
      // Only where the whole listing, with this key, takes more than one call: below that a tail saves nothing.
      ...(meta.last !== undefined && meta.count >= DEFAULT_LIST_KEYS_PAGE_SIZE ? { tailFrom: meta.last } : {}),
      state: 'inFlight',
      endedAt: null,
      savedKeyId: null,
      detail: null,
      resolution: null,
    };
    await store.write(async (tx) => tx.putCreateRecord(record));
    return record;
  }

  /** Marks a record whose answer was lost, and schedules its check. Best effort: a record left in flight is adopted at the next start. */
  async function markUncertain(record: CreateRecord, detail: string): Promise<CreateRecord> {
    const next: CreateRecord = { ...record, state: 'uncertain', endedAt: deps.now(), detail };
    await store.write(async (tx) => tx.putCreateRecord(next)).catch(() => undefined);
    deps.scheduleCheck?.(settlesAt(next, timing));
    return next;
  }

  /**
   * Seals the secret and records the key, in one write; called before any reply carries the secret. False: it is
   * not saved, and the reply is then the only copy.
   */
  async function saveCreated(account: StoredAccount, dataKey: CryptoKey, key: CachedKey, applicationKey: string, record: CreateRecord, input: CreateKeyInput, replaces?: CachedKey): Promise<boolean> {
    let sealed: SealedSecret | undefined;
    try {
      sealed = await sealSecret(dataKey, { accountId: account.accountId, applicationKeyId: key.applicationKeyId }, applicationKey);
      const putSecret = (tx: Tx, now: number) => tx.putSecret(account.accountId, key.applicationKeyId, { sealed: sealed!, keyName: key.keyName, savedAt: now });
      // Same write as the secret: a record that says "saved" always has its secret on disk.
      const putRecord = (tx: Tx, now: number) => tx.putCreateRecord({ ...record, state: 'saved', endedAt: now, savedKeyId: key.applicationKeyId });
      // Removed while B2 made the key: the reply is the secret's only copy, as when the write fails.
      const accountGone = async () => {
        if (!(await ctx.stillHas(account.accountId))) throw new Error('The account was removed meanwhile');
      };
      const whole = [
        async (tx: Tx) => {
          await accountGone();
          const now = deps.now();
          putSecret(tx, now);
          putRecord(tx, now);
          tx.unflagLost(account.accountId, key.applicationKeyId);
          await writeCreatedNotes(store, tx, account.accountId, key, input, replaces);
          await ctx.keyCache.upsert(tx, account.accountId, key);
          ctx.recordChange(account.accountId, { kind: 'add', key });
        },
        // A lesser record damaged (lost flags, key list, notes) or the whole write refused: the secret with its
        // record, then the secret alone. The next listing shows the key, and the create check sees its secret.
        async (tx: Tx) => {
          await accountGone();
          const now = deps.now();
          putSecret(tx, now);
          putRecord(tx, now);
        },
        async (tx: Tx) => {
          await accountGone();
          putSecret(tx, deps.now());
        },
      ];
      // Removed meanwhile with its saved applicationKeys kept ("keep them in the vault"): this one joins them, as it
      // would have had it landed a moment before the removal. Removed without them: the reply is its only copy. (A
      // removal landing after this look makes the attempts above refuse; the secret is then held, and joins them
      // from there: saveHeldSecrets.)
      const kept = async (tx: Tx) => {
        if (!(await keptAfterRemoval(account.accountId))) throw new Error('The account was removed meanwhile');
        putSecret(tx, deps.now());
      };
      const { attempt } = await firstThatLands(store, (await keptAfterRemoval(account.accountId)) ? [kept] : whole);
      if (attempt > 0) console.warn('A new key’s secret was saved without the rest of its write', attempt);
      return true;
    } catch (e) {
      // The reply still hands the secret to the person, and says it was not saved. Sealed, it is also held in memory
      // (storage.session) and written to the vault as soon as the vault takes it (saveHeldSecrets): the popup may
      // close before anyone copies it. The record is settled by the create check, which flags the key
      // "applicationKey lost" if it is still not saved by then.
      console.error('Saving a new key to the vault failed', e instanceof Error ? e.name : 'unknown');
      await markUncertain(record, 'B2 created the key and sent its applicationKey, but saving it to the vault failed.');
      const held = sealed ? { sealed, recordId: record.id } : undefined;
      await ctx.session.keepUnsavedCreate(key, await sha256Hex(applicationKey), deps.now(), held).catch(() => undefined);
      return false;
    }
  }

  /**
   * B2 answered the create with a reply we could not read whole but that held the keyID and the secret. The secret
   * was saved first, with what the request said about the key (B2 never shows it again, and a background stopped
   * while asking for more would have lost it); now B2 is asked for that one key, and its details replace the
   * request's. Without an answer the request's details stay until the next refresh.
   */
  async function withListedDetails(account: StoredAccount, key: CachedKey): Promise<CachedKey> {
    let listed;
    try {
      listed = await (await ctx.client(account)).getKey(key.applicationKeyId);
    } catch {
      return key;
    }
    if (!listed) return key;
    const better = toCached(listed);
    await store
      .write(async (tx) => {
        // Deleted meanwhile (another popup): not brought back.
        if (!(await ctx.keyCache.find(account.accountId, key.applicationKeyId, key.keyName))) return;
        await ctx.keyCache.upsert(tx, account.accountId, better);
        ctx.recordChange(account.accountId, { kind: 'add', key: better });
      })
      .catch(() => undefined);
    return better;
  }

  /** The account was removed and its saved applicationKeys were kept with the vault (Remove account's "keep"). */
  async function keptAfterRemoval(accountId: string): Promise<boolean> {
    return (await ctx.isGone(accountId)) && (await store.raw(secretsKey(accountId))) !== undefined;
  }

  /**
   * Writes the new keys' secrets that the vault refused (held sealed in storage.session by saveCreated), now that
   * it may take them: before a create check could flag such a key "applicationKey lost", and when a popup asks what
   * became of its create. A key whose account is gone is only forgotten, unless the removal kept the account's saved
   * applicationKeys (then it joins them), and not one whose entry is damaged (that account is still there); one whose
   * secret is in the vault since (Save it in the vault again) is forgotten too. False when one could still not be written: it stays held.
   */
  async function saveHeldSecrets(): Promise<boolean> {
    if (store.readOnlyReason) return false;
    let allLanded = true;
    // Taken before the list is read: a Delete Key that forgets a held secret after that is seen as a change.
    const since = ctx.changeSeq();
    for (const { key, held } of await ctx.session.heldSecrets().catch(() => [])) {
      const { accountId, applicationKeyId } = key;
      const deleted = () => ctx.changesSince(accountId, since).some((c) => c.kind === 'delete' && c.applicationKeyId === applicationKeyId);
      // 2: the secret, its record, the lost flag and the key list; 1: the secret and its record; 0: the secret alone
      // (a lesser record damaged must not keep the secret out, as in saveCreated).
      const attempt = (parts: 0 | 1 | 2) => async (tx: Tx): Promise<'gone' | 'had' | 'saved'> => {
        if (deleted()) return 'gone';
        // Removed: forgotten, unless the removal kept the account's saved applicationKeys (then it joins them, alone,
        // as in saveCreated). Unreadable, not removed: it stays held until the account reads again.
        const removed = await ctx.isGone(accountId);
        if (removed && !(await keptAfterRemoval(accountId))) return 'gone';
        if (!removed && !(await ctx.stillHas(accountId))) throw new Error('The account’s stored entry cannot be read');
        if (Object.hasOwn((await store.secretIndex(accountId)).valid, applicationKeyId)) return 'had';
        const now = deps.now();
        tx.putSecret(accountId, applicationKeyId, { sealed: held.sealed, keyName: key.keyName, savedAt: now });
        if (removed) return 'saved';
        if (parts >= 1) {
          const record = (await store.journal()).valid[held.recordId];
          if (record && record.resolution === null) tx.putCreateRecord({ ...record, state: 'saved', endedAt: now, savedKeyId: applicationKeyId });
        }
        if (parts === 2) {
          tx.unflagLost(accountId, applicationKeyId);
          // Not when a listing has it already; a Delete Key forgets the held secret (key-methods.ts), so no deleted key comes back.
          if (!(await ctx.keyCache.find(accountId, applicationKeyId, key.keyName))) {
            await ctx.keyCache.upsert(tx, accountId, key);
            ctx.recordChange(accountId, { kind: 'add', key });
          }
        }
        return 'saved';
      };
      let result: 'gone' | 'had' | 'saved';
      try {
        ({ value: result } = await firstThatLands(store, [attempt(2), attempt(1), attempt(0)]));
      } catch {
        allLanded = false;
        continue;
      }
      await ctx.session.dropUnsavedCreate(accountId, applicationKeyId).catch(() => undefined);
      if (result !== 'gone') await ctx.session.markCreatesSaved(applicationKeyId).catch(() => undefined);
    }
    return allLanded;
  }

  async function heldFor(applicationKeyId: string, accountId?: string) {
    return (await ctx.session.heldSecrets().catch(() => [])).find((h) => h.key.applicationKeyId === applicationKeyId && (accountId === undefined || h.key.accountId === accountId));
  }

  let checking: Promise<void> | null = null;
  /** Failed checks in a row, per account, since this background started: the next try waits longer each time. */
  const failedChecks = new Map<string, number>();
  async function checkCreatesOnce(): Promise<void> {
    let records = Object.values((await store.journal()).valid);
    // Data of a later version (read-only here): nothing could be settled, and each try would list the account
    // again (billed by B2) every minute for good.
    if (store.readOnlyReason) return;
    // A write that fails here (storage full or refusing) must not end the check without its next one: the
    // check goes on with what it read and is tried again later.
    let writeFailed = false;
    // First: a key whose secret is held would otherwise be flagged lost by this very check.
    if ((await ctx.session.heldSecrets().catch(() => [])).length) {
      writeFailed = !(await saveHeldSecrets());
      records = Object.values((await store.journal()).valid);
    }
    const landed = (write: Promise<unknown>) => write.then(() => true, () => false);
    const orphans = records.filter((r) => isOrphaned(r, ctx.workerId));
    if (orphans.length) {
      const now = deps.now();
      if (!(await landed(
        store.write(async (tx) => {
          for (const r of orphans) tx.putCreateRecord({ ...r, state: 'uncertain', endedAt: now, detail: BACKGROUND_STOPPED });
        }),
      )))
        writeFailed = true;
      records = Object.values((await store.journal()).valid);
    }
    const now = deps.now();
    const rebased = rebasedAfterClockSetBack(records, now);
    if (rebased.length) {
      if (!(await landed(store.write(async (tx) => rebased.forEach((r) => tx.putCreateRecord(r)))))) writeFailed = true;
      // Checked from their new times whether or not the write landed: a check that came early could miss B2's key.
      const byId = new Map(rebased.map((r) => [r.id, r]));
      records = records.map((r) => byId.get(r.id) ?? r);
    }
    const index = await store.accountIndex();
    const accounts = index.valid;
    // Only an account that is gone drops its records: a damaged entry (or a damaged record of accounts) is still an
    // account, and its open records are the only trace of a key B2 may have made; they wait until it is readable.
    const absent = (id: string): boolean => !index.corrupt && !accounts[id] && !index.damaged.includes(id);
    const gone = [...expiredRecords(records, now, timing), ...records.filter((r) => absent(r.accountId))];
    if (gone.length && !(await landed(store.write(async (tx) => gone.forEach((r) => tx.dropCreateRecord(r.id)))))) writeFailed = true;
    const { due, next } = dueRecords(
      records.filter((r) => accounts[r.accountId]),
      now,
      timing,
    );
    let retry: number | null = writeFailed ? now + timing.retryMs : null;
    for (const accountId of new Set(due.map((r) => r.accountId))) {
      try {
        await checkAccount(ctx, accounts[accountId]!);
        failedChecks.delete(accountId);
      } catch (e) {
        // The records stay open. B2 unreachable or busy: tried again, a minute later at first and then each time twice
        // as long (up to an hour): every try is an authorize, which B2 rate-limits, and a listing, which it bills.
        // A refusal no retry can mend (the managing key refused, another account answering, a reply that cannot be
        // read) and a locked vault: no alarm; the next unlock runs the check again (service.ts), as does a refresh
        // of the account (its listing settles the records).
        const failures = (failedChecks.get(accountId) ?? 0) + 1;
        failedChecks.set(accountId, failures);
        if (retriesMayMend(e)) {
          const at = now + Math.min(timing.retryMs * 2 ** (failures - 1), MAX_CHECK_RETRY_MS);
          retry = retry === null ? at : Math.min(retry, at);
        }
      }
    }
    const after = dueRecords(Object.values((await store.journal()).valid), deps.now(), timing);
    const times = [next, retry, after.next].filter((t): t is number => t !== null);
    if (times.length) deps.scheduleCheck?.(Math.min(...times));
  }

  function checkCreates(): Promise<void> {
    checking ??= checkCreatesOnce().finally(() => {
      checking = null;
    });
    return checking;
  }

  const inner = {
    async create({ confirmUnsettled, accountId, ...input }: CreateParams, replaces?: CachedKey): Promise<CreateReply> {
      const account = await ctx.accountFor(accountId);
      const dataKey = await ctx.dataKey();
      const issues = validateCreateKeyInput(input);
      if (issues.length) {
        const fields: Record<string, string> = {};
        for (const i of issues) fields[i.field] ??= i.message;
        throw new RpcError('INVALID_INPUT', issues[0]!.message, { fields });
      }
      const unsettled = openRecordsNamed(Object.values((await store.journal()).valid), account.accountId, input.keyName);
      if (unsettled.length && !confirmUnsettled) {
        // B2 did answer an earlier one whose applicationKey the vault refused and the background holds: said as such.
        const heldIds = new Set((await ctx.session.heldSecrets().catch(() => [])).map((h) => h.held.recordId));
        throw new RpcError(
          'CREATE_UNSETTLED',
          unsettled.some((r) => heldIds.has(r.id))
            ? `B2 already made a key “${input.keyName}” for an earlier Create New Key; its applicationKey has not reached the vault yet (B2 Key Manager holds it until the vault takes it, and the key’s details show it). Creating it again leaves two keys of that name. Create it anyway only if you want a second one.`
            : `An earlier Create New Key for “${input.keyName}” ended without B2’s answer, and B2 Key Manager has not yet checked whether B2 made that key. Creating it again now may leave two keys of that name. Wait for the check, or create it anyway.`,
        );
      }
      const client = await withB2(account, () => ctx.client(account));
      const record = await beginCreate(account, input).catch((e: unknown) => {
        // Without the record a lost answer could not be traced, and the secret could not be saved either. A damaged
        // journal is said as such (toRpcError); any other failure of the write is taken for the disk. (Read-only
        // storage never gets here: the service refuses every change first.)
        if (e instanceof RpcError || e instanceof DamagedDataError) throw toRpcError(e);
        throw new RpcError('INTERNAL', 'Nothing was created: B2 Key Manager could not write to its storage (the disk may be full). Free some space, then try again.');
      });
      let created: CreatedKey;
      let recovered = false;
      try {
        created = await client.createKey(input);
      } catch (e) {
        if (!(e instanceof B2AmbiguousCreateError)) {
          // A definite answer (B2 refused, or nothing was sent): no key exists, so the record has nothing to find.
          await store.write(async (tx) => tx.dropCreateRecord(record.id)).catch(() => undefined);
          throw toRpcError(e, { endpoint: account.endpoint });
        }
        if (!e.recoveredKey) {
          const why = ambiguousCause(e);
          const checked = await markUncertain(record, why);
          throw new RpcError(
            'AMBIGUOUS_CREATE',
            `${why} B2 may still have created “${input.keyName}”. B2 Key Manager checks the key list ${inAbout(settlesAt(checked, timing) - deps.now())} and flags that key as “applicationKey lost” if it exists; do not create it again before then.`,
          );
        }
        created = fromRequest(account, input, e.recoveredKey, deps.now());
        recovered = true;
      }
      const { applicationKey, ...key } = created;
      let cached = toCached(key);
      const saved = await saveCreated(account, dataKey, cached, applicationKey, record, input, replaces);
      // Not when the save failed: the reply is then the secret's only copy, and must not wait for B2.
      if (recovered && saved) cached = await withListedDetails(account, cached);
      // A re-sent request can have made a second key before this answer: a listing once B2 settles finds it.
      deps.scheduleCheck?.(deps.now() + timing.savedSettleMs);
      return { key: { ...cached, hasSecret: saved, lost: false }, applicationKey, saved };
    },
  };

  /** Keeps what became of a form's create for a popup opened after this one closed; a failed write only costs that. */
  function keepOutcome(requestId: string, outcome: CreateOutcome): Promise<void> {
    return ctx.session.updateCreateOutcomes((stored) => withOutcome(stored, requestId, outcome, outcome.at)).catch(() => undefined);
  }

  const tracked: CreateMethods['tracked'] = async (requestId, { accountId, keyName }, run) => {
    if (requestId === undefined) return run();
    // Queued at once, before anything is awaited: a page asking right behind this call must see it.
    await keepOutcome(requestId, { state: 'pending', at: deps.now(), workerId: ctx.workerId, accountId, keyName });
    try {
      const reply = await run();
      await keepOutcome(requestId, { state: 'created', at: deps.now(), keyName: reply.key.keyName, applicationKeyId: reply.key.applicationKeyId, saved: reply.saved });
      return reply;
    } catch (e) {
      await keepOutcome(requestId, { state: 'failed', at: deps.now(), error: toRpcError(e).toBody() });
      throw e;
    }
  };

  const handlers: CreateHandlers = {
    createKey: ({ requestId, ...params }) => tracked(requestId, { accountId: params.accountId ?? null, keyName: params.keyName }, () => inner.create(params)),

    async createOutcome({ requestId }) {
      let kept = outcomeOf(await ctx.session.createOutcomes(), requestId);
      // Its secret held since the vault refused it: the vault may take it now, and the popup then says it is saved.
      if (kept?.state === 'created' && !kept.saved && (await saveHeldSecrets().catch(() => false))) kept = outcomeOf(await ctx.session.createOutcomes(), requestId);
      if (kept?.state === 'pending' && kept.workerId !== ctx.workerId) {
        // The instance that waited for B2 stopped, maybe after the key's secret landed: that secret says B2 made it.
        const accountId = kept.accountId ?? (await store.get('activeAccountId').catch(() => null));
        const index = typeof accountId === 'string' ? await store.secretIndex(accountId).catch(() => null) : null;
        const saved = Object.entries(index?.valid ?? {}).find(([, s]) => s.keyName === kept.keyName && s.savedAt >= kept.at);
        if (saved) return { outcome: { state: 'created', keyName: kept.keyName, applicationKeyId: saved[0], saved: true, held: false } };
      }
      const held = kept?.state === 'created' && !kept.saved ? await heldFor(kept.applicationKeyId) : undefined;
      return { outcome: outcomeView(kept, ctx.workerId, held !== undefined) };
    },

    async heldSecret({ applicationKeyId, accountId }) {
      const held = await heldFor(applicationKeyId, accountId);
      if (!held) throw new RpcError('NOT_FOUND', 'B2 Key Manager no longer holds this applicationKey: it reached the vault meanwhile (open the key in the list), or the browser was closed since.');
      const dataKey = await ctx.dataKey();
      const applicationKey = await openSecret(dataKey, { accountId: held.key.accountId, applicationKeyId: held.key.applicationKeyId }, held.held.sealed);
      return { key: { ...held.key, hasSecret: false, lost: false }, applicationKey, saved: false };
    },

    async dismissCreateCheck({ id }) {
      await store.write(async (tx) => {
        const record = (await store.journal()).valid[id];
        // Only a finished check can be dismissed: an open one is what stops a lost key from going unnoticed.
        if (record && record.resolution !== null) tx.dropCreateRecord(id);
      });
      return {};
    },
  };

  return { handlers, checkCreates, create: inner.create, tracked, landHeldSecrets: saveHeldSecrets };
}

/** A created key as the request described it, for a reply that held only the keyID and the secret. */
function fromRequest(account: StoredAccount, input: CreateKeyInput, recovered: RecoveredKeySecret, now: number): CreatedKey {
  return {
    accountId: account.accountId,
    applicationKeyId: recovered.applicationKeyId,
    applicationKey: recovered.applicationKey,
    keyName: input.keyName,
    capabilities: input.capabilities,
    bucketIds: input.bucketIds ?? null,
    namePrefix: input.namePrefix ?? null,
    expirationTimestamp: input.validDurationInSeconds ? now + input.validDurationInSeconds * 1000 : null,
    options: [],
  };
}

function ambiguousCause(e: B2AmbiguousCreateError): string {
  const cause = e.cause;
  if (cause instanceof B2NetworkError) return cause.timedOut ? 'B2 did not answer in time.' : 'The connection to B2 broke before its answer arrived.';
  if (e.status !== undefined && e.status >= 500) return `B2 answered with a server error (HTTP ${e.status}).`;
  return 'B2’s answer could not be read.';
}

function inAbout(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  return s < 90 ? `in about ${s} s` : `in about ${Math.ceil(s / 60)} min`;
}

/** The longest wait between two tries of a create check that keeps failing. */
const MAX_CHECK_RETRY_MS = 60 * 60 * 1000;

/**
 * Whether trying the create check again later may go better: not for a locked vault, nor for B2 refusing the managing
 * key or answering in a way a retry does not change (a 4xx, a reply of another server, another account).
 */
function retriesMayMend(e: unknown): boolean {
  if (!(e instanceof RpcError)) return true;
  if (e.code === 'LOCKED' || e.code === 'B2_PERMISSION') return false;
  if (e.code !== 'B2') return true;
  const status = e.b2?.status;
  // No status: a reply that could not be read (a 2xx page of another server) or another account answering.
  return status !== undefined && (status === 429 || status === 408 || status >= 500);
}
