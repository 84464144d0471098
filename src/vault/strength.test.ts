import { describe, expect, it } from 'vitest';
import { MIN_PASSPHRASE_LENGTH, passphraseRefusal, passphraseStrength } from './index';

const score = (p: string) => passphraseStrength(p).score;

describe('passphraseStrength', () => {
  it('scores empty, short and common passwords 0', () => {
    expect(passphraseStrength('')).toMatchObject({ score: 0, meetsMinimum: false });
    expect(passphraseStrength('Xk9#mQ2')).toMatchObject({ score: 0, meetsMinimum: false });
    expect(passphraseStrength('Xk9#mQ2').hint).toContain(String(MIN_PASSPHRASE_LENGTH));
    for (const common of ['password', 'Password', 'P@ssw0rd', 'password123!', '1password', 'qwerty123', 'iloveyou', 'trustno1', 'Letmein!', '123456789']) {
      const r = passphraseStrength(common);
      expect(r.score, common).toBe(0);
      expect(r.hint, common).toMatch(/common/);
    }
  });

  it('scores repeats, sequences and keyboard runs 0', () => {
    for (const p of ['aaaaaaaaaaaa', 'abcdefghijkl', 'zyxwvutsrqpo', '12345678901234', '98765432', 'qwertyuiopasdf', 'asdfghjkl;', 'abcabcabcabc', 'Ab1!Ab1!Ab1!Ab1!', 'abcdefgh1234']) {
      const r = passphraseStrength(p);
      expect(r.score, p).toBe(0);
      expect(r.meetsMinimum, p).toBe(true);
      expect(r.hint, p).toMatch(/Repeats|sequences/);
    }
  });

  it('refuses one short word, with or without digits and symbols around it', () => {
    for (const p of ['hunter22', 'Summer2024!', 'Elephant', 'sunflower', '!!Marmalade99', 'Übermut2024']) {
      const r = passphraseStrength(p);
      expect(r.score, p).toBe(0);
      expect(r.meetsMinimum, p).toBe(true);
      expect(r.refusal, p).toMatch(/single word/);
      expect(passphraseRefusal(p), p).toBe(r.refusal);
    }
    // Two words, or one long word, are not this class.
    for (const p of ['maple fox', 'red-fox-42', 'ilovemydog2024', 'extraordinarily']) expect(passphraseRefusal(p), p).toBeNull();
  });

  it('refuses every score-0 passphrase and nothing else', () => {
    for (const p of ['', 'short', 'password123!', 'aaaaaaaaaaaa', 'hunter22', 'maple fox', 'Kx9#mP2$vL7q', 'correct horse battery staple']) {
      const r = passphraseStrength(p);
      expect(r.refusal === null, p).toBe(r.score > 0);
      if (r.refusal) expect(r.refusal, p).toBe(r.hint);
    }
  });

  it('rewards length first and character variety a little', () => {
    expect(score('maple fox')).toBe(1);
    expect(score('red-fox-42')).toBe(1);
    expect(score('ilovemydog2024')).toBe(2);
    expect(score('Kx9#mP2$vL7q')).toBe(3); // 12 varied characters
    expect(score('k7q2m9x4p1w8z3v6')).toBe(3); // 16 characters, 2 classes
    expect(score('k7q2m9x4p1w8z3v6r5t0')).toBe(4); // 20 characters
  });

  it('gives long multi-word passphrases the top score', () => {
    expect(score('correct horse battery staple')).toBe(4);
    expect(score('пароль для резервной копии')).toBe(4);
    expect(score('kettle orbit fennel')).toBe(3);
  });

  it('never lowers the score when words are added', () => {
    const words = ['maple', 'orbit', 'fennel', 'quartz', 'lantern', 'cobalt'];
    let previous = 0;
    for (let n = 1; n <= words.length; n++) {
      const s = score(words.slice(0, n).join(' '));
      expect(s).toBeGreaterThanOrEqual(previous);
      previous = s;
    }
    expect(previous).toBe(4);
  });

  it('is pure, normalises like the vault, and always gives one sentence', () => {
    const p = 'Crème brûlée à Zürich';
    expect(passphraseStrength(p)).toEqual(passphraseStrength(p));
    expect(passphraseStrength(p.normalize('NFD'))).toEqual(passphraseStrength(p.normalize('NFC')));
    for (const q of ['', 'a', 'password', 'aaaaaaaaaa', 'hunter22', 'ilovemydog2024', 'Kx9#mP2$vL7q', 'correct horse battery staple']) {
      const { hint } = passphraseStrength(q);
      expect(hint.length).toBeGreaterThan(5);
      expect(hint).toMatch(/^[A-Z].*\.$/);
      expect(hint).not.toContain('\n');
      expect(hint.split(/\.\s/)).toHaveLength(1);
    }
  });

  it('analyses only the first 256 code points of a huge paste (bounded work; timings belong in the bench)', () => {
    expect(score('ab'.repeat(500_000) + 'c')).toBe(0);
    // Strong text after 256 repeated characters is never looked at, which is what keeps a paste cheap.
    expect(score('a'.repeat(256) + 'correct horse battery staple')).toBe(0);
    expect(score('a'.repeat(200) + 'correct horse battery staple')).toBe(4);
  });
});

