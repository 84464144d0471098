import { d, k, s, type VocabTable } from './types';

// Yoruba: tone marks and the dots under letters fold away ("kọ́kọ́rọ́", a key, reads "kokoro"); "ọ̀rọ̀ aṣínà" and
// "ọ̀rọ̀ àṣírí" (a secret word) are a password.
export const yo: VocabTable = {
  lang: 'yo',
  entries: [
    k('ID kọ́kọ́rọ́ áàpù'), k('ID kọ́kọ́rọ́ ìwọlé'), k('ID kọ́kọ́rọ́', 9), k('Ìdánimọ̀ kọ́kọ́rọ́', 9), k('ID àkáǹtì', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Kọ́kọ́rọ́ ìwọlé', 7),
    s('Kọ́kọ́rọ́ ìwọlé àṣírí'), s('Kọ́kọ́rọ́ àṣírí'), s('Kọ́kọ́rọ́ áàpù'), s('Àṣírí', 8), s('Kọ́kọ́rọ́', 3),
    d('Ọ̀rọ̀ aṣínà'), d('Ọ̀rọ̀ àṣírí'), d('Orúkọ olùmúlò'), d('Olùmúlò'), d('Orúkọ kọ́kọ́rọ́'), d('Garawa'),
  ],
};
