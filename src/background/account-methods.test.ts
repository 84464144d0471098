/**
 * Account methods that need no B2 (list, choose, remove, confirm an endpoint) and the account checks of
 * account-integrity.ts, in Node over in-memory storage; and adding an account over what is stored, over a fake
 * B2. Adding an account as a whole is tested against the emulator in test/integration/account-trust.test.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import { checksKey, DEFAULT_ENDPOINT, lostKey, notesKey, secretsKey, usageKey, type StoredAccount } from '../storage';
import { openSecret, sealSecret } from '../vault';
import { accountView, savedSecretsMark } from './account-methods';
import { accountProblem, isBuiltInEndpoint, managingKeyBinding, OPENED_MAX, openManagingKey, peekManagingKey } from './account-integrity';
import { ACCOUNT_ID, authorizeReply, fakeFetch, text } from '../b2/test-support';
import { failure, fakeB2, fixture, TEST_PASSPHRASE } from './test-support';

describe('accountView', () => {
  it('names the master key and the key-management capabilities a key lacks', async () => {
    const f = await fixture();
    const master = await f.addAccount('acc1', 'acc1', 'K-master', { capabilities: ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets', 'readFiles'] });
    expect(accountView(master, 3)).toMatchObject({ isMasterKey: true, missingCapabilities: [], savedSecretCount: 3, problem: null });
    const limited = await f.addAccount('acc2', 'key2', 'K-two', { capabilities: ['listKeys', 'readFiles'] });
    expect(accountView(limited, 0)).toMatchObject({ accountId: 'acc2', managingKeyId: 'key2', isMasterKey: false, missingCapabilities: ['writeKeys', 'deleteKeys', 'listBuckets'] });
  });
});

describe('listAccounts', () => {
  it('lists accounts in the order they were added, with the active one, saved-secret counts and each one’s problem', async () => {
    const f = await fixture();
    await f.addAccount('late', 'k-late', 'K-late', { addedAt: 300 });
    await f.addAccount('early', 'k-early', 'K-early', { addedAt: 100 });
    // Sealed for another endpoint: as if the endpoint had been edited at rest.
    await f.addAccount('edited', 'k-edited', 'K-edited', { addedAt: 200, endpoint: 'https://evil.example' }, { endpoint: DEFAULT_ENDPOINT });
    await f.local.set({ [secretsKey('early')]: { a: { sealed: await sealSecret(await f.service.context.dataKey(), { accountId: 'early', applicationKeyId: 'a' }, 'x'), keyName: 'a', savedAt: 1 } } });
    const list = await f.call('listAccounts', {});
    expect(list.accounts.map((a) => a.accountId)).toEqual(['early', 'edited', 'late']);
    expect(list.activeAccountId).toBe('late');
    expect(list.accounts.map((a) => a.savedSecretCount)).toEqual([1, 0, 0]);
    expect(list.accounts.map((a) => a.problem?.code ?? null)).toEqual([null, 'ACCOUNT_DAMAGED', null]);
    expect(list.accounts[1]!.problem!.message).toMatch(/keyID k-edited/);
    expect(list).not.toHaveProperty('problems');
  });

  it('a damaged entry that names no keyID is still reported, with the whole explanation', async () => {
    const f = await fixture();
    await f.local.set({ accounts: { broken: { accountId: 'broken', managingKeyId: 42 } } });
    const list = await f.call('listAccounts', {});
    expect(list.problems).toEqual([
      'Account broken: This account’s key is damaged: the account’s stored settings (API endpoint, keyID or the saved key) were changed outside B2 Key Manager, so the key was not used and nothing was sent to B2. Add the account again on the options page with its keyID and applicationKey; the saved secrets of its keys are kept.',
    ]);
  });

  it('a locked vault reports no problem (nothing can be checked), a damaged entry is named, and a damaged list says so', async () => {
    const f = await fixture();
    await f.addAccount('edited', 'k-edited', 'K-edited', { endpoint: 'https://evil.example' }, { endpoint: DEFAULT_ENDPOINT });
    await f.service.lock();
    expect((await f.call('listAccounts', {})).accounts[0]!.problem).toBeNull();
    const accounts = (await f.local.get('accounts')).accounts as Record<string, unknown>;
    await f.local.set({ accounts: { ...accounts, broken: { accountId: 'broken', managingKeyId: 'k-broken' } } });
    const list = await f.call('listAccounts', {});
    expect(list.accounts.map((a) => a.accountId)).toEqual(['edited']);
    expect(list.problems).toEqual([expect.stringMatching(/^Account broken: This account’s key \(keyID k-broken\) is damaged/)]);
    await f.local.set({ accounts: 'not an object' });
    const corrupt = await f.call('listAccounts', {});
    expect(corrupt.accounts).toEqual([]);
    expect(corrupt.problems).toEqual([expect.stringMatching(/^The stored list of accounts is damaged/)]);
  });
});

describe('listAccounts: reads and seal checks', () => {
  it('asks for the active account in the same storage call as the accounts, then for the saved secrets', async () => {
    const f = await fixture();
    await f.addAccount('a1', 'k1', 'K1');
    const get = vi.spyOn(f.local, 'get');
    await f.call('listAccounts', {});
    const calls = get.mock.calls.map(([keys]) => [keys ?? []].flat().sort());
    expect(calls[0]).toEqual(expect.arrayContaining(['accounts', 'activeAccountId']));
    expect(calls.slice(1).flat()).not.toContain('activeAccountId');
  });

  it('opens each account’s seal once while unlocked; a lock and unlock opens it again', async () => {
    const f = await fixture();
    await f.addAccount('a1', 'k1', 'K1');
    await f.addAccount('a2', 'k2', 'K2');
    const decrypt = vi.spyOn(globalThis.crypto.subtle, 'decrypt');
    try {
      await f.call('listAccounts', {});
      expect(decrypt).toHaveBeenCalledTimes(2);
      await f.call('listAccounts', {});
      expect(decrypt).toHaveBeenCalledTimes(2);
      await f.call('lock', {});
      await f.call('unlock', { passphrase: TEST_PASSPHRASE });
      decrypt.mockClear();
      expect((await f.call('listAccounts', {})).accounts.map((a) => a.problem)).toEqual([null, null]);
      expect(decrypt).toHaveBeenCalledTimes(2);
    } finally {
      decrypt.mockRestore();
    }
  });

  it('remembers at most OPENED_MAX seals per vault key, then starts over', async () => {
    const f = await fixture();
    const ctx = f.service.context;
    const dataKey = await ctx.dataKey();
    const accounts = await Promise.all(
      Array.from({ length: OPENED_MAX + 1 }, async (_, i) => {
        const base = { accountId: `acc${i}`, managingKeyId: `k${i}`, endpoint: DEFAULT_ENDPOINT };
        return { ...base, label: '', capabilities: [], bucketRestriction: null, namePrefix: null, s3ApiUrl: null, addedAt: 1, sealedKey: await sealSecret(dataKey, managingKeyBinding(base), `K${i}`) } satisfies StoredAccount;
      }),
    );
    const decrypt = vi.spyOn(globalThis.crypto.subtle, 'decrypt');
    try {
      for (const a of accounts.slice(0, OPENED_MAX)) expect(await accountProblem(ctx, a)).toBeNull();
      expect(await accountProblem(ctx, accounts[0]!)).toBeNull();
      expect(decrypt).toHaveBeenCalledTimes(OPENED_MAX);
      // One more: the remembered seals are dropped, so the first is opened again.
      expect(await accountProblem(ctx, accounts[OPENED_MAX]!)).toBeNull();
      expect(await accountProblem(ctx, accounts[0]!)).toBeNull();
      expect(decrypt).toHaveBeenCalledTimes(OPENED_MAX + 2);
    } finally {
      decrypt.mockRestore();
    }
  });

  it('an account checked once is reported damaged as soon as its stored endpoint, keyID or seal is edited', async () => {
    const f = await fixture();
    const a1 = await f.addAccount('a1', 'k1', 'K1');
    const a2 = await f.addAccount('a2', 'k2', 'K2');
    expect((await f.call('listAccounts', {})).accounts.map((a) => a.problem)).toEqual([null, null]);
    const edits: Partial<StoredAccount>[] = [{ endpoint: 'https://evil.example' }, { managingKeyId: 'k-other' }, { sealedKey: a2.sealedKey }];
    for (const edit of edits) {
      await f.local.set({ accounts: { a1: { ...a1, ...edit }, a2 } });
      const list = await f.call('listAccounts', {});
      expect(list.accounts.map((a) => a.problem?.code ?? null)).toEqual(['ACCOUNT_DAMAGED', null]);
    }
    // Put back as it was: it opens again, and is fine.
    await f.local.set({ accounts: { a1, a2 } });
    expect((await f.call('listAccounts', {})).accounts.map((a) => a.problem)).toEqual([null, null]);
  });
});

describe('setActiveAccount', () => {
  it('switches to a listed account and refuses one that is not listed', async () => {
    const f = await fixture();
    await f.addAccount('a1', 'k1', 'K1');
    await f.addAccount('a2', 'k2', 'K2');
    expect(await f.service.context.store.get('activeAccountId')).toBe('a1');
    await f.call('setActiveAccount', { accountId: 'a2' });
    expect(await f.service.context.store.get('activeAccountId')).toBe('a2');
    const e = await failure(f.call('setActiveAccount', { accountId: 'gone' }));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toBe('That account is no longer in the list. Reopen the options page.');
    expect(await f.service.context.store.get('activeAccountId')).toBe('a2');
  });
});

describe('removeAccount', () => {
  async function withData() {
    const f = await fixture();
    await f.addAccount('a1', 'k1', 'K1', { addedAt: 1 });
    await f.addAccount('a2', 'k2', 'K2', { addedAt: 2 });
    for (const id of ['a1', 'a2']) await f.local.set({ [secretsKey(id)]: {}, [notesKey(id)]: {}, [lostKey(id)]: {}, [usageKey(id)]: {}, [checksKey(id)]: {} });
    await f.service.context.session.setToken('a1', 'k1', DEFAULT_ENDPOINT, { accountId: 'a1', authorizationToken: 't1' } as never);
    await f.service.context.session.setToken('a2', 'k2', DEFAULT_ENDPOINT, { accountId: 'a2', authorizationToken: 't2' } as never);
    return f;
  }
  const itemsOf = (f: Awaited<ReturnType<typeof withData>>, id: string) => [...f.local.data.keys()].filter((k) => k.endsWith(`:${id}`) || k.includes(`:${id}:`)).sort();

  it('removes the account with its saved secrets, notes, lost flags, where-used and checks; the next account becomes active', async () => {
    const f = await withData();
    await f.call('removeAccount', { accountId: 'a1', keepSecrets: false, savedSecretCount: 0 });
    expect(Object.keys((await f.local.get('accounts')).accounts as object)).toEqual(['a2']);
    expect(itemsOf(f, 'a1')).toEqual([]);
    expect(itemsOf(f, 'a2')).toEqual([checksKey('a2'), lostKey('a2'), notesKey('a2'), secretsKey('a2'), usageKey('a2')].sort());
    expect(await f.service.context.store.get('activeAccountId')).toBe('a2');
    expect(await f.service.context.session.token('a1', 'k1', DEFAULT_ENDPOINT)).toBeUndefined();
    expect(await f.service.context.session.token('a2', 'k2', DEFAULT_ENDPOINT)).toEqual({ accountId: 'a2', authorizationToken: 't2' });
  });

  it('keepSecrets keeps the saved secrets (with the account’s own key) and their notes only; removing an account that is not active keeps the active one', async () => {
    const f = await withData();
    await f.call('removeAccount', { accountId: 'a2', keepSecrets: true });
    expect(itemsOf(f, 'a2')).toEqual([notesKey('a2'), secretsKey('a2')].sort());
    expect(await f.service.context.store.get('activeAccountId')).toBe('a1');
    await f.call('removeAccount', { accountId: 'a1', keepSecrets: false, savedSecretCount: 0 });
    expect(await f.service.context.store.get('activeAccountId')).toBeNull();
  });

  it('keepSecrets keeps the account’s own key as its keyID’s saved secret, not over one saved already; dropping keeps nothing', async () => {
    const f = await withData();
    const dataKey = await f.service.context.dataKey();
    await f.call('removeAccount', { accountId: 'a2', keepSecrets: true });
    const kept = ((await f.local.get(secretsKey('a2')))[secretsKey('a2')] ?? {}) as Record<string, { sealed: string; keyName: string }>;
    expect(Object.keys(kept)).toEqual(['k2']);
    expect(await openSecret(dataKey, { accountId: 'a2', applicationKeyId: 'k2' }, kept.k2!.sealed as never)).toBe('K2');
    // A master key is named as one.
    await f.addAccount('m', 'm', 'K-master');
    await f.call('removeAccount', { accountId: 'm', keepSecrets: true });
    expect(((await f.local.get(secretsKey('m')))[secretsKey('m')] as Record<string, { keyName: string }>).m!.keyName).toBe('Master application key');
    // A secret already saved under the keyID stays as it was.
    const saved = { sealed: await sealSecret(dataKey, { accountId: 'a1', applicationKeyId: 'k1' }, 'K1-saved'), keyName: 'mine', savedAt: 5 };
    await f.local.set({ [secretsKey('a1')]: { k1: saved } });
    await f.call('removeAccount', { accountId: 'a1', keepSecrets: true });
    expect((await f.local.get(secretsKey('a1')))[secretsKey('a1')]).toEqual({ k1: saved });
  });

  it('dropping the saved secrets keeps no copy of the account’s own key', async () => {
    const f = await withData();
    await f.call('removeAccount', { accountId: 'a2', keepSecrets: false, savedSecretCount: 0 });
    expect(await f.local.get(secretsKey('a2'))).toEqual({});
  });

  it('removing an account that is not the active one leaves the active one as it is', async () => {
    const f = await withData();
    await f.addAccount('a3', 'k3', 'K3', { addedAt: 3 });
    await f.call('setActiveAccount', { accountId: 'a2' });
    await f.call('removeAccount', { accountId: 'a3', keepSecrets: false, savedSecretCount: 0 });
    expect(await f.service.context.store.get('activeAccountId')).toBe('a2');
  });

  it('is done once the account is gone from disk, even when the session refuses to drop its token', async () => {
    const f = await withData();
    f.sessionArea.set = () => Promise.reject(new Error('session storage refused'));
    await expect(f.call('removeAccount', { accountId: 'a1', keepSecrets: false, savedSecretCount: 0 })).resolves.toEqual({});
    expect(Object.keys((await f.local.get('accounts')).accounts as object)).toEqual(['a2']);
  });

  it('deleting the saved applicationKeys is refused when more were saved since the page showed the count; nothing is removed then', async () => {
    const f = await withData();
    const shown = (await f.call('listAccounts', {})).accounts.find((a) => a.accountId === 'a1')!.savedSecretCount;
    expect(shown).toBe(0);
    // Meanwhile, in the popup: two keys made, their applicationKeys saved.
    const dataKey = await f.service.context.dataKey();
    const saved = async (id: string) => ({ sealed: await sealSecret(dataKey, { accountId: 'a1', applicationKeyId: id }, `K-${id}`), keyName: id, savedAt: 5 });
    await f.local.set({ [secretsKey('a1')]: { n1: await saved('n1'), n2: await saved('n2') } });
    const before = JSON.stringify([...f.local.data]);
    const refused = await failure(f.call('removeAccount', { accountId: 'a1', keepSecrets: false, savedSecretCount: shown }));
    expect([refused.code, refused.message]).toEqual(['CHANGED_MEANWHILE', '2 applicationKeys were saved for this account since this page showed it; look again before removing it. Nothing was removed.']);
    expect(JSON.stringify([...f.local.data])).toBe(before);
    // Fewer than shown (deleted meanwhile): looked at again all the same.
    expect((await failure(f.call('removeAccount', { accountId: 'a1', keepSecrets: false, savedSecretCount: 3 }))).message).toBe(
      'This account has 2 applicationKeys saved now, not 3 as this page showed; look again before removing it. Nothing was removed.',
    );
    // The page read again and shows 2: the person's yes covers them.
    await f.call('removeAccount', { accountId: 'a1', keepSecrets: false, savedSecretCount: (await f.call('listAccounts', {})).accounts[0]!.savedSecretCount });
    expect(itemsOf(f, 'a1')).toEqual([]);
  });

  it('names a set of keyIDs in 16 hex digits, whatever their order, and tells apart sets whose joined text is the same', async () => {
    expect(await savedSecretsMark(['k1', 'k2'])).toBe(await savedSecretsMark(['k2', 'k1']));
    expect(await savedSecretsMark(['ab', 'c'])).not.toBe(await savedSecretsMark(['a', 'bc']));
    for (let i = 0; i < 40; i++) expect(await savedSecretsMark([`k${i}`])).toMatch(/^[0-9a-f]{16}$/);
  });

  it('refused when as many were saved as deleted since: the page names which keyIDs, not only how many', async () => {
    const f = await withData();
    const dataKey = await f.service.context.dataKey();
    const saved = async (id: string) => ({ sealed: await sealSecret(dataKey, { accountId: 'a1', applicationKeyId: id }, `K-${id}`), keyName: id, savedAt: 5 });
    await f.local.set({ [secretsKey('a1')]: { n1: await saved('n1') } });
    const shown = (await f.call('listAccounts', {})).accounts.find((a) => a.accountId === 'a1')!;
    expect([shown.savedSecretCount, shown.savedSecretsMark]).toEqual([1, expect.stringMatching(/^[0-9a-f]{16}$/)]);
    // Meanwhile: n1 deleted, n2 made and saved. Still one.
    await f.local.set({ [secretsKey('a1')]: { n2: await saved('n2') } });
    const before = JSON.stringify([...f.local.data]);
    const refused = await failure(f.call('removeAccount', { accountId: 'a1', keepSecrets: false, savedSecretCount: 1, savedSecretsMark: shown.savedSecretsMark }));
    expect([refused.code, refused.message]).toEqual([
      'CHANGED_MEANWHILE',
      'The applicationKeys saved for this account changed since this page showed them (as many saved as deleted); look again before removing it. Nothing was removed.',
    ]);
    expect(JSON.stringify([...f.local.data])).toBe(before);
    const again = (await f.call('listAccounts', {})).accounts.find((a) => a.accountId === 'a1')!;
    expect(again.savedSecretsMark).not.toBe(shown.savedSecretsMark);
    await f.call('removeAccount', { accountId: 'a1', keepSecrets: false, savedSecretCount: 1, savedSecretsMark: again.savedSecretsMark });
    expect(itemsOf(f, 'a1')).toEqual([]);
  });

  it('keeping the saved applicationKeys needs no count: nothing is deleted', async () => {
    const f = await withData();
    await f.local.set({ [secretsKey('a2')]: { n1: { sealed: await sealSecret(await f.service.context.dataKey(), { accountId: 'a2', applicationKeyId: 'n1' }, 'K'), keyName: 'n1', savedAt: 5 } } });
    await f.call('removeAccount', { accountId: 'a2', keepSecrets: true });
    expect(Object.keys((await f.local.get(secretsKey('a2')))[secretsKey('a2')] as object).sort()).toEqual(['k2', 'n1']);
  });

  it('needs the vault unlocked, and refuses an account that is not listed; nothing is removed then', async () => {
    const f = await withData();
    const before = JSON.stringify([...f.local.data]);
    const gone = await failure(f.call('removeAccount', { accountId: 'gone', keepSecrets: false, savedSecretCount: 0 }));
    expect(gone.code).toBe('NOT_FOUND');
    expect(gone.message).toBe('That account is no longer in the list.');
    await f.service.lock();
    expect((await failure(f.call('removeAccount', { accountId: 'a1', keepSecrets: false, savedSecretCount: 0 }))).code).toBe('LOCKED');
    expect(JSON.stringify([...f.local.data])).toBe(before);
  });
});

describe('format-1 accounts (sealed without the endpoint)', () => {
  async function legacy(endpoint: string, demoEndpoint: string | null = null) {
    const f = await fixture({ demoEndpoint });
    const account = await f.addAccount('old', 'k-old', 'K-old-secret', { endpoint });
    const sealedKey = await sealSecret(await f.service.context.dataKey(), { accountId: 'old', applicationKeyId: 'k-old', purpose: 'legacyAccountKey' }, 'K-old-secret');
    await f.service.context.store.write(async (tx) => tx.putAccount({ ...account, sealedKey, needsRebind: true }));
    return f;
  }
  const stored = async (f: Awaited<ReturnType<typeof legacy>>) => ((await f.local.get('accounts')).accounts as Record<string, { needsRebind?: boolean }>)['old']!;

  it('at another endpoint: reported unconfirmed, not used, until the person confirms the endpoint the page showed', async () => {
    const f = await legacy('https://proxy.example');
    const problem = (await f.call('listAccounts', {})).accounts[0]!.problem;
    expect(problem).toEqual({ code: 'ENDPOINT_UNCONFIRMED', message: expect.stringContaining('(https://proxy.example)') });
    expect((await failure(f.call('revealSecret', { applicationKeyId: 'k-old' }))).code).toBe('ENDPOINT_UNCONFIRMED');
    // Unlocking does not re-bind it without asking.
    await f.service.lock();
    await f.call('unlock', { passphrase: TEST_PASSPHRASE });
    expect((await stored(f)).needsRebind).toBe(true);
    expect((await failure(f.call('confirmAccountEndpoint', { accountId: 'old', endpoint: 'https://other.example' }))).code).toBe('ENDPOINT_UNCONFIRMED');
    expect((await failure(f.call('confirmAccountEndpoint', { accountId: 'nobody', endpoint: 'https://proxy.example' }))).code).toBe('NOT_FOUND');
    expect((await stored(f)).needsRebind).toBe(true);
    const view = await f.call('confirmAccountEndpoint', { accountId: 'old', endpoint: 'https://proxy.example' });
    expect(view.problem).toBeNull();
    expect((await stored(f)).needsRebind).toBeUndefined();
    expect((await f.call('revealSecret', { applicationKeyId: 'k-old' })).applicationKey).toBe('K-old-secret');
  });

  it('at plain http to another computer: reported unusable, no "Confirm", and the key is never opened or sent', async () => {
    const f = await legacy('http://b2.example.net');
    const problem = (await f.call('listAccounts', {})).accounts[0]!.problem;
    expect(problem).toEqual({ code: 'ACCOUNT_DAMAGED', message: expect.stringMatching(/^This account’s API endpoint \(http:\/\/b2\.example\.net\) cannot be used: Only https addresses/) });
    const refused = await failure(f.call('confirmAccountEndpoint', { accountId: 'old', endpoint: 'http://b2.example.net' }));
    expect(refused.code).toBe('ACCOUNT_DAMAGED');
    const read = ((await f.local.get('accounts')).accounts as Record<string, StoredAccount>)['old']!;
    expect((await failure(openManagingKey(f.service.context, read))).code).toBe('ACCOUNT_DAMAGED');
    expect(await stored(f)).toMatchObject({ needsRebind: true });
  });

  it('a re-seal never writes over a record that changed since it was read, nor brings back a removed one', async () => {
    const f = await legacy(DEFAULT_ENDPOINT);
    const read = ((await f.local.get('accounts')).accounts as Record<string, StoredAccount>)['old']!;
    // Changed meanwhile (here: the label): the key opens, but the newer record is left as it is.
    await f.service.context.store.write(async (tx) => tx.putAccount({ ...read, label: 'Renamed' }));
    expect(await openManagingKey(f.service.context, read)).toBe('K-old-secret');
    expect(await stored(f)).toMatchObject({ label: 'Renamed', needsRebind: true });
    // Removed meanwhile: not written back.
    await f.call('removeAccount', { accountId: 'old', keepSecrets: false, savedSecretCount: 0 });
    expect(await openManagingKey(f.service.context, read)).toBe('K-old-secret');
    expect((await f.local.get('accounts')).accounts).toEqual({});
  });

  it('peekManagingKey opens a current or (when flagged) a format-1 seal, and answers null for anything else', async () => {
    const f = await legacy('https://proxy.example');
    const dataKey = await f.service.context.dataKey();
    const old = ((await f.local.get('accounts')).accounts as Record<string, StoredAccount>)['old']!;
    expect(await peekManagingKey(dataKey, old)).toBe('K-old-secret');
    const { needsRebind: _flag, ...unflagged } = old;
    expect(await peekManagingKey(dataKey, unflagged)).toBeNull();
    const current = await f.addAccount('cur', 'k-cur', 'K-cur');
    expect(await peekManagingKey(dataKey, current)).toBe('K-cur');
    expect(await peekManagingKey(dataKey, { ...current, endpoint: 'https://evil.example' })).toBeNull();
  });

  it('at Backblaze’s own endpoint: no problem reported, and re-sealed at unlock', async () => {
    const f = await legacy(DEFAULT_ENDPOINT);
    expect((await f.call('listAccounts', {})).accounts[0]!.problem).toBeNull();
    await f.service.lock();
    await f.call('unlock', { passphrase: TEST_PASSPHRASE });
    expect((await stored(f)).needsRebind).toBeUndefined();
  });

  it('at the demo build’s endpoint: also built in, but only in the demo build', async () => {
    expect(isBuiltInEndpoint('http://127.0.0.1:8787', 'http://127.0.0.1:8787')).toBe(true);
    expect(isBuiltInEndpoint('http://127.0.0.1:8787', null)).toBe(false);
    expect(isBuiltInEndpoint('http://127.0.0.1:8787', 'http://127.0.0.1:9999')).toBe(false);
    expect(isBuiltInEndpoint(DEFAULT_ENDPOINT, null)).toBe(true);
    const f = await legacy('http://127.0.0.1:8787', 'http://127.0.0.1:8787');
    await f.service.lock();
    await f.call('unlock', { passphrase: TEST_PASSPHRASE });
    expect((await stored(f)).needsRebind).toBeUndefined();
  });

  it('a format-1 seal without the flag (an old copy replayed, flag dropped) is damaged, not a question about the endpoint', async () => {
    const f = await legacy('https://proxy.example');
    const account = ((await f.local.get('accounts')).accounts as Record<string, StoredAccount>)['old']!;
    const { needsRebind: _flag, ...unflagged } = account;
    await f.service.context.store.write(async (tx) => tx.putAccount(unflagged));
    expect((await failure(f.call('revealSecret', { applicationKeyId: 'k-old' }))).code).toBe('ACCOUNT_DAMAGED');
    expect((await failure(openManagingKey(f.service.context, unflagged))).code).toBe('ACCOUNT_DAMAGED');
    expect((await f.call('listAccounts', {})).accounts[0]!.problem?.code).toBe('ACCOUNT_DAMAGED');
  });

  it('the endpoint question and its refusals say what to do', async () => {
    const f = await legacy('https://proxy.example');
    expect((await failure(f.call('confirmAccountEndpoint', { accountId: 'nobody', endpoint: 'https://proxy.example' }))).message).toBe('That account is no longer in the list. Reopen the options page.');
    expect((await failure(f.call('confirmAccountEndpoint', { accountId: 'old', endpoint: 'https://x.example' }))).message).toBe(
      'This account’s API endpoint changed since the page showed it. Reload the options page and check it again.',
    );
  });

  it('a flag on a record sealed by this version buys nothing: still damaged', async () => {
    const f = await fixture();
    const account = await f.addAccount('cur', 'k-cur', 'K-cur', { endpoint: 'https://evil.example' }, { endpoint: DEFAULT_ENDPOINT });
    await f.service.context.store.write(async (tx) => tx.putAccount({ ...account, needsRebind: true }));
    expect((await f.call('listAccounts', {})).accounts[0]!.problem?.code).toBe('ACCOUNT_DAMAGED');
    expect((await failure(f.call('confirmAccountEndpoint', { accountId: 'cur', endpoint: 'https://evil.example' }))).code).toBe('ACCOUNT_DAMAGED');
  });
});

describe('addAccount over what is stored (cases from a fault review)', () => {
  /** Every copy of `secret` the vault still holds for the account: its own key, and saved secrets. */
  async function copiesOf(f: Awaited<ReturnType<typeof fixture>>, secret: string): Promise<string[]> {
    const ctx = f.service.context;
    const dataKey = await ctx.dataKey();
    const found: string[] = [];
    const account = (await ctx.store.accounts())[ACCOUNT_ID];
    if (account && (await peekManagingKey(dataKey, account)) === secret) found.push(`account key ${account.managingKeyId}`);
    for (const [keyId, entry] of Object.entries(await ctx.store.secrets(ACCOUNT_ID))) {
      if ((await openSecret(dataKey, { accountId: ACCOUNT_ID, applicationKeyId: keyId }, entry.sealed).catch(() => null)) === secret) found.push(`saved secret ${keyId}`);
    }
    return found;
  }

  it('the same keyID with another secret at another endpoint keeps the old secret, and is no "key updated"', async () => {
    const b2 = fakeB2();
    // Only the secret typed now is accepted where it is sent (a local emulator or proxy answering for the account).
    b2.authorize = (_id, key) => (key === 'S2-typed-now' ? authorizeReply() : new Response('{"status":401,"code":"unauthorized","message":""}', { status: 401 }));
    const f = await fixture({ fetch: b2.fetch });
    await f.addAccount(ACCOUNT_ID, ACCOUNT_ID, 'S1-backblaze-master');
    const reply = await f.call('addAccount', { applicationKeyId: ACCOUNT_ID, applicationKey: 'S2-typed-now', endpoint: 'http://127.0.0.1:8787' });
    expect('keyUpdated' in reply).toBe(false);
    expect(await copiesOf(f, 'S1-backblaze-master')).toEqual([`saved secret ${ACCOUNT_ID}`]);
    expect(await copiesOf(f, 'S2-typed-now')).toEqual([`account key ${ACCOUNT_ID}`]);
  });

  it('the same keyID with another secret at the same endpoint is a regenerated key: the old one is dropped as dead', async () => {
    const b2 = fakeB2();
    b2.authorize = (_id, key) => (key === 'S2-typed-now' ? authorizeReply() : new Response('{"status":401,"code":"unauthorized","message":""}', { status: 401 }));
    const f = await fixture({ fetch: b2.fetch });
    await f.addAccount(ACCOUNT_ID, ACCOUNT_ID, 'S1-old-master', { endpoint: 'https://api.backblazeb2.com' });
    const reply = await f.call('addAccount', { applicationKeyId: ACCOUNT_ID, applicationKey: 'S2-typed-now', endpoint: 'https://api.backblazeb2.com' });
    expect(reply).toMatchObject({ keyUpdated: true });
    expect(await copiesOf(f, 'S1-old-master')).toEqual([]);
  });

  it('a record that fails its schema but whose key still opens: that key is kept as its keyID’s saved secret', async () => {
    const f = await fixture({ fetch: fakeB2().fetch });
    const old = await f.addAccount(ACCOUNT_ID, 'k-old', 'S-old-managing-key');
    // One field damaged at rest: the record no longer parses, its seal is intact.
    await f.local.set({ accounts: { [ACCOUNT_ID]: { ...old, capabilities: 'listKeys,writeKeys' } } });
    expect(await f.call('listAccounts', {})).toMatchObject({ problems: [expect.stringContaining('k-old')] });
    await f.call('addAccount', { applicationKeyId: 'k-new', applicationKey: 'S-new', endpoint: 'https://api.backblazeb2.com' });
    expect(await copiesOf(f, 'S-old-managing-key')).toEqual(['saved secret k-old']);
    // A damaged record whose seal does not open keeps nothing (there is nothing to keep).
    const g = await fixture({ fetch: fakeB2().fetch });
    const other = await g.addAccount(ACCOUNT_ID, 'k-old', 'S-old');
    await g.local.set({ accounts: { [ACCOUNT_ID]: { ...other, endpoint: 'https://evil.example', capabilities: 'x' } } });
    await g.call('addAccount', { applicationKeyId: 'k-new', applicationKey: 'S-new', endpoint: 'https://api.backblazeb2.com' });
    expect(await g.service.context.store.secrets(ACCOUNT_ID)).toEqual({});
  });
});

