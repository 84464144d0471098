/**
 * `npm run size` (after `npm run build:chrome`): what the popup and the options page load, raw and gzipped.
 * Starts from dist/chrome/manifest.json, reads each page's HTML, and follows the JS it loads through every
 * static and dynamic import, so a chunk split differently still counts once.
 *
 * Usage: tsx scripts/size.ts [distDir]   (default dist/chrome)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, posix, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(import.meta.dirname, '..');
const dist = resolve(ROOT, process.argv[2] ?? 'dist/chrome');

interface FileSize {
  file: string;
  /** html: the page itself, which carries its style sheets inline (vite.config.ts, pageFirstPaint). */
  kind: 'html' | 'js' | 'css';
  raw: number;
  gzip: number;
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** An extension-root path ("/assets/x.js", "assets/x.js") or a path relative to the file that names it. */
function resolveRef(ref: string, fromFile: string): string {
  const clean = ref.split(/[?#]/)[0]!;
  if (clean.startsWith('/')) return posix.normalize(clean.slice(1));
  return posix.normalize(posix.join(posix.dirname(fromFile), clean));
}

function htmlRefs(html: string, htmlPath: string): { js: string[]; css: string[] } {
  const js: string[] = [];
  const css: string[] = [];
  for (const m of html.matchAll(/<script\b[^>]*\bsrc=["']([^"']+)["'][^>]*>/g)) js.push(resolveRef(m[1]!, htmlPath));
  for (const m of html.matchAll(/<link\b[^>]*>/g)) {
    const tag = m[0];
    const href = /\bhref=["']([^"']+)["']/.exec(tag)?.[1];
    if (!href) continue;
    if (/\brel=["']stylesheet["']/.test(tag)) css.push(resolveRef(href, htmlPath));
    else if (/\brel=["']modulepreload["']/.test(tag)) js.push(resolveRef(href, htmlPath));
  }
  return { js, css };
}

/** Every chunk a module imports: `import … from "x"`, `export … from "x"`, `import "x"`, `import("x")`. */
function jsImports(code: string, file: string): string[] {
  const refs = new Set<string>();
  const patterns = [/\b(?:import|export)\s*[\w$*{},\s]*?\bfrom\s*["']([^"']+)["']/g, /\bimport\s*["']([^"']+)["']/g, /\bimport\(\s*["']([^"']+)["']\s*\)/g];
  for (const re of patterns) for (const m of code.matchAll(re)) if (/\.m?js$/.test(m[1]!.split(/[?#]/)[0]!)) refs.add(resolveRef(m[1]!, file));
  return [...refs];
}

function sizeOf(file: string, kind: FileSize['kind']): FileSize {
  const path = join(dist, file);
  if (!existsSync(path)) fail(`${relative(ROOT, path)} is referenced but missing: rebuild with npm run build:chrome`);
  const bytes = readFileSync(path);
  return { file, kind, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

function pageFiles(htmlPath: string): FileSize[] {
  const html = readFileSync(join(dist, htmlPath), 'utf8');
  const { js, css } = htmlRefs(html, htmlPath);
  const seen = new Set<string>();
  const out: FileSize[] = [sizeOf(htmlPath, 'html')];
  const queue = [...js];
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    out.push(sizeOf(file, 'js'));
    queue.push(...jsImports(readFileSync(join(dist, file), 'utf8'), file));
  }
  for (const file of new Set(css)) out.push(sizeOf(file, 'css'));
  return out;
}

const kb = (n: number) => `${(n / 1024).toFixed(1).padStart(7)} kB`;

function report(name: string, htmlPath: string): { js: number; css: number } {
  const files = pageFiles(htmlPath);
  console.log(`\n${name} (${htmlPath})`);
  console.log(`  ${'file'.padEnd(44)} ${'raw'.padStart(10)} ${'gzip'.padStart(10)}`);
  for (const f of files) console.log(`  ${f.file.padEnd(44)} ${kb(f.raw)} ${kb(f.gzip)}`);
  const total = (kind: FileSize['kind'], key: 'raw' | 'gzip') => files.filter((f) => f.kind === kind).reduce((s, f) => s + f[key], 0);
  for (const kind of ['html', 'js', 'css'] as const) console.log(`  ${`total ${kind.toUpperCase()}`.padEnd(44)} ${kb(total(kind, 'raw'))} ${kb(total(kind, 'gzip'))}`);
  const all = (key: 'raw' | 'gzip') => files.reduce((s, f) => s + f[key], 0);
  console.log(`  ${'total HTML+JS+CSS'.padEnd(44)} ${kb(all('raw'))} ${kb(all('gzip'))}`);
  // Per-file gzip sums slightly overstate one compressed stream; that is the honest number for separate requests.
  return { js: total('js', 'gzip'), css: total('css', 'gzip') };
}

const manifestPath = join(dist, 'manifest.json');
if (!existsSync(manifestPath)) fail(`${relative(ROOT, manifestPath)} not found: run npm run build:chrome first`);
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { action?: { default_popup?: string }; options_ui?: { page?: string }; options_page?: string };
const popup = manifest.action?.default_popup;
if (!popup) fail('The manifest has no action.default_popup.');
console.log(`Sizes in ${relative(ROOT, dist) || '.'} (gzip level 9, per file)`);
report('Popup', popup);
const options = manifest.options_ui?.page ?? manifest.options_page;
if (options) report('Options page', options);
