/**
 * One browser, one key count: set up the vault and account through RPC, then take every figure with the app's
 * pages and the floor extension's loads interleaved in the same browser run.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { CONTROL_PAGE, FLOOR_PAGE, type BenchExtensions } from './extensions';
import { FIREFOX_IDLE_MS, launchBench, type BenchBrowser, type BenchPage } from './drivers';
import { seededEmulator, type BenchEmulator } from './emulator';
import { KEY_PREFIX, LIST_CALL, PASSPHRASE, SEARCH_LABEL, type BrowserName } from './config';
import { backgroundStartedAt, barePbkdf2, firstRowTime, hygieneTime, liveRowTime, nextAlarmAt, pauseWrites, recordWrites, rpcValue, scrollToEnd, searchKeystroke, storageBytes, takeWrites, timedRpc, timeListCalls, writeActivity } from './in-page';
import { median, type Figures } from './figures';

/** Cold worker pairs per key count in Chromium, whatever the number of runs. */
const CHROMIUM_COLD_PAIRS = 15;
/** Search keystrokes of each kind at least, whatever the number of page loads (3 at 100,000 keys). */
const KEYSTROKES = 9;
/**
 * Unlocks (and bare PBKDF2 runs) at least: each takes about 0.1 s. With 3 (the page loads at 100,000 keys) one slow
 * sample set the figure: 1.3x in a bench run on 2026-12-02, 1.08x over 15 (unlock 79.9 against 73.7 ms).
 */
const UNLOCKS = 9;
/** Options page loads for the hygiene report at least (each under a second). */
const HYGIENE_LOADS = 7;

const CONTROL_READY = () => document.getElementById('bench-ready') !== null;

type Log = (line: string) => void;

/** Waits until the extension is idle: no B2 call and no storage write for `quietMs`, and a refresh that listed keys has written. */
async function settle(be: BenchEmulator, control: BenchPage, maxMs: number, quietMs = 2000): Promise<void> {
  const deadline = Date.now() + maxMs;
  let last = '';
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    const reqs = await be.requests();
    const writes = await control.run(writeActivity, null);
    const state = `${reqs.length}/${writes.count}`;
    if (state !== last) quietSince = Date.now();
    last = state;
    const lastList = reqs.filter((r) => r.endpoint === 'b2_list_keys').at(-1)?.time ?? 0;
    if (Date.now() - quietSince >= quietMs && writes.lastAt >= lastList) return;
    await sleep(500);
  }
}

/** Opens a page and waits for its live first row; `ms` is the first key row shown (the popup's kept copy, if any). */
async function openFirstRow(br: BenchBrowser, url: string, timeoutMs: number): Promise<{ page: BenchPage; ms: number; liveMs: number }> {
  const page = await br.open(url, () => (globalThis as { __benchLiveRow?: number }).__benchLiveRow !== undefined, timeoutMs);
  const [ms, liveMs] = [await page.run(firstRowTime, null), await page.run(liveRowTime, null)];
  if (ms === null || liveMs === null) throw new Error(`${url}: no key row`);
  return { page, ms, liveMs };
}

async function timeRpc(page: BenchPage, method: string, params: unknown) {
  const r = await page.run(timedRpc, { method, params });
  if (!r.ok) throw new Error(`${method}: ${r.error}`);
  return r;
}

/**
 * Firefox: waits out the idle timeout in a stretch where none of the app's alarms (e.g. a 1-minute auto-lock
 * check) fires, since an alarm wakes the event page or keeps it awake.
 */
async function idleUntilSuspended(app: BenchPage): Promise<void> {
  const quiet = FIREFOX_IDLE_MS + 2000;
  for (;;) {
    const next = await app.run(nextAlarmAt, null);
    const now = Date.now();
    if (next === null || next > now + quiet + 3000) break;
    await sleep(Math.max(0, next - now) + 1000);
  }
  await sleep(quiet);
}

/**
 * First answers of the app's and the floor's backgrounds once both are stopped: Chromium stops its workers over
 * CDP; Firefox cannot be told to, so the bench waits until its event pages suspend themselves when idle, and
 * then checks that each background started after its timed message was sent. A pair that was not cold
 * on both sides is null (an alarm or a late event woke one early, or kept it awake), never a warm figure.
 */
