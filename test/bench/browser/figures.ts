/** The figures of one browser at one key count, the budgets issue 9 sets for them, and how they print. */
import type { BrowserName } from './config';

export interface Figures {
  browser: BrowserName;
  keys: number;
  runs: number;
  /** Navigation start to the first key row on screen: the kept copy of the last list (first-screen.ts) when there is one. */
  popupFirstRowMs: number;
  /** …to the first row of the live popup (clickable; the copy gone). */
  popupLiveRowMs: number;
  floorFirstRowMs: number;
  listRpcMs: number;
  listReplyBytes: number;
  warmStatusMs: number;
  coldWorkerMs: number;
  bareWorkerMs: number;
  unlockMs: number;
  pbkdf2Ms: number;
  /** Keystroke to the rows changed in the page. */
  searchMs: number;
  /** Animation frames from the keystroke to the first after the change (1: painted in the next frame). */
  searchFrames: number;
  /** Backspace from "bench-<d>" to "bench-" (every key matches) to the rows changed, and its frames. */
  searchWidenMs: number;
  searchWidenFrames: number;
  scrollMs: number;
  heapBytes: number | null;
  /** The first refresh, into an empty cache (every shard written). */
  refreshMs: number;
  /** A refresh when the cache already holds the same list (only the meta item written). */
  refreshAgainMs: number;
  /** A refresh after one key was made elsewhere, named to sort before all others (one shard and the meta written). */
  refreshChangedMs: number;
  /** The refresh's list calls alone, made from Node (the budget's yardstick). */
  listCallsMs: number;
  /** The same calls from an extension page of the app, one after the other, with the browser's fetch and JSON parse. */
  pageListCallsMs: number;
  pageListCalls: number;
  refreshListCalls: number;
  directListCalls: number;
  directListKeys: number;
  storageBytes: number;
  bytesPerCreate: number;
  bytesPerSaveSecret: number;
  bytesPerDelete: number;
  /** storage.local bytes a refresh writes after one key was made elsewhere. */
  bytesPerRefreshChanged: number;
  b2CallsOnOpen: number;
  /** Issue 13: options page navigation start to the hygiene report's lines on screen, and its RPC alone. */
  hygieneReportMs: number;
  hygieneRpcMs: number;
  /** What the report counted (the bench's seeded keys never expire: one line of every key). */
  hygieneTotal: number;
}

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const ms = (x: number) => (Number.isNaN(x) ? '–' : x >= 100 ? `${Math.round(x).toLocaleString('en')} ms` : `${x.toFixed(1)} ms`);
const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;
export function bytes(x: number | null): string {
  if (x === null) return 'n/a';
  if (x >= 1024 * 1024) return `${(x / 1024 / 1024).toFixed(1)} MiB`;
  if (x >= 1024) return `${Math.round(x / 1024)} KiB`;
  return `${x} B`;
}
const count = (n: number) => n.toLocaleString('en');

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export function printTables(all: Figures[], log: (s: string) => void): void {
  const coldLabel = all[0]?.browser === 'firefox' ? 'cold event page, first answer' : 'cold worker, first answer';
  log(
    table(
      ['keys', 'popup to first key row', 'floor', 'ratio', 'live row', 'ratio', 'listKeys RPC', 'its reply', coldLabel, 'bare worker', 'ratio', 'unlock', 'bare PBKDF2-600k', 'ratio'],
      all.map((f) => [count(f.keys), ms(f.popupFirstRowMs), ms(f.floorFirstRowMs), ratio(f.popupFirstRowMs, f.floorFirstRowMs), ms(f.popupLiveRowMs), ratio(f.popupLiveRowMs, f.floorFirstRowMs), ms(f.listRpcMs), bytes(f.listReplyBytes), ms(f.coldWorkerMs), ms(f.bareWorkerMs), ratio(f.coldWorkerMs, f.bareWorkerMs), ms(f.unlockMs), ms(f.pbkdf2Ms), ratio(f.unlockMs, f.pbkdf2Ms)]),
    ),
  );
  log('');
  log(
    table(
      ['keys', 'search keystroke', 'frames', 'Backspace to every key', 'frames', 'scroll to end', 'popup JS heap', 'refreshKeys (empty cache)', 'refreshKeys (cache current)', 'refreshKeys (a key made elsewhere)', 'its list calls alone', 'ratios', 'the same calls from an extension page', 'b2_list_keys calls', 'storage.local', 'per key', 'B2 calls on popup open'],
      all.map((f) => [count(f.keys), ms(f.searchMs), String(f.searchFrames), ms(f.searchWidenMs), String(f.searchWidenFrames), ms(f.scrollMs), bytes(f.heapBytes), ms(f.refreshMs), ms(f.refreshAgainMs), ms(f.refreshChangedMs), ms(f.listCallsMs), `${ratio(f.refreshMs, f.listCallsMs)} / ${ratio(f.refreshAgainMs, f.listCallsMs)} / ${ratio(f.refreshChangedMs, f.listCallsMs)}`, ms(f.pageListCallsMs), String(f.refreshListCalls), bytes(f.storageBytes), `${Math.round(f.storageBytes / f.keys)} B`, String(f.b2CallsOnOpen)]),
    ),
  );
  log('');
  log(
    table(
      ['keys', 'popup to first key row', 'options page to hygiene report', 'floor', 'ratio', 'hygieneReport RPC', 'findings counted'],
      all.map((f) => [count(f.keys), ms(f.popupFirstRowMs), ms(f.hygieneReportMs), ms(f.floorFirstRowMs), ratio(f.hygieneReportMs, f.floorFirstRowMs), ms(f.hygieneRpcMs), count(f.hygieneTotal ?? 0)]),
    ),
  );
  log('');
  log(table(['keys', 'storage.local bytes written: Create New Key', 'saveSecret', 'Delete Key', 'refresh after a key made elsewhere', 'warm getStatus'], all.map((f) => [count(f.keys), bytes(f.bytesPerCreate), bytes(f.bytesPerSaveSecret), bytes(f.bytesPerDelete), bytes(f.bytesPerRefreshChanged), ms(f.warmStatusMs)])));
}

