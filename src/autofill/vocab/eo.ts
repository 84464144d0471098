import { d, k, s, type VocabTable } from './types';

// Esperanto: "ŝlosilo" is a key; an adjective ("aplikaĵa ŝlosilo") or "de" ("identigilo de ŝlosilo") says whose.
export const eo: VocabTable = {
  lang: 'eo',
  entries: [
    k('Identigilo de aplikaĵa ŝlosilo'), k('ID de aplikaĵa ŝlosilo'), k('Identigilo de alira ŝlosilo'), k('ID de alira ŝlosilo'),
    k('Identigilo de ŝlosilo', 9), k('Ŝlosila identigilo', 9), k('ID de ŝlosilo', 9), k('Identigilo de konto', 8), k('Konta identigilo', 8), k('ID de konto', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Alira ŝlosilo', 7), k('Alir-ŝlosilo', 7),
    s('Sekreta alira ŝlosilo'), s('Sekreta ŝlosilo'), s('Aplikaĵa ŝlosilo'), s('Sekreto', 8), s('Ŝlosilo', 3),
    d('Pasvorto'), d('Uzantnomo'), d('Uzanto'), d('Ĉifrado'), d('Nomo de ŝlosilo'), d('Ŝlosilnomo'), d('Sitelo'),
  ],
};
