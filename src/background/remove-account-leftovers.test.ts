/**
 * Remove account leaves nothing of the account behind that nothing would ever read or remove: key-cache shards no
 * meta names (staged by a write that failed after them, or named by a damaged meta), the key filled last.
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNT_ID, keyJson } from '../b2/test-support';
import { keysMetaKey } from '../storage';
import { failure, fakeB2, fixture } from './test-support';

const accountItems = (all: Record<string, unknown>) => Object.keys(all).filter((k) => k.startsWith(`keys:${ACCOUNT_ID}`));

describe('removeAccount leaves no key-cache item behind', () => {
  it('shards staged by a refresh whose last storage call failed are removed with the account', async () => {
    const b2 = fakeB2();
    const f = await fixture({ fetch: b2.fetch });
    await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
    b2.keys = Array.from({ length: 1200 }, (_, i) => keyJson(`k-${String(i).padStart(5, '0')}`));
    // The write's last call (the meta that names the staged shards) is refused once: quota, or the browser closing.
    const set = f.local.set.bind(f.local);
    let refuse = true;
    f.local.set = async (items) => {
      if (refuse && keysMetaKey(ACCOUNT_ID) in items) {
        refuse = false;
        throw new Error('QUOTA_BYTES quota exceeded');
      }
      return set(items);
    };
    await failure(f.call('refreshKeys', {}));
    // The staged shards landed; nothing names them (the list as it was: empty).
    expect(accountItems(await f.local.get(null)).length).toBeGreaterThan(0);
    await f.call('removeAccount', { accountId: ACCOUNT_ID, keepSecrets: false, savedSecretCount: 0 });
    expect(accountItems(await f.local.get(null))).toEqual([]);
  });

  it('a damaged key-cache head does not make the removal keep the shards', async () => {
    const b2 = fakeB2();
    const f = await fixture({ fetch: b2.fetch });
    await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
    b2.keys = Array.from({ length: 1200 }, (_, i) => keyJson(`k-${String(i).padStart(5, '0')}`));
    await f.call('refreshKeys', {});
    await f.local.set({ [keysMetaKey(ACCOUNT_ID)]: 'damaged' });
    // A fresh background over this storage (the running one keeps key-cache items it read).
    const g = await fixture({ fetch: b2.fetch });
    for (const [k, v] of Object.entries(await f.local.get(null))) if (k !== 'vault') await g.local.set({ [k]: v });
    await g.local.set({ vault: (await f.local.get('vault')).vault });
    await g.service.context.session.unlocked((await f.sessionArea.get('dataKey')).dataKey as string, g.clock.now);
    await g.call('removeAccount', { accountId: ACCOUNT_ID, keepSecrets: false, savedSecretCount: 0 });
    expect(accountItems(await g.local.get(null))).toEqual([]);
  });
});

describe('removeAccount and the key filled last', () => {
  it('forgets lastFill when it names the removed account', async () => {
    const f = await fixture();
    await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
    await f.addAccount('other', 'k-other', 'K-other');
    await f.service.context.store.write(async (tx) => tx.set('lastFill', { accountId: ACCOUNT_ID, applicationKeyId: 'k-filled' }));
    await f.call('removeAccount', { accountId: ACCOUNT_ID, keepSecrets: false, savedSecretCount: 0 });
    // Re-added later, the keyboard command would fill that old keyID again (fill-methods.ts never writes one for a
    // removed account either).
    expect((await f.local.get('lastFill'))['lastFill']).toBeNull();
    // Another account's stays.
    await f.service.context.store.write(async (tx) => tx.set('lastFill', { accountId: 'other', applicationKeyId: 'k-o' }));
    await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
    await f.call('removeAccount', { accountId: ACCOUNT_ID, keepSecrets: false, savedSecretCount: 0 });
    expect((await f.local.get('lastFill'))['lastFill']).toEqual({ accountId: 'other', applicationKeyId: 'k-o' });
  });
});