describe('addAccount when B2 (or what is in front of it) answers an error page', () => {
  const html = (status: number, headers: Record<string, string> = {}) => {
    const r = text(`<html><body><h1>${status}</h1>Service Unavailable</body></html>`, status);
    for (const [k, v] of Object.entries(headers)) r.headers.set(k, v);
    return r;
  };
  const addWith = async (steps: Response[]) => {
    const fake = fakeFetch(steps);
    const f = await fixture({ fetch: fake.fetch });
    const e = await failure(f.call('addAccount', { applicationKeyId: 'k-new', applicationKey: 'S-new', endpoint: DEFAULT_ENDPOINT }));
    return { e, calls: fake.calls.length };
  };

  it('a lasting 503 maintenance page is a server error at Backblaze’s endpoint, not a wrong endpoint', async () => {
    const { e, calls } = await addWith([1, 2, 3, 4, 5].map(() => html(503)));
    expect(calls).toBe(5);
    expect([e.code, e.message]).toEqual(['B2', 'The B2 server at https://api.backblazeb2.com answered 503 (a server error): B2’s service had a problem or is unavailable for now. Try again in a little while. Nothing was changed.']);
  });

  it('a 429 page asking to wait an hour says so, and is not retried through', async () => {
    const { e, calls } = await addWith([html(429, { 'Retry-After': '3600' })]);
    expect(calls).toBe(1);
    expect(e.message).toBe('The B2 server at https://api.backblazeb2.com answered 429 (too many requests): it is rate-limiting this account. B2 asked to wait about 60 minutes; try again then.');
  });

  it('a 2xx answer that cannot be read still points at the endpoint', async () => {
    const { e } = await addWith([text('<html>a login portal</html>', 200)]);
    expect(e.message).toBe('The B2 server at https://api.backblazeb2.com sent an answer that could not be read. Check the API endpoint in the settings, then try again.');
  });
});
