import { d, k, s, type VocabTable } from './types';

// Macedonian: the article is a suffix ("клучот", the key; "сметката", the account) and "на" is "of"; "Тајна",
// "Лозинка", "Корисничко име" and "Корисник" are spelled as in Serbian (sr.ts).
export const mk: VocabTable = {
  lang: 'mk',
  entries: [
    k('ID на клучот за апликацијата'), k('ИД на клучот за апликацијата'), k('ID на клучот за пристап'), k('ИД на клучот за пристап'),
    k('ID на клучот', 9), k('ИД на клучот', 9), k('Идентификатор на клучот', 9), k('ID на сметката', 8), k('ИД на сметката', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Клуч за пристап', 7),
    s('Таен клуч за пристап'), s('Таен клуч'), s('Клуч за апликацијата'), s('Клуч на апликацијата'), s('Клуч за апликација'), s('Клуч', 3),
    d('Шифрирање'), d('Име на клучот'), d('Кофа'),
  ],
};
