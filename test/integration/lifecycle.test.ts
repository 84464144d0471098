/**
 * Issue 10 through the real service and the real emulator: Rotate key (same restrictions, lineage, the old key
 * untouched), Check applicationKey (works / deleted / expired / mismatch, and nothing changes) and the kind of
 * one-bucket keys (a single-bucket key authorizes on v3, a v4 one-bucket key does not).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Service } from '../../src/background/service';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';
import { call, callError, emulatorAdmin, harness, issuedKeys, type Harness } from '../helpers/service-harness';

const PASS = 'correct horse battery staple';
let emu: RunningEmulator;
let h: Harness;
let service: Service;
let buckets: Record<string, string>;

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(async () => emu?.close());
beforeEach(async () => {
  await emulatorAdmin(emu, 'reset', {});
  h = harness();
  // The emulator judges expiry by the real clock; the service's clock must agree for "expired".
  h.clock.now = Date.now();
  service = h.makeService();
  await call(service, 'createVault', { passphrase: PASS });
  await call(service, 'addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url });
  const info = (await emulatorAdmin(emu, 'info')) as { buckets: { bucketId: string; bucketName: string }[] };
  buckets = Object.fromEntries(info.buckets.map((b) => [b.bucketName, b.bucketId]));
  await call(service, 'refreshKeys', {});
});

async function authorizeOn(version: 3 | 4, id: string, secret: string): Promise<number> {
  const res = await fetch(`${emu.url}/b2api/v${version}/b2_authorize_account`, { headers: { Authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` } });
  return res.status;
}

/** Everything stored, as text: a check must leave it byte for byte as it was. */
// Issue 13: a check records its outcome (`checks:<accountId>`, for the hygiene report); nothing else may change.
const snapshot = async () => JSON.stringify(Object.entries(await h.local.get(null)).filter(([k]) => !k.startsWith('checks:')));

