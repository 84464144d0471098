import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build as viteBuild, defineConfig, type Plugin } from 'vite';
import { build as esbuild } from 'esbuild';
import preact from '@preact/preset-vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import baseManifest from './manifest.json' with { type: 'json' };
import pkg from './package.json' with { type: 'json' };
import { escapeNonAscii, firstNonAscii } from './scripts/ascii-only.ts';

/** Every build writes ASCII-only scripts: see scripts/ascii-only.ts, and asciiScripts() below, which checks. */
const CHARSET = 'ascii';

// One config, several builds. The browser and the flavour come from the environment so that
// `npm run build` can produce dist/chrome and dist/firefox in two vite runs (crx builds one target at a time).
//   B2KM_BROWSER = chrome | firefox
//   B2KM_FLAVOR  = release (what ships) | demo (npm start: presets the emulator endpoint) | test (e2e: may reach loopback fixture pages)
type Browser = 'chrome' | 'firefox';
type Flavor = 'release' | 'demo' | 'test';

const browser = (process.env.B2KM_BROWSER ?? 'chrome') as Browser;
const flavor = (process.env.B2KM_FLAVOR ?? 'release') as Flavor;
if (!['chrome', 'firefox'].includes(browser)) throw new Error(`B2KM_BROWSER must be chrome or firefox, not ${browser}`);
if (!['release', 'demo', 'test'].includes(flavor)) throw new Error(`B2KM_FLAVOR must be release, demo or test, not ${flavor}`);

export const GECKO_ID = 'b2-key-manager@b2km.dev';
// Loopback hosts for the test flavour only: automation cannot grant activeTab, so the e2e build gets
// explicit access to the fixture server. A test asserts the release manifests never carry these.
const TEST_HOSTS = ['http://127.0.0.1/*', 'http://localhost/*'];

function manifestFor(target: Browser, kind: Flavor): ManifestV3Export {
  const m = structuredClone(baseManifest) as Record<string, unknown> & typeof baseManifest;
  // package.json is the one place a release's version is set; both stores read it from the manifest.
  m.version = pkg.version;
  if (kind === 'test') m.host_permissions = [...m.host_permissions, ...TEST_HOSTS];
  if (kind === 'demo') m.name = `${m.name} (demo)`;
  // The background is built by backgroundScript() below, not by crx: crx would make it an ES module graph.
  delete (m as Partial<typeof m>).background;
  if (target === 'firefox') {
    const firefox = m as Record<string, unknown>;
    delete firefox.minimum_chrome_version;
    // No offscreen API in Firefox: its event page has a DOM and reaches the clipboard itself. No 'idle': Firefox
    // never reports a screen lock, the one idle state the background acts on (src/background/index.ts).
    firefox.permissions = (m.permissions as string[]).filter((p) => p !== 'offscreen' && p !== 'idle');
    firefox.browser_specific_settings = {
      gecko: {
        id: GECKO_ID,
        // 140 is the first ESR that knows data_collection_permissions (required by addons.mozilla.org).
        strict_min_version: '140.0',
        // Mozilla counts any data handled outside the browser: the managing key's keyID and applicationKey go to
        // the B2 API the user chose (and, on request, new keys' secrets come back). That is "authentication
        // information", which has no implicit consent, so it is declared here; nothing else leaves the browser.
        // PRIVACY.md says the same in words; test/e2e/package.test.ts keeps the two together.
        data_collection_permissions: { required: ['authenticationInfo'] },
      },
      // Firefox for Android learnt data_collection_permissions in 142 (web-ext lint warns otherwise).
      gecko_android: { strict_min_version: '142.0' },
    };
  }
  return m as unknown as ManifestV3Export;
}

/**
 * A classic script built on its own: one self-contained IIFE, not one of crx's ES module chunks. Used for the
 * autofill page script (injected with scripting.executeScript({ files }), which runs classic scripts) and for
 * the pages' early scripts (their first messages from the page's head, see EARLY_SCRIPTS).
 */
function classicScript(entry: string, fileName: string): Plugin {
  return {
    name: `b2km-classic-script:${fileName}`,
    apply: 'build',
    async generateBundle() {
      const out = await esbuild({
        entryPoints: [entry],
        bundle: true,
        format: 'iife',
        target: 'es2022',
        write: false,
        minify: flavor === 'release',
        legalComments: 'none',
        charset: CHARSET,
      });
      // esbuild's ascii charset leaves regular expression literals as they are (the autofill's name patterns).
      this.emitFile({ type: 'asset', fileName, source: escapeNonAscii(out.outputFiles[0]!.text) });
    },
  };
}

