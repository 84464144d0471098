import { describe, expect, it, vi } from 'vitest';
import { usageKey } from '../storage';
import { mergeUsage, openUsage, recordUsage, sealUsage, suggestionsFor, unionUsage, usageAll, usageOf, USAGE_KEYS_MAX, USAGE_PER_KEY, type UsageEntry } from './key-usage';
import { fixture, TEST_PASSPHRASE } from './test-support';
import { openSecret } from '../vault';

const e = (origin: string, at: number, title = 'T'): UsageEntry => ({ origin, title, at, filled: ['keyId'] });

describe('mergeUsage', () => {
  it('keeps the latest fill per origin, newest first', () => {
    const list = mergeUsage(mergeUsage(mergeUsage([], e('https://a', 1)), e('https://b', 2)), e('https://a', 3, 'again'));
    expect(list.map((x) => [x.origin, x.at, x.title])).toEqual([
      ['https://a', 3, 'again'],
      ['https://b', 2, 'T'],
    ]);
  });
  it('is bounded per key, dropping the oldest origin', () => {
    let list: UsageEntry[] = [];
    for (let i = 0; i < USAGE_PER_KEY + 3; i++) list = mergeUsage(list, e(`https://h${i}`, i));
    expect(list).toHaveLength(USAGE_PER_KEY);
    expect(list.at(-1)!.origin).toBe('https://h3');
  });
  it('an entry older than the list’s (a clock set back) still takes its place by time', () => {
    expect(mergeUsage([e('https://a', 10), e('https://b', 4)], e('https://c', 5)).map((x) => x.origin)).toEqual(['https://a', 'https://c', 'https://b']);
    expect(mergeUsage([e('https://a', 10)], e('https://a', 3)).map((x) => x.at)).toEqual([3]);
  });
  it('cuts a long title', () => {
    expect(mergeUsage([], e('https://a', 1, 'x'.repeat(1000)))[0]!.title).toHaveLength(200);
  });
  it('a union keeps the later of two entries for one origin', () => {
    expect(unionUsage([e('https://a', 5, 'here')], [e('https://a', 3, 'file'), e('https://b', 4)]).map((x) => x.title)).toEqual(['here', 'T']);
  });
});

describe('suggestionsFor', () => {
  const usage = new Map([
    ['old', [e('https://site', 10), e('https://other', 11)]],
    ['plain', [e('https://site', 5)]],
    ['elsewhere', [e('https://other', 20)]],
  ]);
  const lineage: Record<string, { applicationKeyId: string; keyName: string }> = { old: { applicationKeyId: 'mid', keyName: 'mid' }, mid: { applicationKeyId: 'new', keyName: 'new' } };
  it('offers the newest successor of a rotated key first, then the key itself, then other keys used there', () => {
    expect(suggestionsFor('https://site', usage, (k) => lineage[k]).map((s) => [s.applicationKeyId, s.replaces])).toEqual([
      ['new', 'old'],
      ['old', null],
      ['plain', null],
    ]);
  });
  it('keys never used on the origin are not offered', () => {
    expect(suggestionsFor('https://nowhere', usage, () => undefined)).toEqual([]);
  });
  it('a loop in damaged lineage notes ends', () => {
    const loop: Record<string, { applicationKeyId: string; keyName: string }> = { old: { applicationKeyId: 'x', keyName: '' }, x: { applicationKeyId: 'old', keyName: '' } };
    expect(suggestionsFor('https://site', new Map([['old', [e('https://site', 1)]]]), (k) => loop[k]).map((s) => s.applicationKeyId)).toEqual(['x', 'old']);
  });
});

describe('sealed where-used lists', () => {
  it('hold no origin or title in plain text, open only for their own key, and never pass for a secret', async () => {
    const dataKey = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    const list = [e('https://private.example', 1, 'My Secret Dashboard')];
    const sealed = await sealUsage(dataKey, 'acc', 'k1', list);
    expect(JSON.stringify(sealed)).not.toMatch(/private\.example|Secret Dashboard/);
    expect(await openUsage(dataKey, 'acc', 'k1', sealed)).toEqual(list);
    // Moved onto another key: reads as empty, not as that key's list.
    expect(await openUsage(dataKey, 'acc', 'k2', sealed)).toEqual([]);
    // The same binding as an applicationKey does not open it.
    await expect(openSecret(dataKey, { accountId: 'acc', applicationKeyId: 'k1' }, sealed)).rejects.toThrow();
  });
});

