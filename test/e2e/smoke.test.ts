/**
 * Loads the built extension in real Chromium and Firefox ESR, opens the popup and options pages, and
 * checks that the background answered each of them.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distDir, launchChromium, launchFirefox, type ChromiumExtension, type FirefoxExtension } from '../helpers/browsers';

const POPUP = 'src/popup/index.html';
const OPTIONS = 'src/options/index.html';
const SHOTS = join(import.meta.dirname, '../../test-results/screenshots');

describe('Chromium', () => {
  let ext: ChromiumExtension;
  beforeAll(async () => {
    ext = await launchChromium(distDir('chrome'));
  });
  afterAll(async () => ext?.close());

  it('runs the background as a service worker with the extension id', async () => {
    expect(ext.extensionId).toMatch(/^[a-p]{32}$/);
    const manifest = await ext.worker.evaluate(() => chrome.runtime.getManifest());
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.background).toMatchObject({ service_worker: expect.any(String) });
  });

  for (const [name, path] of [['popup', POPUP], ['options', OPTIONS]] as const) {
    it(`opens the ${name} page and the background answers it`, async () => {
      const page = await ext.open(path);
      const status = page.getByTestId('background-status');
      await status.waitFor({ timeout: 15_000 });
      await expect(status.textContent()).resolves.toMatch(/B2 Key Manager .* \(chrome\), vault uninitialized/);
      await page.screenshot({ path: join(SHOTS, `smoke-chromium-${name}.png`) });
      await page.close();
    });
  }
});

describe('Firefox ESR', () => {
  let ext: FirefoxExtension;
  beforeAll(async () => {
    ext = await launchFirefox(distDir('firefox'));
  });
  afterAll(async () => ext?.close());

  it('builds a Firefox manifest with an event page and a gecko id', async () => {
    const manifest = JSON.parse(await readFile(join(distDir('firefox'), 'manifest.json'), 'utf8'));
    expect(manifest.background.scripts).toHaveLength(1);
    expect(manifest.background.type).toBe('module');
    expect(manifest.background.service_worker).toBeUndefined();
    expect(manifest.browser_specific_settings.gecko.id).toBe('b2-key-manager@b2km.dev');
  });

  it("leaves the B2 client out of the event page's first file: it comes in the file loaded on first use", async () => {
    const first = await readFile(join(distDir('firefox'), 'background.js'), 'utf8');
    const later = await readFile(join(distDir('firefox'), 'background-later.js'), 'utf8');
    // The B2 calls' URLs are made by the client and authorize (src/b2).
    expect(first).not.toContain('/b2api/');
    expect(later).toContain('/b2api/');
    expect(first).toContain('background-later.js');
  });

  for (const [name, path] of [['popup', POPUP], ['options', OPTIONS]] as const) {
    it(`opens the ${name} page and the background answers it`, async () => {
      const page = await ext.open(path, `document.querySelector('[data-testid="background-status"]') !== null`);
      const text = await page.$eval('[data-testid="background-status"]', (el) => el.textContent);
      expect(text).toMatch(/B2 Key Manager .* \(firefox\), vault uninitialized/);
      await page.screenshot({ path: join(SHOTS, `smoke-firefox-${name}.png`) });
      await page.close();
    });
  }
});
