/**
 * Issue 8, items 2–4, against the real emulator in Node: re-adding an account with another key asks
 * first and keeps the replaced key's secret; an account edited at rest is reported damaged and sends
 * nothing anywhere (a second emulator plays the attacker's endpoint); storage format 1 accounts are
 * re-sealed without a downgrade path; records of the wrong type are damage, never "not saved".
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createService, type Service } from '../../src/background/service';
import { Session } from '../../src/background/session';
import { RpcError } from '../../src/rpc/errors';
import type { MethodName, ParsedRequestOf, ReplyOf, SenderClass } from '../../src/rpc/protocol';
import { LocalStore, MemoryArea } from '../../src/storage';
import { openSecret, sealSecret } from '../../src/vault';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';
import { RecordingArea } from '../helpers/recording-area';
import { findSecrets } from '../helpers/secrets-scan';

const PASS = 'correct horse battery staple';
let emu: RunningEmulator;
/** The endpoint an attacker writes into storage: it must never receive a request. */
let evil: RunningEmulator;
let local: MemoryArea;
let sessionArea: RecordingArea;
let clock: number;
let service: Service;

function makeService(opts: { demoEndpoint?: string } = {}): Service {
  return createService({
    store: new LocalStore(local),
    session: new Session(sessionArea),
    fetch: fetch.bind(globalThis),
    now: () => clock,
    sleep: async () => undefined,
    manifest: { name: 'B2 Key Manager', version: '0.0.0-test' },
    browser: 'firefox',
    demoEndpoint: opts.demoEndpoint ?? null,
  });
}

