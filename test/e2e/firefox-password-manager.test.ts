/**
 * Firefox's password manager acts on extension pages (src/ui/secret-field.ts): with `signon.debug` it logs each form
 * it handles as a login. Creating the vault on the options page, then locking and unlocking it there, must not be
 * handled as a login form: no field of ours is a password field, so the manager finds nothing to offer to save.
 * Before the change this log read "Handling form submission" and "New Password field … name: new-passphrase".
 */
import type { ChildProcess } from 'node:child_process';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { distDir, launchFirefox, type FirefoxExtension } from '../helpers/browsers';

const PASS = 'firefox password manager passphrase 5521';
let ext: FirefoxExtension;
let page: Page;
const log: string[] = [];

beforeAll(async () => {
  // The password manager's own log, written to standard output.
  ext = await launchFirefox(distDir('firefox'), { prefs: { 'signon.debug': true, 'devtools.console.stdout.chrome': true } });
  const child = ext.browser.process() as ChildProcess | null;
  for (const stream of [child?.stdout, child?.stderr]) stream?.on('data', (d: Buffer) => log.push(d.toString()));
  page = await ext.open('src/options/index.html', `document.querySelector('[data-testid="new-passphrase"]') !== null`);
}, 90_000);
afterAll(async () => {
  await ext?.close();
});

it('the vault passphrase typed and submitted on the options page is not handled as a login', async () => {
  expect(await page.evaluate(() => document.querySelectorAll('input[type="password"]').length)).toBe(0);
  expect(await page.$eval('[data-testid="new-passphrase"]', (el) => getComputedStyle(el).getPropertyValue('-webkit-text-security'))).toBe('disc');
  await page.type('[data-testid="new-passphrase"]', PASS);
  await page.type('[data-testid="confirm-passphrase"]', PASS);
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="add-account-form"]', { timeout: 30_000 });
  // The add-account form's applicationKey field (a master key, perhaps) is masked the same way.
  expect(await page.evaluate(() => document.querySelectorAll('input[type="password"]').length)).toBe(0);
  await new Promise((r) => setTimeout(r, 1_500));
  const text = log.join('');
  // The log is on: the manager reported itself at start-up.
  expect(text).toMatch(/LoginManager/);
  expect(text).not.toMatch(/Handling form submission|Password field|DOMFormHasPassword/);
}, 120_000);
