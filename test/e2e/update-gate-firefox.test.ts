/**
 * An update in Firefox ESR's event page (update-gate.ts): it waits while a page of ours is open, and the gate's alarm
 * applies it (a reload) once none is. The test build calls the gate's event directly: a temporary add-on is never
 * offered an update. Takes about a minute: the alarm looks every minute, and no page may be open to hurry it.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distDir, launchFirefox, type FirefoxExtension } from '../helpers/browsers';
import { firefoxRpc } from '../helpers/firefox-rpc';

const PASS = 'firefox update gate passphrase';
const OPTIONS = 'src/options/index.html';
const READY = `document.querySelector('[data-testid="background-status"]') !== null`;
let ext: FirefoxExtension;
let page: Page;
const { ok } = firefoxRpc(() => page);

type Stakes = { held: number; busy: number; pages: number };
interface Ext {
  alarms: { get(name: string): Promise<unknown> };
  runtime: { getBackgroundPage(): Promise<{ __b2kmTest?: { updateStakes(): Promise<Stakes>; updateAvailable(): Promise<void> } }> };
}
const stakes = () =>
  page.evaluate(async () => {
    const bg = await (globalThis as unknown as { browser: Ext }).browser.runtime.getBackgroundPage();
    if (!bg.__b2kmTest) throw new Error('not the test build');
    return bg.__b2kmTest.updateStakes();
  });

beforeAll(async () => {
  ext = await launchFirefox(distDir('test-firefox'));
  page = await ext.open(OPTIONS, READY);
  await ok('createVault', { passphrase: PASS });
}, 90_000);
afterAll(async () => {
  await ext?.close();
});

describe('an update in Firefox ESR', () => {
  it('waits while a page of ours is open, and is applied by the alarm once none is', async () => {
    // This page, and the options page a first install opens by itself if it is open yet.
    const before = (await stakes()).pages;
    expect(before).toBeGreaterThanOrEqual(1);
    const second = await ext.open(OPTIONS, READY);
    expect(await stakes()).toEqual({ held: 0, busy: 0, pages: before + 1 });
    await second.close();
    expect(await stakes()).toEqual({ held: 0, busy: 0, pages: before });

    await page.evaluate(async () => {
      const bg = await (globalThis as unknown as { browser: Ext }).browser.runtime.getBackgroundPage();
      await bg.__b2kmTest?.updateAvailable();
    });
    // Not applied: this page is still here, the vault still unlocked, and the gate looks again in a minute.
    expect(await page.evaluate(async () => (await (globalThis as unknown as { browser: Ext }).browser.alarms.get('b2km-update-waiting')) !== undefined)).toBe(true);
    expect((await ok('getStatus', {}))['vault']).toBe('unlocked');

    // Every tab but a blank one closed: puppeteer reports our pages' URLs as about:blank (docs/testing.md), and the
    // options page a first install opens may be among them.
    const blank = await ext.browser.newPage();
    for (const p of await ext.browser.pages()) if (p !== blank) await p.close();
    // The alarm comes within a minute; the reload it makes empties storage.session, which locks the vault.
    await new Promise((r) => setTimeout(r, 65_000));
    page = await ext.open(OPTIONS, READY);
    expect((await ok('getStatus', {}))['vault']).toBe('locked');
    await ok('unlock', { passphrase: PASS });
  }, 150_000);
});
