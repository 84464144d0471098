// Pure text scoring for autofill field detection. No DOM, no extension APIs: unit-tested in Node.
//
// A field's attributes and surrounding text (name, id, label, placeholder, …) are each run through
// `scoreText`, which says how strongly that one piece of text points at a B2 keyID field and at a B2
// secret (applicationKey) field. detect.ts weighs the pieces by where they came from and adds them up.

import { VOCAB_TABLES, type VocabEntry, type VocabRole } from './vocab';

export type CredentialRole = 'keyId' | 'secret';

export interface RoleScore {
  keyId: number;
  secret: number;
}

export interface TextScore extends RoleScore {
  /** Short tags of the phrases that matched, for the `reasons` of a candidate. */
  hits: string[];
  /** Whether the role was named by more than a generic word ("secret", "key", "account"; GENERIC_TAGS). */
  specific: Record<CredentialRole, boolean>;
}

/** Longest text looked at; labels and hints beyond this are noise. */
const MAX_TEXT = 200;

/**
 * Words that tool authors glue together without separators (`accesskeyid`, `applicationkey`). A token made
 * only of these words is split into them; anything else (`keyboard`, `identity`) is left alone.
 */
const VOCABULARY = [
  'application',
  'app',
  'access',
  'secret',
  'account',
  'acct',
  'key',
  'id',
  'b2',
  'api',
  'master',
  'client',
  'bucket',
  'name',
  'search',
  'user',
  'email',
  'login',
] as const;

function segmentToken(token: string): string[] {
  if (token.length < 4) return [token];
  // best[i] = the split of token[0..i) into vocabulary words, or undefined if none.
  const best: (string[] | undefined)[] = new Array<string[] | undefined>(token.length + 1);
  best[0] = [];
  for (let i = 0; i < token.length; i++) {
    const prefix = best[i];
    if (prefix === undefined) continue;
    for (const word of VOCABULARY) {
      if (token.startsWith(word, i)) {
        const end = i + word.length;
        const existing = best[end];
        if (existing === undefined || existing.length > prefix.length + 1) best[end] = [...prefix, word];
      }
    }
  }
  const whole = best[token.length];
  return whole !== undefined && whole.length >= 2 ? whole : [token];
}

/** Letters that Unicode decomposition does not split into a base letter and a mark. */
const EXTRA_FOLDS: Record<string, string> = {
  ß: 'ss', ẞ: 'ss', ł: 'l', Ł: 'l', ø: 'o', Ø: 'o', đ: 'd', Đ: 'd', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ı: 'i',
  // Persian writes kaf and yeh otherwise than Arabic, and Arabic often writes a final yeh as alef maksura.
  'ک': 'ك', 'ی': 'ي', 'ى': 'ي',
};

/**
 * Case and accent folding: compatibility forms (full-width Ｉ Ｄ, half-width katakana) to their plain
 * letters, Latin and Cyrillic accents dropped (ü → u, é → e, ё → е, й → и), Arabic script's optional vowel signs
 * too, Persian kaf and yeh written as Arabic's, lower case. Only the combining
 * diacritical marks block is dropped (with variation selectors and the marks for symbols), and the rest is
 * recomposed: the voicing marks of kana, the parts of Hangul syllables and Thai or Devanagari vowel signs are
 * letters of their own, not accents.
 */
export function foldText(raw: string): string {
  return raw
    .normalize('NFKD')
    // Also variation selectors and the marks drawn over symbols: an emoji glued to a word is not part of it.
    // Arabic script's short vowels and the Persian ezafe's hamza ("شناسهٔ") are optional, as accents are.
    .replace(/[\u0300-\u036f\u20d0-\u20ff]|[\u064b-\u065f]|\u0670/g, '')
    .replace(/\p{Variation_Selector}/gu, '')
    .normalize('NFC')
    .replace(/[ßẞłŁøØđĐæÆœŒıکیى]/g, (c) => EXTRA_FOLDS[c] ?? c)
    .toLowerCase();
}

/**
 * Lower-case words separated by single spaces: camelCase, snake_case, kebab-case, dotted and glued
 * vocabulary words are split, accents and case folded (foldText). `applicationKeyID` → `application key id`,
 * `access_key_id` → `access key id`, `keyid` → `key id`, `B2_APPLICATION_KEY` → `b2 application key`,
 * `Schlüssel-ID` → `schlussel id`, `アクセスキーID` → `アクセスキーid`.
 */
