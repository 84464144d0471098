/**
 * The one table of every message a page or the autofill script may send to the background:
 * its request schema, its reply schema and which senders may call it. The router enforces the
 * sender rule before it parses anything, and parses before any handler runs.
 */
import { z } from '../common/zod';
import { lazySchema } from '../common/lazy-schema';
import { errorCodes } from './codes';
import { KEY_FILTERS, KEY_SORTS } from '../common/key-views';
import { settingsSchema } from '../storage/settings';
import { HYGIENE_KINDS, ROW_KINDS } from '../common/hygiene';

/** "page" = one of our own extension pages (popup, options); "content" = a script running in a web page. */
export type SenderClass = 'page' | 'content';

const nonEmpty = lazySchema(() => z.string().check(z.minLength(1)));
/**
 * The account a key change is for: pages send the account of the key or form they showed, so a request sent after
 * another page made another account active still acts there (absent: the active account).
 */
const keyAccount = () => z.optional(nonEmpty);
/** A form's own id for one send (Create New Key, Rotate key): a popup opened later asks what became of it (createOutcome). */
const requestIdSchema = () => z.optional(z.string().check(z.minLength(1), z.maxLength(64)));

export const accessTypeSchema = lazySchema(() => z.enum(['readWrite', 'readOnly', 'writeOnly', 'custom']));

export const keyViewSchema = lazySchema(() => z.object({
  accountId: z.string(),
  applicationKeyId: z.string(),
  keyName: z.string(),
  capabilities: z.array(z.string()),
  bucketIds: z.nullable(z.array(z.string())),
  namePrefix: z.nullable(z.string()),
  expirationTimestamp: z.nullable(z.number()),
  options: z.array(z.string()),
  /** An encrypted copy of this key's applicationKey is in the vault. */
  hasSecret: z.boolean(),
  /** B2 created this key for one of our Create New Key requests, but its applicationKey never reached the vault. */
  lost: z.boolean(),
  /** The key the account is managed with: its applicationKey is the account's own (saved with the account). */
  isManagingKey: z.optional(z.boolean()),
  /** The saved copy exists but is damaged (the entry, or the account's whole secrets record): revealing it says so. */
  secretDamaged: z.optional(z.boolean()),
  /** Not saved, but held in memory since the vault refused it (heldSecret shows it); only present when true. */
  held: z.optional(z.literal(true)),
}));
export type KeyView = z.infer<typeof keyViewSchema>;

export const bucketSchema = lazySchema(() => z.object({ bucketId: z.string(), bucketName: z.string(), bucketType: z.string() }));
export type BucketView = z.infer<typeof bucketSchema>;

// The settings shape belongs to storage (it is what is stored); the RPC table only carries it.
export { autoLockSchema, settingsSchema, type AutoLock, type Settings } from '../storage/settings';

export const accountViewSchema = lazySchema(() => z.object({
  accountId: z.string(),
  label: z.string(),
  endpoint: z.string(),
  /** keyID of the key the extension uses to manage this account (the master key or an app key). */
  managingKeyId: z.string(),
  isMasterKey: z.boolean(),
  capabilities: z.array(z.string()),
  /** Key-management capabilities the managing key lacks; the UI warns about each. */
  missingCapabilities: z.array(z.string()),
  bucketRestriction: z.nullable(z.array(z.object({ id: z.string(), name: z.nullable(z.string()) }))),
  namePrefix: z.nullable(z.string()),
  s3ApiUrl: z.nullable(z.string()),
  addedAt: z.number(),
  savedSecretCount: z.number(),
  /** Which keyIDs those are, as a digest (account-methods.ts savedSecretsMark): what Remove account's "Delete them" names. */
  savedSecretsMark: z.string(),
  /** Checked while unlocked: the stored record was edited or damaged, or its endpoint waits for confirmation. */
  problem: z.optional(z.nullable(z.object({ code: z.enum(['ACCOUNT_DAMAGED', 'ENDPOINT_UNCONFIRMED']), message: z.string() }))),
}));
export type AccountView = z.infer<typeof accountViewSchema>;

