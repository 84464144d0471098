// A deliberately simple passphrase meter. It is advice for the person choosing a passphrase, not a
// guarantee: it counts length (after discounting repeats, sequences and keyboard runs), looks at
// character classes, and knows a tiny list of the most common passwords. It does not know
// dictionaries, names or dates, so it errs on the side of scoring by length, which is what actually
// makes a passphrase hard to brute-force against the 600k-iteration KDF.

import { MIN_PASSPHRASE_LENGTH } from './limits';

export type PassphraseScore = 0 | 1 | 2 | 3 | 4;

export interface PassphraseStrength {
  score: PassphraseScore;
  /** One sentence for a person. */
  hint: string;
  /** False when the vault itself would reject it (shorter than MIN_PASSPHRASE_LENGTH). */
  meetsMinimum: boolean;
  /**
   * The sentence a new passphrase is refused with, or null when it may be used. Every score-0 passphrase is
   * refused (the pages and the background both ask), not only the ones the vault's length check catches.
   */
  refusal: string | null;
}

// Lower-case, compared after stripping surrounding digits/symbols and undoing common l33t swaps.
const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  'password', 'passphrase', 'qwerty', 'qwertyuiop', 'qwerty123', 'letmein', 'iloveyou', 'admin',
  'administrator', 'welcome', 'monkey', 'dragon', 'master', 'sunshine', 'princess', 'football',
  'baseball', 'shadow', 'superman', 'trustno1', 'changeme', 'secret', 'default', 'login', 'whatever',
  'starwars', 'computer', 'freedom', 'hello', 'abc123', '1q2w3e4r', 'zaq12wsx', '123456', '12345678',
  '123456789', '1234567890', '111111', '000000', 'backblaze', 'applicationkey',
]);

const KEYBOARD_ROWS: readonly string[] = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'qwertzuiop', 'azertyuiop', '1234567890'];
const KEYBOARD_RUNS: readonly string[] = [...KEYBOARD_ROWS, ...KEYBOARD_ROWS.map((r) => [...r].reverse().join(''))];

const LEET: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };

function isCommon(passphrase: string): boolean {
  const lower = passphrase.toLowerCase();
  const trimmedSymbols = lower.replace(/[^\p{L}\p{N}]+$/u, '');
  const letterCore = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  const deleet = [...letterCore].map((c) => LEET[c] ?? c).join('');
  return [lower, trimmedSymbols, letterCore, deleet].some((c) => c.length > 0 && COMMON_PASSWORDS.has(c));
}

/** Smallest unit the passphrase repeats ("abcabcabc" → "abc"); the whole string if none. */
function repeatedUnit(chars: readonly string[]): readonly string[] {
  for (let period = 1; period <= chars.length / 2; period++) {
    let repeats = true;
    for (let i = period; i < chars.length && repeats; i++) repeats = chars[i] === chars[i - period];
    if (repeats) return chars.slice(0, period);
  }
  return chars;
}

/**
 * Characters that carry information: a run like "aaaa", "abcd", "4321" or "asdf" counts as its first
 * two characters only.
 */
function effectiveLength(chars: readonly string[]): number {
  const predictable: boolean[] = chars.map(() => false);
  const cps = chars.map((c) => c.codePointAt(0) ?? 0);
  for (let i = 2; i < cps.length; i++) {
    const d1 = (cps[i] ?? 0) - (cps[i - 1] ?? 0);
    const d0 = (cps[i - 1] ?? 0) - (cps[i - 2] ?? 0);
    if (d1 === d0 && Math.abs(d1) <= 1) predictable[i] = true;
  }
  const lower = chars.map((c) => c.toLowerCase());
  for (let i = 0; i < lower.length; ) {
    let end = i;
    while (end < lower.length && KEYBOARD_RUNS.some((row) => row.includes(lower.slice(i, end + 1).join('')))) end++;
    if (end - i >= 4) {
      for (let j = i + 2; j < end; j++) predictable[j] = true;
      i = end;
    } else {
      i++;
    }
  }
  return predictable.filter((p) => !p).length;
}

/**
 * One word of up to 9 letters, with at most 6 digits or symbols before or after it ("Summer2024!", "hunter22",
 * "Elephant"): the shape guessing tools try first, from dictionaries with such endings.
 */
const SINGLE_SHORT_WORD = /^[^\p{L}]{0,6}\p{L}{1,9}[^\p{L}]{0,6}$/u;

function characterClasses(passphrase: string): number {
  const classes = [/\p{Ll}/u, /\p{Lu}/u, /\p{N}/u, /[^\p{Ll}\p{Lu}\p{N}]/u];
  return classes.filter((re) => re.test(passphrase)).length;
}

/** Rates a passphrase from 0 (unusable) to 4 (strong), with a one-sentence hint. Pure. */
export function passphraseStrength(passphrase: string): PassphraseStrength {
  const text = typeof passphrase === 'string' ? passphrase.normalize('NFC') : '';
  const chars = [...text];
  const meetsMinimum = chars.length >= MIN_PASSPHRASE_LENGTH;
  const result = (score: PassphraseScore, hint: string): PassphraseStrength => ({ score, hint, meetsMinimum, refusal: score === 0 ? hint : null });

  if (chars.length === 0) return result(0, 'Enter a passphrase.');
  if (isCommon(text)) return result(0, 'This is one of the most common passwords, so it would be guessed first.');
  if (!meetsMinimum) {
    return result(0, `Use at least ${MIN_PASSPHRASE_LENGTH} characters; a few unrelated words are easy to remember.`);
  }

  // Only the first 256 code points are analysed: enough to reach score 4, and keeps a huge paste cheap.
  const effective = effectiveLength(repeatedUnit(chars.slice(0, 256)));
  if (effective < MIN_PASSPHRASE_LENGTH) {
    return result(0, 'Repeats, sequences and keyboard runs like "aaaa", "1234" or "qwerty" are guessed first.');
  }
  if (SINGLE_SHORT_WORD.test(text)) {
    return result(0, 'A single word, even with a few digits or symbols around it, is guessed quickly; use a few unrelated words.');
  }

  let score: PassphraseScore = effective >= 20 ? 4 : effective >= 16 ? 3 : effective >= 12 ? 2 : 1;
  if (effective >= 12 && characterClasses(text) >= 3 && score < 4) score = (score + 1) as PassphraseScore;

  switch (score) {
    case 1:
      return result(1, 'Weak: add more words or characters; four or more unrelated words make a strong passphrase.');
    case 2:
      return result(2, 'Fair: another word or a few more characters would make it much harder to guess.');
    case 3:
      return result(3, 'Good: a little longer would make it strong.');
    default:
      return result(4, 'Strong: remember it well, because a forgotten passphrase cannot be recovered.');
  }
}

/**
 * Why a new passphrase is refused (the weakest class: empty, too short, common, one short word, repeats and
 * sequences), or null. Shared by the pages and the background, so the rule cannot be skipped by calling the
 * background directly.
 */
export function passphraseRefusal(passphrase: string): string | null {
  return passphraseStrength(passphrase).refusal;
}
