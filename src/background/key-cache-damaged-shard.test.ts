/**
 * A key-cache shard missing or damaged at rest (the disk, or in Firefox a content script, which can write
 * storage.local). A refresh used to keep it by its hash in the index, so keys stayed missing and Refresh changed
 * nothing (found by fault review 10). Now the read that finds it short notes it, the list says a refresh is due,
 * and the refresh writes it anew.
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNT_ID, keyJson } from '../b2/test-support';
import { keysShardKey } from '../storage';
import { fakeB2, fixture, type Fixture } from './test-support';

const names = (n: number) => Array.from({ length: n }, (_, i) => keyJson(`k-${String(i).padStart(4, '0')}`, { keyName: `n-${String(i).padStart(4, '0')}` }));

/** Every window of the list, as a popup scrolling to the end asks for it. */
async function scrolled(f: Fixture) {
  const ids: string[] = [];
  let last;
  for (let offset = 0; ; offset += 100) {
    last = await f.call('listKeys', { offset, limit: 100 });
    ids.push(...last.keys.map((k) => k.applicationKeyId));
    if (last.keys.length < 100) return { ids, total: last.total, refreshDue: last.refreshDue };
  }
}

describe('a key-cache shard missing or damaged at rest', () => {
  for (const [label, damage] of [
    ['missing (the index names it, storage lacks it)', (data: Map<string, string>, k: string) => data.delete(k)],
    ['of a shape no version writes', (data: Map<string, string>, k: string) => data.set(k, '{"v":2,"junk":true}')],
  ] as const) {
    it(`${label}: once read short, the list is due for a refresh, which writes it anew`, async () => {
      const b2 = fakeB2();
      const f = await fixture({ fetch: b2.fetch });
      await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
      b2.keys = names(1200);
      await f.call('refreshKeys', {});
      const meta = await f.service.context.keyCache.meta(ACCOUNT_ID);
      expect(meta.shards.length).toBeGreaterThan(1);
      damage(f.local.data, keysShardKey(ACCOUNT_ID, meta.shards[1]!.id));
      // The person scrolls a list with keys missing (rows of the next part shown in their place); the list now asks
      // for a refresh (B2 still lists all 1,200 keys).
      const seen = await scrolled(f);
      expect(new Set(seen.ids).size).toBeLessThan(1200);
      expect(seen.refreshDue).toBe(true);
      await f.call('refreshKeys', {});
      const after = await scrolled(f);
      expect(after.total).toBe(1200);
      expect(after.ids).toEqual(b2.keys.map((k) => k['applicationKeyId']));
      expect(after.refreshDue).toBe(false);
    });
  }

  it('with refreshing left to the Refresh button: not due by itself, and the button repairs it', async () => {
    const b2 = fakeB2();
    const f = await fixture({ fetch: b2.fetch });
    await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
    await f.call('setSettings', { refreshAfterMinutes: null });
    b2.keys = names(1200);
    await f.call('refreshKeys', {});
    const meta = await f.service.context.keyCache.meta(ACCOUNT_ID);
    f.local.data.delete(keysShardKey(ACCOUNT_ID, meta.shards[1]!.id));
    const seen = await scrolled(f);
    expect(new Set(seen.ids).size).toBeLessThan(1200);
    expect(seen.refreshDue).toBe(false);
    await f.call('refreshKeys', {});
    expect((await scrolled(f)).ids).toEqual(b2.keys.map((k) => k['applicationKeyId']));
  });

  it('a whole-list read that a delete overtook is no damage: no refresh is asked for (B2 bills the listing)', async () => {
    const b2 = fakeB2();
    const f = await fixture({ fetch: b2.fetch });
    await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
    b2.keys = names(1200);
    await f.call('refreshKeys', {});
    const ctx = f.service.context;
    const meta = await ctx.keyCache.meta(ACCOUNT_ID);
    const shard1 = keysShardKey(ACCOUNT_ID, meta.shards[1]!.id);
    // Storage answers the whole-list read of the shards only after a delete has landed.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let gated = false;
    const get = f.local.get.bind(f.local);
    f.local.get = async (keys) => {
      if (!gated && Array.isArray(keys) && keys.includes(shard1) && keys.length > 1) {
        gated = true;
        await gate;
      }
      return get(keys);
    };
    const all = ctx.keyCache.all(ACCOUNT_ID);
    await new Promise((r) => setTimeout(r, 0));
    expect(gated).toBe(true);
    const victim = (await ctx.keyCache.window(ACCOUNT_ID, meta.shards[0]!.count + 5, 1))[0]!;
    await f.call('deleteKey', { applicationKeyId: victim[0], keyName: victim[1] });
    release();
    await all;
    expect((await f.call('listKeys', { offset: 0, limit: 10 })).refreshDue).toBe(false);
  });
});
