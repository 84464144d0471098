/**
 * `npm start`: the demo without a Backblaze account. Starts the local B2 emulator (state kept in
 * .emulator-state.json so keys survive restarts), builds the demo flavour of the extension with the
 * emulator preset as its endpoint, opens Chromium with it loaded on the first-run screen, and prints
 * the seeded keyID and applicationKey to paste in.
 */
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startEmulator } from '../test/b2-emulator/server';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/helpers/browsers';

const ROOT = resolve(import.meta.dirname, '..');
const port = Number(process.env.B2KM_EMULATOR_PORT ?? 8787);

function run(cmd: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`${cmd} ${args.join(' ')} exited with ${code}`))));
  });
}

const emulator = await startEmulator({ port, statePath: join(ROOT, '.emulator-state.json') });
console.log(`B2 emulator listening on ${emulator.url}`);
await run('npx', ['vite', 'build', '--logLevel', 'warn'], { B2KM_BROWSER: 'chrome', B2KM_FLAVOR: 'demo', B2KM_DEMO_ENDPOINT: emulator.url });
const extensionDir = join(ROOT, 'dist', 'demo-chrome');

const headless = process.env.B2KM_HEADLESS === '1' || !process.env.DISPLAY;
const context = await chromium.launchPersistentContext(await mkdtemp(join(tmpdir(), 'b2km-demo-')), {
  executablePath: CHROMIUM,
  headless,
  args: [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    ...CHROMIUM_ARGS.filter((a) => a !== '--disable-gpu'),
  ],
  viewport: null,
});
const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
const extensionId = new URL(worker.url()).host;

console.log(`
B2 Key Manager (demo build) is loaded in Chromium${headless ? ' (headless: no display found)' : ''}.
  Options page: chrome-extension://${extensionId}/src/options/index.html
  Popup:        chrome-extension://${extensionId}/src/popup/index.html
  API endpoint: ${emulator.url} (already set in this build)

Paste this master key into "Add account":
  keyID:          ${emulator.applicationKeyId}
  applicationKey: ${emulator.applicationKey}

Press Ctrl+C to stop the browser and the emulator.`);

const stop = async () => {
  await context.close().catch(() => undefined);
  await emulator.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
context.on('close', () => void stop());
