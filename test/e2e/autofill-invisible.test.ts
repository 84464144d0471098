/**
 * Fill safety through the extension in Chromium (test build, real emulator): "Fill keyID and applicationKey"
 * puts nothing into B2 fields a person cannot see, fills the visible form that sits beside invisible copies,
 * and the fill question a hostile frame causes is the background's own sentence with none of the frame's text.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';
import { currentWorker, distDir, launchChromium, type ChromiumExtension } from '../helpers/browsers';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server';
import { rpcOk } from '../helpers/rpc';
import { storedSecrets } from '../helpers/stored-secrets';

const PASS = 'invisible fields e2e passphrase';
/** What the hostile fixtures put into their frame's URL, title and text. */
const HOSTILE = /Backblaze|verified|safe|answer OK|data:text|hostile-form|note=|%20/i;

let emu: RunningEmulator;
let ext: ChromiumExtension;
let server: FixtureServer;
let popup: Page;
let keyId: string;
let secret: string;

async function openFixture(file: string): Promise<{ page: Page; tabId: number }> {
  const page = await ext.context.newPage();
  const url = `${server.url}autofill/${file}`;
  await page.goto(url, { waitUntil: 'load' });
  const tabId = await popup.evaluate(async (u) => (await chrome.tabs.query({ url: u }))[0]?.id, url);
  if (tabId === undefined) throw new Error(`no tab for ${file}`);
  return { page, tabId };
}

/** The context menu's click handler, as the test build exposes it (a native menu cannot be clicked by automation). */
async function menuClick(tabId: number, menuItemId: string): Promise<void> {
  const worker = await currentWorker(ext);
  await worker.evaluate(
    async ([t, id]) => {
      const hooks = (globalThis as unknown as { __b2kmTest: { menuClick(info: object, tab: object): Promise<void> } }).__b2kmTest;
      await hooks.menuClick({ menuItemId: id, frameId: 0, editable: true }, { id: t });
    },
    [tabId, menuItemId] as const,
  );
}

/** Every input's value in every frame of the page (the data: frame included). */
async function allValues(page: Page): Promise<string[]> {
  const out: string[] = [];
  for (const frame of page.frames()) {
    out.push(...(await frame.evaluate(() => [...document.querySelectorAll('input, textarea')].map((i) => (i as HTMLInputElement).value))));
  }
  return out;
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  server = await startFixtureServer();
  ext = await launchChromium(distDir('test-chrome'));
  popup = await ext.open('src/popup/index.html');
  await rpcOk(popup, 'createVault', { passphrase: PASS });
  await rpcOk(popup, 'addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url });
  const created = await rpcOk(popup, 'createKey', { keyName: 'invisible-check', capabilities: ['listBuckets', 'readFiles'] });
  keyId = created.key.applicationKeyId;
  secret = created.applicationKey;
});

afterAll(async () => {
  if (ext) {
    expect(await storedSecrets(ext, { passphrase: PASS, masterKey: emu.applicationKey, secret })).toEqual([]);
    await ext.close();
  }
  await emu?.close();
  await server?.close();
});

describe('fields a person cannot see get nothing', () => {
  for (const file of [
    'invisible-opacity.html',
    'invisible-offscreen.html',
    'invisible-clipped.html',
    'invisible-covered.html',
    'invisible-text-colour.html',
    'invisible-visibility-hidden.html',
    'invisible-zero-size.html',
  ]) {
    it(file, async () => {
      const { page, tabId } = await openFixture(file);
      const before = await allValues(page);
      const outcome = await rpcOk(popup, 'fillOnPage', { applicationKeyId: keyId, what: 'both', tabId });
      expect(outcome).toMatchObject({ status: 'notFound', message: expect.stringMatching(/^No keyID or applicationKey field was found on this page/) });
      const after = await allValues(page);
      expect(after).toEqual(before);
      expect(after.join('\n')).not.toContain(keyId);
      expect(after.join('\n')).not.toContain(secret);
      await page.close();
    });
  }

  it('fills the visible form below the fold, not the invisible copies before it', async () => {
    const { page, tabId } = await openFixture('invisible-decoys-beside-visible-form.html');
    const outcome = await rpcOk(popup, 'fillOnPage', { applicationKeyId: keyId, what: 'both', tabId });
    // The hit test scrolls each field into view and back: the page is left where the person had it.
    expect(await page.evaluate(() => [scrollX, scrollY])).toEqual([0, 0]);
    expect(outcome).toEqual({ status: 'filled', filled: ['keyId', 'secret'], frameUrl: server.origin, message: `Filled the keyID and applicationKey on ${server.origin}.` });
    expect(await page.inputValue('#b2-keyid')).toBe(keyId);
    expect(await page.inputValue('#b2-appkey')).toBe(secret);
    const decoys = await page.evaluate(() => [...document.querySelectorAll<HTMLInputElement>('input[id^=x]')].map((i) => `${i.id}=${i.value}`));
    expect(decoys).toHaveLength(10);
    for (const d of decoys) expect(d).toMatch(/=$/);
    await page.close();
  });
});

