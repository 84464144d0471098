import { d, k, s, type VocabTable } from './types';

export const es: VocabTable = {
  lang: 'es',
  entries: [
    k('ID de clave de aplicación'), k('ID de la clave de aplicación'), k('Identificador de clave de aplicación'),
    k('ID de clave de acceso'), k('ID de la clave de acceso'), k('Identificador de clave de acceso'),
    k('ID de clave', 9), k('ID de la clave', 9), k('Identificador de clave', 9), k('Identificador de la clave', 9),
    k('ID de cuenta', 8), k('ID de la cuenta', 8), k('Identificador de cuenta', 8), k('Identificador de la cuenta', 8),
    k('Clave de acceso', 7),
    s('Clave de acceso secreta'), s('Clave secreta de acceso'), s('Clave secreta'), s('Clave de aplicación'),
    s('Clave de la aplicación'), s('Clave de cuenta', 9), s('Clave de la cuenta', 9), s('Clave maestra', 9),
    s('Secreto', 8), s('Clave', 3),
    d('Contraseña'), d('Nombre de usuario'), d('Usuario'), d('Frase de contraseña'), d('Cifrado'),
    d('Nombre de la clave'), d('Nombre de clave'), d('Cubo'), d('Depósito'), d('Carpeta'), d('Nombre'),
    d('Correo electrónico'),
    // A protocol's shared secret is held by its two ends, never a storage key (score.ts).
    d('Secreto compartido', 8),
  ],
};
