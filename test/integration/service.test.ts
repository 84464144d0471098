/**
 * The background service end to end in Node: real B2 client, real vault crypto, in-memory storage
 * areas, and the real emulator over loopback HTTP. Browser wiring is covered by the e2e suites.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_JOURNAL_TIMING } from '../../src/background/create-journal';
import { createService, type Service } from '../../src/background/service';
import { Session } from '../../src/background/session';
import { RpcError } from '../../src/rpc/errors';
import type { MethodName, ParsedRequestOf, ReplyOf } from '../../src/rpc/protocol';
import { LocalStore, MemoryArea } from '../../src/storage';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';
import { RecordingArea } from '../helpers/recording-area';
import { findSecrets } from '../helpers/secrets-scan';

const PASS = 'correct horse battery staple';
let emu: RunningEmulator;
let local: MemoryArea;
let sessionArea: RecordingArea;
/** Passphrases a test set beyond PASS; the storage scan looks for them too. */
let extraSecrets: Record<string, string>;
let clock: number;
let service: Service;

function makeService(fetchImpl: typeof fetch = fetch.bind(globalThis)): Service {
  return createService({
    store: new LocalStore(local),
    session: new Session(sessionArea),
    fetch: fetchImpl,
    now: () => clock,
    sleep: async () => undefined,
    manifest: { name: 'B2 Key Manager', version: '0.0.0-test' },
    browser: 'chrome',
    demoEndpoint: null,
  });
}

async function call<M extends MethodName>(m: M, params: ParsedRequestOf<M>, s: Service = service): Promise<ReplyOf<M>> {
  const handler = s.handlers[m] as (p: ParsedRequestOf<M>, c: { sender: object; senderClass: 'page' }) => Promise<ReplyOf<M>>;
  return handler(params, { sender: {}, senderClass: 'page' });
}

async function callError(m: MethodName, params: unknown, s: Service = service): Promise<RpcError> {
  try {
    await call(m, params as never, s);
  } catch (e) {
    if (e instanceof RpcError) return e;
    throw e;
  }
  throw new Error(`${m} did not fail`);
}

async function admin(path: string, init?: RequestInit): Promise<unknown> {
  const res = await fetch(`${emu.url}/__emulator/${path}`, { ...init, headers: { 'content-type': 'application/json' } });
  return res.json();
}

type IssuedKey = { applicationKeyId: string; applicationKey: string; keyName: string };

/** Secrets the emulator issued, except the thousands of bulk keys seeded for paging tests. */
async function emulatorSecrets(): Promise<Map<string, string>> {
  const keys = (await admin('keys')) as IssuedKey[] | { keys: IssuedKey[] };
  const list = (Array.isArray(keys) ? keys : keys.keys).filter((k) => !k.keyName.startsWith('bulk'));
  return new Map(list.map((k) => [k.applicationKeyId, k.applicationKey]));
}