describe('from the context menu', () => {
  it('a focused field nobody can see gets nothing, and the badge says why', async () => {
    const { page, tabId } = await openFixture('invisible-opacity.html');
    // A page can move the focus into its invisible field just before the person picks the menu entry.
    await page.focus('#a-keyid');
    await menuClick(tabId, `keyId:${keyId}`);
    await page.focus('#a-appkey');
    await menuClick(tabId, `secret:${keyId}`);
    const values = (await allValues(page)).join('\n');
    expect(values).not.toContain(keyId);
    expect(values).not.toContain(secret);
    const title = await popup.evaluate((t) => chrome.action.getTitle({ tabId: t }), tabId);
    expect(title).toBe('B2 Key Manager: The field cannot be seen on the page (it is hidden, covered or off-screen), so nothing was filled.');
    await page.close();
  });
});

describe('a sandboxed frame is described, never quoted, and never filled', () => {
  // Its origin is the opaque "null" every sandboxed document shares, so the fill's last check (the frame still holds
  // the origin that was planned) cannot pin it: the background says so instead of asking a question whose yes
  // could lead nowhere (fault review 12).
  const refusal = (place: string) =>
    `The field is inside ${place}: the browser gives it no origin of its own, so the extension cannot make sure that only it receives the keyID and applicationKey. Nothing was filled. Copy the keyID and applicationKey from the key's details and paste them by hand.`;

  it('a sandboxed data: frame, asked for or with a yes to "null"', async () => {
    const { page, tabId } = await openFixture('hostile-data-frame.html');
    const dataFrame = page.frames().find((f) => f.url().startsWith('data:'));
    expect(dataFrame, 'the data: frame loaded').toBeDefined();
    expect(dataFrame!.url()).toMatch(/Backblaze/);
    const outcome = await rpcOk(popup, 'fillOnPage', { applicationKeyId: keyId, what: 'both', tabId });
    expect(outcome).toEqual({ status: 'notFound', message: refusal('a frame with no web address (data: URL)') });
    expect(JSON.stringify(outcome)).not.toMatch(HOSTILE);
    const again = await rpcOk(popup, 'fillOnPage', { applicationKeyId: keyId, what: 'both', tabId, confirmedOrigin: 'null' });
    expect(again).toEqual(outcome);
    expect((await allValues(page)).join('\n')).not.toContain(keyId);
    await page.close();
  });

  it('a sandboxed frame whose path, query, fragment and title carry the text is called “a sandboxed frame”', async () => {
    const { page, tabId } = await openFixture('hostile-sandboxed-frame.html');
    const outcome = await rpcOk(popup, 'fillOnPage', { applicationKeyId: keyId, what: 'both', tabId });
    expect(outcome).toEqual({ status: 'notFound', message: refusal('a sandboxed frame') });
    expect(JSON.stringify(outcome)).not.toMatch(HOSTILE);
    expect((await allValues(page)).join('\n')).not.toContain(keyId);
    await page.close();
  });

  it('the popup shows the background’s sentence and nothing of the frame, and offers no “Fill anyway”', async () => {
    const { page, tabId } = await openFixture('hostile-data-frame.html');
    const ui = await ext.open(`src/popup/index.html?tab=${tabId}`);
    await ui.setViewportSize({ width: 400, height: 600 });
    await ui.locator('[data-key-id] .row-main').first().click();
    await ui.getByTestId('key-details').waitFor();
    await ui.getByRole('button', { name: 'Fill keyID and applicationKey' }).click();
    const said = ui.getByRole('alert').filter({ hasText: 'inside a frame' });
    await said.waitFor();
    expect(await said.textContent()).toBe(refusal('a frame with no web address (data: URL)'));
    expect(await ui.getByRole('button', { name: 'Fill anyway' }).count()).toBe(0);
    expect(await ui.locator('body').innerText()).not.toMatch(HOSTILE);
    await ui.screenshot({ path: 'test-results/screenshots/autofill-popup-sandboxed-frame.png' });
    expect((await allValues(page)).join('\n')).not.toContain(keyId);
    await ui.close();
    await page.close();
  });
});
