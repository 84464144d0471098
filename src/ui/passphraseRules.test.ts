import { describe, expect, it } from 'vitest';
import { newPassphraseErrors } from './passphraseRules';

describe('newPassphraseErrors', () => {
  it('asks for a passphrase and a matching confirmation', () => {
    expect(newPassphraseErrors({ passphrase: '', confirm: '' })).toEqual({ passphrase: 'Choose a passphrase.', confirm: 'Type the passphrase again to confirm it.' });
    expect(newPassphraseErrors({ passphrase: 'short', confirm: 'short' }).passphrase).toMatch(/at least 8/);
    expect(newPassphraseErrors({ passphrase: 'long enough words', confirm: 'long enough word' })).toEqual({ confirm: 'The two passphrases are not the same.' });
    expect(newPassphraseErrors({ passphrase: 'long enough words', confirm: 'long enough words' })).toEqual({});
  });
});