/**
 * Pages whose first messages go out from a small classic script before their modules load (src/rpc/early-send.ts).
 * The popup's also draws the kept copy of the key list (src/popup/first-screen.ts).
 */
const EARLY_SCRIPTS = [
  { page: 'src/popup/index.html', entry: 'src/popup/early-entry.ts', file: 'popup-early.js' },
  { page: 'src/options/index.html', entry: 'src/options/early-entry.ts', file: 'options-early.js' },
];

/**
 * Our pages as built, arranged for their first screen. Each file an extension page loads is a round trip through
 * the browser, and scripts (module ones included) wait for every pending style sheet, so the style sheets go
 * inline. A page's early script (EARLY_SCRIPTS) must be its first request: its module script and preloads go
 * after it. The modules still load in parallel (the preload scanner finds them).
 */
function pageFirstPaint(): Plugin {
  return {
    name: 'b2km-page-first-paint',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.bundle) return html;
        const bundle = ctx.bundle;
        let out = html.replace(/<link rel="stylesheet"[^>]*href="\/([^"]+)"[^>]*>/g, (_tag, file: string) => {
          const asset = bundle[file];
          if (!asset || asset.type !== 'asset') throw new Error(`b2km-page-first-paint: ${file} is not in the bundle`);
          return `<style>${String(asset.source)}</style>`;
        });
        const early = EARLY_SCRIPTS.find((e) => ctx.filename.endsWith(e.page));
        if (!early) return out;
        const moved: string[] = [];
        out = out.replace(/[ \t]*(<script type="module"[^>]*><\/script>|<link rel="modulepreload"[^>]*>)\n?/g, (_m, tag: string) => (moved.push(tag), ''));
        const tag = `<script src="/${early.file}"></script>`;
        if (!out.includes(tag) || moved.length === 0) throw new Error(`b2km-page-first-paint: ${early.page} has changed shape`);
        return out.replace(tag, [tag, ...moved].join('\n    '));
      },
    },
  };
}

const BACKGROUND_FILE = 'background.js';

const BACKGROUND_ENTRY = resolve(import.meta.dirname, 'src/background/index.ts');

/**
 * Firefox's background as two files: the entry, with every module it imports (what the first answers need), and one
 * file with the modules only a dynamic import reaches (src/background/later.ts). Left to itself, the bundler made
 * one to four files in varying shapes: the entry's code behind a one-line entry (one more file to load first), the B2
 * client merged into it with zod, zod in a file of its own.
 */
function firefoxBackgroundChunks(): object {
  let initial: Set<string> | undefined;
  /** Modules the entry reaches by static imports: they stay in the entry file. */
  const staticFromEntry = (getModuleInfo: (id: string) => { importedIds: string[] } | null): Set<string> => {
    const seen = new Set<string>();
    const walk = (id: string) => {
      if (seen.has(id)) return;
      seen.add(id);
      for (const next of getModuleInfo(id)?.importedIds ?? []) walk(next);
    };
    walk(BACKGROUND_ENTRY);
    return seen;
  };
  return {
    chunkFileNames: 'background-[name].js',
    charset: CHARSET,
    // vite leaves an ES library's whitespace in place; Firefox parses every byte of the first file on each wake.
    minify: flavor === 'release',
    codeSplitting: {
      // The later file's imports from the first stay there (they are loaded already when it is).
      includeDependenciesRecursively: false,
      groups: [
        {
          debugName: 'later',
          name: (id: string, ctx: { getModuleInfo: (id: string) => { importedIds: string[] } | null }) => {
            initial ??= staticFromEntry((m) => ctx.getModuleInfo(m));
            // The entry's own modules are named too: the group holding the entry becomes the entry file, while left to
            // the bundler, those the later file also uses went to files of their own.
            return initial.has(id) ? 'first' : 'later';
          },
        },
      ],
    },
  };
}

/**
 * The background, built on its own. A worker woken for a message must be quick to answer, and an ES module graph
 * (crx's loader, its chunk, the chunks it shares with the pages) made Chromium fetch and link four files first:
 * about twice the start-up time of one script. So Chrome's service worker is one classic script (it cannot load code
 * later either: no import() in a service worker), and the dynamic imports are inlined into it. Firefox's event page
 * is an ES module whose first file holds what the first answers need; the rest (src/background/later.ts, the B2
 * client) are files of their own, loaded on first use: Firefox keeps no compiled copy of an event page's script and
 * parses it on every wake, which was most of its cold start. The manifest entry is added here, after crx wrote its
 * manifest.
 */
