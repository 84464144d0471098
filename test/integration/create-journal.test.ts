/**
 * The create journal against the real emulator: whatever happens to a b2_create_key's answer, every key B2
 * holds is either saved in the vault or flagged "applicationKey lost", and no sentence says nothing was created
 * while something may have been.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_JOURNAL_TIMING } from '../../src/background/create-journal';
import type { Service } from '../../src/background/service';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';
import { call, callError, emulatorAdmin, harness, issuedKeys, serviceWithEmulatorAccount, type Harness } from '../helpers/service-harness';

const PASS = 'correct horse battery staple';
const T = DEFAULT_JOURNAL_TIMING;
let emu: RunningEmulator;
let h: Harness;
let service: Service;

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(async () => emu?.close());
beforeEach(async () => {
  h = harness();
  service = await serviceWithEmulatorAccount(emu, PASS, h);
});

/** The promise: no key in B2 (other than the managing key) is neither saved nor flagged. Returns the flagged ones. */
async function expectEveryKeyAccountedFor(s: Service = service): Promise<string[]> {
  const list = await call(s, 'refreshKeys', {});
  const inB2 = (await issuedKeys(emu)).map((k) => k.applicationKeyId).filter((id) => id !== emu.applicationKeyId);
  const view = new Map(list.keys.map((k) => [k.applicationKeyId, k]));
  const unaccounted = inB2.filter((id) => !view.get(id)?.hasSecret && !view.get(id)?.lost);
  expect(unaccounted).toEqual([]);
  return list.keys.filter((k) => k.lost).map((k) => k.applicationKeyId);
}

/** A fetch that lets b2_create_key reach B2 but loses its answer, the way a dropped connection or a timeout does. */
function losingCreateAnswer(): { fetch: typeof fetch; arrived: Promise<void> } {
  let arrived!: () => void;
  const done = new Promise<void>((r) => (arrived = r));
  return {
    arrived: done,
    fetch: async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (!url.endsWith('/b2_create_key')) return fetch(input, init);
      // B2 acts on the request; the answer never reaches us.
      void fetch(input, init).then(() => arrived());
      throw new TypeError('fetch failed');
    },
  };
}

/** Waits until B2 (the emulator) holds keys of these names: a request whose answer is lost still lands there. */
async function untilIssued(...names: string[]): Promise<void> {
  for (let i = 0; i < 1_000; i++) {
    const have = new Set((await issuedKeys(emu)).map((k) => k.keyName));
    if (names.every((n) => have.has(n))) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`B2 never got ${names.join(', ')}`);
}

