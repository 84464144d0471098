// Label vocabularies other than English (English is in score.ts's rules). One table per language; each
// entry must be reachable on its own (vocab.test.ts).
import { de } from './de';
import { es } from './es';
import { fr } from './fr';
import { it } from './it';
import { ja } from './ja';
import { ko } from './ko';
import { nl } from './nl';
import { pl } from './pl';
import { pt } from './pt';
import { ru } from './ru';
import { zh } from './zh';
import { zhHant } from './zh-hant';
import type { VocabTable } from './types';

export type { VocabEntry, VocabRole, VocabTable } from './types';

export const VOCAB_TABLES: readonly VocabTable[] = [de, fr, es, it, pt, nl, pl, ru, ja, zh, zhHant, ko];
