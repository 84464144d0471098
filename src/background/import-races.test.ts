/**
 * An import (options page) and a write from another page landing while it prepares: the where-used list and the key
 * notes the import joins with the file's must be read inside its write, or a fill recorded or a rotation noted
 * meanwhile is written over.
 */
import { describe, expect, it } from 'vitest';
import { encryptBackup, type BackupPayload } from '../vault/backup';
import { openUsage, recordUsage } from './key-usage';
import { fixture } from './test-support';

const PASS = 'the backup passphrase';
const file = (p: Partial<BackupPayload>) => encryptBackup({ v: 1, exportedAt: 1, accounts: [], secrets: [], lost: [], ...p }, PASS, { iterations: 1000 });

describe('importBackup and a write from another page', () => {
  it('keeps a fill recorded while the import prepares', async () => {
    const f = await fixture();
    await f.addAccount('acc1', 'k1', 'secret-1');
    const ctx = f.service.context;
    const contents = await file({ usage: [{ accountId: 'acc1', applicationKeyId: 'ka', entries: [{ origin: 'https://a.example', title: 'A', at: 3, filled: ['keyId'] }] }] });
    // The popup's fill is recorded as the import reads the list (not awaited here: it is another page's call).
    const usage = ctx.store.usage.bind(ctx.store);
    let fill: Promise<boolean> | null = null;
    ctx.store.usage = async (accountId, only) => {
      const read = await usage(accountId, only);
      fill ??= recordUsage(ctx, 'acc1', 'ka', { origin: 'https://c.example', title: 'C', at: 10, filled: ['secret'] });
      return read;
    };
    await f.call('importBackup', { contents, passphrase: PASS, apply: true });
    expect(await fill).toBe(true);
    ctx.store.usage = usage;
    const list = await openUsage(await ctx.dataKey(), 'acc1', 'ka', (await ctx.store.usage('acc1')).valid['ka']);
    expect(list.map((e) => e.origin).sort()).toEqual(['https://a.example', 'https://c.example']);
  });

  it('keeps a rotation\'s "replaced by" note written while the import prepares', async () => {
    const f = await fixture();
    await f.addAccount('acc1', 'k1', 'secret-1');
    const ctx = f.service.context;
    const contents = await file({ notes: [{ accountId: 'acc1', applicationKeyId: 'ka', note: { bucketKind: 'multi' } }] });
    const keyNotes = ctx.store.keyNotes.bind(ctx.store);
    let rotation: Promise<void> | null = null;
    ctx.store.keyNotes = async (accountId) => {
      const read = await keyNotes(accountId);
      // What a rotation landing now writes for its old key (writeCreatedNotes: the note as read in its write, plus the successor).
      rotation ??= ctx.store.write(async (tx) => {
        const notes = await keyNotes('acc1');
        tx.putKeyNote('acc1', 'ka', { ...notes['ka'], replacedBy: { applicationKeyId: 'kb', keyName: 'b' } });
      });
      return read;
    };
    await f.call('importBackup', { contents, passphrase: PASS, apply: true });
    await rotation;
    ctx.store.keyNotes = keyNotes;
    expect((await ctx.store.keyNotes('acc1'))['ka']).toEqual({ bucketKind: 'multi', replacedBy: { applicationKeyId: 'kb', keyName: 'b' } });
  });
});

it('reads each account\'s where-used list once inside its write, not once per key (the write holds every other one back)', async () => {
  const f = await fixture();
  await f.addAccount('acc1', 'k1', 'secret-1');
  const usage = Array.from({ length: 50 }, (_, i) => ({ accountId: 'acc1', applicationKeyId: `k${i}`, entries: [{ origin: 'https://a.example', title: 'A', at: 3, filled: ['keyId' as const] }] }));
  const contents = await file({ usage });
  const get = f.local.get.bind(f.local);
  let reads = 0;
  f.local.get = async (keys) => {
    if ([keys].flat().includes('usage:acc1')) reads++;
    return get(keys);
  };
  await f.call('importBackup', { contents, passphrase: PASS, apply: true });
  // At most two (it was one per key: 51).
  expect(reads).toBeLessThanOrEqual(2);
  expect(Object.keys((await f.service.context.store.usage('acc1')).valid)).toHaveLength(50);
});