describe('what passphraseStrength treats as guessable', () => {
  const isCommonHint = (p: string) => /most common passwords/.test(passphraseStrength(p).hint);
  const isRunHint = (p: string) => /Repeats, sequences and keyboard runs/.test(passphraseStrength(p).hint);

  it('refuses each password of its list as common, whatever else would refuse it', () => {
    // The list in strength.ts, as a person would type them: each must be refused as common, not only as short.
    const list = [
      'password', 'passphrase', 'qwerty', 'qwertyuiop', 'letmein', 'iloveyou', 'admin', 'administrator', 'welcome',
      'monkey', 'dragon', 'master', 'sunshine', 'princess', 'football', 'baseball', 'shadow', 'superman', 'trustno1',
      'changeme', 'secret', 'default', 'login', 'whatever', 'starwars', 'computer', 'freedom', 'hello', 'abc123',
      '1q2w3e4r', 'zaq12wsx', '123456', '12345678', '123456789', '1234567890', '111111', '000000', 'backblaze',
      'applicationkey',
    ];
    for (const p of list) expect(isCommonHint(p), p).toBe(true);
    for (const p of list) expect(isCommonHint(p.toUpperCase()), p).toBe(true);
  });

  it('sees through l33t swaps and digits or symbols around a common password, not inside it', () => {
    for (const p of ['p@ssw0rd', 'adm1nistrator', 's3cret', 'p4ssword', 'pa55word', 'mas7er', 'pa$$word', '123456!!', '!!password', 'Password2024', 'abc123?!'])
      expect(isCommonHint(p), p).toBe(true);
    // Symbols and spaces inside are part of the passphrase: these are not the listed "abc123" or "password".
    for (const p of ['abc!123', 'pass word', 'pass-word-7', 'abc 123 xyz']) expect(isCommonHint(p), p).toBe(false);
  });

  it('discounts a run along any keyboard row, in either direction, from four keys on', () => {
    // Nine or ten characters with a four-to-six-key run: refused only because the run counts as two characters.
    for (const p of ['wertyX7#kQ', 'ytrewX7#kQ', 'ghjklX7#kQ', 'zxcvbnX7#kQ', 'tzuiopX7#kQ', 'azertyX7#kQ', '7890X#kQm', '0987X#kQm', 'asdfX7#kQ'])
      expect(isRunHint(p), p).toBe(true);
    // A run of three keys is not discounted.
    expect(passphraseStrength('asdX7#kQm')).toMatchObject({ score: 1, refusal: null });
  });

  it('counts a passphrase typed twice as typed once', () => {
    expect(score('Xk9#mQ2$')).toBe(1);
    expect(score('Xk9#mQ2$Xk9#mQ2$')).toBe(1);
    expect(score('Xk9#mQ2$Xk9#mQ2$Xk9#mQ2$')).toBe(1);
    // Not a repeat when the second copy differs by one character.
    expect(score('Xk9#mQ2$Xk9#mQ2%')).toBeGreaterThan(1);
  });
});

describe('passphraseStrength edges', () => {
  it('a four-key run costs two characters, no more: ten characters with one still count as eight', () => {
    expect(passphraseStrength('asdfX7#kQm')).toMatchObject({ score: 1, refusal: null, meetsMinimum: true });
    expect(passphraseStrength('asdfX7#kQm').hint).toMatch(/^Weak: /);
  });

  it('answers "Enter a passphrase" when given no text at all', () => {
    for (const v of [undefined, null, 42]) expect(passphraseStrength(v as unknown as string)).toMatchObject({ score: 0, hint: 'Enter a passphrase.', meetsMinimum: false });
  });
});
