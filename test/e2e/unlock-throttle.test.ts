/**
 * The guessing limit as a person meets it in the popup (real Chromium): after five wrong passphrases the
 * form says "Try again in N s", counts down with the button disabled and the typed passphrase kept, and
 * enables the button again when the time is up; closing the popup does not reset the count.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';
import { distDir, launchChromium, type ChromiumExtension } from '../helpers/browsers';
import { rpcOk } from '../helpers/rpc';

const PASS = 'throttle e2e passphrase 8812';
const POPUP = 'src/popup/index.html';
let emu: RunningEmulator;
let ext: ChromiumExtension;
let popup: Page;

async function openPopup(): Promise<Page> {
  const page = await ext.open(POPUP);
  await page.setViewportSize({ width: 400, height: 600 });
  await page.getByTestId('unlock-form').waitFor({ timeout: 15_000 });
  return page;
}

async function tryPassphrase(page: Page, passphrase: string): Promise<void> {
  await page.getByTestId('unlock-passphrase').fill(passphrase);
  await page.getByTestId('unlock-passphrase').press('Enter');
}

/** The sentence under the field (the TextField's error). */
function sentence(page: Page) {
  return page.locator('[data-testid="unlock-form"] .error');
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  ext = await launchChromium(distDir('chrome'));
  const options = await ext.open('src/options/index.html');
  await rpcOk(options, 'createVault', { passphrase: PASS });
  await rpcOk(options, 'addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url });
  await rpcOk(options, 'lock', {});
  popup = await openPopup();
});

afterAll(async () => {
  await ext?.close();
  await emu?.close();
});

describe('wrong passphrases in the popup (Chromium)', () => {
  it('counts down "Try again in N s" after the fifth miss, keeping what was typed', async () => {
    const button = popup.getByTestId('unlock-submit');
    for (let i = 1; i <= 4; i++) {
      await tryPassphrase(popup, `wrong ${i}`);
      await sentence(popup).filter({ hasText: /^That passphrase is not right\. Check Caps Lock and try again\.$/ }).waitFor({ timeout: 30_000 });
      await expect(button.isEnabled()).resolves.toBe(true);
      // The next fill must not race the previous answer's re-render.
      await popup.waitForFunction(() => !document.querySelector('[data-testid="unlock-submit"]')?.hasAttribute('disabled'));
    }
    await tryPassphrase(popup, 'wrong 5');
    await sentence(popup).filter({ hasText: /Try again in 1 s\.$/ }).waitFor({ timeout: 30_000 });
    await expect(button.isDisabled()).resolves.toBe(true);
    await popup.waitForFunction(() => !document.querySelector('[data-testid="unlock-submit"]')?.hasAttribute('disabled'), undefined, { timeout: 5_000 });
    await tryPassphrase(popup, 'wrong 6');
    await sentence(popup).filter({ hasText: /Try again in 2 s\.$/ }).waitFor({ timeout: 30_000 });
    await popup.waitForFunction(() => !document.querySelector('[data-testid="unlock-submit"]')?.hasAttribute('disabled'), undefined, { timeout: 5_000 });
    await tryPassphrase(popup, 'wrong 7');
    await sentence(popup).filter({ hasText: /^That passphrase is not right\. Check Caps Lock\. Try again in 4 s\.$/ }).waitFor({ timeout: 30_000 });
    await expect(button.isDisabled()).resolves.toBe(true);
    await expect(popup.getByTestId('unlock-passphrase').inputValue()).resolves.toBe('wrong 7');
    // It counts down rather than standing still.
    await sentence(popup).filter({ hasText: /Try again in [123] s\.$/ }).waitFor({ timeout: 5_000 });
    await popup.screenshot({ path: 'test-results/screenshots/throttle-popup-countdown.png' }).catch(() => undefined);
  });

  it('a new popup is refused with the right passphrase while the wait lasts, and unlocks after it', async () => {
    await popup.waitForFunction(() => !document.querySelector('[data-testid="unlock-submit"]')?.hasAttribute('disabled'), undefined, { timeout: 6_000 });
    await tryPassphrase(popup, 'wrong 8');
    // 8 s from now: long enough to close the popup and open another one within it.
    await sentence(popup).filter({ hasText: /Try again in 8 s\.$/ }).waitFor({ timeout: 30_000 });
    await popup.close();
    popup = await openPopup();
    await tryPassphrase(popup, PASS);
    await sentence(popup).filter({ hasText: /^Too many wrong passphrases in a row\. Try again in \d s\.$/ }).waitFor({ timeout: 30_000 });
    await expect(popup.getByTestId('unlock-submit').isDisabled()).resolves.toBe(true);
    await expect(popup.getByTestId('unlock-passphrase').inputValue()).resolves.toBe(PASS);
    await popup.waitForFunction(() => !document.querySelector('[data-testid="unlock-submit"]')?.hasAttribute('disabled'), undefined, { timeout: 10_000 });
    await expect(sentence(popup).count()).resolves.toBe(0);
    await popup.getByTestId('unlock-passphrase').press('Enter');
    await popup.getByTestId('unlock-form').waitFor({ state: 'detached', timeout: 30_000 });
  });
});
