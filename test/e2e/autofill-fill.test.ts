/**
 * Filling through the extension in Chromium: the popup's "Fill on this page" path (the fillOnPage RPC
 * it calls) and the context menu's action path, on fixture forms served on loopback. Uses the test build,
 * whose only difference is a loopback host permission: automation cannot grant activeTab.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';
import { currentWorker, distDir, launchChromium, type ChromiumExtension } from '../helpers/browsers';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server';
import { rpcFrom, rpcOk } from '../helpers/rpc';
import { storedSecrets } from '../helpers/stored-secrets';

const PASS = 'autofill e2e passphrase';
let emu: RunningEmulator;
let ext: ChromiumExtension;
let serverA: FixtureServer;
let serverB: FixtureServer;
let popup: Page;
let keyId: string;
let secret: string;

async function openFixture(file: string): Promise<{ page: Page; tabId: number }> {
  const page = await ext.context.newPage();
  const url = `${serverA.url}autofill/${file}?other=${encodeURIComponent(serverB.origin)}`;
  await page.goto(url, { waitUntil: 'load' });
  const tabId = await popup.evaluate(async (u) => (await chrome.tabs.query({ url: u.split('?')[0] + '*' }))[0]?.id, url);
  if (tabId === undefined) throw new Error(`no tab for ${file}`);
  return { page, tabId };
}

/** The context menu's click handler, as the test build exposes it (a native menu cannot be clicked by automation). */
async function menuClick(tabId: number, menuItemId: string, frameId = 0): Promise<void> {
  const worker = await currentWorker(ext);
  await worker.evaluate(
    async ([t, id, f]) => {
      const hooks = (globalThis as unknown as { __b2kmTest: { menuClick(info: object, tab: object): Promise<void> } }).__b2kmTest;
      await hooks.menuClick({ menuItemId: id, frameId: f, editable: true }, { id: t });
    },
    [tabId, menuItemId, frameId] as const,
  );
}

async function state(page: Page): Promise<Record<string, string>> {
  return JSON.parse((await page.textContent('#state')) ?? '{}');
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  serverA = await startFixtureServer();
  serverB = await startFixtureServer();
  ext = await launchChromium(distDir('test-chrome'));
  popup = await ext.open('src/popup/index.html');
  await rpcOk(popup, 'createVault', { passphrase: PASS });
  await rpcOk(popup, 'addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url });
  const created = await rpcOk(popup, 'createKey', { keyName: 'nas-sync', capabilities: ['listBuckets', 'listFiles', 'readFiles', 'writeFiles'] });
  keyId = created.key.applicationKeyId;
  secret = created.applicationKey;
});
afterAll(async () => {
  if (ext) {
    expect(await storedSecrets(ext, { passphrase: PASS, masterKey: emu.applicationKey, secret })).toEqual([]);
    await ext.close();
  }
  await emu?.close();
  await serverA?.close();
  await serverB?.close();
});

