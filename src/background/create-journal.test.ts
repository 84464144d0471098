import { describe, expect, it, vi } from 'vitest';
import type { CreateRecord } from '../storage';
import { DEFAULT_JOURNAL_TIMING as T, dueRecords, expiredRecords, isOrphaned, isQuietSuccess, openRecordsNamed, rebasedAfterClockSetBack, resolveWithListing, settlesAt, tailStart } from './create-journal';

const START = 1_000_000;
const record = (p: Partial<CreateRecord>): CreateRecord => ({
  id: 'r1',
  accountId: 'acc',
  keyName: 'k',
  capabilities: ['readFiles'],
  bucketIds: null,
  namePrefix: null,
  validDurationInSeconds: null,
  startedAt: START,
  workerId: 'w1',
  priorKeyIds: [],
  state: 'uncertain',
  endedAt: START + 100,
  savedKeyId: null,
  detail: null,
  resolution: null,
  ...p,
});
const key = (id: string, keyName = 'k') => ({ applicationKeyId: id, keyName });

describe('settlesAt', () => {
  it('an answered create settles shortly after its answer; an unanswered one only after the uncertain wait', () => {
    expect(settlesAt(record({ state: 'saved', endedAt: START + 500 }), T)).toBe(START + 500 + T.savedSettleMs);
    expect(settlesAt(record({ state: 'uncertain', endedAt: START + 500 }), T)).toBe(START + T.uncertainSettleMs);
    // A request that ran longer than the wait still gets the short margin after it ended.
    expect(settlesAt(record({ state: 'uncertain', endedAt: START + T.uncertainSettleMs + 10 }), T)).toBe(START + T.uncertainSettleMs + 10 + T.savedSettleMs);
    expect(settlesAt(record({ state: 'inFlight', endedAt: null }), T)).toBe(START + T.uncertainSettleMs);
  });
});

describe('isOrphaned', () => {
  it('only a record in flight from another background instance', () => {
    expect(isOrphaned(record({ state: 'inFlight', workerId: 'old' }), 'new')).toBe(true);
    expect(isOrphaned(record({ state: 'inFlight', workerId: 'new' }), 'new')).toBe(false);
    expect(isOrphaned(record({ state: 'uncertain', workerId: 'old' }), 'new')).toBe(false);
    expect(isOrphaned(record({ state: 'saved', workerId: 'old' }), 'new')).toBe(false);
  });
});

describe('resolveWithListing', () => {
  const settled = START + T.uncertainSettleMs;

  it('flags keys of the name that are new and unsaved; prior and saved keys are not flagged', () => {
    const r = record({ priorKeyIds: ['old'] });
    const out = resolveWithListing([r], 'acc', [key('old'), key('new1'), key('new2'), key('other', 'x')], settled, new Set(['new2']), T);
    expect(out).toEqual([{ record: r, lostKeyIds: ['new1'], created: true }]);
  });

  it('a listing that started before the record settled resolves nothing', () => {
    expect(resolveWithListing([record({})], 'acc', [key('new1')], settled - 1, new Set(), T)).toEqual([]);
  });

  it('waits while another open record of the same name is unsettled or in flight', () => {
    const a = record({ id: 'a', state: 'saved', endedAt: START, savedKeyId: 'ka' });
    const b = record({ id: 'b', state: 'inFlight', endedAt: null });
    expect(resolveWithListing([a, b], 'acc', [key('ka'), key('kb')], settled + 1, new Set(['ka']), T)).toEqual([]);
    const c = record({ id: 'c', keyName: 'other', state: 'inFlight', endedAt: null });
    expect(resolveWithListing([a, c], 'acc', [key('ka')], START + T.savedSettleMs, new Set(['ka']), T).map((x) => x.record.id)).toEqual(['a']);
  });

  it('ignores other accounts and resolved records; reports a create that made nothing', () => {
    const mine = record({ id: 'm' });
    const theirs = record({ id: 't', accountId: 'other' });
    const done = record({ id: 'd', resolution: { at: 1, lostKeyIds: [], created: false } });
    expect(resolveWithListing([mine, theirs, done], 'acc', [], settled, new Set(), T)).toEqual([{ record: mine, lostKeyIds: [], created: false }]);
  });

  it('an answered create counts as created even when the listing has not caught up', () => {
    const r = record({ state: 'saved', endedAt: START, savedKeyId: 'ka' });
    expect(resolveWithListing([r], 'acc', [], START + T.savedSettleMs, new Set(['ka']), T)[0]!.created).toBe(true);
  });
});

