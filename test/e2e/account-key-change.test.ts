/**
 * Issue 8 item 2 in Chromium through the pages: adding an account again with another key asks first
 * (both keyIDs, the capabilities lost), "Keep the current key" changes nothing, "Replace the key" keeps
 * the old applicationKey in the vault; the popup lists the managing key as this account's key (saved).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';
import { currentWorker, distDir, launchChromium, type ChromiumExtension, untilLive } from '../helpers/browsers';
import { rpcOk } from '../helpers/rpc';
import { storedSecrets } from '../helpers/stored-secrets';

const PASS = 'account key change passphrase';
let emu: RunningEmulator;
let ext: ChromiumExtension;
let page: Page;
let lister: { applicationKeyId: string; applicationKey: string };
let manager: { applicationKeyId: string; applicationKey: string };

async function addThroughForm(options: Page, keyId: string, secret: string): Promise<void> {
  await options.getByTestId('add-another-account').click();
  const form = options.getByTestId('add-account-form');
  await form.getByLabel('keyID').fill(keyId);
  await form.getByLabel('applicationKey').fill(secret);
  await form.getByText('Advanced: API endpoint').click();
  await form.getByLabel('API endpoint').fill(emu.url);
  await form.getByRole('button', { name: 'Add account' }).click();
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  ext = await launchChromium(distDir('test-chrome'));
  page = await ext.open('src/popup/index.html');
  await rpcOk(page, 'createVault', { passphrase: PASS });
  await rpcOk(page, 'addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url });
  const l = await rpcOk(page, 'createKey', { keyName: 'lister-only', capabilities: ['listKeys', 'listBuckets'] });
  lister = { applicationKeyId: l.key.applicationKeyId, applicationKey: l.applicationKey };
  const m = await rpcOk(page, 'createKey', { keyName: 'manager', capabilities: ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets'] });
  manager = { applicationKeyId: m.key.applicationKeyId, applicationKey: m.applicationKey };
});
afterAll(async () => {
  if (ext) {
    expect(await storedSecrets(ext, { passphrase: PASS, masterKey: emu.applicationKey, lister: lister.applicationKey, manager: manager.applicationKey })).toEqual([]);
    await ext.close();
  }
  await emu?.close();
});

describe('adding an account again with another key', () => {
  it('asks first, naming both keyIDs and what would be lost; keeping changes nothing', async () => {
    const options = await ext.open('src/options/index.html');
    const before = await (await currentWorker(ext)).evaluate(() => chrome.storage.local.get('accounts'));
    await addThroughForm(options, lister.applicationKeyId, lister.applicationKey);
    const question = options.getByTestId('key-change-question');
    await question.waitFor();
    const text = (await question.textContent()) ?? '';
    expect(text).toContain(emu.applicationKeyId);
    expect(text).toContain(lister.applicationKeyId);
    expect(await options.getByTestId('key-change-lost').textContent()).toMatch(/writeKeys.*deleteKeys|deleteKeys.*writeKeys/);
    await question.getByRole('button', { name: 'Keep the current key' }).click();
    await question.waitFor({ state: 'detached' });
    expect(await (await currentWorker(ext)).evaluate(() => chrome.storage.local.get('accounts'))).toEqual(before);
    await options.close();
  });

  it('replacing keeps the old applicationKey in the vault, and the popup lists the new one as this account’s key', async () => {
    const options = await ext.open('src/options/index.html');
    await addThroughForm(options, manager.applicationKeyId, manager.applicationKey);
    await options.getByTestId('key-change-question').getByRole('button', { name: 'Replace the key' }).click();
    await options.getByTestId('account-card').getByText(manager.applicationKeyId).waitFor();
    await options.close();
    expect((await rpcOk(page, 'revealSecret', { applicationKeyId: emu.applicationKeyId })).applicationKey).toBe(emu.applicationKey);

    const popup = await ext.open('src/popup/index.html');
    await popup.setViewportSize({ width: 400, height: 600 });
    await rpcOk(popup, 'refreshKeys', {});
    await popup.reload();
    await untilLive(popup);
    const row = popup.locator(`[data-key-id="${manager.applicationKeyId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('This account’s key (saved)');
    expect(await row.textContent()).not.toContain('No secret');
    await row.locator('.row-main').click();
    await popup.getByTestId('secret-state').waitFor();
    expect(await popup.getByTestId('secret-state').textContent()).toMatch(/This account’s key/);
    await popup.getByTestId('reveal').click();
    expect(await popup.getByTestId('revealed-secret').textContent()).toBe(manager.applicationKey);
    await popup.close();
  });
});
