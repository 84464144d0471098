/**
 * Records written by a later version of this extension carry fields this one does not know (optional fields are
 * added without a new storage format: a store that rolls an update back puts that data in front of this code).
 * Rewriting such a record must keep them: settings, key notes, account records and create records.
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNT_ID } from '../b2/test-support';
import { DEFAULT_SETTINGS, notesKey, type CreateRecord } from '../storage';
import { decryptBackup } from '../vault/backup';
import { writeCreatedNotes } from './key-notes';
import { fixture } from './test-support';

describe('fields of a later version', () => {
  it('a settings change keeps the settings fields this version does not know', async () => {
    const f = await fixture();
    await f.local.set({ settings: { ...DEFAULT_SETTINGS, lockOnIdle: true, theme: { dark: true } } });
    await f.call('setSettings', { lockOnScreenLock: false });
    expect((await f.local.get('settings'))['settings']).toEqual({ ...DEFAULT_SETTINGS, lockOnScreenLock: false, lockOnIdle: true, theme: { dark: true } });
    // And the page is not told of them: the reply is this version's settings.
    expect(await f.call('getSettings', {})).toEqual({ ...DEFAULT_SETTINGS, lockOnScreenLock: false });
  });

  it('a key note rewritten by a rotation keeps its unknown fields', async () => {
    const f = await fixture();
    const store = f.service.context.store;
    await f.local.set({ [notesKey(ACCOUNT_ID)]: { 'k-old': { bucketKind: 'single', createdBy: 'cli-import' } } });
    const old = { accountId: ACCOUNT_ID, applicationKeyId: 'k-old', keyName: 'old', capabilities: ['readFiles'], bucketIds: null, namePrefix: null, expirationTimestamp: null, options: [] };
    await store.write((tx) => writeCreatedNotes(store, tx, ACCOUNT_ID, { ...old, applicationKeyId: 'k-new', keyName: 'old-2' }, { keyName: 'old-2', capabilities: ['readFiles'] }, old));
    const notes = (await f.local.get(notesKey(ACCOUNT_ID)))[notesKey(ACCOUNT_ID)] as Record<string, Record<string, unknown>>;
    expect(notes['k-old']).toEqual({ bucketKind: 'single', createdBy: 'cli-import', replacedBy: { applicationKeyId: 'k-new', keyName: 'old-2' } });
  });

  it('an account record keeps them when rewritten, and a backup holds only the fields a backup has', async () => {
    const f = await fixture();
    await f.addAccount('acc1', 'k1', 'S1', { label: 'Main', ...({ colour: 'teal' } as object) });
    const stored = (await f.service.context.store.accounts())['acc1']!;
    expect((stored as Record<string, unknown>)['colour']).toBe('teal');
    await f.service.context.store.write(async (tx) => tx.putAccount({ ...stored, label: 'Renamed' }));
    expect(((await f.local.get('accounts'))['accounts'] as Record<string, Record<string, unknown>>)['acc1']).toMatchObject({ label: 'Renamed', colour: 'teal' });
    const { contents } = await f.call('exportBackup', { passphrase: 'a backup passphrase of some length' });
    const file = JSON.parse(JSON.stringify(await decryptBackup(contents, 'a backup passphrase of some length'))) as { accounts: Record<string, unknown>[] };
    expect(Object.keys(file.accounts[0]!).sort()).toEqual(['accountId', 'addedAt', 'applicationKey', 'bucketRestriction', 'capabilities', 'endpoint', 'label', 'managingKeyId', 'namePrefix', 's3ApiUrl']);
  });

  it('a create record marked uncertain by a later background keeps them', async () => {
    const f = await fixture();
    await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
    const record: CreateRecord = {
      id: 'r1', accountId: ACCOUNT_ID, keyName: 'made', capabilities: ['readFiles'], bucketIds: null, namePrefix: null, validDurationInSeconds: null,
      startedAt: 1, workerId: 'another-worker', priorKeyIds: [], state: 'inFlight', endedAt: null, savedKeyId: null, detail: null, resolution: null, via: 'cli',
    };
    await f.service.context.store.write(async (tx) => tx.putCreateRecord(record));
    await f.service.context.store.write(async (tx) => {
      const r = (await f.service.context.store.journal()).valid['r1']!;
      tx.putCreateRecord({ ...r, state: 'uncertain', endedAt: 2, detail: 'x' });
    });
    expect((await f.service.context.store.journal()).valid['r1']).toMatchObject({ state: 'uncertain', via: 'cli' });
  });
});
