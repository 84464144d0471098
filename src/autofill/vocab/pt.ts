import { d, k, s, type VocabTable } from './types';

export const pt: VocabTable = {
  lang: 'pt',
  entries: [
    k('ID da chave de aplicativo'), k('ID da chave do aplicativo'), k('ID da chave de aplicação'),
    k('ID da chave da aplicação'), k('Identificador da chave de aplicativo'), k('ID da chave de acesso'),
    k('ID da chave', 9), k('Identificador da chave', 9), k('ID da conta', 8), k('Identificador da conta', 8),
    k('Chave de acesso', 7),
    s('Chave de acesso secreta'), s('Chave secreta de acesso'), s('Chave secreta'), s('Chave de aplicativo'),
    s('Chave do aplicativo'), s('Chave de aplicação'), s('Chave da aplicação'), s('Chave da conta', 9),
    s('Chave mestra', 9), s('Segredo', 8), s('Chave', 3),
    d('Senha'), d('Palavra-passe'), d('Nome de usuário'), d('Nome de utilizador'), d('Usuário'), d('Utilizador'),
    d('Balde'), d('Nome da chave'), d('Criptografia'), d('Encriptação'), d('Pasta'), d('Nome'),
    // A protocol's shared secret is held by its two ends, never a storage key (score.ts).
    d('Segredo compartilhado', 8),
  ],
};
