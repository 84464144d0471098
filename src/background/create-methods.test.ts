/**
 * Create New Key and the create journal's checks, in Node over in-memory storage, against a fake B2 answered
 * in-process (no network): every outcome of b2_create_key (saved, refused, answer lost, answer unreadable but
 * holding the secret), what the journal records for each, and what a check later does with it. The same paths
 * against the emulator are in test/integration/create-journal.test.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_LIST_KEYS_PAGE_SIZE, type B2Key } from '../b2';
import { toCached } from './key-listing';
import { ACCOUNT_ID, b2Error, connectionRefused, json, keyJson } from '../b2/test-support';
import { JOURNAL_KEY, LocalStore, secretsKey, type CreateRecord } from '../storage';
import { DEFAULT_JOURNAL_TIMING as T, type JournalTiming } from './create-journal';
import { createService } from './service';
import { Session } from './session';
import { createdReply as created, failure, fakeB2, fixture } from './test-support';

async function setup(opts: { journalTiming?: JournalTiming } = {}) {
  const b2 = fakeB2();
  const scheduled: number[] = [];
  const f = await fixture({ fetch: b2.fetch, scheduleCheck: (at) => scheduled.push(at), ...(opts.journalTiming ? { journalTiming: opts.journalTiming } : {}) });
  await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
  const journal = async () => Object.values((await f.service.context.store.journal()).valid).sort((a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id));
  return { f, b2, scheduled, journal, ctx: f.service.context };
}

const input = { keyName: 'reader', capabilities: ['readFiles'] };

describe('createKey', () => {
  it('records where its check may start listing once a whole listing, with the new key, takes more than one call', async () => {
    for (const [cached, tailFrom] of [[DEFAULT_LIST_KEYS_PAGE_SIZE - 1, undefined], [DEFAULT_LIST_KEYS_PAGE_SIZE, 'k-09999']] as const) {
      const { f, ctx, journal } = await setup();
      const keys = Array.from({ length: cached }, (_, i) => toCached(keyJson(`k-${String(i).padStart(5, '0')}`) as unknown as B2Key));
      await ctx.store.write((tx) => ctx.keyCache.replaceAll(tx, ACCOUNT_ID, keys, { fetchedAt: 1, lastError: null, buckets: [] }));
      await f.call('createKey', input);
      const [record] = await journal();
      expect(record!.tailFrom).toBe(tailFrom);
    }
  });

  it('saves the secret with the key, closes the record in the same write, and asks for a check once B2 settled', async () => {
    const { f, scheduled, journal } = await setup();
    const reply = await f.call('createKey', input);
    expect(reply).toEqual({
      key: { accountId: ACCOUNT_ID, applicationKeyId: 'k-reader', keyName: 'reader', capabilities: ['readFiles'], bucketIds: null, namePrefix: null, expirationTimestamp: null, options: [], hasSecret: true, lost: false },
      applicationKey: 'K-k-reader',
      saved: true,
    });
    expect(await f.call('revealSecret', { applicationKeyId: 'k-reader' })).toEqual({ applicationKey: 'K-k-reader' });
    const [record] = await journal();
    expect(record).toMatchObject({ accountId: ACCOUNT_ID, keyName: 'reader', capabilities: ['readFiles'], bucketIds: null, namePrefix: null, validDurationInSeconds: null, startedAt: f.clock.now, workerId: f.service.context.workerId, priorKeyIds: [], state: 'saved', endedAt: f.clock.now, savedKeyId: 'k-reader', detail: null, resolution: null });
    expect(scheduled).toEqual([f.clock.now + T.savedSettleMs]);
    // The new key is in the list at once, with its secret.
    expect((await f.call('listKeys', {})).keys).toMatchObject([{ applicationKeyId: 'k-reader', hasSecret: true }]);
    // The record keeps the request's restrictions.
    await f.call('createKey', { keyName: 'narrow', capabilities: ['readFiles'], bucketIds: ['b1'], namePrefix: 'p/', validDurationInSeconds: 3600 });
    expect((await journal()).find((r) => r.keyName === 'narrow')).toMatchObject({ keyName: 'narrow', bucketIds: ['b1'], namePrefix: 'p/', validDurationInSeconds: 3600 });
  });

  it('a record remembers the keys of that name known before: cached ones and saved ones', async () => {
    const { f, b2, journal, ctx } = await setup();
    b2.keys = [keyJson('k-old', { keyName: 'reader' }), keyJson('k-else', { keyName: 'other' })];
    await f.call('refreshKeys', {});
    const dataKey = await ctx.dataKey();
    const { sealSecret } = await import('../vault');
    await f.local.set({ [secretsKey(ACCOUNT_ID)]: { 'k-saved': { sealed: await sealSecret(dataKey, { accountId: ACCOUNT_ID, applicationKeyId: 'k-saved' }, 'S'), keyName: 'reader', savedAt: 1 }, 'k-saved2': { sealed: await sealSecret(dataKey, { accountId: ACCOUNT_ID, applicationKeyId: 'k-saved2' }, 'S'), keyName: 'other', savedAt: 1 } } });
    b2.creates.push(created('k-new', 'reader'));
    await f.call('createKey', input);
    expect([...(await journal())[0]!.priorKeyIds].sort()).toEqual(['k-old', 'k-saved']);
  });

  it('refuses invalid input before anything is written or sent, naming the first problem of each field', async () => {
    const { f, b2, journal } = await setup();
    const e = await failure(f.call('createKey', { keyName: '', capabilities: [] }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.fields).toEqual({ keyName: expect.any(String), capabilities: 'Choose at least one capability.' });
    expect(e.message).toBe(e.fields!.keyName);
    // Two fields with problems: the message is the first one.
    const two = await failure(f.call('createKey', { keyName: 'ok', capabilities: ['readFiles', 'writeKeys'], bucketIds: ['b1', 'b1'] }));
    expect(two.fields).toEqual({ bucketIds: "Each bucket may be listed only once: 'b1'.", capabilities: "Keys restricted to buckets cannot have these capabilities: 'writeKeys'." });
    expect(two.message).toBe("Each bucket may be listed only once: 'b1'.");
    // Refused here, not by the B2 client after authorizing: nothing at all goes out.
    expect(b2.calls).toEqual([]);
    expect(await journal()).toEqual([]);
  });

  it('a refusal from B2 leaves no record (nothing was made)', async () => {
    const { f, b2, journal } = await setup();
    b2.creates.push(b2Error(400, 'bad_request', 'no such bucket'));
    const e = await failure(f.call('createKey', input));
    expect(e.code).not.toBe('AMBIGUOUS_CREATE');
    expect(await journal()).toEqual([]);
  });

  it('an account removed while B2 makes the key: the secret is handed over unsaved, and nothing is kept for the account', async () => {
    const { f, b2 } = await setup();
    let answer!: () => void;
    b2.creates.push(() => new Promise<Response>((resolve) => (answer = () => resolve(created('k-reader', 'reader')))));
    const sent = f.call('createKey', { ...input, accountId: ACCOUNT_ID });
    await vi.waitFor(() => expect(b2.calls).toContain('b2_create_key'));
    await f.call('removeAccount', { accountId: ACCOUNT_ID, keepSecrets: false, savedSecretCount: 0 });
    answer();
    const reply = await sent;
    expect([reply.saved, reply.applicationKey]).toEqual([false, 'K-k-reader']);
    expect([...f.local.data.keys()].filter((k) => k.includes(ACCOUNT_ID))).toEqual([]);
  });

  it('a lost answer: the record becomes uncertain, the check is scheduled, and the person is told when', async () => {
    const { f, b2, scheduled, journal } = await setup();
    b2.creates.push(new TypeError('fetch failed'));
    const e = await failure(f.call('createKey', input));
    expect(e.code).toBe('AMBIGUOUS_CREATE');
    expect(e.message).toBe(
      'The connection to B2 broke before its answer arrived. B2 may still have created “reader”. B2 Key Manager checks the key list in about 60 s and flags that key as “applicationKey lost” if it exists; do not create it again before then.',
    );
    const [record] = await journal();
    expect(record).toMatchObject({ state: 'uncertain', endedAt: f.clock.now, detail: 'The connection to B2 broke before its answer arrived.', resolution: null });
    expect(scheduled).toEqual([f.clock.now + T.uncertainSettleMs]);
    // The same name again is stopped until the check ran, unless the person insists.
    const again = await failure(f.call('createKey', input));
    expect(again.code).toBe('CREATE_UNSETTLED');
    expect(again.message).toMatch(/^An earlier Create New Key for “reader” ended without B2’s answer/);
    expect((await f.call('createKey', { ...input, confirmUnsettled: true })).saved).toBe(true);
    // Another name is not stopped.
    expect((await f.call('createKey', { ...input, keyName: 'writer' })).saved).toBe(true);
  });

  it('says what kind of failure lost the answer, and how long the check waits', async () => {
    const { f, b2 } = await setup({ journalTiming: { ...T, uncertainSettleMs: 5 * 60_000 } });
    b2.creates.push(b2Error(503, 'service_unavailable', 'busy'));
    expect((await failure(f.call('createKey', { ...input, keyName: 'a' }))).message).toMatch(/^B2 answered with a server error \(HTTP 503\)\. B2 may still have created “a”\. B2 Key Manager checks the key list in about 5 min /);
    b2.creates.push(b2Error(500, 'internal_error', 'oops'));
    expect((await failure(f.call('createKey', { ...input, keyName: 'b' }))).message).toMatch(/^B2 answered with a server error \(HTTP 500\)\./);
    b2.creates.push(json({ unexpected: true }));
    expect((await failure(f.call('createKey', { ...input, keyName: 'c' }))).message).toMatch(/^B2’s answer could not be read\. /);
    b2.creates.push(b2Error(408, 'request_timeout', 'slow'));
    expect((await failure(f.call('createKey', { ...input, keyName: 'd' }))).message).toMatch(/^B2’s answer could not be read\. /);
  });

  it('a create B2 did not answer within the request timeout: said as such, and the record is uncertain', async () => {
    const { f, b2, journal } = await setup();
    // Fake timers only after the fixture is unlocked; the request's 25 s timer is the only one that runs.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let sent!: () => void;
      const reached = new Promise<void>((r) => (sent = r));
      b2.creates.push(() => {
        sent();
        return new Promise<Response>(() => undefined);
      });
      const pending = failure(f.call('createKey', input));
      // The request's timer is armed before fetch is called.
      await reached;
      await vi.advanceTimersByTimeAsync(25_000);
      const e = await pending;
      expect(e.code).toBe('AMBIGUOUS_CREATE');
      expect(e.message).toMatch(/^B2 did not answer in time\. B2 may still have created “reader”\. /);
      expect((await journal())[0]).toMatchObject({ state: 'uncertain', detail: 'B2 did not answer in time.' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('a definite failure after the request was built (the re-authorize after a rejected token is refused) names the account’s endpoint', async () => {
    const b2 = fakeB2();
    let refuseAuth = false;
    const refused = connectionRefused;
    const f = await fixture({ fetch: (url, init) => (refuseAuth && String(url).endsWith('/b2_authorize_account') ? Promise.reject(refused()) : b2.fetch(url, init)) });
    await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
    await f.call('refreshKeys', {});
    refuseAuth = true;
    b2.creates.push(b2Error(401, 'expired_auth_token', 'expired'));
    const e = await failure(f.call('createKey', input));
    expect(e.code).toBe('NETWORK');
    expect(e.message).toContain('Could not connect to api.backblazeb2.com: the connection was refused');
    // Nothing was made: the record is gone.
    expect(Object.values((await f.service.context.store.journal()).valid)).toEqual([]);
  });

  it('rounds the wait up to whole seconds and at least one, and says minutes from 90 s on', async () => {
    for (const [ms, said] of [
      [89_000, 'in about 89 s'],
      [89_001, 'in about 2 min'],
      [1_500, 'in about 2 s'],
      [90_000, 'in about 2 min'],
      [150_001, 'in about 3 min'],
      [0, 'in about 1 s'],
    ] as const) {
      const { f, b2 } = await setup({ journalTiming: { ...T, uncertainSettleMs: ms, savedSettleMs: 0 } });
      b2.creates.push(new TypeError('fetch failed'));
      expect((await failure(f.call('createKey', input))).message).toContain(`checks the key list ${said} and`);
    }
  });

  it('an unreadable answer that holds the secret: the key is saved, with what the listing says of it', async () => {
    const { f, b2, journal } = await setup();
    const full = keyJson('k-rec', { keyName: 'reader', capabilities: ['readFiles'], options: ['s3'], namePrefix: 'p/' });
    b2.keys = [full];
    b2.creates.push(json({ applicationKeyId: 'k-rec', applicationKey: 'K-rec', keyName: 5 }));
    const reply = await f.call('createKey', { ...input, validDurationInSeconds: 60 });
    expect(reply).toMatchObject({ applicationKey: 'K-rec', saved: true, key: { applicationKeyId: 'k-rec', options: ['s3'], namePrefix: 'p/', hasSecret: true } });
    expect(await f.call('revealSecret', { applicationKeyId: 'k-rec' })).toEqual({ applicationKey: 'K-rec' });
    expect((await journal())[0]).toMatchObject({ state: 'saved', savedKeyId: 'k-rec' });
  });

  it('an unreadable answer holding the secret, and no listing: the key is saved as the request described it', async () => {
    const { f, b2 } = await setup();
    b2.listFails = true;
    b2.creates.push(json({ applicationKeyId: 'k-rec', applicationKey: 'K-rec' }));
    const reply = await f.call('createKey', { keyName: 'reader', capabilities: ['readFiles', 'listFiles'], bucketIds: ['b1'], namePrefix: 'p/', validDurationInSeconds: 60 });
    expect(reply).toEqual({
      key: { accountId: ACCOUNT_ID, applicationKeyId: 'k-rec', keyName: 'reader', capabilities: ['readFiles', 'listFiles'], bucketIds: ['b1'], namePrefix: 'p/', expirationTimestamp: f.clock.now + 60_000, options: [], hasSecret: true, lost: false },
      applicationKey: 'K-rec',
      saved: true,
    });
    b2.creates.push(json({ applicationKeyId: 'k-rec2', applicationKey: 'K-rec2' }));
    const bare = await f.call('createKey', { keyName: 'other', capabilities: ['readFiles'] });
    expect(bare.key).toMatchObject({ bucketIds: null, namePrefix: null, expirationTimestamp: null });
    // A listing that does not have the key yet: the request's description too.
    b2.listFails = false;
    b2.keys = [keyJson('k-unrelated', { keyName: 'third' })];
    b2.creates.push(json({ applicationKeyId: 'k-rec3', applicationKey: 'K-rec3' }));
    expect((await f.call('createKey', { keyName: 'third', capabilities: ['readFiles'] })).key).toMatchObject({ applicationKeyId: 'k-rec3', keyName: 'third', options: [] });
  });

  it('a secret that could not be saved is still handed over, said as not saved, and its record is left for the check', async () => {
    const { f, b2, journal, scheduled } = await setup();
    await f.local.set({ [secretsKey(ACCOUNT_ID)]: 'not a record' });
    b2.creates.push(created('k-new', 'reader'));
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const reply = await f.call('createKey', input);
      expect(reply).toMatchObject({ applicationKey: 'K-k-new', saved: false, key: { applicationKeyId: 'k-new', hasSecret: false, lost: false } });
      expect(error).toHaveBeenCalledTimes(1);
      // Only the error's name is logged, never the secret or the error's text.
      expect(error).toHaveBeenCalledWith('Saving a new key to the vault failed', 'DamagedDataError');
    } finally {
      error.mockRestore();
    }
    // Not left in flight (a running background never checks its own in-flight records): the check finds the key
    // without a secret later, and the popup says what happened meanwhile.
    expect((await journal())[0]).toMatchObject({ state: 'uncertain', savedKeyId: null, endedAt: f.clock.now, detail: 'B2 created the key and sent its applicationKey, but saving it to the vault failed.' });
    expect(scheduled).toContain(f.clock.now + T.uncertainSettleMs);
    const [check] = (await f.call('listKeys', {})).createChecks;
    expect(check).toMatchObject({ status: 'checking', keyName: 'reader', detail: 'B2 created the key and sent its applicationKey, but saving it to the vault failed.' });
  });

  it('"Save it in the vault again" with the secret B2 sent needs no word from B2; any other secret is still checked with B2', async () => {
    const { f, b2, ctx } = await setup();
    await f.local.set({ [secretsKey(ACCOUNT_ID)]: 'not a record' });
    b2.creates.push(created('k-new', 'reader'));
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const reply = await f.call('createKey', input).finally(() => error.mockRestore());
    expect(reply.saved).toBe(false);
    // Never the secret in plain text: a digest, and the secret sealed as the vault holds it (held-secrets.test.ts).
    expect(JSON.stringify(await f.sessionArea.get(null))).not.toContain('K-k-new');
    f.local.data.delete(secretsKey(ACCOUNT_ID));
    // The network is down now, and the client must authorize again.
    ctx.forgetClients();
    b2.authorize = () => new TypeError('fetch failed');
    const other = await failure(f.call('saveSecret', { applicationKeyId: 'k-new', accountId: ACCOUNT_ID, applicationKey: 'something else' }));
    expect(other.code).toBe('NETWORK');
    const calls = b2.calls.length;
    const view = await f.call('saveSecret', { applicationKeyId: 'k-new', accountId: ACCOUNT_ID, applicationKey: reply.applicationKey, keyName: 'reader' });
    expect(b2.calls.length).toBe(calls);
    expect(view).toMatchObject({ applicationKeyId: 'k-new', keyName: 'reader', capabilities: ['readFiles'], hasSecret: true });
    expect(await f.call('revealSecret', { applicationKeyId: 'k-new' })).toEqual({ applicationKey: 'K-k-new' });
    // Used once: a later save of that key is checked with B2 again.
    expect((await f.sessionArea.get('unsavedCreates'))['unsavedCreates']).toEqual({});
  });

  it('a damaged lesser record (lost flags, key list, notes, journal) does not cost the secret: it is saved with less', async () => {
    for (const damaged of ['lost', 'keys', 'notes', 'journal'] as const) {
      const { f, b2, ctx } = await setup();
      const item = damaged === 'journal' ? JOURNAL_KEY : damaged === 'keys' ? `keys:${ACCOUNT_ID}` : `${damaged}:${ACCOUNT_ID}`;
      b2.creates.push(created('k-new', 'reader'));
      // Damaged after the record is written (a damaged journal refuses the create before B2 is asked).
      const begin = ctx.store.write.bind(ctx.store);
      let writes = 0;
      const spy = vi.spyOn(ctx.store, 'write').mockImplementation(async (fn) => {
        if (writes++ === 0) {
          const out = await begin(fn);
          await f.local.set({ [item]: ['not', 'a', 'record'] });
          return out;
        }
        return begin(fn);
      });
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      try {
        const reply = await f.call('createKey', input);
        expect([damaged, reply.saved]).toEqual([damaged, true]);
        expect(await f.call('revealSecret', { applicationKeyId: 'k-new' })).toEqual({ applicationKey: 'K-k-new' });
        // What is damaged is left as it was; the key list is a cache, rebuilt over damage, so the whole write lands
        // then, as it does when writeCreatedNotes leaves damaged notes out.
        if (damaged !== 'keys') expect(JSON.parse(f.local.data.get(item)!)).toEqual(['not', 'a', 'record']);
        // A damaged journal keeps even the record out: the secret alone lands (the third write).
        const attempt = { lost: 1, journal: 2 }[damaged as 'lost' | 'journal'];
        expect([damaged, warn.mock.calls]).toEqual([damaged, attempt === undefined ? [] : [['A new key’s secret was saved without the rest of its write', attempt]]]);
      } finally {
        spy.mockRestore();
        warn.mockRestore();
      }
    }
  });

  it('a save that fails with something other than an Error logs no part of it', async () => {
    const { f, b2, ctx } = await setup();
    b2.creates.push(created('k-new', 'reader'));
    const begin = ctx.store.write.bind(ctx.store);
    let writes = 0;
    // The record is written; every write after it is refused with the secret's own text as the reason.
    const write = vi.spyOn(ctx.store, 'write').mockImplementation((fn) => (writes++ === 0 ? begin(fn) : Promise.reject('K-k-new')));
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await f.call('createKey', input)).toMatchObject({ applicationKey: 'K-k-new', saved: false });
      expect(error).toHaveBeenCalledWith('Saving a new key to the vault failed', 'unknown');
      expect(JSON.stringify(error.mock.calls)).not.toContain('K-k-new');
      // The whole write, then two smaller ones, then the record's own (best effort).
      expect(writes).toBe(5);
    } finally {
      error.mockRestore();
      write.mockRestore();
    }
  });

  it('nothing is sent when the record cannot be written: a damaged journal is said as such', async () => {
    const { f, b2 } = await setup();
    await f.local.set({ [JOURNAL_KEY]: 'not a record' });
    const e = await failure(f.call('createKey', input));
    expect(e.code).toBe('CORRUPT_ENTRY');
    expect(e.message).toBe(`Part of the saved data (${JOURNAL_KEY}) is damaged, so it was left exactly as it is and this change was not saved.`);
    expect(b2.calls).not.toContain('b2_create_key');
  });

  it('nothing is sent when the storage refuses the record’s write (the disk may be full)', async () => {
    const { f, b2 } = await setup();
    const set = f.local.set.bind(f.local);
    f.local.set = async (items) => {
      if (JOURNAL_KEY in items) throw new Error('QUOTA_BYTES quota exceeded');
      return set(items);
    };
    const e = await failure(f.call('createKey', input));
    expect(e.code).toBe('INTERNAL');
    expect(e.message).toBe('Nothing was created: B2 Key Manager could not write to its storage (the disk may be full). Free some space, then try again.');
    expect(b2.calls).not.toContain('b2_create_key');
  });

  it('needs the vault unlocked before anything is written or sent', async () => {
    const { f, b2, journal } = await setup();
    await f.service.lock();
    expect((await failure(f.call('createKey', input))).code).toBe('LOCKED');
    expect(b2.calls).toEqual([]);
    expect(await journal()).toEqual([]);
  });
});

describe('checkCreates', () => {
  /** A create another background instance started a second before `now` and never finished. */
  const orphanOf = (now: number): CreateRecord => ({ id: 'r-old', accountId: ACCOUNT_ID, keyName: 'reader', capabilities: ['readFiles'], bucketIds: null, namePrefix: null, validDurationInSeconds: null, startedAt: now - 1000, workerId: 'another', priorKeyIds: [], state: 'inFlight', endedAt: null, savedKeyId: null, detail: null, resolution: null });

  it('a record left in flight by another background instance becomes uncertain; once settled the check flags its key', async () => {
    const { f, b2, scheduled, journal } = await setup();
    const orphan = orphanOf(f.clock.now);
    const mine: CreateRecord = { ...orphan, id: 'r-mine', keyName: 'mine', workerId: f.service.context.workerId };
    await f.service.context.store.write(async (tx) => {
      tx.putCreateRecord(orphan);
      tx.putCreateRecord(mine);
    });
    await f.service.checkCreates();
    expect(await journal()).toMatchObject([
      { id: 'r-mine', state: 'inFlight', endedAt: null },
      { id: 'r-old', state: 'uncertain', endedAt: f.clock.now, detail: 'The extension’s background stopped before B2’s answer arrived.', resolution: null },
    ]);
    const settle = f.clock.now - 1000 + T.uncertainSettleMs;
    expect(scheduled).toEqual([Math.max(settle, f.clock.now + T.savedSettleMs)]);
    // Not due yet: nothing is listed.
    expect(b2.calls).not.toContain('b2_list_keys');
    b2.keys = [keyJson('k-lost', { keyName: 'reader' })];
    f.clock.now += T.uncertainSettleMs;
    await f.service.checkCreates();
    expect((await journal()).find((r) => r.id === 'r-old')).toMatchObject({ resolution: { at: f.clock.now, lostKeyIds: ['k-lost'], created: true } });
    expect((await f.call('listKeys', {})).keys).toMatchObject([{ applicationKeyId: 'k-lost', lost: true }]);
  });

  it('a check that cannot reach B2 keeps the records open and tries again after the retry wait', async () => {
    const { f, b2, scheduled, journal } = await setup();
    const r: CreateRecord = { id: 'r1', accountId: ACCOUNT_ID, keyName: 'reader', capabilities: ['readFiles'], bucketIds: null, namePrefix: null, validDurationInSeconds: null, startedAt: f.clock.now - T.uncertainSettleMs, workerId: 'w', priorKeyIds: [], state: 'uncertain', endedAt: f.clock.now - T.uncertainSettleMs, savedKeyId: null, detail: null, resolution: null };
    await f.service.context.store.write(async (tx) => tx.putCreateRecord(r));
    b2.listFails = true;
    await f.service.checkCreates();
    expect(await journal()).toEqual([r]);
    expect(scheduled).toEqual([f.clock.now + T.retryMs]);
    // A later record not yet due: the earlier of the two times.
    scheduled.length = 0;
    await f.service.context.store.write(async (tx) => tx.putCreateRecord({ ...r, id: 'r2', startedAt: f.clock.now, endedAt: f.clock.now }));
    await f.service.checkCreates();
    expect(scheduled).toEqual([f.clock.now + T.uncertainSettleMs]);
    scheduled.length = 0;
    await f.service.context.store.write(async (tx) => tx.putCreateRecord({ ...r, id: 'r2', startedAt: f.clock.now - T.uncertainSettleMs + 10, endedAt: f.clock.now }));
    await f.service.checkCreates();
    expect(scheduled).toEqual([f.clock.now + T.savedSettleMs]);
  });

  it('drops the records of a removed account and expired resolved ones; nothing left means nothing scheduled', async () => {
    const { f, scheduled, journal } = await setup();
    const base: CreateRecord = { id: 'x', accountId: 'gone-account', keyName: 'reader', capabilities: ['readFiles'], bucketIds: null, namePrefix: null, validDurationInSeconds: null, startedAt: 1, workerId: 'w', priorKeyIds: [], state: 'uncertain', endedAt: 1, savedKeyId: null, detail: null, resolution: null };
    await f.service.context.store.write(async (tx) => {
      tx.putCreateRecord(base);
      tx.putCreateRecord({ ...base, id: 'old', accountId: ACCOUNT_ID, resolution: { at: f.clock.now - T.keepResolvedMs, lostKeyIds: [], created: false } });
      tx.putCreateRecord({ ...base, id: 'kept', accountId: ACCOUNT_ID, resolution: { at: f.clock.now, lostKeyIds: [], created: false } });
    });
    await f.service.checkCreates();
    expect((await journal()).map((r) => r.id)).toEqual(['kept']);
    expect(scheduled).toEqual([]);
  });

  it('on read-only storage (written by a newer version) tries no write and schedules nothing (create-checks-waiting.test.ts)', async () => {
    const { f } = await setup();
    const r: CreateRecord = { id: 'r1', accountId: ACCOUNT_ID, keyName: 'reader', capabilities: ['readFiles'], bucketIds: null, namePrefix: null, validDurationInSeconds: null, startedAt: f.clock.now, workerId: 'w', priorKeyIds: [], state: 'uncertain', endedAt: f.clock.now, savedKeyId: null, detail: null, resolution: null };
    await f.service.context.store.write(async (tx) => tx.putCreateRecord(r));
    await f.local.set({ schemaVersion: 999 });
    const scheduled: number[] = [];
    const readOnly = createService({ store: new LocalStore(f.local), session: new Session(f.sessionArea), fetch: fakeB2().fetch, now: () => f.clock.now, manifest: { name: 'B2 Key Manager', version: '0' }, browser: 'chrome', demoEndpoint: null, scheduleCheck: (at) => scheduled.push(at), journalTiming: { ...T, retryMs: 1_000 } });
    expect((await readOnly.handlers.getStatus({}, { sender: {}, senderClass: 'page' })).readOnly).toBe(true);
    // Nothing found could be written until an update of this extension, whose start runs the check again.
    await readOnly.checkCreates();
    expect(scheduled).toEqual([]);
  });

  it('adopting and dropping records that works schedules no retry', async () => {
    // A retry sooner than anything else, so that one scheduled for nothing would show.
    const { f, scheduled, journal } = await setup({ journalTiming: { ...T, retryMs: 1_000 } });
    const orphan = orphanOf(f.clock.now);
    await f.service.context.store.write(async (tx) => tx.putCreateRecord(orphan));
    await f.service.checkCreates();
    expect(await journal()).toMatchObject([{ id: 'r-old', state: 'uncertain' }]);
    expect(scheduled).toEqual([orphan.startedAt + T.uncertainSettleMs]);
    await f.service.context.store.write(async (tx) => {
      tx.dropCreateRecord('r-old');
      tx.putCreateRecord({ ...orphan, id: 'r-gone', accountId: 'no-such-account' });
    });
    scheduled.length = 0;
    await f.service.checkCreates();
    expect(await journal()).toEqual([]);
    expect(scheduled).toEqual([]);
  });

  it('a failed write of the adopted or dropped records does not end the checks: the next is scheduled for a retry', async () => {
    const { f, scheduled, journal } = await setup();
    const orphan = orphanOf(f.clock.now);
    const gone: CreateRecord = { ...orphan, id: 'r-gone', accountId: 'no-such-account', workerId: f.service.context.workerId };
    await f.service.context.store.write(async (tx) => tx.putCreateRecord(orphan));
    const set = f.local.set.bind(f.local);
    let refuse = true;
    f.local.set = async (items) => {
      if (refuse && JOURNAL_KEY in items) throw new Error('QUOTA_BYTES quota exceeded');
      return set(items);
    };
    await f.service.checkCreates();
    expect(await journal()).toMatchObject([{ id: 'r-old', state: 'inFlight' }]);
    expect(scheduled).toEqual([f.clock.now + T.retryMs]);
    // A record of an account no longer here that cannot be dropped: the same.
    refuse = false;
    await f.service.context.store.write(async (tx) => {
      tx.dropCreateRecord('r-old');
      tx.putCreateRecord(gone);
    });
    refuse = true;
    scheduled.length = 0;
    await f.service.checkCreates();
    expect((await journal()).map((r) => r.id)).toEqual(['r-gone']);
    expect(scheduled).toEqual([f.clock.now + T.retryMs]);
    // Once writes work again, the record is dropped and nothing is left to check.
    refuse = false;
    scheduled.length = 0;
    await f.service.checkCreates();
    expect(await journal()).toEqual([]);
    expect(scheduled).toEqual([]);
  });

  it('runs once at a time: a second call while one runs shares it', async () => {
    const { f, b2 } = await setup();
    const r: CreateRecord = { id: 'r1', accountId: ACCOUNT_ID, keyName: 'reader', capabilities: ['readFiles'], bucketIds: null, namePrefix: null, validDurationInSeconds: null, startedAt: 1, workerId: 'w', priorKeyIds: [], state: 'uncertain', endedAt: 1, savedKeyId: null, detail: null, resolution: null };
    await f.service.context.store.write(async (tx) => tx.putCreateRecord(r));
    await Promise.all([f.service.checkCreates(), f.service.checkCreates()]);
    expect(b2.calls.filter((c) => c === 'b2_list_keys')).toHaveLength(1);
    // Once it ended, the next call runs again.
    await f.service.context.store.write(async (tx) => tx.putCreateRecord({ ...r, id: 'r2', keyName: 'other' }));
    await f.service.checkCreates();
    expect(b2.calls.filter((c) => c === 'b2_list_keys')).toHaveLength(2);
  });
});

