/**
 * The account's key replaced on the options page (Add account with a new keyID, "Replace") while a call for the
 * account was still authorizing with the old key. That authorization lands after the new key's token; when session
 * tokens named no keyID it was stored over it, and every later client of the account started from the old key's
 * token: calls were made as the old key, with its capabilities, until that token expired (up to a day) or the vault
 * locked. Tokens are kept per keyID since (session.ts token()). Found by fault review 10. And per endpoint: an import
 * that moved the account to another endpoint kept the first endpoint's token, with that endpoint's apiUrl, so calls
 * went where the account no longer said (fault review 11).
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNT_ID, authorizeReply, json } from '../b2/test-support';
import { encryptBackup } from '../vault/backup';
import { fixture } from './test-support';

describe('a managing key replaced while the old one was authorizing', () => {
  it('later calls use the new key\'s token, not the old one\'s', async () => {
    let releaseOld!: () => void;
    const oldGate = new Promise<void>((r) => (releaseOld = r));
    const tokensUsed: string[] = [];
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      const call = url.slice(url.lastIndexOf('/') + 1);
      const headers = new Headers(init?.headers);
      if (call === 'b2_authorize_account') {
        const [id] = atob(headers.get('authorization')!.replace(/^Basic /, '')).split(':');
        if (id === 'k-old') {
          await oldGate;
          // The old key: no writeKeys (why the person replaced it).
          return authorizeReply({ token: 'token-old', capabilities: ['listKeys', 'deleteKeys', 'listBuckets'] });
        }
        return authorizeReply({ token: 'token-new' });
      }
      tokensUsed.push(headers.get('authorization') ?? '');
      if (call === 'b2_list_buckets') return json({ buckets: [] });
      throw new Error(`no ${call}`);
    }) as typeof globalThis.fetch;
    const f = await fixture({ fetch });
    await f.addAccount(ACCOUNT_ID, 'k-old', 'K-old-secret', { capabilities: ['listKeys', 'deleteKeys', 'listBuckets'] });
    // The popup asks for the buckets: the first B2 call of this background for the account, authorizing k-old.
    const first = f.call('listBuckets', { refresh: true, accountId: ACCOUNT_ID });
    await new Promise((r) => setTimeout(r, 20));
    // Meanwhile the options page replaces the account's key with k-new (B2 accepts it).
    await f.call('addAccount', { applicationKeyId: 'k-new', applicationKey: 'K-new-secret', replaceKeyId: 'k-old' } as never);
    releaseOld();
    await first;
    tokensUsed.length = 0;
    await f.call('listBuckets', { refresh: true, accountId: ACCOUNT_ID });
    expect(tokensUsed).toEqual(['token-new']);
  });
});

const OLD = 'https://api.backblazeb2.com';
const NEW = 'http://127.0.0.1:8123';
const PASS = 'the backup passphrase';

describe('an account moved to another endpoint by an import (fault review 11)', () => {
  it('is then called at the new endpoint, not with the old endpoint\'s token at its apiUrl', async () => {
    const origins: string[] = [];
    const fetch = (async (input: RequestInfo | URL) => {
      const url = new URL(String(input));
      const call = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
      origins.push(`${url.origin} ${call}`);
      // Each endpoint's authorize names itself as the apiUrl (as an emulator or a proxy does).
      if (call === 'b2_authorize_account') return authorizeReply({ apiUrl: url.origin === OLD ? 'https://api004.backblazeb2.com' : url.origin, token: `token@${url.origin}` });
      if (call === 'b2_list_buckets') return json({ buckets: [] });
      throw new Error(`no ${call}`);
    }) as typeof globalThis.fetch;
    const f = await fixture({ fetch });
    await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret', { endpoint: OLD });
    await f.call('listBuckets', { refresh: true, accountId: ACCOUNT_ID });
    // The person's own backup has the account at the emulator's endpoint; they choose "Replace" on the conflict.
    const contents = await encryptBackup(
      {
        v: 1,
        exportedAt: 1,
        accounts: [{ accountId: ACCOUNT_ID, label: 'file', endpoint: NEW, managingKeyId: 'k-manager', applicationKey: 'K-manager-secret', capabilities: ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets'], bucketRestriction: null, namePrefix: null, s3ApiUrl: null, addedAt: 3 }],
        secrets: [],
        lost: [],
      },
      PASS,
      { iterations: 1000 },
    );
    const done = await f.call('importBackup', { contents, passphrase: PASS, apply: true, onConflict: 'replace', confirmedEndpoints: [NEW] });
    expect(done.replaced).toBe(1);
    expect((await f.service.context.store.accounts())[ACCOUNT_ID]!.endpoint).toBe(NEW);
    origins.length = 0;
    await f.call('listBuckets', { refresh: true, accountId: ACCOUNT_ID });
    // Every call of the account goes where the account now says.
    expect(origins).toEqual([`${NEW} b2_authorize_account`, `${NEW} b2_list_buckets`]);
  });
});
