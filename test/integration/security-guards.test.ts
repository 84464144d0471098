/**
 * Guards that hand-made mutations of the background showed no test would notice (issue 14), through the
 * whole service in Node against the real emulator: a wrong unlock while unlocked, the KDF upgrade racing a
 * passphrase change, saving a key of another account, removing an account while locked, and a B2 client
 * from before a lock.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createService, type Service } from '../../src/background/service';
import { Session } from '../../src/background/session';
import { RpcError } from '../../src/rpc/errors';
import type { MethodName, ParsedRequestOf, ReplyOf } from '../../src/rpc/protocol';
import { LocalStore, MemoryArea } from '../../src/storage';
import { changePassphrase, verifyPassphrase, type VaultHeader } from '../../src/vault';
import { authorize, call as b2Call, tokenFor } from '../b2-emulator/helpers';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';
import { RecordingArea } from '../helpers/recording-area';
import { findSecrets } from '../helpers/secrets-scan';

const PASS = 'correct horse battery staple';
const NEW_PASS = 'a passphrase changed meanwhile';

/** A session area that runs `onUnlocked` once, right after the next data key is written (mid-unlock). */
class HookedSession extends RecordingArea {
  onUnlocked: (() => Promise<void>) | null = null;
  override async set(items: Record<string, unknown>): Promise<void> {
    await super.set(items);
    const hook = this.onUnlocked;
    if (hook && 'dataKey' in items) {
      this.onUnlocked = null;
      await hook();
    }
  }
}

let emu: RunningEmulator;
let local: MemoryArea;
let sessionArea: HookedSession;
let service: Service;
const known: Record<string, string> = {};

function makeService(): Service {
  return createService({
    store: new LocalStore(local),
    session: new Session(sessionArea),
    fetch: fetch.bind(globalThis),
    now: () => Date.UTC(2026, 10, 30, 12),
    sleep: async () => undefined,
    manifest: { name: 'B2 Key Manager', version: '0.0.0-test' },
    browser: 'chrome',
    demoEndpoint: null,
  });
}

async function call<M extends MethodName>(m: M, params: ParsedRequestOf<M>): Promise<ReplyOf<M>> {
  const handler = service.handlers[m] as (p: ParsedRequestOf<M>, c: { sender: object; senderClass: 'page' }) => Promise<ReplyOf<M>>;
  return handler(params, { sender: {}, senderClass: 'page' });
}

async function callError(m: MethodName, params: unknown): Promise<RpcError> {
  try {
    await call(m, params as never);
  } catch (e) {
    if (e instanceof RpcError) return e;
    throw e;
  }
  throw new Error(`${m} did not fail`);
}

const admin = async (path: string, init: RequestInit = {}): Promise<unknown> => (await fetch(`${emu.url}/__emulator/${path}`, { ...init, headers: { 'content-type': 'application/json' } })).json();
const endpoints = async (): Promise<string[]> => ((await admin('requests')) as { endpoint: string }[]).map((r) => r.endpoint);
const storedHeader = (): VaultHeader => JSON.parse(local.data.get('vault')!) as VaultHeader;