export const vaultStateSchema = lazySchema(() => z.enum(['uninitialized', 'locked', 'unlocked']));

export const statusSchema = lazySchema(() => z.object({
  name: z.string(),
  version: z.string(),
  browser: z.enum(['chrome', 'firefox']),
  vault: vaultStateSchema,
  /** Stored data is newer than this code: nothing may be written. */
  readOnly: z.boolean(),
  readOnlyReason: z.nullable(z.string()),
  activeAccountId: z.nullable(z.string()),
  accountCount: z.number(),
  /** Preset by the demo build only (npm start), so the first-run screen points at the emulator. */
  demoEndpoint: z.nullable(z.string()),
  autoLockAt: z.nullable(z.number()),
}));
export type Status = z.infer<typeof statusSchema>;

export const accountListSchema = lazySchema(() => z.object({
  accounts: z.array(accountViewSchema),
  activeAccountId: z.nullable(z.string()),
  /** Sentences about stored account records too damaged to list. */
  problems: z.optional(z.array(z.string())),
}));

export const createKeyInputSchema = lazySchema(() => z.object({
  keyName: z.string(),
  capabilities: z.array(z.string()),
  bucketIds: z.optional(z.nullable(z.array(z.string()))),
  namePrefix: z.optional(z.nullable(z.string())),
  validDurationInSeconds: z.optional(z.nullable(z.number())),
  legacySingleBucket: z.optional(z.boolean()),
  /** The person's yes to "an earlier create of this name has not been checked yet" (CREATE_UNSETTLED). */
  confirmUnsettled: z.optional(z.boolean()),
  /** The account the form was for (default: the active one); see `keyAccount`. */
  accountId: keyAccount(),
}));

/** A Create New Key whose answer was lost, or whose check found something to tell. */
export const createCheckSchema = lazySchema(() => z.object({
  id: z.string(),
  keyName: z.string(),
  startedAt: z.number(),
  /** checking: B2 may still act on it; lost: keys of it lack a secret; created / notCreated: what the check found. */
  status: z.enum(['checking', 'lost', 'created', 'notCreated']),
  /** When the check is due (checking only). */
  checkAt: z.nullable(z.number()),
  lostKeyIds: z.array(z.string()),
  /** How the request ended, in a sentence. */
  detail: z.nullable(z.string()),
  /** B2's answer arrived and its key's secret is saved: a lost key is then another of that name, not this create's own. */
  saved: z.boolean(),
}));
export type CreateCheckView = z.infer<typeof createCheckSchema>;

/** A window of the key list: what a page shows, never the whole list (an account can hold 100,000 keys). */
export const keyWindowRequestSchema = lazySchema(() => z.strictObject({
  offset: z.optional(z.number().check(z.int(), z.nonnegative())),
  limit: z.optional(z.number().check(z.int(), z.gte(1), z.lte(500))),
  /** Words that must all appear in a key's name, keyID, buckets, capabilities, prefix or access type. */
  query: z.optional(z.string().check(z.maxLength(500))),
  /** The filter row: all keys, expiring soon, expired, no saved secret, applicationKey lost. */
  filter: z.optional(z.enum(KEY_FILTERS)),
  /** Name (default), created (newest first, as far as this extension knows), expiry (soonest first). */
  sort: z.optional(z.enum(KEY_SORTS)),
}));

export const keyListSchema = lazySchema(() => z.object({
  accountId: z.nullable(z.string()),
  /** The rows from `offset` on, in list order (by name, then keyID), matching `query` if one was given. */
  keys: z.array(keyViewSchema),
  offset: z.number(),
  /** Keys matching the query (every key without one). */
  total: z.number(),
  /** Every key of the account. */
  totalAll: z.number(),
  /** The cache is older than the freshness setting (or was never fetched): a page that just opened refreshes. */
  refreshDue: z.boolean(),
  buckets: z.array(bucketSchema),
  fetchedAt: z.nullable(z.number()),
  /** Why the last refresh failed, if it did; the cached list above is still the previous good one. */
  lastError: z.nullable(z.string()),
  createChecks: z.array(createCheckSchema),
  /** The "expiring soon" threshold from the options, so rows are marked the way the filter and badge count. */
  expiryWarningDays: z.optional(z.number()),
  /**
   * The cached list's version (it changes with every change to the list): a page scrolled into view from another
   * version than the rows around it (a key deleted or added on another page meanwhile) does not fit among them.
   */
  gen: z.optional(z.number()),
}));
export type KeyList = z.infer<typeof keyListSchema>;

