/** Rules for choosing a new passphrase, kept pure for tests. */
import { MIN_PASSPHRASE_LENGTH } from '../vault/limits';
import { passphraseStrength } from '../vault/strength';

export interface NewPassphrase {
  passphrase: string;
  confirm: string;
}

/** Problems with a new passphrase and its confirmation, keyed like the fields. Pure. */
export function newPassphraseErrors(value: NewPassphrase): { passphrase?: string; confirm?: string } {
  const errors: { passphrase?: string; confirm?: string } = {};
  if (!value.passphrase) errors.passphrase = 'Choose a passphrase.';
  else {
    const strength = passphraseStrength(value.passphrase);
    if (!strength.meetsMinimum) errors.passphrase = `Use at least ${MIN_PASSPHRASE_LENGTH} characters.`;
    else if (strength.refusal) errors.passphrase = `This passphrase is too easy to guess. ${strength.refusal}`;
  }
  if (!value.confirm) errors.confirm = 'Type the passphrase again to confirm it.';
  else if (value.confirm !== value.passphrase) errors.confirm = 'The two passphrases are not the same.';
  return errors;
}
