/**
 * filterFacts: what the filter row knows from storage (saved secrets, damaged ones, lost flags, the warning
 * setting), and a signature that changes whenever any of it does, so a window is not answered from stale facts.
 */
import { describe, expect, it } from 'vitest';
import { secretsKey } from '../storage';
import { sealSecret } from '../vault';
import { DAY_MS, DEFAULT_EXPIRY_WARNING_DAYS } from './key-filter';
import { filterFacts } from './key-filter-facts';
import { fixture } from './test-support';

const NOW = Date.UTC(2026, 11, 1, 9, 30, 15);

async function setup() {
  const f = await fixture();
  const account = await f.addAccount('acc', 'mk', 'secret');
  const ctx = f.service.context;
  const dataKey = await ctx.dataKey();
  const entry = async (id: string, savedAt: number) => ({ sealed: await sealSecret(dataKey, { accountId: 'acc', applicationKeyId: id }, `S-${id}`), keyName: id, savedAt });
  const setSecrets = async (value: unknown) => f.local.set({ [secretsKey('acc')]: value });
  await setSecrets({ saved: await entry('saved', 42), broken: { sealed: 'nope' } });
  await ctx.store.write(async (tx) => tx.flagLost('acc', 'gone', { keyName: 'gone', flaggedAt: 1, recordId: 'r' }));
  return { f, ctx, account, entry, setSecrets, facts: (now = NOW) => filterFacts(ctx, account, now) };
}

describe('filterFacts', () => {
  it('saved counts valid and damaged secrets; lost the flagged keys; the warning time is the default week', async () => {
    const { facts } = await setup();
    const { facts: f } = await facts();
    expect(f.now).toBe(NOW);
    expect(f.warningMs).toBe(DEFAULT_EXPIRY_WARNING_DAYS * DAY_MS);
    expect(f.managingKeyId).toBe('mk');
    expect([f.saved.has('saved'), f.saved.has('broken'), f.saved.has('gone'), f.saved.has('other')]).toEqual([true, true, false, false]);
    expect([f.lost.has('gone'), f.lost.has('saved')]).toEqual([true, false]);
    expect(f.savedAt).toEqual(new Map([['saved', 42]]));
  });

  it('the warning time follows the setting', async () => {
    const { ctx, facts } = await setup();
    await ctx.store.write(async (tx) => tx.set('settings', { ...(await ctx.store.settings()), expiryWarningDays: 30 }));
    expect((await facts()).facts.warningMs).toBe(30 * DAY_MS);
  });

  it('a secrets record of the wrong type counts every key as saved', async () => {
    const { facts, setSecrets } = await setup();
    await setSecrets('not a record');
    const { facts: f } = await facts();
    expect([f.saved.has('anything'), f.saved.has('saved')]).toEqual([true, true]);
  });

  it('the signature stays within the minute, and changes with the minute, a save, a damaged entry, a lost flag, the setting', async () => {
    const { ctx, facts, setSecrets, entry } = await setup();
    const sig = async (now = NOW) => (await facts(now)).factsSig;
    const first = await sig();
    expect(await sig(NOW + 1)).toBe(first);
    const seen = new Set([first]);
    const expectNew = async (now = NOW) => {
      const s = await sig(now);
      expect(seen.has(s)).toBe(false);
      seen.add(s);
    };
    await expectNew(NOW + 60_000);
    await setSecrets({ saved: await entry('saved', 42), more: await entry('more', 43), broken: { sealed: 'nope' } });
    await expectNew();
    await setSecrets({ saved: await entry('saved', 42), more: await entry('more', 43), broken: { sealed: 'nope' }, broken2: 5 });
    await expectNew();
    await ctx.store.write(async (tx) => tx.flagLost('acc', 'gone2', { keyName: 'gone2', flaggedAt: 1, recordId: 'r' }));
    await expectNew();
    await ctx.store.write(async (tx) => tx.set('settings', { ...(await ctx.store.settings()), expiryWarningDays: 3 }));
    await expectNew();
    await setSecrets('not a record');
    await expectNew();
  });
});

describe('filterFacts signature edges', () => {
  it('its parts are kept apart: one lost key with a 17-day warning is not eleven lost keys with a 7-day one', async () => {
    const { ctx, facts } = await setup();
    await ctx.store.write(async (tx) => tx.set('settings', { ...(await ctx.store.settings()), expiryWarningDays: 17 }));
    const one = (await facts()).factsSig;
    await ctx.store.write(async (tx) => {
      for (let i = 0; i < 10; i++) tx.flagLost('acc', `more${i}`, { keyName: `more${i}`, flaggedAt: 1, recordId: 'r' });
      tx.set('settings', { ...(await ctx.store.settings()), expiryWarningDays: 7 });
    });
    const eleven = await facts();
    expect([eleven.facts.lost.has('more9'), eleven.facts.warningMs]).toEqual([true, 7 * DAY_MS]);
    expect(eleven.factsSig).not.toBe(one);
  });
});
