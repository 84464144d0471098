/**
 * `npm run mutate`: StrykerJS (stryker.config.mjs) over src/rpc, src/vault, src/storage, src/background, src/b2
 * and src/autofill, against the Node-side suites; fails under a 90% mutation score and prints the survivors.
 *
 *   npm run mutate                          every folder (long: an hour or more on two cores)
 *   npm run mutate -- --folder src/rpc      one folder (repeat or comma-separate for several)
 *   npm run mutate -- --since main          only the source files changed since `main` (committed or not)
 *   npm run mutate -- --mutate 'src/vault/vault.ts'   any other option goes to `stryker run` as it is
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
export const FOLDERS = ['src/rpc', 'src/vault', 'src/storage', 'src/background', 'src/b2', 'src/autofill'];
/** Never mutated: tests and their helpers. */
const EXCLUDE = ['!src/**/*.test.ts', '!src/**/test-support.ts', '!src/**/test-helpers.ts'];

/** A source file `npm run mutate` covers: .ts under one of FOLDERS, not a test or a test helper. */
export function isMutable(file: string): boolean {
  return (
    FOLDERS.some((f) => file.startsWith(`${f}/`)) &&
    file.endsWith('.ts') &&
    !file.endsWith('.test.ts') &&
    !/\/test-(support|helpers)\.ts$/.test(file) &&
    !file.endsWith('.d.ts')
  );
}

function git(args: string[]): string[] {
  return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
}

/** Files changed since `ref` (its merge base with HEAD), plus uncommitted and untracked ones, that still exist. */
function changedSince(ref: string): string[] {
  const files = new Set([
    ...git(['diff', '--name-only', '--diff-filter=d', `${ref}...HEAD`]),
    ...git(['diff', '--name-only', '--diff-filter=d', 'HEAD']),
    ...git(['ls-files', '--others', '--exclude-standard']),
  ]);
  return [...files].filter(isMutable).sort();
}

function main(argv: string[]): number {
  const pass: string[] = [];
  const folders: string[] = [];
  let since: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--since') since = argv[++i] ?? '';
    else if (a.startsWith('--since=')) since = a.slice('--since='.length);
    else if (a === '--folder') folders.push(...(argv[++i] ?? '').split(','));
    else if (a.startsWith('--folder=')) folders.push(...a.slice('--folder='.length).split(','));
    else pass.push(a);
  }
  if (since === '') {
    console.error('--since needs a git ref, e.g. npm run mutate -- --since main');
    return 2;
  }
  let mutate: string[] | null = null;
  if (since !== null) {
    mutate = changedSince(since);
    if (mutate.length === 0) {
      console.log(`No file under ${FOLDERS.join(', ')} changed since ${since}: nothing to mutate.`);
      return 0;
    }
    console.log(`Mutating ${mutate.length} file(s) changed since ${since}:\n  ${mutate.join('\n  ')}`);
  } else if (folders.length > 0) {
    const unknown = folders.filter((f) => !FOLDERS.includes(f.replace(/\/$/, '')));
    if (unknown.length > 0) {
      console.error(`--folder takes one of ${FOLDERS.join(', ')}; not ${unknown.join(', ')}`);
      return 2;
    }
    mutate = [...folders.map((f) => `${f.replace(/\/$/, '')}/**/*.ts`), ...EXCLUDE];
  }
  const args = ['stryker', 'run', 'stryker.config.mjs', ...(mutate ? ['--mutate', mutate.join(',')] : []), ...pass];
  const run = spawnSync('npx', args, { cwd: ROOT, stdio: 'inherit' });
  return run.status ?? 1;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(main(process.argv.slice(2)));
