import { describe, expect, it } from 'vitest';
import { escapeNonAscii, firstNonAscii } from './ascii-only';

/** Runs a script's text and returns what it returns: the escaped text must mean what the original meant. */
const run = (code: string): unknown => new Function(code)();

describe('escapeNonAscii', () => {
  it('leaves only ASCII and keeps what strings, templates and regular expressions mean', () => {
    const source = [
      'const s = "Can’t — ß";',
      'const t = `“${s}”`;',
      'const folded = "Straße Łódź".normalize("NFC").replace(/[ßẞłŁ]/g, "x");',
      'const ru = /^(идентификатор|ид)$/i.test("ИД");',
      'const emoji = /^😀$/u.test("😀") && /^[😀]$/u.test("😀");',
      'return { s, t, folded, ru, emoji, length: s.length };',
    ].join('\n');
    const out = escapeNonAscii(source);
    expect(firstNonAscii(out)).toBe(-1);
    expect(run(out)).toEqual(run(source));
    expect(run(out)).toMatchObject({ ru: true, emoji: true, folded: 'Straxe xódź' });
  });

  it('keeps ASCII text as it is', () => {
    const ascii = 'const a = "plain";\n/[a-z]+/g.test(a);';
    expect(escapeNonAscii(ascii)).toBe(ascii);
  });

  it('refuses a non-ASCII character right after a backslash, whose escape would read differently', () => {
    expect(() => escapeNonAscii('const r = /\\ß/;')).toThrow(/follows a backslash/);
  });
});

describe('firstNonAscii', () => {
  it('finds the first non-ASCII character', () => {
    expect(firstNonAscii('abc')).toBe(-1);
    expect(firstNonAscii('ab’c')).toBe(2);
  });
});
