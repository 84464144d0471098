/**
 * The detection over every fixture set in Firefox ESR, the same bundle as autofill-detection.test.ts runs in
 * Chromium: the rules that read the layout (labels by where they are drawn, visibility, covering) ask the browser,
 * and the two engines lay pages out in their own ways. Each set's precision and recall are printed and held to the
 * same floors as in Chromium. Pages whose expected fields sit in a cross-origin frame are left to the Chromium test
 * (the frames need a second origin and are about frame boundaries, not the rules).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { build } from 'esbuild';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../fixtures/autofill/harness/page-harness';
import { FIREFOX } from '../helpers/browsers';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server';

const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/autofill/', import.meta.url));
const HARNESS = fileURLToPath(new URL('../fixtures/autofill/harness/page-harness.ts', import.meta.url));

/** Every set with the floors autofill-detection.test.ts holds it to in Chromium ('' is the tuning set). */
const SETS = [
  { dir: '', precision: 1, recall: 1 },
  { dir: 'heldout', precision: 0.95, recall: 0.95 },
  { dir: 'second-author', precision: 0.95, recall: 0.9 },
  { dir: 'third-author', precision: 0.95, recall: 0.9 },
  { dir: 'heldout-2', precision: 0.9, recall: 0.8 },
  { dir: 'heldout-3', precision: 0.95, recall: 0.9 },
  { dir: 'heldout-4', precision: 0.95, recall: 0.9 },
  { dir: 'heldout-5', precision: 0.95, recall: 0.9 },
  { dir: 'heldout-6', precision: 0.95, recall: 0.9 },
  { dir: 'heldout-7', precision: 0.95, recall: 0.75 },
  { dir: 'heldout-8', precision: 0.95, recall: 0.95 },
  { dir: 'heldout-9', precision: 0.95, recall: 0.95 },
  { dir: 'heldout-10', precision: 0.85, recall: 0.7 },
  { dir: 'heldout-11', precision: 0.85, recall: 0.85 },
  { dir: 'heldout-12', precision: 0.95, recall: 0.95 },
  { dir: 'heldout-13', precision: 0.95, recall: 0.95 },
  { dir: 'heldout-14', precision: 0.8, recall: 0.8 },
  { dir: 'heldout-15', precision: 0.95, recall: 0.95 },
  { dir: 'heldout-16', precision: 0.85, recall: 0.9 },
] as const;

function pagesOf(dir: string): string[] {
  return readdirSync(join(FIXTURE_DIR, dir))
    .filter((f) => f.endsWith('.html'))
    .filter((f) => !readFileSync(join(FIXTURE_DIR, dir, f), 'utf8').includes('data-frame-expect="cross-origin"'))
    .sort()
    .map((f) => (dir ? `${dir}/${f}` : f));
}

let bundle = '';
let server: FixtureServer;
let browser: Browser;

beforeAll(async () => {
  const out = await build({ entryPoints: [HARNESS], bundle: true, format: 'iife', platform: 'browser', target: 'firefox115', write: false, logLevel: 'silent' });
  bundle = out.outputFiles[0]?.text ?? '';
  server = await startFixtureServer();
  browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Tally {
  tp: number;
  fp: number;
  fn: number;
}

/** One page's detection, after the click it asks for; the report made into text in the page (BiDi can drop repeated arrays). */
async function scanPage(file: string): Promise<Tally> {
  const page = await browser.newPage();
  try {
    await page.goto(`${server.url}autofill/${file}`, { waitUntil: 'load' });
    await page.addScriptTag({ content: bundle });
    const scan = async () => JSON.parse((await page.evaluate('JSON.stringify(window.__b2kmTest.scan())')) as string) as ScanReport;
    const before = await page.evaluate(() => document.body.dataset['beforeDetect'] ?? null);
    let early: Tally = { tp: 0, fp: 0, fn: 0 };
    if (before) {
      const r = await scan();
      // Anything chosen before the click is a false positive.
      early = { tp: 0, fp: Number(r.keyId.chosen !== null) + Number(r.secret.chosen !== null), fn: 0 };
      await page.click(before);
    }
    const r = await scan();
    return { tp: r.keyId.tp + r.secret.tp, fp: early.fp + r.keyId.fp + r.secret.fp, fn: r.keyId.fn + r.secret.fn };
  } finally {
    await page.close();
  }
}

for (const set of SETS) {
  describe(`autofill detection in Firefox ESR over ${set.dir || 'the tuning set'}`, () => {
    const tallies: { file: string; tally: Tally }[] = [];
    const pages = pagesOf(set.dir);

    for (const file of pages) {
      it(`scans ${file}`, async () => {
        const tally = await scanPage(file);
        tallies.push({ file, tally });
        // heldout-6 stays unseen: only which page missed, never why.
        if (tally.fp + tally.fn > 0) console.log(`Firefox miss: ${file}`);
      });
    }

    it(`reports precision at least ${set.precision} and recall at least ${set.recall}`, () => {
      expect(tallies).toHaveLength(pages.length);
      const sum = (k: keyof Tally) => tallies.reduce((n, t) => n + t.tally[k], 0);
      const [tp, fp, fn] = [sum('tp'), sum('fp'), sum('fn')];
      const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
      const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
      console.log(`autofill detection in Firefox ESR, ${set.dir || 'tuning set'} (${pages.length} pages): tp=${tp} fp=${fp} fn=${fn} precision=${precision.toFixed(3)} recall=${recall.toFixed(3)}`);
      expect(precision).toBeGreaterThanOrEqual(set.precision);
      expect(recall).toBeGreaterThanOrEqual(set.recall);
    });
  });
}
