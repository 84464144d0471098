import { d, k, s, type VocabTable } from './types';

// Amharic: "ቁልፍ" = key, "መታወቂያ" (or "መለያ") = ID, "ሚስጥራዊ" = secret; "የ" marks "of" and is written joined to its noun.
export const am: VocabTable = {
  lang: 'am',
  entries: [
    k('የመተግበሪያ ቁልፍ መታወቂያ'), k('የመዳረሻ ቁልፍ መታወቂያ'), k('የቁልፍ መታወቂያ', 9), k('ቁልፍ መታወቂያ', 9), k('የመለያ መታወቂያ', 8),
    // "መለያ" (identifier; also "account" on its own) after a key's words is that key's ID (heldout-15).
    k('የመተግበሪያ ቁልፍ መለያ'), k('የመዳረሻ ቁልፍ መለያ'), k('የቁልፍ መለያ', 9), k('ቁልፍ መለያ', 9),
    // S3 wording: the "access key" without "secret" is the keyID.
    k('የመዳረሻ ቁልፍ', 7),
    s('ሚስጥራዊ የመዳረሻ ቁልፍ'), s('ሚስጥራዊ ቁልፍ'), s('የሚስጥር ቁልፍ'), s('የመተግበሪያ ቁልፍ'), s('ዋና ቁልፍ', 9), s('ሚስጥር', 8), s('ቁልፍ', 3),
    d('የይለፍ ቃል'), d('የተጠቃሚ ስም'), d('ተጠቃሚ'), d('ምስጠራ'), d('የቁልፍ ስም'), d('ባልዲ'), d('አቃፊ'),
  ],
};
