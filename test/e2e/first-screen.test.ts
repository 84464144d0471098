/**
 * The popup opens on a kept copy of the list it showed last (src/popup/first-screen.ts), in real Chromium against
 * the real emulator: the copy is drawn inert before the live popup, is gone the moment the live popup has drawn
 * itself (never both at once), an out-of-date copy gives way to the live list, it never holds an applicationKey or
 * what the current page is, and removing the account forgets it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';
import { distDir, launchChromium, untilLive, type ChromiumExtension } from '../helpers/browsers';
import { rpcOk } from '../helpers/rpc';
import { findSecrets } from '../helpers/secrets-scan';

const PASS = 'first screen e2e passphrase 7741';
const POPUP = 'src/popup/index.html';
const ITEM = 'b2km:first-screen';
let emu: RunningEmulator;
let ext: ChromiumExtension;
let options: Page;
const secrets: Record<string, string> = {};

/** What an opening of the popup looked like before it went live, recorded from the page's first instruction. */
interface Seen {
  copyDrawn: boolean;
  copyInert: boolean;
  copyRows: string[];
  /** Whether #app (the live popup, still drawing) was hidden while the copy was shown. */
  appHidden: boolean;
  /** Times the copy and a live key row were in the page together (the copy must go as the live rows come). */
  overlaps: number;
}

/** Opens the popup recording what it draws, and returns once it is live. */
async function openRecorded(): Promise<{ page: Page; seen: Seen }> {
  const page = await ext.context.newPage();
  await page.addInitScript(() => {
    const seen = { copyDrawn: false, copyInert: false, copyRows: [] as string[], appHidden: false, overlaps: 0 };
    (window as unknown as { __seen: typeof seen }).__seen = seen;
    new MutationObserver(() => {
      const copy = document.getElementById('first-screen');
      if (copy && !seen.copyDrawn) {
        seen.copyDrawn = true;
        seen.copyInert = copy.hasAttribute('inert') && copy.getAttribute('aria-hidden') === 'true';
        seen.copyRows = [...copy.querySelectorAll('[data-testid="key-row"] .key-name')].map((e) => e.textContent ?? '');
        const app = document.getElementById('app');
        seen.appHidden = app !== null && getComputedStyle(app).display === 'none';
      }
      if (copy && document.querySelector('#app [data-testid="key-row"]')) seen.overlaps++;
    }).observe(document, { childList: true, subtree: true, attributes: true });
  });
  await page.goto(`chrome-extension://${ext.extensionId}/${POPUP}`);
  await untilLive(page);
  await page.getByTestId('key-row').first().waitFor();
  const seen = await page.evaluate(() => (window as unknown as { __seen: Seen }).__seen);
  return { page, seen };
}

async function kept(page: Page): Promise<string | null> {
  return page.evaluate((item) => localStorage.getItem(item), ITEM);
}

async function liveNames(page: Page): Promise<string[]> {
  return page.locator('#app [data-testid="key-row"] .key-name').allTextContents();
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  ext = await launchChromium(distDir('chrome'));
  options = await ext.open('src/options/index.html');
  await rpcOk(options, 'createVault', { passphrase: PASS });
  await rpcOk(options, 'addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url });
  for (const name of ['alpha-key', 'beta-key', 'gamma-key']) {
    const created = await rpcOk(options, 'createKey', { keyName: name, capabilities: ['listBuckets', 'readFiles'] });
    secrets[name] = created.applicationKey;
  }
  secrets.master = emu.applicationKey;
  secrets.passphrase = PASS;
}, 120_000);

afterAll(async () => {
  await ext?.close();
  await emu?.close();
});

describe('the popup’s first screen', () => {
  it('the first opening has no copy; it keeps the list it showed, without any applicationKey', async () => {
    const { page, seen } = await openRecorded();
    expect(seen.copyDrawn).toBe(false);
    await expect.poll(() => kept(page), { timeout: 10_000 }).not.toBeNull();
    const item = (await kept(page))!;
    for (const name of ['alpha-key', 'beta-key', 'gamma-key']) expect(item).toContain(name);
    expect(findSecrets(item, secrets)).toEqual([]);
    await page.close();
  });

  it('the next opening draws the copy inert first, then the live list replaces it without both ever showing', async () => {
    const { page, seen } = await openRecorded();
    expect(seen.copyDrawn).toBe(true);
    expect(seen.copyInert).toBe(true);
    expect(seen.copyRows).toEqual(['alpha-key', 'beta-key', 'gamma-key']);
    expect(seen.appHidden).toBe(true);
    expect(seen.overlaps).toBe(0);
    expect(await page.locator('#first-screen').count()).toBe(0);
    expect(await liveNames(page)).toEqual(['alpha-key', 'beta-key', 'gamma-key']);
    // Live means usable: the rows open the key's details.
    await page.locator('#app [data-testid="key-row"] .row-main').first().click();
    await page.getByTestId('key-details').waitFor();
    await page.close();
  });

  it('a copy that is out of date (a key deleted since) gives way to the live list', async () => {
    const list = await rpcOk(options, 'listKeys', {});
    const beta = list.keys.find((k) => k.keyName === 'beta-key')!;
    await rpcOk(options, 'deleteKey', { applicationKeyId: beta.applicationKeyId, keyName: 'beta-key' });
    const { page, seen } = await openRecorded();
    expect(seen.copyRows).toContain('beta-key');
    expect(await liveNames(page)).toEqual(['alpha-key', 'gamma-key']);
    // …and the live list is what is kept for the next time.
    await expect.poll(async () => (await kept(page))?.includes('beta-key'), { timeout: 10_000 }).toBe(false);
    await page.close();
  });

  it('a revealed applicationKey and the details panel are never kept, also when the popup closes on them', async () => {
    const { page } = await openRecorded();
    await page.locator('#app [data-testid="key-row"] .row-main').first().click();
    await page.getByTestId('key-details').waitFor();
    await page.getByTestId('reveal').click();
    await expect(page.getByTestId('revealed-secret').textContent()).resolves.toBe(secrets['alpha-key']);
    const before = await kept(page);
    await page.close({ runBeforeUnload: true });
    const probe = await ext.open('src/options/index.html');
    const after = await kept(probe);
    expect(after).toBe(before);
    expect(findSecrets(after ?? '', secrets)).toEqual([]);
    await probe.close();
  });

  it('removing the account forgets the copy', async () => {
    const page = await ext.open(POPUP);
    await expect.poll(() => kept(page), { timeout: 10_000 }).not.toBeNull();
    await page.close();
    const accounts = await rpcOk(options, 'listAccounts', {});
    await options.reload();
    const id = accounts.accounts[0]!.accountId;
    await options.getByTestId('remove-account').first().click();
    await options.getByTestId('remove-account-dialog').waitFor();
    await options.getByTestId('confirm-remove-account').click();
    await expect.poll(async () => (await rpcOk(options, 'listAccounts', {})).accounts.map((a) => a.accountId)).not.toContain(id);
    // The page forgets the copy once the removal's answer reaches it, a moment after the account is gone from storage.
    await expect.poll(() => kept(options), { timeout: 5_000 }).toBeNull();
  });
});
