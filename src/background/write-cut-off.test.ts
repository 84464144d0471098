/**
 * A write's removals go in a second storage call (src/storage/store.ts, PENDING_REMOVALS_KEY). Remove account and a
 * refresh, with that call refused: the reply says what landed, and nothing the write removes is left for good.
 */
import { describe, expect, it, vi } from 'vitest';
import { ACCOUNT_ID, keyJson } from '../b2/test-support';
import { keysShardKey, secretsKey, usageKey } from '../storage';
import { sealSecret } from '../vault';
import { decryptBackup } from '../vault/backup';
import { fakeB2, fixture } from './test-support';

/** Refuses the next `n` remove calls of `area`. */
function refuseRemovals(area: { remove: (keys: string | string[]) => Promise<void> }, n: number): void {
  const remove = area.remove.bind(area);
  let left = n;
  area.remove = async (keys) => {
    if (left-- > 0) throw new Error('IO error');
    return remove(keys);
  };
}

/** Two accounts; acc1 has a saved applicationKey for key `ka`. */
async function twoAccounts() {
  const f = await fixture();
  await f.addAccount('acc1', 'k1', 'secret-1');
  await f.addAccount('acc2', 'k2', 'secret-2');
  const ctx = f.service.context;
  const sealed = await sealSecret(await ctx.dataKey(), { accountId: 'acc1', applicationKeyId: 'ka' }, 'K-ka');
  await ctx.store.write(async (tx) => tx.putSecret('acc1', 'ka', { sealed, keyName: 'alpha', savedAt: 1 }));
  return f;
}

describe('Remove account with its removal call refused', () => {
  it('once: it is removed with its saved applicationKeys, and says so', async () => {
    const f = await twoAccounts();
    refuseRemovals(f.local, 1);
    await f.call('removeAccount', { accountId: 'acc1', keepSecrets: false, savedSecretCount: 1 });
    expect((await f.call('listAccounts', {})).accounts.map((a) => a.accountId)).toEqual(['acc2']);
    expect(f.local.data.has(secretsKey('acc1'))).toBe(false);
  });

  it('twice: removed all the same; what is left of it goes with the next write', async () => {
    const f = await twoAccounts();
    refuseRemovals(f.local, 2);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await f.call('removeAccount', { accountId: 'acc1', keepSecrets: false, savedSecretCount: 1 });
    errors.mockRestore();
    expect((await f.call('listAccounts', {})).accounts.map((a) => a.accountId)).toEqual(['acc2']);
    await f.call('setSettings', { recordUsage: false });
    expect([...f.local.data.keys()].filter((k) => k.endsWith(':acc1') || k === secretsKey('acc1') || k === usageKey('acc1'))).toEqual([]);
  });
});

describe('an export after Remove account whose removal was refused', () => {
  it('does not carry the applicationKeys the person asked to delete', async () => {
    const f = await twoAccounts();
    refuseRemovals(f.local, 2);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await f.call('removeAccount', { accountId: 'acc1', keepSecrets: false, savedSecretCount: 1 });
    errors.mockRestore();
    const passphrase = 'an export passphrase that is long enough 42';
    const out = await f.call('exportBackup', { passphrase });
    const payload = await decryptBackup(out.contents, passphrase);
    expect(payload.secrets.map((s) => s.accountId)).not.toContain('acc1');
  });
});

describe('a refresh with its removal call refused', () => {
  const names = (n: number, tag: string) => Array.from({ length: n }, (_, i) => keyJson(`k-${tag}-${String(i).padStart(4, '0')}`, { keyName: `${tag}-${String(i).padStart(4, '0')}` }));
  const stray = async (f: Awaited<ReturnType<typeof fixture>>) => {
    const meta = await f.service.context.keyCache.meta(ACCOUNT_ID);
    const named = new Set<string>(meta.shards.map((s) => keysShardKey(ACCOUNT_ID, s.id)));
    return [...f.local.data.keys()].filter((k) => k.startsWith(`keys:${ACCOUNT_ID}:`) && /:\d+$/.test(k) && !named.has(k));
  };

  it('has landed and says so, and leaves no shard that no meta names', async () => {
    const b2 = fakeB2();
    const f = await fixture({ fetch: b2.fetch });
    await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
    b2.keys = names(1200, 'a');
    await f.call('refreshKeys', {});
    b2.keys = names(1200, 'b');
    refuseRemovals(f.local, 2);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await f.call('refreshKeys', {});
    errors.mockRestore();
    expect((await f.call('listKeys', { offset: 0, limit: 1 })).keys[0]?.keyName).toBe('b-0000');
    expect((await stray(f)).length).toBeGreaterThan(0);
    // The next write (here the next refresh) takes the old shards out first.
    await f.call('refreshKeys', {});
    expect(await stray(f)).toEqual([]);
  });
});
