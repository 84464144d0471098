import { d, k, s, type VocabTable } from './types';

// Welsh: "allwedd" is a key; "yr" is the article before a vowel ("ID yr allwedd", the key's ID).
export const cy: VocabTable = {
  lang: 'cy',
  entries: [
    k('ID allwedd rhaglen'), k('ID yr allwedd rhaglen'), k('ID allwedd mynediad'), k('ID yr allwedd mynediad'), k('ID allwedd', 9), k('ID yr allwedd', 9),
    k('ID cyfrif', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Allwedd mynediad', 7),
    s('Allwedd mynediad gyfrinachol'), s('Allwedd gyfrinachol'), s('Allwedd rhaglen'), s('Allwedd cymhwysiad'), s('Cyfrinach', 8), s('Allwedd', 3),
    d('Cyfrinair'), d('Enw defnyddiwr'), d('Defnyddiwr'), d('Amgryptio'), d("Enw'r allwedd"), d('Bwced'),
  ],
};
