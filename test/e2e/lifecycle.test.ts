/**
 * Issue 10 in real Chromium against the emulator, through the popup and options UI: a one-bucket key is a
 * single-bucket key by default (it authorizes on v3; a multi-bucket one is refused there), Rotate key (old and new
 * both checked in the emulator, the old one deleted only after its own confirmation), Check applicationKey
 * (works / deleted / expired / does not match) and "Check all saved secrets". Then a scan of storage for secrets.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';
import { currentWorker, distDir, launchChromium, withSecretWritesRefused, type ChromiumExtension } from '../helpers/browsers';
import { rpcOk } from '../helpers/rpc';
import { findSecrets, sessionSecrets } from '../helpers/secrets-scan';

const PASS = 'e2e lifecycle passphrase 7781';
const POPUP = 'src/popup/index.html';
const OPTIONS = 'src/options/index.html';
const SHOTS = join(import.meta.dirname, '../../test-results/screenshots');

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `lifecycle-${name}.png`), fullPage: true });
}

type EmuKey = { applicationKeyId: string; applicationKey: string; keyName: string; bucketIds: string[] | null; multiBucket: boolean; expirationTimestamp: number | null };

let emu: RunningEmulator;
let ext: ChromiumExtension;
let popup: Page;

async function admin(path: string, body?: unknown): Promise<unknown> {
  const init: RequestInit = body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
  return (await fetch(`${emu.url}/__emulator/${path}`, init)).json();
}
const emuKeys = async () => (await admin('keys')) as EmuKey[];
const emuKey = async (id: string) => (await emuKeys()).find((k) => k.applicationKeyId === id);

/** What a tool speaking B2 API v3 or v4 gets when it authorizes with this key. */
async function authorizeOn(version: 3 | 4, id: string, secret: string): Promise<{ status: number; message: string }> {
  const res = await fetch(`${emu.url}/b2api/v${version}/b2_authorize_account`, { headers: { Authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` } });
  const body = (await res.json()) as { message?: string };
  return { status: res.status, message: body.message ?? '' };
}

async function openPopup(): Promise<void> {
  await popup.goto(popup.url());
  await popup.getByTestId('create-key').waitFor({ timeout: 15_000 });
}

/** Opens a key's details through the search field and its row. */
async function openDetails(keyName: string): Promise<void> {
  await popup.getByTestId('search').fill(keyName);
  const row = popup.locator('[data-testid="key-row"]').filter({ has: popup.locator('.key-name', { hasText: new RegExp(`^${keyName}$`) }) });
  await row.locator('.row-main').click();
  await popup.getByTestId('key-details').waitFor();
}

async function createThroughForm(name: string, buckets: string[], opts: { v4OneBucket?: boolean; expectNote: RegExp }): Promise<{ keyId: string; secret: string }> {
  await popup.getByTestId('create-key').click();
  await popup.getByRole('heading', { name: 'Add a New Application Key' }).waitFor();
  await popup.getByLabel('Name of Key').fill(name);
  await popup.getByLabel('Only the buckets I choose').check();
  for (const b of buckets) await popup.getByLabel(b).check();
  if (opts.v4OneBucket) {
    await popup.getByText('Advanced', { exact: true }).click();
    await popup.getByTestId('v4-one-bucket').check();
  }
  await expect(popup.getByTestId('key-kind-note').textContent()).resolves.toMatch(opts.expectNote);
  await shot(popup, `create-${name}`);
  // The form keeps the console's button words.
  await expect(popup.getByTestId('create-submit').textContent()).resolves.toBe('Create New Key');
  await popup.getByTestId('create-submit').click();
  await popup.getByTestId('one-time-secret').waitFor({ timeout: 30_000 });
  const keyId = (await popup.getByTestId('new-key-id').textContent())!.trim();
  const secret = (await popup.getByTestId('new-application-key').textContent())!.trim();
  await popup.getByTestId('created-done').click();
  await popup.getByTestId('key-list').waitFor();
  return { keyId, secret };
}

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  emu = await startEmulator({ port: 0 });
  ext = await launchChromium(distDir('chrome'));
  popup = await ext.open(POPUP);
  await popup.setViewportSize({ width: 400, height: 700 });
  await rpcOk(popup, 'createVault', { passphrase: PASS });
  await rpcOk(popup, 'addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url });
  await rpcOk(popup, 'refreshKeys', {});
});

afterAll(async () => {
  if (ext) {
    // Lineage notes and all: nothing secret in storage, in any encoding.
    const worker = await currentWorker(ext);
    const dump = await worker.evaluate(async () => ({ local: await chrome.storage.local.get(null), sync: await chrome.storage.sync.get(null) }));
    const session = await worker.evaluate(async () => chrome.storage.session.get(null));
    const known: Record<string, string> = { passphrase: PASS, masterKey: emu.applicationKey };
    Object.assign(known, sessionSecrets(session, false));
    for (const k of await emuKeys()) known[`key ${k.applicationKeyId}`] = k.applicationKey;
    expect(findSecrets(dump, known)).toEqual([]);
  }
  await ext?.close();
  await emu?.close();
});

describe('keys that work with every tool', () => {
  it('one bucket makes a single-bucket key that authorizes on v3; two buckets, or the advanced switch, a v4 key refused there', async () => {
    await openPopup();
    const single = await createThroughForm('one-bucket', ['nas-archive'], { expectNote: /single-bucket key, which works with every tool/ });
    const two = await createThroughForm('two-buckets', ['nas-archive', 'photos-backup'], { expectNote: /More than one bucket makes a multi-bucket key.*older API versions/ });
    const v4one = await createThroughForm('v4-one-bucket', ['photos-backup'], { v4OneBucket: true, expectNote: /multi-bucket key with one bucket/ });

    expect((await emuKey(single.keyId))?.multiBucket).toBe(false);
    expect(await authorizeOn(3, single.keyId, single.secret)).toMatchObject({ status: 200 });
    for (const k of [two, v4one]) {
      expect((await emuKey(k.keyId))?.multiBucket).toBe(true);
      expect(await authorizeOn(3, k.keyId, k.secret)).toEqual({ status: 400, message: 'This request is not currently supported on API version number 3' });
      expect((await authorizeOn(4, k.keyId, k.secret)).status).toBe(200);
    }

    // Details say which kind each key is.
    for (const [name, kind] of [['one-bucket', 'single'], ['two-buckets', 'multi'], ['v4-one-bucket', 'multi']] as const) {
      await openPopup();
      await openDetails(name);
      await expect.poll(() => popup.getByTestId('bucket-kind').getAttribute('data-kind')).toBe(kind);
    }
  });
});

describe('Rotate key', () => {
  it('makes a successor with the same restrictions; the old key is deleted only after its own confirmation', async () => {
    await openPopup();
    await openDetails('one-bucket');
    const oldId = (await popup.getByTestId('details-key-id').textContent())!.trim();
    const oldKey = (await emuKey(oldId))!;
    await popup.getByTestId('rotate-key').click();
    await popup.getByTestId('rotate-form').waitFor();
    await expect(popup.getByTestId('rotate-name').inputValue()).resolves.toBe('one-bucket-2');
    await popup.getByTestId('rotate-name').fill('one-bucket-next');
    await popup.getByTestId('rotate-duration').fill('30');
    // The panel closed before the form was sent (a click outside it): the next one opens this key's form as typed.
    await popup.goto(popup.url());
    await popup.getByTestId('rotate-form').waitFor({ timeout: 15_000 });
    await expect(popup.getByTestId('rotate-name').inputValue()).resolves.toBe('one-bucket-next');
    await expect(popup.getByTestId('rotate-duration').inputValue()).resolves.toBe('30');
    await shot(popup, 'rotate-form');
    await popup.getByTestId('rotate-submit').click();
    await popup.getByTestId('one-time-secret').waitFor({ timeout: 30_000 });
    const newId = (await popup.getByTestId('new-key-id').textContent())!.trim();
    const newSecret = (await popup.getByTestId('new-application-key').textContent())!.trim();
    await expect(popup.getByTestId('snippet-env').textContent()).resolves.toContain(newSecret);

    // Both keys exist and work; the new one has the old one's restrictions and kind, and the confirmed duration.
    const fresh = (await emuKey(newId))!;
    expect(fresh.applicationKey).toBe(newSecret);
    expect(fresh).toMatchObject({ keyName: 'one-bucket-next', bucketIds: oldKey.bucketIds, multiBucket: false });
    expect(fresh.expirationTimestamp).not.toBeNull();
    expect(Math.round((fresh.expirationTimestamp! - Date.now()) / 86_400_000)).toBe(30);
    expect((await authorizeOn(3, newId, newSecret)).status).toBe(200);
    expect((await authorizeOn(4, oldId, oldKey.applicationKey)).status).toBe(200);

    // Deleting the old key is its own step, behind Delete Key's confirmation: Cancel leaves it in B2.
    await shot(popup, 'rotated-panel');
    await popup.getByTestId('delete-old-key').click();
    await popup.getByTestId('delete-dialog').waitFor();
    await popup.getByRole('button', { name: 'Cancel' }).click();
    await popup.getByTestId('delete-dialog').waitFor({ state: 'detached' });
    expect(await emuKey(oldId)).toBeDefined();
    await popup.getByTestId('delete-old-key').click();
    await popup.getByTestId('confirm-delete').click();
    await popup.getByTestId('old-key-deleted').waitFor();
    expect(await emuKey(oldId)).toBeUndefined();
    expect(await emuKey(newId)).toBeDefined();
    expect((await authorizeOn(4, oldId, oldKey.applicationKey)).status).toBe(401);

    // The new key's details say what it replaced.
    await popup.getByTestId('created-done').click();
    await openDetails('one-bucket-next');
    await expect(popup.getByTestId('replaces-link').textContent()).resolves.toBe('one-bucket');
    await expect.poll(() => popup.getByTestId('bucket-kind').getAttribute('data-kind')).toBe('single');
  });

  it('does not offer deleting the old key while the new key’s applicationKey is unsaved; once saved again, it does', async () => {
    await rpcOk(popup, 'createKey', { keyName: 'rot-unsaved', capabilities: ['listBuckets', 'readFiles'] });
    await openPopup();
    await openDetails('rot-unsaved');
    await popup.getByTestId('rotate-key').click();
    await popup.getByTestId('rotate-form').waitFor();
    // The vault cannot save the new secret (a full disk): it is only on screen.
    await withSecretWritesRefused(await currentWorker(ext), async () => {
      await popup.getByTestId('rotate-submit').click();
      await popup.getByTestId('one-time-secret').waitFor({ timeout: 30_000 });
      await expect(popup.getByTestId('saved-note').textContent()).resolves.toMatch(/could not be saved/);
      await expect(popup.getByTestId('delete-old-key').isDisabled()).resolves.toBe(true);
      await expect(popup.getByTestId('old-key-wait').textContent()).resolves.toMatch(/^Not while the new key’s applicationKey is unsaved/);
    });
    await popup.getByTestId('save-again').click();
    await popup.getByText(/is now saved in your vault/).waitFor({ timeout: 30_000 });
    await expect(popup.getByTestId('delete-old-key').isDisabled()).resolves.toBe(false);
    expect(await popup.getByTestId('old-key-wait').count()).toBe(0);
    await popup.getByTestId('created-done').click();
  });

  it('the replaced key links to its successor while it exists', async () => {
    await openPopup();
    await openDetails('two-buckets');
    await popup.getByTestId('rotate-key').click();
    await popup.getByTestId('rotate-submit').click();
    await popup.getByTestId('one-time-secret').waitFor({ timeout: 30_000 });
    await popup.getByTestId('created-done').click();
    await openDetails('two-buckets');
    await expect(popup.getByTestId('replaced-by-link').textContent()).resolves.toBe('two-buckets-2');
    await popup.getByTestId('replaced-by-link').click();
    await expect(popup.getByTestId('replaces-link').textContent()).resolves.toBe('two-buckets');
    await expect.poll(() => popup.getByTestId('bucket-kind').getAttribute('data-kind')).toBe('multi');
  });
});

describe('Check applicationKey', () => {
  it('works / deleted / expired / does not match, and nothing changes in B2', async () => {
    const made: Record<string, string> = {};
    for (const name of ['chk-works', 'chk-deleted', 'chk-expired', 'chk-wrong']) {
      made[name] = (await rpcOk(popup, 'createKey', { keyName: name, capabilities: ['listBuckets', 'readFiles'] })).key.applicationKeyId;
    }
    // What happens outside the extension: deleted in the B2 console, expired, and a secret that no longer matches.
    const master = (await fetch(`${emu.url}/b2api/v4/b2_authorize_account`, { headers: { Authorization: `Basic ${Buffer.from(`${emu.applicationKeyId}:${emu.applicationKey}`).toString('base64')}` } }).then((r) => r.json())) as { authorizationToken: string };
    await fetch(`${emu.url}/b2api/v4/b2_delete_key`, { method: 'POST', headers: { Authorization: master.authorizationToken }, body: JSON.stringify({ applicationKeyId: made['chk-deleted'] }) });
    await admin(`alter-key/${made['chk-expired']}`, { expired: true });
    await admin(`alter-key/${made['chk-wrong']}`, { newSecret: true });
    const before = JSON.stringify(await emuKeys());

    const expected = { 'chk-works': 'works', 'chk-deleted': 'deleted', 'chk-expired': 'expired', 'chk-wrong': 'mismatch' };
    for (const [name, outcome] of Object.entries(expected)) {
      await openPopup();
      await openDetails(name);
      await popup.getByTestId('check-secret').click();
      const result = popup.getByTestId('check-result');
      await result.waitFor({ timeout: 20_000 });
      await expect(result.getAttribute('data-outcome'), name).resolves.toBe(outcome);
      await shot(popup, `check-${outcome}`);
    }
    await expect(popup.getByTestId('check-result').textContent()).resolves.toMatch(/does not match/);
    expect(JSON.stringify(await emuKeys())).toBe(before);
  });

  it('"Check all saved secrets" on the options page: progress to the end and a summary', async () => {
    const options = await ext.open(OPTIONS);
    const card = options.getByTestId('account-card');
    await card.waitFor({ timeout: 15_000 });
    await expect(card.getByTestId('master-key-note').locator('a').getAttribute('href')).resolves.toBe('https://secure.backblaze.com/app_keys.htm');
    await card.getByTestId('check-all-secrets').click();
    const summary = card.getByTestId('check-all-summary');
    await summary.waitFor({ timeout: 60_000 });
    const saved = await rpcOk(options, 'savedSecrets', { accountId: emu.accountId });
    const progress = card.getByTestId('check-all-progress');
    await expect(progress.getAttribute('value')).resolves.toBe(String(saved.keys.length));
    await expect(progress.getAttribute('max')).resolves.toBe(String(saved.keys.length));
    await shot(options, 'check-all');
    const text = (await summary.textContent())!;
    expect(text).toContain(`${saved.keys.length} checked`);
    expect(text).toMatch(/1 deleted in B2/);
    expect(text).toMatch(/1 expired/);
    expect(text).toMatch(/1 do not match their key/);
    await expect(card.getByTestId('check-all-problems').locator('li[data-outcome="expired"]').textContent()).resolves.toContain('chk-expired');
    await options.close();
  });
});
