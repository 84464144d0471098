import { d, k, s, type VocabTable } from './types';

// Irish: "eochair" is a key, "eochrach" its genitive ("ID eochrach", the key's ID); "rún" (a secret) is left out, as
// folded it is the English "run".
export const ga: VocabTable = {
  lang: 'ga',
  entries: [
    k('ID eochrach feidhmchláir'), k('ID eochair feidhmchláir'), k('ID eochrach rochtana'), k('ID eochair rochtana'), k('ID eochrach', 9),
    k('Aitheantas eochrach', 9), k('ID cuntais', 8), k('Aitheantas cuntais', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Eochair rochtana', 7),
    s('Eochair rochtana rúnda'), s('Eochair rúnda'), s('Eochair rúin'), s('Eochair feidhmchláir'), s('Eochair', 3),
    d('Pasfhocal'), d('Focal faire'), d('Ainm úsáideora'), d('Úsáideoir'), d('Criptiúchán'), d('Ainm eochrach'), d('Buicéad'),
  ],
};
