/**
 * Every page-only RPC method, sent by a real content script of the extension (chrome.scripting into a loopback
 * tab's isolated world, through the test build's loopback host permission), is refused with FORBIDDEN: the
 * router's sender check, seen from the browser. Each request carries parameters that would succeed from the
 * extension's own pages, so a missing allowlist entry shows as an answer, not as INVALID_INPUT. getStatus, the
 * one method open to content scripts, is the control: the channel works, and it names no account.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methods, type MethodName } from '../../src/rpc/protocol';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';
import { currentWorker, distDir, launchChromium, type ChromiumExtension } from '../helpers/browsers';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server';
import { rpcOk } from '../helpers/rpc';
import { storedSecrets } from '../helpers/stored-secrets';

const PASS = 'content script rpc passphrase';
let emu: RunningEmulator;
let ext: ChromiumExtension;
let server: FixtureServer;
let popup: Page;
let keyId: string;
let secret: string;

/** Sends each envelope from a content script in `tabId` and returns the replies, in order. */
async function sendAsContentScript(tabId: number, envelopes: unknown[]): Promise<unknown[]> {
  const worker = await currentWorker(ext);
  return worker.evaluate(
    async ([tab, list]) => {
      const [result] = await chrome.scripting.executeScript({
        target: { tabId: tab },
        world: 'ISOLATED',
        args: [list],
        func: async (msgs: unknown[]) => {
          const out: unknown[] = [];
          for (const m of msgs) {
            try {
              out.push({ url: location.href, reply: await chrome.runtime.sendMessage(m) });
            } catch (e) {
              out.push({ url: location.href, thrown: e instanceof Error ? e.message : String(e) });
            }
          }
          return out;
        },
      });
      return result?.result as unknown[];
    },
    [tabId, envelopes] as const,
  );
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  server = await startFixtureServer();
  ext = await launchChromium(distDir('test-chrome'));
  popup = await ext.open('src/popup/index.html');
  await rpcOk(popup, 'createVault', { passphrase: PASS });
  await rpcOk(popup, 'addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url });
  const created = await rpcOk(popup, 'createKey', { keyName: 'not-for-pages', capabilities: ['listBuckets', 'readFiles'] });
  keyId = created.key.applicationKeyId;
  secret = created.applicationKey;
});
afterAll(async () => {
  if (ext) {
    expect(await storedSecrets(ext, { passphrase: PASS, masterKey: emu.applicationKey, secret })).toEqual([]);
    await ext.close();
  }
  await emu?.close();
  await server?.close();
});

describe('RPC from a content script', () => {
  it('refuses every page-only method with FORBIDDEN and changes nothing; getStatus answers without naming the account', async () => {
    // Parameters that would work from the popup, so only the sender check stands between them and an answer.
    const params: Partial<Record<MethodName, unknown>> = {
      createVault: { passphrase: 'a fresh vault passphrase here' },
      unlock: { passphrase: PASS },
      changePassphrase: { oldPassphrase: PASS, newPassphrase: 'a page chose this passphrase' },
      setSettings: { autoLockMinutes: 1 },
      addAccount: { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url },
      confirmAccountEndpoint: { accountId: emu.accountId },
      setActiveAccount: { accountId: emu.accountId },
      removeAccount: { accountId: emu.accountId, keepSecrets: false },
      getKey: { applicationKeyId: keyId },
      createKey: { keyName: 'made-by-a-page', capabilities: ['listBuckets'] },
      deleteKey: { applicationKeyId: keyId },
      revealSecret: { applicationKeyId: keyId },
      saveSecret: { applicationKeyId: keyId, applicationKey: 'K00planted-by-a-page-000000000' },
      dismissCreateCheck: { id: 'x' },
      keyNotes: { applicationKeyId: keyId },
      rotateKey: { applicationKeyId: keyId, keyName: 'rotated-by-a-page', validDurationInSeconds: null },
      checkSecret: { applicationKeyId: keyId },
      savedSecrets: { accountId: emu.accountId },
      secretCopied: { digest: 'a'.repeat(64) },
      exportBackup: { passphrase: PASS },
      importBackup: { contents: '{}', passphrase: PASS, apply: true },
      fillOnPage: { applicationKeyId: keyId, what: 'both' },
    };
    // Every method but getStatus, whatever the RPC table says: the browser is asked, not the table.
    const pageOnly = (Object.keys(methods) as MethodName[]).filter((m) => m !== 'getStatus');
    expect(pageOnly).toEqual(expect.arrayContaining(['fillOnPage', 'revealSecret', 'removeAccount', 'exportBackup']));

    const page = await ext.context.newPage();
    const url = `${server.url}autofill/s3-compatible.html`;
    await page.goto(url, { waitUntil: 'load' });
    const tabId = await popup.evaluate(async (u) => (await chrome.tabs.query({ url: u }))[0]?.id, url);
    expect(tabId).toBeTypeOf('number');
    const keysBefore = (await (await fetch(`${emu.url}/__emulator/keys`)).json()) as unknown[];
    await fetch(`${emu.url}/__emulator/requests`, { method: 'DELETE' });

    const envelopes = [...pageOnly.map((m) => ({ b2km: 1, method: m, params: params[m] ?? {} })), { b2km: 1, method: 'getStatus', params: {} }];
    const replies = (await sendAsContentScript(tabId!, envelopes)) as { url: string; reply?: { ok: boolean; value?: Record<string, unknown>; error?: { code: string } } }[];
    expect(replies).toHaveLength(pageOnly.length + 1);
    // Sent from the web page's tab, i.e. the background saw a content script, not one of its pages.
    for (const r of replies) expect(r.url).toBe(url);
    pageOnly.forEach((m, i) => {
      expect(replies[i]!.reply, m).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });
    });
    const status = replies.at(-1)!.reply!;
    expect(status.ok).toBe(true);
    expect(status.value).toMatchObject({ vault: 'unlocked', activeAccountId: null, accountCount: 0 });
    expect(JSON.stringify(replies)).not.toContain(secret);
    expect(JSON.stringify(replies)).not.toContain(emu.accountId);

    // Nothing happened: no B2 call, the same keys, the vault unlocked under the same passphrase, the account and secret kept.
    expect((await (await fetch(`${emu.url}/__emulator/requests`)).json()) as unknown[]).toEqual([]);
    expect((await (await fetch(`${emu.url}/__emulator/keys`)).json()) as unknown[]).toEqual(keysBefore);
    expect((await rpcOk(popup, 'getStatus', {})).vault).toBe('unlocked');
    expect((await rpcOk(popup, 'listAccounts', {})).accounts.map((a) => a.accountId)).toEqual([emu.accountId]);
    expect((await rpcOk(popup, 'revealSecret', { applicationKeyId: keyId })).applicationKey).toBe(secret);
    await rpcOk(popup, 'lock', {});
    await rpcOk(popup, 'unlock', { passphrase: PASS });
    await page.close();
  });
});
