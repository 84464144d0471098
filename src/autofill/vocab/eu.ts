import { d, k, s, type VocabTable } from './types';

// Basque: "gako" is a key; the genitive ("gakoaren IDa", the key's ID) and compounds with a hyphen ("sarbide-gakoa").
export const eu: VocabTable = {
  lang: 'eu',
  entries: [
    k('Aplikazio-gakoaren IDa'), k('Sarbide-gakoaren IDa'), k('Aplikazio-gako IDa'), k('Sarbide-gako IDa'), k('Gakoaren IDa', 9), k('Gako IDa', 9),
    k('Kontuaren IDa', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Sarbide-gakoa', 7),
    s('Sarbide-gako sekretua'), s('Gako sekretua'), s('Aplikazio-gakoa'), s('Sekretua', 8), s('Gakoa', 3),
    d('Pasahitza'), d('Erabiltzaile-izena'), d('Erabiltzailea'), d('Zifratzea'), d('Enkriptatzea'), d('Gakoaren izena'), d('Ontzia'),
  ],
};
