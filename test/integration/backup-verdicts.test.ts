/**
 * Importing a backup whose secret for a keyID differs from the one here, against the real emulator in Node: B2 is
 * asked which of the two it accepts, and the working one is never replaced by the dead one, whatever the person
 * chose. The case people meet: an old backup's master key after the B2 console made a new one.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createService, type Service } from '../../src/background/service';
import { Session } from '../../src/background/session';
import type { MethodName, ParsedRequestOf, ReplyOf } from '../../src/rpc/protocol';
import { LocalStore, MemoryArea } from '../../src/storage';
import { sealSecret } from '../../src/vault';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';
import { callError, call as harnessCall } from '../helpers/service-harness';
import { findSecrets } from '../helpers/secrets-scan';

const PASS = 'correct horse battery staple';
const BACKUP_PASS = 'a backup passphrase of some length';
let emu: RunningEmulator;
let local: MemoryArea;
let service: Service;
const issued: Record<string, string> = {};

const call = <M extends MethodName>(m: M, params: ParsedRequestOf<M>): Promise<ReplyOf<M>> => harnessCall(service, m, params);
const admin = async (path: string, body?: unknown): Promise<Record<string, unknown>> =>
  (await fetch(`${emu.url}/__emulator/${path}`, { method: 'POST', body: JSON.stringify(body ?? {}), headers: { 'content-type': 'application/json' } })).json() as Promise<Record<string, unknown>>;
const authorizeCalls = async (): Promise<number> =>
  ((await (await fetch(`${emu.url}/__emulator/requests`)).json()) as { endpoint: string }[]).filter((r) => r.endpoint === 'b2_authorize_account').length;
const revealed = async (applicationKeyId: string): Promise<string> => (await call('revealSecret', { applicationKeyId })).applicationKey;

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(async () => emu?.close());
beforeEach(async () => {
  await admin('reset');
  local = new MemoryArea();
  service = createService({
    store: new LocalStore(local),
    session: new Session(new MemoryArea()),
    fetch: fetch.bind(globalThis),
    now: () => Date.now(),
    sleep: async () => undefined,
    manifest: { name: 'B2 Key Manager', version: '0.0.0-test' },
    browser: 'chrome',
    demoEndpoint: null,
  });
  await call('createVault', { passphrase: PASS });
  await call('addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url });
});
afterEach(() => {
  expect(findSecrets(Object.fromEntries(local.data), { ...issued, master: emu.applicationKey, passphrase: PASS, backup: BACKUP_PASS })).toEqual([]);
});

async function newMasterKey(): Promise<string> {
  const made = (await admin(`alter-key/${emu.accountId}`, { newSecret: true })) as { applicationKey: string };
  issued['new master'] = made.applicationKey;
  return made.applicationKey;
}

describe('an import that meets one keyID with two secrets', () => {
  it('an old backup after the console made a new master key: the new one stays, even when told to replace, and the sentence says why', async () => {
    const { contents } = await call('exportBackup', { passphrase: BACKUP_PASS });
    const fresh = await newMasterKey();
    expect((await call('addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: fresh, endpoint: emu.url })).keyUpdated).toBe(true);
    for (const onConflict of ['replace', 'keep'] as const) {
      const r = await call('importBackup', { contents, passphrase: BACKUP_PASS, apply: true, onConflict });
      expect(r.conflicts.map((c) => [c.kind, c.applicationKeyId, c.reason])).toEqual([
        ['account', emu.applicationKeyId, 'Its applicationKey here differs from the file’s. B2 accepts the one here and refuses the file’s, so the one here stays whichever you choose.'],
      ]);
      expect(await revealed(emu.applicationKeyId)).toBe(fresh);
    }
    // Still usable: a listing goes through with the key that stayed.
    await expect(call('refreshKeys', {})).resolves.toBeDefined();
  });

  it('a saved secret B2 refuses here and the one it accepts in the file: kept on "keep" with a pointer to Replace, taken on "replace"', async () => {
    const { key, applicationKey } = await call('createKey', { keyName: 'nas-backup', capabilities: ['listBuckets'] });
    issued['app key'] = applicationKey;
    const { contents } = await call('exportBackup', { passphrase: BACKUP_PASS });
    // The copy here replaced by one that opens but B2 refuses (as a hand-edited or mixed-up copy would be).
    const dataKey = await service.context.dataKey();
    const wrong = 'K005wrongwrongwrongwrongwrongwro';
    issued['wrong copy'] = wrong;
    const sealed = await sealSecret(dataKey, { accountId: emu.accountId, applicationKeyId: key.applicationKeyId }, wrong);
    await service.context.store.write(async (tx) => tx.putSecret(emu.accountId, key.applicationKeyId, { sealed, keyName: 'nas-backup', savedAt: 1 }));
    const preview = await call('importBackup', { contents, passphrase: BACKUP_PASS, apply: false, onConflict: 'keep' });
    expect(preview.conflicts.map((c) => c.reason)).toEqual([
      'The applicationKey saved here differs from the file’s. B2 accepts the file’s and refuses the one here: choose “Replace them with the file’s” to take it.',
    ]);
    await call('importBackup', { contents, passphrase: BACKUP_PASS, apply: true, onConflict: 'keep' });
    expect(await revealed(key.applicationKeyId)).toBe(wrong);
    await call('importBackup', { contents, passphrase: BACKUP_PASS, apply: true, onConflict: 'replace' });
    expect(await revealed(key.applicationKeyId)).toBe(applicationKey);
  });

  it('when B2 cannot be asked (it answers 503), the one here stays on "replace" and the sentence says to import again', async () => {
    const { contents } = await call('exportBackup', { passphrase: BACKUP_PASS });
    const fresh = await newMasterKey();
    await call('addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: fresh, endpoint: emu.url });
    await admin('faults', { endpoint: 'b2_authorize_account', status: 503, code: 'service_unavailable', count: 50 });
    const r = await call('importBackup', { contents, passphrase: BACKUP_PASS, apply: true, onConflict: 'replace' });
    expect(r.conflicts[0]!.reason).toBe(
      'Its applicationKey here differs from the file’s. B2 could not be asked which one it accepts, so the one here stays whichever you choose; import again when B2 can be reached.',
    );
    await fetch(`${emu.url}/__emulator/faults`, { method: 'DELETE' });
    expect(await revealed(emu.applicationKeyId)).toBe(fresh);
  });

  it('an account record edited to point elsewhere gets no secret sent there: its saved secrets\' conflicts stay unasked', async () => {
    const { key, applicationKey } = await call('createKey', { keyName: 'nas-backup', capabilities: ['listBuckets'] });
    issued['app key'] = applicationKey;
    const { contents } = await call('exportBackup', { passphrase: BACKUP_PASS });
    const wrong = 'K005wrongwrongwrongwrongwrongwro';
    issued['wrong copy'] = wrong;
    const sealed = await sealSecret(await service.context.dataKey(), { accountId: emu.accountId, applicationKeyId: key.applicationKeyId }, wrong);
    await service.context.store.write(async (tx) => tx.putSecret(emu.accountId, key.applicationKeyId, { sealed, keyName: 'nas-backup', savedAt: 1 }));
    const elsewhere = await startEmulator({ port: 0 });
    try {
      const accounts = JSON.parse(local.data.get('accounts')!) as Record<string, { endpoint: string }>;
      accounts[emu.accountId]!.endpoint = elsewhere.url;
      local.data.set('accounts', JSON.stringify(accounts));
      const r = await call('importBackup', { contents, passphrase: BACKUP_PASS, apply: false, onConflict: 'replace' });
      expect(r.conflicts.map((c) => c.reason)).toEqual([
        'The account’s key stored here is damaged.',
        'The applicationKey saved here differs from the file’s. B2 could not be asked which one it accepts, so the one here stays whichever you choose; import again when B2 can be reached.',
      ]);
      expect((await (await fetch(`${elsewhere.url}/__emulator/requests`)).json()) as unknown[]).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });

  it('for an account removed here with its secrets kept, nothing saved here goes to the endpoint only the file names', async () => {
    const { key, applicationKey } = await call('createKey', { keyName: 'kept-after-removal', capabilities: ['listBuckets'] });
    issued['app key'] = applicationKey;
    const { contents } = await call('exportBackup', { passphrase: BACKUP_PASS });
    const wrong = 'K005wrongwrongwrongwrongwrongwro';
    issued['wrong copy'] = wrong;
    const sealed = await sealSecret(await service.context.dataKey(), { accountId: emu.accountId, applicationKeyId: key.applicationKeyId }, wrong);
    await service.context.store.write(async (tx) => tx.putSecret(emu.accountId, key.applicationKeyId, { sealed, keyName: 'kept-after-removal', savedAt: 1 }));
    await call('removeAccount', { accountId: emu.accountId, keepSecrets: true });
    await fetch(`${emu.url}/__emulator/requests`, { method: 'DELETE' });
    // The emulator's endpoint is not built into this code (Backblaze's is): the file alone vouches for it, and an
    // import that adds the account there without the person's yes to it writes nothing.
    const before = JSON.stringify([...local.data]);
    const unasked = await callError(service, 'importBackup', { contents, passphrase: BACKUP_PASS, apply: true, onConflict: 'replace' });
    expect([unasked.code, unasked.message]).toEqual(['ENDPOINT_UNCONFIRMED', expect.stringContaining(`at the API endpoint ${emu.url}, which is not Backblaze’s own and was not confirmed`)]);
    expect(JSON.stringify([...local.data])).toBe(before);
    const r = await call('importBackup', { contents, passphrase: BACKUP_PASS, apply: true, onConflict: 'replace', confirmedEndpoints: [emu.url] });
    expect(r.conflicts.map((c) => c.reason)).toEqual([
      'The applicationKey saved here differs from the file’s. B2 could not be asked which one it accepts, so the one here stays whichever you choose; import again when B2 can be reached.',
    ]);
    expect(r.customEndpoints).toEqual([{ accountId: emu.accountId, label: expect.any(String), endpoint: emu.url }]);
    expect(await authorizeCalls()).toBe(0);
    await call('setActiveAccount', { accountId: emu.accountId });
    expect(await revealed(key.applicationKeyId)).toBe(wrong);
  });

  it('a file with the same secrets asks B2 nothing', async () => {
    const { contents } = await call('exportBackup', { passphrase: BACKUP_PASS });
    await fetch(`${emu.url}/__emulator/requests`, { method: 'DELETE' });
    const r = await call('importBackup', { contents, passphrase: BACKUP_PASS, apply: true, onConflict: 'replace' });
    expect(r.conflicting).toBe(0);
    expect(await authorizeCalls()).toBe(0);
  });
});
