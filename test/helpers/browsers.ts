/**
 * Launch Debian's Chromium and Firefox ESR with a built extension loaded, the way docs/testing.md
 * describes ("Driving the browsers").
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import puppeteer, { type Browser as PBrowser, type Page as PPage } from 'puppeteer-core';

/** True once the popup's kept first screen (src/popup/first-screen.ts) has given way to the live popup. */
const NOT_FIRST_SCREEN = "document.getElementById('first-screen') === null";

/**
 * Waits until a page shows its live content: a popup opens on an inert copy of the last list it showed, and a test
 * must read and click the live one (the copy may be out of date; the live one replaces it as the answer arrives).
 * Call it after a reload of the popup too.
 */
export async function untilLive(page: Page): Promise<void> {
  // A function, not NOT_FIRST_SCREEN's string: Playwright polls a string with eval, which an extension page's CSP refuses.
  await page.waitForFunction(() => document.getElementById('first-screen') === null, undefined, { timeout: 30_000 });
}

export const ROOT = resolve(import.meta.dirname, '../..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const GECKO_ID = 'b2-key-manager@b2km.dev';
/** Fixed so tests know the moz-extension:// origin. */
export const FIREFOX_UUID = '6a1f3c2e-8b7d-4e5f-9a0b-1c2d3e4f5a6b';

/** Flags Debian's Chromium needs here: no sandbox as root, and no background traffic to hosts this machine cannot reach. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function distDir(name: 'chrome' | 'firefox' | 'test-chrome' | 'test-firefox' | 'demo-chrome'): string {
  const dir = join(ROOT, 'dist', name);
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`${dir} is not built: run npm run build (and npm run build:test)`);
  return dir;
}

export interface ChromiumExtension {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  /** Opens an extension page (path relative to the extension root) in a new tab. */
  open(path: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * `developerMode`: the profile starts with chrome://extensions' developer mode on. Without it Chromium loads an
 * extension from the command line but disables it when it reloads (runtime.reload(): "unsupported developer
 * extension"), as checked in Chromium 156.
 */
export async function launchChromium(extensionDir: string, opts: { headless?: boolean; developerMode?: boolean } = {}): Promise<ChromiumExtension> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'b2km-chromium-'));
  if (opts.developerMode) {
    await mkdir(join(userDataDir, 'Default'), { recursive: true });
    await writeFile(join(userDataDir, 'Default', 'Preferences'), JSON.stringify({ extensions: { ui: { developer_mode: true } } }));
  }
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: opts.headless ?? true,
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      ...CHROMIUM_ARGS,
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    worker,
    async open(path: string) {
      const page = await context.newPage();
      const url = `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`;
      // On first install the background opens the options page itself, which can land in our fresh tab
      // and interrupt this navigation; the page we wanted is loaded either way.
      await page.goto(url).catch(async (e: Error) => {
        if (!/interrupted by another navigation/.test(e.message)) throw e;
        await page.waitForLoadState('load');
      });
      await untilLive(page);
      return page;
    },
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The current service worker (it changes after the test stops it). */
export async function currentWorker(ext: ChromiumExtension): Promise<Worker> {
  const live = ext.context.serviceWorkers().filter((w) => w.url().includes(ext.extensionId));
  return live.at(-1) ?? ext.context.waitForEvent('serviceworker', { timeout: 30_000 });
}

/**
 * Runs `during` while the worker's storage.local refuses every write that touches a saved secret (a full disk
 * as far as the vault goes: a new key's applicationKey cannot be saved), then puts storage back.
 */
export async function withSecretWritesRefused<T>(worker: Worker, during: () => Promise<T>): Promise<T> {
  await worker.evaluate(() => {
    const area = chrome.storage.local as unknown as { set: (items: Record<string, unknown>) => Promise<void>; __realSet?: unknown };
    const realSet = area.set.bind(area);
    area.__realSet = area.set;
    area.set = (items) => {
      if (Object.keys(items).some((k) => k.startsWith('secrets:'))) throw new Error('Emulated full disk');
      return realSet(items);
    };
  });
  try {
    return await during();
  } finally {
    await worker.evaluate(() => {
      const area = chrome.storage.local as unknown as { set: unknown; __realSet?: unknown };
      if (area.__realSet) area.set = area.__realSet;
      delete area.__realSet;
    });
  }
}

export interface FirefoxExtension {
  browser: PBrowser;
  origin: string;
  open(path: string, waitFor: string): Promise<PPage>;
  close(): Promise<void>;
}

/** `prefs`: more Firefox preferences for this profile (e.g. a component's debug log). */
export async function launchFirefox(extensionDir: string, opts: { prefs?: Record<string, unknown> } = {}): Promise<FirefoxExtension> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_UUID }),
      'extensions.webextOptionalPermissionPrompts': false,
      'extensions.originControls.grantByDefault': true,
      ...opts.prefs,
    },
  });
  await browser.installExtension(extensionDir);
  const origin = `moz-extension://${FIREFOX_UUID}`;
  return {
    browser,
    origin,
    async open(path: string, waitFor: string) {
      const page = await browser.newPage();
      // With --remote-allow-system-access, goto to an extension page never reports load (see docs/testing.md).
      await page.goto(`${origin}/${path.replace(/^\//, '')}`, { timeout: 3000 }).catch(() => undefined);
      await page.waitForFunction(`(${waitFor}) && ${NOT_FIRST_SCREEN}`, { timeout: 30_000 });
      return page;
    },
    async close() {
      await browser.close();
    },
  };
}
