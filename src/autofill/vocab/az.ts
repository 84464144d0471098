import { d, k, s, type VocabTable } from './types';

// Azerbaijani: "açar" is a key, "açarı" its possessive ("giriş açarı", the access key) and "açarının" its genitive.
export const az: VocabTable = {
  lang: 'az',
  entries: [
    k('Tətbiq açarının ID-si'), k('Tətbiq açarı ID'), k('Giriş açarının ID-si'), k('Giriş açarı ID'), k('Açarın ID-si', 9), k('Açar ID', 9),
    k('Açar identifikatoru', 9), k('Hesabın ID-si', 8), k('Hesab ID', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Giriş açarı', 7),
    s('Gizli giriş açarı'), s('Gizli açar'), s('Məxfi açar'), s('Tətbiq açarı'), s('Sirr', 8), s('Açar', 3),
    d('Şifrə'), d('Parol'), d('İstifadəçi adı'), d('İstifadəçi'), d('Şifrələmə'), d('Açarın adı'), d('Açar adı'), d('Vedrə'),
  ],
};
