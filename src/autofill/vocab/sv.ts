import { d, k, s, type VocabTable } from './types';

export const sv: VocabTable = {
  lang: 'sv',
  entries: [
    k('Applikationsnyckel-ID'), k('Programnyckel-ID'), k('ID för applikationsnyckeln'), k('ID för programnyckeln'),
    k('Åtkomstnyckel-ID'), k('ID för åtkomstnyckel'), k('ID för åtkomstnyckeln'), k('Nyckel-ID', 9), k('ID för nyckeln', 9),
    k('Konto-ID', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Åtkomstnyckel', 7), k('Åtkomstnyckeln', 7),
    s('Hemlig åtkomstnyckel'), s('Hemliga åtkomstnyckeln'), s('Hemlig nyckel'), s('Hemliga nyckeln'),
    s('Applikationsnyckel'), s('Applikationsnyckeln'), s('Programnyckel'), s('Programnyckeln'), s('Kontonyckel', 9),
    s('Huvudnyckel', 9), s('Hemlighet', 8), s('Nyckel', 3), s('Nyckeln', 3),
    d('Lösenord'), d('Användarnamn'), d('Användare'), d('Krypteringslösenord'), d('Kryptering'), d('Lösenfras'),
    // "Kontonummer" is a bank account's number on Swedish and Danish forms.
    d('Nyckelnamn'), d('Namn'), d('Mapp'), d('E-post'), d('Kontonummer'),
    // A protocol's shared secret is held by its two ends, never a storage key (score.ts).
    d('Delad hemlighet', 8),
  ],
};
