/** The browser bench's pure parts: its flags, its medians, and the two extensions it generates. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseOptions } from '../bench/browser/config';
import { chromiumExtensionId } from '../bench/browser/drivers';
import { FLOOR_GECKO_ID, PROBE_FILE, prepareExtensions, STARTED_FILE } from '../bench/browser/extensions';
import { median } from '../bench/browser/figures';

describe('bench:browser options', () => {
  it('defaults to all three key counts in both browsers, fewer runs at 100,000', () => {
    const o = parseOptions([]);
    expect(o.keys).toEqual([1000, 10000, 100000]);
    expect(o.browsers).toEqual(['chromium', 'firefox']);
    expect([o.runsFor(1000), o.runsFor(100_000)]).toEqual([7, 3]);
  });
  it('takes a subset and a fixed run count, and refuses nonsense', () => {
    const o = parseOptions(['--keys', '1000,10_000', '--browser=firefox', '--runs', '2']);
    expect(o.keys).toEqual([1000, 10000]);
    expect(o.browsers).toEqual(['firefox']);
    expect(o.runsFor(100_000)).toBe(2);
    expect(() => parseOptions(['--keys', '0'])).toThrow(/--keys/);
    expect(() => parseOptions(['--browser', 'safari'])).toThrow(/--browser/);
    expect(() => parseOptions(['--runs', '1.5'])).toThrow(/--runs/);
  });
});

it('median of odd and even counts', () => {
  expect(median([5, 1, 3])).toBe(3);
  expect(median([4, 1, 3, 2])).toBe(2.5);
  expect(median([])).toBeNaN();
});

it("computes Chromium's ID of an unpacked extension from its path", () => {
  const id = chromiumExtensionId('/tmp/x');
  expect(id).toMatch(/^[a-p]{32}$/);
  expect(chromiumExtensionId('/tmp/x')).toBe(id);
  expect(chromiumExtensionId('/tmp/y')).not.toBe(id);
});

describe('generated extensions', () => {
  let dir = '';
  afterEach(() => rm(dir, { recursive: true, force: true }));

  async function fakeBuild(popup: string): Promise<string> {
    dir = await mkdtemp(join(tmpdir(), 'bench-fake-'));
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ manifest_version: 3, action: { default_popup: 'popup.html' }, background: { scripts: ['background.js'] } }));
    await writeFile(join(dir, 'popup.html'), popup);
    return dir;
  }

  it('puts the probe before the popup’s own scripts, and builds a floor per browser', async () => {
    const built = await fakeBuild('<html><head><script type="module" src="/app.js"></script></head><body></body></html>');
    for (const browser of ['chromium', 'firefox'] as const) {
      const ext = await prepareExtensions(browser, built);
      try {
        const html = await readFile(join(ext.app, ext.popupPath), 'utf8');
        expect(html.indexOf(PROBE_FILE)).toBeGreaterThan(0);
        expect(html.indexOf(PROBE_FILE)).toBeLessThan(html.indexOf('/app.js'));
        const floor = JSON.parse(await readFile(join(ext.floor, 'manifest.json'), 'utf8'));
        const app = JSON.parse(await readFile(join(ext.app, 'manifest.json'), 'utf8'));
        if (browser === 'chromium') {
          expect(floor.background).toEqual({ service_worker: 'bg.js' });
          expect(app.background).toEqual({ scripts: ['background.js'] });
        } else {
          expect(floor.browser_specific_settings.gecko.id).toBe(FLOOR_GECKO_ID);
          // Firefox: both backgrounds first load the script that answers when they started (the cold check).
          expect(floor.background.scripts).toEqual([STARTED_FILE, 'bg.js']);
          expect(app.background.scripts).toEqual([STARTED_FILE, 'background.js']);
        }
      } finally {
        await ext.remove();
      }
    }
  });

  it('refuses a build without a popup', async () => {
    const built = await fakeBuild('<html></html>');
    await writeFile(join(built, 'manifest.json'), JSON.stringify({ manifest_version: 3 }));
    await expect(prepareExtensions('chromium', built)).rejects.toThrow(/default_popup/);
  });
});
