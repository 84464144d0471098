/**
 * `npm run screenshots`: store screenshots (1280×800 PNG) from the demo build and the local emulator, in light
 * and dark: the popup's key list, the Create New Key form, the one-time applicationKey panel (a demo secret the
 * emulator issued), and the options page. The popup is 400 pixels wide, so it is shown on a plain 1280×800
 * backdrop with a caption; the options page is a full page and is shot as it is.
 * Output: test-results/store-screenshots/<scheme>-<n>-<screen>.png. Not part of npm test.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startEmulator } from '../test/b2-emulator/server';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/helpers/browsers';
import { rpcOk } from '../test/helpers/rpc';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'test-results', 'store-screenshots');
const SIZE = { width: 1280, height: 800 };
const PASSPHRASE = 'demo vault passphrase for screenshots';
type Scheme = 'light' | 'dark';

const emulator = await startEmulator({ port: 0, buckets: ['photos-backup', 'nas-archive:allPrivate', 'web-assets:allPublic', 'build-cache'] });
const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, B2KM_BROWSER: 'chrome', B2KM_FLAVOR: 'demo', B2KM_DEMO_ENDPOINT: emulator.url },
});
if (build.status !== 0) throw new Error('demo build failed');
const extensionDir = join(ROOT, 'dist', 'demo-chrome');
const profile = await mkdtemp(join(tmpdir(), 'b2km-shots-'));
let context: BrowserContext | undefined;

async function newPage(url: string, scheme: Scheme, size: { width: number; height: number }): Promise<Page> {
  const page = await context!.newPage();
  await page.setViewportSize(size);
  await page.emulateMedia({ colorScheme: scheme });
  await page.goto(url).catch(async (e: Error) => {
    // The options page the background opens after install can take over a fresh tab's first navigation.
    if (!/interrupted by another navigation/.test(e.message)) throw e;
    await page.goto(url);
  });
  return page;
}

/** The popup on a 1280×800 backdrop with a caption, in the same colour scheme. */
async function backdrop(popupShot: Buffer, caption: string, scheme: Scheme, file: string): Promise<void> {
  const dark = scheme === 'dark';
  const page = await context!.newPage();
  await page.setViewportSize(SIZE);
  await page.emulateMedia({ colorScheme: scheme });
  await page.setContent(`<!doctype html><html><body style="margin:0;width:1280px;height:800px;display:flex;align-items:center;justify-content:center;gap:72px;
      background:${dark ? 'linear-gradient(135deg,#0f172a,#1e293b)' : 'linear-gradient(135deg,#eef2f7,#dbe4f0)'};font-family:system-ui,sans-serif">
    <p style="margin:0;max-width:420px;font-size:40px;line-height:1.25;font-weight:600;color:${dark ? '#e2e8f0' : '#0f172a'}">${caption}</p>
    <img src="data:image/png;base64,${popupShot.toString('base64')}" style="border-radius:12px;box-shadow:0 24px 64px rgba(0,0,0,${dark ? '0.6' : '0.25'})">
  </body></html>`);
  await page.screenshot({ path: join(OUT, file) });
  await page.close();
}

