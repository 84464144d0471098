import { d, k, s, type VocabTable } from './types';

// Icelandic: compounds are written as one word ("forritslykill", "lykilorð"), so each form a label uses is listed.
export const is: VocabTable = {
  lang: 'is',
  entries: [
    k('Auðkenni forritslykils'), k('Auðkenni aðgangslykils'), k('Auðkenni lykils', 9), k('Lykilauðkenni', 9), k('Auðkenni reiknings', 8),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('Aðgangslykill', 7),
    s('Leynilegur aðgangslykill'), s('Leynilykill'), s('Leynilegur lykill'), s('Forritslykill'), s('Aðallykill', 9), s('Leyndarmál', 8), s('Lykill', 3),
    d('Lykilorð'), d('Aðgangsorð'), d('Notandanafn'), d('Notandi'), d('Dulkóðun'), d('Dulkóðunarlykilorð'), d('Heiti lykils'), d('Fata'), d('Mappa'),
  ],
};
