import { describe, expect, it } from 'vitest';
import type { KeyRow } from '../storage/key-shards';
import { matchesTerms, queryTerms } from '../common/key-match';
import { haystackOf, KeySearch, RECENT_QUERIES } from './key-search';

const names = new Map([
  ['b1', 'photos-backup'],
  ['b2', 'nas-archive'],
]);
const rows: KeyRow[] = [
  ['0043333', 'Everything', ['listBuckets', 'listFiles', 'readFiles'], null, null, null, []],
  ['0042222', 'nas-sync', ['writeFiles', 'deleteFiles'], ['b2', 'gone-bucket'], null, null, []],
  ['0041111', 'website-deploy', ['listBuckets', 'listFiles', 'readFiles'], ['b1'], 'www/', null, []],
];
/** match's positions as a plain array (it answers a typed array), null as it is. */
const positions = (s: KeySearch, q: string) => {
  const m = s.match(q);
  return m && Array.from(m);
};
const find = (s: KeySearch, q: string) => positions(s, q)?.map((i) => rows[i]![1]) ?? null;

describe('KeySearch', () => {
  it('matches name, keyID, bucket name or id, capability and prefix, ignoring case', () => {
    const s = new KeySearch(rows, names);
    expect(find(s, 'WEBSITE')).toEqual(['website-deploy']);
    expect(find(s, '0042222')).toEqual(['nas-sync']);
    expect(find(s, 'photos')).toEqual(['website-deploy']);
    expect(find(s, 'deletefiles')).toEqual(['nas-sync']);
    expect(find(s, 'www/')).toEqual(['website-deploy']);
    expect(find(s, 'gone-bucket')).toEqual(['nas-sync']);
  });

  it('needs every word, finds access types and all-bucket keys, and an empty query means everything', () => {
    const s = new KeySearch(rows, names);
    expect(find(s, 'nas write')).toEqual(['nas-sync']);
    expect(find(s, 'nas readfiles')).toEqual([]);
    expect(find(s, 'all buckets')).toEqual(['Everything']);
    expect(find(s, 'read only')).toEqual(['Everything', 'website-deploy']);
    expect(s.match('   ')).toBeNull();
  });

  it('narrowing from the previous query gives the same answer as a fresh scan, also when a word is removed or changed', () => {
    const typed = ['n', 'na', 'nas', 'nas ', 'nas w', 'nas', 'ne', 'e', 'ev', 'e'];
    const s = new KeySearch(rows, names);
    for (const q of typed) expect(find(s, q)).toEqual(find(new KeySearch(rows, names), q));
  });

  it('the index answers exactly as the plain per-key haystack match, for any query and any order of typing', () => {
    // A small deterministic generator: names, ids, buckets, prefixes and capabilities that overlap in text.
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const pick = <T,>(xs: readonly T[]) => xs[rnd(xs.length)]!;
    const CAPS = [['listBuckets', 'readFiles'], ['writeFiles', 'deleteFiles'], ['listBuckets', 'listFiles', 'readFiles', 'writeFiles'], ['listKeys', 'writeKeys'], []];
    const many: KeyRow[] = Array.from({ length: 400 }, (_, i) => [
      `00${pick(['4a', '4b', '51'])}${String(i * 37).padStart(6, '0')}`,
      `${pick(['nas', 'NAS', 'web', 'backup', 'Photos'])}-${pick(['sync', 'read', 'all', 'b1', 'x'])}-${i % 13}`,
      pick(CAPS),
      pick([null, ['b1'], ['b2', 'gone-bucket'], ['b1', 'b2']]),
      pick([null, 'www/', 'read/', '']),
      null,
      [],
    ]);
    const brute = (q: string) => {
      const terms = queryTerms(q);
      if (!terms.length) return null;
      return many.flatMap((r, i) => (matchesTerms(haystackOf(r, names), terms) ? [i] : []));
    };
    const words = ['n', 'na', 'nas', 'nas-', 'read', 're', 'all', 'all buckets', 'b1', 'photos', 'write', 'only', 'and', '4b', '00', '-1', 'www/', 'x', 'sync nas', 'zzz', 'gone', 'listkeys', ''];
    const typed: string[] = [];
    for (let i = 0; i < 300; i++) typed.push(pick(words) + (rnd(3) === 0 ? ` ${pick(words)}` : ''));
    // Typing on from a query with few matches (under an eighth of the keys) narrows the previous matches.
    typed.push('photos-x', 'photos-x-1', 'photos-x-12', 'photos-x-1 read', 'photos-x-1 read only', 'photos-x-1 www/', 'web-b1', 'web-b1-3 nas', 'web-b1-3');
    const fresh = new KeySearch(many, names);
    const typing = new KeySearch(many, names);
    let nonEmpty = 0;
    for (const q of typed) {
      const want = brute(q);
      if (want?.length) nonEmpty++;
      expect({ q, got: positions(typing, q) }).toEqual({ q, got: want });
      expect({ q, got: positions(new KeySearch(many, names), q) }).toEqual({ q, got: want });
    }
    expect(fresh.match('nas')?.length).toBeGreaterThan(50);
    expect(fresh.match('photos-x')!.length * 8).toBeLessThan(many.length);
    expect(fresh.match('photos-x-1 read')!.length).toBeGreaterThan(0);
    expect(nonEmpty).toBeGreaterThan(100);
    // About 1 s alone; the default 5 s was passed once on the loaded two-core machine (a limit, not a timing).
  }, 30_000);
});

