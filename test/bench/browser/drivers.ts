/**
 * One small interface over puppeteer-core driving Chromium and Firefox, so every measurement is written once and
 * runs the same way in both browsers.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Page as PPage } from 'puppeteer-core';
import { CHROMIUM, CHROMIUM_ARGS, FIREFOX, FIREFOX_UUID, GECKO_ID } from '../../helpers/browsers';
import type { BrowserName } from './config';
import { FLOOR_GECKO_ID, FLOOR_UUID, type BenchExtensions } from './extensions';

export interface BenchPage {
  /** Runs `fn(arg)` in the page and returns its (awaited, JSON-able) result. `fn` must not use outer variables. */
  run<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  close(): Promise<void>;
}

export interface BenchBrowser {
  name: BrowserName;
  appOrigin: string;
  floorOrigin: string;
  /** Opens a URL in a new tab and waits until `ready()` is true in it. */
  open(url: string, ready: () => boolean, timeoutMs: number): Promise<BenchPage>;
  /** Stops every service worker (Chromium); false where the browser offers no such control. */
  stopWorkers(): Promise<boolean>;
  /** JS heap in use after a GC, in bytes; null where the browser offers no such figure. */
  heapUsed(page: BenchPage): Promise<number | null>;
  close(): Promise<void>;
}

/**
 * Firefox suspends an event page after this long without events (extensions.background.idle.timeout, left at its
 * default: a short one also cut off a 100,000-key refresh mid-reply).
 */
export const FIREFOX_IDLE_MS = 30_000;

/**
 * Off: with puppeteer's network events on (its default), Chromium's DevTools keeps a copy of every response a driven
 * page fetches. The bench's yardstick for a refresh, the same list calls made from an extension page, took
 * 1.8–2.1 s at 100,000 keys with them on and 1.2–1.4 s off (each 3.5 MB page's body: about 110 ms against 55),
 * while the refresh itself runs in the worker, which the driver does not attach to. No figure here uses network
 * events. Firefox's figures did not move either way.
 */
const NETWORK_EVENTS = false;

/** A driver evaluates a string expression; tsx's name-keeping helper is shimmed so any function survives it. */
function expression<A>(fn: (arg: A) => unknown, arg: A): string {
  return `(() => { const __name = (f) => f; return (${fn.toString()})(${JSON.stringify(arg)}); })()`;
}

/** Polls from outside: a driver's own wait-for-function evaluates a string in the page, which extension CSP forbids. */
async function waitUntil(page: BenchPage, ready: () => boolean, url: string, timeoutMs: number): Promise<BenchPage> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.run(ready, null).catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${url} not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return page;
}

/** The app opens its options page on install; that page's own RPCs and B2 calls would muddle every figure. */
async function closeInstallTab(list: () => Promise<{ url(): string; close(): Promise<void> }[]>, origin: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const stray = (await list()).filter((p) => p.url().startsWith(origin));
    if (stray.length) {
      await Promise.all(stray.map((p) => p.close()));
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Chromium's ID for an unpacked extension: the SHA-256 of its absolute path, first 32 hex digits as a–p. */
export function chromiumExtensionId(dir: string): string {
  const hex = createHash('sha256').update(dir).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

/**
 * Chromium through puppeteer, told never to attach to a service worker. A driver attached to a worker (Playwright
 * attaches to every one, to offer its worker API) slows the worker it measures: at 100,000 keys a refresh with
 * the cache current took 2.0–2.1 s under Playwright against 1.4–1.5 s without (docs/testing.md, "Benchmarks"). Our worker
 * and the bare one are reached only through pages and the browser-level CDP session, as a user's would be.
 */
async function launchChromiumBench(ext: BenchExtensions): Promise<BenchBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'b2km-bench-profile-'));
  const both = `${ext.app},${ext.floor}`;
  const browser = await puppeteer.launch({
    browser: 'chrome',
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: profile,
    // puppeteer's own defaults include --disable-extensions.
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [`--disable-extensions-except=${both}`, `--load-extension=${both}`, ...CHROMIUM_ARGS],
    targetFilter: (target) => target.type() !== 'service_worker',
    protocolTimeout: 900_000,
    networkEnabled: NETWORK_EVENTS,
  });
  // The browser-level session lists targets without attaching to them.
  const root = await browser.target().createCDPSession();
  const ids = [chromiumExtensionId(ext.app), chromiumExtensionId(ext.floor)];
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { targetInfos } = await root.send('Target.getTargets');
    const workers = targetInfos.filter((t) => t.type === 'service_worker').map((t) => t.url);
    if (ids.every((id) => workers.some((url) => url.includes(id)))) break;
    if (Date.now() > deadline) throw new Error(`extension workers ${ids.join(', ')} did not start; saw ${workers.join(', ')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  await closeInstallTab(() => browser.pages(), `chrome-extension://${ids[0]}`);
  const pages = new WeakMap<BenchPage, PPage>();
  return {
    name: 'chromium',
    appOrigin: `chrome-extension://${ids[0]}`,
    floorOrigin: `chrome-extension://${ids[1]}`,
    async open(url, ready, timeoutMs) {
      const page = await browser.newPage();
      // An extension page's load can wait on its worker; readiness is `ready()`, polled below.
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs }).catch(() => undefined);
      const bench = wrapPuppeteer(page);
      pages.set(bench, page);
      return waitUntil(bench, ready, url, timeoutMs);
    },
    async stopWorkers() {
      // The ServiceWorker domain lives on a page's session, not the browser's.
      const page = (await browser.pages())[0] ?? (await browser.newPage());
      const cdp = await page.createCDPSession();
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await cdp.detach();
      return true;
    },
    async heapUsed(bench) {
      const page = pages.get(bench);
      if (!page) return null;
      const cdp = await page.createCDPSession();
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('Performance.enable');
      const { metrics } = await cdp.send('Performance.getMetrics');
      await cdp.detach();
      return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? null;
    },
    async close() {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

const wrapPuppeteer = (page: PPage): BenchPage => ({ run: (fn, arg) => page.evaluate(expression(fn, arg)) as never, close: () => page.close() });

async function launchFirefoxBench(ext: BenchExtensions): Promise<BenchBrowser> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    args: ['--remote-allow-system-access'],
    // A refresh of 100,000 keys on the old code runs for minutes inside one evaluate.
    protocolTimeout: 900_000,
    networkEnabled: NETWORK_EVENTS,
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_UUID, [FLOOR_GECKO_ID]: FLOOR_UUID }),
      'extensions.webextOptionalPermissionPrompts': false,
      'extensions.originControls.grantByDefault': true,
    },
  });
  await browser.installExtension(ext.app);
  await browser.installExtension(ext.floor);
  await closeInstallTab(() => browser.pages(), `moz-extension://${FIREFOX_UUID}`);
  return {
    name: 'firefox',
    appOrigin: `moz-extension://${FIREFOX_UUID}`,
    floorOrigin: `moz-extension://${FLOOR_UUID}`,
    async open(url, ready, timeoutMs) {
      const page = await browser.newPage();
      // With --remote-allow-system-access, goto to an extension page never reports load (docs/testing.md).
      await page.goto(url, { timeout: 1000 }).catch(() => undefined);
      return waitUntil(wrapPuppeteer(page), ready, url, timeoutMs);
    },
    stopWorkers: async () => false,
    heapUsed: async () => null,
    close: () => browser.close(),
  };
}

export function launchBench(name: BrowserName, ext: BenchExtensions): Promise<BenchBrowser> {
  return name === 'chromium' ? launchChromiumBench(ext) : launchFirefoxBench(ext);
}
