/**
 * b2_authorize_account answering for another accountId than the one the account is stored under (a proxy, an
 * emulator endpoint reset, a wrong endpoint): nothing is sent with that token. Before, the other account's keys were
 * written into this account's cache, and a Create New Key was made in the other account (fault review 16).
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNT_ID, keyJson } from '../b2/test-support';
import { fakeB2, fixture } from './test-support';

describe('authorize answers another accountId than stored', () => {
  it('refresh: the cache of the stored account does not take in another account’s keys', async () => {
    const b2 = fakeB2();
    const f = await fixture({ fetch: b2.fetch });
    // Stored as 'acc-stored'; the fake B2 authorizes as ACCOUNT_ID and lists that account's keys.
    await f.addAccount('acc-stored', 'k-manager', 'K-manager-secret');
    b2.keys = [keyJson('k-foreign', { keyName: 'foreign' })];
    let refused: unknown = null;
    try {
      await f.call('refreshKeys', {});
    } catch (e) {
      refused = e;
    }
    const listed = (await f.call('listKeys', {})).keys;
    // The refresh is refused, and nothing of account ACCOUNT_ID ends up in the list of 'acc-stored'.
    expect({ refused: refused !== null, listed: listed.map((k) => `${k.applicationKeyId} (${k.accountId})`) }).toEqual({ refused: true, listed: [] });
    expect((refused as Error).message).toMatch(new RegExp(`answered for another B2 account \\(${ACCOUNT_ID}\\) than this one \\(acc-stored\\), so nothing was sent to it or stored`));
  });

  it('create: the key is not made in an account other than the stored one', async () => {
    const b2 = fakeB2();
    const bodies: unknown[] = [];
    const orig = b2.fetch;
    b2.fetch = (async (u: RequestInfo | URL, init?: RequestInit) => {
      if (String(u).endsWith('b2_create_key')) bodies.push(JSON.parse(String(init?.body)));
      return orig(u, init);
    }) as typeof fetch;
    const f2 = await fixture({ fetch: b2.fetch });
    await f2.addAccount('acc-stored', 'k-manager', 'K-manager-secret');
    await f2.call('createKey', { keyName: 'reader', capabilities: ['readFiles'] }).catch(() => undefined);
    expect(bodies.map((b) => (b as { accountId: string }).accountId)).not.toContain(ACCOUNT_ID);
  });
});
