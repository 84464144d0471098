// Autofill detection and fill in a real Chromium over the fixture pages in test/fixtures/autofill.
//
// The detector (src/autofill/inject.ts plus the test harness) is bundled with esbuild into one IIFE and
// added to each frame that is scanned. Every fixture marks the fields that must be chosen with
// data-expect; the suite reports precision and recall over all of them and requires both to be 1.

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../fixtures/autofill/harness/page-harness';
import type { FillRequest, FillResult, ProbeResult } from '../../src/autofill/types';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server';
import { CHROMIUM, CHROMIUM_ARGS } from '../helpers/browsers';

const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/autofill/', import.meta.url));
const HARNESS = fileURLToPath(new URL('../fixtures/autofill/harness/page-harness.ts', import.meta.url));
const INJECT_ENTRY = fileURLToPath(new URL('../../src/autofill/inject.ts', import.meta.url));
const INJECT_CALL = fileURLToPath(new URL('../../src/autofill/inject-call.ts', import.meta.url));
const FIXTURES = readdirSync(FIXTURE_DIR)
  .filter((f) => f.endsWith('.html'))
  .sort();
/** A folder's fixture pages, as paths under FIXTURE_DIR. */
const pagesOf = (dir: string): string[] =>
  readdirSync(join(FIXTURE_DIR, dir))
    .filter((f) => f.endsWith('.html'))
    .sort()
    .map((f) => `${dir}/${f}`);
/** The held-out set (test/fixtures/autofill/README.md): written before tuning, measured, never required to be perfect. */
const HELDOUT = pagesOf('heldout');
/**
 * Least held-out precision and recall. Set below what the held-out set reached when it was first measured
 * after tuning, so a change that makes the detection generalise worse fails here.
 */
const HELDOUT_FLOOR = 0.95;

/**
 * Seventeen more sets, each written by an author who saw neither the detector nor the other pages
 * (test/fixtures/autofill/README.md). All but the newest were measured before the changes they led to and are
 * regression sets now (each since the next one was written); `heldout-16` has never been looked at to change the
 * detector, so its misses are counted and never explained here. Floors: below what each reached when the set was
 * added or last tuned on.
 */
const MEASURED_SETS = [
  { dir: 'second-author', precision: 0.95, recall: 0.9, explain: true },
  { dir: 'third-author', precision: 0.95, recall: 0.9, explain: true },
  { dir: 'heldout-2', precision: 0.9, recall: 0.8, explain: true },
  { dir: 'heldout-3', precision: 0.95, recall: 0.9, explain: true },
  { dir: 'heldout-4', precision: 0.95, recall: 0.9, explain: true },
  { dir: 'heldout-5', precision: 0.95, recall: 0.9, explain: true },
  { dir: 'heldout-6', precision: 0.95, recall: 0.9, explain: true },
  { dir: 'heldout-7', precision: 0.95, recall: 0.75, explain: true },
  { dir: 'heldout-8', precision: 0.95, recall: 0.95, explain: true },
  { dir: 'heldout-9', precision: 0.95, recall: 0.95, explain: true },
  { dir: 'heldout-10', precision: 0.85, recall: 0.7, explain: true },
  { dir: 'heldout-11', precision: 0.85, recall: 0.85, explain: true },
  { dir: 'heldout-12', precision: 0.95, recall: 0.95, explain: true },
  { dir: 'heldout-13', precision: 0.95, recall: 0.95, explain: true },
  { dir: 'heldout-14', precision: 0.8, recall: 0.8, explain: true },
  { dir: 'heldout-15', precision: 0.95, recall: 0.95, explain: true },
  { dir: 'heldout-16', precision: 0.85, recall: 0.9, explain: false },
] as const;
/** Kinds of form the held-out set must cover with at least two pages each (issue 11). */
const HELDOUT_KINDS = ['non-english', 'slotted-label', 'label-over-id', 'ci-secret-page', 'multi-provider', 'nas', 'backup-tool', 's3-client', 'invisible', 'site-login', 'partial'];

/** One classic script (IIFE) for injection, as the extension's own build makes autofill.js. */
async function bundleIife(entry: Pick<BuildOptions, 'entryPoints' | 'stdin'>): Promise<string> {
  const out = await build({ ...entry, bundle: true, format: 'iife', platform: 'browser', target: 'chrome120', write: false, logLevel: 'silent' });
  return out.outputFiles[0]?.text ?? '';
}

