import { d, k, s, type VocabTable } from './types';

// Galician: close to Portuguese, spelt its own way ("chave de acceso", "aplicación", "contrasinal").
export const gl: VocabTable = {
  lang: 'gl',
  entries: [
    k('ID da chave de aplicación'), k('ID da chave de acceso'), k('Identificador da chave de acceso'),
    k('Chave de acceso', 7),
    s('Chave de acceso secreta'), s('Chave secreta de acceso'), s('Chave de aplicación'),
    d('Contrasinal'), d('Nome de usuario'), d('Usuario'), d('Cifrado'),
  ],
};
