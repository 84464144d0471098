/**
 * Issue 13 in real Chromium with the emulator: fills on two loopback origins are both listed for the key; Rotate
 * shows them and, after it, the popup opened on one of those pages offers the successor first; turning recording
 * off stops new entries; clearing empties the lists; storage holds no origin or page title in plain text.
 * Uses the test build (loopback host permission: automation cannot grant activeTab).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';
import { currentWorker, distDir, launchChromium, type ChromiumExtension } from '../helpers/browsers';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server';
import { rpcOk } from '../helpers/rpc';
import { findSecrets } from '../helpers/secrets-scan';

const PASS = 'insight e2e passphrase 5521';
const POPUP = 'src/popup/index.html';
const OPTIONS = 'src/options/index.html';
const TITLE = 'Add storage – Backup Console';
const SHOTS = join(import.meta.dirname, '../../test-results/screenshots');
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `insight-${name}.png`), fullPage: true });

let emu: RunningEmulator;
let ext: ChromiumExtension;
let serverA: FixtureServer;
let serverB: FixtureServer;
let serverC: FixtureServer;
let popup: Page;
let keyId: string;
let newId: string;
let tabA: number;

async function openFixture(server: FixtureServer): Promise<{ page: Page; tabId: number }> {
  const page = await ext.context.newPage();
  const url = `${server.url}autofill/s3-compatible.html`;
  await page.goto(url, { waitUntil: 'load' });
  const tabId = await popup.evaluate(async (u) => (await chrome.tabs.query({ url: u }))[0]?.id, url);
  if (tabId === undefined) throw new Error(`no tab for ${url}`);
  return { page, tabId };
}

async function fillOn(server: FixtureServer, id: string): Promise<number> {
  const { tabId } = await openFixture(server);
  const outcome = await rpcOk(popup, 'fillOnPage', { applicationKeyId: id, what: 'both', tabId });
  expect(outcome.status).toBe('filled');
  return tabId;
}

async function openDetails(keyName: string): Promise<void> {
  await popup.goto(`chrome-extension://${ext.extensionId}/${POPUP}`);
  await popup.getByTestId('search').fill(keyName);
  const row = popup.locator('[data-testid="key-row"]').filter({ has: popup.locator('.key-name', { hasText: new RegExp(`^${keyName}$`) }) });
  await row.locator('.row-main').click();
  await popup.getByTestId('key-details').waitFor();
}

const origins = async (testId: string) => popup.getByTestId(testId).locator('[data-testid="used-on-entry"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-origin')).sort());

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  emu = await startEmulator({ port: 0 });
  serverA = await startFixtureServer();
  serverB = await startFixtureServer();
  serverC = await startFixtureServer();
  ext = await launchChromium(distDir('test-chrome'));
  popup = await ext.open(POPUP);
  await popup.setViewportSize({ width: 400, height: 800 });
  await rpcOk(popup, 'createVault', { passphrase: PASS });
  await rpcOk(popup, 'addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url });
  keyId = (await rpcOk(popup, 'createKey', { keyName: 'site-key', capabilities: ['listBuckets', 'listFiles', 'readFiles'] })).key.applicationKeyId;
  await rpcOk(popup, 'refreshKeys', {});
});

afterAll(async () => {
  await ext?.close();
  await emu?.close();
  for (const s of [serverA, serverB, serverC]) await s?.close();
});

describe('where each key is used', () => {
  it('fills on two origins are both listed in the key details, and storage holds neither origin nor title in plain text', async () => {
    tabA = await fillOn(serverA, keyId);
    await fillOn(serverB, keyId);
    await openDetails('site-key');
    await expect.poll(() => origins('used-on-details')).toEqual([serverA.origin, serverB.origin].sort());
    await expect(popup.getByTestId('used-on-details').textContent()).resolves.toContain(`“${TITLE}”`);
    await shot(popup, 'details-filled-into');

    const worker = await currentWorker(ext);
    const dump = await worker.evaluate(async () => ({ local: await chrome.storage.local.get(null), sync: await chrome.storage.sync.get(null) }));
    expect(Object.keys(dump.local)).toContain(`usage:${emu.accountId}`);
    expect(findSecrets(dump, { originA: serverA.origin, originB: serverB.origin, hostA: `127.0.0.1:${serverA.port}`, title: TITLE, passphrase: PASS })).toEqual([]);
  });

  it('Rotate shows the sites before it runs, and afterwards the popup on one of them offers the successor first', async () => {
    await openDetails('site-key');
    await popup.getByTestId('rotate-key').click();
    await popup.getByTestId('rotate-form').waitFor();
    await expect.poll(() => origins('used-on-rotate')).toEqual([serverA.origin, serverB.origin].sort());
    await expect(popup.getByTestId('used-on-rotate').textContent()).resolves.toContain('Still used on these 2 sites: update them after rotating.');
    await shot(popup, 'rotate-still-used');
    await popup.getByTestId('rotate-submit').click();
    await popup.getByTestId('one-time-secret').waitFor({ timeout: 30_000 });
    newId = (await popup.getByTestId('new-key-id').textContent())!.trim();
    expect(newId).not.toBe(keyId);
    // The old-key step repeats them: these are the sites to update before deleting it.
    await expect.poll(() => origins('used-on-rotate')).toEqual([serverA.origin, serverB.origin].sort());
    await popup.getByTestId('created-done').click();

    // The popup as it opens over the page on origin A: the successor first, then the key that was used there.
    await popup.goto(`chrome-extension://${ext.extensionId}/${POPUP}?tab=${tabA}`);
    await popup.getByTestId('for-this-page').waitFor();
    const offered = await popup.getByTestId('suggested-key').evaluateAll((els) => els.map((e) => e.getAttribute('data-key-id')));
    expect(offered).toEqual([newId, keyId]);
    await expect(popup.getByTestId('for-this-page').textContent()).resolves.toContain('replaces “site-key”');
    await shot(popup, 'for-this-page');
    // Opening the offered key leads to its details, where Fill is.
    await popup.getByTestId('suggested-key').first().click();
    await expect(popup.getByTestId('details-key-id').textContent()).resolves.toContain(newId);

    // A page never used with any key gets no such offer.
    const { tabId: tabC } = await openFixture(serverC);
    const none = await rpcOk(popup, 'pageSuggestions', { tabId: tabC });
    expect(none).toEqual({ origin: serverC.origin, keys: [] });
  });

  it('with recording off a fill adds nothing; clearing empties every list', async () => {
    const options = await ext.open(OPTIONS);
    await options.getByTestId('record-usage').waitFor();
    // A click, not uncheck(): the box shows the saved setting, so it changes only once the background has
    // answered, and Playwright's check()/uncheck() fail when the state has not changed right after the click.
    await options.getByTestId('record-usage').click();
    await expect.poll(async () => (await rpcOk(popup, 'getSettings', {})).recordUsage).toBe(false);
    await expect.poll(() => options.getByTestId('record-usage').isChecked()).toBe(false);
    await fillOn(serverC, newId);
    await fillOn(serverC, keyId);
    expect((await rpcOk(popup, 'keyUsage', { applicationKeyId: newId })).entries).toEqual([]);
    expect((await rpcOk(popup, 'keyUsage', { applicationKeyId: keyId })).entries.map((e) => e.origin).sort()).toEqual([serverA.origin, serverB.origin].sort());

    // Back on: the next fill is recorded again (so the check above was not a fill that never records).
    await options.getByTestId('record-usage').click();
    await expect.poll(async () => (await rpcOk(popup, 'getSettings', {})).recordUsage).toBe(true);
    await expect.poll(() => options.getByTestId('record-usage').isChecked()).toBe(true);
    await fillOn(serverC, newId);
    expect((await rpcOk(popup, 'keyUsage', { applicationKeyId: newId })).entries.map((e) => e.origin)).toEqual([serverC.origin]);

    await options.getByTestId('clear-usage').click();
    await options.getByTestId('confirm-clear-usage').click();
    // The note is always in the page (empty until the background answers), so wait for its text.
    await expect.poll(() => options.getByTestId('where-used-note').textContent()).toMatch(/Cleared/);
    for (const id of [keyId, newId]) expect((await rpcOk(popup, 'keyUsage', { applicationKeyId: id })).entries).toEqual([]);
    await openDetails('site-key');
    await popup.getByTestId('used-on-empty').waitFor();
    const worker = await currentWorker(ext);
    const local = await worker.evaluate(async () => chrome.storage.local.get(null));
    expect(Object.keys(local).filter((k) => k.startsWith('usage:'))).toEqual([]);
    await options.close();
  });
});
