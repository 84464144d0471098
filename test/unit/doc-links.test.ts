/**
 * The documentation a person gets with the repository links only into the repository or to public https
 * sites: no path outside it (../shared, /work/…, file:), no loopback or private hosts. Relative links must name
 * a file that exists, and a #fragment a heading of that file. The architecture page's RPC table lists every
 * method of src/rpc/protocol.ts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { methods } from '../../src/rpc/protocol';

const ROOT = resolve(import.meta.dirname, '../..');

export function docFiles(): string[] {
  const top = ['README.md', 'PRIVACY.md', 'CHANGELOG.md', 'BUILDING.md'].map((f) => join(ROOT, f));
  const docs = readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join(ROOT, 'docs', f));
  return [...top, ...docs];
}

/** Markdown without code: links inside code blocks and code spans are examples, not links. */
function withoutCode(text: string): string {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Inline links and images, reference definitions, autolinks and bare URLs. */
export function linksOf(markdown: string): string[] {
  const text = withoutCode(markdown);
  const links: string[] = [];
  for (const m of text.matchAll(/!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) links.push(m[1]!);
  for (const m of text.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)) links.push(m[1]!);
  for (const m of text.matchAll(/<([a-z][a-z0-9+.-]*:[^>\s]+)>/gi)) links.push(m[1]!);
  const stripped = text.replace(/\]\([^)]*\)/g, '](').replace(/<[a-z][a-z0-9+.-]*:[^>\s]+>/gi, '');
  for (const m of stripped.matchAll(/\b(?:https?|file|ftp):\/\/[^\s)>\]]+/gi)) links.push(m[0]);
  return links;
}

function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_~]/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  return new Set([...text.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)].map((m) => slug(m[1]!)));
}

const PRIVATE_HOST = /^(localhost|127\.|0\.0\.0\.0|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|\[::1\]|[^.]+$)/;

/** Why a link is not allowed, or null. */
export function problemWith(link: string, from: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(link)) {
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      return 'not a valid URL';
    }
    if (url.protocol === 'mailto:') return null;
    if (url.protocol !== 'https:') return `only https links to public sites (not ${url.protocol})`;
    if (PRIVATE_HOST.test(url.hostname)) return `${url.hostname} is not a public site`;
    return null;
  }
  if (link.startsWith('//')) return 'protocol-relative link';
  const [path, fragment] = link.split('#', 2) as [string, string | undefined];
  if (path.startsWith('/')) return 'absolute path (outside the repository for anyone who clones it)';
  const target = path === '' ? from : resolve(dirname(from), decodeURIComponent(path));
  const rel = relative(ROOT, target);
  if (rel.startsWith('..') || rel.split(sep).includes('node_modules')) return 'points outside the repository';
  if (!existsSync(target)) return 'no such file in the repository';
  if (fragment !== undefined && fragment !== '' && statSync(target).isFile() && target.endsWith('.md') && !anchorsOf(target).has(fragment)) {
    return `no heading #${fragment} in ${relative(ROOT, target)}`;
  }
  return null;
}

describe('documentation links', () => {
  it('every link in README.md, PRIVACY.md, CHANGELOG.md, BUILDING.md and docs/*.md stays in the repository or goes to a public https site', () => {
    const problems: string[] = [];
    let count = 0;
    for (const file of docFiles()) {
      for (const link of linksOf(readFileSync(file, 'utf8'))) {
        count++;
        const problem = problemWith(link, file);
        if (problem) problems.push(`${relative(ROOT, file)}: ${link}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
    expect(count).toBeGreaterThan(20);
  });

  it('no document names a path outside the repository, even as text', () => {
    for (const file of docFiles()) {
      const text = readFileSync(file, 'utf8');
      expect(text, relative(ROOT, file)).not.toMatch(/\.\.\/shared\b|\/work\/|file:\/\//);
    }
  });

  it('the checker catches what it must', () => {
    const readme = join(ROOT, 'README.md');
    expect(problemWith('../shared/design.md', readme)).toMatch(/outside/);
    expect(problemWith('/work/shared/design.md', readme)).toMatch(/absolute/);
    expect(problemWith('http://127.0.0.1:8787/', readme)).toMatch(/https/);
    expect(problemWith('https://localhost/x', readme)).toMatch(/public/);
    expect(problemWith('docs/missing.md', readme)).toMatch(/no such file/);
    expect(problemWith('docs/architecture.md#no-such-heading', readme)).toMatch(/no heading/);
    expect(problemWith('docs/architecture.md#the-rpc-table', readme)).toBeNull();
    expect(problemWith('https://www.backblaze.com/apidocs/b2-create-key', readme)).toBeNull();
    expect(linksOf('see [a](b.md) and <https://x.org/y> and https://z.org/w. `[c](../d)`\n```\n[e](/f)\n```')).toEqual(['b.md', 'https://x.org/y', 'https://z.org/w.']);
  });

  it('the architecture page lists every RPC method', () => {
    const text = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');
    const missing = Object.keys(methods).filter((m) => !text.includes(`\`${m}\``));
    expect(missing, 'add these to the RPC table in docs/architecture.md').toEqual([]);
  });
});