async function call<M extends MethodName>(m: M, params: ParsedRequestOf<M>, s: Service = service, senderClass: SenderClass = 'page'): Promise<ReplyOf<M>> {
  const handler = s.handlers[m] as (p: ParsedRequestOf<M>, c: { sender: object; senderClass: SenderClass }) => Promise<ReplyOf<M>>;
  return handler(params, { sender: {}, senderClass });
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

async function admin(on: RunningEmulator, path: string, init?: RequestInit): Promise<unknown> {
  const res = await fetch(`${on.url}/__emulator/${path}`, { ...init, headers: { 'content-type': 'application/json' } });
  return res.json();
}

const requests = async (on: RunningEmulator) => (await admin(on, 'requests')) as { endpoint: string }[];
const clearRequests = (on: RunningEmulator) => admin(on, 'requests', { method: 'DELETE' });

type IssuedKey = { applicationKeyId: string; applicationKey: string; keyName: string };
async function emulatorSecrets(): Promise<Map<string, string>> {
  const keys = (await admin(emu, 'keys')) as IssuedKey[] | { keys: IssuedKey[] };
  return new Map((Array.isArray(keys) ? keys : keys.keys).map((k) => [k.applicationKeyId, k.applicationKey]));
}

async function setUp(): Promise<void> {
  await call('createVault', { passphrase: PASS });
  await call('addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url });
}

type RawAccount = Record<string, unknown> & { sealedKey: { v: 1; iv: string; ct: string } };
async function rawAccount(): Promise<RawAccount> {
  return ((await local.get('accounts')).accounts as Record<string, RawAccount>)[emu.accountId]!;
}
async function editAccount(patch: Record<string, unknown>): Promise<void> {
  const accounts = (await local.get('accounts')).accounts as Record<string, RawAccount>;
  accounts[emu.accountId] = { ...accounts[emu.accountId]!, ...patch };
  await local.set({ accounts });
}

/** A managing key with every key-management capability, made in B2 and added as the account's key. */
async function manageWithAppKey(): Promise<{ applicationKeyId: string; applicationKey: string }> {
  const { key, applicationKey } = await call('createKey', { keyName: 'manager', capabilities: ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets', 'readFiles'] });
  await call('addAccount', { applicationKeyId: key.applicationKeyId, applicationKey, endpoint: emu.url, replaceKeyId: emu.applicationKeyId });
  return { applicationKeyId: key.applicationKeyId, applicationKey };
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  evil = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emu?.close();
  await evil?.close();
});
beforeEach(async () => {
  await admin(emu, 'reset', { method: 'POST', body: '{}' });
  await admin(evil, 'reset', { method: 'POST', body: '{}' });
  local = new MemoryArea();
  sessionArea = new RecordingArea();
  clock = Date.UTC(2026, 10, 30, 12);
  service = makeService();
});
afterEach(async () => {
  // Whatever the test did, no secret it knows is in storage.local in any encoding, and the attacker's endpoint got nothing.
  const secrets: Record<string, string> = { passphrase: PASS, masterKey: emu.applicationKey };
  for (const [id, secret] of await emulatorSecrets()) secrets[`key ${id}`] = secret;
  expect(findSecrets(Object.fromEntries(local.data), { ...secrets, ...sessionArea.seen })).toEqual([]);
  expect(await requests(evil)).toEqual([]);
});

describe('re-adding an account (item 2)', () => {
  it('the same key again changes nothing and says it is already added', async () => {
    await setUp();
    const before = JSON.stringify([...local.data]);
    const reply = await call('addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url, label: 'Other label' });
    expect(reply.alreadyAdded).toBe(true);
    expect(JSON.stringify([...local.data])).toBe(before);
  });

  it('another key of the same account asks first, naming both keyIDs and the capabilities lost, and changes nothing', async () => {
    await setUp();
    const { key, applicationKey } = await call('createKey', { keyName: 'lister-only', capabilities: ['listKeys', 'listBuckets'] });
    const before = JSON.stringify([...local.data]);
    const e = await callError('addAccount', { applicationKeyId: key.applicationKeyId, applicationKey, endpoint: emu.url });
    expect(e.code).toBe('ACCOUNT_KEY_CHANGE');
    expect(e.keyChange).toMatchObject({ accountId: emu.accountId, oldKeyId: emu.applicationKeyId, newKeyId: key.applicationKeyId, gainedCapabilities: [] });
    expect(e.keyChange?.lostCapabilities).toEqual(expect.arrayContaining(['writeKeys', 'deleteKeys']));
    expect(e.message).toContain(emu.applicationKeyId);
    expect(e.message).toContain(key.applicationKeyId);
    expect(e.message).toMatch(/could no longer create keys or delete keys/);
    expect(JSON.stringify([...local.data])).toBe(before);
    // A yes to another question (a stale keyID) is not a yes to this one.
    expect((await callError('addAccount', { applicationKeyId: key.applicationKeyId, applicationKey, endpoint: emu.url, replaceKeyId: 'someOtherKeyId' })).code).toBe('ACCOUNT_KEY_CHANGE');
    expect(JSON.stringify([...local.data])).toBe(before);
  });

  it('after a yes, replaces the key and keeps the replaced applicationKey as that keyID’s saved secret', async () => {
    await setUp();
    const { key, applicationKey } = await call('createKey', { keyName: 'lister-only', capabilities: ['listKeys', 'listBuckets'] });
    const view = await call('addAccount', { applicationKeyId: key.applicationKeyId, applicationKey, endpoint: emu.url, replaceKeyId: emu.applicationKeyId });
    expect(view.managingKeyId).toBe(key.applicationKeyId);
    expect(view.missingCapabilities).toEqual(['writeKeys', 'deleteKeys']);
    expect((await call('revealSecret', { applicationKeyId: emu.applicationKeyId })).applicationKey).toBe(emu.applicationKey);
    expect((await call('revealSecret', { applicationKeyId: key.applicationKeyId })).applicationKey).toBe(applicationKey);
    // And back again: the other direction keeps the app key's secret just the same.
    await call('addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url, replaceKeyId: key.applicationKeyId });
    expect((await call('revealSecret', { applicationKeyId: key.applicationKeyId })).applicationKey).toBe(applicationKey);
  });

  it('the managing key is listed as this account’s key with its secret saved, and reveals it', async () => {
    await setUp();
    const manager = await manageWithAppKey();
    const list = await call('refreshKeys', {});
    const row = list.keys.find((k) => k.applicationKeyId === manager.applicationKeyId);
    expect(row).toMatchObject({ isManagingKey: true, hasSecret: true, secretDamaged: false });
    expect(list.keys.filter((k) => k.isManagingKey)).toHaveLength(1);
    expect((await call('revealSecret', { applicationKeyId: manager.applicationKeyId })).applicationKey).toBe(manager.applicationKey);
  });

  it('a replacement whose old secret cannot be kept (secrets record damaged) is refused, and the account keeps its key', async () => {
    await setUp();
    const { key, applicationKey } = await call('createKey', { keyName: 'lister-only', capabilities: ['listKeys', 'listBuckets'] });
    await local.set({ [`secrets:${emu.accountId}`]: 'not a record' });
    const e = await callError('addAccount', { applicationKeyId: key.applicationKeyId, applicationKey, endpoint: emu.url, replaceKeyId: emu.applicationKeyId });
    expect(e.code).toBe('CORRUPT_ENTRY');
    expect((await rawAccount()).managingKeyId).toBe(emu.applicationKeyId);
  });
});

describe('an account edited at rest (item 3)', () => {
  it('endpoint edited while locked: after unlock the account is damaged and no request goes anywhere', async () => {
    await setUp();
    await call('lock', {});
    await editAccount({ endpoint: evil.url });
    await clearRequests(emu);
    await call('unlock', { passphrase: PASS });
    const e = await callError('refreshKeys', {});
    expect(e.code).toBe('ACCOUNT_DAMAGED');
    expect(e.message).toMatch(/changed outside B2 Key Manager/);
    expect(e.message).toContain(emu.applicationKeyId);
    expect(await requests(evil)).toEqual([]);
    expect(await requests(emu)).toEqual([]);
    const { accounts } = await call('listAccounts', {});
    expect(accounts[0]?.problem).toMatchObject({ code: 'ACCOUNT_DAMAGED' });
  });

  it('endpoint edited while unlocked, with a client and a session token in hand: still nothing is sent', async () => {
    await setUp();
    await call('refreshKeys', {});
    await editAccount({ endpoint: evil.url });
    await clearRequests(emu);
    expect((await callError('refreshKeys', {})).code).toBe('ACCOUNT_DAMAGED');
    // A restarted worker finds the token in storage.session: it must not use it for the edited account.
    const restarted = makeService();
    expect((await callError('refreshKeys', {}, restarted)).code).toBe('ACCOUNT_DAMAGED');
    expect((await callError('createKey', { keyName: 'never', capabilities: ['readFiles'] }, restarted)).code).toBe('ACCOUNT_DAMAGED');
    expect(await requests(emu)).toEqual([]);
  });

  it('a secret pasted for saving is not sent to an edited endpoint', async () => {
    await setUp();
    const { key, applicationKey } = await call('createKey', { keyName: 'paste-me', capabilities: ['readFiles'] });
    local.data.delete(`secrets:${emu.accountId}`);
    await editAccount({ endpoint: evil.url });
    expect((await callError('saveSecret', { applicationKeyId: key.applicationKeyId, applicationKey })).code).toBe('ACCOUNT_DAMAGED');
  });

  it('managingKeyId or accountId edited: damaged, named as the account’s key', async () => {
    await setUp();
    await editAccount({ managingKeyId: 'someOtherKeyId0000000000' });
    const e = await callError('refreshKeys', {});
    expect(e.code).toBe('ACCOUNT_DAMAGED');
    expect(e.message).toMatch(/This account’s key \(keyID someOtherKeyId0000000000\) is damaged/);
  });

  it('a damaged sealedKey is reported as the account’s key, also on reveal', async () => {
    await setUp();
    const acct = await rawAccount();
    const ct = Buffer.from(acct.sealedKey.ct, 'base64');
    ct[0]! ^= 1;
    await editAccount({ sealedKey: { ...acct.sealedKey, ct: ct.toString('base64') } });
    const e = await callError('revealSecret', { applicationKeyId: emu.applicationKeyId });
    expect(e.code).toBe('ACCOUNT_DAMAGED');
    expect(e.message).toContain(`This account’s key (keyID ${emu.applicationKeyId}) is damaged`);
  });

  it('an account entry of the wrong shape is damage, never “add an account”', async () => {
    await setUp();
    await editAccount({ endpoint: 7 });
    const e = await callError('refreshKeys', {});
    expect(e.code).toBe('ACCOUNT_DAMAGED');
    expect(e.message).toContain(emu.applicationKeyId);
    const listed = await call('listAccounts', {});
    expect(listed.accounts).toEqual([]);
    expect(listed.problems?.[0]).toMatch(/damaged/);
    // Adding it again repairs it.
    await call('addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url });
    expect((await call('refreshKeys', {})).accountId).toBe(emu.accountId);
  });

  it('re-adding the account at its real endpoint repairs an edited one', async () => {
    await setUp();
    await editAccount({ endpoint: evil.url });
    const view = await call('addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url });
    expect(view.alreadyAdded).toBeUndefined();
    expect(view.problem).toBeNull();
    expect((await call('refreshKeys', {})).accountId).toBe(emu.accountId);
  });
});

describe('storage format 1 accounts (sealed without the endpoint)', () => {
  /** Writes what format 1 stored: schemaVersion 1 and a managing key sealed with the old additional data. */
  async function storeFormat1(endpoint: string): Promise<void> {
    await setUp();
    const session = new Session(sessionArea);
    const dataKey = (await session.dataKey())!;
    const legacy = await sealSecret(dataKey, { accountId: emu.accountId, applicationKeyId: emu.applicationKeyId, purpose: 'legacyAccountKey' }, emu.applicationKey);
    await editAccount({ endpoint, sealedKey: legacy });
    await local.set({ schemaVersion: 1 });
    await call('lock', {});
  }

  it('a built-in endpoint is re-sealed at unlock, and works', async () => {
    await storeFormat1(emu.url);
    // The demo build's emulator is built in, like Backblaze's own endpoint.
    service = makeService({ demoEndpoint: emu.url });
    await call('unlock', { passphrase: PASS });
    const acct = await rawAccount();
    expect(acct.needsRebind).toBeUndefined();
    const dataKey = (await new Session(sessionArea).dataKey())!;
    expect(await openSecret(dataKey, { accountId: emu.accountId, applicationKeyId: emu.applicationKeyId, purpose: 'accountKey', endpoint: emu.url }, acct.sealedKey)).toBe(emu.applicationKey);
    expect((await call('refreshKeys', {})).accountId).toBe(emu.accountId);
  });

  it('any other endpoint waits for the person to confirm it; nothing is sent before', async () => {
    await storeFormat1(emu.url);
    service = makeService();
    await call('unlock', { passphrase: PASS });
    await clearRequests(emu);
    expect((await rawAccount()).needsRebind).toBe(true);
    const e = await callError('refreshKeys', {});
    expect(e.code).toBe('ENDPOINT_UNCONFIRMED');
    expect(e.message).toContain(emu.url);
    expect(await requests(emu)).toEqual([]);
    const { accounts } = await call('listAccounts', {});
    expect(accounts[0]?.problem).toMatchObject({ code: 'ENDPOINT_UNCONFIRMED' });
    // A yes for an endpoint other than the stored one does nothing.
    expect((await callError('confirmAccountEndpoint', { accountId: emu.accountId, endpoint: evil.url })).code).toBe('ENDPOINT_UNCONFIRMED');
    const view = await call('confirmAccountEndpoint', { accountId: emu.accountId, endpoint: emu.url });
    expect(view.problem).toBeNull();
    expect((await rawAccount()).needsRebind).toBeUndefined();
    expect((await call('refreshKeys', {})).accountId).toBe(emu.accountId);
  });

  it('no downgrade: flagging a current record as format 1 with an edited endpoint is still damage', async () => {
    await setUp();
    await editAccount({ endpoint: evil.url, needsRebind: true });
    await call('lock', {});
    await call('unlock', { passphrase: PASS });
    expect((await callError('refreshKeys', {})).code).toBe('ACCOUNT_DAMAGED');
    expect((await callError('confirmAccountEndpoint', { accountId: emu.accountId, endpoint: evil.url })).code).toBe('ACCOUNT_DAMAGED');
  });

  it('no downgrade: an old format-1 seal replayed with an edited endpoint is never used without a confirmation showing that endpoint', async () => {
    await storeFormat1(emu.url);
    service = makeService({ demoEndpoint: emu.url });
    await call('unlock', { passphrase: PASS });
    // The attacker kept the old seal and writes it back, flagged, with their endpoint, and rolls the version back.
    const session = new Session(sessionArea);
    const dataKey = (await session.dataKey())!;
    const replayed = await sealSecret(dataKey, { accountId: emu.accountId, applicationKeyId: emu.applicationKeyId, purpose: 'legacyAccountKey' }, emu.applicationKey);
    await editAccount({ endpoint: evil.url, sealedKey: replayed, needsRebind: true });
    await local.set({ schemaVersion: 1 });
    const restarted = makeService({ demoEndpoint: emu.url });
    await call('lock', {}, restarted);
    await call('unlock', { passphrase: PASS }, restarted);
    const e = await callError('refreshKeys', {}, restarted);
    expect(e.code).toBe('ENDPOINT_UNCONFIRMED');
    expect(e.message).toContain(evil.url);
    expect(e.message).toMatch(/do not confirm it/);
  });
});

describe('getStatus for a page’s script', () => {
  it('names no account', async () => {
    await setUp();
    const content = await call('getStatus', {}, service, 'content');
    expect(content.activeAccountId).toBeNull();
    expect(content.accountCount).toBe(0);
    expect(JSON.stringify(content)).not.toContain(emu.accountId);
    expect(content.vault).toBe('unlocked');
    const page = await call('getStatus', {}, service, 'page');
    expect(page).toMatchObject({ activeAccountId: emu.accountId, accountCount: 1 });
  });
});

describe('damage reported as damage (item 4)', () => {
  it('a secrets record that is a string: every key shows damaged, reveal says damaged, nothing is overwritten', async () => {
    await setUp();
    const created = [];
    for (let i = 0; i < 3; i++) created.push(await call('createKey', { keyName: `k${i}`, capabilities: ['readFiles'] }));
    await local.set({ [`secrets:${emu.accountId}`]: 'garbage' });
    const list = await call('listKeys', {});
    expect(list.keys).toHaveLength(3);
    for (const k of list.keys) expect(k).toMatchObject({ hasSecret: true, secretDamaged: true });
    const e = await callError('revealSecret', { applicationKeyId: created[0]!.key.applicationKeyId });
    expect(e.code).toBe('CORRUPT_ENTRY');
    expect(e.message).toMatch(/damaged/);
    expect(e.message).not.toMatch(/No applicationKey is saved/);
    expect((await local.get(`secrets:${emu.accountId}`))[`secrets:${emu.accountId}`]).toBe('garbage');
  });

  it('a delete B2 did but the local write could not record says so: “Deleted in B2”, never “Nothing was deleted”', async () => {
    await setUp();
    const { key } = await call('createKey', { keyName: 'to-delete', capabilities: ['readFiles'] });
    await local.set({ [`secrets:${emu.accountId}`]: 'garbage' });
    const e = await callError('deleteKey', { applicationKeyId: key.applicationKeyId });
    expect((await emulatorSecrets()).has(key.applicationKeyId)).toBe(false);
    expect(e.message).toMatch(/^Deleted in B2 \(keyID [^)]+\); the local copy could not be updated/);
    expect(e.message).not.toMatch(/Nothing was deleted/);
    expect(e.message).toMatch(/no longer listed/);
    expect((await call('listKeys', {})).keys.map((k) => k.applicationKeyId)).not.toContain(key.applicationKeyId);
    expect((await local.get(`secrets:${emu.accountId}`))[`secrets:${emu.accountId}`]).toBe('garbage');
  });

  it('one damaged entry marks only that key', async () => {
    await setUp();
    const a = await call('createKey', { keyName: 'fine', capabilities: ['readFiles'] });
    const b = await call('createKey', { keyName: 'broken', capabilities: ['readFiles'] });
    const key = `secrets:${emu.accountId}`;
    const raw = (await local.get(key))[key] as Record<string, { sealed: unknown }>;
    raw[b.key.applicationKeyId]!.sealed = 'not sealed';
    await local.set({ [key]: raw });
    const list = await call('listKeys', {});
    expect(list.keys.find((k) => k.applicationKeyId === a.key.applicationKeyId)?.secretDamaged).toBe(false);
    expect(list.keys.find((k) => k.applicationKeyId === b.key.applicationKeyId)).toMatchObject({ hasSecret: true, secretDamaged: true });
  });
});