describe('usage edges', () => {
  it('a union of two entries of the same time keeps the first; the union is newest first and bounded', () => {
    expect(unionUsage([e('https://a', 5, 'first')], [e('https://a', 5, 'second')]).map((x) => x.title)).toEqual(['first']);
    expect(unionUsage([e('https://a', 1, 'old')], [e('https://a', 2, 'new')]).map((x) => x.title)).toEqual(['new']);
    expect(unionUsage([e('https://a', 1), e('https://b', 3)], [e('https://c', 2)]).map((x) => x.origin)).toEqual(['https://b', 'https://c', 'https://a']);
    expect(unionUsage([e('https://a', 1), e('https://b', 3)], [e('https://c', 2)], 2).map((x) => x.origin)).toEqual(['https://b', 'https://c']);
  });

  it('suggestions carry when the key was last used there, and a successor used there itself is offered once', () => {
    const usage = new Map([
      ['old', [e('https://site', 10)]],
      ['new', [e('https://site', 5)]],
      ['b', [e('https://site', 7)]],
    ]);
    const lineage: Record<string, { applicationKeyId: string; keyName: string }> = { old: { applicationKeyId: 'new', keyName: 'new' }, b: { applicationKeyId: 'new', keyName: 'new' } };
    expect(suggestionsFor('https://site', usage, (k) => lineage[k])).toEqual([
      { applicationKeyId: 'new', replaces: 'old', lastUsedAt: 10 },
      { applicationKeyId: 'old', replaces: null, lastUsedAt: 10 },
      { applicationKeyId: 'b', replaces: null, lastUsedAt: 7 },
    ]);
  });

  it('a sealed value that opens but is not a list reads as empty', async () => {
    const dataKey = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    const sealed = await sealUsage(dataKey, 'acc', 'k1', [{ origin: 5 }] as never);
    expect(await openUsage(dataKey, 'acc', 'k1', sealed)).toEqual([]);
    expect(await openUsage(dataKey, 'acc', 'k1', { not: 'sealed' })).toEqual([]);
  });
});

