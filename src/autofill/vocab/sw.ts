import { d, k, s, type VocabTable } from './types';

// Swahili.
export const sw: VocabTable = {
  lang: 'sw',
  entries: [
    k('Kitambulisho cha Ufunguo wa Programu'), k('Kitambulisho cha Ufunguo wa Ufikiaji'), k('Kitambulisho cha Ufunguo', 9),
    k('Kitambulisho cha Akaunti', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Ufunguo wa Ufikiaji', 7),
    s('Ufunguo wa Siri wa Ufikiaji'), s('Ufunguo wa Siri'), s('Ufunguo wa Programu'), s('Ufunguo Mkuu', 9), s('Ufunguo', 3),
    d('Nenosiri'), d('Neno la siri'), d('Jina la mtumiaji'), d('Mtumiaji'), d('Usimbaji fiche'), d('Jina la ufunguo'), d('Ndoo'),
  ],
};
