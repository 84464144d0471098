/**
 * Firefox ESR cannot close storage.local to content scripts (setAccessLevel is only for storage.session
 * there), so the seal's binding carries the weight: an account whose endpoint is edited in storage.local
 * is reported damaged, and the edited endpoint (a second emulator) receives 0 requests.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodName, RequestOf } from '../../src/rpc/protocol';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';
import { distDir, launchFirefox, type FirefoxExtension } from '../helpers/browsers';

const PASS = 'firefox account trust passphrase';
let emu: RunningEmulator;
let evil: RunningEmulator;
let ext: FirefoxExtension;
let page: Page;

type AnyReply = { ok: true; value: Record<string, unknown> } | { ok: false; error: { code: string; message: string } };
type Ext = { runtime: { sendMessage(x: unknown): Promise<unknown> }; storage: { local: { get(k: string): Promise<Record<string, unknown>>; set(v: object): Promise<void> } } };

async function rpc<M extends MethodName>(method: M, params: RequestOf<M>): Promise<AnyReply> {
  return page.evaluate((m, p) => (globalThis as unknown as { browser: Ext }).browser.runtime.sendMessage({ b2km: 1, method: m, params: p }), method, params as never) as Promise<AnyReply>;
}

async function ok<M extends MethodName>(method: M, params: RequestOf<M>): Promise<Record<string, unknown>> {
  const reply = await rpc(method, params);
  if (!reply.ok) throw new Error(`${method}: ${reply.error.code} ${reply.error.message}`);
  return reply.value;
}

const code = (reply: AnyReply) => (reply.ok ? 'ok' : reply.error.code);
const evilRequests = async () => ((await (await fetch(`${evil.url}/__emulator/requests`)).json()) as unknown[]).length;

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  evil = await startEmulator({ port: 0 });
  ext = await launchFirefox(distDir('firefox'));
  page = await ext.open('src/options/index.html', `document.querySelector('[data-testid="background-status"]') !== null`);
});
afterAll(async () => {
  await ext?.close();
  await emu?.close();
  await evil?.close();
});

describe('Firefox ESR: an account whose endpoint is edited in storage.local', () => {
  it('is reported damaged before and after a lock, and the edited endpoint gets 0 requests', async () => {
    await ok('createVault', { passphrase: PASS });
    await ok('addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url });
    await ok('refreshKeys', {});
    await page.evaluate(
      async (accountId, endpoint) => {
        const b = (globalThis as unknown as { browser: Ext }).browser;
        const { accounts } = (await b.storage.local.get('accounts')) as { accounts: Record<string, Record<string, unknown>> };
        accounts[accountId]!.endpoint = endpoint;
        await b.storage.local.set({ accounts });
      },
      emu.accountId,
      evil.url,
    );
    const unlocked = await rpc('refreshKeys', {});
    expect(code(unlocked)).toBe('ACCOUNT_DAMAGED');
    await ok('lock', {});
    await ok('unlock', { passphrase: PASS });
    expect(code(await rpc('refreshKeys', {}))).toBe('ACCOUNT_DAMAGED');
    expect(code(await rpc('createKey', { keyName: 'never', capabilities: ['readFiles'] }))).toBe('ACCOUNT_DAMAGED');
    expect(await evilRequests()).toBe(0);
    // Adding it again at the real endpoint repairs it.
    await ok('addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url });
    expect(code(await rpc('refreshKeys', {}))).toBe('ok');
    expect(await evilRequests()).toBe(0);
  });
});
