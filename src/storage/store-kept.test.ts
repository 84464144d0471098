import { describe, expect, it } from 'vitest';
import { MemoryArea } from './area';
import { LocalStore, RECENT_READ_MS } from './store';

/** A memory area that counts reads per item and can hold a write until released. */
class CountingArea extends MemoryArea {
  reads = new Map<string, number>();
  hold: Promise<void> | null = null;
  failSet = false;

  override async get(keys?: string | string[] | null): Promise<Record<string, unknown>> {
    for (const k of keys == null ? ['*'] : Array.isArray(keys) ? keys : [keys]) this.reads.set(k, (this.reads.get(k) ?? 0) + 1);
    return super.get(keys);
  }

  override async set(items: Record<string, unknown>): Promise<void> {
    if (this.hold) await this.hold;
    if (this.failSet) throw new Error('QUOTA_BYTES quota exceeded');
    return super.set(items);
  }
}

async function started(): Promise<{ area: CountingArea; store: LocalStore }> {
  const area = new CountingArea();
  const store = new LocalStore(area);
  await store.init();
  area.reads.clear();
  return { area, store };
}

/**
 * Starts `read` while storage holds its answer back; storage answers other reads at once again. The function
 * returned fails that held read (as a storage call that fails late), after whatever the test did meanwhile.
 */
async function heldRead(area: CountingArea, read: () => Promise<unknown>): Promise<() => Promise<void>> {
  const get = area.get.bind(area);
  let reject: (e: Error) => void = () => undefined;
  area.get = () => new Promise((_resolve, r) => (reject = r));
  const held = read();
  held.catch(() => undefined);
  await new Promise((r) => setTimeout(r, 0));
  area.get = get;
  return async () => {
    reject(new Error('storage failed'));
    await expect(held).rejects.toThrow('storage failed');
  };
}