describe('fill from the popup', () => {
  it('reports a partial fill as partial: what went in and what had no field', async () => {
    const { page, tabId } = await openFixture('rotate-secret-only.html');
    const outcome = await rpcOk(popup, 'fillOnPage', { applicationKeyId: keyId, what: 'both', tabId });
    expect(outcome).toMatchObject({ status: 'partial', filled: ['secret'], missing: ['keyId'] });
    if (outcome.status !== 'partial') throw new Error('expected a partial fill');
    expect(outcome.message).toMatch(/^Filled the applicationKey on http:\/\/127\.0\.0\.1:\d+; no keyID field was found on this page\./);
    expect(outcome.message).not.toContain(secret);
    expect(await page.inputValue('#new-app-key')).toBe(secret);
    await page.close();
  });

  it('fills keyID and applicationKey into a generic S3-compatible form', async () => {
    const { page, tabId } = await openFixture('s3-compatible.html');
    const outcome = await rpcOk(popup, 'fillOnPage', { applicationKeyId: keyId, what: 'both', tabId });
    expect(outcome).toMatchObject({ status: 'filled', filled: expect.arrayContaining(['keyId', 'secret']) });
    expect(await page.inputValue('[name=s3_access_key_id]')).toBe(keyId);
    expect(await page.inputValue('[name=s3_secret_access_key]')).toBe(secret);
    await page.close();
  });

  it('a React-like controlled form keeps the values in its state', async () => {
    const { page, tabId } = await openFixture('react-controlled.html');
    await rpcOk(popup, 'fillOnPage', { applicationKeyId: keyId, what: 'both', tabId });
    expect(await state(page)).toMatchObject({ keyId, secret, keyName: '' });
    await page.close();
  });

  it('a Vue-like lazy model sees the change event', async () => {
    const { page, tabId } = await openFixture('vue-lazy-model.html');
    await rpcOk(popup, 'fillOnPage', { applicationKeyId: keyId, what: 'keyId', tabId });
    expect(Object.values(await state(page))).toContain(keyId);
    expect(Object.values(await state(page))).not.toContain(secret);
    await page.close();
  });

  it('asks before filling a cross-origin frame, fills after the yes', async () => {
    const { page, tabId } = await openFixture('cross-origin-iframe.html');
    const first = await rpcOk(popup, 'fillOnPage', { applicationKeyId: keyId, what: 'keyId', tabId });
    expect(first).toMatchObject({ status: 'confirm', reason: 'crossOriginFrame' });
    const frame = page.frames().find((f) => f.url().startsWith(serverB.origin))!;
    expect(await frame.inputValue('[name=ak]')).toBe('');
    if (first.status !== 'confirm') throw new Error('expected a question');
    expect(first.frameOrigin).toBe(serverB.origin);
    const second = await rpcOk(popup, 'fillOnPage', { applicationKeyId: keyId, what: 'keyId', tabId, confirmedOrigin: first.frameOrigin });
    expect(second.status).toBe('filled');
    expect(await frame.inputValue('[name=ak]')).toBe(keyId);
    expect(await frame.inputValue('[name=sk]')).toBe('');
    await page.close();
  });

  it('says so when the page has no fitting field, and changes nothing', async () => {
    const { page, tabId } = await openFixture('no-field-login.html');
    const before = await page.evaluate(() => [...document.querySelectorAll('input')].map((i) => i.value));
    const outcome = await rpcOk(popup, 'fillOnPage', { applicationKeyId: keyId, what: 'both', tabId });
    expect(outcome).toMatchObject({ status: 'notFound', message: expect.stringMatching(/No keyID or applicationKey field/) });
    expect(await page.evaluate(() => [...document.querySelectorAll('input')].map((i) => i.value))).toEqual(before);
    await page.close();
  });
});