function backgroundScript(define: Record<string, string>): Plugin {
  return {
    name: 'b2km-background-script',
    apply: 'build',
    async generateBundle() {
      // vite's own bundler, not esbuild: it drops the parts of zod the background never uses (esbuild keeps
      // all of zod's locales, 260 KB, because the code reaches zod through its `z` namespace object).
      const out = await viteBuild({
        configFile: false,
        logLevel: 'warn',
        define,
        resolve: { alias: browserApiAlias },
        build: {
          write: false,
          target: 'es2022',
          minify: flavor === 'release',
          lib: { entry: BACKGROUND_ENTRY, formats: [browser === 'firefox' ? 'es' : 'iife'], name: 'b2km', fileName: () => BACKGROUND_FILE },
          // The entry exports nothing: no signature to keep, which lets the later file's imports stay out of it.
          rollupOptions: browser === 'firefox' ? { preserveEntrySignatures: false, output: firefoxBackgroundChunks() } : { output: { inlineDynamicImports: true, charset: CHARSET } },
        },
      });
      const chunks = [out].flat().flatMap((o) => ('output' in o ? o.output : [])).filter((o) => o.type === 'chunk');
      const entry = chunks.find((c) => c.fileName === BACKGROUND_FILE);
      if (!entry) throw new Error('b2km-background-script: the background build made no script');
      if (browser === 'chrome' && chunks.length !== 1) throw new Error('b2km-background-script: the service worker must be one file');
      if (browser === 'firefox' && (chunks.length !== 2 || entry.imports.length > 0)) {
        throw new Error(`b2km-background-script: expected the event page's first file and one file loaded later, got ${chunks.map((c) => c.fileName).join(', ')}`);
      }
      for (const c of chunks) this.emitFile({ type: 'asset', fileName: c.fileName, source: c.code });
    },
    // crx writes manifest.json itself, after every generateBundle hook has run.
    async writeBundle(options) {
      const file = join(options.dir!, 'manifest.json');
      const manifest = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      manifest.background = browser === 'firefox' ? { scripts: [BACKGROUND_FILE], type: 'module' } : { service_worker: BACKGROUND_FILE };
      await writeFile(file, JSON.stringify(manifest, null, 2));
    },
  };
}

/**
 * Fails a release build if any script it wrote is not ASCII (see scripts/ascii-only.ts for why it matters). Runs
 * last. Test and demo builds keep their comments, which the bundlers never escape.
 */
function asciiScripts(): Plugin {
  return {
    name: 'b2km-ascii-scripts',
    apply: 'build',
    generateBundle(_options, bundle) {
      if (flavor !== 'release') return;
      for (const file of Object.values(bundle)) {
        if (!file.fileName.endsWith('.js')) continue;
        const code = file.type === 'chunk' ? file.code : typeof file.source === 'string' ? file.source : new TextDecoder().decode(file.source);
        const at = firstNonAscii(code);
        if (at >= 0) throw new Error(`${file.fileName} has a non-ASCII character at offset ${at} (${JSON.stringify(code.slice(Math.max(0, at - 30), at + 10))})`);
      }
    },
  };
}

const defines = {
  __B2KM_BROWSER__: JSON.stringify(browser),
  __B2KM_FLAVOR__: JSON.stringify(flavor),
  __B2KM_DEMO_ENDPOINT__: JSON.stringify(flavor === 'demo' ? (process.env.B2KM_DEMO_ENDPOINT ?? '') : ''),
};

/** See src/common/browser-api.ts: the polyfill import's interop cost every page and worker start 15 ms. */
const browserApiAlias = [{ find: /^webextension-polyfill$/, replacement: resolve(import.meta.dirname, 'src/common/browser-api.ts') }];

const outDir = flavor === 'release' ? `dist/${browser}` : `dist/${flavor}-${browser}`;

export default defineConfig({
  plugins: [preact(), crx({ manifest: manifestFor(browser, flavor), browser }), classicScript('src/autofill/inject.ts', 'autofill.js'), ...EARLY_SCRIPTS.map((e) => classicScript(e.entry, e.file)), pageFirstPaint(), backgroundScript(defines), asciiScripts()],
  define: defines,
  resolve: { alias: browserApiAlias },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    // Readable stack traces matter more than a few bytes for a privileged extension; maps stay out of the package.
    sourcemap: false,
    minify: flavor === 'release',
    // Both browsers preload modules natively (Chrome 66, Firefox 115): the polyfill would be one more file each
    // page loads before its first row.
    modulePreload: { polyfill: false },
    // Chrome's offscreen document (clipboard clearing) is opened by the worker, not named in the manifest.
    rollupOptions: { input: browser === 'chrome' ? { offscreen: 'src/offscreen/index.html' } : {}, output: { charset: CHARSET } },
  },
  server: { cors: { origin: [/chrome-extension:\/\//] } },
});