let bundle = '';
let serverA: FixtureServer;
let serverB: FixtureServer;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  bundle = await bundleIife({ entryPoints: [HARNESS] });
  expect(bundle.length).toBeGreaterThan(1000);
  serverA = await startFixtureServer();
  serverB = await startFixtureServer();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  context = await browser.newContext();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await serverA?.close();
  await serverB?.close();
});

async function openFixture(file: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${serverA.url}autofill/${file}?other=${encodeURIComponent(serverB.origin)}`, { waitUntil: 'load' });
  return page;
}

/** Opens a fixture, injects the autofill script into its top frame (unless told not to), runs `fn`, closes it. */
async function withFixture(file: string, fn: (top: Frame, page: Page) => Promise<void>, opts: { inject?: boolean } = {}): Promise<void> {
  const page = await openFixture(file);
  try {
    const top = page.mainFrame();
    if (opts.inject !== false) await inject(top);
    await fn(top, page);
  } finally {
    await page.close();
  }
}

async function inject(frame: Frame): Promise<void> {
  await frame.addScriptTag({ content: bundle });
}

async function scan(frame: Frame): Promise<ScanReport> {
  return (await frame.evaluate('window.__b2kmTest.scan()')) as ScanReport;
}

async function fill(frame: Frame, req: FillRequest): Promise<FillResult> {
  return frame.evaluate((r) => (globalThis as unknown as { __b2kmFill: (q: FillRequest) => FillResult }).__b2kmFill(r), req);
}

async function snapshot(frame: Frame): Promise<string[]> {
  return (await frame.evaluate('window.__b2kmTest.snapshotValues()')) as string[];
}

function crossOriginFrames(page: Page): Frame[] {
  return page.frames().filter((f) => f !== page.mainFrame() && f.url().startsWith(serverB.origin));
}

function explain(report: ScanReport): string {
  const lines = report.candidates.map(
    (c) => `  ${c.field}: keyId ${c.keyIdScore}, secret ${c.secretScore}\n    ${c.reasons.join('\n    ')}`,
  );
  return `${report.url}\n keyId chosen ${report.keyId.chosen} expected ${JSON.stringify(report.keyId.expected)}\n secret chosen ${report.secret.chosen} expected ${JSON.stringify(report.secret.expected)}\n${lines.join('\n')}`;
}

interface FixtureTally {
  fixture: string;
  scans: number;
  tp: number;
  fp: number;
  fn: number;
  expected: number;
}

/** Opens one fixture, runs the detection where the page asks for it (before/after a click, in cross-origin frames) and counts hits. */
async function scanFixture(file: string): Promise<{ reports: ScanReport[]; before: ScanReport | null; tally: FixtureTally }> {
  const page = await openFixture(file);
  try {
    const top = page.mainFrame();
    await inject(top);
    const reports: ScanReport[] = [];

    const beforeDetect = await top.evaluate(() => document.body.dataset['beforeDetect'] ?? null);
    // Anything chosen before the click is a false positive (the expected fields are not there yet); the callers say
    // so, with the reasons only for a set that may be explained.
    let before: ScanReport | null = null;
    if (beforeDetect) {
      before = await scan(top);
      await top.click(beforeDetect);
    }

    const topReport = await scan(top);
    reports.push(topReport);

    const crossCount = await top.evaluate(() => document.querySelectorAll('iframe[data-frame-expect="cross-origin"]').length);
    if (crossCount > 0) {
      // The top frame cannot read the cross-origin document, so it must choose nothing there.
      const readable = await top.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLIFrameElement>('iframe[data-frame-expect="cross-origin"]')).some(
          (f) => f.contentDocument !== null,
        ),
      );
      expect(readable).toBe(false);
      expect(topReport.keyId.chosen, explain(topReport)).toBeNull();
      expect(topReport.secret.chosen, explain(topReport)).toBeNull();
      const frames = crossOriginFrames(page);
      expect(frames).toHaveLength(crossCount);
      for (const frame of frames) {
        await inject(frame);
        const frameReport = await scan(frame);
        expect(frameReport.keyId.expected.length + frameReport.secret.expected.length).toBeGreaterThan(0);
        reports.push(frameReport);
      }
    }

    const earlyFp = before ? Number(before.keyId.chosen !== null) + Number(before.secret.chosen !== null) : 0;
    const tally: FixtureTally = { fixture: file, scans: reports.length, tp: 0, fp: earlyFp, fn: 0, expected: 0 };
    for (const r of reports) {
      for (const role of [r.keyId, r.secret]) {
        tally.tp += role.tp;
        tally.fp += role.fp;
        tally.fn += role.fn;
        tally.expected += role.expected.length;
      }
    }
    return { reports, before: earlyFp ? before : null, tally };
  } finally {
    await page.close();
  }
}

function figures(set: FixtureTally[]): { tp: number; fp: number; fn: number; precision: number; recall: number } {
  const tp = set.reduce((n, t) => n + t.tp, 0);
  const fp = set.reduce((n, t) => n + t.fp, 0);
  const fn = set.reduce((n, t) => n + t.fn, 0);
  return { tp, fp, fn, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn) };
}

const tallies: FixtureTally[] = [];
const heldoutTallies: FixtureTally[] = [];

describe('autofill detection over the fixture pages', () => {
  it('has at least 12 fixtures', () => {
    expect(FIXTURES.length).toBeGreaterThanOrEqual(12);
  });

  for (const file of FIXTURES) {
    it(`chooses exactly the expected fields: ${file}`, async () => {
      const { reports, before, tally } = await scanFixture(file);
      tallies.push(tally);
      expect(before, before ? `chosen before the click: ${explain(before)}` : '').toBeNull();
      for (const r of reports) {
        expect(r.keyId.fp + r.keyId.fn, explain(r)).toBe(0);
        expect(r.secret.fp + r.secret.fn, explain(r)).toBe(0);
      }
    });
  }

  it('reports precision and recall 1.0 over the tuning set', () => {
    expect(tallies.map((t) => t.fixture).sort()).toEqual(FIXTURES);
    const { tp, fp, fn, precision, recall } = figures(tallies);
    const emptyPages = tallies.filter((t) => t.expected === 0).map((t) => t.fixture);
    console.table(tallies);
    console.log(
      `autofill detection, tuning set (${tallies.length} pages): tp=${tp} fp=${fp} fn=${fn} ` +
        `precision=${precision.toFixed(3)} recall=${recall.toFixed(3)}; pages expecting nothing: ${emptyPages.join(', ')}`,
    );
    expect(tp).toBeGreaterThanOrEqual(24);
    expect(precision).toBe(1);
    expect(recall).toBe(1);
  });
});

describe('autofill detection over the held-out pages', () => {
  it('has at least 30 pages in all, at least two held-out pages of every kind, at least 8 pages not in English', () => {
    expect(FIXTURES.length + HELDOUT.length).toBeGreaterThanOrEqual(30);
    const kinds = new Map<string, number>();
    let foreign = 0;
    for (const file of HELDOUT) {
      const html = readFileSync(join(FIXTURE_DIR, file), 'utf8');
      const meta = /<meta name="b2km-kinds" content="([^"]*)">/.exec(html);
      expect(meta, `${file} names its kinds`).not.toBeNull();
      for (const k of (meta?.[1] ?? '').split(/\s+/).filter(Boolean)) kinds.set(k, (kinds.get(k) ?? 0) + 1);
      const lang = /<html lang="([^"]+)"/.exec(html)?.[1] ?? '';
      if (!lang.startsWith('en')) {
        foreign++;
        expect(meta?.[1], `${file} (lang=${lang}) is tagged non-english`).toMatch(/\bnon-english\b/);
      }
    }
    for (const kind of HELDOUT_KINDS) expect(kinds.get(kind) ?? 0, `held-out pages of kind ${kind}`).toBeGreaterThanOrEqual(2);
    expect(foreign).toBeGreaterThanOrEqual(8);
  });

  for (const file of HELDOUT) {
    // Measured, not required page by page: the floor below is over the whole set.
    it(`scans ${file}`, async () => {
      const { reports, before, tally } = await scanFixture(file);
      heldoutTallies.push(tally);
      if (before) console.log(`held-out miss, chosen before the click: ${explain(before)}`);
      for (const r of reports) {
        if (r.keyId.fp + r.keyId.fn + r.secret.fp + r.secret.fn > 0) console.log(`held-out miss: ${explain(r)}`);
      }
    });
  }

  it(`reports held-out precision and recall, both at least ${HELDOUT_FLOOR}`, () => {
    expect(heldoutTallies.map((t) => t.fixture).sort()).toEqual(HELDOUT);
    const { tp, fp, fn, precision, recall } = figures(heldoutTallies);
    console.table(heldoutTallies);
    const pagesExpectingNothing = heldoutTallies.filter((t) => t.expected === 0);
    console.log(
      `autofill detection, held-out set (${heldoutTallies.length} pages, ${pagesExpectingNothing.length} expecting nothing): ` +
        `tp=${tp} fp=${fp} fn=${fn} precision=${precision.toFixed(3)} recall=${recall.toFixed(3)}`,
    );
    expect(precision).toBeGreaterThanOrEqual(HELDOUT_FLOOR);
    expect(recall).toBeGreaterThanOrEqual(HELDOUT_FLOOR);
  });
});

for (const set of MEASURED_SETS) {
  describe(`autofill detection over ${set.dir}`, () => {
    const pages = pagesOf(set.dir);
    const setTallies: FixtureTally[] = [];

    it('names every page\'s kinds and holds at least 20 pages', () => {
      expect(pages.length).toBeGreaterThanOrEqual(20);
      for (const file of pages) expect(readFileSync(join(FIXTURE_DIR, file), 'utf8'), file).toMatch(/<meta name="b2km-kinds" content="[^"]+">/);
    });

    for (const file of pages) {
      it(`scans ${file}`, async () => {
        const { reports, before, tally } = await scanFixture(file);
        setTallies.push(tally);
        const missed = before !== null || reports.some((r) => r.keyId.fp + r.keyId.fn + r.secret.fp + r.secret.fn > 0);
        const said = [...(before ? [`chosen before the click: ${explain(before)}`] : []), ...reports.map(explain)];
        if (missed) console.log(set.explain ? `${set.dir} miss: ${said.join('\n')}` : `${set.dir} miss: ${file} (not explained: the set stays unseen)`);
      });
    }

    it(`reports precision at least ${set.precision} and recall at least ${set.recall}`, () => {
      expect(setTallies.map((t) => t.fixture).sort()).toEqual(pages);
      const { tp, fp, fn, precision, recall } = figures(setTallies);
      console.log(
        `autofill detection, ${set.dir} (${setTallies.length} pages, ${setTallies.filter((t) => t.expected === 0).length} expecting nothing): ` +
          `tp=${tp} fp=${fp} fn=${fn} precision=${precision.toFixed(3)} recall=${recall.toFixed(3)}`,
      );
      expect(precision).toBeGreaterThanOrEqual(set.precision);
      expect(recall).toBeGreaterThanOrEqual(set.recall);
    });
  });
}

// Each invisible-* page holds real-looking B2 forms (labels "keyID" / "applicationKey") that only the visibility
// rule (src/autofill/visibility.ts) stops: every one of their fields must be dropped for the page's reason.
const INVISIBLE_REASON: Record<string, RegExp> = {
  'invisible-opacity.html': /not visible: opacity 0\.\d\d/,
  'invisible-offscreen.html': /not visible: outside the page/,
  'invisible-clipped.html': /not visible: (clipped to nothing|inside a zero-size box|outside a box that hides its overflow)/,
  'invisible-covered.html': /not visible: covered by another element/,
  'invisible-text-colour.html': /not visible: (transparent text|text in the colour of its background)/,
  'invisible-visibility-hidden.html': /not visible: (visibility: (hidden|collapse)|not rendered)/,
  'invisible-zero-size.html': /not visible: zero size/,
};

describe('fields a person cannot see', () => {
  it('has a fixture for every variant', () => {
    for (const file of Object.keys(INVISIBLE_REASON)) expect(FIXTURES).toContain(file);
  });

  for (const [file, reason] of Object.entries(INVISIBLE_REASON)) {
    it(`drops every B2 field of ${file} as not visible`, async () => {
      await withFixture(file, async (top) => {
        const report = await scan(top);
        const b2 = report.candidates.filter((c) => /b2_(key_id|application_key)/.test(c.field));
        expect(b2.length, explain(report)).toBeGreaterThanOrEqual(2);
        for (const c of b2) expect(c.reasons.join('; '), `${c.field}\n${explain(report)}`).toMatch(reason);
        expect(report.keyId.chosen).toBeNull();
        expect(report.secret.chosen).toBeNull();
      });
    });
  }

  it('chooses the visible form below the fold beside invisible copies of it, and does not move the page', async () => {
    await withFixture('invisible-decoys-beside-visible-form.html', async (top) => {
      const scrollBefore = await top.evaluate(() => [scrollX, scrollY]);
      const report = await scan(top);
      expect(await top.evaluate(() => [scrollX, scrollY])).toEqual(scrollBefore);
      const decoys = report.candidates.filter((c) => /#x\d-/.test(c.field));
      expect(decoys).toHaveLength(10);
      for (const c of decoys) expect(c.reasons.join('; '), c.field).toMatch(/not visible/);
      const real = report.candidates.filter((c) => /#b2-/.test(c.field));
      for (const c of real) expect(c.reasons.join('; '), c.field).not.toMatch(/not visible/);
      expect(report.keyId.chosen).toMatch(/#b2-keyid/);
      expect(report.secret.chosen).toMatch(/#b2-appkey/);
    });
  });

  it('refuses a focused field nobody can see, and one the page hides between the two fills', async () => {
    await withFixture('invisible-opacity.html', async (top) => {
      await top.focus('#a-keyid');
      expect(await fill(top, { keyId: '004hid', target: 'focused' })).toMatchObject({ ok: false, reason: 'HIDDEN_FIELD' });
      expect(await top.inputValue('#a-keyid')).toBe('');
    });
    await withFixture('s3-compatible.html', async (top) => {
      // The page's own input listener hides the secret field as soon as the keyID goes in.
      await top.evaluate(() => {
        document.querySelector('[name=s3_access_key_id]')!.addEventListener('input', () => {
          (document.querySelector('[name=s3_secret_access_key]') as HTMLElement).style.opacity = '0';
        });
      });
      expect(await fill(top, { keyId: '004hid', secret: 'K004hidden', target: 'both' })).toEqual({
        ok: true,
        filled: ['keyId'],
        unplaced: [{ role: 'secret', reason: 'HIDDEN_FIELD' }],
      });
      expect(await top.inputValue('[name=s3_secret_access_key]')).toBe('');
    });
  });
});

describe('autofill fill in the page', () => {
  it('fills a React-like controlled form so its state sees both values', async () => {
    await withFixture('react-controlled.html', async (top) => {
      // The fixture really drops a naive assignment, like React does.
      await top.evaluate(() => {
        const el = document.getElementById(':r1:') as HTMLInputElement;
        el.value = 'naive';
        el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const naive = JSON.parse((await top.textContent('#state')) ?? '{}') as Record<string, string>;
    expect(naive['keyName']).toBe('');
    expect(await top.inputValue('[id=":r1:"]')).toBe('');
    await top.evaluate('window.__fixtureEvents.length = 0');

    await inject(top);
    const result = await fill(top, { keyId: '0045f0c1b2d3e4a0000000007', secret: 'K004abcdefSECRETvalue0123456789', target: 'both' });
    expect(result).toEqual({ ok: true, filled: ['keyId', 'secret'] });
    const state = JSON.parse((await top.textContent('#state')) ?? '{}') as Record<string, string>;
    expect(state).toEqual({ keyName: '', keyId: '0045f0c1b2d3e4a0000000007', secret: 'K004abcdefSECRETvalue0123456789' });
    expect(await top.inputValue('[data-expect="keyId"]')).toBe('0045f0c1b2d3e4a0000000007');
    const events = (await top.evaluate('window.__fixtureEvents')) as string[];
    expect(events).toEqual([
      'keyId:focus',
      'keyId:input',
      'keyId:change',
      'keyId:blur',
      'secret:focus',
      'secret:input',
      'secret:change',
      'secret:blur',
    ]);
    }, { inject: false });
  });

  it('fills models that update only on change and on blur', async () => {
    await withFixture('vue-lazy-model.html', async (top) => {
      expect(await fill(top, { keyId: '004aaaabbbbcccc0000000001', secret: 'K004lazy', target: 'both' })).toEqual({
        ok: true,
        filled: ['keyId', 'secret'],
    });
    const model = JSON.parse((await top.textContent('#state')) ?? '{}') as Record<string, string>;
    expect(model).toEqual({ keyId: '004aaaabbbbcccc0000000001', secret: 'K004lazy', bucket: '' });
    });
  });

  it('changes nothing and explains when no field fits', async () => {
    await withFixture('no-field-login.html', async (top) => {
      await top.focus('input[name=q]');
      const before = await snapshot(top);
      for (const target of ['both', 'keyId', 'secret'] as const) {
        const result = await fill(top, { keyId: '004id', secret: 'K004secret', target });
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.reason).toBe('NO_FIELD');
          expect(result.message).toMatch(/^No (keyID|applicationKey|keyID or applicationKey) field was found on this page\./);
          expect(result.message).not.toContain('K004secret');
        }
      }
      expect(await snapshot(top)).toEqual(before);
      expect(await top.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('q');
    });
  });

  it('fills into a same-origin iframe from the top frame', async () => {
    await withFixture('same-origin-iframe.html', async (top, page) => {
      expect(await fill(top, { keyId: '004so', secret: 'K004so', target: 'both' })).toEqual({ ok: true, filled: ['keyId', 'secret'] });
      const frame = page.frame({ name: 'content' });
      expect(frame).not.toBeNull();
      expect(await frame!.inputValue('#ss-keyid')).toBe('004so');
      expect(await frame!.inputValue('#ss-appkey')).toBe('K004so');
      expect(await top.inputValue('input[name=q]')).toBe('');
    });
  });

  it('does not reach into a cross-origin iframe from the top, but fills inside it', async () => {
    await withFixture('cross-origin-iframe.html', async (top, page) => {
      const fromTop = await fill(top, { keyId: '004xo', secret: 'K004xo', target: 'both' });
      expect(fromTop).toMatchObject({ ok: false, reason: 'NO_FIELD' });
      const [frame] = crossOriginFrames(page);
      expect(frame).toBeDefined();
      await inject(frame!);
      const probe = (await frame!.evaluate('window.__b2kmProbe()')) as ProbeResult;
      expect(probe).toMatchObject({ keyId: true, secret: true, isTop: false, origin: serverB.origin, focused: null });
      expect(await fill(frame!, { keyId: '004xo', secret: 'K004xo', target: 'both' })).toEqual({ ok: true, filled: ['keyId', 'secret'] });
      expect(await frame!.inputValue('input[name=ak]')).toBe('004xo');
      expect(await frame!.inputValue('input[name=sk]')).toBe('K004xo');
      expect(await frame!.inputValue('input[name=bk]')).toBe('');
    });
  });

  it('fills a multi-step form only once its credentials step is shown', async () => {
    await withFixture('multi-step.html', async (top) => {
      expect(await fill(top, { keyId: '004ms', target: 'keyId' })).toMatchObject({ ok: false, reason: 'NO_FIELD' });
      expect(await top.inputValue('#cred-1')).toBe('');
      await top.click('#next');
      expect(await fill(top, { keyId: '004ms', secret: 'K004ms', target: 'both' })).toEqual({ ok: true, filled: ['keyId', 'secret'] });
      expect(await top.inputValue('#cred-1')).toBe('004ms');
      expect(await top.inputValue('#cred-2')).toBe('K004ms');
      expect(await top.inputValue('#dest-name')).toBe('B2 archive');
    });
  });

  it('fills fields inside an open shadow root', async () => {
    await withFixture('shadow-dom.html', async (top) => {
      expect(await fill(top, { keyId: '004sh', secret: 'K004sh', target: 'both' })).toEqual({ ok: true, filled: ['keyId', 'secret'] });
      expect(await top.inputValue('b2-credentials-panel >> #kid')).toBe('004sh');
      expect(await top.inputValue('b2-credentials-panel >> #akey')).toBe('K004sh');
      expect(await top.inputValue('b2-credentials-panel >> #bkt')).toBe('');
    });
  });

  it('says which value had no field when it could place only one of two', async () => {
    await withFixture('rotate-secret-only.html', async (top) => {
      expect(await fill(top, { keyId: '004part', secret: 'K004part', target: 'both' })).toEqual({
        ok: true,
        filled: ['secret'],
        unplaced: [{ role: 'keyId', reason: 'NO_FIELD' }],
      });
      expect(await top.inputValue('#new-app-key')).toBe('K004part');
      expect(await top.inputValue('#reason')).toBe('');
      // Asked for the secret alone, nothing is missing.
      expect(await fill(top, { secret: 'K004part2', target: 'secret' })).toEqual({ ok: true, filled: ['secret'] });
    });
  });

  it('fills only the keyID when only the keyID is asked for', async () => {
    await withFixture('s3-compatible.html', async (top) => {
      expect(await fill(top, { keyId: '004only', secret: 'K004unused', target: 'keyId' })).toEqual({ ok: true, filled: ['keyId'] });
      expect(await top.inputValue('[name=s3_access_key_id]')).toBe('004only');
      expect(await top.inputValue('[name=s3_secret_access_key]')).toBe('');
      expect(await fill(top, { secret: 'K004s3', target: 'both' })).toEqual({ ok: true, filled: ['secret'] });
      expect(await top.inputValue('[name=s3_secret_access_key]')).toBe('K004s3');
    });
  });

  it('fills the focused field, or explains that none is focused', async () => {
    await withFixture('placeholders-only.html', async (top) => {
      await top.focus('[name=f4]');
      expect(await fill(top, { keyId: '004focus', target: 'focused' })).toEqual({ ok: true, filled: ['keyId'] });
      expect(await top.inputValue('[name=f4]')).toBe('004focus');
      expect(await top.inputValue('[name=f2]')).toBe('');
      // With both values, the field's look decides: the password field gets the secret.
      await top.focus('[name=f3]');
      expect(await fill(top, { keyId: '004focus', secret: 'K004focus', target: 'focused' })).toEqual({ ok: true, filled: ['secret'] });
      expect(await top.inputValue('[name=f3]')).toBe('K004focus');
      expect(await top.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('f3');

      await top.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      const none = await fill(top, { keyId: '004focus', target: 'focused' });
      expect(none).toMatchObject({ ok: false, reason: 'NO_FOCUSED_FIELD' });
    });
  });

  it('keeps the focus where it was after filling other fields', async () => {
    await withFixture('decoys.html', async (top) => {
      await top.focus('#d-name');
      expect(await fill(top, { keyId: '004dc', secret: 'K004dc', target: 'both' })).toEqual({ ok: true, filled: ['keyId', 'secret'] });
      expect(await top.evaluate(() => document.activeElement?.id)).toBe('d-name');
      expect(await top.inputValue('#d-keyid')).toBe('004dc');
      expect(await top.inputValue('#d-secret')).toBe('K004dc');
      expect(await top.inputValue('input.trap')).toBe('');
      expect(await top.inputValue('input[name=login_password]')).toBe('');
    });
  });

  it('probes without filling, and refuses when the origin changed', async () => {
    await withFixture('nas-cloud-credentials.html', async (top) => {
      await inject(top); // injecting twice is harmless
      await top.focus('#mat-input-2');
      const probe = (await top.evaluate('window.__b2kmProbe()')) as ProbeResult;
      expect(probe).toMatchObject({ keyId: true, secret: true, focused: 'keyId', isTop: true, origin: serverA.origin });
      const before = await snapshot(top);
      const moved = await fill(top, { keyId: '004o', secret: 'K004o', target: 'both', expectedOrigin: 'https://nas.example.com' });
      expect(moved).toMatchObject({ ok: false, reason: 'ORIGIN_CHANGED' });
      expect(await fill(top, { target: 'both' })).toMatchObject({ ok: false, reason: 'NO_VALUE' });
      expect(await snapshot(top)).toEqual(before);
      expect(await fill(top, { keyId: '004o', target: 'both', expectedOrigin: serverA.origin })).toEqual({ ok: true, filled: ['keyId'] });
    });
  });
});

// The way the extension will do it: a service worker injects the standalone bundle of src/autofill/inject.ts
// with `files`, then calls it with `func: callFill` (src/autofill/inject-call.ts), in the isolated world.
describe('autofill injected by an MV3 extension (files + func)', () => {
  interface InjectionResult<T> {
    frameId: number;
    result?: T;
  }
  interface Scripting {
    executeScript<T>(details: {
      target: { tabId: number; allFrames?: boolean; frameIds?: number[] };
      files?: string[];
      func?: (...args: never[]) => T;
      args?: unknown[];
    }): Promise<InjectionResult<T>[]>;
  }
  interface WorkerGlobals {
    chrome: { scripting: Scripting; tabs: { query(q: { url?: string }): Promise<{ id?: number; url?: string }[]> } };
    b2km: { callFill: (req: FillRequest) => FillResult; callProbe: () => ProbeResult | null };
  }

  let extDir = '';
  let extContext: BrowserContext;

  beforeAll(async () => {
    const injectJs = await bundleIife({ entryPoints: [INJECT_ENTRY] });
    const workerJs = await bundleIife({
      stdin: {
        contents: `import { callFill, callProbe } from ${JSON.stringify(INJECT_CALL)}; self.b2km = { callFill, callProbe };`,
        resolveDir: FIXTURE_DIR,
        loader: 'ts',
      },
    });
    // A classic script: nothing may be left to import or export at run time.
    expect(injectJs).not.toMatch(/^\s*(import|export)\s/m);
    extDir = mkdtempSync(join(tmpdir(), 'b2km-autofill-ext-'));
    writeFileSync(
      join(extDir, 'manifest.json'),
      JSON.stringify({
        manifest_version: 3,
        name: 'autofill test harness',
        version: '0.0.1',
        permissions: ['scripting'],
        host_permissions: ['http://127.0.0.1/*'],
        background: { service_worker: 'worker.js' },
      }),
    );
    writeFileSync(join(extDir, 'autofill.js'), injectJs);
    writeFileSync(join(extDir, 'worker.js'), workerJs);
    extContext = await chromium.launchPersistentContext('', {
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_ARGS, `--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`],
    });
  });

  afterAll(async () => {
    await extContext?.close();
    if (extDir) rmSync(extDir, { recursive: true, force: true });
  });

  async function worker() {
    return extContext.serviceWorkers()[0] ?? (await extContext.waitForEvent('serviceworker'));
  }

  it('fills the React-like form from the isolated world, and probes frames before filling a cross-origin one', async () => {
    const sw = await worker();
    const page = await extContext.newPage();
    try {
      await page.goto(`${serverA.url}autofill/react-controlled.html`, { waitUntil: 'load' });
      const result = await sw.evaluate(async ({ url, req }) => {
        const g = self as unknown as WorkerGlobals;
        const [tab] = await g.chrome.tabs.query({ url });
        const tabId = tab?.id ?? -1;
        await g.chrome.scripting.executeScript({ target: { tabId }, files: ['autofill.js'] });
        const [res] = await g.chrome.scripting.executeScript({ target: { tabId }, func: g.b2km.callFill, args: [req] });
        return res?.result;
      }, { url: `${serverA.url}autofill/react-controlled.html`, req: { keyId: '004ext', secret: 'K004ext', target: 'both' } as FillRequest });
      expect(result).toEqual({ ok: true, filled: ['keyId', 'secret'] });
      const state = JSON.parse((await page.textContent('#state')) ?? '{}') as Record<string, string>;
      expect(state).toEqual({ keyName: '', keyId: '004ext', secret: 'K004ext' });
      // The globals live in the extension's isolated world only.
      expect(await page.evaluate('typeof window.__b2kmFill')).toBe('undefined');

      const fileUrl = `${serverA.url}autofill/cross-origin-iframe.html?other=${encodeURIComponent(serverB.origin)}`;
      await page.goto(fileUrl, { waitUntil: 'load' });
      const outcome = await sw.evaluate(async ({ url }) => {
        const g = self as unknown as WorkerGlobals;
        const [tab] = await g.chrome.tabs.query({ url });
        const tabId = tab?.id ?? -1;
        await g.chrome.scripting.executeScript({ target: { tabId, allFrames: true }, files: ['autofill.js'] });
        const probes = await g.chrome.scripting.executeScript({ target: { tabId, allFrames: true }, func: g.b2km.callProbe });
        const holder = probes.find((p) => p.result?.keyId);
        // Here the extension would ask the user to confirm the cross-origin frame (frameNeedsConfirmation).
        const filled = holder
          ? await g.chrome.scripting.executeScript({
              target: { tabId, frameIds: [holder.frameId] },
              func: g.b2km.callFill,
              args: [{ keyId: '004frame', target: 'keyId' }],
            })
          : [];
        return { probes: probes.map((p) => ({ frameId: p.frameId, ...p.result })), filled: filled[0]?.result };
      }, { url: `${serverA.url}autofill/cross-origin-iframe.html*` });
      const top = outcome.probes.find((p) => p.frameId === 0);
      const child = outcome.probes.find((p) => p.frameId !== 0);
      // The top frame's search box is not a field: only the cross-origin frame offers one.
      expect(top).toMatchObject({ keyId: false, secret: false, isTop: true });
      expect(child).toMatchObject({ keyId: true, secret: true, isTop: false, origin: serverB.origin });
      expect(outcome.filled).toEqual({ ok: true, filled: ['keyId'] });
      const frame = crossOriginFrames(page)[0];
      expect(await frame?.inputValue('input[name=ak]')).toBe('004frame');
      expect(await frame?.inputValue('input[name=sk]')).toBe('');
    } finally {
      await page.close();
    }
  });
});
