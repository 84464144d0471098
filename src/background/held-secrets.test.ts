/**
 * A new key's applicationKey that the vault refused (the disk full, a write refused): B2 shows it once, and the popup
 * that got the answer may close before anyone copies it. The background holds it sealed in storage.session and writes
 * it once the vault takes it. In Node over in-memory storage and a fake B2 answered in-process.
 */
import { describe, expect, it, vi } from 'vitest';
import { ACCOUNT_ID, keyJson } from '../b2/test-support';
import { LocalStore, lostKey, secretsKey } from '../storage';
import { decryptBackup } from '../vault/backup';
import { heldAtRemovalMessage, savedSinceMessage } from './account-methods';
import { DEFAULT_JOURNAL_TIMING as T } from './create-journal';
import { createService } from './service';
import { Session } from './session';
import { createdReply as created, failure, fakeB2, fixture, TEST_PASSPHRASE } from './test-support';

const input = { keyName: 'reader', capabilities: ['readFiles'], requestId: 'r-1' };
const BACKUP_PASS = 'the backup passphrase';

/** A fixture whose storage refuses every write of the account's secrets while `full.on` (QUOTA_BYTES). */
async function setup() {
  const b2 = fakeB2();
  const scheduled: number[] = [];
  const f = await fixture({ fetch: b2.fetch, scheduleCheck: (at) => scheduled.push(at) });
  await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
  const full = { on: false };
  const set = f.local.set.bind(f.local);
  f.local.set = async (items) => {
    if (full.on && secretsKey(ACCOUNT_ID) in items) throw new Error('QUOTA_BYTES quota exceeded');
    return set(items);
  };
  const journal = async () => Object.values((await f.service.context.store.journal()).valid);
  /** Creates "reader" while the vault refuses its secret; B2 then lists it. */
  async function createRefused(): Promise<void> {
    b2.creates.push(created('k-new', 'reader'));
    full.on = true;
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const reply = await f.call('createKey', input);
      expect(reply).toMatchObject({ applicationKey: 'K-k-new', saved: false });
    } finally {
      error.mockRestore();
    }
    b2.keys = [keyJson('k-new', { keyName: 'reader', capabilities: ['readFiles'] })];
  }
  return { f, b2, full, scheduled, journal, createRefused };
}

