import { d, k, s, type VocabTable } from './types';

// Albanian: the noun takes its article as an ending ("çelësi", "çelësit"), so the forms a label uses are listed.
export const sq: VocabTable = {
  lang: 'sq',
  entries: [
    k('ID e çelësit të aplikacionit'), k('ID-ja e çelësit të aplikacionit'), k('ID e çelësit të qasjes'), k('ID-ja e çelësit të qasjes'),
    k('ID e çelësit', 9), k('ID-ja e çelësit', 9), k('Identifikuesi i çelësit', 9), k('ID e llogarisë', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Çelësi i qasjes', 7), k('Çelës qasjeje', 7),
    s('Çelësi sekret i qasjes'), s('Çelësi sekret'), s('Çelës sekret'), s('Çelësi i aplikacionit'), s('Çelës aplikacioni'), s('Çelësi kryesor', 9), s('Sekreti', 8),
    s('Çelësi', 3),
    d('Fjalëkalimi'), d('Fjalëkalim'), d('Emri i përdoruesit'), d('Përdoruesi'), d('Enkriptimi'), d('Kriptimi'), d('Emri i çelësit'), d('Kova'), d('Dosja'),
  ],
};
