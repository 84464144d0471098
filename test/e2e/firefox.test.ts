/**
 * The same background in Firefox ESR (an event page, not a service worker): vault, account and key
 * lifecycle through the RPC against the emulator, and the storage scan.
 */
import { describe, expect, it } from 'vitest';
import { firefoxSuite } from '../helpers/firefox-rpc';
import { findSecrets, sessionSecrets } from '../helpers/secrets-scan';

const PASS = 'firefox vault passphrase';
const suite = firefoxSuite();
const { rpc, ok } = suite;

describe('Firefox ESR background', () => {
  it('creates the vault, adds the account, creates a key and reveals its secret after lock/unlock', async () => {
    expect((await ok('createVault', { passphrase: PASS })).vault).toBe('unlocked');
    await ok('addAccount', { applicationKeyId: suite.emu().applicationKeyId, applicationKey: suite.emu().applicationKey, endpoint: suite.emu().url });
    const created = (await ok('createKey', { keyName: 'firefox-key', capabilities: ['listBuckets', 'readFiles'] })) as { key: { applicationKeyId: string }; applicationKey: string };
    await ok('lock', {});
    expect(await rpc('unlock', { passphrase: 'wrong' })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
    await ok('unlock', { passphrase: PASS });
    const revealed = await ok('revealSecret', { applicationKeyId: created.key.applicationKeyId });
    expect(revealed.applicationKey).toBe(created.applicationKey);

    const dump = await suite.page().evaluate(async () => {
      type Area = { get(k: null): Promise<Record<string, unknown>> };
      const b = (globalThis as unknown as { browser: { storage: { local: Area; sync: Area; session: Area } } }).browser;
      // A failing storage.sync read fails the test: a scan that skipped an area would pass for the wrong reason.
      return { local: await b.storage.local.get(null), sync: await b.storage.sync.get(null), session: await b.storage.session.get(null) };
    });
    const { session, ...disk } = dump;
    expect(findSecrets(disk, { ...sessionSecrets(session), passphrase: PASS, masterKey: suite.emu().applicationKey, created: created.applicationKey })).toEqual([]);
    expect(JSON.stringify(dump)).toContain(created.key.applicationKeyId);
  });
});
