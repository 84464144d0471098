/** What `npm run bench:browser` measures and how often; the one place to change when the popup's calls change. */
export type BrowserName = 'chromium' | 'firefox';

/** The call the popup makes to show its first screen (status, accounts and the first rows in one message). */
export const LIST_CALL: { method: string; params: Record<string, unknown> } = { method: 'popupState', params: { limit: 50 } };

/** Accessible name of the popup's search field (its visible label). */
export const SEARCH_LABEL = /search/i;

/** Seeded key names are this prefix plus a zero-padded index, which the search keystroke test relies on. */
export const KEY_PREFIX = 'bench-';

export const PASSPHRASE = 'bench vault passphrase';

export interface BenchOptions {
  keys: number[];
  browsers: BrowserName[];
  /** Runs per figure; 100,000 keys default to fewer because one popup open costs minutes on the old code. */
  runsFor(n: number): number;
}

function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

export function parseOptions(argv: string[]): BenchOptions {
  const keys = (flag(argv, 'keys') ?? '1000,10000,100000').split(',').map((s) => Number(s.replace(/[_\s]/g, '')));
  if (keys.some((n) => !Number.isInteger(n) || n < 1 || n > 100_000)) throw new Error('--keys takes counts 1..100000, e.g. --keys 1000,10000');
  const which = flag(argv, 'browser') ?? 'both';
  if (!['chromium', 'firefox', 'both'].includes(which)) throw new Error('--browser takes chromium, firefox or both');
  const browsers: BrowserName[] = which === 'both' ? ['chromium', 'firefox'] : [which as BrowserName];
  const runs = flag(argv, 'runs');
  const fixed = runs === undefined ? null : Number(runs);
  if (fixed !== null && !(Number.isInteger(fixed) && fixed >= 1)) throw new Error('--runs takes a positive integer');
  return { keys, browsers, runsFor: (n) => fixed ?? (n >= 50_000 ? 3 : 7) };
}
