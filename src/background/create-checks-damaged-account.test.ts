/**
 * The create check drops the records of an account that is gone. An account whose stored entry is damaged (a field of
 * the wrong type at rest), or whose whole record of accounts is, is not gone: its open records are the only trace of a
 * key B2 may have made whose applicationKey never arrived, and re-adding the account would never flag that key.
 */
import { describe, expect, it } from 'vitest';
import { JOURNAL_KEY, type CreateRecord } from '../storage';
import { fixture } from './test-support';

async function withOpenRecord() {
  const f = await fixture();
  await f.addAccount('acc1', 'k1', 'secret-1');
  const record: CreateRecord = {
    id: 'r1', accountId: 'acc1', keyName: 'backup', capabilities: ['readFiles'], bucketIds: null, namePrefix: null, validDurationInSeconds: null,
    startedAt: f.clock.now, workerId: 'gone-worker', priorKeyIds: [], state: 'uncertain', endedAt: f.clock.now, savedKeyId: null,
    detail: 'B2 did not answer in time.', resolution: null,
  };
  await f.service.context.store.write(async (tx) => tx.putCreateRecord(record));
  const journal = () => Object.keys(JSON.parse(f.local.data.get(JOURNAL_KEY) ?? '{}') as object);
  return { f, journal };
}

describe('the create check and an account it cannot read', () => {
  it('keeps the open record of an account whose entry is damaged', async () => {
    const { f, journal } = await withOpenRecord();
    const accounts = JSON.parse(f.local.data.get('accounts')!) as Record<string, Record<string, unknown>>;
    accounts['acc1']!['label'] = 42;
    f.local.data.set('accounts', JSON.stringify(accounts));
    expect((await f.service.context.store.accountIndex()).damaged).toEqual(['acc1']);
    await f.service.checkCreates();
    expect(journal()).toEqual(['r1']);
  });

  it('keeps it when the whole record of accounts is damaged', async () => {
    const { f, journal } = await withOpenRecord();
    f.local.data.set('accounts', JSON.stringify(['not', 'a', 'record']));
    await f.service.checkCreates();
    expect(journal()).toEqual(['r1']);
  });

  it('drops it once the account is gone', async () => {
    const { f, journal } = await withOpenRecord();
    f.local.data.set('accounts', JSON.stringify({}));
    await f.service.checkCreates();
    expect(journal()).toEqual([]);
  });
});
