import { d, k, s, type VocabTable } from './types';

export const fi: VocabTable = {
  lang: 'fi',
  entries: [
    k('Sovellusavaimen tunnus'), k('Sovellusavaimen ID'), k('Sovellusavaintunnus'), k('Käyttöavaimen tunnus'),
    k('Käyttöavaimen ID'), k('Pääsyavaimen tunnus'), k('Pääsyavaimen ID'), k('Avaimen tunnus', 9), k('Avaintunnus', 9),
    k('Avaimen ID', 9), k('Tilin tunnus', 8), k('Tilitunnus', 8), k('Tilin ID', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Käyttöavain', 7), k('Pääsyavain', 7),
    s('Salainen käyttöavain'), s('Salainen pääsyavain'), s('Salainen avain'), s('Sovellusavain'), s('Tiliavain', 9),
    s('Pääavain', 9), s('Salaisuus', 8), s('Avain', 3),
    // "Käyttäjätunnus" (user name) is a sign-in's, not a key's ID.
    d('Salasana'), d('Käyttäjätunnus'), d('Käyttäjänimi'), d('Käyttäjä'), d('Salauksen salasana'), d('Salaus'),
    d('Tunnuslause'), d('Avaimen nimi'), d('Nimi'), d('Kansio'), d('Sähköposti'),
  ],
};
