/**
 * The two extensions a browser bench loads side by side: a copy of the built extension with a first-row probe
 * in its popup (plus an empty control page to send RPCs from), and the "floor": a tiny extension whose page
 * renders one row from one small module script and whose background only answers a message.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserName } from './config';

export const PROBE_FILE = 'bench-probe.js';
export const CONTROL_PAGE = 'bench-control.html';
export const FLOOR_PAGE = 'floor.html';
export const FLOOR_GECKO_ID = 'b2km-bench-floor@b2km.dev';
export const FLOOR_UUID = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';

/**
 * Loaded as the first, classic script of both the popup and the floor page, so both pay the same for it. It
 * records performance.now() (ms since navigation start) when the first key row enters the DOM, and when the first
 * live one does: the popup first shows an inert copy of its last list (src/popup/first-screen.ts), outside #app.
 */
const PROBE = `(() => {
  const obs = new MutationObserver(() => {
    if (window.__benchFirstRow === undefined && document.querySelector('[data-testid="key-row"]')) window.__benchFirstRow = performance.now();
    if (!document.querySelector('#app [data-testid="key-row"]')) return;
    window.__benchLiveRow = performance.now();
    obs.disconnect();
  });
  obs.observe(document, { childList: true, subtree: true });
})();
`;

/**
 * Issue 13: loaded first on the options page, records when the key hygiene report has appeared (its lines, or
 * its "nothing to report"), in ms since navigation start like the first-row probe.
 */
const HYGIENE_PROBE = `(() => {
  const obs = new MutationObserver(() => {
    if (!document.querySelector('[data-testid="hygiene-line"], [data-testid="hygiene-clean"]')) return;
    window.__benchHygiene = performance.now();
    obs.disconnect();
  });
  obs.observe(document, { childList: true, subtree: true });
})();
`;
export const HYGIENE_PROBE_FILE = 'bench-hygiene-probe.js';

const CONTROL_HTML = '<!doctype html><meta charset="utf-8"><title>bench control</title><p id="bench-ready">control</p>\n';

const FLOOR_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>floor</title><script src="/${PROBE_FILE}"></script></head>
<body><div id="app"></div><script type="module" src="/floor.js"></script></body></html>
`;

const FLOOR_JS = `const row = document.createElement('div');
row.dataset.testid = 'key-row';
row.textContent = 'floor-key 0000000000000000000000000';
document.getElementById('app').append(row);
`;

const FLOOR_BG = `(globalThis.browser ?? globalThis.chrome).runtime.onMessage.addListener((m, _s, send) => {
  if (m && m.benchStarted) return undefined;
  send({ ok: true, value: { floor: true } });
});
`;

/**
 * Firefox only, the first background script of both extensions: answers when this background started, so the
 * bench can tell a cold start (an event page that was suspended and woken by the timed message) from a warm one
 * (Firefox cannot be told to suspend one; an alarm or a late event may keep it awake or wake it early).
 */
export const STARTED_FILE = 'bench-started.js';
const STARTED = `globalThis.__benchStarted = Date.now();
browser.runtime.onMessage.addListener((m) => (m && m.benchStarted ? Promise.resolve({ started: globalThis.__benchStarted }) : undefined));
`;

function floorManifest(browser: BrowserName): object {
  const base = { manifest_version: 3, name: 'bench floor', version: '1.0' };
  return browser === 'chromium'
    ? { ...base, background: { service_worker: 'bg.js' } }
    : { ...base, background: { scripts: [STARTED_FILE, 'bg.js'] }, browser_specific_settings: { gecko: { id: FLOOR_GECKO_ID } } };
}

export interface BenchExtensions {
  app: string;
  floor: string;
  /** Path of the popup page inside the app, from its manifest. */
  popupPath: string;
  /** Path of the options page (issue 13: the hygiene report's appearance is timed there). */
  optionsPath: string | null;
  remove(): Promise<void>;
}

export async function prepareExtensions(browser: BrowserName, builtDir: string): Promise<BenchExtensions> {
  const root = await mkdtemp(join(tmpdir(), `b2km-bench-${browser}-`));
  const app = join(root, 'app');
  const floor = join(root, 'floor');
  await cp(builtDir, app, { recursive: true });
  const manifestText = await readFile(join(app, 'manifest.json'), 'utf8');
  const manifest = JSON.parse(manifestText) as { action?: { default_popup?: string }; options_ui?: { page?: string }; background?: { scripts?: string[] } };
  if (browser === 'firefox') {
    const scripts = manifest.background?.scripts;
    if (!scripts) throw new Error(`${builtDir}/manifest.json has no background.scripts`);
    await writeFile(join(app, STARTED_FILE), STARTED);
    await writeFile(join(app, 'manifest.json'), JSON.stringify({ ...manifest, background: { ...manifest.background, scripts: [STARTED_FILE, ...scripts] } }, null, 2));
  }
  const popupPath = manifest.action?.default_popup;
  if (!popupPath) throw new Error(`${builtDir}/manifest.json has no action.default_popup`);
  const popupFile = join(app, popupPath);
  const html = await readFile(popupFile, 'utf8');
  if (!/<head[^>]*>/i.test(html)) throw new Error(`${popupPath} has no <head> to put the probe in`);
  await writeFile(popupFile, html.replace(/<head[^>]*>/i, (head) => `${head}<script src="/${PROBE_FILE}"></script>`));
  await writeFile(join(app, PROBE_FILE), PROBE);
  await writeFile(join(app, CONTROL_PAGE), CONTROL_HTML);
  // No options page (a stripped-down build): the hygiene report is simply not timed.
  const optionsPath = manifest.options_ui?.page ?? null;
  if (optionsPath) {
    const optionsHtml = await readFile(join(app, optionsPath), 'utf8');
    await writeFile(join(app, optionsPath), optionsHtml.replace(/<head[^>]*>/i, (head) => `${head}<script src="/${HYGIENE_PROBE_FILE}"></script>`));
    await writeFile(join(app, HYGIENE_PROBE_FILE), HYGIENE_PROBE);
  }

  const files: Record<string, string> = {
    'manifest.json': JSON.stringify(floorManifest(browser), null, 2),
    [FLOOR_PAGE]: FLOOR_HTML,
    'floor.js': FLOOR_JS,
    'bg.js': FLOOR_BG,
    [PROBE_FILE]: PROBE,
    [CONTROL_PAGE]: CONTROL_HTML,
    [STARTED_FILE]: STARTED,
  };
  await mkdir(floor);
  for (const [name, text] of Object.entries(files)) await writeFile(join(floor, name), text);
  return { app, floor, popupPath, optionsPath, remove: () => rm(root, { recursive: true, force: true }) };
}
