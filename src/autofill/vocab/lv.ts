import { d, k, s, type VocabTable } from './types';

// Latvian.
export const lv: VocabTable = {
  lang: 'lv',
  entries: [
    k('Lietojumprogrammas atslēgas ID'), k('Lietotnes atslēgas ID'), k('Piekļuves atslēgas ID'), k('Atslēgas ID', 9),
    k('Konta ID', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Piekļuves atslēga', 7),
    s('Slepenā piekļuves atslēga'), s('Slepenā atslēga'), s('Lietojumprogrammas atslēga'), s('Lietotnes atslēga'),
    s('Galvenā atslēga', 9), s('Noslēpums', 8), s('Atslēga', 3),
    d('Parole'), d('Lietotājvārds'), d('Lietotāja vārds'), d('Lietotājs'), d('Šifrēšana'), d('Atslēgas nosaukums'), d('Mape'),
  ],
};
