/**
 * The check of unsettled creates (create-methods.ts checkCreates) when nothing it finds could be written: storage of
 * a later version (read-only here) or a locked vault. Each try lists the account in B2 (billed calls), so it must
 * not be tried again every minute; unlocking runs it (service.ts).
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNT_ID, json, keyJson } from '../b2/test-support';
import { LocalStore, type CreateRecord } from '../storage';
import { DEFAULT_JOURNAL_TIMING as T } from './create-journal';
import { createService } from './service';
import { Session } from './session';
import { fakeB2, fixture, TEST_PASSPHRASE, withFault } from './test-support';

const uncertain = (now: number, workerId: string): CreateRecord => ({
  id: 'r1', accountId: ACCOUNT_ID, keyName: 'reader', capabilities: ['readFiles'], bucketIds: null, namePrefix: null, validDurationInSeconds: null,
  startedAt: now, workerId, priorKeyIds: [], state: 'uncertain', endedAt: now, savedKeyId: null, detail: null, resolution: null,
});

describe('create checks that could settle nothing', () => {
  it('on storage of a later version, list nothing and schedule nothing', async () => {
    const b2 = fakeB2();
    const f = await fixture({ fetch: b2.fetch });
    await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
    b2.keys = [keyJson('k-reader', { keyName: 'reader' })];
    await f.service.context.store.write(async (tx) => tx.putCreateRecord(uncertain(f.clock.now, 'w')));
    await f.local.set({ schemaVersion: 99 });
    const scheduled: number[] = [];
    const now = f.clock.now + T.uncertainSettleMs + 1;
    const readOnly = createService({
      store: new LocalStore(f.local, () => now), session: new Session(f.sessionArea), fetch: b2.fetch, now: () => now, sleep: async () => undefined,
      manifest: { name: 'B2 Key Manager', version: '0' }, browser: 'chrome', demoEndpoint: null, scheduleCheck: (at) => scheduled.push(at),
    });
    expect((await readOnly.handlers.getStatus({}, { sender: {}, senderClass: 'page' })).readOnly).toBe(true);
    b2.calls.length = 0;
    await readOnly.checkCreates();
    await readOnly.checkCreates();
    expect([b2.calls, scheduled]).toEqual([[], []]);
  });

  it('with the vault locked, schedule no retry every minute; unlocking runs the check', async () => {
    const b2 = fakeB2();
    const scheduled: number[] = [];
    const f = await fixture({ fetch: b2.fetch, scheduleCheck: (at) => scheduled.push(at) });
    await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
    await f.service.context.store.write(async (tx) => tx.putCreateRecord(uncertain(f.clock.now, f.service.context.workerId)));
    await f.call('lock', {});
    f.clock.now += T.uncertainSettleMs + 1;
    b2.calls.length = 0;
    await f.service.checkCreates();
    expect([b2.calls, scheduled]).toEqual([[], []]);
    await f.call('unlock', { passphrase: TEST_PASSPHRASE });
    await expect.poll(() => b2.calls.includes('b2_list_keys')).toBe(true);
  });
});

describe('create checks that keep failing (fault review 16: one a minute for as long as the vault stayed open)', () => {
  async function setup() {
    const b2 = fakeB2();
    const scheduled: number[] = [];
    const auth = { refused: false, refusals: 0 };
    const { fetch } = withFault(b2, (url) => {
      if (!auth.refused || !url.endsWith('b2_authorize_account')) return undefined;
      auth.refusals++;
      return json({ status: 401, code: 'unauthorized', message: 'key deleted' }, 401);
    });
    const f = await fixture({ fetch, scheduleCheck: (at) => scheduled.push(at) });
    await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
    await f.service.context.store.write(async (tx) => tx.putCreateRecord(uncertain(f.clock.now, f.service.context.workerId)));
    f.clock.now += T.uncertainSettleMs + 1;
    return { b2, scheduled, f, auth };
  }

  it('B2 out of reach: tried again after a minute, then twice as long each time, at most an hour apart; a success starts afresh', async () => {
    const { b2, scheduled, f } = await setup();
    b2.listFails = true;
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) {
      scheduled.length = 0;
      await f.service.checkCreates();
      waits.push(Math.min(...scheduled) - f.clock.now);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60].map((m) => m * T.retryMs));
    // Listed at last: the record settles and nothing more is scheduled for it.
    b2.listFails = false;
    b2.keys = [keyJson('k-reader', { keyName: 'reader' })];
    scheduled.length = 0;
    await f.service.checkCreates();
    expect(Object.values((await f.service.context.store.journal()).valid).map((r) => r.resolution !== null)).toEqual([true]);
  });

  it('the managing key refused (deleted in the B2 web console): no alarm after alarm', async () => {
    const { b2, scheduled, f, auth } = await setup();
    auth.refused = true;
    // No client kept in memory: the check authorizes, and is refused.
    f.service.context.forgetClients();
    b2.calls.length = 0;
    await f.service.checkCreates();
    expect([auth.refusals, b2.calls, scheduled]).toEqual([1, [], []]);
    expect(Object.values((await f.service.context.store.journal()).valid).map((r) => r.resolution)).toEqual([null]);
  });
});