describe('fill from the popup’s buttons', () => {
  /** The popup as a tab aimed at the fixture's tab (`?tab=`), since in automation the popup is itself the active tab. */
  async function popupFor(tabId: number): Promise<Page> {
    const page = await ext.open(`src/popup/index.html?tab=${tabId}`);
    await page.setViewportSize({ width: 400, height: 600 });
    await page.locator('[data-key-id] .row-main').first().click();
    await page.getByTestId('key-details').waitFor();
    return page;
  }

  it('fills both values into an S3-compatible form with one click', async () => {
    const { page, tabId } = await openFixture('s3-compatible.html');
    const ui = await popupFor(tabId);
    await ui.getByRole('button', { name: 'Fill keyID and applicationKey' }).click();
    await ui.getByText(/Filled the keyID and applicationKey on http:\/\/127\.0\.0\.1:\d+\./).waitFor();
    expect(await page.inputValue('[name=s3_access_key_id]')).toBe(keyId);
    expect(await page.inputValue('[name=s3_secret_access_key]')).toBe(secret);
    await ui.close();
    await page.close();
  });

  it('says so, as a warning, when only the applicationKey found a field', async () => {
    const { page, tabId } = await openFixture('rotate-secret-only.html');
    const ui = await popupFor(tabId);
    await ui.getByRole('button', { name: 'Fill keyID and applicationKey' }).click();
    const warning = ui.getByTestId('fill-partial');
    await warning.waitFor();
    expect(await warning.textContent()).toMatch(/^Filled the applicationKey on http:\/\/127\.0\.0\.1:\d+; no keyID field was found on this page\./);
    expect(await warning.getAttribute('class')).toContain('warning');
    // Nothing in the success style.
    expect((await ui.locator('.fill .ok-text').textContent())?.trim()).toBe('');
    expect(await page.inputValue('#new-app-key')).toBe(secret);
    await ui.screenshot({ path: 'test-results/screenshots/autofill-popup-partial.png' });
    await ui.close();
    await page.close();
  });

  it('asks before a cross-origin frame and fills after “Fill anyway”', async () => {
    const { page, tabId } = await openFixture('cross-origin-iframe.html');
    const ui = await popupFor(tabId);
    await ui.getByRole('button', { name: 'Fill keyID', exact: true }).click();
    await ui.getByText(/inside a frame from/).waitFor();
    const frame = page.frames().find((f) => f.url().startsWith(serverB.origin))!;
    expect(await frame.inputValue('[name=ak]')).toBe('');
    await ui.screenshot({ path: 'test-results/screenshots/autofill-popup-confirm-frame.png' });
    // Escape answers "no": the question closes, the details view stays, nothing is filled.
    await ui.keyboard.press('Escape');
    await ui.getByText(/inside a frame from/).waitFor({ state: 'detached' });
    await ui.getByTestId('key-details').waitFor();
    expect(await frame.inputValue('[name=ak]')).toBe('');
    await ui.getByRole('button', { name: 'Fill keyID', exact: true }).click();
    await ui.getByRole('button', { name: 'Fill anyway' }).click();
    await ui.getByText(/Filled the keyID on/).waitFor();
    expect(await frame.inputValue('[name=ak]')).toBe(keyId);
    await ui.close();
    await page.close();
  });

  it('shows the sentence when nothing fits, and leaves the page alone', async () => {
    const { page, tabId } = await openFixture('no-field-login.html');
    const values = () => page.evaluate(() => [...document.querySelectorAll('input')].map((i) => i.value));
    const before = await values();
    const ui = await popupFor(tabId);
    await ui.getByRole('button', { name: 'Fill keyID', exact: true }).click();
    await ui.getByText(/No keyID or applicationKey field was found on this page/).waitFor();
    expect(await values()).toEqual(before);
    await ui.close();
    await page.close();
  });
});

describe('fill from the context menu', () => {
  for (const [file, selector] of [
    ['nas-cloud-sync.html', '[data-expect=keyId]'],
    ['rclone-remote.html', '[data-expect=keyId]'],
    ['react-controlled.html', '[data-expect=keyId]'],
  ] as const) {
    it(`fills the right-clicked field on ${file}`, async () => {
      const { page, tabId } = await openFixture(file);
      await page.focus(selector);
      await menuClick(tabId, `keyId:${keyId}`);
      expect(await page.inputValue(selector)).toBe(keyId);
      if (file === 'react-controlled.html') expect((await state(page)).keyId).toBe(keyId);
      await page.focus('[data-expect=secret]');
      await menuClick(tabId, `secret:${keyId}`);
      expect(await page.inputValue('[data-expect=secret]')).toBe(secret);
      await page.close();
    });
  }
});

describe('while locked', () => {
  it('refuses to fill a secret, from the popup and from the menu; the keyID still fills', async () => {
    await rpcOk(popup, 'lock', {});
    const { page, tabId } = await openFixture('s3-compatible.html');
    const reply = await rpcFrom(popup, 'fillOnPage', { applicationKeyId: keyId, what: 'secret', tabId });
    expect(reply).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    await page.focus('[name=s3_secret_access_key]');
    await menuClick(tabId, `secret:${keyId}`);
    expect(await page.inputValue('[name=s3_secret_access_key]')).toBe('');
    const keyOnly = await rpcOk(popup, 'fillOnPage', { applicationKeyId: keyId, what: 'keyId', tabId });
    expect(keyOnly.status).toBe('filled');
    expect(await page.inputValue('[name=s3_access_key_id]')).toBe(keyId);
    await page.close();
  });
});
