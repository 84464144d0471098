import { describe, expect, it } from 'vitest';
import type { CreateRecord } from '../storage';
import { DEFAULT_JOURNAL_TIMING } from './create-journal';
import { checkViews } from './key-views';

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
