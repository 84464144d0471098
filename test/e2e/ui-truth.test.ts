/**
 * Issue 8, "the UI tells the truth", in real Chromium against real emulators: the refresh error banner goes
 * once a refresh succeeds, created and deleted keys get a visible confirmation, missing writeKeys/deleteKeys
 * disable the buttons with the reason, network errors name what failed, the key name is sent as shown, weak
 * passphrases are refused (also when the background is called directly), the options page's lock time follows
 * the auto-lock setting, and a B2 refusal of a capability is shown at the capabilities with the form kept.
 * Three emulators stand for three accounts (one full master key, one key without writeKeys, one without
 * deleteKeys).
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';
import { distDir, launchChromium, type ChromiumExtension } from '../helpers/browsers';
import { rpcFrom, rpcOk } from '../helpers/rpc';

const POPUP = 'src/popup/index.html';
const OPTIONS = 'src/options/index.html';
const PASSPHRASE = 'harbor-quilt-meadow-ember-3';

interface EmulatorKey {
  applicationKeyId: string;
  keyName: string;
}

async function emulatorKeys(emu: RunningEmulator): Promise<EmulatorKey[]> {
  return (await (await fetch(`${emu.url}/__emulator/keys`)).json()) as EmulatorKey[];
}

async function fault(emu: RunningEmulator, spec: object): Promise<void> {
  const res = await fetch(`${emu.url}/__emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
  expect(res.ok).toBe(true);
}

/** A key of the emulator's account with exactly these capabilities, made with its master key. */
async function issueKey(emu: RunningEmulator, keyName: string, capabilities: string[]): Promise<{ applicationKeyId: string; applicationKey: string }> {
  const authRes = await fetch(`${emu.url}/b2api/v4/b2_authorize_account`, {
    headers: { Authorization: `Basic ${Buffer.from(`${emu.applicationKeyId}:${emu.applicationKey}`).toString('base64')}` },
  });
  const auth = (await authRes.json()) as { authorizationToken: string; accountId: string };
  const res = await fetch(`${emu.url}/b2api/v4/b2_create_key`, {
    method: 'POST',
    headers: { Authorization: auth.authorizationToken, 'content-type': 'application/json' },
    body: JSON.stringify({ accountId: auth.accountId, keyName, capabilities }),
  });
  expect(res.status).toBe(200);
  const key = (await res.json()) as { applicationKeyId: string; applicationKey: string };
  return { applicationKeyId: key.applicationKeyId, applicationKey: key.applicationKey };
}

function row(page: Page, keyName: string): Locator {
  return page.locator('[data-testid="key-row"]').filter({ has: page.locator('.key-name', { hasText: new RegExp(`^${keyName}$`) }) });
}

