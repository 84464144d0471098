// The emulator's data model: one account, its master key, buckets, application keys and auth tokens.
// Every mutation goes through a method here so that persistence ("save after every mutation") cannot be
// forgotten by a handler.
import { ALL_CAPABILITIES } from './capabilities';
import { newAccountId, newAuthToken, newBucketId, newKeyId, newSecret, sequentialKeyId } from './ids';

export type ApiVersion = 2 | 3 | 4;

export interface Bucket {
  bucketId: string;
  bucketName: string;
  bucketType: string;
  revision: number;
}

export interface StoredKey {
  applicationKeyId: string;
  applicationKey: string;
  keyName: string;
  capabilities: string[];
  /** null = all buckets. A v2/v3 single-bucket key is stored as a one-element array. */
  bucketIds: string[] | null;
  /** Created by v4 b2_create_key with non-null bucketIds: usable on v4 only (b2-key-api.md §0.3). */
  multiBucket: boolean;
  namePrefix: string | null;
  /** ms since epoch, or null = never expires. */
  expirationTimestamp: number | null;
  options: string[];
  createdAt: number;
}

export interface AuthToken {
  token: string;
  applicationKeyId: string;
  issuedAt: number;
  expiresAt: number;
}

export interface StateData {
  version: 1;
  accountId: string;
  /** Master key secret; the master key ID is the account ID. */
  masterKey: string;
  /** Buckets as first created/loaded: what /__emulator/reset goes back to. */
  seedBuckets: Bucket[];
  buckets: Bucket[];
  keys: StoredKey[];
  tokens: AuthToken[];
}

/** Who a token or Basic credential stands for. */
export interface Principal {
  applicationKeyId: string;
  isMaster: boolean;
  capabilities: readonly string[];
  bucketIds: string[] | null;
  multiBucket: boolean;
  namePrefix: string | null;
  expirationTimestamp: number | null;
}

export const DEFAULT_BUCKETS = ['photos-backup', 'nas-archive', 'web-assets:allPublic'];
export const BUCKET_TYPES = ['allPublic', 'allPrivate', 'snapshot', 'restricted', 'shared'] as const;

/**
 * Bucket specs are names, optionally with ':type' (e.g. 'web-assets:allPublic') so tests of the bucketTypes
 * filter can create snapshot/restricted buckets; plain names are allPrivate.
 */
export function makeBuckets(specs: readonly string[]): Bucket[] {
  return specs.map((spec) => {
    const [name = '', type = 'allPrivate'] = spec.split(':');
    if (!/^[a-z0-9-]{6,63}$/.test(name)) throw new Error(`invalid bucket name: ${name}`);
    if (!(BUCKET_TYPES as readonly string[]).includes(type)) throw new Error(`invalid bucket type: ${type}`);
    return { bucketId: newBucketId(), bucketName: name, bucketType: type, revision: 1 };
  });
}

export function freshStateData(bucketSpecs: readonly string[] = DEFAULT_BUCKETS): StateData {
  const buckets = makeBuckets(bucketSpecs);
  return {
    version: 1,
    accountId: newAccountId(),
    masterKey: newSecret(),
    seedBuckets: buckets.map((b) => ({ ...b })),
    buckets,
    keys: [],
    tokens: [],
  };
}

export class EmulatorState {
  readonly accountId: string;
  /** The master application key; `regenerateMasterKey` replaces it as the B2 console's "Generate New Master Application Key" does. */
  private master: string;
  private readonly firstMasterKey: string;
  private readonly seedBuckets: Bucket[];
  private buckets: Bucket[];
  private readonly keys = new Map<string, StoredKey>();
  private readonly tokens = new Map<string, AuthToken>();
  /** How new key IDs are made (admin `POST key-ids`): random by default, so clients cannot take ID order for creation order. */
  private keyIdOrder: 'random' | 'sequential' = 'random';
  private keyIdCounter = 0;
  /** Sorted key list, rebuilt lazily: list_keys with 10,000 keys must not sort on every page. */
  private sortedCache: StoredKey[] | null = null;

