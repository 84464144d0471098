import { d, k, s, type VocabTable } from './types';

export const fr: VocabTable = {
  lang: 'fr',
  entries: [
    k("ID de clé d'application"), k("ID de la clé d'application"), k("Identifiant de clé d'application"),
    k("Identifiant de la clé d'application"), k("ID de clé d'accès"), k("Identifiant de clé d'accès"),
    k("Identifiant de la clé d'accès"), k('ID de clé', 9), k('ID de la clé', 9), k('Identifiant de clé', 9),
    k('Identifiant de la clé', 9), k('Identifiant du compte', 8), k('Identifiant de compte', 8),
    k('ID du compte', 8), k('ID de compte', 8),
    k("Clé d'accès", 7),
    s("Clé d'accès secrète"), s("Clé secrète d'accès"), s('Clé secrète'), s("Clé d'application"),
    s("Clé de l'application"), s('Clé du compte', 9), s('Clé principale', 9), s('Clé', 3),
    d('Mot de passe'), d("Nom d'utilisateur"), d('Utilisateur'), d('Identifiant de connexion'),
    d('Phrase secrète', 8), d('Phrase de passe'), d('Chiffrement'), d('Compartiment'), d('Nom de la clé'),
    d('Nom de clé'), d('Dossier'), d('Courriel'),
    // A protocol's shared secret is held by its two ends, never a storage key (score.ts).
    d('Secret partagé', 8),
  ],
};