export function normalizeText(raw: string): string {
  const text = raw.length > MAX_TEXT ? raw.slice(0, MAX_TEXT) : raw;
  const spaced = foldText(text.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2'))
    // Marks stay with their letters: Latin, Greek and Cyrillic accents are gone already (foldText), and Thai or
    // Devanagari vowel signs are part of the word ("คีย์", "कुंजी" would fall apart into consonants).
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
    .trim();
  if (spaced === '') return '';
  return spaced
    .split(' ')
    .flatMap((token) => segmentToken(token))
    .join(' ');
}

interface Rule {
  re: RegExp;
  role: VocabRole;
  weight: number;
  tag: string;
  /**
   * Letters every match holds side by side: a text without them is not run through `re`. Some 900 phrases of
   * 30 languages run over every piece of text of every field; `includes` rules out nearly all of them at a
   * fraction of a regular expression's cost.
   */
  needle?: string;
}

/**
 * Scripts written without spaces between words (or where forms glue them): phrases match inside longer text.
 * Thai, Lao, Khmer and Burmese are such (their vowel signs are of their own scripts too).
 */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

function escapeRegExp(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A table entry as a rule over normalised text. Latin and Cyrillic phrases match whole words (JavaScript's
 * `\b` knows only ASCII letters, hence the look-arounds); a space in the phrase may be missing in the text
 * ("Schlüssel-ID", "SchlüsselID"). Next to a CJK character any space is optional ("アクセスキー ID",
 * "アクセスキーID"), and CJK ends need no word boundary.
 */
export function vocabRule(entry: VocabEntry, lang: string, idAfter = false): Rule {
  const phrase = normalizeText(entry.text);
  const chars = Array.from(phrase.replace(/ /g, ''));
  const spaceAfter = new Set<number>();
  let index = 0;
  for (const c of Array.from(phrase)) {
    if (c === ' ') spaceAfter.add(index - 1);
    else index++;
  }
  let source = '';
  chars.forEach((c, i) => {
    source += escapeRegExp(c);
    if (i === chars.length - 1) return;
    if (spaceAfter.has(i) || CJK.test(c) || CJK.test(chars[i + 1] ?? '')) source += ' ?';
  });
  const first = chars[0] ?? '';
  const last = chars[chars.length - 1] ?? '';
  // A mark belongs to the letter before it: "क" does not end where "कु" goes on.
  const before = CJK.test(first) ? '' : '(?<![\\p{L}\\p{N}\\p{M}])';
  const after = CJK.test(last) ? '' : '(?![\\p{L}\\p{N}\\p{M}])';
  if (idAfter) {
    // The secret's name, maybe in a genitive form, then "ID": "Applikationsnyckelns ID", "Anwendungsschlüssel-ID".
    const re = new RegExp(`${before}${source}${GENITIVE} ?(?:id|ids)(?![\\p{L}\\p{N}\\p{M}])`, 'gu');
    return { re, role: 'keyId', weight: entry.weight, tag: `id of:${vocabTag(lang, entry)}`, needle: needleOf(phrase) };
  }
  return { re: new RegExp(before + source + after, 'gu'), role: entry.role, weight: entry.weight, tag: vocabTag(lang, entry), needle: needleOf(phrase) };
}

/** Endings a noun takes before "ID" in the languages that glue them (sv "nyckelns", de "Schlüssels", nl "sleutels"). */
const GENITIVE = '(?:s|ns|n|en|es|ens)?';

/** A secret's name that a following "ID" turns into the keyID's: a specific one (not "key" or "secret" alone) in a script with spaces. */
const takesIdAfter = (e: VocabEntry): boolean => e.role === 'secret' && e.weight >= 9 && !CJK.test(Array.from(normalizeText(e.text)).at(-1) ?? '');

/**
 * The longest run of the phrase that a match must hold unbroken: a word (a space in the phrase may be missing
 * in the text, never added inside a word), cut at CJK characters, around which a space may be added. A phrase
 * of CJK characters only has its first character.
 */
export function needleOf(phrase: string): string {
  let longest = '';
  for (const word of phrase.split(' ')) {
    for (const run of word.split(CJK)) if (run.length > longest.length) longest = run;
  }
  return longest === '' ? Array.from(phrase)[0] ?? '' : longest;
}

/** The hit tag of a table entry: `de:Schlüssel-ID`. */
export function vocabTag(lang: string, entry: VocabEntry): string {
  return `${lang}:${entry.text}`;
}

// Every language's table, longest phrase first so that "Geheimer Zugriffsschlüssel" is read before
// "Zugriffsschlüssel" and "密钥名称" before "密钥". They run before the English rules below, which then never
// see a phrase a table already took.
const VOCAB_RULES: readonly Rule[] = VOCAB_TABLES.flatMap((t) => t.entries.map((e) => ({ e, lang: t.lang })))
  .flatMap(({ e, lang }) => {
    const length = normalizeText(e.text).replace(/ /g, '').length;
    const own = { rule: vocabRule(e, lang), length };
    // Longer than its base, so it runs first and the base never reads the secret's name out of a keyID's label.
    return takesIdAfter(e) ? [{ rule: vocabRule(e, lang, true), length: length + 2 }, own] : [own];
  })
  .sort((a, b) => b.length - a.length)
  .map((r) => r.rule);

/** The tag of an encryption service's name (KMS, HSM, SSE): the key named beside it is that service's. */
export const KEY_SERVICE = 'key service';
const WEBHOOK = 'webhook';
const KEY_FILE = 'key file';
/**
 * Decoys whose penalty is not capped when the same text names a credential: they say whose the credential is
 * (an encryption service's, a webhook's) or that the field takes something else (a key file's path).
 */
export const UNCAPPED_DECOY_HITS: ReadonlySet<string> = new Set([KEY_SERVICE, WEBHOOK, KEY_FILE].map((t) => `not:${t}`));

// Order matters: a rule's match is blanked out before later rules run, so "secret access key" is never
// read again as "access key", "application key id" never again as "application key", "key name" never
// again as the weak "key".
const ENGLISH_RULES: readonly Rule[] = [
  // Keys of other things, with or without "ID" ("Encryption key ID", "Recovery key", "Device key ID", a GPG "Key ID"
  // is under a GPG title; an IoT hub's "Device primary key", Azure's "Primary key", push services' "APNs key ID", split as "ap ns"):
  // never a B2 value, and not read again as "key id" or "key".
  {
    re: /\b(?:(?:encryption|kms|recovery|signing|private|public|ssh|gpg|pgp|host|device|licen[cs]e|product|serial|ap ?ns|fcm|push)(?: primary| secondary)?|primary|secondary) key(?: id(?:entifier)?)?\b/g,
    role: 'decoy',
    weight: 8,
    tag: 'other key',
  },
  // A JSON Web Token's signing secret is the app's own, never a storage key (heldout-10).
  { re: /\bjwts?\b/g, role: 'decoy', weight: 8, tag: 'jwt' },
  // A key service's or an encryption scheme's name beside a key's ID ("Sleutel-ID (KMS)", "SSE-C key"): that key is
  // one the storage encrypts with, never the one B2 signs in with, however the rest of the text names it (its
  // penalty is not capped like other decoys beside a credential's name, see scoreTextDetailed) (heldout-11).
  { re: /\b(?:kms|hsm|sse(?: ?(?:c|kms|s3))?)\b/g, role: 'decoy', weight: 8, tag: KEY_SERVICE },
  // A protocol's shared secret (a conferencing API's, RADIUS, a webhook's) is held by its two ends, never a storage
  // key: neither B2 nor S3-compatible tools call theirs so (heldout-11).
  { re: /\bshared secret\b/g, role: 'decoy', weight: 8, tag: 'shared secret' },
  // A webhook's secret signs the calls a service makes to the app; it is the app's own, never a storage key, however
  // the rest of the text names it (uncapped like a key service's name) (heldout-12).
  { re: /\bwebhooks?\b/g, role: 'decoy', weight: 8, tag: WEBHOOK },
  // Where a key is kept, not the key: "Application key file", "credentials path" take a file's path (heldout-12).
  {
    re: /\b(?:(?:b2 |master )?(?:application |app |access |secret |api |account )?(?:key|secret|credentials?) (?:files?|file ?names?|file ?paths?|paths?)|(?:files?|paths?) (?:to|of) (?:the )?(?:b2 |master )?(?:application |app |access |secret |api |account )?(?:keys?|secrets?|credentials?))\b/g,
    role: 'decoy',
    weight: 8,
    tag: KEY_FILE,
  },
  // OAuth's client credentials ("Client ID", "Client secret"): B2 and S3-compatible tools never name their keys so.
  { re: /\bclient (?:id(?:entifier)?|secret)(?: key)?\b/g, role: 'decoy', weight: 8, tag: 'oauth client' },
  // Unambiguous secret phrases that contain keyID words.
  { re: /\bsecret access key\b/g, role: 'secret', weight: 10, tag: 'secret access key' },
  { re: /\baccess key secret\b/g, role: 'secret', weight: 10, tag: 'access key secret' },
  { re: /\bsecret (?:application |app )?key\b/g, role: 'secret', weight: 10, tag: 'secret key' },
  // keyID phrases.
  {
    re: /\b(?:b2 )?(?:application|app|access|master|api) key id(?:entifier)?\b/g,
    role: 'keyId',
    weight: 10,
    tag: 'application/access key id',
  },
  { re: /\bkey id(?:entifier)?\b/g, role: 'keyId', weight: 9, tag: 'key id' },
  { re: /\b(?:b2 )?(?:account|acct) id(?:entifier)?\b/g, role: 'keyId', weight: 8, tag: 'account id' },
  { re: /\baccess id\b/g, role: 'keyId', weight: 7, tag: 'access id' },
  // Tools name B2's pair for their own config ("b2_id" / "b2_key"): the ID of a B2 pair is its keyID (heldout-10).
  { re: /\bb2 id\b/g, role: 'keyId', weight: 7, tag: 'b2 id' },
  // S3 wording: "Access key" (without "secret") is the keyID.
  { re: /\baccess key\b/g, role: 'keyId', weight: 7, tag: 'access key' },
  // Secret phrases.
  { re: /\b(?:b2 )?(?:master )?(?:application|app) key\b/g, role: 'secret', weight: 10, tag: 'application key' },
  // Older B2 wording (restic's B2_ACCOUNT_KEY, "master key"): the secret of the account.
  { re: /\b(?:account|acct|master) key\b/g, role: 'secret', weight: 9, tag: 'account key' },
  { re: /\b(?:api|access|b2) secret\b/g, role: 'secret', weight: 9, tag: 'api secret' },
  { re: /\bsecret\b/g, role: 'secret', weight: 8, tag: 'secret' },
  // Decoys: things that are plainly not a B2 credential field.
  { re: /\bkey (?:name|names|label|description)\b/g, role: 'decoy', weight: 6, tag: 'key name' },
  { re: /\b(?:search|filter|query|q|find)\b/g, role: 'decoy', weight: 6, tag: 'search' },
  { re: /\b(?:username|user|login|e mail|email|mail)\b/g, role: 'decoy', weight: 6, tag: 'user' },
  { re: /\bbuckets?\b/g, role: 'decoy', weight: 6, tag: 'bucket' },
  {
    re: /\b(?:name|title|description|comment|note|notes|tag|tags|prefix|folder|directory)\b/g,
    role: 'decoy',
    weight: 6,
    tag: 'name/description',
  },
  {
    re: /\b(?:endpoint|region|url|uri|host|hostname|server|port|path|domain|address)\b/g,
    role: 'decoy',
    weight: 6,
    tag: 'endpoint/region',
  },
  { re: /\b(?:phone|otp|code|captcha|pin|totp)\b/g, role: 'decoy', weight: 6, tag: 'code' },
  // A site's own sign-in and a backup tool's encryption password are never a B2 credential.
  { re: /\b(?:password|passwd|pwd|pass ?phrase|encryption|encrypt)\b/g, role: 'decoy', weight: 6, tag: 'password' },
  // Weak hints: rclone calls its fields just `account` and `key`.
  { re: /\baccount\b/g, role: 'keyId', weight: 4, tag: 'account' },
  { re: /\bkey\b/g, role: 'secret', weight: 3, tag: 'key' },
];

const RULES: readonly Rule[] = [...VOCAB_RULES, ...ENGLISH_RULES];

/** The English rules' tags and the hit tags of the table entries `keep` picks, as one set. */
function tagSet(english: readonly string[], keep: (e: VocabEntry) => boolean): ReadonlySet<string> {
  return new Set([...english, ...VOCAB_TABLES.flatMap((t) => t.entries.filter(keep).map((e) => vocabTag(t.lang, e)))]);
}

/** Tags of the weak words for "key" alone ("key", "Schlüssel", "キー"): rclone's secret, or an S3 console's keyID beside "Secret". */
export const KEY_WORD_TAGS = tagSet(['key'], (e) => e.role === 'secret' && e.weight <= 4);

/** Tags of every keyID phrase ("key id", "application key id", "Schlüssel-ID"), English and the tables'. */
export const KEY_ID_TAGS: ReadonlySet<string> = new Set([...ENGLISH_RULES.filter((r) => r.role === 'keyId').map((r) => r.tag), ...tagSet([], (e) => e.role === 'keyId')]);

/** Tags of the words for "secret" alone ("secret", "Geheimnis", "シークレット"). */
export const SECRET_WORD_TAGS = tagSet(['secret'], (e) => e.role === 'secret' && e.weight > 4 && e.weight <= 8);

/** Tags of hits that say only "a secret" or "a key" or "an account", nothing B2-like: alone they fit any vault or CI secret. */
export const GENERIC_TAGS = tagSet(['secret', 'key', 'account'], (e) => (e.role === 'secret' && e.weight <= 8) || (e.role !== 'decoy' && e.weight <= 4));

/** Words for "the ID of" right before a secret's name, in the languages of the tables (folded). */
const ID_OF = /(?:^|[ |])(?:id|ids|identifier|identifiant|identificador|identificativo|identyfikator|идентификатор|ид)(?: (?:of|the|de|da|do|du|del|della|dell|des|di|la|le|l|van|der|het))* $/u;

/** Largest penalty one piece of text can give when it names nothing B2-like. */
const DECOY_CAP = 8;
/** Largest penalty when the same text also names a credential ("Application key ID for this bucket"). */
const DECOY_CAP_WITH_POSITIVE = 3;
/** Factor for the role named second when a text names both ("Application Key ID (not the Application Key)"). */
const SECOND_ROLE_FACTOR = 0.6;

/** Score one piece of text, with the tags of what matched. */
export function scoreTextDetailed(raw: string): TextScore {
  let text = normalizeText(raw);
  const hits: string[] = [];
  const specific: Record<CredentialRole, boolean> = { keyId: false, secret: false };
  if (text === '') return { keyId: 0, secret: 0, hits, specific };

  const best: Record<CredentialRole, number> = { keyId: 0, secret: 0 };
  const firstAt: Record<CredentialRole, number> = { keyId: Infinity, secret: Infinity };
  let decoy = 0;

  for (const rule of RULES) {
    if (rule.needle !== undefined && !text.includes(rule.needle)) continue;
    rule.re.lastIndex = 0;
    const tags = new Set<string>();
    const before = text;
    text = text.replace(rule.re, (match: string, ...rest: unknown[]) => {
      // The offset argument precedes the whole string in String.prototype.replace callbacks.
      const offset = rest[rest.length - 2];
      let role = rule.role;
      let tag = rule.role === 'decoy' ? `not:${rule.tag}` : rule.tag;
      // "ID de la clave de la aplicación", "ID of the application key": the ID of a secret is the keyID.
      if (role === 'secret' && rule.weight >= 9 && typeof offset === 'number' && ID_OF.test(before.slice(0, offset))) {
        role = 'keyId';
        tag = `id of:${rule.tag}`;
      }
      tags.add(tag);
      if (role === 'decoy') {
        decoy += rule.weight;
      } else {
        best[role] = Math.max(best[role], rule.weight);
        if (!GENERIC_TAGS.has(rule.tag)) specific[role] = true;
        if (typeof offset === 'number') firstAt[role] = Math.min(firstAt[role], offset);
      }
      // Keep positions stable for later offsets; `|` never matches a word boundary rule's letters.
      return '|'.repeat(match.length);
    });
    hits.push(...tags);
  }

  let { keyId, secret } = best;
  if (keyId > 0 && secret > 0) {
    if (firstAt.keyId < firstAt.secret) secret *= SECOND_ROLE_FACTOR;
    else if (firstAt.secret < firstAt.keyId) keyId *= SECOND_ROLE_FACTOR;
  }
  const penalty = Math.min(decoy, (keyId > 0 || secret > 0) && !hits.some((h) => UNCAPPED_DECOY_HITS.has(h)) ? DECOY_CAP_WITH_POSITIVE : DECOY_CAP);
  return { keyId: keyId - penalty, secret: secret - penalty, hits, specific };
}

/** How strongly a piece of text points at a keyID field and at a secret field (roughly −8 … 10 each). */
export function scoreText(text: string): RoleScore {
  const { keyId, secret } = scoreTextDetailed(text);
  return { keyId, secret };
}