/** Issue 10 (lifecycle): how one saved applicationKey fared when it was used to authorize (checkSecret). */
export const secretCheckSchema = lazySchema(() => z.object({
  applicationKeyId: z.string(),
  /** works; deleted / expired: B2 no longer has it or it ran out; mismatch: B2 has the key but not with this applicationKey; refused: B2 said no and why could not be told. */
  outcome: z.enum(['works', 'deleted', 'expired', 'mismatch', 'refused']),
  /** What B2 returned for a key that works. */
  capabilities: z.nullable(z.array(z.string())),
  /** For a working one-bucket key: whether it also authorizes on API v3 (single) or only on v4 (multi). */
  bucketKind: z.nullable(z.enum(['allBuckets', 'single', 'multi', 'unknown'])),
  /** The outcome in a sentence, with what to do. */
  message: z.string(),
}));
export type SecretCheck = z.infer<typeof secretCheckSchema>;

const keyLinkSchema = lazySchema(() => z.object({ applicationKeyId: z.string(), keyName: z.string() }));

/** Issue 10: what the details view shows beyond the key itself (keyNotes). */
export const keyNotesSchema = lazySchema(() => z.object({
  replaces: z.nullable(keyLinkSchema),
  replacedBy: z.nullable(keyLinkSchema),
  /** allBuckets; single: v3 bucketId (API v1–v4); multi: v4 bucketIds (API v4 only); unknown: one bucket, made elsewhere. */
  bucketKind: z.enum(['allBuckets', 'single', 'multi', 'unknown']),
  rotation: z.object({
    /** Why Rotate key cannot make an equivalent key, or null. */
    refusal: z.nullable(z.string()),
    suggestedName: z.string(),
    /** null: never expires. `known` false: guessed from the time the old key has left. */
    suggestedDuration: z.object({ seconds: z.nullable(z.number()), known: z.boolean() }),
  }),
}));
export type KeyNotesView = z.infer<typeof keyNotesSchema>;

// `message` is always the background's own sentence (pages show it as is); `frameUrl` is the frame's web
// origin only ('' for a sandboxed, data:, blob: or about: frame), never a path or other page-chosen text.
export const fillOutcomeSchema = lazySchema(() => z.discriminatedUnion('status', [
  z.object({ status: z.literal('filled'), filled: z.array(z.enum(['keyId', 'secret'])), frameUrl: z.string(), message: z.string() }),
  z.object({ status: z.literal('confirm'), reason: z.enum(['crossOriginFrame', 'insecurePage']), message: z.string(), frameUrl: z.string(), frameOrigin: z.string() }),
  z.object({ status: z.literal('notFound'), message: z.string() }),
  // Some asked-for value went in and some did not: `missing` names what could not be placed; never a success.
  z.object({ status: z.literal('partial'), filled: z.array(z.enum(['keyId', 'secret'])), missing: z.array(z.enum(['keyId', 'secret'])), frameUrl: z.string(), message: z.string() }),
]));
export type FillOutcomeView = z.infer<typeof fillOutcomeSchema>;

const ok = lazySchema(() => z.object({}));

/** Issue 13: one place a key was filled (the latest fill on that origin). */
export const usageEntrySchema = lazySchema(() => z.object({ origin: z.string(), title: z.string(), at: z.number(), filled: z.array(z.enum(['keyId', 'secret'])) }));
export type UsageEntryView = z.infer<typeof usageEntrySchema>;

