/**
 * Context in Node: the unlocked data key, the active account and what a damaged record says, the shared B2 client
 * (authorised once, dropped on a lock or an edit of the record), and the change log replayed onto listings.
 */
import { describe, expect, it } from 'vitest';
import { authorizeReply, b2Error, fakeFetch, recordingSleep, type Step } from '../b2/test-support';
import type { CachedKey } from '../storage';
import { failure, fixture, type Fixture } from './test-support';

const ACCOUNT = '0123456789ab';

async function withFetch(steps: Step[]): Promise<{ f: Fixture; calls: () => number }> {
  const fake = fakeFetch(steps);
  const f = await fixture({ fetch: fake.fetch });
  return { f, calls: () => fake.calls.length };
}

const key = (applicationKeyId: string): CachedKey => ({ accountId: ACCOUNT, applicationKeyId, keyName: applicationKeyId, capabilities: [], bucketIds: null, namePrefix: null, expirationTimestamp: null, options: [] });

describe('dataKey', () => {
  it('no vault, then locked, then the key', async () => {
    const { Context } = await import('./context');
    const { LocalStore, MemoryArea } = await import('../storage');
    const { Session } = await import('./session');
    const bare = new Context({ store: new LocalStore(new MemoryArea()), session: new Session(new MemoryArea()), fetch: () => Promise.reject(new Error('x')), now: () => 0, manifest: { name: 'x', version: '0' }, browser: 'chrome', demoEndpoint: null });
    const none = await failure(bare.dataKey());
    expect([none.code, none.message]).toEqual(['NO_VAULT', 'Set a vault passphrase first, on the options page.']);
    const f = await fixture();
    await f.call('lock', {});
    const locked = await failure(f.service.context.dataKey());
    expect([locked.code, locked.message]).toEqual(['LOCKED', 'The vault is locked. Enter your passphrase to unlock it.']);
  });
});

describe('activeAccount', () => {
  it('none chosen, or chosen but gone: add one first', async () => {
    const f = await fixture();
    const none = await failure(f.service.context.activeAccount());
    expect([none.code, none.message]).toEqual(['NO_ACCOUNT', 'Add a Backblaze account on the options page first.']);
    await f.service.context.store.write(async (tx) => tx.set('activeAccountId', 'gone'));
    expect((await failure(f.service.context.activeAccount())).code).toBe('NO_ACCOUNT');
  });

  it('a damaged record is damage, naming the keyID it still names, or none', async () => {
    const f = await fixture();
    // No record at all names no keyID.
    expect(await f.service.context.storedKeyIdOf('acc1')).toBeNull();
    await f.addAccount('acc1', 'k1', 'secret');
    const ctx = f.service.context;
    const raw = () => JSON.parse(f.local.data.get('accounts')!) as Record<string, Record<string, unknown>>;
    f.local.data.set('accounts', JSON.stringify({ ...raw(), acc1: { ...raw()['acc1'], label: 5 } }));
    const damaged = await failure(ctx.activeAccount());
    expect(damaged.code).toBe('ACCOUNT_DAMAGED');
    expect(damaged.message).toContain('(keyID k1)');
    f.local.data.set('accounts', JSON.stringify({ acc1: { managingKeyId: 7 } }));
    expect((await failure(ctx.activeAccount())).message).not.toContain('(keyID');
    f.local.data.set('accounts', JSON.stringify({ acc1: 'text' }));
    expect((await failure(ctx.activeAccount())).message).not.toContain('(keyID');
    f.local.data.set('accounts', JSON.stringify({ acc1: null }));
    const nulled = await failure(ctx.activeAccount());
    expect([nulled.code, nulled.message.includes('(keyID')]).toEqual(['ACCOUNT_DAMAGED', false]);
    // The whole record of the wrong type: every account in it is damaged.
    f.local.data.set('accounts', JSON.stringify(['acc1']));
    const corrupt = await failure(ctx.activeAccount());
    expect([corrupt.code, corrupt.message.includes('(keyID')]).toEqual(['ACCOUNT_DAMAGED', false]);
    f.local.data.set('accounts', JSON.stringify(null));
    expect(await ctx.storedKeyIdOf('acc1')).toBeNull();
  });
});

