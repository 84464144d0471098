/**
 * Issue 8 item 3 in Chromium, through the built extension (test build: loopback host permissions):
 * a script injected into a web page's isolated world (where the autofill script runs) can neither read
 * nor write storage.local or storage.session; and an account whose endpoint is edited in storage is
 * reported damaged, with not one request reaching the edited endpoint (a second emulator).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';
import { currentWorker, distDir, launchChromium, type ChromiumExtension } from '../helpers/browsers';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server';
import { rpcFrom, rpcOk } from '../helpers/rpc';
import { storedSecrets } from '../helpers/stored-secrets';

const PASS = 'storage trust e2e passphrase';
let emu: RunningEmulator;
let evil: RunningEmulator;
let ext: ChromiumExtension;
let server: FixtureServer;
let popup: Page;
let secret: string;

const evilRequests = async () => ((await (await fetch(`${evil.url}/__emulator/requests`)).json()) as unknown[]).length;

/** Runs `probe` as a content script would: chrome.scripting into the tab's isolated world, from the worker. */
/** storage.local as the worker reads it once two reads a quarter second apart agree. */
async function settledStorage(): Promise<Record<string, unknown>> {
  const read = async () => JSON.stringify(await (await currentWorker(ext)).evaluate(() => chrome.storage.local.get(null)));
  let last = await read();
  for (let i = 0; i < 40; i++) {
    await new Promise((r) => setTimeout(r, 250));
    const now = await read();
    if (now === last) return JSON.parse(now) as Record<string, unknown>;
    last = now;
  }
  throw new Error('storage.local kept changing for 10 s');
}

async function injectProbe(tabId: number): Promise<Record<string, string>> {
  const worker = await currentWorker(ext);
  return worker.evaluate(async (tab) => {
    const [result] = await chrome.scripting.executeScript({
      target: { tabId: tab },
      world: 'ISOLATED',
      func: async () => {
        const attempt = async (what: () => Promise<unknown>): Promise<string> => {
          try {
            const value = await what();
            return `ok ${JSON.stringify(value).slice(0, 200)}`;
          } catch (e) {
            return `refused ${e instanceof Error ? e.message : String(e)}`;
          }
        };
        return {
          // Proves this is the extension's isolated world, where chrome.storage exists at all.
          runtimeId: String(chrome.runtime?.id),
          hasStorage: String(typeof chrome.storage?.local?.get),
          localGet: await attempt(() => chrome.storage.local.get(null)),
          localGetAccounts: await attempt(() => chrome.storage.local.get('accounts')),
          localSet: await attempt(() => chrome.storage.local.set({ accounts: { planted: true } })),
          localRemove: await attempt(() => chrome.storage.local.remove('vault')),
          sessionGet: await attempt(() => chrome.storage.session.get(null)),
          sessionSet: await attempt(() => chrome.storage.session.set({ dataKey: 'planted' })),
        };
      },
    });
    return result?.result as Record<string, string>;
  }, tabId);
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  evil = await startEmulator({ port: 0 });
  server = await startFixtureServer();
  ext = await launchChromium(distDir('test-chrome'));
  popup = await ext.open('src/popup/index.html');
  await rpcOk(popup, 'createVault', { passphrase: PASS });
  await rpcOk(popup, 'addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url });
  secret = (await rpcOk(popup, 'createKey', { keyName: 'kept', capabilities: ['readFiles'] })).applicationKey;
});
afterAll(async () => {
  if (ext) {
    expect(await storedSecrets(ext, { passphrase: PASS, masterKey: emu.applicationKey, secret })).toEqual([]);
    await ext.close();
  }
  await emu?.close();
  await evil?.close();
  await server?.close();
});