describe('tailStart', () => {
  const saved = (id: string, tailFrom: string | undefined, p: Partial<CreateRecord> = {}) =>
    record({ id, state: 'saved', endedAt: START, savedKeyId: `key-${id}`, ...(tailFrom === undefined ? {} : { tailFrom }), ...p });
  const at = START + T.savedSettleMs;

  it('the lowest tailFrom of the saved creates a listing would resolve, with each one’s own key to find there', () => {
    expect(tailStart([saved('a', 'k500'), saved('b', 'k300'), saved('c', 'k400')], 'acc', at, T)).toEqual({ from: 'k300', keyIds: ['key-a', 'key-b', 'key-c'] });
  });

  it('every key is listed when any of them is uncertain or recorded no tailFrom', () => {
    expect(tailStart([saved('a', 'k500'), record({ id: 'u' })], 'acc', START + T.uncertainSettleMs, T)).toBeNull();
    expect(tailStart([saved('a', 'k500'), saved('b', undefined)], 'acc', at, T)).toBeNull();
    expect(tailStart([saved('a', 'k500', { savedKeyId: null })], 'acc', at, T)).toBeNull();
  });

  it('only records the listing would resolve count: other accounts, resolved, in flight and unsettled ones do not', () => {
    const others = [
      record({ id: 'x', accountId: 'other' }),
      record({ id: 'r', resolution: { at: START, lostKeyIds: [], created: true } }),
      record({ id: 'f', state: 'inFlight', endedAt: null }),
      record({ id: 'late', startedAt: at }),
    ];
    expect(tailStart([saved('a', 'k500'), ...others], 'acc', at, T)).toEqual({ from: 'k500', keyIds: ['key-a'] });
    // Settled exactly at the listing's start counts; a millisecond later does not.
    expect(tailStart([saved('a', 'k500')], 'acc', at - 1, T)).toBeNull();
    expect(tailStart(others, 'acc', at, T)).toBeNull();
  });
});

describe('dueRecords and expiredRecords', () => {
  it('due once settled; never while in flight; the next time is the earliest unsettled', () => {
    const a = record({ id: 'a' });
    const b = record({ id: 'b', startedAt: START + 5000, endedAt: START + 5000 });
    const flying = record({ id: 'f', state: 'inFlight', endedAt: null, startedAt: 0 });
    expect(dueRecords([a, b, flying], START + T.uncertainSettleMs, T)).toEqual({ due: [a], next: START + 5000 + T.uncertainSettleMs });
    expect(dueRecords([a, b], START, T)).toEqual({ due: [], next: START + T.uncertainSettleMs });
  });

  it('drops quiet successes at once and other resolved records after the keeping time', () => {
    const quiet = record({ id: 'q', state: 'saved', savedKeyId: 'x', resolution: { at: START, lostKeyIds: [], created: true } });
    const told = record({ id: 't', resolution: { at: START, lostKeyIds: [], created: false } });
    const lost = record({ id: 'l', state: 'saved', resolution: { at: START, lostKeyIds: ['y'], created: true } });
    expect(expiredRecords([quiet, told, lost], START + 1, T).map((r) => r.id)).toEqual(['q']);
    expect(expiredRecords([quiet, told, lost], START + T.keepResolvedMs, T).map((r) => r.id)).toEqual(['q', 't', 'l']);
  });
});

describe('the default waits', () => {
  it('a resolved record is kept a day (86,400,000 ms), to the millisecond', async () => {
    // The defaults are read from a fresh load of the module: they are computed once, when it loads.
    vi.resetModules();
    const fresh = await import('./create-journal');
    const told = record({ resolution: { at: START, lostKeyIds: [], created: false } });
    expect(fresh.expiredRecords([told], START + 86_400_000 - 1, fresh.DEFAULT_JOURNAL_TIMING)).toEqual([]);
    expect(fresh.expiredRecords([told], START + 86_400_000, fresh.DEFAULT_JOURNAL_TIMING)).toEqual([told]);
  });
});