describe('KeySearch edges', () => {
  it('a word holding the separator between keys matches nothing', () => {
    const s = new KeySearch(rows, names);
    expect(positions(s, '\u0000')).toEqual([]);
    expect(positions(s, 'everything\u00000042222')).toEqual([]);
    expect(positions(s, 'nas \u0000')).toEqual([]);
  });

  it('finds the first and the last key, and each key once however often a word appears in it', () => {
    const s = new KeySearch(rows, names);
    expect(find(s, 'everything')).toEqual(['Everything']);
    expect(find(s, 'www')).toEqual(['website-deploy']);
    expect(find(s, '004')).toEqual(['Everything', 'nas-sync', 'website-deploy']);
    expect(find(new KeySearch(rows, names), 's')).toEqual(['Everything', 'nas-sync', 'website-deploy']);
    expect(positions(new KeySearch([], names), 'x')).toEqual([]);
  });

  it('a word spanning two fields of a key does not match', () => {
    const s = new KeySearch(rows, names);
    expect(find(s, 'everything0043333')).toEqual([]);
    expect(find(s, 'www/all')).toEqual([]);
  });
});

describe('KeySearch: words across fields and keys', () => {
  it('a word spanning two capabilities, or "all buckets" and a capability, does not match', () => {
    const s = new KeySearch(rows, names);
    expect(find(s, 'listfilesreadfiles')).toEqual([]);
    expect(find(s, 'bucketslistbuckets')).toEqual([]);
    expect(find(s, 'listfiles')).toEqual(['Everything', 'website-deploy']);
  });

  it('a word no key holds matches none, keys limited to buckets included', () => {
    const s = new KeySearch(rows, names);
    for (const word of ['stryker', 'here', 'zzz']) expect({ word, got: find(s, word) }).toEqual({ word, got: [] });
  });

  it('narrowing the matches of a rare word: a separator typed on matches nothing', () => {
    const many: KeyRow[] = Array.from({ length: 12 }, (_, i) => [`id${i}`, i === 5 ? 'special' : `plain-${i}`, ['readFiles'], null, null, null, []]);
    const s = new KeySearch(many, names);
    expect(positions(s, 'special')).toEqual([5]);
    expect(positions(s, 'special \u0000')).toEqual([]);
    expect(positions(s, 'special')).toEqual([5]);
    expect(positions(s, 'special id5')).toEqual([5]);
  });
});

describe('KeySearch: recent answers', () => {
  it('Backspace to a query typed a moment ago is answered from memory, and only the last few are kept', () => {
    const s = new KeySearch(rows, names);
    const wide = s.match('s')!;
    expect(s.match('s')).toBe(wide);
    s.match('sy');
    // Back to "s": not a narrowing of "sy", and the same answer as before without a scan.
    expect(s.match('s')).toBe(wide);
    expect(s.match('S ')).toBe(wide);
    // Kept while fewer than RECENT_QUERIES other queries came after it, then dropped.
    for (let i = 0; i < RECENT_QUERIES - 1; i++) s.match(`x${i}`);
    expect(s.match('s')).toBe(wide);
    for (let i = 0; i < RECENT_QUERIES; i++) s.match(`y${i}`);
    const again = s.match('s')!;
    expect(again).not.toBe(wide);
    expect(Array.from(again)).toEqual(Array.from(wide));
  });

  it('words are remembered as words: one holding the separator is not two words', () => {
    const s = new KeySearch(rows, names);
    expect(find(s, 'nas sync')).toEqual(['nas-sync']);
    expect(find(s, 'nas\u0000sync')).toEqual([]);
    expect(find(s, 'nas sync')).toEqual(['nas-sync']);
  });

  it('a query kept in memory still narrows correctly into the next one', () => {
    const s = new KeySearch(rows, names);
    for (const q of ['nas', 'n', 'nas', 'nas w', 'nas', 'nas r']) expect({ q, got: find(s, q) }).toEqual({ q, got: find(new KeySearch(rows, names), q) });
  });
});
