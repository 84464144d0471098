/**
 * Filling in Firefox ESR through the extension: the popup's fill buttons and the context menu's action
 * path, on fixture forms served on loopback. Uses dist/test-firefox, whose only difference from the
 * release build is the loopback host permission (automation cannot grant activeTab), as for Chromium.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';
import { distDir, launchFirefox, type FirefoxExtension } from '../helpers/browsers';
import { firefoxRpc } from '../helpers/firefox-rpc';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server';

const PASS = 'firefox autofill passphrase 8812';
let emu: RunningEmulator;
let ext: FirefoxExtension;
let server: FixtureServer;
let options: Page;
let keyId: string;
let secret: string;
const { ok, rpc } = firefoxRpc(() => options);

interface Ext {
  tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> };
  runtime: { getBackgroundPage(): Promise<{ __b2kmTest?: { menuClick(info: object, tab: object): Promise<void> } }> };
}

async function openFixture(file: string): Promise<{ page: Page; tabId: number }> {
  const page = await ext.browser.newPage();
  const url = `${server.url}autofill/${file}`;
  await page.goto(url, { waitUntil: 'load' });
  const tabId = await options.evaluate(async (u) => {
    const tabs = await (globalThis as unknown as { browser: Ext }).browser.tabs.query({});
    return tabs.find((t) => t.url === u)?.id;
  }, url);
  if (tabId === undefined) throw new Error(`no tab for ${file}`);
  return { page, tabId };
}

/** The menu's click handler in the event page, as the test build exposes it (a native menu cannot be clicked by automation). */
async function menuClick(tabId: number, menuItemId: string): Promise<void> {
  await options.evaluate(
    async (t, id) => {
      const bg = await (globalThis as unknown as { browser: Ext }).browser.runtime.getBackgroundPage();
      if (!bg.__b2kmTest) throw new Error('not the test build');
      await bg.__b2kmTest.menuClick({ menuItemId: id, frameId: 0, editable: true }, { id: t });
    },
    tabId,
    menuItemId,
  );
}

const value = (page: Page, selector: string) => page.$eval(selector, (el) => (el as HTMLInputElement).value);

/** The popup as a tab aimed at the fixture's tab (`?tab=`), with the key's details open. */
async function popupFor(tabId: number): Promise<Page> {
  const page = await ext.open(`src/popup/index.html?tab=${tabId}`, `document.querySelector('[data-key-id] .row-main') !== null`);
  await page.click('[data-key-id] .row-main');
  await page.waitForSelector('[data-testid="key-details"]');
  return page;
}

async function clickButton(page: Page, name: string): Promise<void> {
  await page.evaluate((n) => {
    const button = Array.from(document.querySelectorAll('button')).find((b) => b.textContent?.trim() === n);
    if (!button) throw new Error(`no button ${n}`);
    button.click();
  }, name);
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  server = await startFixtureServer();
  ext = await launchFirefox(distDir('test-firefox'));
  options = await ext.open('src/options/index.html', `document.querySelector('[data-testid="background-status"]') !== null`);
  await ok('createVault', { passphrase: PASS });
  await ok('addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url });
  const created = (await ok('createKey', { keyName: 'ff-sync', capabilities: ['listBuckets', 'listFiles', 'readFiles'] })) as {
    key: { applicationKeyId: string };
    applicationKey: string;
  };
  keyId = created.key.applicationKeyId;
  secret = created.applicationKey;
});
afterAll(async () => {
  await ext?.close();
  await emu?.close();
  await server?.close();
});

describe('Firefox ESR: fill from the popup', () => {
  it('fills keyID and applicationKey into an S3-compatible form with one click', async () => {
    const { page, tabId } = await openFixture('s3-compatible.html');
    const ui = await popupFor(tabId);
    await clickButton(ui, 'Fill keyID and applicationKey');
    await ui.waitForFunction(() => /Filled the keyID and applicationKey on http:\/\/127\.0\.0\.1:\d+\./.test(document.body.innerText), { timeout: 30_000 });
    expect(await value(page, '[name=s3_access_key_id]')).toBe(keyId);
    expect(await value(page, '[name=s3_secret_access_key]')).toBe(secret);
    await ui.close();
    await page.close();
  });

  it('fills a German form the same way', async () => {
    const { page, tabId } = await openFixture('de-backup-target.html');
    const ui = await popupFor(tabId);
    await clickButton(ui, 'Fill keyID and applicationKey');
    await ui.waitForFunction(() => /Filled the keyID and applicationKey on/.test(document.body.innerText), { timeout: 30_000 });
    expect(await value(page, '[data-expect=keyId]')).toBe(keyId);
    expect(await value(page, '[data-expect=secret]')).toBe(secret);
    await ui.close();
    await page.close();
  });

  it('shows a partial fill as a warning that names what had no field', async () => {
    const { page, tabId } = await openFixture('rotate-secret-only.html');
    const ui = await popupFor(tabId);
    await clickButton(ui, 'Fill keyID and applicationKey');
    await ui.waitForSelector('[data-testid="fill-partial"]', { timeout: 30_000 });
    const text = await ui.$eval('[data-testid="fill-partial"]', (el) => el.textContent ?? '');
    expect(text).toMatch(/^Filled the applicationKey on http:\/\/127\.0\.0\.1:\d+; no keyID field was found on this page\./);
    expect(await ui.$eval('.fill .ok-text', (el) => (el.textContent ?? '').trim())).toBe('');
    expect(await value(page, '#new-app-key')).toBe(secret);
    await ui.close();
    await page.close();
  });

  it('says so when nothing fits, and changes nothing', async () => {
    const { page, tabId } = await openFixture('no-field-login.html');
    const values = () => page.$$eval('input', (els) => els.map((e) => (e as HTMLInputElement).value));
    const before = await values();
    const reply = await rpc('fillOnPage', { applicationKeyId: keyId, what: 'both', tabId });
    expect(reply).toMatchObject({ ok: true, value: { status: 'notFound', message: expect.stringMatching(/No keyID or applicationKey field/) } });
    expect(await values()).toEqual(before);
    await page.close();
  });
});

describe('Firefox ESR: fill from the context menu', () => {
  for (const file of ['nas-cloud-sync.html', 'react-controlled.html']) {
    it(`fills the right-clicked field on ${file}`, async () => {
      const { page, tabId } = await openFixture(file);
      await page.focus('[data-expect=keyId]');
      await menuClick(tabId, `keyId:${keyId}`);
      expect(await value(page, '[data-expect=keyId]')).toBe(keyId);
      if (file === 'react-controlled.html') {
        const state = JSON.parse((await page.$eval('#state', (el) => el.textContent)) ?? '{}') as Record<string, string>;
        expect(state['keyId']).toBe(keyId);
      }
      await page.focus('[data-expect=secret]');
      await menuClick(tabId, `secret:${keyId}`);
      expect(await value(page, '[data-expect=secret]')).toBe(secret);
      await page.close();
    });
  }

  it('fills no secret while locked; the keyID still fills', async () => {
    await ok('lock', {});
    const { page, tabId } = await openFixture('s3-compatible.html');
    await page.focus('[name=s3_secret_access_key]');
    await menuClick(tabId, `secret:${keyId}`);
    expect(await value(page, '[name=s3_secret_access_key]')).toBe('');
    await page.focus('[name=s3_access_key_id]');
    await menuClick(tabId, `keyId:${keyId}`);
    expect(await value(page, '[name=s3_access_key_id]')).toBe(keyId);
    await page.close();
  });
});
