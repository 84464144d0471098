/**
 * Issue 13 through the background service against the real emulator: the hygiene report reads no shard of the
 * key list (20,000 keys), follows creates and deletes, and remembers checks; an encrypted backup carries the
 * where-used lists and the lineage notes into another vault.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordUsage } from '../../src/background/key-usage';
import type { Service } from '../../src/background/service';
import { LocalStore } from '../../src/storage';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';
import { findSecrets } from '../helpers/secrets-scan';
import { call, emulatorAdmin, harness, type Harness } from '../helpers/service-harness';

const PASS = 'insight integration passphrase';
const BACKUP_PASS = 'insight backup passphrase 42';
const N = 20_000;
let emu: RunningEmulator;
let h: Harness;
let service: Service;

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  // Made elsewhere: restricted to nothing, read only, no expiry (one finding each: never expires).
  await emulatorAdmin(emu, 'seed-keys', { count: N, namePrefix: 'bulk-' });
  h = harness();
  h.clock.now = Date.now();
  service = h.makeService();
  await call(service, 'createVault', { passphrase: PASS });
  await call(service, 'setSettings', { autoLock: { kind: 'browserClose' } });
  await call(service, 'addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url });
  await call(service, 'refreshKeys', {});
}, 120_000);
afterAll(async () => emu?.close());

const line = (r: { lines: { kind: string; count: number }[] }, kind: string) => r.lines.find((l) => l.kind === kind)?.count ?? 0;

describe('hygiene report at scale', () => {
  it('is counted without reading a shard of the list, and follows a create and a delete', async () => {
    const get = h.local.get.bind(h.local);
    let shardReads = 0;
    h.local.get = async (k) => {
      if ((Array.isArray(k) ? k : [k]).some((x) => typeof x === 'string' && /^keys:[^:]+:\d+$/.test(x))) shardReads++;
      return get(k);
    };
    try {
      const report = await call(service, 'hygieneReport', {});
      expect(line(report, 'neverExpires')).toBe(N);
      expect(line(report, 'managingBroad')).toBe(1);
      expect(report.lines.find((l) => l.kind === 'neverExpires')!.keys).toHaveLength(20);
      expect(shardReads).toBe(0);
    } finally {
      h.local.get = get;
    }
    const admin = await call(service, 'createKey', { keyName: 'mint-keys', capabilities: ['listKeys', 'writeKeys'], validDurationInSeconds: 86_400 });
    let report = await call(service, 'hygieneReport', {});
    expect([line(report, 'keyAdmin'), line(report, 'neverExpires')]).toEqual([1, N]);
    await call(service, 'deleteKey', { applicationKeyId: admin.key.applicationKeyId });
    report = await call(service, 'hygieneReport', {});
    expect(line(report, 'keyAdmin')).toBe(0);
    // "Show all" pages through the whole kind from the in-memory list.
    const page = await call(service, 'hygieneKeys', { kind: 'neverExpires', offset: N - 5, limit: 50 });
    expect([page.total, page.keys.length]).toEqual([N, 5]);
  });

  it('remembers a failed check until the key is checked again and works', async () => {
    const k = await call(service, 'createKey', { keyName: 'checked', capabilities: ['readFiles'], validDurationInSeconds: 86_400 });
    await emulatorAdmin(emu, `alter-key/${k.key.applicationKeyId}`, { newSecret: true });
    expect((await call(service, 'checkSecret', { applicationKeyId: k.key.applicationKeyId })).outcome).toBe('mismatch');
    let report = await call(service, 'hygieneReport', {});
    expect(report.lines.find((l) => l.kind === 'checkFailed')?.keys.map((x) => x.keyName)).toEqual(['checked']);
    // Locked: still listed (the outcome is not secret), and the record holds no secret.
    await call(service, 'lock', {});
    report = await call(service, 'hygieneReport', {});
    expect(line(report, 'checkFailed')).toBe(1);
    await call(service, 'unlock', { passphrase: PASS });
    await call(service, 'deleteKey', { applicationKeyId: k.key.applicationKeyId });
    expect(line(await call(service, 'hygieneReport', {}), 'checkFailed')).toBe(0);
  });
});

describe('backup', () => {
  it('carries where-used lists and lineage notes into another vault, encrypted in the file and at rest', async () => {
    const old = await call(service, 'createKey', { keyName: 'rotated', capabilities: ['readFiles'], validDurationInSeconds: 86_400 });
    const next = await call(service, 'rotateKey', { applicationKeyId: old.key.applicationKeyId, keyName: 'rotated-2', validDurationInSeconds: 86_400 });
    const entry = { origin: 'https://nas.example.net', title: 'Cloud Sync Settings Page', at: h.clock.now, filled: ['keyId', 'secret'] as ('keyId' | 'secret')[] };
    expect(await recordUsage(service.context, emu.accountId, old.key.applicationKeyId, entry)).toBe(true);
    const file = await call(service, 'exportBackup', { passphrase: BACKUP_PASS });
    expect(findSecrets(file.contents, { origin: entry.origin, title: entry.title })).toEqual([]);

    const h2 = harness();
    h2.clock.now = h.clock.now;
    const other = h2.makeService();
    await call(other, 'createVault', { passphrase: 'another vault passphrase 9' });
    await call(other, 'importBackup', { contents: file.contents, passphrase: BACKUP_PASS, apply: true, confirmedEndpoints: [emu.url] });
    expect((await call(other, 'keyUsage', { applicationKeyId: old.key.applicationKeyId })).entries).toEqual([entry]);
    const notes = await new LocalStore(h2.local).keyNotes(emu.accountId);
    expect(notes[old.key.applicationKeyId]?.replacedBy?.applicationKeyId).toBe(next.key.applicationKeyId);
    expect(notes[next.key.applicationKeyId]?.replaces?.applicationKeyId).toBe(old.key.applicationKeyId);
    expect(findSecrets(Object.fromEntries(h2.local.data), { origin: entry.origin, title: entry.title })).toEqual([]);
  });
});
