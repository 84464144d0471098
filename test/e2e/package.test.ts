/**
 * The store packages (npm run package): two builds of one commit give byte-identical zips; both zips, unpacked
 * by an independent unzip (Python's zipfile), load in their browsers with the version from package.json and open
 * the options page by themselves after install; web-ext lint of the AMO zip has no errors and only the warnings
 * README.md explains; the Firefox data collection declaration matches PRIVACY.md.
 *
 * The first package zips the dist/ that `npm test` (or `npm run build`) just built; the second builds again.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, launchFirefox, ROOT } from '../helpers/browsers';

const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const base = `${pkg.name}-${pkg.version}`;
const ZIPS = ['chrome', 'firefox', 'source'].map((k) => `${base}-${k}.zip`);

function run(cmd: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function must(cmd: string, args: string[]): string {
  const r = run(cmd, args);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

const sha = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');

let work: string;
let first: string;
let second: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'b2km-package-'));
  first = join(work, 'first');
  second = join(work, 'second');
  must('npx', ['tsx', 'scripts/package.ts', '--no-build', '--out', first]);
  must('npx', ['tsx', 'scripts/package.ts', '--out', second]);
}, 180_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** Unpacks with Python's zipfile: not our own reader, so a zip only our code can read fails here. */
async function unpack(zip: string, name: string): Promise<string> {
  const dir = join(work, 'unpacked', name);
  must('python3', ['-m', 'zipfile', '-e', zip, dir]);
  return dir;
}

describe('store packages', () => {
  it('two builds of the same commit give byte-identical zips', async () => {
    expect((await readdir(first)).sort()).toEqual([...ZIPS, 'SHA256SUMS'].sort());
    for (const zip of ZIPS) expect(await sha(join(second, zip)), `${zip} differs between two builds (run npm run build first if dist/ is stale)`).toBe(await sha(join(first, zip)));
  });

  it('the source zip has the build instructions and no build output or dependencies', async () => {
    const names = must('python3', ['-m', 'zipfile', '-l', join(first, `${base}-source.zip`)]);
    expect(names).toContain(`${base}/BUILDING.md`);
    expect(names).toContain(`${base}/package-lock.json`);
    expect(names).not.toMatch(/node_modules\/|\/dist\//);
  });

  it('the Chrome Web Store zip, unpacked, loads in Chromium and opens the options page after install', async () => {
    const dir = await unpack(join(first, `${base}-chrome.zip`), 'chrome');
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.version).toBe(pkg.version);
    const ext = await launchChromium(dir);
    try {
      const optionsUrl = `chrome-extension://${ext.extensionId}/src/options/index.html`;
      // The tab may exist before its navigation commits: wait for a page whose URL is the options page.
      await expect.poll(() => ext.context.pages().map((p) => p.url()), { timeout: 30_000 }).toContain(optionsUrl);
      const opened = ext.context.pages().find((p) => p.url() === optionsUrl)!;
      await opened.getByTestId('background-status').waitFor();
      expect(await opened.getByTestId('background-status').textContent()).toContain(pkg.version);
    } finally {
      await ext.close();
    }
  });

  it('the AMO zip, unpacked, loads in Firefox ESR and opens the options page after install', async () => {
    const dir = await unpack(join(first, `${base}-firefox.zip`), 'firefox');
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.version).toBe(pkg.version);
    const ext = await launchFirefox(dir);
    try {
      // Firefox loads the options page into the blank tab it finds (puppeteer's first tab), and puppeteer's page
      // list does not follow a navigation the extension makes: ask each tab's document where it is. No tab is
      // opened here first, or the options page could land in it and be navigated away.
      const optionsUrl = `${ext.origin}/src/options/index.html`;
      const whereTabsAre = async () => Promise.all((await ext.browser.pages()).map((p) => p.evaluate(() => location.href).catch(() => '')));
      await expect.poll(whereTabsAre, { timeout: 30_000, interval: 250 }).toContain(optionsUrl);
      const pages = await ext.browser.pages();
      const hrefs = await whereTabsAre();
      const options = pages[hrefs.indexOf(optionsUrl)]!;
      const status = await options.evaluate(() =>
        (globalThis as unknown as { browser: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean; value: { version: string } }> } } }).browser.runtime.sendMessage({ b2km: 1, method: 'getStatus', params: {} }),
      );
      expect(status).toMatchObject({ ok: true, value: { version: pkg.version } });
    } finally {
      await ext.close();
    }
  });

  it('web-ext lint of the AMO zip: no errors, and every warning is explained in README.md', async () => {
    const r = run('npx', ['web-ext', 'lint', '--source-dir', join(first, `${base}-firefox.zip`), '--output', 'json']);
    const report = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as { errors: { code: string }[]; warnings: { code: string }[] };
    expect(report.errors.map((e) => e.code)).toEqual([]);
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const explained = readme.slice(readme.indexOf('## web-ext lint'));
    expect(explained.length, 'README.md needs a "## web-ext lint" section').toBeLessThan(readme.length);
    // One README item explains one warning: a second warning of a known code (our own innerHTML next to preact's)
    // is a new warning too.
    const items = [...explained.matchAll(/^- `([A-Z_]+)`/gm)].map((m) => m[1]);
    expect(report.warnings.map((w) => w.code).sort(), 'web-ext lint warnings differ from the ones README.md explains').toEqual(items.sort());
  });

  it("Firefox's data collection declaration is the one PRIVACY.md states", async () => {
    const dir = join(work, 'unpacked', 'firefox');
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    const declared = manifest.browser_specific_settings.gecko.data_collection_permissions;
    const privacy = await readFile(join(ROOT, 'PRIVACY.md'), 'utf8');
    const stated = /data_collection_permissions[^\n]*?`required: \[([^\]]*)\]`/.exec(privacy);
    expect(stated, 'PRIVACY.md names the Firefox declaration as `required: [...]`').not.toBeNull();
    expect(declared).toEqual({ required: stated![1]!.split(',').map((s) => s.trim().replace(/^'|'$/g, '')).filter(Boolean) });
  });
});