/** A key made in B2 directly (not through the extension), so the extension has no secret for it. */
async function keyMadeElsewhere(name: string): Promise<{ applicationKeyId: string; applicationKey: string }> {
  const token = await tokenFor(emu);
  const r = await b2Call(emu, 4, 'b2_create_key', token, { accountId: emu.accountId, keyName: name, capabilities: ['listBuckets', 'readFiles'] });
  const key = { applicationKeyId: r.body['applicationKeyId'] as string, applicationKey: r.body['applicationKey'] as string };
  known[`key ${name}`] = key.applicationKey;
  return key;
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  known['master'] = emu.applicationKey;
});
afterAll(async () => emu?.close());
beforeEach(async () => {
  await admin('reset', { method: 'POST', body: '{}' });
  local = new MemoryArea();
  sessionArea = new HookedSession();
  service = makeService();
  await call('createVault', { passphrase: PASS });
  await call('addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url });
});
afterEach(() => {
  expect(findSecrets(Object.fromEntries(local.data), { ...known, ...sessionArea.seen, passphrase: PASS, newPassphrase: NEW_PASS })).toEqual([]);
});

describe('unlock', () => {
  it('a wrong passphrase while unlocked leaves the vault unlocked: the session is not cleared before the check', async () => {
    const { key, applicationKey } = await call('createKey', { keyName: 'kept-open', capabilities: ['readFiles'] });
    const before = JSON.stringify([...sessionArea.data]);
    expect((await callError('unlock', { passphrase: 'not the passphrase at all' })).code).toBe('WRONG_PASSPHRASE');
    expect((await call('getStatus', {})).vault).toBe('unlocked');
    // Data key and tokens as they were (only the guessing limit's count may have been added).
    const after = new Map(sessionArea.data);
    for (const k of ['dataKey', 'tokens', 'unlockedAt']) expect(after.get(k), k).toBe(new Map(JSON.parse(before) as [string, string][]).get(k));
    expect((await call('revealSecret', { applicationKeyId: key.applicationKeyId })).applicationKey).toBe(applicationKey);
  });

  it('the KDF upgrade of an old header never undoes a passphrase changed while the unlock ran', async () => {
    // An old, cheap header (1,000 iterations) of the same data key: unlocking it upgrades it to the default.
    const old = await changePassphrase(storedHeader(), PASS, PASS, { iterations: 1000 });
    local.data.set('vault', JSON.stringify(old));
    await call('lock', {});
    let changed: VaultHeader | null = null;
    // Another page changes the passphrase between the unlock's check and its upgrade write.
    sessionArea.onUnlocked = async () => {
      changed = await changePassphrase(old, PASS, NEW_PASS, { iterations: 1000 });
      local.data.set('vault', JSON.stringify(changed));
    };
    await call('unlock', { passphrase: PASS });
    expect(changed).not.toBeNull();
    expect(storedHeader()).toEqual(changed);
    expect(await verifyPassphrase(storedHeader(), NEW_PASS)).toBe(true);
    expect(await verifyPassphrase(storedHeader(), PASS)).toBe(false);
  });

  it('without a concurrent change, the old header is upgraded (the guard does not block the upgrade itself)', async () => {
    const old = await changePassphrase(storedHeader(), PASS, PASS, { iterations: 1000 });
    local.data.set('vault', JSON.stringify(old));
    await call('lock', {});
    await call('unlock', { passphrase: PASS });
    expect(storedHeader().kdf.iterations).toBe(600_000);
    expect(storedHeader().kdf.salt).not.toBe(old.kdf.salt);
  });
});

describe('saveSecret', () => {
  it('refuses a key that B2 says belongs to another account, and saves nothing', async () => {
    const key = await keyMadeElsewhere('from-another-account');
    // B2's own answer for this key, but naming another account: what a key of another account looks like.
    const real = await authorize(emu, 4, key.applicationKeyId, key.applicationKey);
    const other = { ...real.body, accountId: 'aaaaaaaaaaaa' };
    expect(await admin('faults', { method: 'POST', body: JSON.stringify({ endpoint: 'b2_authorize_account', status: 200, body: JSON.stringify(other) }) })).toBeTruthy();
    const e = await callError('saveSecret', key);
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toBe('This key belongs to a different B2 account.');
    expect([...local.data.keys()].filter((k) => k.startsWith('secrets:'))).toEqual([]);
    expect((await callError('revealSecret', { applicationKeyId: key.applicationKeyId })).code).not.toBe('INTERNAL');
    // The same key, answered truthfully, is saved: the refusal above was about the account.
    await call('saveSecret', key);
    expect((await call('revealSecret', { applicationKeyId: key.applicationKeyId })).applicationKey).toBe(key.applicationKey);
  });
});

describe('removeAccount', () => {
  it('is refused while locked: the account and its saved secrets stay', async () => {
    const { key, applicationKey } = await call('createKey', { keyName: 'must-survive', capabilities: ['readFiles'] });
    known['must-survive'] = applicationKey;
    await call('lock', {});
    const before = JSON.stringify([...local.data]);
    expect((await callError('removeAccount', { accountId: emu.accountId, keepSecrets: false, savedSecretCount: 1 })).code).toBe('LOCKED');
    expect(JSON.stringify([...local.data])).toBe(before);
    await call('unlock', { passphrase: PASS });
    expect((await call('listAccounts', {})).accounts.map((a) => a.accountId)).toEqual([emu.accountId]);
    expect((await call('revealSecret', { applicationKeyId: key.applicationKeyId })).applicationKey).toBe(applicationKey);
  });
});

describe('B2 client', () => {
  it('one authorised before a lock is not reused after the next unlock: the new session authorises again', async () => {
    await call('refreshKeys', {});
    await admin('requests', { method: 'DELETE' });
    await call('refreshKeys', {});
    expect(await endpoints()).not.toContain('b2_authorize_account');
    await call('lock', {});
    await call('unlock', { passphrase: PASS });
    await admin('requests', { method: 'DELETE' });
    await call('refreshKeys', {});
    expect((await endpoints()).filter((e) => e === 'b2_authorize_account')).toHaveLength(1);
  });
});
