import { MIN_PASSPHRASE_LENGTH } from '../vault/limits';
import { passphraseStrength } from '../vault/strength';

/** A bar and a sentence under a new-passphrase field; the sentence is the hint the field points to. */
export function StrengthMeter({ passphrase, id }: { passphrase: string; id: string }) {
  const { score, hint } = passphraseStrength(passphrase);
  return (
    <div class="strength" data-score={passphrase ? score : undefined}>
      <div class="strength-bar" aria-hidden="true">
        <span style={{ width: `${passphrase ? (score + 1) * 20 : 0}%` }} />
      </div>
      <p class="hint" id={id} aria-live="polite">
        {/* Hints from score 1 up start with their label ("Fair: …"); score 0 gets one here. */}
        {passphrase && score === 0 ? <strong>Too weak. </strong> : null}
        {passphrase ? hint : `At least ${MIN_PASSPHRASE_LENGTH} characters. A few unrelated words are easy to remember and hard to guess.`}
      </p>
    </div>
  );
}
