import { d, k, s, type VocabTable } from './types';

// Afrikaans: compounds are one word ("toepassingsleutel"); "sleutel" alone is a key of any kind.
export const af: VocabTable = {
  lang: 'af',
  entries: [
    k('Toepassingsleutel-ID'), k('Toepassingsleutel ID'), k('Toegangsleutel-ID'), k('Toegangsleutel ID'), k('Sleutel-ID', 9), k('Sleutel ID', 9),
    k('Rekening-ID', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Toegangsleutel', 7),
    s('Geheime toegangsleutel'), s('Geheime sleutel'), s('Toepassingsleutel'), s('Meestersleutel', 9), s('Geheim', 8), s('Sleutel', 3),
    d('Wagwoord'), d('Gebruikersnaam'), d('Gebruiker'), d('Enkripsie'), d('Enkripsiewagwoord'), d('Sleutelnaam'), d('Emmer'), d('Gids'),
  ],
};
