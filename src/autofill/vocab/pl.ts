import { d, k, s, type VocabTable } from './types';

export const pl: VocabTable = {
  lang: 'pl',
  entries: [
    k('Identyfikator klucza aplikacji'), k('ID klucza aplikacji'), k('Identyfikator klucza dostępu'),
    k('ID klucza dostępu'), k('Identyfikator klucza', 9), k('ID klucza', 9), k('Identyfikator konta', 8),
    k('ID konta', 8), k('Klucz dostępu', 7),
    s('Tajny klucz dostępu'), s('Sekretny klucz dostępu'), s('Tajny klucz'), s('Klucz tajny'), s('Klucz aplikacji'),
    s('Klucz konta', 9), s('Klucz główny', 9), s('Sekret', 8), s('Klucz', 3),
    d('Hasło'), d('Nazwa użytkownika'), d('Użytkownik'), d('Zasobnik'), d('Kubełek'), d('Nazwa klucza'),
    d('Szyfrowanie'), d('Szyfrowania'), d('Nazwa'), d('Prefiks'),
    // A protocol's shared secret is held by its two ends, never a storage key (score.ts).
    d('Wspólny sekret', 8),
  ],
};
