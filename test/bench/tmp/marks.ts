// Temporary: worker start marks.
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS, distDir } from '../../helpers/browsers';
import { prepareExtensions, CONTROL_PAGE } from '../browser/extensions';
import { chromiumExtensionId } from '../browser/drivers';
import { seededEmulator } from '../browser/emulator';
import { PASSPHRASE } from '../browser/config';
const n = Number(process.argv[2] ?? 1000);
const be = await seededEmulator(n);
const ext = await prepareExtensions('chromium', process.argv[3] ?? distDir('chrome'));
const profile = await mkdtemp(join(tmpdir(), 'prof-'));
const ctx = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: [`--disable-extensions-except=${ext.app}`, `--load-extension=${ext.app}`, ...CHROMIUM_ARGS] });
const id = chromiumExtensionId(ext.app);
await sleep(2000);
const control = await ctx.newPage();
await control.goto(`chrome-extension://${id}/${CONTROL_PAGE}`);
const rpc = (method: string, params: unknown) => control.evaluate(async ([m, p]) => { const t0 = performance.now(); const r = await chrome.runtime.sendMessage({ b2km: 1, method: m, params: p }); if (!r.ok) throw new Error(JSON.stringify(r)); return performance.now() - t0; }, [method, params] as const);
await rpc('createVault', { passphrase: PASSPHRASE });
await rpc('setSettings', { autoLock: { kind: 'browserClose' } });
await rpc('addAccount', { applicationKeyId: be.emu.applicationKeyId, applicationKey: be.emu.applicationKey, endpoint: be.emu.url });
await rpc('refreshKeys', {});
await sleep(2000);
for (let i = 0; i < 8; i++) {
  const cdp = await ctx.newCDPSession(control); await cdp.send('ServiceWorker.enable'); await cdp.send('ServiceWorker.stopAllWorkers'); await cdp.detach();
  await sleep(500);
  const ms = await rpc('getStatus', {});
  await sleep(200);
  const w = ctx.serviceWorkers().filter((x) => x.url().includes(id)).at(-1)!;
  const marks = await w.evaluate(() => performance.getEntriesByType('mark').map((m) => `${m.name}@${Math.round(m.startTime)}`).join(' '));
  console.log(`rtt ${Math.round(ms)}  ${marks}`);
}
await ctx.close(); await be.close(); await ext.remove();
