/**
 * A new person's whole journey in real Chromium against the local B2 emulator, through the UI only:
 * passphrase, add account (the emulator URL goes in the add-account form's endpoint field, as the
 * release build has no preset), create keys of every kind, search, copy, lock, unlock (wrong passphrase
 * first), reveal, delete, remove the account. Then a scan of chrome.storage.local and .sync for every
 * secret the test knows (the unlocked data key and auth tokens included), in every encoding the shared
 * scanner knows. Screenshots go to test-results/screenshots/.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';
import { distDir, launchChromium, withSecretWritesRefused, type ChromiumExtension } from '../helpers/browsers';
import { findSecrets, sessionSecrets } from '../helpers/secrets-scan';

const POPUP = 'src/popup/index.html';
const OPTIONS = 'src/options/index.html';
const SHOTS = join(import.meta.dirname, '../../test-results/screenshots');
const PASSPHRASE = 'maple-orbit-lantern-quiet-7';
const WRONG = 'maple-orbit-lantern-quiet-8';

interface EmulatorKey {
  applicationKeyId: string;
  applicationKey: string;
  keyName: string;
  capabilities: string[];
  bucketIds: string[] | null;
  namePrefix: string | null;
  expirationTimestamp: number | null;
}

async function emulatorKeys(emu: RunningEmulator): Promise<EmulatorKey[]> {
  const res = await fetch(`${emu.url}/__emulator/keys`);
  return (await res.json()) as EmulatorKey[];
}

async function fault(emu: RunningEmulator, spec: object): Promise<void> {
  const res = await fetch(`${emu.url}/__emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
  expect(res.ok).toBe(true);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `journey-${name}.png`), fullPage: false });
}

async function clipboard(page: Page): Promise<string> {
  await page.bringToFront();
  return page.evaluate(() => navigator.clipboard.readText());
}

/** A row of the key list by key name. */
function row(page: Page, keyName: string): Locator {
  return page.locator('[data-testid="key-row"]').filter({ has: page.locator('.key-name', { hasText: new RegExp(`^${keyName}$`) }) });
}

