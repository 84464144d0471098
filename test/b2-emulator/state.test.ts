import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admin, authorize, bucketIds, call, createKey, tokenFor, type Json } from './helpers';
import { startEmulator } from './server';

let dir: string;
let statePath: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'b2-emulator-state-'));
  statePath = join(dir, 'state.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('--state persistence', () => {
  it('a restart keeps the account, keys, secrets and tokens', async () => {
    const first = await startEmulator({ port: 0, statePath, buckets: ['one-bucket', 'two-bucket'] });
    const ids = await bucketIds(first);
    const token = await tokenFor(first);
    const multi = await createKey(first, token, { keyName: 'multi', capabilities: ['readFiles'], bucketIds: [ids['one-bucket']] });
    const legacy = await createKey(first, await tokenFor(first, 3), { keyName: 'legacy', capabilities: ['listBuckets'], bucketId: ids['two-bucket'] }, 3);

    // Saved after the mutation, before any close.
    const onDisk = JSON.parse(readFileSync(statePath, 'utf8')) as Json;
    expect((onDisk['keys'] as Json[]).map((k) => k['keyName']).sort()).toEqual(['legacy', 'multi']);
    await first.close();
    expect(readdirSync(dir)).toEqual(['state.json']); // no temp file left behind

    // Different --buckets on restart: the file wins.
    const second = await startEmulator({ port: 0, statePath, buckets: ['ignored-bucket'] });
    try {
      expect(second.accountId).toBe(first.accountId);
      expect(second.applicationKey).toBe(first.applicationKey);
      expect(await bucketIds(second)).toEqual(ids);
      // The old token still works against the new process.
      const list = await call(second, 4, 'b2_list_keys', token, { accountId: second.accountId });
      expect(list.status).toBe(200);
      const byName = Object.fromEntries((list.body['keys'] as Json[]).map((k) => [k['keyName'], k]));
      expect(byName['multi']?.['bucketIds']).toEqual([ids['one-bucket']]);
      // Keys authorize with the secrets issued before the restart, with their version rules intact.
      expect((await authorize(second, 4, multi['applicationKeyId'], multi['applicationKey'])).status).toBe(200);
      expect((await authorize(second, 3, multi['applicationKeyId'], multi['applicationKey'])).status).toBe(400);
      expect((await authorize(second, 2, legacy['applicationKeyId'], legacy['applicationKey'])).status).toBe(200);
      // Deleting persists too.
      await call(second, 4, 'b2_delete_key', token, { applicationKeyId: legacy['applicationKeyId'] });
    } finally {
      await second.close();
    }
    const third = await startEmulator({ port: 0, statePath });
    try {
      const oracle = (await admin(third, 'GET', 'keys')).body as unknown as Json[];
      expect(oracle.map((k) => k['keyName'])).toEqual(['multi']);
      expect(oracle[0]?.['applicationKey']).toBe(multi['applicationKey']);
    } finally {
      await third.close();
    }
  });

  it('reset after a restart goes back to the buckets first seeded, and is saved', async () => {
    const first = await startEmulator({ port: 0, statePath });
    await admin(first, 'POST', 'buckets', { bucketName: 'added-later' });
    await admin(first, 'POST', 'seed-keys', { count: 3 });
    await first.close();
    const second = await startEmulator({ port: 0, statePath });
    try {
      expect(Object.keys(await bucketIds(second))).toContain('added-later');
      await admin(second, 'POST', 'reset');
      expect(Object.keys(await bucketIds(second)).sort()).toEqual(['nas-archive', 'photos-backup', 'web-assets']);
      const onDisk = JSON.parse(readFileSync(statePath, 'utf8')) as Json;
      expect(onDisk['keys']).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it('a fresh state file is written at start', async () => {
    const emu = await startEmulator({ port: 0, statePath });
    await emu.close();
    const onDisk = JSON.parse(readFileSync(statePath, 'utf8')) as Json;
    expect(onDisk).toMatchObject({ version: 1, accountId: emu.accountId, masterKey: emu.applicationKey });
  });

  it('a corrupt state file is an error, not a silent fresh start', async () => {
    writeFileSync(statePath, '{"version": 1, "accountId": "nope"}');
    await expect(startEmulator({ port: 0, statePath })).rejects.toThrow(/invalid emulator state file/);
    writeFileSync(statePath, 'not json');
    await expect(startEmulator({ port: 0, statePath })).rejects.toThrow();
  });
});
