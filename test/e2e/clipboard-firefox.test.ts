/**
 * Clipboard clearing in Firefox ESR, where the event page itself (no offscreen document) reads and clears
 * the clipboard. The copy is made in an extension page the way the popup's copy button makes it
 * (writeText, then secretCopied with the SHA-256), so this checks the background's side, for real.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodName, RequestOf } from '../../src/rpc/protocol';
import { distDir, launchFirefox, type FirefoxExtension } from '../helpers/browsers';

const PASS = 'firefox clipboard passphrase 2231';
const SECRET = 'K005firefoxClipboardSecret0123456';
let ext: FirefoxExtension;
let page: Page;

type AnyReply = { ok: true; value: Record<string, unknown> } | { ok: false; error: { code: string; message: string } };
type B = { runtime: { sendMessage(x: unknown): Promise<unknown> }; storage: { local: { get(k: null): Promise<Record<string, unknown>> } } };

async function ok<M extends MethodName>(method: M, params: RequestOf<M>): Promise<Record<string, unknown>> {
  const reply = (await page.evaluate(
    (m, p) => (globalThis as unknown as { browser: B }).browser.runtime.sendMessage({ b2km: 1, method: m, params: p }),
    method,
    params as never,
  )) as AnyReply;
  if (!reply.ok) throw new Error(`${method}: ${reply.error.code} ${reply.error.message}`);
  return reply.value;
}

/** What CopyButton does for a secret. */
async function copySecret(text: string): Promise<void> {
  await page.evaluate(async (t) => {
    await navigator.clipboard.writeText(t);
    const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(t)));
    const digest = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    const reply = (await (globalThis as unknown as { browser: B }).browser.runtime.sendMessage({ b2km: 1, method: 'secretCopied', params: { digest } })) as { ok: boolean };
    if (!reply.ok) throw new Error('secretCopied failed');
  }, text);
  expect(await readClipboard()).toBe(text);
}

function readClipboard(): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}

async function pending(): Promise<boolean> {
  return page.evaluate(async () => 'clipboardClear' in (await (globalThis as unknown as { browser: B }).browser.storage.local.get(null)));
}

async function until(what: string, check: () => Promise<boolean>, timeout: number): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  ext = await launchFirefox(distDir('firefox'));
  page = await ext.open('src/options/index.html', `document.querySelector('[data-testid="background-status"]') !== null`);
  await ok('createVault', { passphrase: PASS });
});
afterAll(async () => {
  await ext?.close();
});

describe('Firefox ESR: clipboard clearing from the event page', () => {
  it('clears the copied secret after the set time', async () => {
    await ok('setSettings', { clipboardClearSeconds: 2 });
    await copySecret(SECRET);
    await until('the clipboard to be cleared', async () => (await readClipboard()) === '', 20_000);
    await until('the pending clear to be handled', async () => !(await pending()), 5_000);
  });

  it('leaves something copied since alone', async () => {
    await copySecret(SECRET);
    await page.evaluate(() => navigator.clipboard.writeText('copied from somewhere else'));
    await until('the pending clear to be handled', async () => !(await pending()), 20_000);
    expect(await readClipboard()).toBe('copied from somewhere else');
  });

  it('clears at once on lock, with "Never" chosen', async () => {
    await ok('setSettings', { clipboardClearSeconds: null });
    await copySecret(SECRET);
    await ok('lock', {});
    await until('the clipboard to be cleared', async () => (await readClipboard()) === '', 15_000);
  });
});
