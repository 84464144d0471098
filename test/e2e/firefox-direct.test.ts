/**
 * Firefox ESR: the popup asks for windows of the key list by a direct call to the event page (src/rpc/direct.ts),
 * not by a message, but only within DIRECT_AFTER_MESSAGE_MS of its own last message; the answers are the same.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { DIRECT_AFTER_MESSAGE_MS } from '../../src/rpc/direct';
import { firefoxSuite } from '../helpers/firefox-rpc';

const PASS = 'firefox direct call passphrase 5521';
const POPUP = 'src/popup/index.html';
const LIVE_ROW = `document.querySelector('#app [data-testid="key-row"]') !== null`;
const suite = firefoxSuite();

/** Counts the popup's messages by method, from now on. */
async function countMessages(page: Page): Promise<void> {
  await page.evaluate(() => {
    const g = globalThis as unknown as { browser: { runtime: { sendMessage(m: unknown): Promise<unknown> } }; __sent: string[] };
    const runtime = g.browser.runtime;
    const send = runtime.sendMessage.bind(runtime);
    g.__sent = [];
    runtime.sendMessage = (m: unknown) => {
      g.__sent.push((m as { method: string }).method);
      return send(m);
    };
  });
}

const sent = (page: Page) => page.evaluate(() => (globalThis as unknown as { __sent: string[] }).__sent.filter((m) => m === 'listKeys').length);

/** Types `text` into the search field as an input event delivers it, and returns the names shown once they match. */
async function search(page: Page, text: string, expected: string[]): Promise<string[]> {
  await page.evaluate((t) => {
    const input = document.getElementById('key-search') as HTMLInputElement;
    input.value = t;
    input.dispatchEvent(new InputEvent('input', { bubbles: true, data: t.slice(-1), inputType: 'insertText' }));
  }, text);
  const names = () => page.$$eval('#app [data-testid="key-row"] .key-name', (els) => els.map((e) => e.textContent ?? ''));
  const deadline = Date.now() + 10_000;
  while (JSON.stringify(await names()) !== JSON.stringify(expected) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return names();
}

describe('windows of the key list in Firefox ESR', () => {
  it('come by a direct call within a while of a message, and by a message after it, with the same rows', async () => {
    await suite.ok('createVault', { passphrase: PASS });
    await suite.ok('addAccount', { applicationKeyId: suite.emu().applicationKeyId, applicationKey: suite.emu().applicationKey, endpoint: suite.emu().url });
    for (const name of ['fx-alpha', 'fx-beta', 'other-gamma']) await suite.ok('createKey', { keyName: name, capabilities: ['listBuckets', 'readFiles'] });

    const page = await suite.ext().open(POPUP, LIVE_ROW);
    await countMessages(page);
    // The first search may be a message (none went through the popup's client lately); then none, for a while.
    expect(await search(page, 'fx', ['fx-alpha', 'fx-beta'])).toEqual(['fx-alpha', 'fx-beta']);
    const first = await sent(page);
    expect(first).toBeLessThanOrEqual(1);
    expect(await search(page, 'fx-b', ['fx-beta'])).toEqual(['fx-beta']);
    expect(await search(page, 'gamma', ['other-gamma'])).toEqual(['other-gamma']);
    expect(await search(page, 'nothing matches this', [])).toEqual([]);
    expect(await sent(page)).toBe(first);

    // Long enough after its last message for Firefox to have suspended the event page meanwhile: a message again.
    await new Promise((r) => setTimeout(r, DIRECT_AFTER_MESSAGE_MS + 500));
    expect(await search(page, 'alpha', ['fx-alpha'])).toEqual(['fx-alpha']);
    expect(await sent(page)).toBe(first + 1);
    expect(await search(page, '', ['fx-alpha', 'fx-beta', 'other-gamma'])).toEqual(['fx-alpha', 'fx-beta', 'other-gamma']);
    expect(await sent(page)).toBe(first + 1);
    await page.close();
  });
});