/** Issue 13: one line of the key hygiene report; `keys` are the first few, `more` says others exist (hygieneKeys). */
export const hygieneKindSchema = lazySchema(() => z.enum(HYGIENE_KINDS));
export const hygieneLineSchema = lazySchema(() => z.object({
  kind: hygieneKindSchema,
  title: z.string(),
  /** Why it matters, in one sentence. */
  why: z.string(),
  action: z.enum(['rotate', 'delete', 'check', 'account']),
  count: z.number(),
  keys: z.array(z.object({ applicationKeyId: z.string(), keyName: z.string(), detail: z.optional(z.string()) })),
  more: z.boolean(),
}));
export type HygieneLine = z.infer<typeof hygieneLineSchema>;

interface MethodSpec<Req extends z.ZodMiniType, Res extends z.ZodMiniType> {
  req: Req;
  res: Res;
  allow: readonly SenderClass[];
}
const method = <Req extends z.ZodMiniType, Res extends z.ZodMiniType>(req: Req, res: Res, allow: readonly SenderClass[]) =>
  ({ req, res, allow }) satisfies MethodSpec<Req, Res>;

const PAGES = ['page'] as const;
const ANY = ['page', 'content'] as const;

export const methods = {
  // Read-only facts. The autofill script may ask whether it can expect a secret at all.
  // For a content script the reply names no account: activeAccountId null, accountCount 0 (vault-methods.ts).
  getStatus: lazySchema(() => method(z.strictObject({}), statusSchema, ANY)),
  /**
   * Everything the popup needs to draw its first screen, in one message: the status, the accounts and the first
   * rows of the active account's list (null while there is no vault or account to list).
   */
  popupState: lazySchema(() => method(
    z.strictObject({ limit: z.number().check(z.int(), z.gte(1), z.lte(500)) }),
    z.object({ status: statusSchema, accounts: z.nullable(accountListSchema), list: z.nullable(keyListSchema) }),
    PAGES,
  )),

  // Vault
  createVault: lazySchema(() => method(z.strictObject({ passphrase: nonEmpty }), statusSchema, PAGES)),
  unlock: lazySchema(() => method(z.strictObject({ passphrase: nonEmpty }), statusSchema, PAGES)),
  lock: lazySchema(() => method(z.strictObject({}), statusSchema, PAGES)),
  changePassphrase: lazySchema(() => method(z.strictObject({ oldPassphrase: nonEmpty, newPassphrase: nonEmpty }), ok, PAGES)),

  // Settings
  getSettings: lazySchema(() => method(z.strictObject({}), settingsSchema, PAGES)),
  setSettings: lazySchema(() => method(z.strictObject(z.partial(settingsSchema).shape), settingsSchema, PAGES)),

  // Accounts
  listAccounts: lazySchema(() => method(z.strictObject({}), accountListSchema, PAGES)),
  addAccount: lazySchema(() => method(
    z.strictObject({
      applicationKeyId: nonEmpty,
      applicationKey: nonEmpty,
      label: z.optional(z.string()),
      endpoint: z.optional(z.string()),
      /** The person's yes to an ACCOUNT_KEY_CHANGE answer: the keyID it named as the one to replace. */
      replaceKeyId: z.optional(z.string()),
    }),
    z.extend(accountViewSchema, {
      /** The same key was already the account's key: nothing was changed. */
      alreadyAdded: z.optional(z.boolean()),
      /** The account's keyID with a new secret B2 accepted (a regenerated master key): the stored secret was replaced. */
      keyUpdated: z.optional(z.boolean()),
    }),
    PAGES,
  )),
  /** A storage-format-1 account whose endpoint is not Backblaze's: the person confirms the endpoint the page showed. */
  confirmAccountEndpoint: lazySchema(() => method(z.strictObject({ accountId: nonEmpty, endpoint: nonEmpty }), accountViewSchema, PAGES)),
  setActiveAccount: lazySchema(() => method(z.strictObject({ accountId: nonEmpty }), ok, PAGES)),
  /**
   * Deleting the saved applicationKeys names how many the page showed (`savedSecretCount` of listAccounts): the
   * background refuses (CHANGED_MEANWHILE) when the vault holds another number, saved since from the popup, or
   * another set of keyIDs than `savedSecretsMark` names (the options page always sends it).
   */
  removeAccount: lazySchema(() => method(
    z.union([
      z.strictObject({ accountId: nonEmpty, keepSecrets: z.literal(true) }),
      z.strictObject({ accountId: nonEmpty, keepSecrets: z.literal(false), savedSecretCount: z.number().check(z.int(), z.gte(0)), savedSecretsMark: z.optional(z.string()) }),
    ]),
    ok,
    PAGES,
  )),

  // Keys of the active account
  listKeys: lazySchema(() => method(keyWindowRequestSchema, keyListSchema, PAGES)),
  /** One key, e.g. for its details view; `keyName` only helps find it faster and is checked. */
  getKey: lazySchema(() => method(z.strictObject({ applicationKeyId: nonEmpty, accountId: keyAccount(), keyName: z.optional(z.string()) }), z.object({ key: z.nullable(keyViewSchema) }), PAGES)),
  // The account whose list the page showed when Refresh was clicked (absent: the active account): another page may
  // have made another one active meanwhile.
  refreshKeys: lazySchema(() => method(z.extend(keyWindowRequestSchema, { accountId: keyAccount() }), keyListSchema, PAGES)),
  /** The buckets of `accountId` (default: the active account), e.g. for the picker of a form opened for that account. */
  listBuckets: lazySchema(() => method(z.strictObject({ refresh: z.optional(z.boolean()), accountId: keyAccount() }), z.object({ buckets: z.array(bucketSchema) }), PAGES)),
  /** `requestId`: the form's own id for this send, by which a popup opened later asks what became of it (createOutcome). */
  createKey: lazySchema(() => method(
    z.strictObject({ ...createKeyInputSchema.shape, requestId: requestIdSchema() }),
    z.object({ key: keyViewSchema, applicationKey: z.string(), saved: z.boolean() }),
    PAGES,
  )),
  /**
   * What became of a create sent with `requestId` (null: no record of it): the popup that sent it may have closed
   * before the answer. Never carries the applicationKey: a created key's secret is in the vault, held in memory
   * because the vault refused it (`held`: heldSecret shows it), or flagged lost.
   */
  createOutcome: lazySchema(() => method(
    z.strictObject({ requestId: nonEmpty }),
    z.object({
      outcome: z.nullable(z.union([
        z.object({ state: z.literal('pending') }),
        z.object({ state: z.literal('created'), keyName: z.string(), applicationKeyId: z.string(), saved: z.boolean(), held: z.boolean() }),
        z.object({ state: z.literal('failed'), error: rpcErrorSchema }),
      ])),
    }),
    PAGES,
  )),
  /**
   * The applicationKey of a new key whose vault write failed, from the sealed copy held in memory since
   * (storage.session; the key's view says `held`), as createKey would have answered: B2 shows a secret once, and the
   * popup that got that answer may have closed. Only while unlocked.
   */
  heldSecret: lazySchema(() => method(z.strictObject({ applicationKeyId: nonEmpty, accountId: keyAccount() }), z.object({ key: keyViewSchema, applicationKey: z.string(), saved: z.boolean() }), PAGES)),
  deleteKey: lazySchema(() => method(z.strictObject({ applicationKeyId: nonEmpty, accountId: keyAccount(), keyName: z.optional(z.string()) }), ok, PAGES)),
  revealSecret: lazySchema(() => method(z.strictObject({ applicationKeyId: nonEmpty, accountId: keyAccount() }), z.object({ applicationKey: z.string() }), PAGES)),
  saveSecret: lazySchema(() => method(z.strictObject({ applicationKeyId: nonEmpty, accountId: keyAccount(), applicationKey: nonEmpty, keyName: z.optional(z.string()) }), keyViewSchema, PAGES)),
  dismissCreateCheck: lazySchema(() => method(z.strictObject({ id: nonEmpty }), ok, PAGES)),
  // Issue 10 (lifecycle): rotate, check, lineage.
  keyNotes: lazySchema(() => method(z.strictObject({ applicationKeyId: nonEmpty, accountId: keyAccount() }), keyNotesSchema, PAGES)),
  /**
   * Creates a successor with the old key's restrictions through Create New Key's path; the old key is left alone.
   * `requestId` as for createKey.
   */
  rotateKey: lazySchema(() => method(
    z.strictObject({
      applicationKeyId: nonEmpty,
      accountId: keyAccount(),
      keyName: z.string(),
      validDurationInSeconds: z.nullable(z.number()),
      confirmUnsettled: z.optional(z.boolean()),
      requestId: requestIdSchema(),
    }),
    z.object({ key: keyViewSchema, applicationKey: z.string(), saved: z.boolean() }),
    PAGES,
  )),
  /** Authorizes with a saved applicationKey (default: of the active account) and says how it fared; changes nothing. */
  checkSecret: lazySchema(() => method(z.strictObject({ applicationKeyId: nonEmpty, accountId: z.optional(z.string()) }), secretCheckSchema, PAGES)),
  /** keyIDs and names (never secrets) of an account's saved applicationKeys, its own key first: for "Check all saved secrets". */
  savedSecrets: lazySchema(() => method(z.strictObject({ accountId: nonEmpty }), z.object({ keys: z.array(keyLinkSchema) }), PAGES)),
  /** The popup copied a secret (or a snippet holding one): its SHA-256, so the background can clear it later. */
  secretCopied: lazySchema(() => method(
    z.strictObject({ digest: z.string().check(z.regex(/^[0-9a-f]{64}$/)) }),
    z.object({
      /**
       * Present when the browser refused to store when to clear it: it is cleared after `clearAfterSeconds` (null:
       * at the next lock) only while the background keeps running, so a browser closed first leaves it there.
       */
      notRecorded: z.optional(z.object({ clearAfterSeconds: z.nullable(z.number()) })),
    }),
    PAGES,
  )),

  // Encrypted backup (options page)
  /** The whole vault as an encrypted file's text, under `passphrase` (the vault's or another). */
  exportBackup: lazySchema(() => method(
    z.strictObject({ passphrase: nonEmpty }),
    z.object({ fileName: z.string(), contents: z.string(), accounts: z.number(), secrets: z.number(), skipped: z.array(z.string()) }),
    PAGES,
  )),
  /**
   * Opens a backup and merges it: `apply` false only reports what it would do (nothing is written); conflicts keep
   * what is here unless `onConflict` is 'replace'. A wrong passphrase (WRONG_PASSPHRASE) or a damaged file
   * (BACKUP_DAMAGED) changes nothing.
   */
  importBackup: lazySchema(() => method(
    z.strictObject({
      contents: z.string().check(z.minLength(1), z.maxLength(256 * 1024 * 1024)),
      passphrase: nonEmpty,
      apply: z.boolean(),
      onConflict: z.optional(z.enum(['keep', 'replace'])),
      /** The endpoints of the preview's `customEndpoints` the person said yes to: an applied import adding an account at any other one is refused (ENDPOINT_UNCONFIRMED). */
      confirmedEndpoints: z.optional(z.array(z.string().check(z.maxLength(2048))).check(z.maxLength(1000))),
    }),
    z.object({
      applied: z.boolean(),
      added: z.number(),
      same: z.number(),
      conflicting: z.number(),
      /** Of the conflicts, those where the file's entry went in (or would): the rest keep the one here. */
      replaced: z.number(),
      skipped: z.number(),
      conflicts: z.array(z.object({ kind: z.enum(['account', 'secret']), accountId: z.string(), applicationKeyId: z.string(), keyName: z.string(), reason: z.string() })),
      skippedReasons: z.array(z.string()),
      /** Accounts the import adds at an API endpoint that is not built in (Backblaze's): the page shows each and asks before importing. */
      customEndpoints: z.array(z.object({ accountId: z.string(), label: z.string(), endpoint: z.string() })),
      /** Sentences: what an applied import did not write because the record it goes into here is damaged. */
      leftOut: z.array(z.string()),
    }),
    PAGES,
  )),

  // Issue 13 (insight): where each key was filled, and the key hygiene report.
  /** One key's "Filled into" list, latest per origin, newest first (never the whole record). Needs the vault unlocked. */
  keyUsage: lazySchema(() => method(z.strictObject({ applicationKeyId: nonEmpty, accountId: keyAccount() }), z.object({ entries: z.array(usageEntrySchema), recording: z.boolean() }), PAGES)),
  /** Forgets every recorded fill, of every account. */
  clearKeyUsage: lazySchema(() => method(z.strictObject({}), ok, PAGES)),
  /** The keys to offer first on the tab's page (used there before; a rotated key's successor ahead of it). */
  pageSuggestions: lazySchema(() => method(
    z.strictObject({ tabId: z.optional(z.number().check(z.int(), z.nonnegative())), accountId: keyAccount() }),
    z.object({
      origin: z.nullable(z.string()),
      keys: z.array(z.object({ applicationKeyId: z.string(), keyName: z.string(), replaces: z.nullable(keyLinkSchema), lastUsedAt: z.number() })),
    }),
    PAGES,
  )),
  /** The active account's hygiene report: counts from the cache meta and small records, never a scan of the list. */
  hygieneReport: lazySchema(() => method(
    z.strictObject({}),
    z.object({ accountId: z.nullable(z.string()), total: z.number(), lines: z.array(hygieneLineSchema) }),
    PAGES,
  )),
  /** The keys of one row kind of the report of `accountId` (default: the active account), by window (for "Show all"). */
  hygieneKeys: lazySchema(() => method(
    z.strictObject({ kind: z.enum(ROW_KINDS), accountId: keyAccount(), offset: z.number().check(z.int(), z.nonnegative()), limit: z.number().check(z.int(), z.gte(1), z.lte(500)) }),
    z.object({ keys: z.array(keyLinkSchema), total: z.number() }),
    PAGES,
  )),

  // Autofill: the page script itself never calls the background; values travel only as arguments of the
  // one fill the person asked for.
  fillOnPage: lazySchema(() => method(
    z.strictObject({
      applicationKeyId: nonEmpty,
      accountId: keyAccount(),
      what: z.enum(['keyId', 'secret', 'both']),
      /** The tab to fill; default: the active tab of the last focused window. */
      tabId: z.optional(z.number().check(z.int(), z.nonnegative())),
      /** The person's yes to a previous 'confirm' answer: the frame origin it named (a yes covers that origin only). */
      confirmedOrigin: z.optional(z.string()),
    }),
    fillOutcomeSchema,
    PAGES,
  )),
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type RequestOf<M extends MethodName> = z.input<Methods[M]['req']>;
export type ParsedRequestOf<M extends MethodName> = z.output<Methods[M]['req']>;
export type ReplyOf<M extends MethodName> = z.output<Methods[M]['res']>;

export { errorCodes, type ErrorCode } from './codes';

export const rpcErrorSchema = lazySchema(() => z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  /** Present for B2 errors: B2's own status and code. */
  b2: z.optional(z.object({ status: z.number(), code: z.string() })),
  /** Field-level problems for INVALID_INPUT, keyed by request field. */
  fields: z.optional(z.record(z.string(), z.string())),
  /** ACCOUNT_KEY_CHANGE: what replacing the account's key would change. */
  keyChange: z.optional(z.object({
    accountId: z.string(),
    oldKeyId: z.string(),
    newKeyId: z.string(),
    lostCapabilities: z.array(z.string()),
    gainedCapabilities: z.array(z.string()),
  })),
  /** TOO_MANY_ATTEMPTS, and WRONG_PASSPHRASE once a wait applies: seconds before the next try is heard. */
  retryAfterSeconds: z.optional(z.number().check(z.int(), z.positive())),
}));
export type RpcErrorBody = z.infer<typeof rpcErrorSchema>;

export type Reply<T> = { ok: true; value: T } | { ok: false; error: RpcErrorBody };

/** The envelope on the wire; `b2km` marks it as ours so unrelated messages are ignored. */
export const envelopeSchema = lazySchema(() => z.object({ b2km: z.literal(1), method: z.string(), params: z.unknown() }));
export type Envelope = z.infer<typeof envelopeSchema>;