describe('journey: first run to removing the account (Chromium + emulator)', () => {
  let emu: RunningEmulator;
  let ext: ChromiumExtension;
  let popup: Page;
  let options: Page;
  /** Every secret the test has seen; none may be in storage.local/sync in any encoding. */
  const secrets = new Map<string, string>();

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    emu = await startEmulator({ port: 0 });
    secrets.set('master applicationKey', emu.applicationKey);
    secrets.set('passphrase', PASSPHRASE);
    ext = await launchChromium(distDir('chrome'));
    // Chromium refuses a grant for the chrome-extension:// origin ("opaque"); a context-wide grant covers it.
    await ext.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  });

  afterAll(async () => {
    await ext?.close();
    await emu?.close();
  });

  // The steps share one popup. After a failed step, say what the popup showed (the CI log keeps only the
  // error), then take the search away so the steps after it test their own thing instead of failing with it.
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail' || !popup || popup.isClosed()) return;
    const seen = await popup
      .evaluate(() => ({
        search: (document.querySelector('[data-testid="search"]') as HTMLInputElement | null)?.value ?? null,
        rows: [...document.querySelectorAll('[data-testid="key-row"] .key-name')].map((e) => e.textContent),
        alerts: [...document.querySelectorAll('[role="alert"], [role="status"]')].map((e) => e.textContent?.trim()).filter(Boolean),
      }))
      .catch((e: unknown) => ({ unreadable: String(e) }));
    console.error(`journey: after "${ctx.task.name}" the popup showed ${JSON.stringify(seen)}`);
    await shot(popup, `failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => undefined);
    const search = popup.getByLabel('Search keys');
    if ((await search.count()) === 1 && (await search.inputValue()) !== '') await search.fill('');
  });

  it('sets the passphrase on the first-run screen', async () => {
    options = await ext.open(OPTIONS);
    await options.setViewportSize({ width: 900, height: 900 });
    await options.getByRole('heading', { name: 'Welcome to B2 Key Manager' }).waitFor();
    await expect(options.getByTestId('no-recovery').textContent()).resolves.toMatch(/cannot be recovered/);
    // A mismatch is refused with a sentence next to the field.
    await options.getByLabel('Vault passphrase').fill(PASSPHRASE);
    await options.getByLabel('Confirm passphrase').fill('something else entirely');
    await options.getByRole('button', { name: 'Set passphrase' }).click();
    await options.getByText('The two passphrases are not the same.').waitFor();
    await options.getByLabel('Confirm passphrase').fill(PASSPHRASE);
    await expect(options.locator('.strength').getAttribute('data-score')).resolves.toMatch(/[34]/);
    await shot(options, '01-options-first-run');
    await options.getByRole('button', { name: 'Set passphrase' }).click();
    await options.getByRole('heading', { name: 'Add your Backblaze account' }).waitFor({ timeout: 30_000 });
  });

  it('adds the account with the emulator URL in the endpoint field', async () => {
    await expect(options.getByText('The master application key ID was formerly called the account ID.').isVisible()).resolves.toBe(true);
    await options.getByLabel('keyID').fill(emu.applicationKeyId);
    await options.getByLabel('applicationKey').fill(emu.applicationKey);
    await options.getByLabel('Label (optional)').fill('Emulator');
    await options.getByText('Advanced: API endpoint').click();
    // Inline validation: plain http anywhere but this computer is refused before anything is sent.
    await options.getByLabel('API endpoint').fill('http://example.com');
    await options.getByText(/Only https addresses are allowed/).waitFor();
    await options.getByLabel('API endpoint').fill(emu.url);
    await shot(options, '02-options-add-account');
    await options.getByRole('button', { name: 'Add account' }).click();
    await options.getByTestId('setup-done').waitFor({ timeout: 30_000 });
    await expect(options.getByTestId('setup-done').textContent()).resolves.toContain(emu.accountId);
    await shot(options, '03-options-setup-done');
    await options.getByRole('button', { name: 'Show accounts and settings' }).click();
    await options.getByTestId('account-card').waitFor();
    await expect(options.getByTestId('account-card').textContent()).resolves.toMatch(/The master application key/);
    await shot(options, '04-options-main');
  });

  it('shows the (empty) key list in the popup', async () => {
    popup = await ext.open(POPUP);
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.getByTestId('create-key').waitFor({ timeout: 15_000 });
    await popup.getByTestId('refresh-state').filter({ hasText: /Updated/ }).waitFor({ timeout: 15_000 });
    await shot(popup, '05-popup-empty');
  });

  const created = new Map<string, { keyId: string; secret: string }>();

  async function createKey(name: string, fill: () => Promise<void>, { expectSaved = true } = {}): Promise<void> {
    await popup.getByTestId('create-key').click();
    await popup.getByRole('heading', { name: 'Add a New Application Key' }).waitFor();
    await popup.getByLabel('Name of Key').fill(name);
    await fill();
    await popup.getByTestId('create-submit').click();
    const panel = popup.getByTestId('one-time-secret');
    await panel.waitFor({ timeout: 30_000 });
    const keyId = (await popup.getByTestId('new-key-id').textContent())!.trim();
    const secret = (await popup.getByTestId('new-application-key').textContent())!.trim();
    await expect(popup.getByTestId('saved-note').textContent()).resolves.toMatch(expectSaved ? /is saved in your vault/ : /could not be saved in your vault/);
    const issued = (await emulatorKeys(emu)).find((k) => k.applicationKeyId === keyId);
    expect(issued?.applicationKey).toBe(secret);
    expect(issued?.keyName).toBe(name);
    created.set(name, { keyId, secret });
    secrets.set(`applicationKey of ${name}`, secret);
  }

  async function closePanel(): Promise<void> {
    await popup.getByTestId('created-done').click();
    await popup.getByTestId('key-list').waitFor();
  }

  it('creates a Read and Write key on all buckets, and copies its applicationKey', async () => {
    await createKey('all-buckets-rw', async () => {
      await expect(popup.getByLabel('All', { exact: true }).isChecked()).resolves.toBe(true);
      await expect(popup.getByLabel('Read and Write').isChecked()).resolves.toBe(true);
    });
    const { keyId, secret } = created.get('all-buckets-rw')!;
    await shot(popup, '06-popup-one-time-secret');
    await popup.getByTestId('copy-new-application-key').click();
    await expect(clipboard(popup)).resolves.toBe(secret);
    await popup.getByTestId('copy-snippet-env').click();
    await expect(clipboard(popup)).resolves.toBe(`export B2_APPLICATION_KEY_ID=${keyId}\nexport B2_APPLICATION_KEY=${secret}\n`);
    await expect(popup.getByTestId('snippet-rclone').textContent()).resolves.toBe(`[all-buckets-rw]\ntype = b2\naccount = ${keyId}\nkey = ${secret}\n`);
    await expect(popup.getByTestId('snippet-s3').textContent()).resolves.toMatch(new RegExp(`aws_access_key_id = ${keyId}\\naws_secret_access_key = ${secret.replace(/[+/]/g, '\\$&')}\\nendpoint_url = `));
    await closePanel();
    // The secret is gone from the page once the panel is closed.
    await expect(popup.content()).resolves.not.toContain(secret);
    const issued = (await emulatorKeys(emu)).find((k) => k.applicationKeyId === keyId)!;
    expect(issued.bucketIds).toBeNull();
    expect(issued.capabilities).toEqual(expect.arrayContaining(['listFiles', 'readFiles', 'writeFiles', 'deleteFiles']));
  });

  it('creates a key on two buckets with a prefix and a duration, validating as you type', async () => {
    await createKey('two-buckets', async () => {
      await shot(popup, '07a-popup-create-form-top');
      // The name is checked as it is typed.
      await popup.getByLabel('Name of Key').fill('two buckets');
      await popup.getByText("Key names may only contain letters, numbers and '-'.").waitFor();
      await popup.getByLabel('Name of Key').fill('two-buckets');
      await popup.getByLabel('Only the buckets I choose').check();
      // No bucket chosen: the sentence is tied to the bucket checkboxes and focus goes to the first of them.
      await popup.getByTestId('create-submit').click();
      await popup.getByText('Choose at least one bucket, or choose All.').waitFor();
      await expect
        .poll(() =>
          popup.evaluate(() => {
            const el = document.activeElement as HTMLInputElement | null;
            const described = (el?.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent);
            return { bucket: el?.hasAttribute('data-bucket-choice'), type: el?.type, described };
          }),
        )
        .toEqual({ bucket: true, type: 'checkbox', described: ['Choose at least one bucket, or choose All.'] });
      await popup.getByLabel('photos-backup').check();
      await popup.getByLabel('nas-archive').check();
      await popup.getByLabel('Allow List All Bucket Names').check();
      await popup.getByLabel('File name prefix (optional)').fill('logs/');
      // Too long first: the sentence appears and what was typed stays.
      await popup.getByLabel('Duration (optional)').fill('1001');
      await popup.getByTestId('create-submit').click();
      await popup.getByText(/at most 1000 days/).waitFor();
      await expect(popup.getByLabel('Name of Key').inputValue()).resolves.toBe('two-buckets');
      await popup.getByLabel('Duration (optional)').fill('3');
      await shot(popup, '07-popup-create-form');
    });
    const issued = (await emulatorKeys(emu)).find((k) => k.keyName === 'two-buckets')!;
    expect(issued.bucketIds).toHaveLength(2);
    expect(issued.namePrefix).toBe('logs/');
    expect(issued.capabilities).toContain('listAllBucketNames');
    expect(issued.expirationTimestamp! - Date.now()).toBeGreaterThan(3 * 86_400_000 - 120_000);
    await closePanel();
    const r = row(popup, 'two-buckets');
    await expect(r.textContent()).resolves.toMatch(/photos-backup, nas-archive|nas-archive, photos-backup/);
    await expect(r.locator('.expiry.soon').textContent()).resolves.toBe('Expires in 3 days');
  });

  it('creates a Read Only key and a custom-capabilities key', async () => {
    await createKey('read-only', async () => {
      await popup.getByLabel('Read Only').check();
      // B2 refuses once: the sentence appears beside the button and the form keeps everything.
      await fault(emu, { endpoint: 'b2_create_key', status: 400, code: 'bad_request', message: 'Emulated refusal' });
      await popup.getByTestId('create-submit').click();
      await popup.getByText(/B2 refused the request \(bad_request\)\. B2 said: “Emulated refusal”/).waitFor({ timeout: 30_000 });
      await expect(popup.getByLabel('Name of Key').inputValue()).resolves.toBe('read-only');
      await expect(popup.getByLabel('Read Only').isChecked()).resolves.toBe(true);
      await shot(popup, '08a-popup-create-error');
    });
    await closePanel();
    await createKey('custom-caps', async () => {
      await popup.getByLabel('Custom capabilities').check();
      await popup.getByLabel('listBuckets', { exact: true }).check();
      await popup.getByLabel('readFiles', { exact: true }).check();
      await popup.getByLabel('listKeys', { exact: true }).check();
      await shot(popup, '08-popup-create-custom');
    });
    await closePanel();
    const keys = await emulatorKeys(emu);
    const ro = keys.find((k) => k.keyName === 'read-only')!;
    expect(ro.capabilities).toContain('readFiles');
    expect(ro.capabilities).not.toContain('writeFiles');
    expect(keys.find((k) => k.keyName === 'custom-caps')!.capabilities.sort()).toEqual(['listBuckets', 'listKeys', 'readFiles']);
    await expect(row(popup, 'read-only').textContent()).resolves.toContain('Read Only');
    await expect(row(popup, 'custom-caps').textContent()).resolves.toContain('Custom');
    await expect(row(popup, 'all-buckets-rw').textContent()).resolves.toContain('Read and Write');
    await shot(popup, '09-popup-list');
  });

  it('keeps the old list and says why when a refresh fails', async () => {
    // Each create is checked by a listing of its own about 3 s after B2's answer (the create journal). Were the
    // fault injected before that listing ran, the listing would take it and the Refresh below would succeed:
    // wait until the journal has no open record left.
    await expect
      .poll(() => popup.evaluate(async () => Object.keys((await chrome.storage.local.get('createJournal'))['createJournal'] ?? {}).length), { timeout: 30_000 })
      .toBe(0);
    await fault(emu, { endpoint: 'b2_list_keys', status: 400, code: 'bad_request', message: 'Emulated outage' });
    await popup.getByRole('button', { name: 'Refresh' }).click();
    await popup.getByTestId('refresh-error').waitFor({ timeout: 30_000 });
    await expect(popup.getByTestId('refresh-error').textContent()).resolves.toMatch(/Emulated outage.*as they were at the last refresh/);
    await expect(popup.locator('[data-testid="key-row"]').count()).resolves.toBe(4);
    await shot(popup, '09a-popup-refresh-error');
    await popup.getByRole('button', { name: 'Refresh' }).click();
    await popup.getByTestId('refresh-error').waitFor({ state: 'detached', timeout: 30_000 });
  });

  it('searches by name, bucket and capability, and copies a keyID from the list by keyboard', async () => {
    const search = popup.getByLabel('Search keys');
    // Every message the popup sends from here on, by method (the polyfill sends through chrome.runtime). The last
    // step's refresh re-renders the popup, and the effects of that render (the hygiene count asks again after a
    // refresh) run after its paint: let them run first, or their messages would be counted as the keystroke's.
    await popup.evaluate(async () => {
      for (let i = 0; i < 2; i++) {
        await new Promise((r) => requestAnimationFrame(r));
        await new Promise((r) => setTimeout(r, 0));
      }
      const g = globalThis as unknown as { chrome: { runtime: { sendMessage: (...a: unknown[]) => unknown } }; __sent: string[] };
      g.__sent = [];
      const send = g.chrome.runtime.sendMessage.bind(g.chrome.runtime);
      g.chrome.runtime.sendMessage = (...a: unknown[]) => {
        g.__sent.push(String((a[0] as { method?: unknown }).method));
        return send(...a);
      };
    });
    // The background answers the search: the rows follow the keystroke by a message.
    await search.fill('photos');
    await expect.poll(() => popup.locator('[data-testid="key-row"]').count()).toBe(1);
    // One listKeys for the keystroke and nothing else: the hygiene count and the rest do not change with a
    // search, and a second call would make the worker busy while the keystroke's window waits (issue 9).
    // Effects run after the paint (preact: a frame, then a task): let two of each pass before reading the log.
    const sent = await popup.evaluate(async () => {
      for (let i = 0; i < 2; i++) {
        await new Promise((r) => requestAnimationFrame(r));
        await new Promise((r) => setTimeout(r, 0));
      }
      return (globalThis as unknown as { __sent: string[] }).__sent;
    });
    expect(sent.filter((m) => m !== 'getStatus')).toEqual(['listKeys']);
    await search.fill('listkeys');
    await expect.poll(() => popup.locator('[data-testid="key-row"] .key-name').allTextContents()).toEqual(['custom-caps']);
    await search.fill('read');
    // Every key has a read capability (custom-caps has readFiles), so all four match.
    await popup.getByText('4 of 4 keys match.').waitFor();
    await search.fill('two-b');
    await popup.getByText('1 of 4 keys match.').waitFor();
    await shot(popup, '10-popup-search');
    // Keyboard only: ArrowDown into the list, Tab to the row's copy button, Enter.
    await search.press('ArrowDown');
    await popup.keyboard.press('Tab');
    await popup.keyboard.press('Enter');
    await expect(clipboard(popup)).resolves.toBe(created.get('two-buckets')!.keyId);
    await search.fill('');
    await popup.getByText('4 keys.').waitFor();
  });

  it('locks; the cached list and copy keyID still work; a wrong passphrase is refused with a sentence', async () => {
    await popup.getByTestId('lock').click();
    await popup.getByTestId('unlock-form').waitFor();
    await expect(popup.locator('[data-testid="key-row"]').count()).resolves.toBe(4);
    await expect(popup.getByTestId('create-key').count()).resolves.toBe(0);
    await row(popup, 'read-only').getByTestId('copy-key-id').click();
    await expect(clipboard(popup)).resolves.toBe(created.get('read-only')!.keyId);
    await popup.getByTestId('unlock-passphrase').fill(WRONG);
    await popup.getByRole('button', { name: 'Unlock' }).click();
    await popup.getByText('That passphrase is not right. Check Caps Lock and try again.').waitFor({ timeout: 30_000 });
    await expect(popup.getByTestId('unlock-passphrase').inputValue()).resolves.toBe(WRONG);
    await shot(popup, '11-popup-locked-wrong-passphrase');
    await popup.getByTestId('unlock-passphrase').fill(PASSPHRASE);
    await popup.getByTestId('unlock-passphrase').press('Enter');
    await popup.getByTestId('create-key').waitFor({ timeout: 30_000 });
  });

  it('reveals a saved secret equal to what B2 issued', async () => {
    await row(popup, 'all-buckets-rw').locator('.row-main').click();
    await popup.getByTestId('key-details').waitFor();
    await popup.getByTestId('reveal').click();
    const issued = (await emulatorKeys(emu)).find((k) => k.keyName === 'all-buckets-rw')!;
    await expect(popup.getByTestId('revealed-secret').textContent()).resolves.toBe(issued.applicationKey);
    await shot(popup, '12-popup-details-revealed');
    await popup.getByRole('button', { name: 'Hide' }).click();
    await popup.keyboard.press('Escape');
    await popup.getByTestId('key-list').waitFor();
    // Back in the list, focus is on the row the details were opened from.
    await expect(popup.evaluate(() => document.activeElement?.closest('[data-key-id]')?.getAttribute('data-key-id'))).resolves.toBe(
      created.get('all-buckets-rw')!.keyId,
    );
  });

  /** Locks the vault the way another window would: a message from another extension page. */
  async function lockElsewhere(): Promise<void> {
    const other = await ext.open(OPTIONS);
    const reply = (await other.evaluate(() => chrome.runtime.sendMessage({ b2km: 1, method: 'lock', params: {} }))) as { ok: boolean };
    expect(reply.ok).toBe(true);
    await other.close();
  }

  async function unlockInPopup(): Promise<void> {
    await popup.getByTestId('unlock-passphrase').fill(PASSPHRASE);
    await popup.getByTestId('unlock-passphrase').press('Enter');
    await popup.getByTestId('unlock-form').waitFor({ state: 'detached', timeout: 30_000 });
  }

  it('hides a revealed secret when the vault is locked from another page', async () => {
    const { secret } = created.get('all-buckets-rw')!;
    await row(popup, 'all-buckets-rw').locator('.row-main').click();
    await popup.getByTestId('reveal').click();
    await expect(popup.getByTestId('revealed-secret').textContent()).resolves.toBe(secret);
    await lockElsewhere();
    // The popup was not told: it notices through its status checks (every 5 s while a secret is on screen;
    // the interval is src/popup/statusPolling.test.ts's to check, not a clock bound here).
    await popup.getByTestId('revealed-secret').waitFor({ state: 'detached', timeout: 30_000 });
    await expect(popup.getByTestId('locked-notice').textContent()).resolves.toMatch(/The vault locked/);
    await expect(popup.getByTestId('details-secret').textContent()).resolves.toMatch(/Unlock to reveal it/);
    await expect(popup.content()).resolves.not.toContain(secret);
    await shot(popup, '12b-popup-locked-elsewhere');
    await unlockInPopup();
    // Unlocking again does not bring the secret back by itself.
    await popup.getByTestId('reveal').waitFor();
    await expect(popup.getByTestId('revealed-secret').count()).resolves.toBe(0);
    await popup.getByRole('button', { name: '← Keys' }).click();
    await popup.getByTestId('key-list').waitFor();
  });

  it('closes a saved one-time panel on a lock elsewhere, keeps an unsaved one and saves it again', async () => {
    await createKey('closed-by-lock', async () => undefined);
    await lockElsewhere();
    await popup.getByTestId('one-time-secret').waitFor({ state: 'detached', timeout: 9_000 });
    await popup.getByTestId('key-list').waitFor();
    await expect(popup.content()).resolves.not.toContain(created.get('closed-by-lock')!.secret);
    await unlockInPopup();

    // The vault cannot save the secret: the key is created in B2 but its secret is only on screen. (The create
    // journal's record, written before B2 is asked, still goes through: with no storage at all nothing is created.)
    await withSecretWritesRefused(ext.worker, () => createKey('unsaved-at-first', async () => undefined, { expectSaved: false }));
    const { keyId, secret } = created.get('unsaved-at-first')!;
    // Nothing may take it off screen by the way: Options waits.
    await expect(popup.getByTestId('open-options').isDisabled()).resolves.toBe(true);
    await shot(popup, '06a-popup-one-time-secret-unsaved');

    // A lock elsewhere keeps it on screen (the only copy), and saving waits for the unlock.
    await lockElsewhere();
    await popup.getByTestId('unlock-form').waitFor({ timeout: 9_000 });
    await expect(popup.getByTestId('new-application-key').textContent()).resolves.toBe(secret);
    await expect(popup.getByTestId('save-again').isDisabled()).resolves.toBe(true);
    await unlockInPopup();

    await popup.getByTestId('save-again').click();
    await popup.getByText(/is now saved in your vault/).waitFor({ timeout: 30_000 });
    await expect(popup.locator('[data-testid="saved-note"].banner.success').count()).resolves.toBe(1);
    await expect(popup.getByTestId('open-options').isDisabled()).resolves.toBe(false);
    await shot(popup, '06b-popup-one-time-secret-saved-again');
    await closePanel();
    await expect.poll(() => row(popup, 'unsaved-at-first').textContent(), { timeout: 30_000 }).toContain('Secret saved');
    await row(popup, 'unsaved-at-first').locator('.row-main').click();
    await popup.getByTestId('reveal').click();
    await expect(popup.getByTestId('revealed-secret').textContent()).resolves.toBe(secret);
    await popup.getByRole('button', { name: '← Keys' }).click();
    expect((await emulatorKeys(emu)).some((k) => k.applicationKeyId === keyId)).toBe(true);
  });

  it('deletes a key after a confirmation that names it', async () => {
    await row(popup, 'read-only').locator('.row-main').click();
    await popup.getByTestId('delete-key').click();
    const dialog = popup.getByTestId('delete-dialog');
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toMatch(/“read-only”.*This cannot be undone\./s);
    await shot(popup, '13-popup-delete-dialog');
    // B2 is slow; Escape twice meanwhile (the second closes a <dialog> natively, without a cancelable event):
    // the dialog stays open until the delete has an outcome.
    await fault(emu, { endpoint: 'b2_delete_key', delayMs: 2500 });
    await popup.getByTestId('confirm-delete').click();
    await popup.getByRole('button', { name: 'Deleting…' }).waitFor();
    await popup.keyboard.press('Escape');
    await popup.keyboard.press('Escape');
    // The browser's `close` event comes a task later, and the dialog reopens from it: wait for that, not a snapshot.
    await popup.waitForFunction(() => document.querySelector<HTMLDialogElement>('[data-testid="delete-dialog"]')?.open === true, null, { timeout: 2000 });
    await expect(popup.getByRole('button', { name: 'Deleting…' }).isVisible()).resolves.toBe(true);
    await popup.getByTestId('key-list').waitFor({ timeout: 30_000 });
    await expect(row(popup, 'read-only').count()).resolves.toBe(0);
    expect((await emulatorKeys(emu)).some((k) => k.keyName === 'read-only')).toBe(false);
  });

  it('works without a mouse: create, copy, open and delete a key by keyboard', async () => {
    const focusedText = () => popup.evaluate(() => (document.activeElement?.getAttribute('aria-label') || document.activeElement?.textContent || '').trim());
    /** Tab (or Shift+Tab) until the focused control is called `name`; fails after `max` presses. */
    async function tabTo(name: string, { back = false, max = 40 } = {}): Promise<void> {
      for (let i = 0; i < max; i++) {
        if ((await focusedText()) === name) return;
        await popup.keyboard.press(back ? 'Shift+Tab' : 'Tab');
      }
      throw new Error(`could not reach “${name}” with the keyboard; focus is on “${await focusedText()}”`);
    }
    await popup.getByLabel('Search keys').focus();
    await tabTo('Create New Key', { back: true });
    await popup.keyboard.press('Enter');
    await expect(focusedText()).resolves.toBe('Add a New Application Key');
    await expect(popup.evaluate(() => document.activeElement?.tagName)).resolves.toBe('H2');
    await popup.keyboard.press('Tab');
    await popup.keyboard.type('keyboard-only');
    await popup.keyboard.press('Enter');
    await popup.getByTestId('one-time-secret').waitFor({ timeout: 30_000 });
    const keyId = (await popup.getByTestId('new-key-id').textContent())!.trim();
    secrets.set('applicationKey of keyboard-only', (await popup.getByTestId('new-application-key').textContent())!.trim());
    await tabTo('Copy applicationKey');
    await popup.keyboard.press('Enter');
    await expect(clipboard(popup)).resolves.toBe(secrets.get('applicationKey of keyboard-only'));
    await tabTo('Done');
    await popup.keyboard.press('Enter');
    // Focus lands on the new key's row; Enter opens it.
    await expect(popup.evaluate(() => document.activeElement?.closest('[data-key-id]')?.getAttribute('data-key-id'))).resolves.toBe(keyId);
    await popup.keyboard.press('Enter');
    await popup.getByTestId('key-details').waitFor();
    await tabTo('Delete Key');
    await popup.keyboard.press('Enter');
    await popup.getByTestId('delete-dialog').waitFor();
    await expect(focusedText()).resolves.toBe('Cancel');
    await popup.keyboard.press('Tab');
    await popup.keyboard.press('Enter');
    await popup.getByTestId('key-list').waitFor();
    expect((await emulatorKeys(emu)).some((k) => k.applicationKeyId === keyId)).toBe(false);
    await expect(popup.evaluate(() => document.activeElement?.id)).resolves.toBe('key-search');
  });

  it('saves the secret of a key created elsewhere, after B2 accepts it', async () => {
    await fetch(`${emu.url}/__emulator/seed-keys`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ count: 1, namePrefix: 'made-elsewhere-' }) });
    const elsewhere = (await emulatorKeys(emu)).find((k) => k.keyName.startsWith('made-elsewhere-'))!;
    secrets.set('applicationKey of a key made elsewhere', elsewhere.applicationKey);
    await popup.getByRole('button', { name: 'Refresh' }).click();
    await row(popup, elsewhere.keyName).locator('.row-main').click();
    await popup.getByTestId('save-secret-form').waitFor();
    await shot(popup, '12a-popup-details-no-secret');
    await popup.getByTestId('save-secret-input').fill(`${elsewhere.applicationKey}x`);
    // Escape in a field with something typed in it does not leave the view (and lose the text).
    await popup.getByTestId('save-secret-input').press('Escape');
    await expect(popup.getByTestId('key-details').isVisible()).resolves.toBe(true);
    await expect(popup.getByTestId('save-secret-input').inputValue()).resolves.toBe(`${elsewhere.applicationKey}x`);
    await popup.getByRole('button', { name: 'Save secret' }).click();
    await popup.getByText('B2 did not accept this applicationKey for this keyID.').waitFor({ timeout: 30_000 });
    await popup.getByTestId('save-secret-input').fill(elsewhere.applicationKey);
    await popup.getByRole('button', { name: 'Save secret' }).click();
    await popup.getByTestId('reveal').click();
    await expect(popup.getByTestId('revealed-secret').textContent()).resolves.toBe(elsewhere.applicationKey);
    await popup.getByRole('button', { name: '← Keys' }).click();
    await expect(row(popup, elsewhere.keyName).textContent()).resolves.toContain('Secret saved');
  });

  it('leaves no secret in storage.local or storage.sync, in any encoding', async () => {
    // Auth tokens and the unlocked data key live in storage.session; they must not reach the disk areas either.
    const session = await ext.worker.evaluate(() => chrome.storage.session.get(null));
    for (const [what, secret] of Object.entries(sessionSecrets(session))) secrets.set(what, secret);
    await assertNoSecretsStored(ext, secrets);
  });

  it('removes the account, asking what to do with its saved secrets', async () => {
    await options.reload();
    await options.getByTestId('remove-account').click();
    const dialog = options.getByTestId('remove-account-dialog');
    await dialog.waitFor();
    await expect(options.getByTestId('keep-secrets').isChecked()).resolves.toBe(true);
    await shot(options, '14-options-remove-account');
    await options.getByTestId('delete-secrets').check();
    await options.getByTestId('confirm-remove-account').click();
    await options.getByText('No account yet.').waitFor();
    await shot(options, '15-options-no-account');
    await assertNoSecretsStored(ext, secrets);
  });
});

async function assertNoSecretsStored(ext: ChromiumExtension, secrets: Map<string, string>): Promise<void> {
  const dump = await ext.worker.evaluate(async () => JSON.stringify([await chrome.storage.local.get(null), await chrome.storage.sync.get(null)]));
  expect(dump.length).toBeGreaterThan(20);
  expect(findSecrets(dump, Object.fromEntries(secrets))).toEqual([]);
}

describe('10,000 keys stay smooth in the popup', () => {
  let emu: RunningEmulator;
  let ext: ChromiumExtension;

  beforeAll(async () => {
    emu = await startEmulator({ port: 0 });
    const seeded = await fetch(`${emu.url}/__emulator/seed-keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: 10_000, namePrefix: 'bulk-' }),
    });
    expect(seeded.ok).toBe(true);
    ext = await launchChromium(distDir('chrome'));
    // Set-up through the RPC: this part is about the list, not the onboarding.
    const page = await ext.open(OPTIONS);
    const call = (method: string, params: object) =>
      page.evaluate(([m, p]) => chrome.runtime.sendMessage({ b2km: 1, method: m, params: p }), [method, params] as const) as Promise<{ ok: boolean }>;
    expect((await call('createVault', { passphrase: PASSPHRASE })).ok).toBe(true);
    expect((await call('addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url })).ok).toBe(true);
    await page.close();
  });

  afterAll(async () => {
    await ext?.close();
    await emu?.close();
  });

  it('renders only the visible rows, scrolls to the end and searches quickly', async () => {
    const popup = await ext.open(POPUP);
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.getByText('10,000 keys.').waitFor({ timeout: 60_000 });
    const rows = await popup.locator('[data-testid="key-row"]').count();
    expect(rows).toBeGreaterThan(3);
    expect(rows).toBeLessThan(40);

    // Reopening the popup shows the cached 10,000 at once, before any refresh answers.
    const reopened = await ext.open(POPUP);
    await reopened.setViewportSize({ width: 400, height: 600 });
    const t0 = Date.now();
    await reopened.getByText('10,000 keys.').waitFor({ timeout: 10_000 });
    // Timings are printed, not asserted: `npm run bench` measures them against an empty page.
    console.log(`[bench] popup reopened to "10,000 keys.": ${Date.now() - t0} ms`);

    // Keyboard: into the list, End jumps to the last key, which is rendered and focused.
    await reopened.getByLabel('Search keys').press('ArrowDown');
    await reopened.keyboard.press('End');
    await expect.poll(() => reopened.evaluate(() => document.activeElement?.closest('[data-index]')?.getAttribute('aria-posinset'))).toBe('10000');
    await expect(reopened.locator('[data-testid="key-row"]').count()).resolves.toBeLessThan(40);

    // Scrolling: how long a jump to a far position takes to paint (scroll, render, two frames).
    const frameMs = await reopened.evaluate(async () => {
      const el = document.querySelector('.vlist')!;
      const times: number[] = [];

      for (let i = 0; i < 60; i++) {
        const start = performance.now();
        el.scrollTop = (i * 7919) % (el.scrollHeight - el.clientHeight);
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      // The median, not a high percentile: on a busy two-core CI machine even idle frames jitter past 100 ms.
      return times[Math.floor(times.length / 2)]!;
    });
    console.log(`[bench] median jump-scroll to paint: ${frameMs.toFixed(1)} ms`);

    const t1 = Date.now();
    await reopened.getByLabel('Search keys').fill('bulk-9999');
    await reopened.getByText('1 of 10,000 keys match.').waitFor({ timeout: 30_000 });
    console.log(`[bench] search over 10,000 keys to its count: ${Date.now() - t1} ms`);
    // The search started with the list scrolled far down: its one match is at the top, in view.
    await expect(reopened.evaluate(() => document.querySelector('.vlist')!.scrollTop)).resolves.toBe(0);
    await expect(row(reopened, 'bulk-9999').isVisible()).resolves.toBe(true);
    await shot(reopened, '16-popup-10000-keys-search');
  });
});
