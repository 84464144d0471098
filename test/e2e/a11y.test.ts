/**
 * axe-core on every main screen of the popup and the options page, in light and dark colour schemes:
 * no serious or critical violations. The states are reached through the UI where that is the point
 * (forms with errors, dialogs) and through the extension's own RPC where it is only set-up.
 * Screenshots of the dark screens go to test-results/screenshots/a11y-*.png.
 */
import AxeBuilder from '@axe-core/playwright';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';
import { distDir, launchChromium, type ChromiumExtension, untilLive } from '../helpers/browsers';

const POPUP = 'src/popup/index.html';
const OPTIONS = 'src/options/index.html';
const SHOTS = join(import.meta.dirname, '../../test-results/screenshots');
const PASSPHRASE = 'axe-check-harbor-tulip-9';
const SCHEMES = ['light', 'dark'] as const;

async function rpc(page: Page, method: string, params: object): Promise<unknown> {
  const reply = (await page.evaluate(([m, p]) => chrome.runtime.sendMessage({ b2km: 1, method: m, params: p }), [method, params] as const)) as {
    ok: boolean;
    value?: unknown;
    error?: { message: string };
  };
  if (!reply.ok) throw new Error(`${method}: ${reply.error?.message}`);
  return reply.value;
}

/** Runs axe in both colour schemes; returns a readable list of serious/critical violations. */
async function audit(page: Page, screen: string): Promise<string[]> {
  const problems: string[] = [];
  for (const scheme of SCHEMES) {
    await page.emulateMedia({ colorScheme: scheme });
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.passes.length).toBeGreaterThan(10);
    for (const v of results.violations) {
      if (v.impact !== 'serious' && v.impact !== 'critical') {
        console.log(`note: ${screen} (${scheme}): ${v.id} [${v.impact}] ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
        continue;
      }
      problems.push(`${screen} (${scheme}): ${v.id} [${v.impact}] ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
    }
    if (scheme === 'dark') await page.screenshot({ path: join(SHOTS, `a11y-${screen}-dark.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return problems;
}

describe('accessibility (axe-core): no serious or critical violations', () => {
  let emu: RunningEmulator;
  let ext: ChromiumExtension;
  let options: Page;
  let popup: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    emu = await startEmulator({ port: 0 });
    await fetch(`${emu.url}/__emulator/seed-keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: 30, namePrefix: 'seeded-', validDurationInSeconds: 3 * 86_400 }),
    });
    ext = await launchChromium(distDir('chrome'));
  });

  afterAll(async () => {
    await ext?.close();
    await emu?.close();
  });

  it('popup before set-up', async () => {
    popup = await ext.open(POPUP);
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.getByRole('button', { name: 'Set up B2 Key Manager' }).waitFor();
    problems.push(...(await audit(popup, 'popup-setup')));
  });

  it('options: first run, passphrase step (with an error shown)', async () => {
    options = await ext.open(OPTIONS);
    await options.setViewportSize({ width: 900, height: 900 });
    await options.getByLabel('Vault passphrase').fill('short');
    await options.getByRole('button', { name: 'Set passphrase' }).click();
    await options.getByText('Use at least 8 characters.').waitFor();
    problems.push(...(await audit(options, 'options-first-run')));
    await options.getByLabel('Vault passphrase').fill(PASSPHRASE);
    await options.getByLabel('Confirm passphrase').fill(PASSPHRASE);
    await options.getByRole('button', { name: 'Set passphrase' }).click();
    await options.getByRole('heading', { name: 'Add your Backblaze account' }).waitFor({ timeout: 30_000 });
  });

  it('options: add-account step (advanced endpoint open, with an inline error)', async () => {
    await options.getByText('Advanced: API endpoint').click();
    await options.getByLabel('API endpoint').fill('ftp://nope');
    await options.getByRole('button', { name: 'Add account' }).click();
    await options.getByText('Enter the keyID.').waitFor();
    problems.push(...(await audit(options, 'options-add-account')));
    await options.getByLabel('keyID').fill(emu.applicationKeyId);
    await options.getByLabel('applicationKey').fill(emu.applicationKey);
    await options.getByLabel('API endpoint').fill(emu.url);
    await options.getByRole('button', { name: 'Add account' }).click();
    await options.getByTestId('setup-done').waitFor({ timeout: 30_000 });
    problems.push(...(await audit(options, 'options-setup-done')));
    await options.getByRole('button', { name: 'Show accounts and settings' }).click();
  });

  it('options: accounts and settings, unlocked and locked, and the remove dialog', async () => {
    await options.getByTestId('account-card').waitFor();
    await options.getByText('Advanced: API endpoint').click();
    problems.push(...(await audit(options, 'options-main')));
    // Change passphrase with something missing: the sentences appear and focus goes to the first field to fix.
    const focusedTestId = () => options.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    await options.getByRole('button', { name: 'Change passphrase' }).click();
    await options.getByText('Enter your current passphrase.').waitFor();
    await expect(focusedTestId()).resolves.toBe('current-passphrase');
    await options.getByTestId('current-passphrase').fill(PASSPHRASE);
    await options.getByRole('button', { name: 'Change passphrase' }).click();
    await options.getByText('Choose a passphrase.').waitFor();
    await expect(focusedTestId()).resolves.toBe('new-passphrase');
    problems.push(...(await audit(options, 'options-change-passphrase-errors')));
    await options.getByTestId('current-passphrase').fill('');
    await options.getByTestId('remove-account').click();
    await options.getByTestId('remove-account-dialog').waitFor();
    problems.push(...(await audit(options, 'options-remove-dialog')));
    await options.keyboard.press('Escape');
    await options.getByRole('button', { name: 'Lock now' }).click();
    await options.getByTestId('unlock-form').waitFor();
    problems.push(...(await audit(options, 'options-locked')));
    await rpc(options, 'unlock', { passphrase: PASSPHRASE });
  });

  it('popup: key list, create form (custom, with errors), one-time secret, details, delete dialog, locked', async () => {
    await popup.reload();
    await untilLive(popup);
    await popup.getByTestId('create-key').waitFor({ timeout: 15_000 });
    await popup.locator('[data-testid="key-row"]').first().waitFor({ timeout: 15_000 });
    problems.push(...(await audit(popup, 'popup-list')));

    await popup.getByTestId('create-key').click();
    await popup.getByLabel('Name of Key').fill('bad name');
    await popup.getByLabel('Only the buckets I choose').check();
    await popup.getByLabel('Custom capabilities').check();
    await popup.getByLabel('Duration (optional)').fill('5000');
    await popup.getByTestId('create-submit').click();
    await popup.getByText(/at most 1000 days/).waitFor();
    await popup.getByText('Advanced', { exact: true }).click();
    problems.push(...(await audit(popup, 'popup-create')));

    await popup.getByLabel('Name of Key').fill('axe-key');
    await popup.getByLabel('All', { exact: true }).check();
    await popup.getByLabel('Read and Write').check();
    await popup.getByLabel('Duration (optional)').fill('');
    await popup.getByTestId('create-submit').click();
    await popup.getByTestId('one-time-secret').waitFor({ timeout: 30_000 });
    problems.push(...(await audit(popup, 'popup-one-time-secret')));
    await popup.getByTestId('created-done').click();

    await popup.locator('[data-key-id] .row-main').first().click();
    await popup.getByTestId('key-details').waitFor();
    problems.push(...(await audit(popup, 'popup-details')));
    await popup.getByTestId('delete-key').click();
    await popup.getByTestId('delete-dialog').waitFor();
    problems.push(...(await audit(popup, 'popup-delete-dialog')));
    await popup.keyboard.press('Escape');
    await popup.keyboard.press('Escape');

    await popup.getByTestId('lock').click();
    await popup.getByTestId('unlock-passphrase').fill('not the passphrase');
    await popup.getByRole('button', { name: 'Unlock' }).click();
    await popup.getByText(/passphrase is not right/).waitFor({ timeout: 30_000 });
    problems.push(...(await audit(popup, 'popup-locked')));
  });

  it('found no serious or critical violations', () => {
    expect(problems).toEqual([]);
  });
});
