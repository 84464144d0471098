import { describe, expect, it } from 'vitest';
import { newPassphraseErrors } from './passphraseRules';

describe('newPassphraseErrors', () => {
  it('asks for a passphrase and a matching confirmation', () => {
    expect(newPassphraseErrors({ passphrase: '', confirm: '' })).toEqual({ passphrase: 'Choose a passphrase.', confirm: 'Type the passphrase again to confirm it.' });
    expect(newPassphraseErrors({ passphrase: 'short', confirm: 'short' }).passphrase).toMatch(/at least 8/);
    // Too short is said plainly, not as a guessable passphrase.
    expect(newPassphraseErrors({ passphrase: 'Xq7#pL2', confirm: 'Xq7#pL2' })).toEqual({ passphrase: 'Use at least 8 characters.' });
    expect(newPassphraseErrors({ passphrase: 'long enough words', confirm: 'long enough word' })).toEqual({ confirm: 'The two passphrases are not the same.' });
    expect(newPassphraseErrors({ passphrase: 'long enough words', confirm: 'long enough words' })).toEqual({});
  });

  it('refuses the weakest class with a sentence: common passwords, one short word, runs', () => {
    for (const [p, why] of [
      ['password123', /common passwords/],
      ['P@ssw0rd!', /common passwords/],
      ['Summer2024!', /single word/],
      ['elephant', /single word/],
      ['aaaaaaaaaa', /Repeats, sequences/],
    ] as const) {
      const error = newPassphraseErrors({ passphrase: p, confirm: p }).passphrase;
      expect(error, p).toMatch(/^This passphrase is too easy to guess\. /);
      expect(error, p).toMatch(why);
    }
  });
});
