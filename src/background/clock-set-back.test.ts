/**
 * The wall clock set back (NTP correcting a fast clock, a dual-boot machine's hardware clock kept in local time): every
 * time stored as Date.now() then lies in the future. Through the service: an idle vault still locks; a lost create is
 * still checked.
 */
import { expect, it } from 'vitest';
import { ACCOUNT_ID, keyJson } from '../b2/test-support';
import { DEFAULT_JOURNAL_TIMING as T } from './create-journal';
import { failure, fakeB2, fixture } from './test-support';

const MIN = 60_000;

it('an idle vault locks after the chosen 15 minutes even though the clock was set back an hour since its last use', async () => {
  const f = await fixture(); // unlocked at f.clock.now
  await f.call('setSettings', { autoLock: { kind: 'minutes', minutes: 15 } });
  f.clock.now += -60 * MIN + 16 * MIN;
  await f.service.enforceAutoLock();
  expect((await f.call('getStatus', {})).vault).toBe('locked');
});

it('a clock set back by seconds (a stamp written a moment ago) keeps it unlocked', async () => {
  const f = await fixture();
  await f.call('setSettings', { autoLock: { kind: 'minutes', minutes: 15 } });
  f.clock.now -= 30_000;
  await f.service.enforceAutoLock();
  expect((await f.call('getStatus', {})).vault).toBe('unlocked');
});

it('a lost create is checked a settle time after the check that finds the clock set back, not once the clock catches up (fault review 14)', async () => {
  const b2 = fakeB2();
  const scheduled: number[] = [];
  const f = await fixture({ fetch: b2.fetch, scheduleCheck: (at) => scheduled.push(at) });
  await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
  b2.creates.push(new TypeError('fetch failed'));
  expect((await failure(f.call('createKey', { keyName: 'reader', capabilities: ['readFiles'] }))).code).toBe('AMBIGUOUS_CREATE');
  // B2 made it; its answer was lost. Then the clock is set back an hour, and two minutes pass.
  b2.keys = [keyJson('k-lost', { keyName: 'reader', capabilities: ['readFiles'] })];
  f.clock.now += -60 * MIN + 2 * MIN;
  scheduled.length = 0;
  const listed = () => b2.calls.filter((c) => c === 'b2_list_keys').length;
  const before = listed();
  await f.service.checkCreates();
  // B2 is given its whole settle time again, from now: the check comes then, not in 58 minutes.
  expect(scheduled).toEqual([f.clock.now + T.uncertainSettleMs]);
  expect(listed()).toBe(before);
  f.clock.now += T.uncertainSettleMs;
  await f.service.checkCreates();
  expect(listed()).toBe(before + 1);
  expect((await f.call('listKeys', {})).keys).toMatchObject([{ applicationKeyId: 'k-lost', lost: true }]);
});