describe('Rotate key', () => {
  it('makes a successor with the same restrictions and kind, notes the lineage both ways, and leaves the old key alone', async () => {
    const old = await call(service, 'createKey', {
      keyName: 'nightly-backup',
      capabilities: ['listBuckets', 'listFiles', 'readFiles', 'writeFiles'],
      bucketIds: [buckets['nas-archive']!],
      namePrefix: 'nightly/',
      validDurationInSeconds: 30 * 86_400,
      legacySingleBucket: true,
    });
    const notes = await call(service, 'keyNotes', { applicationKeyId: old.key.applicationKeyId });
    expect(notes).toMatchObject({ bucketKind: 'single', replaces: null, replacedBy: null });
    expect(notes.rotation).toEqual({ refusal: null, suggestedName: 'nightly-backup-2', suggestedDuration: { seconds: 30 * 86_400, known: true } });

    const next = await call(service, 'rotateKey', { applicationKeyId: old.key.applicationKeyId, keyName: 'nightly-backup-2', validDurationInSeconds: 7 * 86_400 });
    expect(next.saved).toBe(true);
    expect(next.key).toMatchObject({ capabilities: old.key.capabilities, bucketIds: old.key.bucketIds, namePrefix: 'nightly/', hasSecret: true });
    const inB2 = await issuedKeys(emu);
    expect(inB2.map((k) => k.applicationKeyId).sort()).toEqual([old.key.applicationKeyId, next.key.applicationKeyId].sort());
    const successor = inB2.find((k) => k.applicationKeyId === next.key.applicationKeyId)!;
    expect(successor.applicationKey).toBe(next.applicationKey);
    // Same kind as the old one: usable by v3 tools.
    expect(await authorizeOn(3, next.key.applicationKeyId, next.applicationKey)).toBe(200);
    expect((await call(service, 'revealSecret', { applicationKeyId: next.key.applicationKeyId })).applicationKey).toBe(next.applicationKey);

    expect(await call(service, 'keyNotes', { applicationKeyId: next.key.applicationKeyId })).toMatchObject({
      replaces: { applicationKeyId: old.key.applicationKeyId, keyName: 'nightly-backup' },
      replacedBy: null,
      bucketKind: 'single',
    });
    expect((await call(service, 'keyNotes', { applicationKeyId: old.key.applicationKeyId })).replacedBy).toEqual({ applicationKeyId: next.key.applicationKeyId, keyName: 'nightly-backup-2' });
    // The notes are stored outside the vault and hold no secret.
    const stored = await snapshot();
    expect(stored).toContain('replacedBy');
    expect(stored).not.toContain(next.applicationKey);
    expect(stored).not.toContain(old.applicationKey);
  });

  it('a v4 one-bucket key rotates into a v4 one-bucket key; refusals name the reason and create nothing', async () => {
    const multi = await call(service, 'createKey', { keyName: 'v4-one', capabilities: ['listFiles', 'readFiles'], bucketIds: [buckets['photos-backup']!] });
    expect((await call(service, 'keyNotes', { applicationKeyId: multi.key.applicationKeyId })).bucketKind).toBe('multi');
    const next = await call(service, 'rotateKey', { applicationKeyId: multi.key.applicationKeyId, keyName: 'v4-one-2', validDurationInSeconds: null });
    expect(await authorizeOn(3, next.key.applicationKeyId, next.applicationKey)).toBe(400);
    expect(await authorizeOn(4, next.key.applicationKeyId, next.applicationKey)).toBe(200);

    const before = (await issuedKeys(emu)).length;
    const badName = await callError(service, 'rotateKey', { applicationKeyId: multi.key.applicationKeyId, keyName: 'bad name', validDurationInSeconds: null });
    expect(badName.code).toBe('INVALID_INPUT');
    expect((await issuedKeys(emu)).length).toBe(before);
  });

  it('a rotation sent with a request id tells a popup opened later what became of it: made, refused before B2, refused by B2', async () => {
    const old = await call(service, 'createKey', { keyName: 'nightly', capabilities: ['listFiles', 'readFiles'] });
    const made = await call(service, 'rotateKey', { applicationKeyId: old.key.applicationKeyId, keyName: 'nightly-2', validDurationInSeconds: null, requestId: 'rot-1' });
    expect(await call(service, 'createOutcome', { requestId: 'rot-1' })).toEqual({
      outcome: { state: 'created', keyName: 'nightly-2', applicationKeyId: made.key.applicationKeyId, saved: true, held: false },
    });
    // Refused before B2 is asked (the account's own key cannot be rotated here): kept as failed, with the reason.
    const own = await callError(service, 'rotateKey', { applicationKeyId: emu.applicationKeyId, keyName: 'master-2', validDurationInSeconds: null, requestId: 'rot-2' });
    const refused = await call(service, 'createOutcome', { requestId: 'rot-2' });
    expect(refused.outcome).toEqual({ state: 'failed', error: expect.objectContaining({ code: own.code, message: own.message }) });
    // Refused by B2 (a name it does not take): kept as failed, with the field it names.
    const before = (await issuedKeys(emu)).length;
    await callError(service, 'rotateKey', { applicationKeyId: old.key.applicationKeyId, keyName: 'bad name', validDurationInSeconds: null, requestId: 'rot-3' });
    expect((await call(service, 'createOutcome', { requestId: 'rot-3' })).outcome).toMatchObject({ state: 'failed', error: { code: 'INVALID_INPUT' } });
    expect((await issuedKeys(emu)).length).toBe(before);
  });

  it('refuses a managing key, and an account whose key cannot write keys', async () => {
    const manager = await call(service, 'createKey', { keyName: 'manager', capabilities: ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets'] });
    const reader = await call(service, 'createKey', { keyName: 'reader', capabilities: ['listFiles'] });
    const lister = await call(service, 'createKey', { keyName: 'lister', capabilities: ['listKeys', 'deleteKeys', 'listBuckets'] });
    // An account managed by an app key: rotating that key is refused, with the way to do it.
    await call(service, 'addAccount', { applicationKeyId: manager.key.applicationKeyId, applicationKey: manager.applicationKey, endpoint: emu.url, replaceKeyId: emu.applicationKeyId });
    await call(service, 'refreshKeys', {});
    const own = await call(service, 'keyNotes', { applicationKeyId: manager.key.applicationKeyId });
    expect(own.rotation.refusal).toMatch(/manages this account with/);
    const e = await callError(service, 'rotateKey', { applicationKeyId: manager.key.applicationKeyId, keyName: 'manager-2', validDurationInSeconds: null });
    expect(e.message).toMatch(/manages this account with/);
    // Any other key rotates under an app-key account that has writeKeys.
    const readerNext = await call(service, 'rotateKey', { applicationKeyId: reader.key.applicationKeyId, keyName: 'reader-next', validDurationInSeconds: null });
    expect(readerNext).toMatchObject({ saved: true, key: { capabilities: ['listFiles'], bucketIds: null } });
    expect(await authorizeOn(4, readerNext.key.applicationKeyId, readerNext.applicationKey)).toBe(200);

    await call(service, 'addAccount', { applicationKeyId: lister.key.applicationKeyId, applicationKey: lister.applicationKey, endpoint: emu.url, replaceKeyId: manager.key.applicationKeyId });
    const noWrite = await call(service, 'keyNotes', { applicationKeyId: reader.key.applicationKeyId });
    expect(noWrite.rotation.refusal).toMatch(/lacks writeKeys/);
    const before = (await issuedKeys(emu)).length;
    expect((await callError(service, 'rotateKey', { applicationKeyId: reader.key.applicationKeyId, keyName: 'reader-2', validDurationInSeconds: null })).message).toMatch(/lacks writeKeys/);
    expect((await issuedKeys(emu)).length).toBe(before);
  });
});

describe('Check applicationKey', () => {
  it('works / deleted / expired / mismatch, each told apart, and nothing stored or in B2 changes', async () => {
    const make = (keyName: string) => call(service, 'createKey', { keyName, capabilities: ['listBuckets', 'readFiles'] });
    const [ok, gone, old, swapped] = [await make('works'), await make('gone'), await make('old'), await make('swapped')];
    await call(service, 'refreshKeys', {});
    await emulatorAdmin(emu, `alter-key/${old.key.applicationKeyId}`, { expired: true });
    await emulatorAdmin(emu, `alter-key/${swapped.key.applicationKeyId}`, { newSecret: true });
    // Deleted elsewhere (the B2 web console): the list here still has it.
    const master = await fetch(`${emu.url}/b2api/v4/b2_authorize_account`, { headers: { Authorization: `Basic ${Buffer.from(`${emu.applicationKeyId}:${emu.applicationKey}`).toString('base64')}` } }).then((r) => r.json() as Promise<{ authorizationToken: string }>);
    await fetch(`${emu.url}/b2api/v4/b2_delete_key`, { method: 'POST', headers: { Authorization: master.authorizationToken }, body: JSON.stringify({ applicationKeyId: gone.key.applicationKeyId }) });
    h.clock.now = Date.now();
    const keysBefore = JSON.stringify(await issuedKeys(emu));
    const storedBefore = await snapshot();

    const works = await call(service, 'checkSecret', { applicationKeyId: ok.key.applicationKeyId });
    expect(works).toMatchObject({ outcome: 'works', capabilities: ['listBuckets', 'readFiles'], bucketKind: 'allBuckets' });
    expect((await call(service, 'checkSecret', { applicationKeyId: gone.key.applicationKeyId })).outcome).toBe('deleted');
    expect((await call(service, 'checkSecret', { applicationKeyId: old.key.applicationKeyId })).outcome).toBe('expired');
    const mismatch = await call(service, 'checkSecret', { applicationKeyId: swapped.key.applicationKeyId });
    expect(mismatch.outcome).toBe('mismatch');
    expect(mismatch.message).toMatch(/does not match/);
    // The account's own key, and by account id (the options page's "Check all saved secrets").
    const account = (await call(service, 'listAccounts', {})).accounts[0]!;
    expect((await call(service, 'checkSecret', { applicationKeyId: emu.applicationKeyId, accountId: account.accountId })).outcome).toBe('works');

    expect(JSON.stringify(await issuedKeys(emu))).toBe(keysBefore);
    expect(await snapshot()).toBe(storedBefore);
    // The deleted key is still listed here: checking is not refreshing.
    expect((await call(service, 'getKey', { applicationKeyId: gone.key.applicationKeyId })).key).not.toBeNull();

    const saved = await call(service, 'savedSecrets', { accountId: account.accountId });
    expect(saved.keys[0]!.applicationKeyId).toBe(emu.applicationKeyId);
    expect(saved.keys.map((k) => k.keyName).slice(1)).toEqual(['gone', 'old', 'swapped', 'works']);
    expect(JSON.stringify(saved)).not.toContain(ok.applicationKey);
  });

  it('tells a single-bucket key from a v4 one-bucket key by asking v3, for keys made elsewhere too', async () => {
    const token = await fetch(`${emu.url}/b2api/v3/b2_authorize_account`, { headers: { Authorization: `Basic ${Buffer.from(`${emu.applicationKeyId}:${emu.applicationKey}`).toString('base64')}` } }).then((r) => r.json() as Promise<{ authorizationToken: string }>);
    // Made by another tool on v3: the list here cannot tell its kind until it is checked.
    const v3 = await fetch(`${emu.url}/b2api/v3/b2_create_key`, {
      method: 'POST',
      headers: { Authorization: token.authorizationToken },
      body: JSON.stringify({ accountId: emu.accountId, keyName: 'made-by-v3', capabilities: ['readFiles'], bucketId: buckets['nas-archive'] }),
    }).then((r) => r.json() as Promise<{ applicationKeyId: string; applicationKey: string }>);
    await call(service, 'refreshKeys', {});
    await call(service, 'saveSecret', { applicationKeyId: v3.applicationKeyId, applicationKey: v3.applicationKey });
    expect((await call(service, 'keyNotes', { applicationKeyId: v3.applicationKeyId })).bucketKind).toBe('unknown');
    expect((await call(service, 'checkSecret', { applicationKeyId: v3.applicationKeyId })).bucketKind).toBe('single');

    const v4 = await call(service, 'createKey', { keyName: 'v4-one', capabilities: ['readFiles'], bucketIds: [buckets['nas-archive']!] });
    expect((await call(service, 'checkSecret', { applicationKeyId: v4.key.applicationKeyId })).bucketKind).toBe('multi');
  });
});

describe('key notes never cost a secret', () => {
  it('a notes record damaged at rest is left alone and the new key’s secret is still saved', async () => {
    const account = (await call(service, 'listAccounts', {})).accounts[0]!;
    await h.local.set({ [`notes:${account.accountId}`]: 'garbage' });
    const made = await call(service, 'createKey', { keyName: 'despite-notes', capabilities: ['readFiles'], bucketIds: [buckets['nas-archive']!] });
    expect(made.saved).toBe(true);
    expect((await call(service, 'revealSecret', { applicationKeyId: made.key.applicationKeyId })).applicationKey).toBe(made.applicationKey);
    expect((await h.local.get(`notes:${account.accountId}`))[`notes:${account.accountId}`]).toBe('garbage');
  });
});