describe('a script injected into a web page', () => {
  it('can read and write nothing in storage.local or storage.session; the extension still works', async () => {
    const page = await ext.context.newPage();
    const url = `${server.url}autofill/s3-compatible.html`;
    await page.goto(url, { waitUntil: 'load' });
    const tabId = await popup.evaluate(async (u) => (await chrome.tabs.query({ url: u }))[0]?.id, url);
    expect(tabId).toBeTypeOf('number');
    // The background's own writes from the set-up (the toolbar badge's expiry summary lands a moment after a
    // create) must be done first, or a loaded machine reads one of them as the page's doing.
    const before = await settledStorage();

    const probe = await injectProbe(tabId!);
    expect(probe.runtimeId).toBe(ext.extensionId);
    expect(probe.hasStorage).toBe('function');
    for (const k of ['localGet', 'localGetAccounts', 'localSet', 'localRemove', 'sessionGet', 'sessionSet'] as const) {
      expect(probe[k], k).toMatch(/^refused /);
    }
    // Nothing was read into the page's reach, nothing planted, nothing removed.
    expect(JSON.stringify(probe)).not.toContain(emu.accountId);
    const after = await (await currentWorker(ext)).evaluate(() => chrome.storage.local.get(null));
    expect(after).toEqual(before);

    // The extension's own pages and worker still use storage as before.
    const list = await rpcOk(popup, 'refreshKeys', {});
    expect(list.keys.map((k) => k.keyName)).toContain('kept');
    await page.close();
  });

  it('after a worker restart the access level is set again before anything reads storage', async () => {
    const cdp = await ext.context.newCDPSession(popup);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.detach();
    const page = await ext.context.newPage();
    const url = `${server.url}autofill/rclone-remote.html`;
    await page.goto(url, { waitUntil: 'load' });
    // The first message wakes the worker; the probe then runs from the woken one.
    expect((await rpcOk(popup, 'getStatus', {})).vault).toBe('unlocked');
    const tabId = await popup.evaluate(async (u) => (await chrome.tabs.query({ url: u }))[0]?.id, url);
    const probe = await injectProbe(tabId!);
    expect(probe.localGet).toMatch(/^refused /);
    expect(probe.localSet).toMatch(/^refused /);
    await page.close();
  });
});

describe('an account whose endpoint is edited in storage', () => {
  async function editEndpoint(to: string): Promise<void> {
    const worker = await currentWorker(ext);
    await worker.evaluate(
      async ([accountId, endpoint]) => {
        const { accounts } = (await chrome.storage.local.get('accounts')) as { accounts: Record<string, Record<string, unknown>> };
        accounts[accountId]!.endpoint = endpoint;
        await chrome.storage.local.set({ accounts });
      },
      [emu.accountId, to] as const,
    );
  }

  it('is reported damaged, in the RPC and on the options page, and the edited endpoint gets 0 requests', async () => {
    await editEndpoint(evil.url);
    // While unlocked, with a B2 client already made for the account.
    const first = await rpcFrom(popup, 'refreshKeys', {});
    expect(first.ok).toBe(false);
    if (first.ok) return;
    expect(first.error.code).toBe('ACCOUNT_DAMAGED');
    expect(first.error.message).toMatch(/changed outside B2 Key Manager/);

    // After a lock and unlock (no client, fresh session).
    await rpcOk(popup, 'lock', {});
    await rpcOk(popup, 'unlock', { passphrase: PASS });
    const second = await rpcFrom(popup, 'refreshKeys', {});
    expect(second.ok ? 'ok' : second.error.code).toBe('ACCOUNT_DAMAGED');
    const create = await rpcFrom(popup, 'createKey', { keyName: 'never', capabilities: ['readFiles'] });
    expect(create.ok ? 'ok' : create.error.code).toBe('ACCOUNT_DAMAGED');

    const options = await ext.open('src/options/index.html');
    const banner = options.getByTestId('account-problem');
    await banner.waitFor();
    expect(await banner.getAttribute('data-code')).toBe('ACCOUNT_DAMAGED');
    expect(await banner.textContent()).toMatch(/Add the account again/);
    await options.close();

    expect(await evilRequests()).toBe(0);
  });

  it('adding the account again at its real endpoint repairs it; still 0 requests to the edited one', async () => {
    await rpcOk(popup, 'addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url });
    const list = await rpcOk(popup, 'refreshKeys', {});
    expect(list.keys.map((k) => k.keyName)).toContain('kept');
    expect(await evilRequests()).toBe(0);
  });
});
