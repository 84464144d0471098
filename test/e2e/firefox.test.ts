/**
 * The same background in Firefox ESR (an event page, not a service worker): vault, account and key
 * lifecycle through the RPC against the emulator, and the storage scan.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';
import { distDir, launchFirefox, type FirefoxExtension } from '../helpers/browsers';
import { firefoxRpc } from '../helpers/firefox-rpc';
import { findSecrets } from '../helpers/secrets-scan';

const PASS = 'firefox vault passphrase';
let emu: RunningEmulator;
let ext: FirefoxExtension;
let page: Page;

const { rpc, ok } = firefoxRpc(() => page);

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  ext = await launchFirefox(distDir('firefox'));
  page = await ext.open('src/options/index.html', `document.querySelector('[data-testid="background-status"]') !== null`);
});
afterAll(async () => {
  await ext?.close();
  await emu?.close();
});

describe('Firefox ESR background', () => {
  it('creates the vault, adds the account, creates a key and reveals its secret after lock/unlock', async () => {
    expect((await ok('createVault', { passphrase: PASS })).vault).toBe('unlocked');
    await ok('addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url });
    const created = (await ok('createKey', { keyName: 'firefox-key', capabilities: ['listBuckets', 'readFiles'] })) as { key: { applicationKeyId: string }; applicationKey: string };
    await ok('lock', {});
    expect(await rpc('unlock', { passphrase: 'wrong' })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
    await ok('unlock', { passphrase: PASS });
    const revealed = await ok('revealSecret', { applicationKeyId: created.key.applicationKeyId });
    expect(revealed.applicationKey).toBe(created.applicationKey);

    const dump = await page.evaluate(async () => {
      const b = (globalThis as unknown as { browser: { storage: { local: { get(k: null): Promise<unknown> }; sync: { get(k: null): Promise<unknown> } } } }).browser;
      return { local: await b.storage.local.get(null), sync: await b.storage.sync.get(null).catch(() => ({})) };
    });
    expect(findSecrets(dump, { passphrase: PASS, masterKey: emu.applicationKey, created: created.applicationKey })).toEqual([]);
    expect(JSON.stringify(dump)).toContain(created.key.applicationKeyId);
  });
});
