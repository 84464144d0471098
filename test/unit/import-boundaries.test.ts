/**
 * Pages reach the background only through the RPC table: nothing the popup or the options page loads,
 * directly or through the modules it imports, may come from src/background. (ESLint forbids the direct
 * import; this follows the whole import graph, so a shared module that pulls background code in fails too.)
 * Also: storage owns the stored shapes, so src/storage imports nothing from src/rpc.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Relative imports of one file (static, dynamic, re-exports), resolved to files. */
export function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g)].map(
    (m) => m[1] ?? m[2] ?? m[3]!,
  );
  return specs
    .filter((s) => s.startsWith('.'))
    .map((s) => {
      const base = resolve(dirname(file), s);
      const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')];
      return candidates.find((c) => existsSync(c) && statSync(c).isFile());
    })
    .filter((f): f is string => f !== undefined && /\.tsx?$/.test(f));
}

/** Every file reachable from `roots`, with the chain that reached it. */
function reachable(roots: string[]): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const queue = roots.map((r) => [r]);
  while (queue.length) {
    const chain = queue.shift()!;
    const file = chain.at(-1)!;
    if (seen.has(file)) continue;
    seen.set(file, chain);
    for (const next of importsOf(file)) if (!seen.has(next)) queue.push([...chain, next]);
  }
  return seen;
}

const rel = (f: string) => relative(SRC, f);

function offenders(roots: string[], forbidden: string): string[] {
  return [...reachable(roots)].filter(([file]) => rel(file).startsWith(`${forbidden}/`)).map(([, chain]) => chain.map(rel).join(' → '));
}

describe('import boundaries', () => {
  it('the popup and the options page load nothing from src/background', () => {
    const roots = [...filesUnder(join(SRC, 'popup')), ...filesUnder(join(SRC, 'options'))];
    expect(roots.length).toBeGreaterThan(10);
    expect(offenders(roots, 'background')).toEqual([]);
  });

  it('src/storage imports nothing from src/rpc (the protocol uses the storage schemas, not the reverse)', () => {
    expect(offenders(filesUnder(join(SRC, 'storage')), 'rpc')).toEqual([]);
  });

  it('the check sees an import that crosses the line', () => {
    // The background does import the RPC table; a check that finds nothing there would prove nothing above.
    expect(offenders([join(SRC, 'background/index.ts')], 'rpc').length).toBeGreaterThan(0);
  });
});
