/**
 * The popup's kept first screen in Firefox ESR (see first-screen.test.ts for Chromium, which also watches it being
 * drawn): kept after an opening, drawn at the next, gone once the popup is live, and never holding an applicationKey.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { firefoxSuite } from '../helpers/firefox-rpc';
import { findSecrets } from '../helpers/secrets-scan';

const PASS = 'firefox first screen passphrase 3390';
const POPUP = 'src/popup/index.html';
const LIVE_ROW = `document.querySelector('#app [data-testid="key-row"]') !== null`;
const suite = firefoxSuite();

/** Opens the popup and returns once it is live, with whether it drew the kept copy first (its user-timing mark). */
async function open(): Promise<{ page: Page; drawn: boolean }> {
  const page = await suite.ext().open(POPUP, LIVE_ROW);
  const drawn = await page.evaluate(() => performance.getEntriesByName('b2km:first-screen').length === 1);
  return { page, drawn };
}

const kept = (page: Page) => page.evaluate(() => localStorage.getItem('b2km:first-screen'));

describe('the popup’s first screen in Firefox ESR', () => {
  const secrets: Record<string, string> = {};

  it('is kept after an opening, without any applicationKey, and drawn at the next opening until the popup is live', async () => {
    await suite.ok('createVault', { passphrase: PASS });
    await suite.ok('addAccount', { applicationKeyId: suite.emu().applicationKeyId, applicationKey: suite.emu().applicationKey, endpoint: suite.emu().url });
    for (const name of ['fx-alpha', 'fx-beta']) {
      const created = (await suite.ok('createKey', { keyName: name, capabilities: ['listBuckets', 'readFiles'] })) as { applicationKey: string };
      secrets[name] = created.applicationKey;
    }
    secrets.master = suite.emu().applicationKey;

    const first = await open();
    expect(first.drawn).toBe(false);
    // Kept a moment after the rows settle.
    await first.page.waitForFunction(() => localStorage.getItem('b2km:first-screen') !== null, { timeout: 10_000 });
    const item = (await kept(first.page))!;
    expect(item).toContain('fx-alpha');
    expect(findSecrets(item, secrets)).toEqual([]);
    await first.page.close();

    const next = await open();
    expect(next.drawn).toBe(true);
    expect(await next.page.$('#first-screen')).toBeNull();
    const live = await next.page.$$eval('#app [data-testid="key-row"] .key-name', (els) => els.map((e) => e.textContent));
    expect(live).toEqual(['fx-alpha', 'fx-beta']);
    await next.page.close();
  });
});
