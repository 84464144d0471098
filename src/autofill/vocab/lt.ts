import { d, k, s, type VocabTable } from './types';

// Lithuanian: the genitive "rakto" names whose ID it is.
export const lt: VocabTable = {
  lang: 'lt',
  entries: [
    k('Programos rakto ID'), k('Taikomosios programos rakto ID'), k('Prieigos rakto ID'), k('Rakto ID', 9),
    k('Rakto identifikatorius', 9), k('Paskyros ID', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Prieigos raktas', 7),
    s('Slaptasis prieigos raktas'), s('Slaptasis raktas'), s('Slaptas raktas'), s('Programos raktas'), s('Taikomosios programos raktas'),
    s('Pagrindinis raktas', 9), s('Paslaptis', 8), s('Raktas', 3),
    d('Slaptažodis'), d('Naudotojo vardas'), d('Vartotojo vardas'), d('Naudotojas'), d('Šifravimas'), d('Rakto pavadinimas'),
    d('Kibiras'), d('Aplankas'),
  ],
};
