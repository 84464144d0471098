/**
 * Delete Key sent with an account the key is not in (the hygiene report's rows of one account while another was made
 * active): B2 answers "does not exist" for another account's keyID, which was taken for "already deleted" and reported
 * as done, while the key stayed in B2 (found by fault review 10). Only a key this account is known to have had is
 * finished locally on that answer.
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNT_ID, b2Error, keyJson } from '../b2/test-support';
import { secretsKey } from '../storage';
import { sealSecret } from '../vault';
import { failure, fakeB2, fixture } from './test-support';

const doesNotExist = () => b2Error(400, 'bad_request', 'application key does not exist: k-x');

describe('deleteKey answered "does not exist"', () => {
  it('a keyID this account never had: refused, nothing said deleted', async () => {
    const b2 = fakeB2();
    const f = await fixture({ fetch: b2.fetch });
    await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
    b2.deletes.push(doesNotExist());
    const e = await failure(f.call('deleteKey', { applicationKeyId: 'k-x', accountId: ACCOUNT_ID, keyName: 'other' }));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toMatch(/^B2 has no key with keyID k-x in the account “Account .+”, and it is not in that account’s list here either, so nothing was deleted\./);
  });

  it('a key in the list, or known only by its saved applicationKey (deleted in B2 elsewhere): finished here', async () => {
    const b2 = fakeB2();
    const f = await fixture({ fetch: b2.fetch });
    await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
    b2.keys = [keyJson('k-listed', { keyName: 'listed' })];
    await f.call('refreshKeys', {});
    b2.deletes.push(doesNotExist());
    expect(await f.call('deleteKey', { applicationKeyId: 'k-listed', accountId: ACCOUNT_ID, keyName: 'listed' })).toEqual({});
    expect((await f.call('listKeys', {})).keys).toEqual([]);
    const dataKey = await f.service.context.dataKey();
    await f.local.set({ [secretsKey(ACCOUNT_ID)]: { 'k-saved': { sealed: await sealSecret(dataKey, { accountId: ACCOUNT_ID, applicationKeyId: 'k-saved' }, 'S'), keyName: 'saved', savedAt: 1 } } });
    b2.deletes.push(doesNotExist());
    expect(await f.call('deleteKey', { applicationKeyId: 'k-saved', accountId: ACCOUNT_ID, keyName: 'saved' })).toEqual({});
    expect((await f.local.get(secretsKey(ACCOUNT_ID)))[secretsKey(ACCOUNT_ID)]).toEqual({});
  });
});
