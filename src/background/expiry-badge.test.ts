/** The toolbar badge's state in Node: count, colour, title and when the clock alone changes it next. */
import { describe, expect, it } from 'vitest';
import type { CachedKey } from '../storage';
import { BADGE_EXPIRED, BADGE_SOON } from './expiry-badge';
import { fixture, type Fixture } from './test-support';

const DAY = 86_400_000;
const ACCOUNT = 'acc1';
const key = (applicationKeyId: string, expirationTimestamp: number | null): CachedKey => ({ accountId: ACCOUNT, applicationKeyId, keyName: applicationKeyId, capabilities: [], bucketIds: null, namePrefix: null, expirationTimestamp, options: [] });

async function listKeys(f: Fixture, keys: CachedKey[]) {
  const ctx = f.service.context;
  await ctx.store.write(async (tx) => {
    for (const k of keys) await ctx.keyCache.upsert(tx, ACCOUNT, k);
  });
}

const NONE = { text: '', color: BADGE_SOON, title: 'B2 Key Manager', count: null, nextChangeAt: null };

describe('expiryBadge', () => {
  it('nothing without an active account, or for an account gone, or without a cached list', async () => {
    const f = await fixture();
    expect(await f.service.expiryBadge()).toEqual(NONE);
    await f.service.context.store.write(async (tx) => tx.set('activeAccountId', 'gone'));
    expect(await f.service.expiryBadge()).toEqual(NONE);
    await f.addAccount(ACCOUNT, 'k', 's');
    await f.service.context.store.write(async (tx) => tx.set('activeAccountId', ACCOUNT));
    expect(await f.service.expiryBadge()).toEqual(NONE);
  });

  it('keys that do not expire soon: no text, but the next time one turns "soon"', async () => {
    const f = await fixture();
    await f.addAccount(ACCOUNT, 'k', 's', { label: 'Work' });
    const now = f.clock.now;
    await listKeys(f, [key('a', null), key('b', now + 10 * DAY)]);
    expect(await f.service.expiryBadge()).toEqual({ ...NONE, count: { expired: 0, soon: 0, atLeast: false }, nextChangeAt: now + 3 * DAY });
  });

  it('one key soon: amber, "key", days in the title; then expired: red', async () => {
    const f = await fixture();
    await f.addAccount(ACCOUNT, 'k', 's', { label: 'Work' });
    const now = f.clock.now;
    await listKeys(f, [key('a', now + 2 * DAY), key('b', null)]);
    expect(await f.service.expiryBadge()).toEqual({
      text: '1',
      color: BADGE_SOON,
      title: 'B2 Key Manager: 1 key of Work expired or expiring within 7 days',
      count: { expired: 0, soon: 1, atLeast: false },
      nextChangeAt: now + 2 * DAY,
    });
    f.clock.now += 3 * DAY;
    expect(await f.service.expiryBadge()).toMatchObject({ text: '1', color: BADGE_EXPIRED, title: 'B2 Key Manager: 1 key of Work expired or expiring within 7 days', nextChangeAt: null });
  });

  it('several keys, the warning time from the settings, "day" for one', async () => {
    const f = await fixture();
    await f.addAccount(ACCOUNT, 'k', 's', { label: 'Work' });
    const now = f.clock.now;
    await listKeys(f, [key('a', now - DAY), key('b', now + DAY / 2), key('c', now + 2 * DAY)]);
    expect(await f.service.expiryBadge()).toMatchObject({ text: '3', color: BADGE_EXPIRED, title: 'B2 Key Manager: 3 keys of Work expired or expiring within 7 days' });
    await f.call('setSettings', { expiryWarningDays: 1 });
    expect(await f.service.expiryBadge()).toMatchObject({ text: '2', color: BADGE_EXPIRED, title: 'B2 Key Manager: 2 keys of Work expired or expiring within 1 day', nextChangeAt: now + DAY / 2 });
  });

  it('more keys than the summary holds, all counted: "or more"', async () => {
    const f = await fixture();
    await f.addAccount(ACCOUNT, 'k', 's', { label: 'Work' });
    const now = f.clock.now;
    await listKeys(f, Array.from({ length: 101 }, (_, i) => key(`k${String(i).padStart(3, '0')}`, now + DAY + i)));
    const b = await f.service.expiryBadge();
    expect([b.text, b.color, b.title]).toEqual(['100+', BADGE_SOON, 'B2 Key Manager: 100 or more keys of Work expired or expiring within 7 days']);
  });

  it('a cache written before summaries: counted once from its shards and the summary kept', async () => {
    const f = await fixture();
    await f.addAccount(ACCOUNT, 'k', 's', { label: 'Work' });
    const now = f.clock.now;
    await listKeys(f, [key('a', now + DAY)]);
    const metaKey = `keys:${ACCOUNT}`;
    const meta = JSON.parse(f.local.data.get(metaKey)!) as Record<string, unknown>;
    delete meta['soonest'];
    f.local.data.set(metaKey, JSON.stringify(meta));
    const { createService } = await import('./service');
    const { LocalStore } = await import('../storage');
    const { Session } = await import('./session');
    const restarted = createService({ store: new LocalStore(f.local), session: new Session(f.sessionArea), fetch: () => Promise.reject(new Error('x')), now: () => f.clock.now, manifest: { name: 'x', version: '0' }, browser: 'chrome', demoEndpoint: null });
    // A store that cannot be written only costs the count again.
    const set = f.local.set.bind(f.local);
    f.local.set = () => Promise.reject(new Error('read-only'));
    try {
      expect((await restarted.expiryBadge()).text).toBe('1');
    } finally {
      f.local.set = set;
    }
    expect((JSON.parse(f.local.data.get(metaKey)!) as { soonest?: unknown }).soonest).toBeUndefined();
    expect(await restarted.expiryBadge()).toMatchObject({ text: '1', count: { expired: 0, soon: 1, atLeast: false }, nextChangeAt: now + DAY });
    expect((JSON.parse(f.local.data.get(metaKey)!) as { soonest?: unknown }).soonest).toEqual({ ts: [now + DAY], complete: true });
  });
});
