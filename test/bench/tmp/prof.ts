// Temporary profiling script (not committed).
import { chromium } from 'playwright-core';
import { mkdtemp } from 'node:fs/promises';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS, distDir } from '../../helpers/browsers';
import { prepareExtensions, CONTROL_PAGE, FLOOR_PAGE } from '../browser/extensions';
import { chromiumExtensionId } from '../browser/drivers';
import { seededEmulator } from '../browser/emulator';
import { PASSPHRASE } from '../browser/config';

const n = Number(process.argv[2] ?? 1000);
const be = await seededEmulator(n);
const ext = await prepareExtensions('chromium', distDir('chrome'));
const profile = await mkdtemp(join(tmpdir(), 'prof-'));
const both = `${ext.app},${ext.floor}`;
const ctx = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: [`--disable-extensions-except=${both}`, `--load-extension=${both}`, ...CHROMIUM_ARGS] });
const id = chromiumExtensionId(ext.app);
const fid = chromiumExtensionId(ext.floor);
await new Promise((r) => setTimeout(r, 2000));
for (const p of ctx.pages()) if (p.url().includes(id)) await p.close();
const control = await ctx.newPage();
await control.goto(`chrome-extension://${id}/${CONTROL_PAGE}`);
const rpc = (method: string, params: unknown) => control.evaluate(async ([m, p]) => { const r = await chrome.runtime.sendMessage({ b2km: 1, method: m, params: p }); if (!r.ok) throw new Error(JSON.stringify(r)); return r.value; }, [method, params] as const);
await rpc('createVault', { passphrase: PASSPHRASE });
await rpc('setSettings', { autoLock: { kind: 'browserClose' } });
await rpc('addAccount', { applicationKeyId: be.emu.applicationKeyId, applicationKey: be.emu.applicationKey, endpoint: be.emu.url });
await rpc('refreshKeys', {});
await new Promise((r) => setTimeout(r, 3000));
async function load(url: string, prof: boolean) {
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  if (prof) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 100 }); await cdp.send('Profiler.start'); }
  await page.goto(url, { waitUntil: 'commit' });
  for (let i = 0; i < 200; i++) { if (await page.evaluate(() => (window as any).__benchFirstRow !== undefined)) break; await new Promise((r) => setTimeout(r, 20)); }
  const out = await page.evaluate(() => ({ first: (window as any).__benchFirstRow, nav: performance.getEntriesByType('navigation').map((e: any) => ({ ri: e.responseEnd, di: e.domInteractive, dcl: e.domContentLoadedEventEnd, le: e.loadEventEnd })), res: performance.getEntriesByType('resource').map((e: any) => [e.name.split('/').pop(), Math.round(e.startTime), Math.round(e.responseEnd)]), marks: performance.getEntriesByType('mark').map((e) => [e.name, Math.round(e.startTime)]) }));
  if (prof) { const { profile } = await cdp.send('Profiler.stop'); writeFileSync(`/tmp/popup-${n}.cpuprofile`, JSON.stringify(profile)); }
  await page.close();
  return out;
}
for (let i = 0; i < 4; i++) {
  console.log('floor', JSON.stringify(await load(`chrome-extension://${fid}/${FLOOR_PAGE}`, false)));
  console.log('popup', JSON.stringify(await load(`chrome-extension://${id}/${ext.popupPath}`, i === 3)));
}
await ctx.close(); await be.close(); await ext.remove();
