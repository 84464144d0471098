/**
 * A copied applicationKey leaves the clipboard (real Chromium, real emulator, the real system clipboard):
 * after the set time if the clipboard still holds it, never when something else was copied since, at once
 * when the vault locks, and after the service worker was stopped (the alarm wakes it). The clear time is
 * set through the settings RPC (the options page offers 30 s and up; the schema takes any whole second).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';
import { currentWorker, distDir, launchChromium, type ChromiumExtension, untilLive } from '../helpers/browsers';
import { rpcOk } from '../helpers/rpc';
import { findSecrets } from '../helpers/secrets-scan';

const PASS = 'clipboard e2e passphrase 5309';
const POPUP = 'src/popup/index.html';
let emu: RunningEmulator;
let ext: ChromiumExtension;
let options: Page;
let popup: Page;
let key: { keyId: string; keyName: string; secret: string };

async function clipboard(): Promise<string> {
  await popup.bringToFront();
  return popup.evaluate(() => navigator.clipboard.readText());
}

/** storage.local, where the pending clear is kept (so that a browser closed before its time still has it cleared). */
async function local(): Promise<Record<string, unknown>> {
  return (await currentWorker(ext)).evaluate(() => chrome.storage.local.get(null));
}

/** Waits until the background has dealt with the pending clear (its record is gone from storage.local). */
async function clearHandled(timeout: number): Promise<void> {
  const until = Date.now() + timeout;
  while ('clipboardClear' in (await local())) {
    if (Date.now() > until) throw new Error('the pending clipboard clear was never handled');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function waitForClipboard(expected: string, timeout: number): Promise<void> {
  const until = Date.now() + timeout;
  while ((await clipboard()) !== expected) {
    if (Date.now() > until) throw new Error(`the clipboard never became ${JSON.stringify(expected)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Opens the key's details in the popup, reveals its secret and copies it with the popup's button. */
async function copySecret(): Promise<void> {
  await popup.bringToFront();
  if ((await popup.getByTestId('key-details').count()) === 0) {
    await popup.locator(`[data-key-id="${key.keyId}"] .row-main`).click();
    await popup.getByTestId('key-details').waitFor();
  }
  if ((await popup.getByTestId('revealed-secret').count()) === 0) await popup.getByTestId('reveal').click();
  await expect(popup.getByTestId('revealed-secret').textContent()).resolves.toBe(key.secret);
  await popup.getByTestId('copy-revealed-secret').click();
  // The record is stored before the test goes on: otherwise a fast test could outrun the RPC.
  const until = Date.now() + 10_000;
  while (!('clipboardClear' in (await local()))) {
    if (Date.now() > until) throw new Error('secretCopied never reached the background');
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(await clipboard()).toBe(key.secret);
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  ext = await launchChromium(distDir('chrome'));
  await ext.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  options = await ext.open('src/options/index.html');
  await rpcOk(options, 'createVault', { passphrase: PASS });
  await rpcOk(options, 'addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url });
  const created = await rpcOk(options, 'createKey', { keyName: 'clip-test', capabilities: ['listBuckets', 'readFiles'] });
  key = { keyId: created.key.applicationKeyId, keyName: created.key.keyName, secret: created.applicationKey };
  popup = await ext.open(POPUP);
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.locator(`[data-key-id="${key.keyId}"]`).waitFor({ timeout: 15_000 });
});

afterAll(async () => {
  await ext?.close();
  await emu?.close();
});

describe('clipboard clearing (Chromium)', () => {
  it('defaults to 1 minute, offered on the options page with a visible label', async () => {
    expect((await rpcOk(options, 'getSettings', {})).clipboardClearSeconds).toBe(60);
    await options.reload();
    const select = options.getByLabel('Clear a copied applicationKey from the clipboard');
    await expect(select.inputValue()).resolves.toBe('60');
    await expect(select.locator('option').allTextContents()).resolves.toEqual(['After 30 seconds', 'After 1 minute', 'After 2 minutes', 'Never (only when the vault locks)']);
    await select.selectOption('120');
    await options.getByText('Clipboard setting saved.').waitFor();
    expect((await rpcOk(options, 'getSettings', {})).clipboardClearSeconds).toBe(120);
  });

  it('clears the copied applicationKey once the set time has passed; storage keeps only a keyed digest', async () => {
    await rpcOk(options, 'setSettings', { clipboardClearSeconds: 2 });
    await copySecret();
    const pending = (await local()).clipboardClear as { key: string; mac: string };
    expect(pending.mac).toMatch(/^[0-9a-f]{64}$/);
    expect(pending.key).toMatch(/^[0-9a-f]{64}$/);
    const worker = await currentWorker(ext);
    const stored = { local: await local(), session: await worker.evaluate(() => chrome.storage.session.get(null)) };
    expect(findSecrets(stored, { secret: key.secret })).toEqual([]);
    // Not the plain SHA-256 the popup sent either: that would match anywhere else the same digest appears.
    const plain = await popup.evaluate(async (t) => Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(t))), (b) => b.toString(16).padStart(2, '0')).join(''), key.secret);
    expect(JSON.stringify(stored)).not.toContain(plain);
    await waitForClipboard('', 20_000);
    await clearHandled(5_000);
  });

  it('leaves the clipboard alone when something else was copied since', async () => {
    await rpcOk(options, 'setSettings', { clipboardClearSeconds: 2 });
    await copySecret();
    await popup.evaluate(() => navigator.clipboard.writeText('copied from somewhere else'));
    await clearHandled(20_000);
    expect(await clipboard()).toBe('copied from somewhere else');
    // The keyID copy button is not a secret: it schedules nothing.
    await popup.getByTestId('details-copy-key-id').click();
    await waitForClipboard(key.keyId, 5_000);
    expect('clipboardClear' in (await local())).toBe(false);
  });

  it('clears at once when the vault is locked, even with "Never" chosen', async () => {
    await rpcOk(options, 'setSettings', { clipboardClearSeconds: null });
    await copySecret();
    await popup.getByRole('button', { name: 'Hide' }).click();
    await popup.getByRole('button', { name: '← Keys' }).click();
    await popup.getByTestId('lock').click();
    await popup.getByTestId('unlock-form').waitFor();
    await waitForClipboard('', 15_000);
    await clearHandled(5_000);
  });

  it('a lock made elsewhere (another page) clears it too, and a lock with nothing pending touches nothing', async () => {
    await rpcOk(options, 'unlock', { passphrase: PASS });
    await rpcOk(options, 'setSettings', { clipboardClearSeconds: 120 });
    await popup.reload();
    await untilLive(popup);
    await popup.locator(`[data-key-id="${key.keyId}"]`).waitFor({ timeout: 15_000 });
    await copySecret();
    await rpcOk(options, 'lock', {});
    await waitForClipboard('', 15_000);
    await clearHandled(5_000);
    await popup.evaluate(() => navigator.clipboard.writeText('unrelated text'));
    await rpcOk(options, 'unlock', { passphrase: PASS });
    await rpcOk(options, 'lock', {});
    expect(await clipboard()).toBe('unrelated text');
  });

  it('clears after the service worker was stopped before its timer fired: the alarm wakes it', async () => {
    await rpcOk(options, 'unlock', { passphrase: PASS });
    await rpcOk(options, 'setSettings', { clipboardClearSeconds: 2 });
    await popup.reload();
    await untilLive(popup);
    await popup.locator(`[data-key-id="${key.keyId}"]`).waitFor({ timeout: 15_000 });
    await copySecret();
    const alarm = (await (await currentWorker(ext)).evaluate(() => chrome.alarms.get('b2km-clipboard-clear'))) as { scheduledTime: number } | undefined;
    expect(alarm?.scheduledTime).toBeGreaterThan(Date.now());
    // No extension page stays open to wake the worker with a message: only the alarm can.
    const plain = await ext.context.newPage();
    await plain.goto(`${emu.url}/__emulator/keys`);
    const cdp = await ext.context.newCDPSession(plain);
    await popup.close();
    await options.close();
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.detach();
    const t0 = Date.now();
    const until = t0 + 75_000;
    while ((await plain.evaluate(() => navigator.clipboard.readText())) !== '') {
      if (Date.now() > until) throw new Error('the clipboard was not cleared after the worker was stopped');
      await new Promise((r) => setTimeout(r, 500));
    }
    console.log(`worker stopped → clipboard cleared by the alarm after ${Date.now() - t0} ms`);
  }, 150_000);
});