describe('a secret the vault refused', () => {
  it('is held sealed in storage.session, never in plain text, and the popup opened next is told it is held', async () => {
    const { f, createRefused } = await setup();
    await createRefused();
    const session = JSON.stringify(await f.sessionArea.get(null));
    expect(session).not.toContain('K-k-new');
    expect(session).toContain('"held"');
    expect(JSON.stringify([...f.local.data.values()])).not.toContain('K-k-new');
    expect(await f.call('createOutcome', { requestId: 'r-1' })).toEqual({ outcome: { state: 'created', keyName: 'reader', applicationKeyId: 'k-new', saved: false, held: true } });
    // Shown again from the held copy, as createKey answered.
    expect(await f.call('heldSecret', { applicationKeyId: 'k-new' })).toMatchObject({ applicationKey: 'K-k-new', saved: false, key: { applicationKeyId: 'k-new', keyName: 'reader', hasSecret: false } });
  });

  it('reaches the vault when the popup asks what became of its create and the vault takes it now', async () => {
    const { f, full, journal, createRefused } = await setup();
    await createRefused();
    full.on = false;
    expect(await f.call('createOutcome', { requestId: 'r-1' })).toEqual({ outcome: { state: 'created', keyName: 'reader', applicationKeyId: 'k-new', saved: true, held: false } });
    expect(await f.call('revealSecret', { applicationKeyId: 'k-new' })).toEqual({ applicationKey: 'K-k-new' });
    expect(await journal()).toMatchObject([{ state: 'saved', savedKeyId: 'k-new' }]);
    expect((await f.call('listKeys', {})).keys).toMatchObject([{ applicationKeyId: 'k-new', hasSecret: true }]);
    // No longer held: nothing to show from memory, and the session forgot it.
    expect((await failure(f.call('heldSecret', { applicationKeyId: 'k-new' }))).code).toBe('NOT_FOUND');
    expect((await f.sessionArea.get('unsavedCreates'))['unsavedCreates']).toEqual({});
  });

  it('reaches the vault at the create check, which then flags nothing lost', async () => {
    const { f, full, createRefused } = await setup();
    await createRefused();
    full.on = false;
    f.clock.now += T.uncertainSettleMs;
    await f.service.checkCreates();
    expect(await f.call('revealSecret', { applicationKeyId: 'k-new' })).toEqual({ applicationKey: 'K-k-new' });
    expect(await f.local.get(lostKey(ACCOUNT_ID))).toEqual({});
    expect((await f.call('listKeys', {})).keys).toMatchObject([{ applicationKeyId: 'k-new', hasSecret: true, lost: false }]);
  });

  it('still refused at the check: flagged lost and kept held, then saved and unflagged once the vault takes it', async () => {
    const { f, full, scheduled, createRefused } = await setup();
    await createRefused();
    f.clock.now += T.uncertainSettleMs;
    scheduled.length = 0;
    await f.service.checkCreates();
    // Flagged lost, and marked held: the key's details show it from memory (KeyDetails).
    expect((await f.call('listKeys', {})).keys).toMatchObject([{ applicationKeyId: 'k-new', hasSecret: false, lost: true, held: true }]);
    // Tried again later.
    expect(scheduled).toContain(f.clock.now + T.retryMs);
    expect((await f.call('heldSecret', { applicationKeyId: 'k-new' })).applicationKey).toBe('K-k-new');
    full.on = false;
    f.clock.now += T.retryMs;
    await f.service.checkCreates();
    const [saved] = (await f.call('listKeys', {})).keys;
    expect(saved).toMatchObject({ applicationKeyId: 'k-new', hasSecret: true, lost: false });
    expect(saved).not.toHaveProperty('held');
    expect(await f.call('revealSecret', { applicationKeyId: 'k-new' })).toEqual({ applicationKey: 'K-k-new' });
  });

  it('"Save secret" while the disk is still full says why it failed and what to do (fault review 11)', async () => {
    const { f, full, createRefused } = await setup();
    await createRefused();
    full.on = true;
    const e = await failure(f.call('saveSecret', { applicationKeyId: 'k-new', accountId: ACCOUNT_ID, applicationKey: 'K-k-new', keyName: 'reader' }));
    expect(e.message).toBe('This change was not saved: the browser refused to store it (the disk may be full). Free some space, then try again.');
  });

  it('Remove account while B2 makes a new key: kept with the saved applicationKeys when the person keeps them, not kept otherwise (fault review 11)', async () => {
    for (const keepSecrets of [true, false]) {
      const b2 = fakeB2();
      let reached!: () => void;
      const atB2 = new Promise<void>((r) => (reached = r));
      let answer!: () => void;
      const gate = new Promise<void>((r) => (answer = r));
      const f = await fixture({ fetch: b2.fetch });
      await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
      b2.creates.push(async () => {
        reached();
        await gate;
        return created('k-new', 'reader');
      });
      const create = f.call('createKey', input);
      await atB2;
      await f.call('removeAccount', keepSecrets ? { accountId: ACCOUNT_ID, keepSecrets } : { accountId: ACCOUNT_ID, keepSecrets, savedSecretCount: 0 });
      answer();
      const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      try {
        expect(await create).toMatchObject({ applicationKey: 'K-k-new', saved: keepSecrets });
      } finally {
        error.mockRestore();
        warn.mockRestore();
      }
      const stored = ((await f.local.get(secretsKey(ACCOUNT_ID)))[secretsKey(ACCOUNT_ID)] ?? {}) as Record<string, unknown>;
      expect(Object.hasOwn(stored, 'k-new'), `keepSecrets: ${keepSecrets}`).toBe(keepSecrets);
      if (keepSecrets) {
        // There when the account is added again, as the other kept applicationKeys are.
        await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
        expect(await f.call('revealSecret', { applicationKeyId: 'k-new' })).toEqual({ applicationKey: 'K-k-new' });
      }
    }
  });

  it('a second Create New Key of the same name is told B2 made the first and its applicationKey is held, not that B2 did not answer (fault review 11)', async () => {
    const { f, createRefused } = await setup();
    await createRefused();
    const e = await failure(f.call('createKey', { ...input, requestId: 'r-2' }));
    expect([e.code, e.message]).toEqual([
      'CREATE_UNSETTLED',
      'B2 already made a key “reader” for an earlier Create New Key; its applicationKey has not reached the vault yet (B2 Key Manager holds it until the vault takes it, and the key’s details show it). Creating it again leaves two keys of that name. Create it anyway only if you want a second one.',
    ]);
  });

  it('goes into a backup exported meanwhile, as a saved applicationKey an import saves (fault review 11)', async () => {
    const { f, createRefused } = await setup();
    await createRefused();
    const out = await f.call('exportBackup', { passphrase: BACKUP_PASS });
    expect(out.secrets).toBe(1);
    const payload = await decryptBackup(out.contents, BACKUP_PASS);
    expect(payload.secrets).toMatchObject([{ accountId: ACCOUNT_ID, applicationKeyId: 'k-new', keyName: 'reader', applicationKey: 'K-k-new' }]);
  });

  it('saved after the check flagged the key lost: the create check no longer says its applicationKey is lost (fault review 11)', async () => {
    const { f, full, createRefused } = await setup();
    await createRefused();
    f.clock.now += T.uncertainSettleMs;
    await f.service.checkCreates();
    expect((await f.call('listKeys', {})).createChecks).toMatchObject([{ status: 'lost', lostKeyIds: ['k-new'] }]);
    full.on = false;
    f.clock.now += T.retryMs;
    await f.service.checkCreates();
    const list = await f.call('listKeys', {});
    expect(list.keys).toMatchObject([{ applicationKeyId: 'k-new', hasSecret: true, lost: false }]);
    // Not "its applicationKey never reached your vault … Delete it" for a key whose applicationKey is saved.
    expect(list.createChecks).toEqual([]);
  });

  it('a Refresh after the create settled, before the check ran, writes it first instead of flagging the key lost (fault review 11)', async () => {
    const { f, full, createRefused } = await setup();
    await createRefused();
    full.on = false;
    f.clock.now += T.uncertainSettleMs;
    const refreshed = await f.call('refreshKeys', {});
    expect(refreshed.keys).toMatchObject([{ applicationKeyId: 'k-new', hasSecret: true, lost: false }]);
    expect(refreshed.createChecks.filter((c) => c.status === 'lost')).toEqual([]);
    expect(await f.call('revealSecret', { applicationKeyId: 'k-new' })).toEqual({ applicationKey: 'K-k-new' });
  });

  it('its account’s stored entry unreadable (edited at rest, a later version’s): kept held, not forgotten as if the account were removed (fault review 11)', async () => {
    const { f, full, createRefused } = await setup();
    await createRefused();
    full.on = false;
    const good = f.local.data.get('accounts')!;
    const raw = JSON.parse(good) as Record<string, Record<string, unknown>>;
    raw[ACCOUNT_ID]!['capabilities'] = 'listKeys,writeKeys';
    f.local.data.set('accounts', JSON.stringify(raw));
    await f.service.checkCreates();
    expect(JSON.stringify(await f.sessionArea.get('unsavedCreates'))).toContain('k-new');
    // The entry reads again (the edit undone, the later version rolled back): the vault takes the secret.
    f.local.data.set('accounts', good);
    await f.service.checkCreates();
    expect(await f.call('revealSecret', { applicationKeyId: 'k-new' })).toEqual({ applicationKey: 'K-k-new' });
  });

  it('survives the background stopping: the next one writes it at its start-up check', async () => {
    const { f, full, createRefused } = await setup();
    await createRefused();
    full.on = false;
    const next = createService({ ...f.service.context.deps, store: new LocalStore(f.local, () => f.clock.now), session: new Session(f.sessionArea) });
    await next.checkCreates();
    expect(await f.call('revealSecret', { applicationKeyId: 'k-new' })).toEqual({ applicationKey: 'K-k-new' });
  });

  it('is shown only while unlocked, and survives a lock', async () => {
    const { f, createRefused } = await setup();
    await createRefused();
    await f.call('lock', {});
    expect((await failure(f.call('heldSecret', { applicationKeyId: 'k-new' }))).code).toBe('LOCKED');
    expect(await f.call('createOutcome', { requestId: 'r-1' })).toMatchObject({ outcome: { saved: false, held: true } });
    await f.call('unlock', { passphrase: TEST_PASSPHRASE });
    expect((await f.call('heldSecret', { applicationKeyId: 'k-new' })).applicationKey).toBe('K-k-new');
  });

  it('two held: each is shown for its own keyID, and only in its own account (mutation testing)', async () => {
    const { f, b2, full, createRefused } = await setup();
    await createRefused();
    b2.creates.push(created('k-two', 'writer'));
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await f.call('createKey', { ...input, keyName: 'writer', requestId: 'r-2' })).toMatchObject({ applicationKey: 'K-k-two', saved: false });
    } finally {
      error.mockRestore();
    }
    expect(full.on).toBe(true);
    expect(await f.call('heldSecret', { applicationKeyId: 'k-two' })).toEqual({
      key: expect.objectContaining({ applicationKeyId: 'k-two', keyName: 'writer', hasSecret: false, lost: false }),
      applicationKey: 'K-k-two',
      saved: false,
    });
    expect((await f.call('heldSecret', { applicationKeyId: 'k-new' })).applicationKey).toBe('K-k-new');
    expect((await f.call('heldSecret', { applicationKeyId: 'k-new', accountId: ACCOUNT_ID })).applicationKey).toBe('K-k-new');
    const other = await failure(f.call('heldSecret', { applicationKeyId: 'k-new', accountId: 'acc-other' }));
    expect(other.code).toBe('NOT_FOUND');
    expect(other.message).toMatch(/^B2 Key Manager no longer holds this applicationKey/);
    expect((await failure(f.call('heldSecret', { applicationKeyId: 'k-none' }))).code).toBe('NOT_FOUND');
  });

  it('is forgotten with its key by Delete Key: the key does not come back when the vault takes writes again', async () => {
    const { f, b2, full, createRefused } = await setup();
    await createRefused();
    full.on = false;
    await f.call('deleteKey', { applicationKeyId: 'k-new', keyName: 'reader' });
    b2.keys = [];
    await f.service.checkCreates();
    expect((await f.call('listKeys', {})).keys).toEqual([]);
    expect(await f.local.get(secretsKey(ACCOUNT_ID))).not.toHaveProperty([secretsKey(ACCOUNT_ID), 'k-new']);
    expect((await failure(f.call('heldSecret', { applicationKeyId: 'k-new' }))).code).toBe('NOT_FOUND');
  });

  it('Remove account, keeping the applicationKeys: kept with the other secrets', async () => {
    const { f, full, createRefused } = await setup();
    await createRefused();
    full.on = false;
    await f.call('removeAccount', { accountId: ACCOUNT_ID, keepSecrets: true });
    const stored = (await f.local.get(secretsKey(ACCOUNT_ID)))[secretsKey(ACCOUNT_ID)] as Record<string, unknown> | undefined;
    expect(stored).toHaveProperty('k-new');
    expect((await f.sessionArea.get('unsavedCreates'))['unsavedCreates']).toEqual({});
  });

  it('Remove account refused for held applicationKeys names them, one or several', () => {
    expect(heldAtRemovalMessage(1)).toBe(
      'A new key’s applicationKey for this account is held by the extension, not saved: the browser refused to store it in the vault (its storage may be full). Open the popup and copy it with Show applicationKey in its banner, or free some disk space so that it is saved, then look again; or keep the applicationKeys in the vault. Nothing was removed.',
    );
    expect(heldAtRemovalMessage(2)).toBe(
      '2 new keys’ applicationKeys for this account are held by the extension, not saved: the browser refused to store them in the vault (its storage may be full). Open the popup and copy them with Show applicationKey in its banner, or free some disk space so that they are saved, then look again; or keep the applicationKeys in the vault. Nothing was removed.',
    );
  });

  it('Remove account, deleting "the 0 saved": a held applicationKey is never deleted unseen (fault review 15)', async () => {
    const { f, full, createRefused } = await setup();
    await createRefused();
    const shown = (await f.call('listAccounts', {})).accounts.find((a) => a.accountId === ACCOUNT_ID)!;
    expect(shown.savedSecretCount).toBe(0);
    const remove = (a: { savedSecretCount: number; savedSecretsMark?: string }) =>
      f.call('removeAccount', { accountId: ACCOUNT_ID, keepSecrets: false, savedSecretCount: a.savedSecretCount, ...(a.savedSecretsMark === undefined ? {} : { savedSecretsMark: a.savedSecretsMark }) });
    // The vault still refuses it: nothing is removed, and the sentence says where the key is and what to do.
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const refused = await failure(remove(shown)).finally(() => error.mockRestore());
    expect(refused.code).toBe('CHANGED_MEANWHILE');
    expect(refused.message).toMatch(/^A new key’s applicationKey for this account is held by the extension, not saved: .*Show applicationKey.*Nothing was removed\.$/);
    expect((await f.call('listAccounts', {})).accounts.map((a) => a.accountId)).toContain(ACCOUNT_ID);
    expect((await f.call('heldSecret', { applicationKeyId: 'k-new' })).applicationKey).toBe('K-k-new');
    // The vault takes writes again: the removal saves it first, so the count the page showed no longer matches.
    // Another account's removal is not held up by it.
    await f.addAccount('acc2', 'k2', 'secret-2');
    await f.call('removeAccount', { accountId: 'acc2', keepSecrets: false, savedSecretCount: 0 });
    full.on = false;
    const saved = await failure(remove(shown));
    expect([saved.code, saved.message]).toEqual(['CHANGED_MEANWHILE', savedSinceMessage(0, 1)]);
    expect(await f.local.get(secretsKey(ACCOUNT_ID))).toHaveProperty([secretsKey(ACCOUNT_ID), 'k-new']);
    // Shown anew (1 saved), the person agrees to it, and it goes with the account.
    const again = (await f.call('listAccounts', {})).accounts.find((a) => a.accountId === ACCOUNT_ID)!;
    expect(again.savedSecretCount).toBe(1);
    await remove(again);
    expect(await f.local.get(secretsKey(ACCOUNT_ID))).toEqual({});
    expect((await f.sessionArea.get('unsavedCreates'))['unsavedCreates']).toEqual({});
  });

  it('saved with "Save it in the vault again" meanwhile: left as it is, the held copy forgotten, the create said saved', async () => {
    const { f, full, createRefused } = await setup();
    await createRefused();
    full.on = false;
    // "Save it in the vault again" from the one-time panel: the digest path, no word from B2.
    await f.call('saveSecret', { applicationKeyId: 'k-new', accountId: ACCOUNT_ID, applicationKey: 'K-k-new', keyName: 'reader' });
    const before = (await f.local.get(secretsKey(ACCOUNT_ID)))[secretsKey(ACCOUNT_ID)];
    await f.service.checkCreates();
    expect((await f.local.get(secretsKey(ACCOUNT_ID)))[secretsKey(ACCOUNT_ID)]).toEqual(before);
    expect(await f.call('createOutcome', { requestId: 'r-1' })).toMatchObject({ outcome: { saved: true, held: false } });
  });
});