describe('create journal', () => {
  it('a lost answer: the person is told B2 may have created the key, and the check flags it once B2 settled', async () => {
    const lossy = h.makeService({ fetch: losingCreateAnswer().fetch });
    const e = await callError(lossy, 'createKey', { keyName: 'answer-lost', capabilities: ['readFiles'] });
    expect(e.code).toBe('AMBIGUOUS_CREATE');
    expect(e.message).toMatch(/may still have created “answer-lost”/);
    expect(e.message).not.toMatch(/nothing was created|safe to try again/i);
    await untilIssued('answer-lost');
    const [created] = (await issuedKeys(emu)).filter((k) => k.keyName === 'answer-lost');
    expect(created).toBeDefined();

    // Before B2 must have settled: the record stays open, the key is not yet judged.
    let list = await call(service, 'refreshKeys', {});
    expect(list.createChecks).toMatchObject([{ keyName: 'answer-lost', status: 'checking' }]);
    expect(list.keys.find((k) => k.applicationKeyId === created!.applicationKeyId)?.lost).toBe(false);

    // Creating the same name again asks first; a yes goes ahead.
    const again = await callError(service, 'createKey', { keyName: 'answer-lost', capabilities: ['readFiles'] });
    expect(again.code).toBe('CREATE_UNSETTLED');
    expect((await issuedKeys(emu)).filter((k) => k.keyName === 'answer-lost')).toHaveLength(1);

    h.clock.now += T.uncertainSettleMs;
    await service.checkCreates();
    list = await call(service, 'listKeys', {});
    expect(list.keys.find((k) => k.applicationKeyId === created!.applicationKeyId)).toMatchObject({ lost: true, hasSecret: false });
    expect(list.createChecks).toMatchObject([{ keyName: 'answer-lost', status: 'lost', lostKeyIds: [created!.applicationKeyId] }]);
    expect(await expectEveryKeyAccountedFor()).toEqual([created!.applicationKeyId]);

    const yes = await call(service, 'createKey', { keyName: 'answer-lost', capabilities: ['readFiles'], confirmUnsettled: true });
    expect(yes.saved).toBe(true);
  });

  it('a key B2 makes only after we gave up (slow create) is found by the check, not by an earlier listing', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // The request is held back and only reaches B2 after the client has given up on it.
    const slow = h.makeService({
      fetch: async (input, init) => {
        const url = String(input instanceof Request ? input.url : input);
        if (!url.endsWith('/b2_create_key')) return fetch(input, init);
        const body = init?.body;
        void gate.then(() => fetch(url, { ...init, body }));
        throw new TypeError('fetch failed');
      },
    });
    const e = await callError(slow, 'createKey', { keyName: 'slow-create', capabilities: ['readFiles'] });
    expect(e.code).toBe('AMBIGUOUS_CREATE');
    // A listing before B2 acted finds nothing; it must not close the record as "not created".
    h.clock.now += 5_000;
    await service.checkCreates();
    expect((await call(service, 'listKeys', {})).createChecks).toMatchObject([{ status: 'checking' }]);
    release();
    await untilIssued('slow-create');
    h.clock.now += T.uncertainSettleMs;
    await service.checkCreates();
    expect(await expectEveryKeyAccountedFor()).toHaveLength(1);
  });

  it('a request re-sent after the connection dropped: the first key is flagged, the answered one is saved', async () => {
    // What Chromium's network stack does when B2 acted and the connection then broke: it sends the POST again
    // on a fresh connection, and the answer we get is the second key's.
    const resend = h.makeService({
      fetch: async (input, init) => {
        const url = String(input instanceof Request ? input.url : input);
        if (url.endsWith('/b2_create_key')) await fetch(url, init);
        return fetch(input, init);
      },
    });
    const reply = await call(resend, 'createKey', { keyName: 'resent', capabilities: ['readFiles'] });
    expect(reply.saved).toBe(true);
    const both = (await issuedKeys(emu)).filter((k) => k.keyName === 'resent');
    expect(both).toHaveLength(2);
    h.clock.now += T.savedSettleMs;
    await resend.checkCreates();
    const first = both.find((k) => k.applicationKeyId !== reply.key.applicationKeyId)!;
    expect(await expectEveryKeyAccountedFor()).toEqual([first.applicationKeyId]);
    const list = await call(service, 'listKeys', {});
    expect(list.createChecks).toMatchObject([{ keyName: 'resent', status: 'lost', lostKeyIds: [first.applicationKeyId] }]);
  });

  describe('an answer read only in part (the keyID and the applicationKey, but not the rest)', () => {
    /** B2 makes the key; its answer reaches us with one field spoilt. `b2_list_keys` waits for `release`. */
    function garbledCreate(listing: 'held' | 'failing') {
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      let asked!: () => void;
      const listAsked = new Promise<void>((r) => (asked = r));
      const fetchFn: typeof fetch = async (input, init) => {
        const url = String(input instanceof Request ? input.url : input);
        if (url.endsWith('/b2_create_key')) {
          const body = (await (await fetch(input, init)).json()) as Record<string, unknown>;
          return new Response(JSON.stringify({ ...body, capabilities: 'spoilt' }), { status: 200, headers: { 'content-type': 'application/json' } });
        }
        if (url.endsWith('/b2_list_keys')) {
          asked();
          await released;
          if (listing === 'failing') return new Response('{"status":500,"code":"internal_error","message":"x"}', { status: 500 });
        }
        return fetch(input, init);
      };
      return { service: h.makeService({ fetch: fetchFn }), release, listAsked };
    }

    it('the secret is saved before B2 is asked for the key, and B2’s details then replace the request’s', async () => {
      const g = garbledCreate('held');
      const pending = call(g.service, 'createKey', { keyName: 'spoilt', capabilities: ['readFiles', 'listBuckets'], validDurationInSeconds: 3600 });
      await g.listAsked;
      const [issued] = (await issuedKeys(emu)).filter((k) => k.keyName === 'spoilt');
      // A background stopped now (a new instance over the same storage) still has the one copy of the secret.
      const restarted = h.makeService();
      expect(await call(restarted, 'revealSecret', { applicationKeyId: issued!.applicationKeyId })).toEqual({ applicationKey: issued!.applicationKey });
      g.release();
      const reply = await pending;
      expect(reply).toMatchObject({ saved: true, applicationKey: issued!.applicationKey });
      // The emulator's clock, not the test's: the expiry is B2's.
      const inB2 = (await call(service, 'refreshKeys', {})).keys.find((k) => k.applicationKeyId === issued!.applicationKeyId)!;
      expect(reply.key.expirationTimestamp).toBe(inB2.expirationTimestamp);
      expect(reply.key.expirationTimestamp).not.toBe(h.clock.now + 3600 * 1000);
    });

    it('B2 not answering about the key leaves the request’s details and the secret saved', async () => {
      const g = garbledCreate('failing');
      g.release();
      const reply = await call(g.service, 'createKey', { keyName: 'spoilt', capabilities: ['readFiles', 'listBuckets'], validDurationInSeconds: 3600 });
      const [issued] = (await issuedKeys(emu)).filter((k) => k.keyName === 'spoilt');
      expect(reply).toMatchObject({ saved: true, applicationKey: issued!.applicationKey, key: { applicationKeyId: issued!.applicationKeyId, expirationTimestamp: h.clock.now + 3600 * 1000 } });
      expect(await call(service, 'revealSecret', { applicationKeyId: issued!.applicationKeyId })).toEqual({ applicationKey: issued!.applicationKey });
    });
  });

  describe('the check after a saved create, in an account of more than one page of keys', () => {
    /** 10,001 keys, listed once; every create request is sent twice (the second answer is the one we get). */
    async function resendingOver(order: 'sequential' | 'random') {
      await emulatorAdmin(emu, 'key-ids', { order });
      await emulatorAdmin(emu, 'seed-keys', { count: 10_001 });
      const listStarts: (string | null)[] = [];
      const s = h.makeService({
        fetch: async (input, init) => {
          const url = String(input instanceof Request ? input.url : input);
          if (url.endsWith('/b2_list_keys')) listStarts.push((JSON.parse(String(init?.body)) as { startApplicationKeyId?: string }).startApplicationKeyId ?? null);
          if (url.endsWith('/b2_create_key')) await fetch(url, init);
          return fetch(input, init);
        },
      });
      await call(s, 'refreshKeys', {});
      listStarts.length = 0;
      const highest = (await issuedKeys(emu)).map((k) => k.applicationKeyId).sort().at(-1)!;
      const reply = await call(s, 'createKey', { keyName: 'resent', capabilities: ['readFiles'] });
      h.clock.now += T.savedSettleMs;
      await s.checkCreates();
      const first = (await issuedKeys(emu)).find((k) => k.keyName === 'resent' && k.applicationKeyId !== reply.key.applicationKeyId)!;
      const checks = (await call(s, 'listKeys', {})).createChecks;
      return { listStarts, highest, first, checks };
    }

    it('B2 numbering keys in order: one call, from the highest keyID known before the create, finds the second key', async () => {
      const { listStarts, highest, first, checks } = await resendingOver('sequential');
      expect(listStarts).toEqual([highest]);
      expect(checks).toMatchObject([{ keyName: 'resent', status: 'lost', lostKeyIds: [first.applicationKeyId] }]);
    });

    it('B2 not numbering them in order: the tail lacks the create’s own key, so every key is listed and the second key is found', async () => {
      const { listStarts, highest, first, checks } = await resendingOver('random');
      expect(listStarts[0]).toBe(highest);
      expect(listStarts.slice(1, 2)).toEqual([null]);
      expect(listStarts).toHaveLength(3);
      expect(checks).toMatchObject([{ keyName: 'resent', status: 'lost', lostKeyIds: [first.applicationKeyId] }]);
    });
  });

  it('a worker stopped mid-create: the next instance adopts the record and flags the key', async () => {
    // The request reaches B2 and the answer never comes back to this instance (it was stopped).
    let madeInB2!: () => void;
    const reachedB2 = new Promise<void>((r) => (madeInB2 = r));
    const dying = h.makeService({
      fetch: async (input, init) => {
        const url = String(input instanceof Request ? input.url : input);
        if (!url.endsWith('/b2_create_key')) return fetch(input, init);
        await fetch(input, init);
        madeInB2();
        return new Promise<Response>(() => undefined);
      },
    });
    void call(dying, 'createKey', { keyName: 'worker-stopped', capabilities: ['readFiles'] });
    // A second one whose request never left: it must be reported as not created. Its record is written before the
    // request would be sent, so once the request is asked for, the record is there.
    let askedFor!: () => void;
    const asked = new Promise<void>((r) => (askedFor = r));
    const neverSent = h.makeService({
      fetch: async (input, init) => {
        const url = String(input instanceof Request ? input.url : input);
        if (!url.endsWith('/b2_create_key')) return fetch(input, init);
        askedFor();
        return new Promise<Response>(() => undefined);
      },
    });
    void call(neverSent, 'createKey', { keyName: 'never-sent', capabilities: ['readFiles'] });
    await Promise.all([reachedB2, asked]);

    const restarted = h.makeService();
    await restarted.checkCreates();
    let list = await call(restarted, 'listKeys', {});
    // Both records start on the same fake-clock tick, so the list is in name order.
    expect(list.createChecks.map((c) => [c.keyName, c.status])).toEqual([
      ['never-sent', 'checking'],
      ['worker-stopped', 'checking'],
    ]);
    expect(list.createChecks.find((c) => c.keyName === 'worker-stopped')!.detail).toMatch(/background stopped/);

    h.clock.now += T.uncertainSettleMs;
    await restarted.checkCreates();
    list = await call(restarted, 'listKeys', {});
    const [made] = (await issuedKeys(emu)).filter((k) => k.keyName === 'worker-stopped');
    expect(list.createChecks.map((c) => [c.keyName, c.status])).toEqual([
      ['never-sent', 'notCreated'],
      ['worker-stopped', 'lost'],
    ]);
    expect(await expectEveryKeyAccountedFor(restarted)).toEqual([made!.applicationKeyId]);
    // A finished check can be dismissed; the flag on the key stays until the key is deleted or its secret saved.
    await call(restarted, 'dismissCreateCheck', { id: list.createChecks.find((c) => c.keyName === 'worker-stopped')!.id });
    list = await call(restarted, 'listKeys', {});
    expect(list.createChecks.map((c) => c.keyName)).toEqual(['never-sent']);
    expect(list.keys.find((k) => k.applicationKeyId === made!.applicationKeyId)?.lost).toBe(true);
  });

  it('a check while locked waits for the unlock, and a flagged key is cleared by saving its secret or deleting it', async () => {
    const lossy = h.makeService({ fetch: losingCreateAnswer().fetch });
    await callError(lossy, 'createKey', { keyName: 'flag-a', capabilities: ['readFiles'] });
    await callError(lossy, 'createKey', { keyName: 'flag-b', capabilities: ['readFiles'] });
    await untilIssued('flag-a', 'flag-b');
    await call(service, 'lock', {});
    h.clock.now += T.uncertainSettleMs;
    await service.checkCreates();
    expect((await call(service, 'listKeys', {})).createChecks.map((c) => c.status)).toEqual(['checking', 'checking']);
    await call(service, 'unlock', { passphrase: PASS });
    await service.checkCreates();
    const list = await call(service, 'listKeys', {});
    const [a, b] = ['flag-a', 'flag-b'].map((n) => list.keys.find((k) => k.keyName === n)!);
    expect([a!.lost, b!.lost]).toEqual([true, true]);

    const secretA = (await issuedKeys(emu)).find((k) => k.applicationKeyId === a!.applicationKeyId)!.applicationKey;
    expect(await call(service, 'saveSecret', { applicationKeyId: a!.applicationKeyId, applicationKey: secretA })).toMatchObject({ hasSecret: true, lost: false });
    await call(service, 'deleteKey', { applicationKeyId: b!.applicationKeyId });
    const after = await call(service, 'listKeys', {});
    expect(after.keys.filter((k) => k.lost)).toEqual([]);
    expect(await h.local.get('lost:' + emu.accountId)).toEqual({ ['lost:' + emu.accountId]: {} });
  });

  it('a definite refusal leaves no record, and a plain create leaves nothing to report', async () => {
    await emulatorAdmin(emu, 'faults', { endpoint: 'b2_create_key', count: 1, status: 400, code: 'bad_request', message: 'no' });
    expect((await callError(service, 'createKey', { keyName: 'refused', capabilities: ['readFiles'] })).code).toBe('B2');
    await call(service, 'createKey', { keyName: 'plain', capabilities: ['readFiles'] });
    h.clock.now += T.savedSettleMs;
    await service.checkCreates();
    expect((await call(service, 'listKeys', {})).createChecks).toEqual([]);
    expect(Object.keys((await h.local.get('createJournal')).createJournal ?? {})).toEqual([]);
  });

  it('the journal never holds a secret', async () => {
    const lossy = h.makeService({ fetch: losingCreateAnswer().fetch });
    await callError(lossy, 'createKey', { keyName: 'no-secret-in-journal', capabilities: ['readFiles'] });
    const reply = await call(service, 'createKey', { keyName: 'saved-one', capabilities: ['readFiles'] });
    const journal = JSON.stringify((await h.local.get('createJournal')).createJournal);
    for (const k of await issuedKeys(emu)) expect(journal).not.toContain(k.applicationKey);
    expect(journal).not.toContain(reply.applicationKey);
  });
});
