/**
 * Review 14: the create journal decides when B2 "must have settled" by the wall clock alone. A clock set back after an
 * answer was lost (NTP correcting a fast clock, a dual-boot hardware clock kept in local time) puts the record's
 * start in the future, and the check waits for the clock to catch up: hours, or a day. Meanwhile the key B2 made is
 * listed without its applicationKey and not flagged "applicationKey lost", and its name is refused as "not yet checked".
 * The auto-lock and the clipboard already treat a stamp far in the future as a clock set back (src/common/clock.ts).
 */
import { expect, it } from 'vitest';
import { ACCOUNT_ID, keyJson } from '../../../src/b2/test-support';
import { DEFAULT_JOURNAL_TIMING as T } from '../../../src/background/create-journal';
import { failure, fakeB2, fixture } from '../../../src/background/test-support';

const HOUR = 60 * 60_000;

it('a lost create is checked (its key flagged lost) once B2 settled, even though the clock was set back an hour since', async () => {
  const b2 = fakeB2();
  const scheduled: number[] = [];
  const f = await fixture({ fetch: b2.fetch, scheduleCheck: (at) => scheduled.push(at) });
  await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
  b2.creates.push(new TypeError('fetch failed'));
  expect((await failure(f.call('createKey', { keyName: 'reader', capabilities: ['readFiles'] }))).code).toBe('AMBIGUOUS_CREATE');
  // B2 did make it; its answer was lost.
  b2.keys = [keyJson('k-lost', { keyName: 'reader', capabilities: ['readFiles'] })];
  // The clock is stepped back an hour; then two real minutes pass (well past the 60 s B2 is given to settle).
  f.clock.now += -HOUR + 2 * 60_000 + T.uncertainSettleMs;
  await f.service.checkCreates();
  // The check ran (it did not: not due for another ~57 minutes, and scheduled for then).
  expect(b2.calls).toContain('b2_list_keys');
  expect((await f.call('listKeys', {})).keys).toMatchObject([{ applicationKeyId: 'k-lost', lost: true }]);
});
