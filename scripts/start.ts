/**
 * `npm start`: the demo without a Backblaze account. Starts the local B2 emulator (state kept in
 * .emulator-state.json so keys survive restarts), builds the demo flavour of the extension with the
 * emulator preset as its endpoint, opens Chromium with it loaded (the options page opens by itself after
 * install), and prints the seeded keyID and applicationKey to paste in.
 * `npm run start:firefox` (`--firefox`): the same demo in Firefox ESR, installed as a temporary add-on by web-ext run.
 */
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startEmulator, type RunningEmulator } from '../test/b2-emulator/server';
import { CHROMIUM, CHROMIUM_ARGS, FIREFOX, FIREFOX_UUID, GECKO_ID } from '../test/helpers/browsers';
import { demoChromiumArgs } from './chromium-args';

const ROOT = resolve(import.meta.dirname, '..');
const port = Number(process.env.B2KM_EMULATOR_PORT ?? 8787);
const target = process.argv.includes('--firefox') ? 'firefox' : 'chrome';
const headless = process.env.B2KM_HEADLESS === '1' || !process.env.DISPLAY;

function run(cmd: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`${cmd} ${args.join(' ')} exited with ${code}`))));
  });
}

function banner(emulator: RunningEmulator, where: string, origin: string, stopWhat: string): string {
  return `
B2 Key Manager (demo build) ${where}${headless ? ' (headless: no display found)' : ''}.
  Options page: ${origin}/src/options/index.html
  Popup:        ${origin}/src/popup/index.html
  API endpoint: ${emulator.url} (already set in this build)

Paste this master key into "Add account":
  keyID:          ${emulator.applicationKeyId}
  applicationKey: ${emulator.applicationKey}

Press Ctrl+C to stop ${stopWhat} and the emulator.`;
}

async function startChromium(emulator: RunningEmulator, extensionDir: string): Promise<void> {
  const context = await chromium.launchPersistentContext(await mkdtemp(join(tmpdir(), 'b2km-demo-')), {
    executablePath: CHROMIUM,
    headless,
    args: [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`, ...demoChromiumArgs(CHROMIUM_ARGS, process.getuid?.() === 0)],
    viewport: null,
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  console.log(banner(emulator, 'is loaded in Chromium', `chrome-extension://${extensionId}`, 'the browser'));

  const stop = async () => {
    await context.close().catch(() => undefined);
    await emulator.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  context.on('close', () => void stop());
}

function startFirefox(emulator: RunningEmulator, extensionDir: string): void {
  console.log(banner(emulator, 'is starting in Firefox ESR; its options page opens by itself', `moz-extension://${FIREFOX_UUID}`, 'Firefox'));
  // web-ext run: a temporary profile, the add-on installed as about:debugging would. The uuid pref fixes the
  // moz-extension:// origin, so the URLs printed above are right.
  const webExt = spawn(
    'npx',
    [
      'web-ext',
      'run',
      '--no-input',
      '--no-reload',
      '--source-dir',
      extensionDir,
      '--firefox',
      FIREFOX,
      `--pref=extensions.webextensions.uuids=${JSON.stringify({ [GECKO_ID]: FIREFOX_UUID })}`,
      ...(headless ? ['--arg=--headless'] : []),
    ],
    { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], detached: true },
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // web-ext runs under npx in its own process group: signal the group, or Firefox outlives us.
    try {
      if (webExt.pid) process.kill(-webExt.pid, 'SIGINT');
    } catch {
      // already gone
    }
    await emulator.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  webExt.on('exit', () => void stop());
}

const emulator = await startEmulator({ port, statePath: join(ROOT, '.emulator-state.json') });
console.log(`B2 emulator listening on ${emulator.url}`);
await run('npx', ['vite', 'build', '--logLevel', 'warn'], { B2KM_BROWSER: target, B2KM_FLAVOR: 'demo', B2KM_DEMO_ENDPOINT: emulator.url });
const extensionDir = join(ROOT, 'dist', `demo-${target}`);
if (target === 'firefox') startFirefox(emulator, extensionDir);
else await startChromium(emulator, extensionDir);