async function coldPair(br: BenchBrowser, app: BenchPage, floor: BenchPage, appFirst: boolean): Promise<{ app: number; floor: number } | null> {
  const stopped = await br.stopWorkers();
  if (stopped) await sleep(300);
  else await idleUntilSuspended(app);
  // sentAt: when the timed message left (epoch ms), to check below that it is what started the background.
  const time = async (page: BenchPage) => {
    const sentAt = Date.now();
    return { ms: (await timeRpc(page, 'getStatus', {})).ms, sentAt };
  };
  // Alternate which one wakes first, so neither always pays for the other.
  let a: { ms: number; sentAt: number };
  let f: { ms: number; sentAt: number };
  if (appFirst) {
    a = await time(app);
    f = await time(floor);
  } else {
    f = await time(floor);
    a = await time(app);
  }
  if (stopped) return { app: a.ms, floor: f.ms };
  // Cold only if each background started after its timed message was sent: one woken earlier (by an alarm or a
  // late event) answered warm. 1 ms for the two clocks' rounding.
  const [appStart, floorStart] = [await app.run(backgroundStartedAt, null), await floor.run(backgroundStartedAt, null)];
  const cold = (start: number | null, sentAt: number) => start !== null && start >= sentAt - 1;
  return cold(appStart, a.sentAt) && cold(floorStart, f.sentAt) ? { app: a.ms, floor: f.ms } : null;
}

