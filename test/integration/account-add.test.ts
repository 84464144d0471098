/**
 * addAccount against the real emulator in Node: what the stored account says (label, endpoint, s3ApiUrl, when
 * added), what a re-add keeps, the question before another key replaces the managing key (every part of its
 * sentence), the name the replaced key's secret is kept under, and the session token that spares a second
 * authorize.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createService, type Service } from '../../src/background/service';
import { Session } from '../../src/background/session';
import { RpcError } from '../../src/rpc/errors';
import type { MethodName, ParsedRequestOf, ReplyOf } from '../../src/rpc/protocol';
import { LocalStore, MemoryArea, secretsKey } from '../../src/storage';
import { call as b2Call, tokenFor } from '../b2-emulator/helpers';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';
import { RecordingArea } from '../helpers/recording-area';
import { call as harnessCall, callError as harnessCallError } from '../helpers/service-harness';
import { findSecrets } from '../helpers/secrets-scan';

const PASS = 'correct horse battery staple';
let emu: RunningEmulator;
let local: MemoryArea;
let sessionArea: RecordingArea;
let clock: number;
let service: Service;
const issued: Record<string, string> = {};

// The harness's calls, on this file's service (replaced by beforeEach).
const call = <M extends MethodName>(m: M, params: ParsedRequestOf<M>): Promise<ReplyOf<M>> => harnessCall(service, m, params);
const callError = (m: MethodName, params: unknown): Promise<RpcError> => harnessCallError(service, m, params);

const admin = async (path: string, init: RequestInit = {}): Promise<unknown> => (await fetch(`${emu.url}/__emulator/${path}`, { ...init, headers: { 'content-type': 'application/json' } })).json();
const endpoints = async (): Promise<string[]> => ((await admin('requests')) as { endpoint: string }[]).map((r) => r.endpoint);
const master = (extra: Record<string, unknown> = {}) => ({ applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url, ...extra });
const storedAccount = async () => ((await local.get('accounts')).accounts as Record<string, Record<string, unknown>>)[emu.accountId]!;

async function appKey(keyName: string, capabilities: string[]): Promise<{ applicationKeyId: string; applicationKey: string }> {
  const { key, applicationKey } = await call('createKey', { keyName, capabilities });
  issued[key.applicationKeyId] = applicationKey;
  return { applicationKeyId: key.applicationKeyId, applicationKey };
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(async () => emu?.close());
beforeEach(async () => {
  await admin('reset', { method: 'POST', body: '{}' });
  local = new MemoryArea();
  sessionArea = new RecordingArea();
  clock = Date.UTC(2026, 11, 1, 10);
  service = createService({
    store: new LocalStore(local),
    session: new Session(sessionArea),
    fetch: fetch.bind(globalThis),
    now: () => clock,
    sleep: async () => undefined,
    manifest: { name: 'B2 Key Manager', version: '0.0.0-test' },
    browser: 'chrome',
    demoEndpoint: null,
  });
  await call('createVault', { passphrase: PASS });
});
afterEach(() => {
  expect(findSecrets(Object.fromEntries(local.data), { ...issued, ...sessionArea.seen, master: emu.applicationKey, passphrase: PASS })).toEqual([]);
});

describe('adding an account', () => {
  it('stores what authorizing said, a default label, the time; becomes active; keeps the token so the next call does not authorize again', async () => {
    const view = await call('addAccount', master());
    // A first add is neither "already added" nor a new key for an account already here.
    expect([view.alreadyAdded, view.keyUpdated]).toEqual([undefined, undefined]);
    expect(view).toMatchObject({ accountId: emu.accountId, label: `B2 account ${emu.accountId}`, endpoint: emu.url, managingKeyId: emu.applicationKeyId, isMasterKey: true, addedAt: clock, s3ApiUrl: `${emu.url}/s3` });
    expect((await local.get('activeAccountId')).activeAccountId).toBe(emu.accountId);
    await admin('requests', { method: 'DELETE' });
    await call('refreshKeys', {});
    expect(await endpoints()).not.toContain('b2_authorize_account');
  });

  it('trims the label, keyID and applicationKey it was given; a blank label gets the default', async () => {
    const view = await call('addAccount', { applicationKeyId: ` ${emu.applicationKeyId}\n`, applicationKey: `  ${emu.applicationKey} `, endpoint: emu.url, label: '  Work  ' });
    expect(view).toMatchObject({ label: 'Work', managingKeyId: emu.applicationKeyId });
    await local.remove('accounts');
    expect((await call('addAccount', master({ label: '   ' }))).label).toBe(`B2 account ${emu.accountId}`);
  });

  it('without an endpoint uses the one in the settings; refuses one that is not allowed, next to the field, before anything is sent', async () => {
    await call('setSettings', { endpoint: emu.url });
    expect((await call('addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey })).endpoint).toBe(emu.url);
    await admin('requests', { method: 'DELETE' });
    const e = await callError('addAccount', master({ endpoint: 'http://b2.example.com' }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.fields).toEqual({ endpoint: e.message });
    expect(await endpoints()).toEqual([]);
  });

  it('a re-add with another key keeps the label and the time added unless a new label is given', async () => {
    await call('addAccount', master({ label: 'Work' }));
    const added = clock;
    const other = await appKey('manager', ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets', 'readFiles']);
    clock += 60_000;
    const kept = await call('addAccount', { ...other, endpoint: emu.url, replaceKeyId: emu.applicationKeyId });
    expect(kept).toMatchObject({ label: 'Work', addedAt: added, managingKeyId: other.applicationKeyId });
    // A blank label is no label.
    const blank = await call('addAccount', master({ label: '   ', replaceKeyId: other.applicationKeyId }));
    expect(blank).toMatchObject({ label: 'Work', managingKeyId: emu.applicationKeyId });
    await call('addAccount', { ...other, endpoint: emu.url, replaceKeyId: emu.applicationKeyId });
    const renamed = await call('addAccount', master({ label: 'Home', replaceKeyId: other.applicationKeyId }));
    expect(renamed).toMatchObject({ label: 'Home', addedAt: added, managingKeyId: emu.applicationKeyId });
    // Another keyID is a key change the person confirmed, not a new secret for the same keyID.
    expect(renamed.keyUpdated).toBeUndefined();
  });
});

describe('adding the same key again', () => {
  it('at another address of the same endpoint: stored with the new endpoint, without asking', async () => {
    await call('addAccount', master());
    const other = emu.url.replace('127.0.0.1', 'localhost');
    expect(other).not.toBe(emu.url);
    const view = await call('addAccount', master({ endpoint: other }));
    expect(view.alreadyAdded).toBeUndefined();
    expect(view.endpoint).toBe(other);
    expect((await storedAccount()).endpoint).toBe(other);
  });

  it('over a stored key that no longer opens (damaged): repairs it, at the same endpoint too', async () => {
    await call('addAccount', master());
    const account = await storedAccount();
    const sealed = account['sealedKey'] as { ct: string };
    const ct = sealed.ct;
    await local.set({ accounts: { [emu.accountId]: { ...account, sealedKey: { ...sealed, ct: (ct[0] === 'A' ? 'B' : 'A') + ct.slice(1) } } } });
    expect((await call('listAccounts', {})).accounts[0]!.problem?.code).toBe('ACCOUNT_DAMAGED');
    const view = await call('addAccount', master());
    expect(view.alreadyAdded).toBeUndefined();
    expect(view.problem).toBeNull();
    // A repair is not a new secret: the one stored could not be read.
    expect(view.keyUpdated).toBeUndefined();
    expect((await call('revealSecret', { applicationKeyId: emu.applicationKeyId })).applicationKey).toBe(emu.applicationKey);
  });

  it('with a regenerated master key (same keyID, new secret B2 accepts): the new secret replaces the dead one, and says so', async () => {
    await call('addAccount', master({ label: 'Home' }));
    const made = (await admin(`alter-key/${emu.accountId}`, { method: 'POST', body: JSON.stringify({ newSecret: true }) })) as { applicationKey: string };
    expect(made.applicationKey).not.toBe(emu.applicationKey);
    issued['regenerated master'] = made.applicationKey; // afterEach: never in storage in plain text
    const view = await call('addAccount', master({ applicationKey: made.applicationKey }));
    expect(view.alreadyAdded).toBeUndefined();
    expect(view.keyUpdated).toBe(true);
    expect(view).toMatchObject({ label: 'Home', managingKeyId: emu.applicationKeyId });
    expect((await call('revealSecret', { applicationKeyId: emu.applicationKeyId })).applicationKey).toBe(made.applicationKey);
    // The account works with it: a listing goes through.
    await expect(call('refreshKeys', {})).resolves.toBeDefined();
    // Adding the same new key once more changes nothing.
    const again = await call('addAccount', master({ applicationKey: made.applicationKey }));
    expect(again.alreadyAdded).toBe(true);
    expect(again.keyUpdated).toBeUndefined();
  });

  it('an endpoint nothing answers at is named in the refusal', async () => {
    const e = await callError('addAccount', master({ endpoint: 'http://127.0.0.1:9' }));
    expect(e.code).toBe('NETWORK');
    expect(e.message).toContain('127.0.0.1:9');
  });
});

describe('a second account', () => {
  it('is added without taking over as the active account', async () => {
    const other = await startEmulator({ port: 0 });
    try {
      await call('addAccount', master());
      const view = await call('addAccount', { applicationKeyId: other.applicationKeyId, applicationKey: other.applicationKey, endpoint: other.url });
      expect(view.accountId).toBe(other.accountId);
      expect(other.accountId).not.toBe(emu.accountId);
      expect((await local.get('activeAccountId')).activeAccountId).toBe(emu.accountId);
      expect((await call('listAccounts', {})).accounts.map((a) => a.accountId)).toEqual([emu.accountId, other.accountId]);
      issued['other master'] = other.applicationKey;
    } finally {
      await other.close();
    }
  });
});

describe('replacing the managing key', () => {
  it('asks with every part said: what the new key lacks and could no longer do, and where the old secret stays', async () => {
    await call('addAccount', master());
    const lister = await appKey('lister', ['listKeys', 'readFiles']);
    const e = await callError('addAccount', { ...lister, endpoint: emu.url });
    expect(e.code).toBe('ACCOUNT_KEY_CHANGE');
    expect(e.message).toMatch(new RegExp(`^This account is already added with keyID ${emu.applicationKeyId}\\. Replace it with keyID ${lister.applicationKeyId}\\? The new key lacks [a-zA-Z, ]+, so B2 Key Manager could no longer create keys or delete keys or list buckets\\. `));
    expect(e.message).not.toMatch(/It adds/);
    expect(e.message).toMatch(new RegExp(`The applicationKey of keyID ${emu.applicationKeyId} stays saved in your vault\\.$`));
  });

  it('says what a key adds, and when both keys can do the same', async () => {
    // The account is managed with a key that lacks capabilities the master key has.
    await call('addAccount', master());
    const manager = await appKey('manager', ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets']);
    await call('addAccount', { ...manager, endpoint: emu.url, replaceKeyId: emu.applicationKeyId });
    const gains = await callError('addAccount', master());
    expect(gains.keyChange?.lostCapabilities).toEqual([]);
    expect(gains.message).not.toMatch(/lacks/);
    expect(gains.message).toContain(` It adds ${gains.keyChange!.gainedCapabilities.join(', ')}. `);
    expect(gains.keyChange!.gainedCapabilities.length).toBeGreaterThan(1);
    expect(gains.message).not.toMatch(/Both keys/);
    const twin = await appKey('twin', ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets']);
    const same = await callError('addAccount', { ...twin, endpoint: emu.url });
    expect(same.message).toMatch(/ Both keys have the same capabilities\. /);
    expect(same.message).not.toMatch(/lacks|It adds/);
    // Losing only capabilities that do not manage keys names them without saying what can no longer be done.
    const noRead = await appKey('no-read', ['listKeys', 'writeKeys', 'deleteKeys']);
    const lost = await callError('addAccount', { ...noRead, endpoint: emu.url });
    expect(lost.message).toMatch(/The new key lacks listBuckets, so B2 Key Manager could no longer list buckets\./);
    expect(lost.message).not.toMatch(/Both keys/);
    // Several lost, management among them: all named, and what can no longer be done in the same order.
    const writer = await appKey('writer', ['writeKeys']);
    const many = await callError('addAccount', { ...writer, endpoint: emu.url });
    expect(many.message).toMatch(/ The new key lacks listKeys, deleteKeys, listBuckets, so B2 Key Manager could no longer list keys or delete keys or list buckets\. /);
    // Only capabilities that do not manage keys lost: named, with nothing about what can no longer be done.
    await call('addAccount', master({ replaceKeyId: manager.applicationKeyId }));
    const full = await appKey('full', ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets', 'readFiles']);
    await call('addAccount', { ...full, endpoint: emu.url, replaceKeyId: emu.applicationKeyId });
    const noFiles = await appKey('no-files', ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets']);
    const filesOnly = await callError('addAccount', { ...noFiles, endpoint: emu.url });
    expect(filesOnly.message).toMatch(/ The new key lacks readFiles\. The applicationKey of keyID /);
  });

  it('keeps the replaced key’s secret under its name: “Master application key” for the master key, the listed name for another', async () => {
    await call('addAccount', master());
    const manager = await appKey('manager-key', ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets']);
    await call('refreshKeys', {});
    await call('addAccount', { ...manager, endpoint: emu.url, replaceKeyId: emu.applicationKeyId });
    const names = async () => Object.fromEntries(Object.entries((await local.get(secretsKey(emu.accountId)))[secretsKey(emu.accountId)] as Record<string, { keyName: string }>).map(([id, s]) => [id, s.keyName]));
    expect((await names())[emu.applicationKeyId]).toBe('Master application key');
    await call('addAccount', master({ replaceKeyId: manager.applicationKeyId }));
    expect((await names())[manager.applicationKeyId]).toBe('manager-key');
    expect((await storedAccount()).managingKeyId).toBe(emu.applicationKeyId);
  });

  it('a managing key made elsewhere and never listed is kept under no name, not as the master key', async () => {
    const token = await tokenFor(emu);
    const r = await b2Call(emu, 4, 'b2_create_key', token, { accountId: emu.accountId, keyName: 'made-elsewhere', capabilities: ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets'] });
    const elsewhere = { applicationKeyId: r.body['applicationKeyId'] as string, applicationKey: r.body['applicationKey'] as string };
    issued[elsewhere.applicationKeyId] = elsewhere.applicationKey;
    await call('addAccount', { ...elsewhere, endpoint: emu.url });
    await call('addAccount', master({ replaceKeyId: elsewhere.applicationKeyId }));
    const secrets = (await local.get(secretsKey(emu.accountId)))[secretsKey(emu.accountId)] as Record<string, { keyName: string }>;
    expect(secrets[elsewhere.applicationKeyId]?.keyName).toBe('');
    expect((await call('revealSecret', { applicationKeyId: elsewhere.applicationKeyId })).applicationKey).toBe(elsewhere.applicationKey);
  });
});
