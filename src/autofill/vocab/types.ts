// One language's label vocabulary for autofill detection: data only. score.ts folds each phrase the same
// way it folds page text (case, accents, punctuation), so write phrases as a person would read them.

export type VocabRole = 'keyId' | 'secret' | 'decoy';

export interface VocabEntry {
  /** The phrase as it appears on forms ("Schlüssel-ID", "アクセスキー ID"). */
  text: string;
  role: VocabRole;
  /**
   * Same scale as the English rules in score.ts: 10 = names the B2 value outright ("application key ID"),
   * 7–9 = the usual wording of tools, 3–4 = a weak hint ("key"), decoys 6–8.
   */
  weight: number;
}

export interface VocabTable {
  /** BCP 47 language tag. */
  lang: string;
  entries: readonly VocabEntry[];
}

export const k = (text: string, weight = 10): VocabEntry => ({ text, role: 'keyId', weight });
export const s = (text: string, weight = 10): VocabEntry => ({ text, role: 'secret', weight });
export const d = (text: string, weight = 6): VocabEntry => ({ text, role: 'decoy', weight });
