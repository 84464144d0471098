import { describe, expect, it } from 'vitest';
import { LocalStore, MemoryArea } from '../storage';
import { firstThatLands } from './write-fallback';

describe('firstThatLands', () => {
  it('tries from the fullest write and says which landed and why the ones before did not', async () => {
    const area = new MemoryArea();
    const store = new LocalStore(area);
    const one = new Error('one');
    const two = new Error('two');
    const landed = await firstThatLands(store, [
      async () => Promise.reject(one),
      async () => Promise.reject(two),
      async (tx) => {
        tx.set('activeAccountId', 'acc1');
        return 'third';
      },
      async () => 'never tried',
    ]);
    expect(landed).toEqual({ value: 'third', attempt: 2, failed: [one, two] });
    expect(await store.get('activeAccountId')).toBe('acc1');
    expect(await firstThatLands(store, [async () => 'whole'])).toEqual({ value: 'whole', attempt: 0, failed: [] });
  });

  it('when none lands, throws the last failure; with nothing to try, says so', async () => {
    const store = new LocalStore(new MemoryArea());
    const last = new Error('last');
    await expect(firstThatLands(store, [async () => Promise.reject(new Error('first')), async () => Promise.reject(new Error('middle')), async () => Promise.reject(last)])).rejects.toBe(last);
    await expect(firstThatLands(store, [])).rejects.toThrow('no write to try');
  });
});
