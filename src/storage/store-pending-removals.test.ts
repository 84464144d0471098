/**
 * A write's sets land in one storage call and its removals in a second. A second call refused (an I/O error) or cut
 * off (the worker stopped between the two) must neither report a landed write as failed nor leave what it removes
 * stored for good: the names go with the sets (PENDING_REMOVALS_KEY) and are finished later.
 */
import { describe, expect, it, vi } from 'vitest';
import { MemoryArea } from './area';
import { SCHEMA_VERSION } from './schema';
import { LocalStore, PENDING_REMOVALS_KEY } from './store';

/** An area whose next `refusals` remove calls fail. */
class RefusingArea extends MemoryArea {
  refusals = 0;
  readonly calls: string[] = [];
  override async set(items: Record<string, unknown>): Promise<void> {
    this.calls.push(`set ${Object.keys(items).sort().join(',')}`);
    return super.set(items);
  }
  override async remove(keys: string | string[]): Promise<void> {
    this.calls.push(`remove ${[keys].flat().sort().join(',')}`);
    if (this.refusals > 0) {
      this.refusals--;
      throw new Error('remove refused');
    }
    return super.remove(keys);
  }
}

async function storeWith(items: Record<string, unknown>): Promise<{ area: RefusingArea; store: LocalStore }> {
  const area = new RefusingArea();
  await area.set({ schemaVersion: SCHEMA_VERSION, ...items });
  area.calls.length = 0;
  return { area, store: new LocalStore(area) };
}

const replaceAndDrop = (tx: Parameters<Parameters<LocalStore['write']>[0]>[0]) => {
  tx.set('activeAccountId', 'acc2');
  tx.remove('secrets:acc1');
};

describe('a write that sets and removes', () => {
  it('names what it removes in its set call, and takes the name out with the items', async () => {
    const { area, store } = await storeWith({ 'secrets:acc1': {} });
    await store.write(async (tx) => replaceAndDrop(tx));
    expect(area.calls).toEqual(['set activeAccountId,pendingRemovals', 'remove pendingRemovals,secrets:acc1']);
    expect([...area.data.keys()].sort()).toEqual(['activeAccountId', 'schemaVersion']);
  });

  it('a write that only removes is one call, and no name is written', async () => {
    const { area, store } = await storeWith({ 'secrets:acc1': {} });
    await store.write(async (tx) => tx.remove('secrets:acc1'));
    expect(area.calls).toEqual(['remove secrets:acc1']);
    // Refused, it landed nothing: the write fails.
    const again = await storeWith({ 'secrets:acc1': {} });
    again.area.refusals = 1;
    await expect(again.store.write(async (tx) => tx.remove('secrets:acc1'))).rejects.toThrow('remove refused');
    expect(again.area.data.has('secrets:acc1')).toBe(true);
  });

  it('a removal refused once is tried again at once, and the write succeeds', async () => {
    const { area, store } = await storeWith({ 'secrets:acc1': {} });
    area.refusals = 1;
    await store.write(async (tx) => replaceAndDrop(tx));
    expect([...area.data.keys()].sort()).toEqual(['activeAccountId', 'schemaVersion']);
  });

  it('refused twice: the write has landed and says so; the next write removes the rest first', async () => {
    const { area, store } = await storeWith({ 'secrets:acc1': {}, 'secrets:acc3': {} });
    area.refusals = 2;
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(store.write(async (tx) => replaceAndDrop(tx))).resolves.toBeUndefined();
    expect(errors).toHaveBeenCalledWith('b2km: a write landed but some items it removes are still stored; the next write removes them', 'Error');
    errors.mockRestore();
    expect(area.data.get('activeAccountId')).toBe('"acc2"');
    expect(area.data.has('secrets:acc1')).toBe(true);
    // The next write finishes them before its own changes: an item it sets again is not removed after it.
    await store.write(async (tx) => tx.setItem('secrets:acc1', { k: {} }));
    expect(area.data.has(PENDING_REMOVALS_KEY)).toBe(false);
    expect(area.data.get('secrets:acc1')).toBe('{"k":{}}');
    expect(area.data.has('secrets:acc3')).toBe(true);
  });

  it('cut off between the calls (the worker stopped): the next background finishes them, at its first write or its start-up chores', async () => {
    const { area } = await storeWith({ 'secrets:acc1': {}, 'keys:acc1:7': [], [PENDING_REMOVALS_KEY]: ['secrets:acc1', 'keys:acc1:7'] });
    const store = new LocalStore(area);
    await store.finishPendingRemovals();
    expect([...area.data.keys()].sort()).toEqual(['schemaVersion']);
    // Once checked, a later write reads nothing more for it.
    area.calls.length = 0;
    await store.write(async (tx) => tx.set('activeAccountId', 'acc1'));
    expect(area.calls).toEqual(['set activeAccountId']);
  });

  it('a later write of its own finishes them too, and a damaged list of names removes only itself', async () => {
    const { area } = await storeWith({ 'secrets:acc1': {}, [PENDING_REMOVALS_KEY]: ['secrets:acc1'] });
    await new LocalStore(area).write(async (tx) => tx.set('activeAccountId', 'acc1'));
    expect([...area.data.keys()].sort()).toEqual(['activeAccountId', 'schemaVersion']);
    const damaged = await storeWith({ 'secrets:acc1': {}, [PENDING_REMOVALS_KEY]: 'secrets:acc1' });
    await new LocalStore(damaged.area).finishPendingRemovals();
    expect([...damaged.area.data.keys()].sort()).toEqual(['schemaVersion', 'secrets:acc1']);
  });

  it('read-only storage (a later version\'s data) is left alone', async () => {
    const { area } = await storeWith({ 'secrets:acc1': {}, [PENDING_REMOVALS_KEY]: ['secrets:acc1'] });
    await area.set({ schemaVersion: SCHEMA_VERSION + 1 });
    await new LocalStore(area).finishPendingRemovals();
    expect(area.data.has('secrets:acc1')).toBe(true);
  });
});

describe('a stale list of removals', () => {
  it('a set call that failed after landing its list: the next write finishes that list before its own changes', async () => {
    const { area, store } = await storeWith({ 'secrets:acc1': {} });
    // The set lands, then the call reports a failure (the browser lost the answer).
    const set = area.set.bind(area);
    let once = true;
    area.set = async (items) => {
      await set(items);
      if (once) {
        once = false;
        throw new Error('set answered with an error');
      }
    };
    await expect(store.write(async (tx) => replaceAndDrop(tx))).rejects.toThrow('set answered with an error');
    expect(area.data.has(PENDING_REMOVALS_KEY)).toBe(true);
    // A key saved again under the same item later is not removed by that old list.
    await store.write(async (tx) => tx.setItem('secrets:acc1', { k: {} }));
    expect(area.data.get('secrets:acc1')).toBe('{"k":{}}');
    expect(area.data.has(PENDING_REMOVALS_KEY)).toBe(false);
    await new LocalStore(area).finishPendingRemovals();
    expect(area.data.get('secrets:acc1')).toBe('{"k":{}}');
  });

  it('removes only items a write removes whole: never the vault, the accounts or the settings', async () => {
    const { area } = await storeWith({ vault: {}, accounts: {}, settings: {}, 'secrets:acc1': {}, 'usage:acc1': {}, [PENDING_REMOVALS_KEY]: ['vault', 'accounts', 'settings', 'schemaVersion', 'secrets:acc1', 'usage:acc1'] });
    await new LocalStore(area).finishPendingRemovals();
    expect([...area.data.keys()].sort()).toEqual(['accounts', 'schemaVersion', 'settings', 'vault']);
  });
});
