import { d, k, s, type VocabTable } from './types';

export const de: VocabTable = {
  lang: 'de',
  entries: [
    k('Anwendungsschlüssel-ID'), k('Applikationsschlüssel-ID'), k('ID des Anwendungsschlüssels'),
    k('Zugriffsschlüssel-ID'), k('Zugangsschlüssel-ID'), k('ID des Zugriffsschlüssels'),
    k('Schlüssel-ID', 9), k('Schlüsselkennung', 9), k('ID des Schlüssels', 9),
    k('Konto-ID', 8), k('Kontokennung', 8), k('ID des Kontos', 8),
    // S3 wording, as in English: the "access key" without "secret" is the keyID.
    k('Zugriffsschlüssel', 7), k('Zugangsschlüssel', 7),
    s('Geheimer Zugriffsschlüssel'), s('Geheimer Zugangsschlüssel'), s('Geheimer Schlüssel'), s('Geheimschlüssel'),
    s('Anwendungsschlüssel'), s('Applikationsschlüssel'), s('Kontoschlüssel', 9), s('Hauptschlüssel', 9),
    s('Geheimnis', 8), s('Schlüssel', 3),
    d('Passwort'), d('Kennwort'), d('Benutzername'), d('Benutzer'), d('Anmeldename'),
    d('Verschlüsselungspasswort'), d('Verschlüsselungskennwort'), d('Verschlüsselungsschlüssel', 8),
    d('Verschlüsselung'), d('Passphrase'), d('Schlüsselname'), d('Name des Schlüssels'), d('Ordner'), d('Zielordner'),
    // A protocol's shared secret is held by its two ends, never a storage key (score.ts).
    d('Gemeinsames Geheimnis', 8),
  ],
};
