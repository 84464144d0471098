/**
 * The vault and RPC in real Chromium against the emulator: secrets survive the service worker being
 * stopped, concurrent creates all land, and nothing secret reaches storage.local or storage.sync.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';
import { currentWorker, distDir, launchChromium, type ChromiumExtension } from '../helpers/browsers';
import { rpcFrom, rpcOk } from '../helpers/rpc';
import { findSecrets, sessionSecrets } from '../helpers/secrets-scan';

const PASS = 'e2e vault passphrase 7431';
let emu: RunningEmulator;
let ext: ChromiumExtension;
let page: Page;
const known: Record<string, string> = { passphrase: PASS };

async function issuedSecrets(): Promise<Map<string, string>> {
  const keys = (await (await fetch(`${emu.url}/__emulator/keys`)).json()) as { applicationKeyId: string; applicationKey: string }[];
  return new Map(keys.map((k) => [k.applicationKeyId, k.applicationKey]));
}

/** Stops the extension's service worker the way the browser does when it is idle. */
async function stopServiceWorker(): Promise<void> {
  const before = await currentWorker(ext);
  await before.evaluate(() => {
    (globalThis as { __b2kmAlive?: boolean }).__b2kmAlive = true;
  });
  const cdp = await ext.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  known.masterKey = emu.applicationKey;
  ext = await launchChromium(distDir('chrome'));
  page = await ext.open('src/options/index.html');
});
afterAll(async () => {
  await ext?.close();
  await emu?.close();
});
afterEach(async () => {
  // After every test: nothing the test knows may be in storage.local or storage.sync, in any encoding.
  const worker = await currentWorker(ext);
  const dump = await worker.evaluate(async () => ({ local: await chrome.storage.local.get(null), sync: await chrome.storage.sync.get(null) }));
  for (const [id, secret] of await issuedSecrets()) known[`key ${id}`] = secret;
  const session = await worker.evaluate(async () => chrome.storage.session.get(null));
  // Data keys accumulate in `known`, so a test that ends locked is still scanned for the one it unlocked.
  Object.assign(known, sessionSecrets(session, false));
  expect(findSecrets(dump, known)).toEqual([]);
  expect(Object.keys(dump.local).length).toBeGreaterThan(0);
});

describe('vault in Chromium', () => {
  it('sets up the vault and the account through the RPC', async () => {
    expect((await rpcOk(page, 'createVault', { passphrase: PASS })).vault).toBe('unlocked');
    const account = await rpcOk(page, 'addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url });
    expect(account.accountId).toBe(emu.accountId);
  });

  // The unlock time is a figure of `npm run bench:browser`, not something this test measures.
  it('refuses a wrong passphrase, then unlocks (600,000 PBKDF2 iterations)', async () => {
    await rpcOk(page, 'lock', {});
    const wrong = await rpcFrom(page, 'unlock', { passphrase: 'not it' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
    expect((await rpcOk(page, 'getStatus', {})).vault).toBe('locked');
    await rpcOk(page, 'unlock', { passphrase: PASS });
    expect((await rpcOk(page, 'getStatus', {})).vault).toBe('unlocked');
  });

  it('a created key’s secret survives the service worker being stopped', async () => {
    const { key, applicationKey } = await rpcOk(page, 'createKey', { keyName: 'survives-restart', capabilities: ['listBuckets', 'readFiles'] });
    expect(applicationKey).toBe((await issuedSecrets()).get(key.applicationKeyId));
    await stopServiceWorker();
    await page.close();
    page = await ext.open('src/popup/index.html');
    const status = await rpcOk(page, 'getStatus', {});
    const worker = await currentWorker(ext);
    // A fresh worker: the marker set on the old one is gone.
    expect(await worker.evaluate(() => (globalThis as { __b2kmAlive?: boolean }).__b2kmAlive)).toBeUndefined();
    expect(status.vault).toBe('unlocked');
    const revealed = await rpcOk(page, 'revealSecret', { applicationKeyId: key.applicationKeyId });
    expect(revealed.applicationKey).toBe(applicationKey);
  });

  it('20 concurrent creates: 20 keys in B2, 20 secrets saved and decryptable', async () => {
    const before = (await issuedSecrets()).size;
    const replies = await page.evaluate(async () =>
      Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          chrome.runtime.sendMessage({ b2km: 1, method: 'createKey', params: { keyName: `concurrent-${i}`, capabilities: ['readFiles'] } }),
        ),
      ),
    );
    const issued = await issuedSecrets();
    expect(issued.size).toBe(before + 20);
    for (const r of replies as { ok: boolean; value: { key: { applicationKeyId: string }; applicationKey: string; saved: boolean } }[]) {
      expect(r.ok).toBe(true);
      expect(r.value.saved).toBe(true);
      const revealed = await rpcOk(page, 'revealSecret', { applicationKeyId: r.value.key.applicationKeyId });
      expect(revealed.applicationKey).toBe(issued.get(r.value.key.applicationKeyId));
    }
    const list = await rpcOk(page, 'listKeys', {});
    expect(list.keys.filter((k) => k.keyName.startsWith('concurrent-') && k.hasSecret)).toHaveLength(20);
  });

  it('locking clears the session; the cached list still answers; reveal needs the passphrase', async () => {
    // The count is this test's own (what the list held before the lock), not one earlier tests happen to leave.
    const unlockedIds = (await rpcOk(page, 'listKeys', {})).keys.map((k) => k.applicationKeyId);
    expect(unlockedIds.length).toBeGreaterThan(0);
    await rpcOk(page, 'lock', {});
    const worker = await currentWorker(ext);
    expect(await worker.evaluate(() => chrome.storage.session.get(null))).toEqual({});
    const list = await rpcOk(page, 'listKeys', {});
    expect(list.keys.map((k) => k.applicationKeyId)).toEqual(unlockedIds);
    const reveal = await rpcFrom(page, 'revealSecret', { applicationKeyId: list.keys[0]!.applicationKeyId });
    expect(reveal).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
  });

  it('refuses messages from a web page', async () => {
    // A page on another origin cannot even reach runtime.sendMessage for our id without externally_connectable.
    // What a content script of ours is refused is content-script-rpc.test.ts's subject.
    const web = await ext.context.newPage();
    await web.goto(`${emu.url}/__emulator/keys`);
    const reachable = await web.evaluate(() => typeof (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime?.sendMessage);
    expect(reachable).toBe('undefined');
    await web.close();
  });
});
