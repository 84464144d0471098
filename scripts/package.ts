/**
 * `npm run package`: the store uploads, from a release build of the current commit.
 *   dist/packages/b2-key-manager-<version>-chrome.zip    Chrome Web Store (dist/chrome)
 *   dist/packages/b2-key-manager-<version>-firefox.zip   addons.mozilla.org (web-ext build of dist/firefox)
 *   dist/packages/b2-key-manager-<version>-source.zip    AMO's source upload (git archive of HEAD + SOURCE_DATE_EPOCH; BUILDING.md inside)
 *   dist/packages/SHA256SUMS
 * Two runs on one commit give byte-identical zips (test/e2e/package.test.ts): entries sorted, every time set
 * to the commit's time. Flags: --no-build (zip what is in dist/ now), --out DIR.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { readZip, writeZip, type ZipEntry } from './zip';

const ROOT = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const build = !args.includes('--no-build');
const outAt = args.indexOf('--out');
const OUT = resolve(ROOT, outAt >= 0 && args[outAt + 1] ? args[outAt + 1]! : 'dist/packages');

function run(cmd: string, argv: string[], env: Record<string, string> = {}): string {
  const r = spawnSync(cmd, argv, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Files of a build folder, as web-ext would take them: no dotfiles or dot-folders (e.g. vite's .vite/). */
async function filesOf(dir: string): Promise<ZipEntry[]> {
  const out: ZipEntry[] = [];
  async function walk(d: string): Promise<void> {
    for (const e of await readdir(d, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) out.push({ name: relative(dir, p).split('\\').join('/'), data: await readFile(p) });
    }
  }
  await walk(dir);
  return out;
}

const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const version = pkg.version;
const inGit = spawnSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() === 'true';
// The time every zip entry carries: the commit's. The source zip holds it in a SOURCE_DATE_EPOCH file, so a
// build from the unpacked source zip (no git) gets the same time, and so the same bytes.
const epochFile = join(ROOT, 'SOURCE_DATE_EPOCH');
const epochText =
  process.env.SOURCE_DATE_EPOCH ??
  (inGit ? execFileSync('git', ['log', '-1', '--format=%ct'], { cwd: ROOT, encoding: 'utf8' }) : existsSync(epochFile) ? await readFile(epochFile, 'utf8') : '');
const epoch = Number(epochText.trim());
if (!epochText.trim() || !Number.isInteger(epoch) || epoch < 315532800) {
  throw new Error('No build time: run inside the git checkout, build from the source zip (it has a SOURCE_DATE_EPOCH file), or set SOURCE_DATE_EPOCH.');
}
const mtime = new Date(epoch * 1000);
const dirty = inGit && execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';

if (build) {
  // NODE_ENV pinned: an inherited one (vitest sets "test") changes what vite bundles, and so the bytes.
  for (const browser of ['chrome', 'firefox']) run('npx', ['vite', 'build', '--logLevel', 'warn'], { B2KM_BROWSER: browser, B2KM_FLAVOR: 'release', NODE_ENV: 'production' });
}
for (const browser of ['chrome', 'firefox']) {
  const m = JSON.parse(await readFile(join(ROOT, 'dist', browser, 'manifest.json'), 'utf8')) as { version: string };
  if (m.version !== version) throw new Error(`dist/${browser}/manifest.json has version ${m.version}, package.json ${version}: run npm run package without --no-build`);
}

await rm(OUT, { recursive: true, force: true });
await mkdir(OUT, { recursive: true });
const base = `${pkg.name}-${version}`;
const written: { file: string; data: Buffer }[] = [];

// Chrome Web Store: the release build as it is.
written.push({ file: `${base}-chrome.zip`, data: writeZip(await filesOf(join(ROOT, 'dist', 'chrome')), mtime) });

// addons.mozilla.org: web-ext decides what goes in (its ignore rules, its manifest checks); its archive stamps
// every entry with the current time in whatever order the files were read, so it is written again, sorted, at the commit's time.
const artifacts = await mkdtemp(join(tmpdir(), 'b2km-webext-'));
try {
  run('npx', ['web-ext', 'build', '--source-dir', 'dist/firefox', '--artifacts-dir', artifacts, '--filename', 'amo.zip', '--overwrite-dest']);
  written.push({ file: `${base}-firefox.zip`, data: writeZip(readZip(await readFile(join(artifacts, 'amo.zip'))), mtime) });
} finally {
  await rm(artifacts, { recursive: true, force: true });
}

// AMO's source upload: every tracked file of the commit (BUILDING.md says how to rebuild the add-on from it),
// plus the build time. Without git (a build from the source zip itself) there is no commit to archive.
if (inGit) {
  const archive = spawnSync('git', ['archive', '--format=zip', `--prefix=${base}/`, 'HEAD'], { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 });
  if (archive.status !== 0) throw new Error(`git archive failed: ${archive.stderr.toString()}`);
  const source = readZip(archive.stdout).filter((e) => e.name !== `${base}/SOURCE_DATE_EPOCH`);
  source.push({ name: `${base}/SOURCE_DATE_EPOCH`, data: Buffer.from(`${epoch}\n`) });
  written.push({ file: `${base}-source.zip`, data: writeZip(source, mtime) });
} else {
  console.warn('Not a git checkout: no source zip written.');
}

const sums: string[] = [];
for (const { file, data } of written) {
  await writeFile(join(OUT, file), data);
  sums.push(`${createHash('sha256').update(data).digest('hex')}  ${file}`);
}
await writeFile(join(OUT, 'SHA256SUMS'), `${sums.join('\n')}\n`);

console.log(`Packages of ${pkg.name} ${version} (commit time ${mtime.toISOString()}) in ${relative(ROOT, OUT) || OUT}:`);
for (const { file, data } of written) console.log(`  ${file}  ${(data.length / 1024).toFixed(1)} KiB`);
if (dirty) console.warn('Warning: the working tree has uncommitted changes. The source zip is HEAD without them; commit before packaging for a store.');
