import { describe, expect, it } from 'vitest';
import { runBounded, summarize, type CheckItem } from './checkAll';

const items: CheckItem[] = Array.from({ length: 10 }, (_, i) => ({ applicationKeyId: `k${i}`, keyName: `key-${i}` }));

function gate() {
  const waiting: (() => void)[] = [];
  return { wait: () => new Promise<void>((r) => waiting.push(r)), releaseOne: () => waiting.shift()?.(), get pending() { return waiting.length; } };
}

describe('runBounded', () => {
  it('never has more than the limit in flight, reports each result, and checks every item once', async () => {
    let inFlight = 0;
    let most = 0;
    const seen: string[] = [];
    const progress: number[] = [];
    const g = gate();
    const run = runBounded(
      items,
      3,
      async (item) => {
        inFlight++;
        most = Math.max(most, inFlight);
        seen.push(item.applicationKeyId);
        await g.wait();
        inFlight--;
        return { outcome: item.applicationKeyId === 'k4' ? 'deleted' : 'works', message: '' };
      },
      (_r, done) => progress.push(done),
    );
    for (let i = 0; i < items.length; i++) {
      await new Promise((r) => setTimeout(r, 0));
      expect(g.pending).toBeLessThanOrEqual(3);
      g.releaseOne();
    }
    const results = await run;
    expect(most).toBe(3);
    expect(seen.sort()).toEqual(items.map((i) => i.applicationKeyId).sort());
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(summarize(results, items.length).sentence).toBe('10 checked: 9 work, 1 deleted in B2.');
  });

  it('a failing check counts as not checked; stopping starts no new checks', async () => {
    let started = 0;
    const results = await runBounded(
      items,
      2,
      async (item) => {
        started++;
        if (item.applicationKeyId === 'k1') throw new Error('locked');
        return { outcome: 'expired', message: '' };
      },
      () => undefined,
      () => started >= 4,
      (e) => (e as Error).message,
    );
    expect(started).toBe(4);
    expect(results.find((r) => r.applicationKeyId === 'k1')).toMatchObject({ outcome: 'notChecked', message: 'locked' });
    expect(summarize(results, items.length).sentence).toBe('4 checked: 3 expired, 1 could not be checked. Stopped after 4 of 10.');
  });
});

describe('what a person reads of a run', () => {
  it('a check that fails without a message of its own says it could not be checked', async () => {
    const results = await runBounded(
      items.slice(0, 1),
      3,
      () => Promise.reject(new Error('locked')),
      () => undefined,
    );
    expect(results).toEqual([{ applicationKeyId: 'k0', keyName: 'key-0', outcome: 'notChecked', message: 'Could not be checked.' }]);
  });

  it('a run that checked nothing says so', () => {
    expect(summarize([], 0).sentence).toBe('0 checked: none.');
    expect(summarize([], 3).sentence).toBe('0 checked: none. Stopped after 0 of 3.');
  });
});