async function setUp(): Promise<void> {
  await call('createVault', { passphrase: PASS });
  await call('addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url });
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(async () => emu?.close());
beforeEach(async () => {
  await admin('reset', { method: 'POST', body: '{}' });
  local = new MemoryArea();
  sessionArea = new RecordingArea();
  extraSecrets = {};
  clock = Date.UTC(2026, 10, 27, 12);
  service = makeService();
});
afterEach(async () => {
  // No test may leave a secret it knows in storage.local, in any encoding.
  const secrets: Record<string, string> = { passphrase: PASS, masterKey: emu.applicationKey };
  for (const [id, secret] of await emulatorSecrets()) secrets[`key ${id}`] = secret;
  expect(findSecrets(Object.fromEntries(local.data), { ...secrets, ...sessionArea.seen, ...extraSecrets })).toEqual([]);
});

describe('vault and accounts', () => {
  it('starts uninitialised, creates the vault unlocked, adds the account as active', async () => {
    expect((await call('getStatus', {})).vault).toBe('uninitialized');
    await setUp();
    const status = await call('getStatus', {});
    expect(status).toMatchObject({ vault: 'unlocked', activeAccountId: emu.accountId, accountCount: 1 });
    const { accounts } = await call('listAccounts', {});
    expect(accounts[0]).toMatchObject({ accountId: emu.accountId, isMasterKey: true, missingCapabilities: [] });
  });

  // The vault unit tests make 100 tries at low cost; here each try pays the real 600,000-iteration KDF.
  it('a wrong passphrase changes nothing, 10 times through the service', async () => {
    await setUp();
    await call('lock', {});
    const before = JSON.stringify([...local.data]);
    for (let i = 0; i < 10; i++) {
      // Past the guessing limit's longest wait (unlock-throttle.test.ts), so every try is really checked.
      clock += 30_000;
      const e = await callError('unlock', { passphrase: `wrong ${i}` });
      expect(e.code).toBe('WRONG_PASSPHRASE');
    }
    expect(JSON.stringify([...local.data])).toBe(before);
    expect((await call('getStatus', {})).vault).toBe('locked');
  }, 120_000);

  it('refuses an account B2 does not accept, with a sentence, and stores nothing', async () => {
    await call('createVault', { passphrase: PASS });
    const e = await callError('addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: 'K00' + 'x'.repeat(28), endpoint: emu.url });
    expect(e.code).toBe('B2_PERMISSION');
    expect(e.message).toMatch(/did not accept/);
    expect((await call('listAccounts', {})).accounts).toEqual([]);
  });

  it('refuses plain http to a non-loopback endpoint', async () => {
    await call('createVault', { passphrase: PASS });
    const e = await callError('addAccount', { applicationKeyId: 'a', applicationKey: 'b', endpoint: 'http://api.example.com' });
    expect(e.code).toBe('INVALID_INPUT');
  });

  it('changes the passphrase without touching the secrets', async () => {
    await setUp();
    const { key, applicationKey } = await call('createKey', { keyName: 'before-change', capabilities: ['listFiles'] });
    extraSecrets['new passphrase'] = 'a new long passphrase';
    await call('changePassphrase', { oldPassphrase: PASS, newPassphrase: 'a new long passphrase' });
    await call('lock', {});
    expect((await callError('unlock', { passphrase: PASS })).code).toBe('WRONG_PASSPHRASE');
    await call('unlock', { passphrase: 'a new long passphrase' });
    expect((await call('revealSecret', { applicationKeyId: key.applicationKeyId })).applicationKey).toBe(applicationKey);
  });
});

describe('keys', () => {
  it('creates a key, stores its secret encrypted, reveals exactly what B2 issued', async () => {
    await setUp();
    const reply = await call('createKey', { keyName: 'nas-backup', capabilities: ['listBuckets', 'listFiles', 'readFiles', 'writeFiles'] });
    expect(reply.saved).toBe(true);
    expect(reply.key.hasSecret).toBe(true);
    const issued = (await emulatorSecrets()).get(reply.key.applicationKeyId);
    expect(reply.applicationKey).toBe(issued);
    expect((await call('revealSecret', { applicationKeyId: reply.key.applicationKeyId })).applicationKey).toBe(issued);
    const list = await call('listKeys', {});
    expect(list.keys.map((k) => k.keyName)).toEqual(['nas-backup']);
  });

  it('20 concurrent creates: 20 keys in B2, 20 secrets saved and decryptable, one authorize', async () => {
    await setUp();
    await admin('requests', { method: 'DELETE' });
    // A restarted worker has no client in memory, so start from a fresh service sharing the storage.
    service = makeService();
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => call('createKey', { keyName: `parallel-${i}`, capabilities: ['readFiles'] })));
    const issued = await emulatorSecrets();
    expect(issued.size).toBe(20);
    for (const r of replies) {
      expect(r.saved).toBe(true);
      expect((await call('revealSecret', { applicationKeyId: r.key.applicationKeyId })).applicationKey).toBe(issued.get(r.key.applicationKeyId));
    }
    expect((await call('listKeys', {})).keys).toHaveLength(20);
    const log = (await admin('requests')) as { endpoint: string }[];
    expect(log.filter((r) => r.endpoint === 'b2_create_key')).toHaveLength(20);
    // The session token from addAccount is reused: no authorize at all.
    expect(log.filter((r) => r.endpoint === 'b2_authorize_account')).toHaveLength(0);
  });

  it('survives a worker restart still unlocked; a lock clears the session; the list works locked', async () => {
    await setUp();
    const { key, applicationKey } = await call('createKey', { keyName: 'restart', capabilities: ['readFiles'] });
    const restarted = makeService();
    expect((await call('getStatus', {}, restarted)).vault).toBe('unlocked');
    expect((await call('revealSecret', { applicationKeyId: key.applicationKeyId }, restarted)).applicationKey).toBe(applicationKey);
    await call('lock', {}, restarted);
    expect(await sessionArea.get(null)).toEqual({});
    expect((await callError('revealSecret', { applicationKeyId: key.applicationKeyId }, restarted)).code).toBe('LOCKED');
    const list = await call('listKeys', {}, restarted);
    expect(list.keys).toMatchObject([{ keyName: 'restart', hasSecret: true }]);
  });

  it('auto-locks after the chosen minutes without use', async () => {
    await setUp();
    await call('setSettings', { autoLock: { kind: 'minutes', minutes: 5 } });
    clock += 4 * 60_000;
    expect((await call('getStatus', {})).vault).toBe('unlocked');
    clock += 61_000;
    expect((await call('getStatus', {})).vault).toBe('locked');
  });

  it('a popup opened after the auto-lock time is told the vault is locked (its first screen is read again after the lock)', async () => {
    await setUp();
    await call('setSettings', { autoLock: { kind: 'minutes', minutes: 5 } });
    clock += 5 * 60_000 + 1_000;
    expect((await call('popupState', { limit: 10 })).status.vault).toBe('locked');
    expect(await sessionArea.get('dataKey')).toEqual({});
  });

  it('a refresh that fails midway keeps the old cache and records why', async () => {
    await setUp();
    await call('createKey', { keyName: 'kept', capabilities: ['readFiles'] });
    await call('refreshKeys', {});
    const before = await call('listKeys', {});
    await admin('seed-keys', { method: 'POST', body: JSON.stringify({ count: 10_050, namePrefix: 'bulk' }) });
    // First page succeeds, the second fails for every retry.
    let listCalls = 0;
    const failing = makeService(async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.endsWith('/b2_list_keys') && ++listCalls >= 2) return new Response(JSON.stringify({ status: 503, code: 'service_unavailable', message: 'busy' }), { status: 503 });
      return fetch(input, init);
    });
    const e = await callError('refreshKeys', {}, failing);
    expect(e.code).toBe('B2');
    expect(listCalls).toBeGreaterThanOrEqual(2);
    const after = await call('listKeys', {}, failing);
    expect(after.keys).toEqual(before.keys);
    expect(after.fetchedAt).toBe(before.fetchedAt);
    expect(after.lastError).toMatch(/trouble/);
    // And a good refresh afterwards picks up everything, across pages.
    const all = await call('refreshKeys', {});
    expect([all.totalAll, all.keys.length]).toEqual([10_051, 100]);
  }, 60_000);

  it('deleting a key drops its saved secret', async () => {
    await setUp();
    const { key } = await call('createKey', { keyName: 'short-lived', capabilities: ['readFiles'] });
    await call('deleteKey', { applicationKeyId: key.applicationKeyId });
    expect((await emulatorSecrets()).has(key.applicationKeyId)).toBe(false);
    expect((await call('listKeys', {})).keys).toEqual([]);
    expect((await callError('revealSecret', { applicationKeyId: key.applicationKeyId })).code).toBe('NOT_FOUND');
  });

  it('after a dropped connection B2 acted on, the create is never retried and the orphan key is flagged once B2 settled', async () => {
    await setUp();
    await call('refreshKeys', {});
    await admin('faults', { method: 'POST', body: JSON.stringify({ endpoint: 'b2_create_key', count: 1, drop: true, afterHandling: true }) });
    const e = await callError('createKey', { keyName: 'lost-secret', capabilities: ['readFiles'] });
    expect(e.code).toBe('AMBIGUOUS_CREATE');
    expect(e.message).not.toMatch(/nothing was created/i);
    const [orphanId] = [...(await emulatorSecrets()).keys()];
    // Only one b2_create_key went out: never retried blindly.
    const log = (await admin('requests')) as { endpoint: string }[];
    expect(log.filter((r) => r.endpoint === 'b2_create_key')).toHaveLength(1);
    clock += DEFAULT_JOURNAL_TIMING.uncertainSettleMs;
    await service.checkCreates();
    expect((await call('listKeys', {})).keys.find((k) => k.applicationKeyId === orphanId)).toMatchObject({ lost: true, hasSecret: false });
  });

  it('saves a secret for a key made elsewhere only after B2 accepts it', async () => {
    await setUp();
    const other = makeService();
    const { key, applicationKey } = await call('createKey', { keyName: 'made-elsewhere', capabilities: ['readFiles'] }, other);
    // Forget it locally, as if it had been created in the B2 console.
    local.data.delete(`secrets:${emu.accountId}`);
    const wrong = await callError('saveSecret', { applicationKeyId: key.applicationKeyId, applicationKey: 'K00' + 'y'.repeat(28) });
    expect(wrong.code).toBe('INVALID_INPUT');
    const saved = await call('saveSecret', { applicationKeyId: key.applicationKeyId, applicationKey });
    expect(saved.hasSecret).toBe(true);
    expect((await call('revealSecret', { applicationKeyId: key.applicationKeyId })).applicationKey).toBe(applicationKey);
  });

  it('explains a missing capability of the managing key', async () => {
    await setUp();
    const { key, applicationKey } = await call('createKey', { keyName: 'lister-only', capabilities: ['listKeys', 'listBuckets'] });
    await call('addAccount', { applicationKeyId: key.applicationKeyId, applicationKey, endpoint: emu.url, replaceKeyId: emu.applicationKeyId });
    const accounts = (await call('listAccounts', {})).accounts;
    expect(accounts[0]?.missingCapabilities).toEqual(['writeKeys', 'deleteKeys']);
    const e = await callError('createKey', { keyName: 'nope', capabilities: ['readFiles'] });
    expect(e.code).toBe('B2_PERMISSION');
    expect(e.message).toMatch(/writeKeys/);
  });

  it('is read-only, not wiped, when storage is from a newer version', async () => {
    await setUp();
    await local.set({ schemaVersion: 999 });
    const s = makeService();
    const status = await call('getStatus', {}, s);
    expect(status.readOnly).toBe(true);
    expect(status.readOnlyReason).toMatch(/newer version/);
    expect((await callError('setSettings', { autoLock: { kind: 'browserClose' } }, s)).code).toBe('READ_ONLY');
    expect((await call('listKeys', {}, s)).accountId).toBe(emu.accountId);
    await local.set({ schemaVersion: 2 });
  });
});