  constructor(data: StateData, private readonly onChange: (state: EmulatorState) => void = () => {}) {
    this.accountId = data.accountId;
    this.master = data.masterKey;
    this.firstMasterKey = data.masterKey;
    this.seedBuckets = data.seedBuckets.map((b) => ({ ...b }));
    this.buckets = data.buckets.map((b) => ({ ...b }));
    for (const k of data.keys) this.keys.set(k.applicationKeyId, { ...k });
    for (const t of data.tokens) this.tokens.set(t.token, { ...t });
  }

  get masterKey(): string {
    return this.master;
  }

  /**
   * Test control (admin `POST alter-key/<accountId>` with `newSecret`): a new master application key, as the B2
   * console makes one. The keyID (the account ID) stays; the old secret and every token it got stop working.
   */
  regenerateMasterKey(secret: string): void {
    this.master = secret;
    for (const [t, tok] of this.tokens) if (tok.applicationKeyId === this.accountId) this.tokens.delete(t);
    this.changed();
  }

  toData(): StateData {
    return {
      version: 1,
      accountId: this.accountId,
      masterKey: this.masterKey,
      seedBuckets: this.seedBuckets,
      buckets: this.buckets,
      keys: this.sortedKeys(),
      tokens: [...this.tokens.values()],
    };
  }

  private changed(): void {
    this.sortedCache = null;
    this.onChange(this);
  }

  // ---- principals ----

  masterPrincipal(): Principal {
    return {
      applicationKeyId: this.accountId,
      isMaster: true,
      capabilities: ALL_CAPABILITIES,
      bucketIds: null,
      multiBucket: false,
      namePrefix: null,
      expirationTimestamp: null,
    };
  }

  /** Resolves a key ID (the account ID means the master key) to its principal and secret. */
  findCredential(keyId: string): { principal: Principal; secret: string } | undefined {
    if (keyId === this.accountId) return { principal: this.masterPrincipal(), secret: this.masterKey };
    const key = this.keys.get(keyId);
    if (!key) return undefined;
    return { principal: keyPrincipal(key), secret: key.applicationKey };
  }

  // ---- keys ----

  getKey(id: string): StoredKey | undefined {
    return this.keys.get(id);
  }

  hasKeyId(id: string): boolean {
    return id === this.accountId || this.keys.has(id);
  }

  setKeyIdOrder(order: 'random' | 'sequential'): void {
    this.keyIdOrder = order;
  }

  /** A key ID no key has, nor any in `taken` (a batch being made). */
  newKeyId(taken: ReadonlySet<string> = new Set()): string {
    const next = () => (this.keyIdOrder === 'sequential' ? sequentialKeyId(this.accountId, ++this.keyIdCounter) : newKeyId(this.accountId));
    let id = next();
    while (taken.has(id) || this.hasKeyId(id)) id = next();
    return id;
  }

  addKeys(keys: readonly StoredKey[]): void {
    for (const k of keys) this.keys.set(k.applicationKeyId, k);
    this.changed();
  }

  deleteKey(id: string): StoredKey | undefined {
    const key = this.keys.get(id);
    if (!key) return undefined;
    this.keys.delete(id);
    // Tokens minted by a deleted key stop working at once (they then answer bad_auth_token).
    for (const [t, tok] of this.tokens) if (tok.applicationKeyId === id) this.tokens.delete(t);
    this.changed();
    return key;
  }