interface Budget {
  what: string;
  /** null: the figure is not available in this browser. */
  value: (f: Figures, first: Figures) => number | null;
  limit: (f: Figures) => number;
  unit: '×' | 'ms' | 'MiB' | 'KiB' | 'calls';
  /** Only checked at this many keys or more. */
  from?: number;
}

/** Issue 9's goals, as numbers. "Reply ≤ one window" has no number there; 64 KiB (~250 rows) is this bench's reading. */
const BUDGETS: Budget[] = [
  { what: 'popup to first key row / floor', value: (f) => f.popupFirstRowMs / f.floorFirstRowMs, limit: (f) => (f.keys <= 1_000 ? 1.3 : f.keys <= 10_000 ? 1.5 : 2), unit: '×' },
  // The same budget for the live popup (its rows clickable), so a kept copy cannot hide a slow popup.
  { what: 'popup to first live key row / floor', value: (f) => f.popupLiveRowMs / f.floorFirstRowMs, limit: (f) => (f.keys <= 1_000 ? 1.3 : f.keys <= 10_000 ? 1.5 : 2), unit: '×' },
  // Issue 13: the hygiene report appears within the popup's first-row budget (same floor, same limit).
  { what: 'options page to hygiene report / floor', value: (f) => f.hygieneReportMs / f.floorFirstRowMs, limit: (f) => (f.keys <= 1_000 ? 1.3 : f.keys <= 10_000 ? 1.5 : 2), unit: '×' },
  // A "cold" answer under twice a warm one means the background never stopped (Firefox decides that itself).
  { what: 'cold worker / bare worker', value: (f) => (f.coldWorkerMs < 2 * f.warmStatusMs ? null : f.coldWorkerMs / f.bareWorkerMs), limit: () => 2, unit: '×' },
  // Firefox serves a repeated unlock's KDF from a cache (see the note printed with its table): no fair ratio there.
  { what: 'unlock / bare PBKDF2-600k', value: (f) => (f.browser === 'firefox' ? null : f.unlockMs / f.pbkdf2Ms), limit: () => 1.2, unit: '×' },
  // "Within one frame": the rows have changed 16.7 ms after the keystroke. Headless Chromium draws frames only when
  // asked, not every 16.7 ms, so the frame count printed beside it is for information, not the budget.
  { what: 'search keystroke to its rows', value: (f) => f.searchMs, limit: () => 16.7, unit: 'ms' },
  { what: 'Backspace to a search every key matches, to its rows', value: (f) => f.searchWidenMs, limit: () => 16.7, unit: 'ms' },
  { what: 'popup JS heap', value: (f) => (f.heapBytes === null ? null : f.heapBytes / 1024 / 1024), limit: () => 30, unit: 'MiB', from: 100_000 },
  { what: 'list reply (a window, not the whole list)', value: (f) => f.listReplyBytes / 1024, limit: () => 64, unit: 'KiB' },
  { what: 'refreshKeys into an empty cache / its list calls alone', value: (f) => f.refreshMs / f.listCallsMs, limit: () => 1.5, unit: '×', from: 100_000 },
  { what: 'refreshKeys with the cache current / its list calls alone', value: (f) => f.refreshAgainMs / f.listCallsMs, limit: () => 1.5, unit: '×', from: 100_000 },
  { what: 'refreshKeys after a key was made elsewhere / its list calls alone', value: (f) => f.refreshChangedMs / f.listCallsMs, limit: () => 1.5, unit: '×', from: 100_000 },
  // The same three against the calls made from an empty page of the app in the same browser (the yardstick every
  // other figure here uses), printed beside the Node ones: which of the two the issue means, it does not say.
  { what: 'refreshKeys into an empty cache / the same calls from an extension page', value: (f) => f.refreshMs / f.pageListCallsMs, limit: () => 1.5, unit: '×', from: 100_000 },
  { what: 'refreshKeys with the cache current / the same calls from an extension page', value: (f) => f.refreshAgainMs / f.pageListCallsMs, limit: () => 1.5, unit: '×', from: 100_000 },
  { what: 'refreshKeys after a key was made elsewhere / the same calls from an extension page', value: (f) => f.refreshChangedMs / f.pageListCallsMs, limit: () => 1.5, unit: '×', from: 100_000 },
  { what: 'B2 calls on a popup open (fresh cache)', value: (f) => f.b2CallsOnOpen, limit: () => 0, unit: 'calls' },
  { what: 'bytes per create vs fewest keys', value: (f, first) => f.bytesPerCreate / first.bytesPerCreate, limit: () => 1.5, unit: '×' },
  { what: 'bytes per saveSecret vs fewest keys', value: (f, first) => f.bytesPerSaveSecret / first.bytesPerSaveSecret, limit: () => 1.5, unit: '×' },
  { what: 'bytes per delete vs fewest keys', value: (f, first) => f.bytesPerDelete / first.bytesPerDelete, limit: () => 1.5, unit: '×' },
];

