import { d, k, s, type VocabTable } from './types';

export const nl: VocabTable = {
  lang: 'nl',
  entries: [
    k('Toepassingssleutel-ID'), k('Applicatiesleutel-ID'), k('ID van de toepassingssleutel'), k('ID van de applicatiesleutel'),
    k('Toegangssleutel-ID'), k('ID van de toegangssleutel'), k('Sleutel-ID', 9), k('ID van de sleutel', 9),
    k('Accountnummer', 8), k('Toegangssleutel', 7),
    s('Geheime toegangssleutel'), s('Geheime sleutel'), s('Toepassingssleutel'), s('Applicatiesleutel'),
    s('Accountsleutel', 9), s('Hoofdsleutel', 9), s('Geheim', 8), s('Sleutel', 3),
    d('Wachtwoord'), d('Versleutelingswachtwoord'), d('Wachtzin'), d('Gebruikersnaam'), d('Gebruiker'),
    d('Sleutelnaam'), d('Naam van de sleutel'), d('Versleuteling'), d('Map'), d('Naam'),
    // A protocol's shared secret is held by its two ends, never a storage key (score.ts).
    d('Gedeeld geheim', 8),
  ],
};