describe('openRecordsNamed', () => {
  it('unanswered, unresolved records of that account and name only', () => {
    const rs = [
      record({ id: '1' }),
      record({ id: '2', state: 'saved' }),
      record({ id: '3', resolution: { at: 1, lostKeyIds: [], created: false } }),
      record({ id: '4', keyName: 'other' }),
      record({ id: '5', accountId: 'b' }),
      record({ id: '6', state: 'inFlight' }),
    ];
    expect(openRecordsNamed(rs, 'acc', 'k').map((r) => r.id)).toEqual(['1', '6']);
  });
});

describe('journal edges', () => {
  it('a saved record without an end time settles from its start', () => {
    expect(settlesAt(record({ state: 'saved', endedAt: null }), T)).toBe(START + T.savedSettleMs);
    expect(settlesAt(record({ state: 'uncertain', endedAt: null }), T)).toBe(START + T.uncertainSettleMs);
  });

  it('waits while a later record of the same name has not settled, even if it is not in flight', () => {
    const a = record({ id: 'a' });
    const b = record({ id: 'b', startedAt: START + 10_000, endedAt: START + 10_000 });
    const at = START + T.uncertainSettleMs;
    expect(resolveWithListing([a, b], 'acc', [key('n')], at, new Set(), T)).toEqual([]);
    expect(resolveWithListing([a, b], 'acc', [key('n')], at + 10_000, new Set(), T).map((x) => x.record.id)).toEqual(['a', 'b']);
  });

  it('the next check is the earliest of several pending ones, in any order', () => {
    const later = record({ id: 'l', startedAt: START + 9000, endedAt: START + 9000 });
    const sooner = record({ id: 's', startedAt: START + 2000, endedAt: START + 2000 });
    expect(dueRecords([later, sooner], START, T).next).toBe(START + 2000 + T.uncertainSettleMs);
    expect(dueRecords([sooner, later], START, T).next).toBe(START + 2000 + T.uncertainSettleMs);
    expect(dueRecords([], START, T)).toEqual({ due: [], next: null });
    // Resolved records are neither due nor pending.
    expect(dueRecords([record({ resolution: { at: 1, lostKeyIds: [], created: false } })], START, T)).toEqual({ due: [], next: null });
  });

  it('a quiet success is an answered, checked create that found no other key', () => {
    expect(isQuietSuccess(record({ state: 'saved', resolution: { at: 1, lostKeyIds: [], created: true } }))).toBe(true);
    expect(isQuietSuccess(record({ state: 'saved', resolution: null }))).toBe(false);
    expect(isQuietSuccess(record({ state: 'saved', resolution: { at: 1, lostKeyIds: ['x'], created: true } }))).toBe(false);
    expect(isQuietSuccess(record({ state: 'uncertain', resolution: { at: 1, lostKeyIds: [], created: true } }))).toBe(false);
  });
});

describe('rebasedAfterClockSetBack', () => {
  it('moves the times of open, settled-or-uncertain records written before the clock was set back to now', () => {
    const now = START - 60 * 60_000;
    const uncertain = record({ id: 'u', state: 'uncertain', endedAt: START + 500 });
    const saved = record({ id: 's', state: 'saved', endedAt: START + 500 });
    const flying = record({ id: 'f', state: 'inFlight', endedAt: null });
    const done = record({ id: 'd', state: 'uncertain', endedAt: START + 500, resolution: { at: START + 70_000, lostKeyIds: [], created: false } as CreateRecord['resolution'] });
    expect(rebasedAfterClockSetBack([uncertain, saved, flying, done], now)).toEqual([
      { ...uncertain, startedAt: now, endedAt: now },
      { ...saved, startedAt: now, endedAt: now },
    ]);
    // Within the slack of a stamp written a moment ago: left as it is.
    expect(rebasedAfterClockSetBack([uncertain], START - 30_000)).toEqual([]);
    // A create that took minutes, the clock set back by less than that since it ended: only its end is ahead.
    const long = record({ id: 'l', state: 'uncertain', endedAt: START + 5 * 60_000 });
    expect(rebasedAfterClockSetBack([long], START + 3 * 60_000)).toEqual([{ ...long, startedAt: START + 3 * 60_000, endedAt: START + 3 * 60_000 }]);
    // No end written: none is made up.
    const unended = record({ id: 'n', state: 'uncertain', endedAt: null });
    expect(rebasedAfterClockSetBack([unended], now)).toEqual([{ ...unended, startedAt: now, endedAt: null }]);
  });
});
