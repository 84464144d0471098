/**
 * Issue 10 items 3, 5 and 6 in real browsers against the emulator, through the UI: the toolbar badge counts
 * expiring and expired keys (and follows the warning setting), the popup's filter row and sort, config snippets
 * from a key's details only after the Reveal rule, and Export vault → wipe → Import backup with every secret equal
 * afterwards (a wrong passphrase and a damaged file first, changing nothing). Then the Chrome-made file is
 * imported in Firefox ESR, whose event page draws the same badge. The exported file is scanned for every secret in plain, base64 and hex form.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';
import { currentWorker, distDir, launchChromium, launchFirefox, type ChromiumExtension } from '../helpers/browsers';
import { firefoxRpc } from '../helpers/firefox-rpc';
import { rpcOk } from '../helpers/rpc';
import { findSecrets, sessionSecrets } from '../helpers/secrets-scan';

const POPUP = 'src/popup/index.html';
const OPTIONS = 'src/options/index.html';
const PASS = 'lifecycle e2e vault passphrase';
const NEW_PASS = 'the vault after the wipe';
const BACKUP_PASS = 'backup file passphrase 42';
const OUT = join(import.meta.dirname, '../../test-results/lifecycle');

let emu: RunningEmulator;
let ext: ChromiumExtension;
let options: Page;
/** keyID → applicationKey, as B2 issued them, for every key whose secret is saved. */
const saved = new Map<string, string>();
let exportPath = '';

interface EmulatorKey {
  applicationKeyId: string;
  applicationKey: string;
  keyName: string;
}
const emulatorKeys = async () => (await (await fetch(`${emu.url}/__emulator/keys`)).json()) as EmulatorKey[];

async function seed(namePrefix: string, count: number, validDurationInSeconds: number | null): Promise<void> {
  const res = await fetch(`${emu.url}/__emulator/seed-keys`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ count, namePrefix, validDurationInSeconds }) });
  expect(res.ok).toBe(true);
}

async function badge(page: Page): Promise<{ text: string; color: number[] }> {
  return page.evaluate(async () => ({ text: await chrome.action.getBadgeText({}), color: await chrome.action.getBadgeBackgroundColor({}) }));
}

const rowNames = (popup: Page) => popup.locator('[data-testid="key-row"] .key-name').allTextContents();