describe('createOutcome: what became of a form’s create, for a popup opened after the one that sent it closed', () => {
  /** Another background instance over the same storage and session: the worker was stopped and woken again. */
  const restarted = (f: Awaited<ReturnType<typeof setup>>['f'], b2 = fakeB2()) =>
    createService({ store: new LocalStore(f.local), session: new Session(f.sessionArea), fetch: b2.fetch, now: () => f.clock.now, manifest: { name: 'B2 Key Manager', version: '0' }, browser: 'chrome', demoEndpoint: null });
  const outcomeOf = (f: Awaited<ReturnType<typeof setup>>['f'], requestId: string) => f.call('createOutcome', { requestId });

  it('pending while B2 holds the answer, then created with the keyID and whether the secret was saved; never the secret', async () => {
    const { f, b2 } = await setup();
    let answer!: () => void;
    b2.creates.push(() => new Promise<Response>((resolve) => (answer = () => resolve(created('k-reader', 'reader')))));
    const sent = f.call('createKey', { ...input, requestId: 'r1' });
    await vi.waitFor(() => expect(b2.calls).toContain('b2_create_key'));
    expect(await outcomeOf(f, 'r1')).toEqual({ outcome: { state: 'pending' } });
    answer();
    await sent;
    const { outcome } = await outcomeOf(f, 'r1');
    expect(outcome).toEqual({ state: 'created', keyName: 'reader', applicationKeyId: 'k-reader', saved: true, held: false });
    expect(JSON.stringify(await f.sessionArea.get(null))).not.toContain('K-k-reader');
    // Another form's id, or none at all, has no record.
    expect(await outcomeOf(f, 'r2')).toEqual({ outcome: null });
    await f.call('createKey', { ...input, keyName: 'no-id' });
    expect(Object.keys((await f.sessionArea.get('createOutcomes'))['createOutcomes'] as object)).toEqual(['r1']);
  });

  it('failed with the error the form would have shown: a B2 refusal, a field problem, an unsettled name', async () => {
    const { f, b2 } = await setup();
    b2.creates.push(b2Error(400, 'bad_request', 'no such bucket'));
    const live = await failure(f.call('createKey', { ...input, requestId: 'r-b2' }));
    expect(await outcomeOf(f, 'r-b2')).toEqual({ outcome: { state: 'failed', error: live.toBody() } });
    expect(live.toBody()).toMatchObject({ code: 'B2', b2: { status: 400, code: 'bad_request' }, fields: { bucketIds: expect.any(String) } });
    const invalid = await failure(f.call('createKey', { keyName: '', capabilities: [], requestId: 'r-field' }));
    expect(await outcomeOf(f, 'r-field')).toEqual({ outcome: { state: 'failed', error: { code: 'INVALID_INPUT', message: invalid.message, fields: invalid.fields } } });
    b2.creates.push(new TypeError('fetch failed'));
    await failure(f.call('createKey', { ...input, requestId: 'r-lost' }));
    expect((await outcomeOf(f, 'r-lost')).outcome).toMatchObject({ state: 'failed', error: { code: 'AMBIGUOUS_CREATE' } });
  });

  it('asked right behind its createKey, the outcome is already pending', async () => {
    const { f, b2 } = await setup();
    let answer!: () => void;
    b2.creates.push(() => new Promise<Response>((resolve) => (answer = () => resolve(created('k-reader', 'reader')))));
    // The create methods loaded already, as for a popup that made a key before.
    await outcomeOf(f, 'warm');
    const sent = f.call('createKey', { ...input, requestId: 'r1' });
    expect(await outcomeOf(f, 'r1')).toEqual({ outcome: { state: 'pending' } });
    await vi.waitFor(() => expect(b2.calls).toContain('b2_create_key'));
    answer();
    await sent;
  });

  it('a create whose background stopped before B2 answered reads as no answer to the next instance, which is not told it is pending', async () => {
    const { f, b2 } = await setup();
    b2.creates.push(() => new Promise<Response>(() => undefined));
    void f.call('createKey', { ...input, requestId: 'r1' });
    await vi.waitFor(() => expect(b2.calls).toContain('b2_create_key'));
    const next = restarted(f);
    const { outcome } = await (next.handlers.createOutcome as (p: unknown, c: object) => ReturnType<typeof outcomeOf>)({ requestId: 'r1' }, { sender: {}, senderClass: 'page' });
    expect(outcome).toMatchObject({ state: 'failed', error: { code: 'NO_ANSWER' } });
  });

  it('a background stopped after the key’s secret landed but before it noted the outcome: the saved secret says B2 made it', async () => {
    const { f, b2 } = await setup();
    await f.call('createKey', { ...input, requestId: 'r1' });
    // As if the instance had stopped between the secret's write and the outcome's.
    const kept = (await f.sessionArea.get('createOutcomes'))['createOutcomes'] as Record<string, { at: number }>;
    await f.sessionArea.set({ createOutcomes: { r1: { state: 'pending', at: kept['r1']!.at, workerId: 'stopped', accountId: ACCOUNT_ID, keyName: 'reader' } } });
    const next = restarted(f, b2);
    const ask = (requestId: string) => (next.handlers.createOutcome as (p: unknown, c: object) => ReturnType<typeof outcomeOf>)({ requestId }, { sender: {}, senderClass: 'page' });
    expect((await ask('r1')).outcome).toEqual({ state: 'created', keyName: 'reader', applicationKeyId: 'k-reader', saved: true, held: false });
    // A secret of that name saved before the request is not its result.
    await f.sessionArea.set({ createOutcomes: { r2: { state: 'pending', at: f.clock.now + 1, workerId: 'stopped', accountId: null, keyName: 'reader' } } });
    next.context.session.forget();
    expect((await ask('r2')).outcome).toMatchObject({ state: 'failed', error: { code: 'NO_ANSWER' } });
  });

  it('a pending create of this very instance stays pending, even with a secret of that name saved meanwhile; a stopped one without its account is looked up in the active one', async () => {
    const { f, b2, ctx } = await setup();
    await f.call('createKey', { ...input, requestId: 'r0' });
    await f.sessionArea.set({ createOutcomes: { r1: { state: 'pending', at: 1, workerId: ctx.workerId, accountId: ACCOUNT_ID, keyName: 'reader' } } });
    ctx.session.forget();
    expect((await outcomeOf(f, 'r1')).outcome).toEqual({ state: 'pending' });
    await f.sessionArea.set({ createOutcomes: { r2: { state: 'pending', at: 1, workerId: 'stopped', accountId: null, keyName: 'reader' } } });
    const next = restarted(f, b2);
    const ask = (requestId: string) => (next.handlers.createOutcome as (p: unknown, c: object) => ReturnType<typeof outcomeOf>)({ requestId }, { sender: {}, senderClass: 'page' });
    expect((await ask('r2')).outcome).toEqual({ state: 'created', keyName: 'reader', applicationKeyId: 'k-reader', saved: true, held: false });
  });

  it('survives lock (it holds no secret), and asking does not count as use', async () => {
    const { f } = await setup();
    await f.call('createKey', { ...input, requestId: 'r1' });
    const stamp = (await f.sessionArea.get('lastActivity'))['lastActivity'];
    f.clock.now += 60_000;
    await outcomeOf(f, 'r1');
    expect((await f.sessionArea.get('lastActivity'))['lastActivity']).toBe(stamp);
    await f.call('lock', {});
    expect((await outcomeOf(f, 'r1')).outcome).toMatchObject({ state: 'created' });
  });
});

describe('dismissCreateCheck', () => {
  it('drops a finished check only; an open one stays', async () => {
    const { f, journal } = await setup();
    const base: CreateRecord = { id: 'open', accountId: ACCOUNT_ID, keyName: 'reader', capabilities: ['readFiles'], bucketIds: null, namePrefix: null, validDurationInSeconds: null, startedAt: 1, workerId: 'w', priorKeyIds: [], state: 'uncertain', endedAt: 1, savedKeyId: null, detail: null, resolution: null };
    await f.service.context.store.write(async (tx) => {
      tx.putCreateRecord(base);
      tx.putCreateRecord({ ...base, id: 'done', startedAt: 2, resolution: { at: 1, lostKeyIds: ['k'], created: true } });
    });
    expect(await f.call('dismissCreateCheck', { id: 'open' })).toEqual({});
    expect(await f.call('dismissCreateCheck', { id: 'done' })).toEqual({});
    expect(await f.call('dismissCreateCheck', { id: 'unknown' })).toEqual({});
    expect((await journal()).map((r) => r.id)).toEqual(['open']);
  });
});