describe('key-cache items kept in memory by LocalStore', () => {
  it('a key-cache item is read from storage once, also by simultaneous readers', async () => {
    const { area, store } = await started();
    await area.set({ 'keys:acc': { v: 1 }, 'keys:acc:0': 'shard text' });
    const [a, b] = await Promise.all([store.raw('keys:acc'), store.raw('keys:acc')]);
    await store.raw('keys:acc');
    expect(a).toEqual({ v: 1 });
    expect(b).toEqual({ v: 1 });
    expect(area.reads.get('keys:acc')).toBe(1);
    expect(await store.raw('keys:acc:0')).toBe('shard text');
    expect(await store.raw('keys:acc:0')).toBe('shard text');
    expect(area.reads.get('keys:acc:0')).toBe(1);
  });

  it('anything else is read from storage every time: an edit behind the store’s back is seen at once', async () => {
    const { area, store } = await started();
    await area.set({ accounts: { a: { endpoint: 'https://api.backblazeb2.com' } } });
    expect(await store.raw('accounts')).toEqual({ a: { endpoint: 'https://api.backblazeb2.com' } });
    await area.set({ accounts: { a: { endpoint: 'https://evil.example' } } });
    expect(await store.raw('accounts')).toEqual({ a: { endpoint: 'https://evil.example' } });
    expect(area.reads.get('accounts')).toBe(2);
  });

  it('a write drops what it set or removed, so the next read sees the write', async () => {
    const { store } = await started();
    await store.write(async (tx) => tx.setItem('keys:acc', { v: 1 }));
    expect(await store.raw('keys:acc')).toEqual({ v: 1 });
    await store.write(async (tx) => tx.setItem('keys:acc', { v: 2 }));
    expect(await store.raw('keys:acc')).toEqual({ v: 2 });
    await store.write(async (tx) => tx.remove('keys:acc'));
    expect(await store.raw('keys:acc')).toBeUndefined();
  });

  it('a read made while a write is under way is not kept after it', async () => {
    const { area, store } = await started();
    await store.write(async (tx) => tx.setItem('keys:acc', { v: 1 }));
    let release!: () => void;
    area.hold = new Promise((r) => (release = r));
    const writing = store.write(async (tx) => tx.setItem('keys:acc', { v: 2 }));
    await new Promise((r) => setTimeout(r, 0));
    // The write has not landed: this read sees the old value, and must not be what later reads get.
    expect(await store.raw('keys:acc')).toEqual({ v: 1 });
    release();
    await writing;
    expect(await store.raw('keys:acc')).toEqual({ v: 2 });
  });

  it('a failed write drops the item too (storage may hold either value): the next read asks storage', async () => {
    const { area, store } = await started();
    await store.write(async (tx) => tx.setItem('keys:acc', { v: 1 }));
    expect(await store.raw('keys:acc')).toEqual({ v: 1 });
    area.failSet = true;
    await expect(store.write(async (tx) => tx.setItem('keys:acc', { v: 2 }))).rejects.toThrow('quota');
    const before = area.reads.get('keys:acc') ?? 0;
    expect(await store.raw('keys:acc')).toEqual({ v: 1 });
    expect(area.reads.get('keys:acc')).toBe(before + 1);
  });

  it('keeps a bounded number of items: the oldest goes first', async () => {
    const { area, store } = await started();
    const items: Record<string, string> = {};
    for (let i = 0; i < 20; i++) items[`keys:acc:${i}`] = `shard ${i}`;
    await area.set(items);
    for (let i = 0; i < 20; i++) await store.raw(`keys:acc:${i}`);
    await store.raw('keys:acc:19');
    expect(area.reads.get('keys:acc:19')).toBe(1);
    await store.raw('keys:acc:0');
    expect(area.reads.get('keys:acc:0')).toBe(2);
  });

  it('a failed read is not kept', async () => {
    const { area, store } = await started();
    await area.set({ 'keys:acc': { v: 1 } });
    const real = area.get.bind(area);
    let fail = true;
    area.get = async (keys) => {
      if (fail) {
        fail = false;
        throw new Error('storage unavailable');
      }
      return real(keys);
    };
    await expect(store.raw('keys:acc')).rejects.toThrow('unavailable');
    expect(await store.raw('keys:acc')).toEqual({ v: 1 });
  });
});

describe('key-cache items read together (rawTogether)', () => {
  it('replaces what was kept with what the one call read, and keeps that: the next reads ask storage nothing', async () => {
    const { area, store } = await started();
    await area.set({ 'keys:acc': { v: 1 }, 'keys:acc:refs': { r: 1 } });
    expect(await store.raw('keys:acc')).toEqual({ v: 1 });
    // Changed behind the store's back (as a write landing from before would leave it): the together read sees it.
    await area.set({ 'keys:acc': { v: 2 }, 'keys:acc:refs': { r: 2 } });
    expect(await store.rawTogether(['keys:acc', 'keys:acc:refs'])).toEqual({ 'keys:acc': { v: 2 }, 'keys:acc:refs': { r: 2 } });
    area.reads.clear();
    expect(await store.raw('keys:acc')).toEqual({ v: 2 });
    expect(await store.raw('keys:acc:refs')).toEqual({ r: 2 });
    expect(area.reads.size).toBe(0);
  });

  it('a kept read that fails after a newer one replaced it does not drop the newer one', async () => {
    const { area, store } = await started();
    await area.set({ 'keys:acc': { v: 1 } });
    const fail = await heldRead(area, () => store.raw('keys:acc'));
    await store.rawTogether(['keys:acc']);
    await fail();
    area.reads.clear();
    expect(await store.raw('keys:acc')).toEqual({ v: 1 });
    expect(area.reads.size).toBe(0);
  });
});