/** Prints each budget and whether it is met. Timings are never a failure: this machine's load varies. */
export function printBudgets(all: Figures[], log: (s: string) => void): void {
  const first = all[0];
  if (!first) return;
  for (const f of all) {
    const lines = BUDGETS.filter((b) => f.keys >= (b.from ?? 0)).map((b) => {
      const v = b.value(f, first);
      const limit = b.limit(f);
      if (v === null) return `  n/a  ${b.what}: not measured in ${f.browser} this run (see the notes)`;
      const shown = v.toFixed(b.unit === 'calls' || b.unit === 'KiB' ? 0 : 1);
      return `  ${v <= limit ? 'meets' : 'MISS '} ${b.what}: ${shown}${b.unit === '×' ? '×' : ` ${b.unit}`} (budget ≤ ${limit}${b.unit === '×' ? '×' : ` ${b.unit}`})`;
    });
    log(`${count(f.keys)} keys:\n${lines.join('\n')}`);
  }
}

/** Firefox's ratios should be within 1.5× of Chromium's at the same key count. */
export function printCrossBrowser(chromium: Figures[], firefox: Figures[], log: (s: string) => void): void {
  const pairs: [string, (f: Figures) => number][] = [
    ['popup / floor', (f) => f.popupFirstRowMs / f.floorFirstRowMs],
    ['cold / bare worker', (f) => f.coldWorkerMs / f.bareWorkerMs],
  ];
  for (const fx of firefox) {
    const cr = chromium.find((c) => c.keys === fx.keys);
    if (!cr) continue;
    const parts = pairs.map(([name, r]) => {
      const q = r(fx) / r(cr);
      return `${name} ${r(fx).toFixed(1)}× vs ${r(cr).toFixed(1)}× (${q <= 1.5 ? 'meets' : 'MISS'} ≤ 1.5)`;
    });
    log(`  ${count(fx.keys)} keys: ${parts.join('; ')}`);
  }
}
