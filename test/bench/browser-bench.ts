/**
 * `npm run bench:browser [-- --keys 1000,10000 --browser chromium|firefox|both --runs 7]`: issue 9's figures in
 * real browsers against the emulator, each next to its floor (a one-row extension page, a bare worker, a bare
 * PBKDF2) measured in the same browser run. Prints the budgets; fails only on deterministic figures.
 * Needs `npm run build` (dist/chrome, dist/firefox).
 */
import { distDir } from '../helpers/browsers';
import { parseOptions, type BrowserName } from './browser/config';
import { prepareExtensions } from './browser/extensions';
import { printBudgets, printCrossBrowser, printTables, type Figures } from './browser/figures';
import { benchOne } from './browser/measure';

const opts = parseOptions(process.argv.slice(2));
const log = (s: string) => console.log(s);
const failures: string[] = [];
/** Bytes a refresh may write after one key was made elsewhere: one shard (~40 KB as stored) and the meta item (~15 KB at 100,000 keys). */
const REFRESH_CHANGED_MAX_BYTES = 100_000;

function check(label: string, actual: number, expected: number): void {
  const ok = actual === expected;
  log(`  ${ok ? 'ok  ' : 'FAIL'} ${label}: ${actual}${ok ? '' : ` (expected ${expected})`}`);
  if (!ok) failures.push(label);
}

/** Printed for every browser. */
const COMMON_NOTES = [
  "refresh: its budget is checked against two yardsticks, as the issue does not say which it means: the list calls made from Node, and the same calls made from one of the app's pages in the same browser, one after the other (how every other figure here is measured). The second is what this browser's own fetch and parse of the same pages cost, which no refresh can go below.",
];

const NOTES: Record<BrowserName, string[]> = {
  chromium: [
    'driver: puppeteer, with no debugging session on either service worker (one attached to a worker slows it: Playwright attaches to every worker), and its network events off (with them on, DevTools keeps a copy of every response a driven page fetches, and the list calls from an extension page took about 40% longer at 100,000 keys).',
    'cold worker: ServiceWorker.stopAllWorkers over CDP stops both workers, then a getStatus round trip to each from an open page of its extension, alternating which goes first.',
  ],
  firefox: [
    "cold event page: Firefox cannot be told to stop one; the bench waits out its idle timeout (30 s, the default) in a stretch where none of the app's alarms fires, then times getStatus to each, and keeps the pair only if each background started after its timed message was sent (a first background script the bench adds to both answers when it started): at most 3 pairs, from at most 6 tries.",
    'popup JS heap: no CDP heap metrics in Firefox over WebDriver BiDi; not measured.',
    "unlock: Firefox reuses the PBKDF2 result for a passphrase and salt it derived before in the same session (an unlock after a lock takes ~20 ms, not the KDF's ~300 ms; a few bare derivations with other salts in between did not change that), so its unlock figure is the app's own cost on top of a cached KDF and is not held to the PBKDF2 budget; the bare PBKDF2 uses a fresh salt each run.",
  ],
};

const results: Partial<Record<BrowserName, Figures[]>> = {};
for (const name of opts.browsers) {
  const ext = await prepareExtensions(name, distDir(name === 'chromium' ? 'chrome' : 'firefox'));
  const figures: Figures[] = [];
  try {
    for (const n of opts.keys) {
      log(`\n${name}, ${n.toLocaleString('en')} keys (${opts.runsFor(n)} runs, fresh profile)`);
      let f: Figures;
      try {
        f = await benchOne(name, ext, n, opts.runsFor(n), log);
      } catch (e) {
        // One broken key count still leaves the others' figures to print.
        log(`  ERROR ${(e as Error).stack ?? (e as Error).message}`);
        failures.push(`${name} ${n} keys did not finish`);
        continue;
      }
      const pages = Math.max(1, Math.ceil(n / 10_000));
      check('b2_list_keys calls in refreshKeys (10,000 a page)', f.refreshListCalls, pages);
      check('b2_list_keys calls listing straight from Node', f.directListCalls, pages);
      check('keys the emulator lists', f.directListKeys, n);
      check('b2_list_keys calls listing from an extension page', f.pageListCalls, pages);
      // One key made elsewhere: its shard (at most SHARD_MAX rows of ~70 bytes) and the meta item, whatever the count.
      if (f.bytesPerRefreshChanged > REFRESH_CHANGED_MAX_BYTES) failures.push(`${name} ${n} keys: a refresh after one key made elsewhere wrote ${f.bytesPerRefreshChanged} bytes (at most ${REFRESH_CHANGED_MAX_BYTES})`);
      figures.push(f);
    }
  } finally {
    await ext.remove();
  }
  results[name] = figures;
}

for (const name of opts.browsers) {
  const figures = results[name] ?? [];
  log(`\n## ${name} (medians; page loads interleaved with the floor's, one browser run per key count)\n`);
  printTables(figures, log);
  log('');
  for (const note of [...COMMON_NOTES, ...NOTES[name]]) log(`Note: ${note}`);
  log('\nBudgets (issue 9; printed, never failed on):');
  printBudgets(figures, log);
}
if (results.chromium?.length && results.firefox?.length) {
  log('\nFirefox ratios vs Chromium (issue 9: within 1.5×):');
  printCrossBrowser(results.chromium, results.firefox, log);
}

if (failures.length) {
  console.error(`\nbench:browser: ${failures.length} deterministic check(s) failed: ${failures.join(', ')}`);
  process.exit(1);
}