export async function benchOne(name: BrowserName, ext: BenchExtensions, n: number, runs: number, log: Log): Promise<Figures> {
  const t0 = Date.now();
  const be = await seededEmulator(n);
  const br = await launchBench(name, ext);
  const f: Figures = { browser: name, keys: n, runs } as Figures;
  try {
    const control = await br.open(`${br.appOrigin}/${CONTROL_PAGE}`, CONTROL_READY, 60_000);
    const floor = await br.open(`${br.floorOrigin}/${CONTROL_PAGE}`, CONTROL_READY, 60_000);
    const rpc = (method: string, params: unknown) => control.run(rpcValue, { method, params });
    await rpc('createVault', { passphrase: PASSPHRASE });
    await rpc('setSettings', { autoLock: { kind: 'browserClose' } });
    await rpc('addAccount', { applicationKeyId: be.emu.applicationKeyId, applicationKey: be.emu.applicationKey, endpoint: be.emu.url });
    await control.run(recordWrites, null);

    await settle(be, control, 60_000);
    await be.clearRequests();
    await control.run(pauseWrites, null);
    const refresh = await timeRpc(control, 'refreshKeys', {});
    await control.run(recordWrites, null);
    f.refreshMs = refresh.ms;
    f.refreshListCalls = (await be.requests()).filter((r) => r.endpoint === 'b2_list_keys').length;
    // A refresh with the cache current, and the list calls alone, taken in turns (a single one of either swung by
    // a third from run to run). The refresh's answer starts loading the searchable copy 400 ms later: each waits
    // for that to finish first.
    const direct = [];
    const inPage = [];
    const again = [];
    for (let i = 0; i < Math.min(runs, 3); i++) {
      await sleep(3000);
      direct.push(await be.timeListCalls());
      inPage.push(await control.run(timeListCalls, { url: be.emu.url, applicationKeyId: be.emu.applicationKeyId, applicationKey: be.emu.applicationKey }));
      await control.run(pauseWrites, null);
      again.push((await timeRpc(control, 'refreshKeys', {})).ms);
      await control.run(recordWrites, null);
    }
    f.refreshAgainMs = median(again);
    f.storageBytes = (await control.run(storageBytes, null)).bytes;
    log(`  refreshKeys ${Math.round(refresh.ms)} ms (then ${again.map(Math.round).join(', ')} ms with the cache current), ${f.refreshListCalls} b2_list_keys calls, storage.local ${f.storageBytes} bytes`);
    f.listCallsMs = median(direct.map((d) => d.ms));
    f.pageListCallsMs = median(inPage.map((d) => d.ms));
    f.pageListCalls = inPage[0]!.calls;
    f.directListCalls = direct[0]!.calls;
    f.directListKeys = direct[0]!.keys;
    // A key made elsewhere (the B2 console, another tool) whose name sorts before every other: the refresh that
    // lists it rewrites the shard it falls in, not the whole cache.
    await be.seedKeys(1, 'a-made-elsewhere-');
    await sleep(3000);
    await control.run(pauseWrites, null);
    f.refreshChangedMs = (await timeRpc(control, 'refreshKeys', {})).ms;
    await control.run(recordWrites, null);
    log(`  refreshKeys ${Math.round(f.refreshChangedMs)} ms after a key was made elsewhere`);

    const lists = [];
    for (let i = 0; i < runs; i++) lists.push(await timeRpc(control, LIST_CALL.method, LIST_CALL.params));
    f.listRpcMs = median(lists.map((r) => r.ms));
    f.listReplyBytes = lists.at(-1)!.bytes;
    log(`  ${LIST_CALL.method} ${Math.round(f.listRpcMs)} ms, ${f.listReplyBytes} bytes`);

    const warm = [];
    const cold = [];
    const bare = [];
    // Each Firefox run waits out its 30-second idle timeout, so it takes at most 3 (and 3 more tries for pairs
    // that were not cold). A Chromium pair takes about a second, and the ratio of 7 moved by ±0.2× from run to run.
    const wanted = name === 'firefox' ? Math.min(runs, 3) : Math.max(runs, CHROMIUM_COLD_PAIRS);
    let notCold = 0;
    for (let i = 0; cold.length < wanted && i < wanted * 2; i++) {
      warm.push((await timeRpc(control, 'getStatus', {})).ms);
      const pair = await coldPair(br, control, floor, i % 2 === 0);
      if (!pair) {
        notCold++;
        continue;
      }
      cold.push(pair.app);
      bare.push(pair.floor);
    }
    [f.warmStatusMs, f.coldWorkerMs, f.bareWorkerMs] = [median(warm), median(cold), median(bare)];
    log(`  cold worker ${Math.round(f.coldWorkerMs)} ms, bare ${Math.round(f.bareWorkerMs)} ms (warm getStatus ${f.warmStatusMs.toFixed(1)} ms; ${cold.length} cold pairs${notCold ? `, ${notCold} not cold and left out` : ''})`);

    const popupMs: number[] = [];
    const popupLiveMs: number[] = [];
    const floorMs: number[] = [];
    let popup: BenchPage | null = null;
    const popupTimeout = 120_000 + n * 5;
    for (let i = 0; i < runs; i++) {
      const floorLoad = async () => {
        const { page, ms } = await openFirstRow(br, `${br.floorOrigin}/${FLOOR_PAGE}`, 60_000);
        floorMs.push(ms);
        await page.close();
      };
      if (i % 2 === 1) await floorLoad();
      await be.clearRequests();
      const opened = await openFirstRow(br, `${br.appOrigin}/${ext.popupPath}`, popupTimeout);
      popupMs.push(opened.ms);
      popupLiveMs.push(opened.liveMs);
      // The popup may go on to refresh from B2; the next load waits until that is over.
      await settle(be, control, popupTimeout * 3);
      if (i === 0) f.b2CallsOnOpen = (await be.requests()).length;
      if (i < runs - 1) await opened.page.close();
      else popup = opened.page;
      if (i % 2 === 0) await floorLoad();
      log(`  load ${i + 1}/${runs}: popup first row ${Math.round(opened.ms)} ms (live ${Math.round(opened.liveMs)} ms), floor ${Math.round(floorMs.at(-1)!)} ms`);
    }
    [f.popupFirstRowMs, f.popupLiveRowMs, f.floorFirstRowMs] = [median(popupMs), median(popupLiveMs), median(floorMs)];

    // Issue 13: the key hygiene report, opened like a person opens the options page, after the popup's loads.
    const hygieneMs: number[] = [];
    const hygieneRpc: number[] = [];
    for (let i = 0; ext.optionsPath && i < Math.max(runs, HYGIENE_LOADS); i++) {
      const page = await br.open(`${br.appOrigin}/${ext.optionsPath}`, () => (globalThis as { __benchHygiene?: number }).__benchHygiene !== undefined, popupTimeout);
      hygieneMs.push((await page.run(hygieneTime, null)) ?? NaN);
      await page.close();
      hygieneRpc.push((await timeRpc(control, 'hygieneReport', {})).ms);
    }
    f.hygieneTotal = ((await rpc('hygieneReport', {})) as { total: number }).total;
    [f.hygieneReportMs, f.hygieneRpcMs] = [median(hygieneMs), median(hygieneRpc)];
    log(`  hygiene report on the options page ${Math.round(f.hygieneReportMs)} ms (RPC ${f.hygieneRpcMs.toFixed(1)} ms, ${f.hygieneTotal} findings); popup first row ${Math.round(f.popupFirstRowMs)} ms`);

    // Keystrokes are cheap next to page loads: at least KEYSTROKES of each, so one slow frame does not make the median.
    const keystrokeRuns = Math.max(runs, KEYSTROKES);
    const keystrokes = [];
    const scrolls = [];
    for (let i = 0; i < keystrokeRuns; i++) {
      // "bench-<d>" then "<e>": the top rows always change (names are bench-<zero-padded index>).
      keystrokes.push(await popup!.run(searchKeystroke, { label: SEARCH_LABEL.source, base: `${KEY_PREFIX}${(i % 9) + 1}`, ch: String(((i + 4) % 9) + 1) }));
    }
    // Backspace from "bench-<d>" to "bench-": a search that widens to every key. The popup cannot draw that from the
    // rows it holds, and the background finds 100,000 matches, not a tenth of them.
    const widened = [];
    for (let i = 0; i < keystrokeRuns; i++) widened.push(await popup!.run(searchKeystroke, { label: SEARCH_LABEL.source, base: `${KEY_PREFIX}${(i % 9) + 1}`, ch: '', erase: true }));
    await popup!.run(searchKeystroke, { label: SEARCH_LABEL.source, base: '', ch: '' });
    for (let i = 0; i < runs; i++) scrolls.push(await popup!.run(scrollToEnd, null));
    const typed = keystrokes.filter((x) => x !== null);
    f.searchMs = median(typed.map((x) => x.ms));
    f.searchFrames = median(typed.map((x) => x.frames));
    const erased = widened.filter((x) => x !== null);
    f.searchWidenMs = median(erased.map((x) => x.ms));
    f.searchWidenFrames = median(erased.map((x) => x.frames));
    f.scrollMs = median(scrolls.filter((x): x is number => x !== null));
    f.heapBytes = await br.heapUsed(popup!);
    await popup!.close();
    log(`  search keystroke ${f.searchMs.toFixed(1)} ms to the rows (${typed.map((x) => x.frames).join(',')} frames), Backspace to every key ${f.searchWidenMs.toFixed(1)} ms (${erased.map((x) => `${x.ms.toFixed(1)} ms/${x.frames}`).join(', ')}: the first a scan, the rest answered from the recent queries), scroll to end ${f.scrollMs.toFixed(1)} ms, heap ${f.heapBytes ?? '-'} bytes`);

    const unlock = [];
    const pbkdf2 = [];
    for (let i = 0; i < Math.max(runs, UNLOCKS); i++) {
      await rpc('lock', {});
      unlock.push((await timeRpc(control, 'unlock', { passphrase: PASSPHRASE })).ms);
      pbkdf2.push(await floor.run(barePbkdf2, null));
    }
    [f.unlockMs, f.pbkdf2Ms] = [median(unlock), median(pbkdf2)];

    await settle(be, control, 60_000);
    // Each operation owns the writes and B2 calls it sets off afterwards too (e.g. a create's follow-up check a few
    // seconds later), so the bench waits for 6 quiet seconds before it counts.
    const written = async (method: string, params: unknown) => {
      await control.run(takeWrites, null);
      await be.clearRequests();
      const value = await rpc(method, params);
      await settle(be, control, 600_000, 6000);
      const calls = (await be.requests()).map((r) => r.endpoint);
      log(`  ${method}: B2 calls ${calls.join(', ') || 'none'}`);
      return { value, bytes: (await control.run(takeWrites, null)).bytes };
    };
    const created = await written('createKey', { keyName: `${KEY_PREFIX}write-probe`, capabilities: ['listBuckets'] });
    const key = created.value as { key: { applicationKeyId: string }; applicationKey: string };
    f.bytesPerCreate = created.bytes;
    f.bytesPerSaveSecret = (await written('saveSecret', { applicationKeyId: key.key.applicationKeyId, applicationKey: key.applicationKey })).bytes;
    f.bytesPerDelete = (await written('deleteKey', { applicationKeyId: key.key.applicationKeyId })).bytes;
    await be.seedKeys(1, 'a-made-elsewhere-too-');
    f.bytesPerRefreshChanged = (await written('refreshKeys', {})).bytes;
    log(`  storage bytes written: create ${f.bytesPerCreate}, saveSecret ${f.bytesPerSaveSecret}, delete ${f.bytesPerDelete}, refresh after a key made elsewhere ${f.bytesPerRefreshChanged}`);
    await Promise.all([control.close(), floor.close()]);
  } finally {
    await br.close();
    await be.close();
  }
  log(`  (${name}, ${n} keys: ${Math.round((Date.now() - t0) / 1000)} s)`);
  return f;
}
