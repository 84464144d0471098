import { d, k, s, type VocabTable } from './types';

export const ro: VocabTable = {
  lang: 'ro',
  entries: [
    k('ID cheie aplicație'), k('ID-ul cheii aplicației'), k('ID cheie de aplicație'), k('ID cheie de acces'),
    k('ID-ul cheii de acces'), k('ID cheie', 9), k('ID-ul cheii', 9), k('ID cont', 8), k('ID-ul contului', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Cheie de acces', 7), k('Cheia de acces', 7),
    s('Cheie de acces secretă'), s('Cheia de acces secretă'), s('Cheie secretă'), s('Cheia secretă'),
    s('Cheie aplicație'), s('Cheia aplicației'), s('Cheie de aplicație'), s('Cheia contului', 9), s('Cheie principală', 9),
    s('Cheie', 3), s('Cheia', 3),
    d('Parolă'), d('Parola'), d('Nume de utilizator'), d('Nume utilizator'), d('Utilizator'), d('Parolă de criptare'),
    d('Criptare'), d('Criptarea'), d('Numele cheii'), d('Nume'), d('Dosar'),
  ],
};
