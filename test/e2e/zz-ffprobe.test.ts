import puppeteer from 'puppeteer-core';
import { it } from 'vitest';
import { distDir, FIREFOX, FIREFOX_UUID, GECKO_ID } from '../helpers/browsers';
it('probe', async () => {
  const browser = await puppeteer.launch({
    browser: 'firefox', executablePath: FIREFOX, headless: true, dumpio: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_UUID }),
      'signon.debug': true,
      'devtools.console.stdout.chrome': true,
      'devtools.console.stdout.content': true,
      'browser.dom.window.dump.enabled': true,
    },
  });
  await browser.installExtension(distDir('firefox'));
  const page = await browser.newPage();
  await page.goto(`moz-extension://${FIREFOX_UUID}/src/options/index.html`, { timeout: 3000 }).catch(() => undefined);
  await page.waitForSelector('[data-testid="new-passphrase"]', { timeout: 30000 });
  console.log('PROBE: typing');
  await page.type('[data-testid="new-passphrase"]', 'probe passphrase 12345 horse');
  await page.type('[data-testid="confirm-passphrase"]', 'probe passphrase 12345 horse');
  await new Promise((r) => setTimeout(r, 1000));
  console.log('PROBE: submitting');
  await page.keyboard.press('Enter');
  await new Promise((r) => setTimeout(r, 4000));
  console.log('PROBE: done');
  await browser.close();
}, 90000);
