/**
 * The wall clock set back (NTP correcting a fast clock, a dual-boot machine's hardware clock kept in local time): every
 * time stored as Date.now() then lies in the future. Through the service: an idle vault still locks.
 */
import { expect, it } from 'vitest';
import { fixture } from './test-support';

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