describe('the UI tells the truth (Chromium + emulator)', () => {
  let main: RunningEmulator;
  let noWrite: RunningEmulator;
  let noDelete: RunningEmulator;
  let ext: ChromiumExtension;
  let options: Page;
  let popup: Page;

  beforeAll(async () => {
    [main, noWrite, noDelete] = await Promise.all([startEmulator({ port: 0 }), startEmulator({ port: 0 }), startEmulator({ port: 0 })]);
    ext = await launchChromium(distDir('chrome'));
  });

  afterAll(async () => {
    await ext?.close();
    await Promise.all([main?.close(), noWrite?.close(), noDelete?.close()]);
  });

  async function openPopup(): Promise<Page> {
    const page = await ext.open(POPUP);
    await page.setViewportSize({ width: 400, height: 600 });
    await page.getByTestId('refresh-state').filter({ hasText: /Updated/ }).waitFor({ timeout: 30_000 });
    return page;
  }

  it('refuses the weakest passphrases in the first-run form and in the background', async () => {
    options = await ext.open(OPTIONS);
    await options.setViewportSize({ width: 900, height: 900 });
    await options.getByRole('heading', { name: 'Welcome to B2 Key Manager' }).waitFor();
    for (const [weak, why] of [
      ['Summer2024!', 'A single word, even with a few digits or symbols around it, is guessed quickly; use a few unrelated words.'],
      ['password123', 'This is one of the most common passwords, so it would be guessed first.'],
    ] as const) {
      await options.getByLabel('Vault passphrase').fill(weak);
      await options.getByLabel('Confirm passphrase').fill(weak);
      await options.getByRole('button', { name: 'Set passphrase' }).click();
      await options.getByText(`This passphrase is too easy to guess. ${why}`).waitFor();
      // The page's rule is not the only guard: the background refuses the same passphrase when called directly.
      const direct = await rpcFrom(options, 'createVault', { passphrase: weak });
      expect(direct).toMatchObject({ ok: false, error: { code: 'WEAK_PASSPHRASE', message: `This passphrase is too easy to guess. ${why}` } });
    }
    expect((await rpcOk(options, 'getStatus', {})).vault).toBe('uninitialized');
    await options.getByLabel('Vault passphrase').fill(PASSPHRASE);
    await options.getByLabel('Confirm passphrase').fill(PASSPHRASE);
    await options.getByRole('button', { name: 'Set passphrase' }).click();
    await options.getByRole('heading', { name: 'Add your Backblaze account' }).waitFor({ timeout: 30_000 });

    // Set-up of the three accounts through the RPC: this file is about what the UI says, not onboarding.
    const limitedWrite = await issueKey(noWrite, 'no-write-keys', ['listKeys', 'deleteKeys', 'listBuckets']);
    const limitedDelete = await issueKey(noDelete, 'no-delete-keys', ['listKeys', 'writeKeys', 'listBuckets']);
    await issueKey(noDelete, 'victim', ['listFiles']);
    await rpcOk(options, 'addAccount', { applicationKeyId: main.applicationKeyId, applicationKey: main.applicationKey, endpoint: main.url, label: 'Main' });
    await rpcOk(options, 'addAccount', { ...limitedWrite, endpoint: noWrite.url, label: 'No writeKeys' });
    await rpcOk(options, 'addAccount', { ...limitedDelete, endpoint: noDelete.url, label: 'No deleteKeys' });
    expect((await rpcOk(options, 'listAccounts', {})).activeAccountId).toBe(main.accountId);
  });

  it('refuses a weak new passphrase when changing it, in the form and in the background', async () => {
    await options.reload();
    await options.getByRole('heading', { name: 'Change passphrase' }).waitFor();
    const form = options.getByTestId('change-passphrase-form');
    await form.getByLabel('Current passphrase').fill(PASSPHRASE);
    await form.getByLabel('New passphrase').fill('elephant');
    await form.getByLabel('Confirm passphrase').fill('elephant');
    await form.getByRole('button', { name: 'Change passphrase' }).click();
    await form.getByText(/^This passphrase is too easy to guess\. A single word/).waitFor();
    const direct = await rpcFrom(options, 'changePassphrase', { oldPassphrase: PASSPHRASE, newPassphrase: 'elephant' });
    expect(direct).toMatchObject({ ok: false, error: { code: 'WEAK_PASSPHRASE' } });
    // Nothing changed: the old passphrase still unlocks.
    await rpcOk(options, 'lock', {});
    expect((await rpcOk(options, 'unlock', { passphrase: PASSPHRASE })).vault).toBe('unlocked');
  });

  it('updates the options page\'s lock time when auto-lock changes', async () => {
    await options.reload();
    const vault = options.locator('section[aria-labelledby="vault-h"]');
    await vault.getByText(/locks itself at/).waitFor();
    const shownFor = async () => {
      const at = (await rpcOk(options, 'getStatus', {})).autoLockAt;
      return at === null ? null : options.evaluate((t) => new Date(t).toLocaleTimeString(undefined, { timeStyle: 'short' }), at);
    };
    const before = await vault.textContent();
    await options.getByTestId('auto-lock').selectOption('60');
    await options.getByTestId('settings-saved').filter({ hasText: 'Auto-lock saved.' }).waitFor();
    const expected = await shownFor();
    expect(expected).not.toBeNull();
    await vault.getByText(`locks itself at ${expected} if unused`).waitFor();
    expect(await vault.textContent()).not.toBe(before);
    await options.getByTestId('auto-lock').selectOption('browserClose');
    await expect.poll(() => vault.textContent()).not.toMatch(/locks itself at/);
    await options.getByTestId('auto-lock').selectOption('15');
    await vault.getByText(/locks itself at/).waitFor();
  });

  it('drops the refresh error banner once a refresh succeeds, also the one cached in the background', async () => {
    popup = await openPopup();
    await fault(main, { endpoint: 'b2_list_keys', status: 403, code: 'access_denied', message: 'transaction cap exceeded' });
    await popup.getByRole('button', { name: 'Refresh' }).click();
    const banner = popup.getByTestId('refresh-error');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('transaction cap exceeded');
    expect((await rpcOk(popup, 'listKeys', {})).lastError).toContain('transaction cap exceeded');

    // While the next refresh is under way the error is still the latest news; it goes when that refresh succeeds.
    await fault(main, { endpoint: 'b2_list_keys', delayMs: 1500 });
    await popup.getByRole('button', { name: 'Refresh' }).click();
    await popup.getByTestId('refresh-state').filter({ hasText: 'Refreshing…' }).waitFor();
    expect(await banner.isVisible()).toBe(true);
    await popup.getByTestId('refresh-state').filter({ hasText: /Updated/ }).waitFor({ timeout: 30_000 });
    expect(await banner.count()).toBe(0);
    expect((await rpcOk(popup, 'listKeys', {})).lastError).toBeNull();

    // A popup opened after a failed refresh shows the cached error only until its own refresh succeeds.
    await fault(main, { endpoint: 'b2_list_keys', status: 403, code: 'access_denied', message: 'transaction cap exceeded' });
    await popup.getByRole('button', { name: 'Refresh' }).click();
    await banner.waitFor();
    await popup.close();
    popup = await openPopup();
    await expect.poll(() => popup.getByTestId('refresh-error').count()).toBe(0);
  });

  it('confirms a created and a deleted key visibly, and clears the search after the delete', async () => {
    const notice = popup.getByTestId('notice');
    await popup.getByTestId('create-key').click();
    await popup.getByLabel('Name of Key').fill('truth-one');
    await popup.getByTestId('create-submit').click();
    await popup.getByTestId('one-time-secret').waitFor({ timeout: 30_000 });
    expect(await notice.getAttribute('role')).toBe('status');
    await expect.poll(() => notice.textContent()).toBe('Created “truth-one”.');
    expect(await notice.isVisible()).toBe(true);
    await popup.getByTestId('created-done').click();
    await row(popup, 'truth-one').waitFor();
    expect(await notice.textContent()).toBe('Created “truth-one”.');
    expect(await notice.isVisible()).toBe(true);

    await popup.getByTestId('search').fill('truth-one');
    await row(popup, 'truth-one').click();
    await popup.getByTestId('delete-key').click();
    await popup.getByTestId('confirm-delete').click();
    await expect.poll(() => notice.textContent()).toBe('Deleted “truth-one”.');
    expect(await notice.isVisible()).toBe(true);
    expect(await popup.getByTestId('search').inputValue()).toBe('');
    expect((await emulatorKeys(main)).some((k) => k.keyName === 'truth-one')).toBe(false);
  });

  it('sends the key name exactly as shown: a space at the end is named in the field, nothing is sent', async () => {
    await popup.getByTestId('create-key').click();
    await popup.getByLabel('Name of Key').fill('spaced ');
    await popup.getByText("Key names may only contain letters, numbers and '-'. Remove the space at the start or end.").waitFor();
    await popup.getByTestId('create-submit').click();
    expect(await popup.getByLabel('Name of Key').inputValue()).toBe('spaced ');
    await popup.getByLabel('Name of Key').fill('under_score');
    await popup.getByText("Key names may only contain letters, numbers and '-'. Remove “_”.").waitFor();
    await popup.getByTestId('create-submit').click();
    expect((await emulatorKeys(main)).filter((k) => /spaced|under/.test(k.keyName))).toEqual([]);
    await popup.getByRole('button', { name: 'Cancel' }).click();
  });

  it('shows a B2 refusal of a ⚠ capability at the capabilities and keeps the form', async () => {
    // Real bucket-scoped console keys carry the logging pair, the docs do not list it: if B2 says no, it says it here.
    const refusal = 'capabilities not allowed on a key restricted to buckets: readBucketLogging, writeBucketLogging';
    await fault(main, { endpoint: 'b2_create_key', status: 400, code: 'bad_request', message: refusal });
    await popup.getByTestId('create-key').click();
    await popup.getByLabel('Name of Key').fill('scoped-rw');
    await popup.getByLabel('Only the buckets I choose').check();
    await popup.getByLabel('photos-backup').check();
    await popup.getByTestId('create-submit').click();
    const capsError = popup.getByTestId('access').locator('.error');
    await capsError.waitFor();
    expect(await capsError.textContent()).toBe(`B2 refused this: “${refusal}”. Change it and try again; nothing was created.`);
    // Everything entered is still there, and the error is tied to the access-type radios.
    expect(await popup.getByLabel('Name of Key').inputValue()).toBe('scoped-rw');
    expect(await popup.getByLabel('photos-backup').isChecked()).toBe(true);
    expect(await popup.getByLabel('Read and Write').isChecked()).toBe(true);
    const describedBy = await popup.getByLabel('Read and Write').getAttribute('aria-describedby');
    expect(describedBy && (await capsError.getAttribute('id'))).toBe(describedBy);
    expect((await emulatorKeys(main)).some((k) => k.keyName === 'scoped-rw')).toBe(false);
    // The kept form works as it is once B2 agrees.
    await popup.getByTestId('create-submit').click();
    await popup.getByTestId('one-time-secret').waitFor({ timeout: 30_000 });
    expect((await emulatorKeys(main)).filter((k) => k.keyName === 'scoped-rw')).toHaveLength(1);
    await popup.getByTestId('created-done').click();
  });

  it('keeps what was typed in Create New Key when the popup closes unsent (a click outside), and Cancel discards it', async () => {
    await popup.getByTestId('create-key').click();
    await popup.getByLabel('Name of Key').fill('draft-kept');
    await popup.getByLabel('Only the buckets I choose').check();
    await popup.getByLabel('photos-backup').check();
    await popup.getByLabel('Read Only').check();
    await popup.close();
    popup = await ext.open(POPUP);
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.getByText('Restored what you typed before the panel closed. Cancel discards it.').waitFor({ timeout: 30_000 });
    expect(await popup.getByLabel('Name of Key').inputValue()).toBe('draft-kept');
    expect(await popup.getByLabel('photos-backup').isChecked()).toBe(true);
    expect(await popup.getByLabel('Read Only').isChecked()).toBe(true);
    // Nothing was sent.
    expect((await emulatorKeys(main)).some((k) => k.keyName === 'draft-kept')).toBe(false);
    await popup.getByRole('button', { name: 'Cancel' }).click();
    await popup.close();
    popup = await openPopup();
    await popup.getByTestId('create-key').click();
    expect(await popup.getByLabel('Name of Key').inputValue()).toBe('');
    expect(await popup.getByText('Restored what you typed').count()).toBe(0);
    await popup.getByRole('button', { name: 'Cancel' }).click();
  });

  it('a Create New Key sent just before the popup closes: refused, the form comes back with B2’s reason; made, it is not offered again', async () => {
    /** The request id the popup's kept draft was sent under (one draft item per account). */
    const sentRequestId = () =>
      popup.evaluate(() => {
        const item = Object.keys(localStorage).find((k) => k.startsWith('b2km.createDraft:'));
        return (JSON.parse((item && localStorage.getItem(item)) ?? '{}') as { sent?: { requestId: string } }).sent?.requestId;
      });
    /** Sends the form, then closes the popup once the background holds the request (B2 answers later). */
    async function sendAndClose(): Promise<void> {
      await popup.getByTestId('create-submit').click();
      const requestId = await sentRequestId();
      expect(requestId).toEqual(expect.any(String));
      await expect.poll(async () => (await rpcOk(options, 'createOutcome', { requestId: requestId! })).outcome?.state, { timeout: 10_000 }).toBe('pending');
      await popup.close();
      popup = await ext.open(POPUP);
      await popup.setViewportSize({ width: 400, height: 600 });
    }

    await fault(main, { endpoint: 'b2_create_key', count: 1, delayMs: 2_500, status: 400, code: 'bad_request', message: 'too many keys named like this' });
    await popup.getByTestId('create-key').click();
    await popup.getByLabel('Name of Key').fill('sent-then-refused');
    await sendAndClose();
    await popup.getByText('This form was sent just before the panel closed, and the key was not created.', { exact: false }).waitFor({ timeout: 30_000 });
    expect(await popup.getByLabel('Name of Key').inputValue()).toBe('sent-then-refused');
    expect(await popup.getByTestId('create-form').textContent()).toContain('too many keys named like this');
    expect((await emulatorKeys(main)).some((k) => k.keyName === 'sent-then-refused')).toBe(false);
    // The form as it came back is a plain draft again, and it works once B2 agrees.
    await popup.getByLabel('Name of Key').fill('sent-then-made');
    await fault(main, { endpoint: 'b2_create_key', count: 1, delayMs: 2_500 });
    await sendAndClose();
    await popup.getByText('B2 created “sent-then-made” after the panel closed, and its applicationKey is saved in the vault', { exact: false }).waitFor({ timeout: 30_000 });
    // Not offered again: the form is empty, and what was sent stays one key, with its secret saved.
    expect(await popup.getByLabel('Name of Key').inputValue()).toBe('');
    expect((await emulatorKeys(main)).filter((k) => k.keyName === 'sent-then-made')).toHaveLength(1);
    const list = await rpcOk(options, 'listKeys', { query: 'sent-then-made' });
    expect(list.keys.map((k) => [k.keyName, k.hasSecret])).toEqual([['sent-then-made', true]]);
    await popup.getByRole('button', { name: 'Cancel' }).click();
    await popup.close();
    popup = await openPopup();
    expect(await popup.getByTestId('create-resumed').count()).toBe(0);
  });

  it('keeps Create New Key visible but disabled, with the reason, when the account\'s key lacks writeKeys', async () => {
    await popup.getByTestId('account-select').selectOption({ label: 'No writeKeys' });
    await popup.getByTestId('refresh-state').filter({ hasText: /Updated/ }).waitFor({ timeout: 30_000 });
    const create = popup.getByTestId('create-key');
    await expect.poll(() => create.isDisabled()).toBe(true);
    expect(await create.isVisible()).toBe(true);
    const reason = popup.getByTestId('create-blocked');
    expect(await reason.textContent()).toMatch(/^This account’s key cannot create keys: it lacks writeKeys\./);
    expect(await create.getAttribute('aria-describedby')).toBe(await reason.getAttribute('id'));
  });

  it('disables Delete Key with the reason when the account\'s key lacks deleteKeys', async () => {
    await popup.getByTestId('account-select').selectOption({ label: 'No deleteKeys' });
    await row(popup, 'victim').click();
    const del = popup.getByTestId('delete-key');
    await del.waitFor();
    expect(await del.isDisabled()).toBe(true);
    const reason = popup.getByTestId('delete-blocked');
    expect(await reason.textContent()).toMatch(/^This account’s key cannot delete keys: it lacks deleteKeys\./);
    expect(await del.getAttribute('aria-describedby')).toBe(await reason.getAttribute('id'));
    // This account can create keys, so its button is enabled.
    await popup.getByRole('button', { name: '← Keys' }).click();
    expect(await popup.getByTestId('create-key').isDisabled()).toBe(false);
  });

  it('names the host and says what could not be told apart when nothing answers there (browser fetch hides the cause)', async () => {
    const host = new URL(noDelete.url).host;
    await noDelete.close();
    await popup.getByRole('button', { name: 'Refresh' }).click();
    const banner = popup.getByTestId('refresh-error');
    await banner.waitFor({ timeout: 60_000 });
    expect(await banner.textContent()).toContain(
      `Could not connect to ${host} (the connection was refused, the name was not found, or there is no network). Check your internet connection and the API endpoint, then try again.`,
    );
  });
});
