import { d, k, s, type VocabTable } from './types';

export const ca: VocabTable = {
  lang: 'ca',
  entries: [
    k("ID de la clau de l'aplicació"), k("Identificador de la clau de l'aplicació"), k("ID de la clau d'accés"),
    k("Identificador de la clau d'accés"), k('ID de la clau', 9), k('Identificador de la clau', 9),
    k('ID del compte', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k("Clau d'accés", 7),
    s("Clau d'accés secreta"), s('Clau secreta'), s("Clau de l'aplicació"), s("Clau d'aplicació"), s('Clau del compte', 9),
    s('Clau mestra', 9), s('Clau', 3),
    d('Contrasenya'), d("Nom d'usuari"), d('Usuari'), d("Contrasenya d'encriptació"), d('Xifratge'), d('Encriptació'),
    d('Nom de la clau'), d('Carpeta'),
  ],
};
