import { describe, expect, it, vi } from 'vitest';
import type { CachedKey, CreateRecord, StoredAccount } from '../storage';
import { DEFAULT_JOURNAL_TIMING, settlesAt } from './create-journal';
import { checkView, checkViews, keyView, type VaultFacts } from './key-views';

function record(id: string, keyName: string, startedAt: number, accountId = 'acc'): CreateRecord {
  return {
    id, accountId, keyName, capabilities: ['readFiles'], bucketIds: null, namePrefix: null, validDurationInSeconds: null,
    startedAt, workerId: 'w', priorKeyIds: [], state: 'uncertain', endedAt: startedAt, savedKeyId: null, detail: null, resolution: null,
  };
}

describe('checkViews', () => {
  it('orders by start time, then by name, whatever order the journal holds them in', () => {
    // Two creates started on the same millisecond (two popups, or a fake clock) must not swap places between reads.
    const records = [record('1', 'zeta', 5), record('2', 'beta', 5), record('3', 'alpha', 9), record('4', 'omega', 1)];
    const names = (rs: CreateRecord[]) => checkViews(rs, 'acc', DEFAULT_JOURNAL_TIMING).map((v) => v.keyName);
    expect(names(records)).toEqual(['omega', 'beta', 'zeta', 'alpha']);
    expect(names([...records].reverse())).toEqual(['omega', 'beta', 'zeta', 'alpha']);
  });

  it("shows only the given account's records", () => {
    expect(checkViews([record('1', 'mine', 1), record('2', 'theirs', 1, 'other')], 'acc', DEFAULT_JOURNAL_TIMING).map((v) => v.keyName)).toEqual(['mine']);
  });
});

describe('checkView', () => {
  const T = DEFAULT_JOURNAL_TIMING;
  const r = (over: Partial<CreateRecord>): CreateRecord => ({ ...record('r', 'name', 100), detail: 'why', ...over });

  it('an open record is being checked, until when; an answered one that is still open shows nothing', () => {
    const open = r({});
    expect(checkView(open, T)).toEqual({ id: 'r', keyName: 'name', startedAt: 100, detail: 'why', saved: false, status: 'checking', checkAt: settlesAt(open, T), lostKeyIds: [] });
    expect(checkView(r({ state: 'inFlight', endedAt: null }), T)).toMatchObject({ status: 'checking' });
    expect(checkView(r({ state: 'saved', savedKeyId: 'k' }), T)).toBeNull();
  });

  it('a finished check says what it found: lost keys (also after a saved answer), made or not made', () => {
    expect(checkView(r({ resolution: { at: 1, lostKeyIds: ['a', 'b'], created: true } }), T)).toEqual({ id: 'r', keyName: 'name', startedAt: 100, detail: 'why', saved: false, status: 'lost', checkAt: null, lostKeyIds: ['a', 'b'] });
    expect(checkView(r({ state: 'saved', savedKeyId: 'k', resolution: { at: 1, lostKeyIds: ['a'], created: true } }), T)).toMatchObject({ status: 'lost', lostKeyIds: ['a'], saved: true });
    expect(checkView(r({ state: 'saved', resolution: { at: 1, lostKeyIds: [], created: true } }), T)).toBeNull();
    expect(checkView(r({ resolution: { at: 1, lostKeyIds: [], created: true } }), T)).toEqual({ id: 'r', keyName: 'name', startedAt: 100, detail: 'why', saved: false, status: 'created', checkAt: null, lostKeyIds: [] });
    expect(checkView(r({ resolution: { at: 1, lostKeyIds: [], created: false } }), T)).toMatchObject({ status: 'notCreated', checkAt: null, lostKeyIds: [] });
  });

  it('a lost key dealt with since (its applicationKey saved, or the key deleted: no longer flagged) is no longer said lost', () => {
    const found = r({ resolution: { at: 1, lostKeyIds: ['a', 'b'], created: true } });
    expect(checkView(found, T, (id) => id === 'b')).toMatchObject({ status: 'lost', lostKeyIds: ['b'] });
    expect(checkView(found, T, () => false)).toBeNull();
    expect(checkViews([found], 'acc', T, (id) => id === 'a').map((v) => v.lostKeyIds)).toEqual([['a']]);
  });

  it('leaves out the records that have nothing to show, and orders equal names and times stably', () => {
    const quiet = { ...record('q', 'quiet', 1), state: 'saved' as const, savedKeyId: 'k' };
    expect(checkViews([quiet, record('1', 'shown', 2)], 'acc', T).map((v) => v.keyName)).toEqual(['shown']);
    expect(checkViews([record('1', 'same', 2), record('2', 'same', 2)], 'acc', T).map((v) => v.id)).toEqual(['1', '2']);
    expect(checkViews([record('2', 'same', 2), record('1', 'same', 2)], 'acc', T).map((v) => v.id)).toEqual(['2', '1']);
  });
});

