// Temporary: cold worker vs bare only.
import { setTimeout as sleep } from 'node:timers/promises';
import { distDir } from '../../helpers/browsers';
import { prepareExtensions, CONTROL_PAGE } from '../browser/extensions';
import { launchBench } from '../browser/drivers';
import { timedRpc, rpcValue } from '../browser/in-page';
import { seededEmulator } from '../browser/emulator';
import { PASSPHRASE } from '../browser/config';
const n = Number(process.argv[2] ?? 1000); const runs = Number(process.argv[3] ?? 15);
const be = await seededEmulator(n);
const ext = await prepareExtensions('chromium', process.argv[4] ?? distDir('chrome'));
const br = await launchBench('chromium', ext);
const ready = () => document.getElementById('bench-ready') !== null;
const control = await br.open(`${br.appOrigin}/${CONTROL_PAGE}`, ready, 60000);
const floor = await br.open(`${br.floorOrigin}/${CONTROL_PAGE}`, ready, 60000);
const rpc = (method: string, params: unknown) => control.run(rpcValue, { method, params });
await rpc('createVault', { passphrase: PASSPHRASE });
await rpc('setSettings', { autoLock: { kind: 'browserClose' } });
await rpc('addAccount', { applicationKeyId: be.emu.applicationKeyId, applicationKey: be.emu.applicationKey, endpoint: be.emu.url });
await rpc('refreshKeys', {});
await sleep(2000);
const a: number[] = [], b: number[] = [];
for (let i = 0; i < runs; i++) {
  await br.stopWorkers(); await sleep(300);
  if (i % 2) { a.push((await control.run(timedRpc, { method: 'getStatus', params: {} })).ms); b.push((await floor.run(timedRpc, { method: 'getStatus', params: {} })).ms); }
  else { b.push((await floor.run(timedRpc, { method: 'getStatus', params: {} })).ms); a.push((await control.run(timedRpc, { method: 'getStatus', params: {} })).ms); }
}
const med = (x: number[]) => [...x].sort((p, q) => p - q)[Math.floor(x.length / 2)]!;
console.log(`cold app ${med(a).toFixed(1)} bare ${med(b).toFixed(1)} ratio ${(med(a) / med(b)).toFixed(2)}  app=${a.map(Math.round).join(',')}`);
await br.close(); await be.close(); await ext.remove();
