/**
 * An update is applied by reloading the extension, which empties storage.session: in real Chromium, with a new key's
 * applicationKey held there (the vault refused it), the update waits; once the vault takes it and no page of ours is
 * open, the gate reloads the extension. The test build calls the gate's event and alarm directly: an unpacked
 * extension is never offered an update.
 */
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';
import { currentWorker, distDir, launchChromium, withSecretWritesRefused, type ChromiumExtension } from '../helpers/browsers';
import { rpcOk } from '../helpers/rpc';

const PASS = 'update gate passphrase 4410';
const POPUP = 'src/popup/index.html';
let emu: RunningEmulator;
let ext: ChromiumExtension;

type Stakes = { held: number; busy: number; pages: number };
type Hooks = { updateStakes(): Promise<Stakes>; updateAvailable(): Promise<void>; updateAlarm(): Promise<void> };
const hook = <K extends keyof Hooks>(worker: Worker, name: K) =>
  worker.evaluate((n) => (globalThis as unknown as { __b2kmTest: Hooks }).__b2kmTest[n as K]() as Promise<unknown>, name as string);
const waiting = (worker: Worker) => worker.evaluate(async () => (await chrome.alarms.get('b2km-update-waiting')) !== undefined);

async function closeOurPages(): Promise<void> {
  for (const p of ext.context.pages()) if (p.url().startsWith(`chrome-extension://${ext.extensionId}/`)) await p.close();
}

/** The popup, once the reloaded extension takes pages again (until then Chromium refuses them: ERR_BLOCKED_BY_CLIENT). */
async function openOnceLoaded(): Promise<Page> {
  for (let tries = 0; ; tries++) {
    try {
      return await ext.open(POPUP);
    } catch (e) {
      if (tries >= 40 || !/ERR_BLOCKED_BY_CLIENT/.test(String(e))) throw e;
      for (const p of ext.context.pages()) if (p.url() === 'about:blank' || p.url().includes(POPUP)) await p.close().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  // Developer mode, or Chromium disables an extension loaded from the command line when it reloads.
  ext = await launchChromium(distDir('test-chrome'), { developerMode: true });
  const page = await ext.open(POPUP);
  await rpcOk(page, 'createVault', { passphrase: PASS });
  await rpcOk(page, 'addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url });
}, 90_000);
afterAll(async () => {
  await ext?.close();
  await emu?.close();
});

describe('an update in Chromium', () => {
  it('waits while an applicationKey is held or a page is open, then reloads the extension', async () => {
    let page = await ext.open(POPUP);
    const worker = await currentWorker(ext);
    const created = await withSecretWritesRefused(worker, () => rpcOk(page, 'createKey', { keyName: 'held-over-update', capabilities: ['readFiles'], requestId: 'upd-1' }));
    expect(created.saved).toBe(false);
    expect(await hook(worker, 'updateStakes')).toMatchObject({ held: 1, busy: 0, pages: expect.any(Number) as number });
    expect(((await hook(worker, 'updateStakes')) as Stakes).pages).toBeGreaterThanOrEqual(1);

    await hook(worker, 'updateAvailable');
    expect(await waiting(worker)).toBe(true);

    // Every page closed: the held applicationKey alone keeps it waiting.
    await closeOurPages();
    expect(await hook(worker, 'updateStakes')).toEqual({ held: 1, busy: 0, pages: 0 });
    await hook(worker, 'updateAlarm');
    expect(await waiting(worker)).toBe(true);
    expect(JSON.stringify(await worker.evaluate(() => chrome.storage.session.get('unsavedCreates')))).toContain('held');

    // The vault takes it (the popup asks what became of its create); the page open still holds the update back.
    page = await ext.open(POPUP);
    expect(await rpcOk(page, 'createOutcome', { requestId: 'upd-1' })).toMatchObject({ outcome: { saved: true } });
    await hook(worker, 'updateAlarm');
    expect(await waiting(worker)).toBe(true);

    await closeOurPages();
    await hook(worker, 'updateAlarm').catch(() => undefined); // the worker may be gone before it answers
    // Reloaded: the worker that held the gate is gone.
    await expect.poll(() => worker.evaluate(() => 'alive').catch(() => 'gone'), { timeout: 10_000 }).toBe('gone');
    page = await openOnceLoaded();
    const next = await currentWorker(ext);
    // The reload emptied storage.session (the vault is locked): what it held had to be saved first.
    expect(await next.evaluate(() => chrome.storage.session.get('unsavedCreates'))).toEqual({});
    expect((await rpcOk(page, 'getStatus', {})).vault).toBe('locked');
    await rpcOk(page, 'unlock', { passphrase: PASS });
    expect(await rpcOk(page, 'revealSecret', { applicationKeyId: created.key.applicationKeyId })).toEqual({ applicationKey: created.applicationKey });
  }, 120_000);
});
