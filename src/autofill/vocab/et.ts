import { d, k, s, type VocabTable } from './types';

// Estonian: compounds are written as one word ("juurdepääsuvõti", access key).
export const et: VocabTable = {
  lang: 'et',
  entries: [
    k('Rakenduse võtme ID'), k('Juurdepääsuvõtme ID'), k('Pääsuvõtme ID'), k('Võtme ID', 9), k('Konto ID', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Juurdepääsuvõti', 7), k('Pääsuvõti', 7),
    s('Salajane juurdepääsuvõti'), s('Salajane pääsuvõti'), s('Salajane võti'), s('Rakenduse võti'), s('Peavõti', 9),
    s('Saladus', 8), s('Võti', 3),
    d('Parool'), d('Kasutajanimi'), d('Kasutaja'), d('Krüpteerimine'), d('Krüptimine'), d('Võtme nimi'), d('Kaust'),
  ],
};