beforeAll(async () => {
  await mkdir(OUT, { recursive: true });
  emu = await startEmulator({ port: 0 });
  ext = await launchChromium(distDir('chrome'));
  await ext.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  options = await ext.open(OPTIONS);
  await rpcOk(options, 'createVault', { passphrase: PASS });
  await rpcOk(options, 'addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url });
  // Five keys expiring in 2 days and three that never expire, made elsewhere (no saved secret); two made here.
  await seed('seed-soon-', 5, 2 * 86_400);
  await seed('seed-never-', 3, null);
  for (const [keyName, days] of [['made-here-a', null], ['made-here-b', 3]] as const) {
    const r = await rpcOk(options, 'createKey', { keyName, capabilities: ['listBuckets', 'listFiles', 'readFiles'], validDurationInSeconds: days && days * 86_400 });
    saved.set(r.key.applicationKeyId, r.applicationKey);
  }
  await rpcOk(options, 'refreshKeys', {});
});

afterAll(async () => {
  await ext?.close();
  await emu?.close();
});

describe('expiry in Chromium', () => {
  it('the toolbar badge counts keys expiring within the setting, amber, and follows the setting', async () => {
    await expect.poll(() => badge(options), { timeout: 10_000 }).toEqual({ text: '6', color: [0x8a, 0x53, 0x00, 255] });
    await options.reload();
    await options.getByTestId('expiry-warning-days').selectOption('1');
    await expect.poll(async () => (await badge(options)).text, { timeout: 10_000 }).toBe('');
    await options.getByTestId('expiry-warning-days').selectOption('7');
    await expect.poll(async () => (await badge(options)).text, { timeout: 10_000 }).toBe('6');
    // Cleared, then drawn again on the next change of the settings.
    const worker = await currentWorker(ext);
    await worker.evaluate(() => chrome.action.setBadgeText({ text: '' }));
    await options.getByTestId('expiry-warning-days').selectOption('14');
    await expect.poll(async () => (await badge(options)).text, { timeout: 10_000 }).toBe('6');
    await options.getByTestId('expiry-warning-days').selectOption('7');
  });

  it('the popup filters and sorts through the filter row', async () => {
    const popup = await ext.open(POPUP);
    await popup.setViewportSize({ width: 400, height: 800 });
    await popup.getByTestId('key-list').waitFor({ timeout: 15_000 });
    await popup.getByTestId('key-filter').selectOption('soon');
    await expect.poll(() => popup.locator('#key-count').textContent()).toBe('6 of 10 keys shown.');
    expect((await rowNames(popup)).sort()).toEqual(['made-here-b', ...Array.from({ length: 5 }, (_, i) => `seed-soon-${i}`)].sort());
    await popup.getByTestId('key-filter').selectOption('noSecret');
    await expect.poll(() => popup.locator('#key-count').textContent()).toBe('8 of 10 keys shown.');
    expect(await rowNames(popup)).not.toContain('made-here-a');
    await popup.getByTestId('key-filter').selectOption('expired');
    await popup.getByText('No key has expired.').waitFor();
    await popup.getByTestId('key-filter').selectOption('all');
    await popup.getByTestId('key-sort').selectOption('expiry');
    await expect.poll(async () => (await rowNames(popup)).slice(5, 7)).toEqual(['made-here-b', 'made-here-a']);
    expect((await rowNames(popup)).slice(0, 5).every((n) => n.startsWith('seed-soon-'))).toBe(true);
    await popup.getByTestId('key-sort').selectOption('created');
    // B2 reports no creation time: keys created here come first, newest first.
    await expect.poll(async () => (await rowNames(popup)).slice(0, 2)).toEqual(['made-here-b', 'made-here-a']);
    // The search narrows within the filter.
    await popup.getByTestId('key-filter').selectOption('soon');
    await popup.getByTestId('search').fill('made');
    await expect.poll(() => rowNames(popup)).toEqual(['made-here-b']);
    await popup.screenshot({ path: join(OUT, 'popup-filter.png') });
    await popup.close();
  });

  it('snippets in a key’s details appear only after the Reveal rule, and not while locked', async () => {
    const popup = await ext.open(POPUP);
    await popup.setViewportSize({ width: 400, height: 900 });
    await popup.getByTestId('search').fill('made-here-b');
    await popup.locator('[data-testid="key-row"]').first().click();
    const [keyId, secret] = [...saved][1]!;
    await popup.getByTestId('details-snippets').waitFor();
    expect(await popup.content()).not.toContain(secret);
    await popup.getByTestId('show-snippets').click();
    await expect(popup.getByTestId('details-snippet-restic').textContent()).resolves.toBe(
      `# The key works on every bucket: put the bucket of your choice below.\nexport B2_ACCOUNT_ID=${keyId}\nexport B2_ACCOUNT_KEY=${secret}\nexport RESTIC_REPOSITORY='b2:<bucket-name>:'\n`,
    );
    await expect(popup.getByTestId('details-snippet-awsCredentials').textContent()).resolves.toBe(`[made-here-b]\naws_access_key_id = ${keyId}\naws_secret_access_key = ${secret}\n`);
    // The emulator's S3 address is not a Backblaze region: the profile says where to put one instead of guessing.
    await expect(popup.getByTestId('details-snippet-s3').textContent()).resolves.toContain(`endpoint_url = ${emu.url}/s3\n# region = `);
    await popup.getByTestId('details-copy-snippet-env').click();
    await expect(popup.evaluate(() => navigator.clipboard.readText())).resolves.toBe(`export B2_APPLICATION_KEY_ID=${keyId}\nexport B2_APPLICATION_KEY=${secret}\n`);
    await popup.screenshot({ path: join(OUT, 'details-snippets.png'), fullPage: true });
    await popup.getByTestId('lock').click();
    await popup.getByText('Unlock to see configuration for the b2 tool, rclone, AWS tools and restic.').waitFor();
    expect(await popup.content()).not.toContain(secret);
    await popup.getByTestId('unlock-passphrase').fill(PASS);
    await popup.getByTestId('unlock-passphrase').press('Enter');
    await popup.getByTestId('show-snippets').waitFor({ timeout: 30_000 });
    await popup.close();
  });
});

describe('encrypted backup in Chromium', () => {
  it('exports the vault to a file that holds no secret in any encoding', async () => {
    await options.reload();
    await options.getByTestId('export-passphrase').fill(BACKUP_PASS);
    await options.getByTestId('export-confirm').fill(BACKUP_PASS);
    const download = options.waitForEvent('download');
    await options.getByTestId('export-submit').click();
    exportPath = join(OUT, 'chrome-export.json');
    await (await download).saveAs(exportPath);
    await options.getByTestId('export-done').filter({ hasText: /1 account and 2 saved applicationKeys/ }).waitFor();
    const text = await readFile(exportPath, 'utf8');
    const all = Object.fromEntries([...(await emulatorKeys()).map((k) => [k.applicationKeyId, k.applicationKey]), ['master', emu.applicationKey], ['vault', PASS], ['backup', BACKUP_PASS]]);
    const session = await (await currentWorker(ext)).evaluate(() => chrome.storage.session.get(null));
    expect(findSecrets(text, { ...all, ...sessionSecrets(session) })).toEqual([]);
    expect(text).not.toContain('made-here');
  });

  it('after a wipe: a wrong passphrase and a damaged file say which and change nothing; the import restores every secret', async () => {
    const worker = await currentWorker(ext);
    await worker.evaluate(async () => {
      await chrome.storage.local.clear();
      await chrome.storage.session.clear();
    });
    await options.reload();
    await options.getByLabel('Vault passphrase').fill(NEW_PASS);
    await options.getByLabel('Confirm passphrase').fill(NEW_PASS);
    await options.getByRole('button', { name: 'Set passphrase' }).click();
    await options.getByRole('heading', { name: 'Add your Backblaze account' }).waitFor({ timeout: 30_000 });
    await options.getByText('Or restore from a backup file').click();
    const stored = () => currentWorker(ext).then((w) => w.evaluate(() => chrome.storage.local.get(null)));
    const before = JSON.stringify(await stored());

    await options.getByTestId('import-file').setInputFiles(exportPath);
    await options.getByTestId('import-passphrase').fill('not the backup passphrase');
    await options.getByTestId('import-check').click();
    await options.getByText(/The passphrase does not open this backup/).waitFor({ timeout: 30_000 });

    const damagedPath = join(OUT, 'chrome-export-damaged.json');
    const text = await readFile(exportPath, 'utf8');
    // One character of the encrypted body changed, as a bad copy would.
    await writeFile(damagedPath, text.replace(/("body": \{[^}]*"ct": ")(.)/, (_m, head: string, c: string) => `${head}${c === 'A' ? 'B' : 'A'}`));
    await options.getByTestId('import-file').setInputFiles(damagedPath);
    await options.getByTestId('import-passphrase').fill(BACKUP_PASS);
    await options.getByTestId('import-check').click();
    await options.getByText(/This backup file is damaged/).waitFor({ timeout: 30_000 });
    expect(JSON.stringify(await stored())).toBe(before);

    await options.getByTestId('import-file').setInputFiles(exportPath);
    await options.getByTestId('import-passphrase').fill(BACKUP_PASS);
    await options.getByTestId('import-check').click();
    await options.getByTestId('import-preview').filter({ hasText: '3 entries to add, 0 already here, 0 conflicts, 0 skipped.' }).waitFor({ timeout: 30_000 });
    expect(JSON.stringify(await stored())).toBe(before);
    await options.getByTestId('import-apply').click();
    await options.getByTestId('account-card').waitFor({ timeout: 30_000 });

    // Every secret equals what B2 issued; the imported account reaches B2 with its restored key.
    await rpcOk(options, 'refreshKeys', {});
    for (const [id, secret] of saved) expect((await rpcOk(options, 'revealSecret', { applicationKeyId: id })).applicationKey).toBe(secret);
    const issued = new Map((await emulatorKeys()).map((k) => [k.applicationKeyId, k.applicationKey]));
    for (const [id, secret] of saved) expect(issued.get(id)).toBe(secret);
    // And the vault's storage holds none of them in plain form.
    expect(findSecrets(await stored(), Object.fromEntries(saved))).toEqual([]);
    // Importing it again adds nothing and overwrites nothing.
    await options.getByTestId('import-file').setInputFiles(exportPath);
    await options.getByTestId('import-passphrase').fill(BACKUP_PASS);
    await options.getByTestId('import-check').click();
    await options.getByTestId('import-preview').filter({ hasText: '0 entries to add, 3 already here' }).waitFor({ timeout: 30_000 });
    // An Add account form being typed survives an import: the account list is read again, the form stays.
    await options.getByTestId('add-another-account').click();
    const typed = options.getByTestId('add-account-form').getByLabel('keyID', { exact: true });
    await typed.fill('0051234typed');
    await options.getByTestId('import-apply').click();
    await options.getByTestId('import-done').filter({ hasText: /^Imported\./ }).waitFor({ timeout: 30_000 });
    await expect(typed.inputValue()).resolves.toBe('0051234typed');
  });
});

describe('the Chrome-made backup in Firefox ESR', () => {
  it('imports, and every secret is equal; Firefox’s own export opens in Chromium', async () => {
    const ff = await launchFirefox(distDir('firefox'));
    try {
      const page = await ff.open(OPTIONS, `document.querySelector('[data-testid="background-status"]') !== null`);
      const { rpc, ok } = firefoxRpc(() => page);
      await ok('createVault', { passphrase: 'a firefox vault passphrase' });
      const contents = await readFile(exportPath, 'utf8');
      const wrong = await rpc('importBackup', { contents, passphrase: 'wrong wrong wrong', apply: true });
      expect(wrong.ok ? 'ok' : wrong.error.code).toBe('WRONG_PASSPHRASE');
      const done = await ok('importBackup', { contents, passphrase: BACKUP_PASS, apply: true, confirmedEndpoints: [emu.url] });
      expect([done['applied'], done['added'], done['conflicting']]).toEqual([true, 3, 0]);
      await ok('refreshKeys', {});
      for (const [id, secret] of saved) expect((await ok('revealSecret', { applicationKeyId: id }))['applicationKey']).toBe(secret);
      // The event page draws the same badge from the imported account's list.
      const text = () => page.evaluate(() => (globalThis as unknown as { browser: { action: { getBadgeText(d: object): Promise<string> } } }).browser.action.getBadgeText({}));
      await expect.poll(text, { timeout: 10_000 }).toBe('6');
      // And back: Firefox's export opens in Chromium, where every entry is found equal to what is saved there.
      const back = (await ok('exportBackup', { passphrase: BACKUP_PASS }))['contents'] as string;
      expect(findSecrets(back, Object.fromEntries(saved))).toEqual([]);
      const there = await rpcOk(options, 'importBackup', { contents: back, passphrase: BACKUP_PASS, apply: false });
      expect([there.added, there.same, there.conflicting, there.skipped]).toEqual([0, 3, 0, 0]);
    } finally {
      await ff.close();
    }
  });
});