describe('client', () => {
  it('is authorised once for concurrent callers and reused while the record is unchanged', async () => {
    const { f, calls } = await withFetch([authorizeReply()]);
    const account = await f.addAccount(ACCOUNT, 'k1', 'secret');
    const ctx = f.service.context;
    const [a, b] = await Promise.all([ctx.client(account), ctx.client(account)]);
    expect(a).toBe(b);
    expect(await ctx.client(account)).toBe(a);
    expect(calls()).toBe(1);
    // Another instance of the same record is the same record.
    expect(await ctx.client({ ...account })).toBe(a);
  });

  it('a record edited since is opened again (and refused when it no longer opens)', async () => {
    const { f } = await withFetch([authorizeReply()]);
    const account = await f.addAccount(ACCOUNT, 'k1', 'secret');
    const ctx = f.service.context;
    await ctx.client(account);
    for (const edit of [{ endpoint: 'https://evil.example' }, { managingKeyId: 'k2' }, { sealedKey: { ...account.sealedKey, iv: 'AAAAAAAAAAAAAAAA' } }, { sealedKey: { ...account.sealedKey, ct: account.sealedKey.ct.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) } }]) {
      expect((await failure(ctx.client({ ...account, ...edit }))).code).toBe('ACCOUNT_DAMAGED');
    }
  });

  it('after forgetClient or a lock a new client is made; a lock while it was being made refuses it', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const { f, calls } = await withFetch([authorizeReply({ token: 't1' }), async () => (await gate, authorizeReply({ token: 't2' }))]);
    const account = await f.addAccount(ACCOUNT, 'k1', 'secret');
    const ctx = f.service.context;
    const first = await ctx.client(account);
    ctx.forgetClient(ACCOUNT);
    const second = await ctx.client(account);
    expect(second).not.toBe(first);
    // The session kept the token: no second authorize.
    expect(calls()).toBe(1);
    await f.call('lock', {});
    expect((await failure(ctx.client(account))).code).toBe('LOCKED');
    await f.call('unlock', { passphrase: 'correct horse battery staple' });
    const pending = ctx.client(account);
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    ctx.forgetClients();
    release();
    const refused = await failure(pending);
    expect([refused.code, refused.message]).toEqual(['LOCKED', 'The vault was locked while B2 was being contacted. Unlock it and try again.']);
    expect(calls()).toBe(2);
  });

  it('a failed authorize is not kept: the next call tries again', async () => {
    const { f, calls } = await withFetch([b2Error(401, 'unauthorized'), authorizeReply()]);
    const account = await f.addAccount(ACCOUNT, 'k1', 'secret');
    const ctx = f.service.context;
    await expect(ctx.client(account)).rejects.toThrow();
    await ctx.client(account);
    expect(calls()).toBe(2);
  });
});

describe('authorizeWith', () => {
  it('waits between retries with the background’s own sleep', async () => {
    const fake = fakeFetch([b2Error(503, 'service_unavailable'), authorizeReply()]);
    const { sleep, delays } = recordingSleep();
    const f = await fixture({ fetch: fake.fetch, sleep });
    const auth = await f.service.context.authorizeWith('https://api.backblazeb2.com', { applicationKeyId: 'k1', applicationKey: 'secret' });
    expect(auth.accountId).toBe(ACCOUNT);
    expect([fake.calls.length, delays.length]).toEqual([2, 1]);
  });
});

describe('change log', () => {
  it('numbers changes, gives those after a point for one account, and keeps the last 500', () => {
    return (async () => {
      const f = await fixture();
      const ctx = f.service.context;
      expect(ctx.changeSeq()).toBe(0);
      ctx.recordChange('a', { kind: 'add', key: key('k1') });
      ctx.recordChange('b', { kind: 'delete', applicationKeyId: 'k2' });
      ctx.recordChange('a', { kind: 'delete', applicationKeyId: 'k3' });
      expect(ctx.changeSeq()).toBe(3);
      expect(ctx.changesSince('a', 0)).toEqual([{ kind: 'add', key: key('k1') }, { kind: 'delete', applicationKeyId: 'k3' }]);
      expect(ctx.changesSince('a', 1)).toEqual([{ kind: 'delete', applicationKeyId: 'k3' }]);
      expect(ctx.changesSince('a', 3)).toEqual([]);
      for (let i = 0; i < 600; i++) ctx.recordChange('c', { kind: 'delete', applicationKeyId: `d${i}` });
      const kept = ctx.changesSince('c', 0);
      expect(kept).toHaveLength(500);
      expect(kept[0]).toEqual({ kind: 'delete', applicationKeyId: 'd100' });
      expect(ctx.changesSince('a', 0)).toEqual([]);
      expect(ctx.changeSeq()).toBe(603);
    })();
  });
});