try {
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`, ...CHROMIUM_ARGS],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const origin = `chrome-extension://${new URL(worker.url()).host}`;

  // Set-up through the extension's own messages: a vault, the emulator's master key, a realistic key list.
  const setup = await newPage(`${origin}/src/options/index.html`, 'light', SIZE);
  await setup.getByTestId('background-status').waitFor();
  await rpcOk(setup, 'createVault', { passphrase: PASSPHRASE });
  await rpcOk(setup, 'addAccount', { applicationKeyId: emulator.applicationKeyId, applicationKey: emulator.applicationKey, label: 'Demo account', endpoint: emulator.url });
  const { buckets } = await rpcOk(setup, 'listBuckets', { refresh: true });
  const id = (name: string) => buckets.find((b) => b.bucketName === name)!.bucketId;
  const files = ['listBuckets', 'listFiles', 'readFiles', 'writeFiles', 'deleteFiles'];
  const seed: { keyName: string; capabilities: string[]; bucketIds?: string[]; namePrefix?: string; validDurationInSeconds?: number }[] = [
    { keyName: 'nas-nightly-backup', capabilities: files, bucketIds: [id('nas-archive')] },
    { keyName: 'rclone-photos', capabilities: files, bucketIds: [id('photos-backup')] },
    { keyName: 'restic-laptop', capabilities: files, bucketIds: [id('nas-archive')], namePrefix: 'laptop/' },
    { keyName: 'ci-deploy-web-assets', capabilities: ['listBuckets', 'listFiles', 'writeFiles'], bucketIds: [id('web-assets')], validDurationInSeconds: 30 * 86400 },
    { keyName: 'build-cache-read', capabilities: ['listBuckets', 'listFiles', 'readFiles'], bucketIds: [id('build-cache')] },
    { keyName: 'log-shipper', capabilities: ['listBuckets', 'writeFiles'], namePrefix: 'logs/' },
    { keyName: 'photo-frame-readonly', capabilities: ['listBuckets', 'listFiles', 'readFiles'], bucketIds: [id('photos-backup')] },
  ];
  for (const k of seed) await rpcOk(setup, 'createKey', k);
  await setup.close();

  for (const scheme of ['light', 'dark'] as const) {
    // 1. The key list.
    const popup = await newPage(`${origin}/src/popup/index.html`, scheme, { width: 400, height: 600 });
    await popup.getByTestId('key-list').waitFor({ timeout: 30_000 });
    await popup.getByTestId('refresh-state').filter({ hasText: /Updated/ }).waitFor({ timeout: 30_000 });
    await backdrop(await popup.screenshot(), 'Every B2 application key of your account, instantly', scheme, `${scheme}-1-popup-list.png`);

    // 2. The Create New Key form, filled in.
    await popup.getByTestId('create-key').click();
    await popup.getByRole('heading', { name: 'Create New Key' }).waitFor();
    await popup.getByLabel('Name of Key').fill('offsite-sync');
    await popup.getByLabel('Only the buckets I choose').check();
    await popup.getByLabel('photos-backup').check();
    await popup.getByLabel('nas-archive').check();
    await backdrop(await popup.screenshot(), 'Create New Key with the choices of the B2 console', scheme, `${scheme}-2-create-form.png`);

    // 3. The one-time applicationKey, already saved in the vault.
    await popup.getByTestId('create-submit').click();
    await popup.getByTestId('one-time-secret').waitFor({ timeout: 30_000 });
    await popup.getByTestId('saved-note').waitFor();
    await backdrop(await popup.screenshot(), 'The applicationKey B2 shows once, saved encrypted before you see it', scheme, `${scheme}-3-one-time-secret.png`);
    await popup.getByTestId('created-done').click();
    await popup.close();

    // 4. The options page.
    const options = await newPage(`${origin}/src/options/index.html`, scheme, SIZE);
    await options.getByTestId('account-card').waitFor({ timeout: 30_000 });
    await options.screenshot({ path: join(OUT, `${scheme}-4-options.png`) });
    // The next scheme creates the same key again: delete this one so both schemes show the same list.
    const list = await rpcOk(options, 'listKeys', { offset: 0, limit: 50, query: 'offsite-sync' });
    for (const k of list.keys.filter((key) => key.keyName === 'offsite-sync')) await rpcOk(options, 'deleteKey', { applicationKeyId: k.applicationKeyId, keyName: k.keyName });
    await options.close();
  }
  const written = ['light', 'dark'].flatMap((s) => ['1-popup-list', '2-create-form', '3-one-time-secret', '4-options'].map((n) => `${s}-${n}.png`));
  await writeFile(join(OUT, 'README.txt'), `Store screenshots, 1280x800, made by npm run screenshots from the demo build and the local B2 emulator.\n${written.join('\n')}\n`);
  console.log(`Screenshots in ${OUT}:\n  ${written.join('\n  ')}`);
} finally {
  await context?.close().catch(() => undefined);
  await rm(profile, { recursive: true, force: true });
  await emulator.close();
}
