import { d, k, s, type VocabTable } from './types';

// Luxembourgish: "Schlëssel" (not the German "Schlüssel") is a key, glued to what it is for ("Zougangsschlëssel");
// "Konto-ID" and "Geheimnis" are spelled as in German (de.ts).
export const lb: VocabTable = {
  lang: 'lb',
  entries: [
    k('Applikatiounsschlëssel-ID'), k('Zougangsschlëssel-ID'), k('Schlëssel-ID', 9), k('Kont-ID', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Zougangsschlëssel', 7),
    s('Geheime Zougangsschlëssel'), s('Geheime Schlëssel'), s('Geheimschlëssel'), s('Applikatiounsschlëssel'), s('Schlëssel', 3),
    d('Passwuert'), d('Benotzernumm'), d('Benotzer'), d('Verschlësselung'), d('Schlësselnumm'), d('Eemer'),
  ],
};
