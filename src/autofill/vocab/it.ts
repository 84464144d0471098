import { d, k, s, type VocabTable } from './types';

export const it: VocabTable = {
  lang: 'it',
  entries: [
    k("ID chiave dell'applicazione"), k("ID della chiave dell'applicazione"), k('ID chiave applicazione'),
    k('ID chiave di accesso'), k('ID della chiave di accesso'), k('ID chiave', 9), k('ID della chiave', 9),
    k('Identificativo della chiave', 9), k('Identificativo chiave', 9), k("ID dell'account", 8), k('ID account', 8),
    k('Chiave di accesso', 7),
    s('Chiave di accesso segreta'), s('Chiave segreta di accesso'), s('Chiave segreta'),
    s("Chiave dell'applicazione"), s('Chiave applicazione'), s("Chiave dell'account", 9), s('Chiave principale', 9),
    s('Segreto', 8), s('Chiave', 3),
    d('Nome utente'), d('Utente'), d('Nome della chiave'), d('Nome chiave'), d('Crittografia'), d('Cifratura'),
    d('Cartella'), d('Contenitore'), d('Nome'),
    // A protocol's shared secret is held by its two ends, never a storage key (score.ts).
    d('Segreto condiviso', 8),
  ],
};