describe('recordUsage', () => {
  async function setup() {
    const f = await fixture();
    await f.addAccount('acc', 'mk', 'secret');
    return { f, ctx: f.service.context };
  }

  it('records fills per key, newest first, and usageAll opens every key’s list', async () => {
    const { ctx } = await setup();
    expect(await recordUsage(ctx, 'acc', 'k1', e('https://a.example', 1, 'A'))).toBe(true);
    expect(await recordUsage(ctx, 'acc', 'k1', e('HTTP://b.example', 2, 'B'))).toBe(true);
    expect(await recordUsage(ctx, 'acc', 'k2', e('https://a.example', 3))).toBe(true);
    expect(await usageOf(ctx, 'acc', 'k1')).toEqual([e('HTTP://b.example', 2, 'B'), e('https://a.example', 1, 'A')]);
    expect(await usageOf(ctx, 'acc', 'k3')).toEqual([]);
    expect(await usageAll(ctx, 'acc')).toEqual(new Map([['k1', [e('HTTP://b.example', 2, 'B'), e('https://a.example', 1, 'A')]], ['k2', [e('https://a.example', 3)]]]));
  });

  it('records nothing when switched off, while locked, or for a page without a web origin', async () => {
    const { f, ctx } = await setup();
    for (const origin of ['null', 'data:text/html,x', 'file:///x', 'blob:https://a.example/1', 'httpx://a', 'https:/a']) expect(await recordUsage(ctx, 'acc', 'k1', e(origin, 1))).toBe(false);
    await ctx.store.write(async (tx) => tx.set('settings', { ...(await ctx.store.settings()), recordUsage: false }));
    expect(await recordUsage(ctx, 'acc', 'k1', e('https://a.example', 1))).toBe(false);
    await ctx.store.write(async (tx) => tx.set('settings', { ...(await ctx.store.settings()), recordUsage: true }));
    await f.service.lock();
    // Locked is not a failure: nothing is logged.
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await recordUsage(ctx, 'acc', 'k1', e('https://a.example', 1))).toBe(false);
      expect(error).not.toHaveBeenCalled();
    } finally {
      error.mockRestore();
    }
    await f.call('unlock', { passphrase: TEST_PASSPHRASE });
    expect(await usageAll(ctx, 'acc')).toEqual(new Map());
    expect(await recordUsage(ctx, 'acc', 'k1', e('https://a.example', 1))).toBe(true);
  });

  it('never throws: a usage record it cannot write is reported as not recorded', async () => {
    const { f, ctx } = await setup();
    await f.local.set({ [usageKey('acc')]: 'not a record' });
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await recordUsage(ctx, 'acc', 'k1', e('https://a.example', 1))).toBe(false);
      expect(error).toHaveBeenCalledTimes(1);
    } finally {
      error.mockRestore();
    }
  });

  it('past the number of keys kept, the key used longest ago makes room for a new one; a record over the bound is brought back to it', async () => {
    const { f, ctx } = await setup();
    const dataKey = await ctx.dataKey();
    // k0 was never used anywhere (an empty list counts as oldest), then k1 … in time order.
    const sealed = await Promise.all(Array.from({ length: USAGE_KEYS_MAX + 2 }, (_, i) => sealUsage(dataKey, 'acc', `k${i}`, i === 0 ? [] : [e('https://a.example', 1000 + i)])));
    const record = (n: number) => Object.fromEntries(sealed.slice(0, n).map((s, i) => [`k${i}`, s]));
    const kept = async () => Object.keys((await f.local.get(usageKey('acc')))[usageKey('acc')] as object);
    await f.local.set({ [usageKey('acc')]: record(USAGE_KEYS_MAX) });
    // A key already kept makes no room.
    expect(await recordUsage(ctx, 'acc', 'k5', e('https://b.example', 5000))).toBe(true);
    expect((await kept()).length).toBe(USAGE_KEYS_MAX);
    expect(await recordUsage(ctx, 'acc', 'fresh', e('https://a.example', 9000))).toBe(true);
    let ids = await kept();
    expect([ids.length, ids.includes('k0'), ids.includes('k1'), ids.includes('fresh')]).toEqual([USAGE_KEYS_MAX, false, true, true]);
    expect(await recordUsage(ctx, 'acc', 'fresh2', e('https://a.example', 9001))).toBe(true);
    ids = await kept();
    expect([ids.length, ids.includes('k1'), ids.includes('k2'), ids.includes('k5'), ids.includes('fresh')]).toEqual([USAGE_KEYS_MAX, false, true, true, true]);
    // Two over the bound: three make room.
    await f.local.set({ [usageKey('acc')]: record(USAGE_KEYS_MAX + 2) });
    expect(await recordUsage(ctx, 'acc', 'fresh3', e('https://a.example', 9000))).toBe(true);
    ids = await kept();
    expect([ids.length, ids.includes('k0'), ids.includes('k1'), ids.includes('k2'), ids.includes('k3'), ids.includes('fresh3')]).toEqual([USAGE_KEYS_MAX, false, false, false, true, true]);
  }, 60_000);

  it('damaged entries make room first: they count toward the bound and would otherwise never leave', async () => {
    const { f, ctx } = await setup();
    const dataKey = await ctx.dataKey();
    const sealed = await Promise.all(Array.from({ length: USAGE_KEYS_MAX - 2 }, (_, i) => sealUsage(dataKey, 'acc', `k${i}`, [e('https://a.example', 1000 + i)])));
    // Two entries of the wrong shape make 2,000; later the key being recorded is damaged too (it is written anew, not dropped).
    const record = { ...Object.fromEntries(sealed.map((s, i) => [`k${i}`, s])), bad1: 'x', bad2: { iv: 1 } };
    await f.local.set({ [usageKey('acc')]: record });
    expect(await recordUsage(ctx, 'acc', 'fresh', e('https://a.example', 9000))).toBe(true);
    let ids = Object.keys((await f.local.get(usageKey('acc')))[usageKey('acc')] as object);
    expect([ids.length, ids.includes('bad1'), ids.includes('bad2'), ids.includes('k0'), ids.includes('fresh')]).toEqual([USAGE_KEYS_MAX, false, true, true, true]);
    await f.local.set({ [usageKey('acc')]: { fresh: 'damaged', ...record } });
    expect(await recordUsage(ctx, 'acc', 'fresh', e('https://a.example', 9000))).toBe(true);
    ids = Object.keys((await f.local.get(usageKey('acc')))[usageKey('acc')] as object);
    expect([ids.length, ids.includes('bad1'), ids.includes('bad2'), ids.includes('k0'), ids.includes('fresh')]).toEqual([USAGE_KEYS_MAX - 1, false, false, true, true]);
    expect(await usageOf(ctx, 'acc', 'fresh')).toEqual([e('https://a.example', 9000)]);
  }, 60_000);

  it('the key to make room is the one used longest ago, whatever its place in the record', async () => {
    const { f, ctx } = await setup();
    const dataKey = await ctx.dataKey();
    // The record's first keys are its most recently used: k1999 (used at 1001) is the oldest, then k1998.
    const sealed = await Promise.all(Array.from({ length: USAGE_KEYS_MAX }, (_, i) => sealUsage(dataKey, 'acc', `k${i}`, [e('https://a.example', 1000 + USAGE_KEYS_MAX - i)])));
    await f.local.set({ [usageKey('acc')]: Object.fromEntries(sealed.map((s, i) => [`k${i}`, s])) });
    expect(await recordUsage(ctx, 'acc', 'fresh', e('https://a.example', 9000))).toBe(true);
    const ids = Object.keys((await f.local.get(usageKey('acc')))[usageKey('acc')] as object);
    expect([ids.length, ids.includes('k0'), ids.includes(`k${USAGE_KEYS_MAX - 2}`), ids.includes(`k${USAGE_KEYS_MAX - 1}`), ids.includes('fresh')]).toEqual([USAGE_KEYS_MAX, true, true, false, true]);
  }, 60_000);
});