  /**
   * Test control (admin `POST alter-key`): moves a key's expiry (e.g. to now, so it has expired) and/or gives it
   * another secret (so a copy saved elsewhere no longer matches). Its tokens end, as they would for a key B2 no
   * longer accepts.
   */
  alterKey(id: string, change: { expirationTimestamp?: number | null; applicationKey?: string }): StoredKey | undefined {
    const key = this.keys.get(id);
    if (!key) return undefined;
    if (change.expirationTimestamp !== undefined) key.expirationTimestamp = change.expirationTimestamp;
    if (change.applicationKey !== undefined) key.applicationKey = change.applicationKey;
    for (const [t, tok] of this.tokens) if (tok.applicationKeyId === id) this.tokens.delete(t);
    this.changed();
    return key;
  }

  /** All non-master keys sorted by applicationKeyId (plain code-unit order, as B2 pages by ID). */
  sortedKeys(): StoredKey[] {
    if (!this.sortedCache) {
      this.sortedCache = [...this.keys.values()].sort((a, b) =>
        a.applicationKeyId < b.applicationKeyId ? -1 : a.applicationKeyId > b.applicationKeyId ? 1 : 0,
      );
    }
    return this.sortedCache;
  }

  keyCount(): number {
    return this.keys.size;
  }

  // ---- buckets ----

  sortedBuckets(): Bucket[] {
    return [...this.buckets].sort((a, b) => (a.bucketName < b.bucketName ? -1 : a.bucketName > b.bucketName ? 1 : 0));
  }

  bucketById(id: string): Bucket | undefined {
    return this.buckets.find((b) => b.bucketId === id);
  }

  bucketByName(name: string): Bucket | undefined {
    return this.buckets.find((b) => b.bucketName === name);
  }

  addBucket(bucket: Bucket): void {
    this.buckets.push(bucket);
    this.changed();
  }

  /** Deleting a bucket leaves keys restricted to it in place; authorize then shows its name as null (§2). */
  deleteBucket(id: string): Bucket | undefined {
    const bucket = this.bucketById(id);
    if (!bucket) return undefined;
    this.buckets = this.buckets.filter((b) => b.bucketId !== id);
    this.changed();
    return bucket;
  }

  // ---- tokens ----

  issueToken(principal: Principal, ttlSeconds: number, now = Date.now()): AuthToken {
    // A token never outlives its key: after the key expires, calls answer expired_auth_token and the
    // client's re-authorize then fails with unauthorized, which is what a client would see live.
    let expiresAt = now + ttlSeconds * 1000;
    if (principal.expirationTimestamp !== null) expiresAt = Math.min(expiresAt, principal.expirationTimestamp);
    const token: AuthToken = {
      token: newAuthToken(principal.applicationKeyId),
      applicationKeyId: principal.applicationKeyId,
      issuedAt: now,
      expiresAt,
    };
    // Drop tokens that expired more than a day ago so a long benchmark does not grow the state file forever.
    for (const [t, tok] of this.tokens) if (tok.expiresAt < now - 86_400_000) this.tokens.delete(t);
    this.tokens.set(token.token, token);
    this.changed();
    return token;
  }

  getToken(token: string): AuthToken | undefined {
    return this.tokens.get(token);
  }

  expireAllTokens(now = Date.now()): number {
    for (const tok of this.tokens.values()) tok.expiresAt = Math.min(tok.expiresAt, now - 1);
    this.changed();
    return this.tokens.size;
  }

  /** Back to the seeded state: same account, master key and original buckets; no keys, no tokens; random key IDs. */
  reset(): void {
    this.master = this.firstMasterKey;
    this.buckets = this.seedBuckets.map((b) => ({ ...b }));
    this.keys.clear();
    this.tokens.clear();
    this.keyIdOrder = 'random';
    this.keyIdCounter = 0;
    this.changed();
  }
}

export function keyPrincipal(key: StoredKey): Principal {
  return {
    applicationKeyId: key.applicationKeyId,
    isMaster: false,
    capabilities: key.capabilities,
    bucketIds: key.bucketIds,
    multiBucket: key.multiBucket,
    namePrefix: key.namePrefix,
    expirationTimestamp: key.expirationTimestamp,
  };
}