describe('checkViews order', () => {
  it('hands the sort a consistent comparison: by start time, then name; equal names tie', () => {
    // ECMAScript leaves the order to the engine when the comparison is not consistent; V8 only asks "below zero?".
    const sort = vi.spyOn(Array.prototype, 'sort');
    let cmp: (a: { startedAt: number; keyName: string }, b: { startedAt: number; keyName: string }) => number;
    try {
      checkViews([record('1', 'a', 1), record('2', 'b', 1)], 'acc', DEFAULT_JOURNAL_TIMING);
      cmp = sort.mock.calls.at(-1)![0] as typeof cmp;
    } finally {
      sort.mockRestore();
    }
    const v = (startedAt: number, keyName: string) => ({ startedAt, keyName });
    expect([cmp(v(5, 'zeta'), v(5, 'beta')), cmp(v(5, 'beta'), v(5, 'zeta')), cmp(v(5, 'same'), v(5, 'same')), cmp(v(1, 'zeta'), v(2, 'beta')), cmp(v(3, 'a'), v(2, 'b'))].map(Math.sign)).toEqual([1, -1, 0, -1, 1]);
  });
});

describe('keyView', () => {
  const account = { accountId: 'acc', managingKeyId: 'm' } as StoredAccount;
  const k = (id: string): CachedKey => ({ accountId: 'acc', applicationKeyId: id, keyName: `n-${id}`, capabilities: ['readFiles'], bucketIds: null, namePrefix: null, expirationTimestamp: null, options: [] });
  const facts = (over: Partial<VaultFacts['secrets']> = {}, lost: string[] = []): VaultFacts => ({
    secrets: { valid: { saved: { sealed: {} as never, keyName: 'n-saved', savedAt: 1 } }, damaged: ['broken'], corrupt: false, ...over },
    lost: Object.fromEntries(lost.map((id) => [id, { keyName: id, flaggedAt: 1, recordId: 'r' }])),
  });

  it('the managing key has its secret (with the account), is never lost or damaged', () => {
    expect(keyView(account, facts({ corrupt: true }, ['m']), k('m'))).toEqual({ ...k('m'), hasSecret: true, isManagingKey: true, secretDamaged: false, lost: false });
  });

  it('saved, damaged, missing and lost keys', () => {
    const f = facts({}, ['saved', 'broken', 'gone']);
    expect(keyView(account, f, k('saved'))).toEqual({ ...k('saved'), hasSecret: true, isManagingKey: false, secretDamaged: false, lost: false });
    expect(keyView(account, f, k('broken'))).toEqual({ ...k('broken'), hasSecret: true, isManagingKey: false, secretDamaged: true, lost: false });
    expect(keyView(account, f, k('gone'))).toEqual({ ...k('gone'), hasSecret: false, isManagingKey: false, secretDamaged: false, lost: true });
    expect(keyView(account, f, k('other'))).toEqual({ ...k('other'), hasSecret: false, isManagingKey: false, secretDamaged: false, lost: false });
  });

  it('a secrets record of the wrong type shows every key as saved but damaged', () => {
    expect(keyView(account, facts({ corrupt: true, valid: {}, damaged: [] }, ['x']), k('x'))).toEqual({ ...k('x'), hasSecret: true, isManagingKey: false, secretDamaged: true, lost: false });
  });
});