describe('recent reads of other items (RECENT_READ_MS)', () => {
  async function clocked(): Promise<{ area: CountingArea; store: LocalStore; clock: { t: number } }> {
    const area = new CountingArea();
    const clock = { t: 1_000 };
    const store = new LocalStore(area, () => clock.t);
    await store.init();
    area.reads.clear();
    return { area, store, clock };
  }
  const edited = { a: { endpoint: 'https://evil.example' } };

  it('a read that asks for a recent one reuses a read made at most RECENT_READ_MS ago; one that does not, never', async () => {
    const { area, store, clock } = await clocked();
    await area.set({ accounts: { a: { endpoint: 'https://api.backblazeb2.com' } } });
    await store.raw('accounts');
    await area.set({ accounts: edited });
    clock.t += RECENT_READ_MS;
    expect(await store.raw('accounts', { recent: true })).toEqual({ a: { endpoint: 'https://api.backblazeb2.com' } });
    expect(area.reads.get('accounts')).toBe(1);
    // A read that does not ask sees the edit at once, and is itself reused from then on.
    expect(await store.raw('accounts')).toEqual(edited);
    expect(await store.raw('accounts', { recent: true })).toEqual(edited);
    expect(area.reads.get('accounts')).toBe(2);
    clock.t += RECENT_READ_MS + 1;
    await area.set({ accounts: {} });
    expect(await store.raw('accounts', { recent: true })).toEqual({});
    expect(area.reads.get('accounts')).toBe(3);
  });

  it('the readers built on raw pass it on: settings, accounts, the active account id, journal, secrets and lost flags', async () => {
    const { area, store } = await clocked();
    const recent = { recent: true };
    const all = () =>
      Promise.all([store.settings(recent), store.accountIndex(recent), store.get('activeAccountId', recent), store.journal(recent), store.secretIndexOf('acc', ['k'], recent), store.lostKeys('acc', recent)]);
    await all();
    await all();
    for (const key of ['settings', 'accounts', 'activeAccountId', 'createJournal', 'secrets:acc', 'lost:acc']) expect([key, area.reads.get(key)]).toEqual([key, 1]);
  });

  it('a write of the item by the store drops the read at once, also one under way while the write lands', async () => {
    const { area, store } = await clocked();
    await store.write(async (tx) => tx.setItem('settings', { refreshAfterMinutes: 5 }));
    expect(await store.raw('settings', { recent: true })).toEqual({ refreshAfterMinutes: 5 });
    let release!: () => void;
    area.hold = new Promise<void>((resolve) => (release = resolve));
    const writing = store.write(async (tx) => tx.setItem('settings', { refreshAfterMinutes: 60 }));
    await new Promise((r) => setTimeout(r, 0));
    // Read while the write is held: either value is right then, and that read must not outlive the write.
    const during = store.raw('settings', { recent: true });
    release();
    await writing;
    await during;
    expect(await store.raw('settings', { recent: true })).toEqual({ refreshAfterMinutes: 60 });
    // Other items are not dropped by it.
    await store.raw('activeAccountId');
    await store.write(async (tx) => tx.setItem('settings', { refreshAfterMinutes: 15 }));
    await store.raw('activeAccountId', { recent: true });
    expect(area.reads.get('activeAccountId')).toBe(1);
  });

  it('a read that fails after a newer one was made does not drop the newer one', async () => {
    const { area, store } = await clocked();
    await area.set({ settings: { refreshAfterMinutes: 60 } });
    const fail = await heldRead(area, () => store.raw('settings'));
    expect(await store.raw('settings')).toEqual({ refreshAfterMinutes: 60 });
    await fail();
    area.reads.clear();
    expect(await store.raw('settings', { recent: true })).toEqual({ refreshAfterMinutes: 60 });
    expect(area.reads.get('settings')).toBeUndefined();
  });

  it('a read that failed is not reused', async () => {
    const { area, store } = await clocked();
    const get = area.get.bind(area);
    area.get = () => Promise.reject(new Error('storage failed'));
    await expect(store.raw('settings')).rejects.toThrow('storage failed');
    area.get = get;
    await area.set({ settings: { refreshAfterMinutes: 60 } });
    expect(await store.raw('settings', { recent: true })).toEqual({ refreshAfterMinutes: 60 });
  });
});
