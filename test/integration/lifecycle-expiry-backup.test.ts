/**
 * Issue 10 against the real emulator, through the background service: the filter row and sort by window, the
 * toolbar badge's count as keys cross the threshold, and an export → wipe → import round trip in which every
 * secret comes back equal, a wrong passphrase and a damaged file change nothing, and a conflict is never
 * overwritten unless asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../src/background/service';
import { sealSecret } from '../../src/vault';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';
import { findSecrets } from '../helpers/secrets-scan';
import { call, callError, harness, issuedKeys, type Harness } from '../helpers/service-harness';

const PASS = 'correct horse battery staple';
const BACKUP_PASS = 'a different backup passphrase';
const DAY = 86_400_000;
let emu: RunningEmulator;
let h: Harness;
let service: Service;
const created = new Map<string, string>();

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  h = harness();
  // The emulator stamps expiry with the real clock.
  h.clock.now = Date.now();
  service = h.makeService();
  await call(service, 'createVault', { passphrase: PASS });
  // The test moves the clock by days: auto-lock after minutes would lock the vault midway.
  await call(service, 'setSettings', { autoLock: { kind: 'browserClose' } });
  await call(service, 'addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url });
  for (const [name, days] of [['alpha-never', null], ['bravo-two-days', 2], ['charlie-ten-days', 10]] as const) {
    const r = await call(service, 'createKey', { keyName: name, capabilities: ['listFiles', 'readFiles'], validDurationInSeconds: days === null ? null : days * 86_400 });
    created.set(r.key.applicationKeyId, r.applicationKey);
  }
  await call(service, 'refreshKeys', {});
});
afterAll(async () => emu?.close());

const names = (l: { keys: { keyName: string }[] }) => l.keys.map((k) => k.keyName);

describe('expiry: filter, sort and badge', () => {
  it('filters and sorts by window, and the badge counts keys as they cross the threshold', async () => {
    expect(names(await call(service, 'listKeys', { filter: 'soon' }))).toEqual(['bravo-two-days']);
    expect(names(await call(service, 'listKeys', { sort: 'expiry' }))).toEqual(['bravo-two-days', 'charlie-ten-days', 'alpha-never']);
    const page = await call(service, 'listKeys', { sort: 'expiry', offset: 1, limit: 1 });
    expect([names(page), page.total, page.offset]).toEqual([['charlie-ten-days'], 3, 1]);
    expect((await call(service, 'listKeys', { filter: 'noSecret' })).total).toBe(0);
    // Counted from the cache's summary: no request to B2, and no read of the list's shards.
    let fetches = 0;
    const counted = h.makeService({ fetch: (...a) => (fetches++, fetch(...a)) });
    const get = h.local.get.bind(h.local);
    let shardReads = 0;
    h.local.get = async (k) => {
      if ((Array.isArray(k) ? k : [k]).some((x) => typeof x === 'string' && /^keys:[^:]+:\d+$/.test(x))) shardReads++;
      return get(k);
    };
    let badge = await counted.expiryBadge();
    expect([badge.text, badge.color, fetches, shardReads]).toEqual(['1', '#8a5300', 0, 0]);
    // A cache written before summaries existed is counted from its shards once, and the summary kept.
    const metaKey = `keys:${emu.accountId}`;
    const meta = JSON.parse(h.local.data.get(metaKey)!) as Record<string, unknown>;
    delete meta['soonest'];
    h.local.data.set(metaKey, JSON.stringify(meta));
    // As a background started on that stored cache (a running one keeps the key-cache items it has read).
    const restarted = h.makeService({ fetch: (...a) => (fetches++, fetch(...a)) });
    expect((await restarted.expiryBadge()).text).toBe('1');
    expect(shardReads).toBe(1);
    expect((await restarted.expiryBadge()).text).toBe('1');
    expect(shardReads).toBe(1);
    h.local.get = get;
    // Four days on, with no write at all: one key has expired (red), the 10-day one is now within 7 days.
    h.clock.now += 4 * DAY;
    badge = await service.expiryBadge();
    expect([badge.text, badge.color]).toEqual(['2', '#b3261e']);
    expect(names(await call(service, 'listKeys', { filter: 'expired' }))).toEqual(['bravo-two-days']);
    await call(service, 'setSettings', { expiryWarningDays: 1 });
    expect((await service.expiryBadge()).text).toBe('1');
    await call(service, 'setSettings', { expiryWarningDays: 7 });
    h.clock.now -= 4 * DAY;
  });
});

describe('encrypted backup', () => {
  let file = '';

  it('exports every account and saved secret, and the file holds none of them in any encoding', async () => {
    const out = await call(service, 'exportBackup', { passphrase: BACKUP_PASS });
    expect([out.accounts, out.secrets, out.skipped]).toEqual([1, 3, []]);
    file = out.contents;
    const secrets = Object.fromEntries([...created].map(([id, s]) => [id, s]));
    expect(findSecrets(file, { ...secrets, ...h.sessionArea.seen, master: emu.applicationKey, vault: PASS, backup: BACKUP_PASS })).toEqual([]);
  });

  it('after a wipe: a wrong passphrase and a damaged file change nothing and say which; the import brings every secret back equal', async () => {
    h.local.data.clear();
    h.sessionArea.data.clear();
    service = h.makeService();
    await call(service, 'createVault', { passphrase: 'a brand new vault passphrase' });
    const before = JSON.stringify([...h.local.data]);
    const wrong = await callError(service, 'importBackup', { contents: file, passphrase: 'not the passphrase', apply: true });
    expect(wrong.code).toBe('WRONG_PASSPHRASE');
    const damagedText = file.replace(/"ct": "(.)/, (_m, c: string) => `"ct": "${c === 'A' ? 'B' : 'A'}`);
    const damaged = await callError(service, 'importBackup', { contents: damagedText, passphrase: BACKUP_PASS, apply: true });
    expect(damaged.code).toBe('BACKUP_DAMAGED');
    expect(damaged.message).not.toBe(wrong.message);
    expect(JSON.stringify([...h.local.data])).toBe(before);

    const preview = await call(service, 'importBackup', { contents: file, passphrase: BACKUP_PASS, apply: false });
    expect([preview.applied, preview.added, preview.same, preview.conflicting, preview.skipped]).toEqual([false, 4, 0, 0, 0]);
    expect(JSON.stringify([...h.local.data])).toBe(before);
    const done = await call(service, 'importBackup', { contents: file, passphrase: BACKUP_PASS, apply: true, confirmedEndpoints: [emu.url] });
    expect([done.applied, done.added]).toEqual([true, 4]);
    // The imported account works (its key opens and reaches B2), and every secret is the one B2 issued.
    await call(service, 'refreshKeys', {});
    for (const [id, secret] of created) expect((await call(service, 'revealSecret', { applicationKeyId: id })).applicationKey).toBe(secret);
    const issued = new Map((await issuedKeys(emu)).map((k) => [k.applicationKeyId, k.applicationKey]));
    for (const [id, secret] of created) expect(issued.get(id)).toBe(secret);
    // The vault's storage still holds no secret in plain form.
    expect(
      findSecrets([...h.local.data].join('\n'), { ...Object.fromEntries(created), ...h.sessionArea.seen, master: emu.applicationKey, vault: PASS, newVault: 'a brand new vault passphrase', backup: BACKUP_PASS }),
    ).toEqual([]);
    // Twice is harmless.
    const again = await call(service, 'importBackup', { contents: file, passphrase: BACKUP_PASS, apply: true, confirmedEndpoints: [emu.url] });
    expect([again.added, again.same, again.conflicting]).toEqual([0, 4, 0]);
  });

  it('a secret that differs here is a conflict: kept unless the person chooses the file’s', async () => {
    const [id, secret] = [...created][0]!;
    const dataKey = await service.context.dataKey();
    const other = 'K00xSomeOtherSecretValueForTest1';
    await service.context.store.write(async (tx) =>
      tx.putSecret(emu.accountId, id, { sealed: await sealSecret(dataKey, { accountId: emu.accountId, applicationKeyId: id }, other), keyName: 'x', savedAt: 1 }),
    );
    const kept = await call(service, 'importBackup', { contents: file, passphrase: BACKUP_PASS, apply: true, confirmedEndpoints: [emu.url] });
    expect([kept.conflicting, kept.conflicts.map((c) => c.applicationKeyId)]).toEqual([1, [id]]);
    expect((await call(service, 'revealSecret', { applicationKeyId: id })).applicationKey).toBe(other);
    await call(service, 'importBackup', { contents: file, passphrase: BACKUP_PASS, apply: true, onConflict: 'replace', confirmedEndpoints: [emu.url] });
    expect((await call(service, 'revealSecret', { applicationKeyId: id })).applicationKey).toBe(secret);
  });
});