describe('review fixes: nothing lost, nothing left unlocked', () => {
  it('a damaged saved secret hides no other, reveals as damaged, and survives later writes', async () => {
    await setUp();
    const a = await call('createKey', { keyName: 'kept-a', capabilities: ['readFiles'] });
    const b = await call('createKey', { keyName: 'damaged-b', capabilities: ['readFiles'] });
    const key = `secrets:${emu.accountId}`;
    const raw = (await local.get(key))[key] as Record<string, { sealed: { iv: unknown } }>;
    raw[b.key.applicationKeyId]!.sealed.iv = 42;
    await local.set({ [key]: raw });
    const list = await call('listKeys', {});
    expect(list.keys.every((k) => k.hasSecret)).toBe(true);
    expect((await call('revealSecret', { applicationKeyId: a.key.applicationKeyId })).applicationKey).toBe(a.applicationKey);
    expect((await callError('revealSecret', { applicationKeyId: b.key.applicationKeyId })).code).toBe('CORRUPT_ENTRY');
    await call('createKey', { keyName: 'after-damage', capabilities: ['readFiles'] });
    const after = (await local.get(key))[key] as Record<string, { sealed: { iv: unknown } }>;
    expect(after[b.key.applicationKeyId]?.sealed.iv).toBe(42);
    expect(Object.keys(after)).toHaveLength(3);
  });

  it('an unreadable vault header is never replaced by a new vault', async () => {
    await setUp();
    await call('lock', {});
    const header = (await local.get('vault')).vault as Record<string, unknown>;
    await local.set({ vault: { ...header, future: 'argon2id' } });
    const before = JSON.stringify([...local.data]);
    expect((await call('getStatus', {})).vault).toBe('locked');
    expect((await callError('createVault', { passphrase: 'a brand new passphrase' })).code).toBe('VAULT_EXISTS');
    expect((await callError('unlock', { passphrase: PASS })).message).toMatch(/damaged|newer/);
    expect(JSON.stringify([...local.data])).toBe(before);
  });

  it('a lock during a slow authorize keeps no usable client', async () => {
    await setUp();
    await call('lock', {});
    await call('unlock', { passphrase: PASS }); // unlocking starts without tokens: the next call authorizes
    await admin('faults', { method: 'POST', body: JSON.stringify({ endpoint: 'b2_authorize_account', count: 1, delayMs: 800 }) });
    const refresh = callError('refreshKeys', {});
    await new Promise((r) => setTimeout(r, 200));
    await call('lock', {});
    expect((await refresh).code).toBe('LOCKED');
    expect((await callError('refreshKeys', {})).code).toBe('LOCKED');
    expect(await sessionArea.get(null)).toEqual({});
  });

  it('read-only data: create is refused before B2 is called', async () => {
    await setUp();
    await local.set({ schemaVersion: 999 });
    const s = makeService();
    expect((await callError('createKey', { keyName: 'never-made', capabilities: ['readFiles'] }, s)).code).toBe('READ_ONLY');
    expect((await emulatorSecrets()).size).toBe(0);
    await local.set({ schemaVersion: 2 });
  });

  it('keeps the secret of a create whose reply could not be parsed', async () => {
    await setUp();
    const odd = makeService(async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      const res = await fetch(input, init);
      if (url.endsWith('/b2_create_key')) {
        const body = (await res.json()) as Record<string, unknown>;
        return new Response(JSON.stringify({ ...body, capabilities: 'changed-shape' }), { status: 200, headers: { 'content-type': 'application/json' } });
      }
      if (url.endsWith('/b2_list_keys')) return new Response('{"status":500,"code":"internal_error","message":"x"}', { status: 500 });
      return res;
    });
    const reply = await call('createKey', { keyName: 'odd-reply', capabilities: ['readFiles'] }, odd);
    const issued = await emulatorSecrets();
    expect(reply.saved).toBe(true);
    expect(reply.applicationKey).toBe(issued.get(reply.key.applicationKeyId));
    expect((await call('revealSecret', { applicationKeyId: reply.key.applicationKeyId })).applicationKey).toBe(reply.applicationKey);
  });

  it('a key created during a slow refresh stays in the list', async () => {
    await setUp();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // The listing is taken (B2 answered without the new key) before the key is created; its answer waits.
    let taken!: () => void;
    const listed = new Promise<void>((r) => (taken = r));
    const slow = makeService(async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      const res = await fetch(input, init);
      if (url.endsWith('/b2_list_keys')) {
        taken();
        await gate;
      }
      return res;
    });
    const refreshing = call('refreshKeys', {}, slow);
    await listed;
    const created = await call('createKey', { keyName: 'during-refresh', capabilities: ['readFiles'] }, slow);
    release();
    const list = await refreshing;
    expect(list.keys.map((k) => k.applicationKeyId)).toContain(created.key.applicationKeyId);
  });

  it('a listing that names one key twice stores it once', async () => {
    await setUp();
    await call('createKey', { keyName: 'twice', capabilities: ['readFiles'] });
    const doubled = makeService(async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      const res = await fetch(input, init);
      if (!url.endsWith('/b2_list_keys')) return res;
      const body = (await res.json()) as { keys: unknown[]; nextApplicationKeyId: string | null };
      return new Response(JSON.stringify({ ...body, keys: [...body.keys, ...body.keys] }), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    const list = await call('refreshKeys', { limit: 100 }, doubled);
    const ids = list.keys.map((k) => k.applicationKeyId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(list.total).toBe(ids.length);
    expect(list.keys.map((k) => k.keyName)).toContain('twice');
  });

  it('refuses to delete the key the account is managed with', async () => {
    await setUp();
    const { key, applicationKey } = await call('createKey', { keyName: 'manager', capabilities: ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets'] });
    await call('addAccount', { applicationKeyId: key.applicationKeyId, applicationKey, endpoint: emu.url, replaceKeyId: emu.applicationKeyId });
    const e = await callError('deleteKey', { applicationKeyId: key.applicationKeyId });
    expect(e.code).toBe('INVALID_INPUT');
    expect((await emulatorSecrets()).has(key.applicationKeyId)).toBe(true);
  });

  it('filling a secret applies auto-lock first and never decrypts after the deadline', async () => {
    let valuesAsked = 0;
    const filling = createService({
      store: new LocalStore(local),
      session: new Session(sessionArea),
      fetch: fetch.bind(globalThis),
      now: () => clock,
      sleep: async () => undefined,
      manifest: { name: 'B2 Key Manager', version: '0.0.0-test' },
      browser: 'chrome',
      demoEndpoint: null,
      // Stands in for the browser's page injection (tested in Chromium); here only the order of checks matters.
      pageFiller: {
        async fill(req) {
          await req.values();
          valuesAsked++;
          return { status: 'filled', filled: ['secret'], frameUrl: 'https://nas.example/' };
        },
      },
    });
    service = filling;
    await setUp();
    const { key } = await call('createKey', { keyName: 'fill-me', capabilities: ['readFiles'] });
    expect((await call('fillOnPage', { applicationKeyId: key.applicationKeyId, what: 'secret', tabId: 1 })).status).toBe('filled');
    clock += 16 * 60_000;
    const { fillKey } = await import('../../src/background/fill-methods');
    await expect(fillKey(filling.context, { applicationKeyId: key.applicationKeyId, what: 'secret', tabId: 1, target: 'focused' })).rejects.toMatchObject({ code: 'LOCKED' });
    expect(valuesAsked).toBe(1);
  });
});

