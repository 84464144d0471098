/**
 * B2 serves the account from another server than the one its kept sign-in names (fault review 16): kept, the old
 * token failed every call until it aged out (23 hours), with a sentence sending the person to check an API endpoint
 * that was fine. The client now asks the endpoint again after such a failure and goes where it says.
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNT_ID, API_URL, authorizeReply, connectionRefused, keyJson } from '../b2/test-support';
import { fakeB2, fixture, withFault } from './test-support';

const MOVED = 'https://api005.backblazeb2.com';

describe('the account’s server moved while its sign-in was kept', () => {
  it('a refresh minutes later asks the endpoint again and lists from the new server; the next call goes there at once', async () => {
    const b2 = fakeB2();
    let moved = false;
    const { fetch, urls } = withFault(b2, (url) => {
      if (moved && url.startsWith(API_URL)) throw connectionRefused();
      return moved && url.endsWith('b2_authorize_account') ? authorizeReply({ apiUrl: MOVED, token: 'token-moved' }) : undefined;
    });
    const f = await fixture({ fetch });
    await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
    b2.keys = [keyJson('k-1')];
    await f.call('refreshKeys', {});
    b2.keys = [keyJson('k-1'), keyJson('k-2')];
    moved = true;
    f.clock.now += 2 * 60 * 1000;
    urls.length = 0;
    await f.call('refreshKeys', {});
    expect((await f.call('listKeys', {})).keys.map((k) => k.applicationKeyId)).toEqual(['k-1', 'k-2']);
    expect(urls.filter((u) => u.includes('b2_authorize_account'))).toHaveLength(1);
    expect(urls.some((u) => u.startsWith(`${MOVED}/b2api/v4/b2_list_keys`))).toBe(true);
    urls.length = 0;
    await f.call('refreshKeys', {});
    expect(urls.every((u) => u.startsWith(MOVED))).toBe(true);
  });

  it('a server that does not answer where the endpoint still sends the account is named, not the endpoint', async () => {
    const b2 = fakeB2();
    let down = false;
    const { fetch } = withFault(b2, (url) => {
      if (down && url.startsWith(API_URL)) throw connectionRefused();
      return undefined;
    });
    const f = await fixture({ fetch });
    await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
    await f.call('refreshKeys', {});
    down = true;
    f.clock.now += 2 * 60 * 1000;
    const e = await f.call('refreshKeys', {}).then(
      () => null,
      (x: Error) => x.message,
    );
    expect(e).toBe("api004.backblazeb2.com, the B2 server this account's calls go to, could not be reached. B2 may be having trouble there; try again in a little while.");
  });
});
