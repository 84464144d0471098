/**
 * Export vault / Import backup through the service in Node (in-memory storage, no network): what the file holds,
 * what is left out and said so, the refusals, and what an applied import writes.
 */
import { describe, expect, it, vi } from 'vitest';
import { ACCOUNT_ID, authorizeReply, b2Error, json } from '../b2/test-support';
import { lostKey, secretsKey, usageKey, notesKey, type StoredAccount } from '../storage';
import { openSecret, sealSecret } from '../vault';
import { decryptBackup, encryptBackup, type BackupAccount, type BackupPayload } from '../vault/backup';
import { openUsage, sealUsage } from './key-usage';
import { failure, fakeB2, fixture, type Fixture } from './test-support';
import { IMPORT_REFUSED } from './backup-methods';

const BACKUP_PASS = 'the backup passphrase';
const UNASKED = ' B2 could not be asked which one it accepts, so the one here stays whichever you choose; import again when B2 can be reached.';
const EP = 'https://api.backblazeb2.com';

async function sealedFor(f: Fixture, accountId: string, applicationKeyId: string, secret: string) {
  return sealSecret(await f.service.context.dataKey(), { accountId, applicationKeyId }, secret);
}

async function putSecret(f: Fixture, accountId: string, applicationKeyId: string, secret: string, keyName = `name-${applicationKeyId}`, savedAt = 7) {
  const sealed = await sealedFor(f, accountId, applicationKeyId, secret);
  await f.service.context.store.write(async (tx) => tx.putSecret(accountId, applicationKeyId, { sealed, keyName, savedAt }));
}

/** A stored item, edited by hand as the tests of damage do. */
function editItem(f: Fixture, key: string, edit: (v: Record<string, unknown>) => unknown) {
  const raw = f.local.data.get(key);
  f.local.data.set(key, JSON.stringify(edit(raw === undefined ? {} : (JSON.parse(raw) as Record<string, unknown>))));
}

const backupAccount = (accountId: string, managingKeyId: string, applicationKey: string, extra: Partial<BackupAccount> = {}): BackupAccount => ({
  accountId,
  label: `file ${accountId}`,
  endpoint: EP,
  managingKeyId,
  applicationKey,
  capabilities: ['listKeys'],
  bucketRestriction: null,
  namePrefix: null,
  s3ApiUrl: null,
  addedAt: 3,
  ...extra,
});

/** A backup file made here (a low KDF count: the export's own cost is tested once below). */
async function file(p: Partial<BackupPayload>): Promise<string> {
  return encryptBackup({ v: 1, exportedAt: 1, accounts: [], secrets: [], lost: [], ...p }, BACKUP_PASS, { iterations: 1000 });
}

/** b2_authorize_account's answer for a key of this account. */
async function authorizedFor(accountId: string): Promise<Response> {
  return json({ ...((await authorizeReply().json()) as object), accountId });
}

/** The keyID and applicationKey a b2_authorize_account request carries. */
function credentialsOf(init?: RequestInit): [string, string] {
  const [keyId = '', applicationKey = ''] = atob(new Headers(init?.headers).get('authorization')!.replace(/^Basic /, '')).split(':');
  return [keyId, applicationKey];
}

/**
 * The in-process fake B2, accepting exactly `keys` (keyID → its account and applicationKey; edit it between calls)
 * and refusing every other key; `asked` is each authorize: the origin it went to, with which keyID and secret.
 */
function b2Accepting(keys: Record<string, { accountId: string; applicationKey: string }>) {
  const b2 = fakeB2();
  b2.authorize = (keyId, applicationKey) => (keys[keyId]?.applicationKey === applicationKey ? () => authorizedFor(keys[keyId]!.accountId) : b2Error(401, 'unauthorized', ''));
  const asked: [origin: string, keyId: string, applicationKey: string][] = [];
  const fetch: typeof globalThis.fetch = (input, init) => {
    asked.push([new URL(String(input)).origin, ...credentialsOf(init)]);
    return b2.fetch(input, init);
  };
  return { fetch, asked };
}

async function stored(f: Fixture): Promise<Record<string, StoredAccount>> {
  return f.service.context.store.accounts();
}

async function opened(f: Fixture, accountId: string, applicationKeyId: string): Promise<string> {
  const s = (await f.service.context.store.secrets(accountId))[applicationKeyId];
  if (!s) throw new Error(`no secret ${applicationKeyId}`);
  return openSecret(await f.service.context.dataKey(), { accountId, applicationKeyId }, s.sealed);
}

describe('exportBackup', () => {
  it('holds every account, secret, lost flag, where-used list and note, and says what it left out and why', async () => {
    const f = await fixture();
    const ctx = f.service.context;
    const dataKey = await ctx.dataKey();
    const main = await f.addAccount('acc1', 'acc1', 'master-secret-1', { label: 'Main', needsRebind: false, namePrefix: 'p/', addedAt: 11 });
    // Sealed for another endpoint: its record was edited at rest.
    await f.addAccount('acc2', 'k2', 'secret-2', { label: 'Edited' }, { endpoint: 'https://other.example' });
    editItem(f, 'accounts', (v) => ({ ...v, acc3: { accountId: 'acc3' } }));

    await putSecret(f, 'acc1', 'ka', 'secret-a', 'alpha', 5);
    await putSecret(f, 'acc1', 'kb', 'secret-b', 'bravo', 6);
    // One entry of the wrong shape, one sealed for another key: two damaged.
    editItem(f, secretsKey('acc1'), (v) => ({ ...v, kc: { nope: 1 }, kd: v['ka'] }));
    // One damaged entry alone: ke holds kf's sealed copy, which does not open as ke.
    await putSecret(f, 'acc4', 'ke', 'secret-e');
    await putSecret(f, 'acc4', 'kf', 'secret-f', 'foxtrot', 9);
    editItem(f, secretsKey('acc4'), (v) => ({ ...v, ke: v['kf'] }));
    f.local.data.set(secretsKey('acc5'), JSON.stringify('not a record'));

    await ctx.store.write(async (tx) => {
      tx.flagLost('acc1', 'kl', { keyName: 'lost one', flaggedAt: 4, recordId: 'r1' });
      tx.putUsage('acc1', 'ka', await sealUsage(dataKey, 'acc1', 'ka', [{ origin: 'https://a.example', title: 'A', at: 3, filled: ['keyId'] }]));
      tx.putUsage('acc1', 'kb', await sealUsage(dataKey, 'acc1', 'kb', []));
      tx.putKeyNote('acc1', 'ka', { replaces: { applicationKeyId: 'k0', keyName: 'zero' }, bucketKind: 'single' });
    });

    const out = await f.call('exportBackup', { passphrase: BACKUP_PASS });
    expect(out.fileName).toBe('b2-key-manager-backup-2026-12-01.json');
    expect([out.accounts, out.secrets]).toEqual([1, 3]);
    expect(out.skipped).toEqual([
      'Account acc2 (Edited): its stored record is damaged or was edited, so it was left out.',
      'Account acc3: its stored record is damaged, so it was left out.',
      '2 saved secrets of account acc1 are damaged and were left out.',
      '1 saved secret of account acc4 is damaged and was left out.',
      'The saved secrets of account acc5 are damaged (wrong type), so they were left out.',
    ]);
    const payload = await decryptBackup(out.contents, BACKUP_PASS);
    const { sealedKey: _s, needsRebind: _n, ...rest } = main;
    expect(payload).toEqual({
      v: 1,
      exportedAt: f.clock.now,
      accounts: [{ ...rest, applicationKey: 'master-secret-1' }],
      secrets: [
        { accountId: 'acc1', applicationKeyId: 'ka', keyName: 'alpha', savedAt: 5, applicationKey: 'secret-a' },
        { accountId: 'acc1', applicationKeyId: 'kb', keyName: 'bravo', savedAt: 6, applicationKey: 'secret-b' },
        { accountId: 'acc4', applicationKeyId: 'kf', keyName: 'foxtrot', savedAt: 9, applicationKey: 'secret-f' },
      ],
      lost: [{ accountId: 'acc1', applicationKeyId: 'kl', keyName: 'lost one', flaggedAt: 4 }],
      usage: [{ accountId: 'acc1', applicationKeyId: 'ka', entries: [{ origin: 'https://a.example', title: 'A', at: 3, filled: ['keyId'] }] }],
      notes: [{ accountId: 'acc1', applicationKeyId: 'ka', note: { replaces: { applicationKeyId: 'k0', keyName: 'zero' }, bucketKind: 'single' } }],
    });
  });

  it('with nothing left out it says nothing; a short passphrase is refused on its field', async () => {
    const f = await fixture();
    await f.addAccount('acc1', 'k1', 'secret-1');
    const weak = await failure(f.call('exportBackup', { passphrase: 'short' }));
    expect(weak.code).toBe('WEAK_PASSPHRASE');
    expect(weak.message).toMatch(/at least 8 characters/);
    expect(weak.fields).toEqual({ passphrase: weak.message });
  });

  it('an account whose endpoint awaits confirmation is left out, said as such; a lock while exporting fails the export', async () => {
    const f = await fixture();
    const ctx = f.service.context;
    const sealedKey = await sealSecret(await ctx.dataKey(), { accountId: 'acc1', applicationKeyId: 'acc1', purpose: 'legacyAccountKey' }, 'master');
    const record = { accountId: 'acc1', managingKeyId: 'acc1', endpoint: 'https://b2-proxy.example.com', label: 'Proxy', capabilities: [], bucketRestriction: null, namePrefix: null, s3ApiUrl: null, addedAt: 1 };
    await ctx.store.write(async (tx) => tx.putAccount({ ...record, sealedKey, needsRebind: true }));
    const reply = await f.call('exportBackup', { passphrase: BACKUP_PASS });
    expect([reply.accounts, reply.skipped]).toEqual([
      0,
      ['Account acc1 (Proxy): its API endpoint https://b2-proxy.example.com has not been confirmed since an update, so it was left out. Confirm the endpoint on its account card, then export again.'],
    ]);

    const g = await fixture();
    await g.addAccount('acc2', 'acc2', 'master-2');
    await putSecret(g, 'acc2', 'ka', 'secret-a');
    // The lock lands once the export has the list of accounts (screen lock, Lock in the popup, auto-lock).
    const index = g.service.context.store.accountIndex.bind(g.service.context.store);
    g.service.context.store.accountIndex = async (...args) => {
      const read = await index(...args);
      await g.service.lock();
      return read;
    };
    expect((await failure(g.call('exportBackup', { passphrase: BACKUP_PASS }))).code).toBe('LOCKED');
  });

  it('needs the vault unlocked', async () => {
    const f = await fixture();
    await f.call('lock', {});
    expect((await failure(f.call('exportBackup', { passphrase: BACKUP_PASS }))).code).toBe('LOCKED');
    expect((await failure(f.call('importBackup', { contents: '{}', passphrase: BACKUP_PASS, apply: false }))).code).toBe('LOCKED');
  });
});

describe('importBackup', () => {
  it('refuses a wrong passphrase, a damaged file and a file that is not a backup, each said as such', async () => {
    const f = await fixture();
    const contents = await file({});
    const wrong = await failure(f.call('importBackup', { contents, passphrase: 'not the passphrase', apply: true }));
    expect([wrong.code, wrong.message]).toEqual(['WRONG_PASSPHRASE', expect.stringMatching(/does not open this backup/)]);
    const damaged = await failure(f.call('importBackup', { contents: contents.replace(/"sha256": "(.)/, (_m, c: string) => `"sha256": "${c === 'a' ? 'b' : 'a'}`), passphrase: BACKUP_PASS, apply: true }));
    expect([damaged.code, damaged.message]).toEqual(['BACKUP_DAMAGED', expect.stringMatching(/damaged/)]);
    const other = await failure(f.call('importBackup', { contents: 'hello', passphrase: BACKUP_PASS, apply: true }));
    expect([other.code, other.message]).toEqual(['BACKUP_DAMAGED', expect.stringMatching(/not a B2 Key Manager backup/)]);
  });

  it('a preview counts and lists conflicts but writes nothing', async () => {
    const f = await fixture();
    await f.addAccount('acc1', 'k1', 'secret-1');
    await putSecret(f, 'acc1', 'ka', 'here-a');
    const contents = await file({
      accounts: [backupAccount('acc1', 'k1', 'secret-1'), backupAccount('acc9', 'k9', 'secret-9')],
      secrets: [{ accountId: 'acc1', applicationKeyId: 'ka', keyName: 'alpha', savedAt: 2, applicationKey: 'file-a' }],
    });
    const before = JSON.stringify([...f.local.data]);
    const preview = await f.call('importBackup', { contents, passphrase: BACKUP_PASS, apply: false });
    expect(preview).toEqual({
      applied: false,
      added: 1,
      same: 1,
      conflicting: 1,
      replaced: 0,
      skipped: 0,
      // No network in this test: B2 cannot say which of the two it accepts.
      conflicts: [{ kind: 'secret', accountId: 'acc1', applicationKeyId: 'ka', keyName: 'alpha', reason: `The applicationKey saved here differs from the file’s.${UNASKED}` }],
      skippedReasons: [],
      customEndpoints: [],
      leftOut: [],
    });
    expect(JSON.stringify([...f.local.data])).toBe(before);
  });

  it('reads what is here as the plan needs it: damaged copies, a damaged account key, lost flags, endpoints', async () => {
    const f = await fixture();
    await f.addAccount('acc1', 'k1', 'secret-1');
    await f.addAccount('acc2', 'k2', 'secret-2', {}, { endpoint: 'https://other.example' });
    await putSecret(f, 'acc1', 'ka', 'here-a');
    await putSecret(f, 'acc1', 'kp', 'here-p');
    // kb: sealed for another key (does not open); kc: the wrong shape.
    editItem(f, secretsKey('acc1'), (v) => ({ ...v, kb: v['ka'], kc: { nope: true } }));
    f.local.data.set(secretsKey('acc3'), JSON.stringify(['not', 'a', 'record']));
    await f.service.context.store.write(async (tx) => tx.flagLost('acc1', 'kx', { keyName: 'x', flaggedAt: 1, recordId: 'here' }));
    const s = (accountId: string, applicationKeyId: string, applicationKey: string) => ({ accountId, applicationKeyId, keyName: `n-${applicationKeyId}`, savedAt: 2, applicationKey });
    const lost = (accountId: string, applicationKeyId: string) => ({ accountId, applicationKeyId, keyName: `l-${applicationKeyId}`, flaggedAt: 2 });
    const contents = await file({
      accounts: [backupAccount('acc1', 'k1', 'secret-1'), backupAccount('acc2', 'k2', 'secret-2'), backupAccount('acc8', 'k8', 's8', { endpoint: `${EP}/` }), backupAccount('acc7', 'k7', 's7', { endpoint: 'http://example.com' })],
      secrets: [s('acc1', 'ka', 'here-a'), s('acc1', 'kb', 'file-b'), s('acc1', 'kc', 'file-c'), s('acc3', 'kz', 'file-z')],
      // kp has a copy here only, kx is flagged here already, kn is new: only kn is flagged.
      lost: [lost('acc1', 'kp'), lost('acc1', 'kx'), lost('acc1', 'kn'), lost('acc3', 'kq')],
    });
    const r = await f.call('importBackup', { contents, passphrase: BACKUP_PASS, apply: true });
    expect([r.applied, r.added, r.same, r.conflicting, r.skipped]).toEqual([true, 0, 2, 3, 3]);
    expect(r.conflicts.map((c) => [c.kind, c.applicationKeyId, c.reason])).toEqual([
      ['account', 'k2', 'The account’s key stored here is damaged.'],
      ['secret', 'kb', 'The copy saved here is damaged.'],
      ['secret', 'kc', 'The copy saved here is damaged.'],
    ]);
    expect(r.skippedReasons).toEqual([
      `Account acc8: its API endpoint ${EP}/ is not allowed here.`,
      'Account acc7: its API endpoint http://example.com is not allowed here.',
      'keyID kz: the saved secrets of account acc3 here are damaged, so nothing is written over them.',
    ]);
    const flags = await f.service.context.store.lostKeys('acc1');
    expect(flags).toEqual({ kx: { keyName: 'x', flaggedAt: 1, recordId: 'here' }, kn: { keyName: 'l-kn', flaggedAt: 2, recordId: 'backup' } });
    expect(f.local.data.has(lostKey('acc3'))).toBe(false);
    // Nothing written over what is here.
    expect(await opened(f, 'acc1', 'ka')).toBe('here-a');
    expect(JSON.parse(f.local.data.get(secretsKey('acc1'))!).kc).toEqual({ nope: true });
  });

  it('into an empty vault: accounts, secrets, where-used lists and notes come back, and the first account becomes active', async () => {
    const f = await fixture();
    const usage = [{ origin: 'https://a.example', title: 'A', at: 3, filled: ['keyId' as const] }];
    const contents = await file({
      accounts: [backupAccount('acc1', 'acc1', 'master-1', { label: 'One', addedAt: 21, namePrefix: 'pre/', s3ApiUrl: 'https://s3.example', bucketRestriction: [{ id: 'b1', name: 'bucket' }], capabilities: ['listKeys', 'writeKeys'] }), backupAccount('acc2', 'k2', 's2')],
      secrets: [{ accountId: 'acc1', applicationKeyId: 'ka', keyName: 'alpha', savedAt: 5, applicationKey: 'secret-a' }],
      usage: [{ accountId: 'acc1', applicationKeyId: 'ka', entries: usage }],
      notes: [{ accountId: 'acc1', applicationKeyId: 'ka', note: { bucketKind: 'multi' } }],
    });
    const r = await f.call('importBackup', { contents, passphrase: BACKUP_PASS, apply: true });
    expect([r.applied, r.added]).toEqual([true, 3]);
    expect(await f.service.context.store.get('activeAccountId')).toBe('acc1');
    const accounts = await stored(f);
    const { sealedKey, ...one } = accounts['acc1']!;
    expect(one).toEqual({ accountId: 'acc1', label: 'One', endpoint: EP, managingKeyId: 'acc1', capabilities: ['listKeys', 'writeKeys'], bucketRestriction: [{ id: 'b1', name: 'bucket' }], namePrefix: 'pre/', s3ApiUrl: 'https://s3.example', addedAt: 21 });
    expect(await f.service.context.managingKey(accounts['acc1']!)).toBe('master-1');
    expect(sealedKey).toBeDefined();
    expect(await f.service.context.managingKey(accounts['acc2']!)).toBe('s2');
    const secret = (await f.service.context.store.secrets('acc1'))['ka']!;
    expect([secret.keyName, secret.savedAt, await opened(f, 'acc1', 'ka')]).toEqual(['alpha', 5, 'secret-a']);
    const dataKey = await f.service.context.dataKey();
    expect(await openUsage(dataKey, 'acc1', 'ka', (await f.service.context.store.usage('acc1')).valid['ka'])).toEqual(usage);
    expect(await f.service.context.store.keyNotes('acc1')).toEqual({ ka: { bucketKind: 'multi' } });
  });

  it('a write the browser refused, which it may have stored all the same, is not said to have imported nothing (fault review 14)', async () => {
    const f = await fixture();
    const contents = await file({ accounts: [backupAccount('acc1', 'acc1', 'master-1')], secrets: [{ accountId: 'acc1', applicationKeyId: 'ka', keyName: 'alpha', savedAt: 5, applicationKey: 'secret-a' }] });
    const set = f.local.set.bind(f.local);
    // Stored, and reported as refused (the store allows for it: a quota error after the write).
    f.local.set = async (items) => {
      await set(items);
      if ('accounts' in items) throw new Error('QUOTA_BYTES quota exceeded');
    };
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const e = await failure(f.call('importBackup', { contents, passphrase: BACKUP_PASS, apply: true }));
      expect([e.code, e.message]).toEqual(['WRITE_UNCERTAIN', IMPORT_REFUSED]);
    } finally {
      error.mockRestore();
    }
    // It was stored: the preview the sentence points to says so.
    f.local.set = set;
    expect(await f.call('importBackup', { contents, passphrase: BACKUP_PASS, apply: false })).toMatchObject({ added: 0, same: 2 });
  });

  it('keeps the active account, joins where-used lists, lets a note here win, and unflags a key whose secret comes in', async () => {
    const f = await fixture();
    await f.addAccount('acc1', 'k1', 'secret-1');
    const ctx = f.service.context;
    const dataKey = await ctx.dataKey();
    await ctx.store.write(async (tx) => {
      tx.flagLost('acc1', 'ka', { keyName: 'alpha', flaggedAt: 1, recordId: 'r' });
      tx.putUsage('acc1', 'ka', await sealUsage(dataKey, 'acc1', 'ka', [{ origin: 'https://a.example', title: 'here', at: 5, filled: ['keyId'] }, { origin: 'https://c.example', title: 'C', at: 1, filled: ['secret'] }]));
      tx.putKeyNote('acc1', 'ka', { replaces: { applicationKeyId: 'here', keyName: 'here' } });
    });
    const contents = await file({
      accounts: [backupAccount('acc2', 'k2', 's2')],
      secrets: [{ accountId: 'acc1', applicationKeyId: 'ka', keyName: 'alpha', savedAt: 5, applicationKey: 'secret-a' }],
      usage: [
        { accountId: 'acc1', applicationKeyId: 'ka', entries: [{ origin: 'https://a.example', title: 'file', at: 9, filled: ['secret'] }, { origin: 'https://b.example', title: 'B', at: 3, filled: ['keyId'] }] },
        { accountId: 'acc1', applicationKeyId: 'kb', entries: [{ origin: 'https://b.example', title: 'B', at: 3, filled: ['keyId'] }] },
      ],
      notes: [
        { accountId: 'acc1', applicationKeyId: 'ka', note: { replaces: { applicationKeyId: 'file', keyName: 'file' }, bucketKind: 'single' } },
        { accountId: 'acc1', applicationKeyId: 'kb', note: { validDurationInSeconds: 60 } },
      ],
    });
    await f.call('importBackup', { contents, passphrase: BACKUP_PASS, apply: true });
    expect(await ctx.store.get('activeAccountId')).toBe('acc1');
    expect(await ctx.store.lostKeys('acc1')).toEqual({});
    const u = (await ctx.store.usage('acc1')).valid;
    expect(await openUsage(dataKey, 'acc1', 'ka', u['ka'])).toEqual([
      { origin: 'https://a.example', title: 'file', at: 9, filled: ['secret'] },
      { origin: 'https://b.example', title: 'B', at: 3, filled: ['keyId'] },
      { origin: 'https://c.example', title: 'C', at: 1, filled: ['secret'] },
    ]);
    expect(await openUsage(dataKey, 'acc1', 'kb', u['kb'])).toEqual([{ origin: 'https://b.example', title: 'B', at: 3, filled: ['keyId'] }]);
    expect(await ctx.store.keyNotes('acc1')).toEqual({
      ka: { replaces: { applicationKeyId: 'here', keyName: 'here' }, bucketKind: 'single' },
      kb: { validDurationInSeconds: 60 },
    });
    expect(f.local.data.has(usageKey('acc2'))).toBe(false);
    expect(f.local.data.has(notesKey('acc2'))).toBe(false);
  });

  it('a replaced account keeps its label and date, and the key it had stays saved (named when it was the master key)', async () => {
    // B2 accepts the file's keys of acc1 and acc2 (and refuses the ones here), and acc3's key here.
    const b2 = b2Accepting({
      k1new: { accountId: 'acc1', applicationKey: 'new-1' },
      k2new: { accountId: 'acc2', applicationKey: 'new-2' },
      k3: { accountId: 'acc3', applicationKey: 'old-k3' },
    });
    const f = await fixture({ fetch: b2.fetch });
    const ctx = f.service.context;
    await f.addAccount('acc1', 'acc1', 'old-master', { label: 'Here one', addedAt: 100 });
    await f.addAccount('acc2', 'k2', 'old-k2', { label: 'Here two', addedAt: 200 });
    await f.addAccount('acc3', 'k3', 'old-k3');
    const contents = await file({
      accounts: [backupAccount('acc1', 'k1new', 'new-1'), backupAccount('acc2', 'k2new', 'new-2'), backupAccount('acc3', 'k3', 'new-3')],
    });
    const forget = vi.spyOn(ctx, 'forgetClient');
    const keep = await f.call('importBackup', { contents, passphrase: BACKUP_PASS, apply: true });
    const takeIt = ' B2 accepts the file’s and refuses the one here: choose “Replace them with the file’s” to take it.';
    expect([keep.conflicting, keep.conflicts.map((c) => c.reason)]).toEqual([
      3,
      [
        `Added here with keyID acc1; the file has keyID k1new.${takeIt}`,
        `Added here with keyID k2; the file has keyID k2new.${takeIt}`,
        'Its applicationKey here differs from the file’s. B2 accepts the one here and refuses the file’s, so the one here stays whichever you choose.',
      ],
    ]);
    expect((await stored(f))['acc1']!.managingKeyId).toBe('acc1');
    expect(forget).not.toHaveBeenCalled();

    f.clock.now += 1000;
    const r = await f.call('importBackup', { contents, passphrase: BACKUP_PASS, apply: true, onConflict: 'replace' });
    expect([r.applied, r.conflicting]).toEqual([true, 3]);
    expect(forget.mock.calls.map((c) => c[0]).sort()).toEqual(['acc1', 'acc2']);
    const accounts = await stored(f);
    expect([accounts['acc1']!.label, accounts['acc1']!.addedAt, accounts['acc1']!.managingKeyId]).toEqual(['Here one', 100, 'k1new']);
    expect([accounts['acc2']!.label, accounts['acc2']!.addedAt]).toEqual(['Here two', 200]);
    for (const [id, secret] of [['acc1', 'new-1'], ['acc2', 'new-2'], ['acc3', 'old-k3']] as const) expect(await ctx.managingKey(accounts[id]!)).toBe(secret);
    const s1 = (await ctx.store.secrets('acc1'))['acc1']!;
    expect([s1.keyName, s1.savedAt, await opened(f, 'acc1', 'acc1')]).toEqual(['Master application key', f.clock.now, 'old-master']);
    const s2 = (await ctx.store.secrets('acc2'))['k2']!;
    expect([s2.keyName, s2.savedAt, await opened(f, 'acc2', 'k2')]).toEqual(['', f.clock.now, 'old-k2']);
    expect(f.local.data.has(secretsKey('acc3'))).toBe(false);
  });

  describe('what changes here while the import waits for B2 is not written over', () => {
    /**
     * acc0 holds secret S, and the file another copy of it: the import asks B2, whose answers wait for `release`
     * (and then fail, or are `answer`'s).
     */
    async function waitingImport(p: Partial<BackupPayload>, before: (f: Fixture) => Promise<unknown> = async () => undefined, answer?: (keyId: string, applicationKey: string) => Promise<Response>) {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let asked!: () => void;
      const asking = new Promise<void>((r) => (asked = r));
      const f = await fixture({
        fetch: async (_input, init) => {
          asked();
          await gate;
          if (answer) return answer(...credentialsOf(init));
          throw new TypeError('fetch failed');
        },
      });
      await f.addAccount('acc0', 'k0', 'm0');
      await putSecret(f, 'acc0', 'S', 'here-S');
      await before(f);
      const contents = await file({ ...p, secrets: [{ accountId: 'acc0', applicationKeyId: 'S', keyName: 's', savedAt: 1, applicationKey: 'file-S' }, ...(p.secrets ?? [])] });
      const importing = failure(f.call('importBackup', { contents, passphrase: BACKUP_PASS, apply: true, onConflict: 'replace' }));
      await asking;
      return { f, release, importing };
    }

    it('an account added meanwhile (a master key just regenerated, shown once) keeps its key', async () => {
      const { f, release, importing } = await waitingImport({ accounts: [backupAccount('accN', 'accN', 'old-master-from-file')] });
      await f.addAccount('accN', 'accN', 'NEW-master');
      release();
      const e = await importing;
      expect([e.code, e.message]).toEqual(['CHANGED_MEANWHILE', expect.stringMatching(/^An account or a saved applicationKey in the file changed here .* Open the backup again/)]);
      expect(await f.service.context.managingKey((await stored(f))['accN']!)).toBe('NEW-master');
      expect(await opened(f, 'acc0', 'S')).toBe('here-S');
    });

    it('an account whose key changed meanwhile, and a secret saved meanwhile, are not replaced by the file’s', async () => {
      // B2 accepts the file's key: "Replace" would take it, but for the change meanwhile.
      const replacing = await waitingImport({ accounts: [backupAccount('acc0', 'k0-file', 'file-k0')] }, undefined, async (keyId, key) =>
        keyId === 'k0-file' && key === 'file-k0' ? authorizedFor('acc0') : b2Error(401, 'unauthorized', ''),
      );
      await replacing.f.addAccount('acc0', 'k0-new', 'm0-new');
      replacing.release();
      expect((await replacing.importing).code).toBe('CHANGED_MEANWHILE');
      expect(await replacing.f.service.context.managingKey((await stored(replacing.f))['acc0']!)).toBe('m0-new');

      const saving = await waitingImport({ secrets: [{ accountId: 'acc0', applicationKeyId: 'T', keyName: 't', savedAt: 1, applicationKey: 'file-T' }] });
      await putSecret(saving.f, 'acc0', 'T', 'saved-T-meanwhile');
      saving.release();
      expect((await saving.importing).code).toBe('CHANGED_MEANWHILE');
      expect(await opened(saving.f, 'acc0', 'T')).toBe('saved-T-meanwhile');
    });

    it('an account removed meanwhile (without its saved applicationKeys) does not get the file’s back', async () => {
      const removing = await waitingImport({ secrets: [{ accountId: 'acc1', applicationKeyId: 'U', keyName: 'u', savedAt: 1, applicationKey: 'file-U' }] }, (f) => f.addAccount('acc1', 'k1', 'm1'));
      await removing.f.service.context.store.write(async (tx) => tx.dropAccount('acc1'));
      removing.release();
      expect((await removing.importing).code).toBe('CHANGED_MEANWHILE');
      expect(removing.f.local.data.has(secretsKey('acc1'))).toBe(false);
    });
  });

  it('a key whose secret was saved while the import waited for B2 is not flagged lost by the file', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let asked!: () => void;
    const asking = new Promise<void>((r) => (asked = r));
    const f = await fixture({ fetch: async () => (asked(), await gate, Promise.reject(new TypeError('fetch failed'))) });
    await f.addAccount('acc0', 'k0', 'm0');
    await putSecret(f, 'acc0', 'S', 'here-S');
    const contents = await file({
      secrets: [{ accountId: 'acc0', applicationKeyId: 'S', keyName: 's', savedAt: 1, applicationKey: 'file-S' }],
      lost: [{ accountId: 'acc0', applicationKeyId: 'L', keyName: 'l', flaggedAt: 1 }],
    });
    const importing = f.call('importBackup', { contents, passphrase: BACKUP_PASS, apply: true });
    await asking;
    await putSecret(f, 'acc0', 'L', 'saved-L-meanwhile');
    release();
    expect((await importing).applied).toBe(true);
    expect(await f.service.context.store.lostKeys('acc0')).toEqual({});
  });

  it('a replaced account whose own key here is damaged saves no old key', async () => {
    const f = await fixture();
    await f.addAccount('acc1', 'k1', 'old', {}, { endpoint: 'https://other.example' });
    const contents = await file({ accounts: [backupAccount('acc1', 'k1new', 'new-1')] });
    const r = await f.call('importBackup', { contents, passphrase: BACKUP_PASS, apply: true, onConflict: 'replace' });
    expect(r.conflicts.map((c) => c.reason)).toEqual(['The account’s key stored here is damaged.']);
    expect(await f.service.context.managingKey((await stored(f))['acc1']!)).toBe('new-1');
    expect(f.local.data.has(secretsKey('acc1'))).toBe(false);
  });

  describe('what is here is not exposed, swapped or lost by an import', () => {
    const secret = (accountId: string, applicationKeyId: string, applicationKey: string) => ({ accountId, applicationKeyId, keyName: `n-${applicationKeyId}`, savedAt: 2, applicationKey });
    const differs = 'The applicationKey saved here differs from the file’s.';
    const PROXY = 'https://b2-proxy.example.com';

    it('“Open backup” sends a saved secret only where something here vouches for: an account sealed here, or Backblaze’s own endpoint', async () => {
      const b2 = b2Accepting({});
      const f = await fixture({ fetch: b2.fetch });
      // Accounts removed here with their saved applicationKeys kept: only the file names their endpoints.
      await putSecret(f, 'gone', 'k1', 'here-1');
      await putSecret(f, 'bb', 'k2', 'here-2');
      // An account sealed here at an endpoint of its own.
      await f.addAccount('proxied', 'kp', 'mp', { endpoint: PROXY });
      await putSecret(f, 'proxied', 'k3', 'here-3');
      const contents = await file({
        accounts: [backupAccount('gone', 'mg', 'file-mg', { endpoint: 'https://evil.example' }), backupAccount('bb', 'mb', 'file-mb'), backupAccount('proxied', 'kp', 'mp', { endpoint: PROXY })],
        secrets: [secret('gone', 'k1', 'file-1'), secret('bb', 'k2', 'file-2'), secret('proxied', 'k3', 'file-3')],
      });
      const preview = await f.call('importBackup', { contents, passphrase: BACKUP_PASS, apply: false });
      expect(b2.asked.sort()).toEqual([
        [EP, 'k2', 'file-2'],
        [EP, 'k2', 'here-2'],
        [PROXY, 'k3', 'file-3'],
        [PROXY, 'k3', 'here-3'],
      ]);
      expect(preview.conflicts.map((c) => [c.accountId, c.reason])).toEqual([
        ['gone', differs + UNASKED],
        ['bb', `${differs} B2 refuses both.`],
        ['proxied', `${differs} B2 refuses both.`],
      ]);
      // The account it would add at an endpoint that is not built in is named with it, for the page to ask about.
      expect(preview.customEndpoints).toEqual([{ accountId: 'gone', label: 'file gone', endpoint: 'https://evil.example' }]);

      // The demo build's emulator is built in as well.
      const DEMO = 'http://127.0.0.1:8787';
      const demo = await fixture({ fetch: b2.fetch, demoEndpoint: DEMO });
      await putSecret(demo, 'gone', 'k1', 'here-1');
      b2.asked.length = 0;
      const there = await demo.call('importBackup', { contents: await file({ accounts: [backupAccount('gone', 'mg', 'file-mg', { endpoint: DEMO })], secrets: [secret('gone', 'k1', 'file-1')] }), passphrase: BACKUP_PASS, apply: false });
      expect([there.customEndpoints, b2.asked.map(([origin]) => origin)]).toEqual([[], [DEMO, DEMO]]);
    });

    it('an applied import adds an account at an endpoint that is not built in only with the person’s yes to that endpoint, checked against the plan', async () => {
      const f = await fixture();
      await f.addAccount('acc1', 'k1', 'S1', {}, { endpoint: PROXY });
      const contents = await file({ accounts: [backupAccount('acc1', 'k1', 'S1', { endpoint: PROXY }), backupAccount('acc2', 'k2', 'S2', { endpoint: 'https://evil.example' })] });
      const preview = await f.call('importBackup', { contents, passphrase: BACKUP_PASS, apply: false });
      expect(preview.customEndpoints.map((c) => c.endpoint)).toEqual(['https://evil.example']);
      const before = JSON.stringify([...f.local.data]);
      const refused = async (confirmedEndpoints?: string[]) => failure(f.call('importBackup', { contents, passphrase: BACKUP_PASS, apply: true, ...(confirmedEndpoints ? { confirmedEndpoints } : {}) }));
      for (const confirmed of [undefined, [], [PROXY]]) {
        const e = await refused(confirmed);
        expect([e.code, e.message]).toEqual([
          'ENDPOINT_UNCONFIRMED',
          'The file puts account acc2 (file acc2) at the API endpoint https://evil.example, which is not Backblaze’s own and was not confirmed. Open the backup again and import only if you set that address yourself.',
        ]);
        expect(JSON.stringify([...f.local.data])).toBe(before);
      }
      // Removed here after the preview: the file would now add acc1 too, at an endpoint the preview never showed.
      await f.call('removeAccount', { accountId: 'acc1', keepSecrets: true });
      const removed = JSON.stringify([...f.local.data]);
      const both = await refused(['https://evil.example']);
      expect(both.message).toBe(`The file puts account acc1 (file acc1) at the API endpoint ${PROXY}, which is not Backblaze’s own and was not confirmed. Open the backup again and import only if you set that address yourself.`);
      expect(JSON.stringify([...f.local.data])).toBe(removed);
      const none = await refused([]);
      expect(none.message).toBe(`The file puts 2 accounts at API endpoints that are not Backblaze’s own and were not confirmed (${PROXY}, https://evil.example). Open the backup again and import only if you set those addresses yourself.`);
      const done = await f.call('importBackup', { contents, passphrase: BACKUP_PASS, apply: true, confirmedEndpoints: ['https://evil.example', PROXY] });
      expect([done.applied, done.added]).toEqual([true, 2]);
      expect(Object.keys(await stored(f)).sort()).toEqual(['acc1', 'acc2']);
    });

    it('“Replace” puts the file’s account key of another keyID in charge only when B2 accepts it, and the key here stays saved', async () => {
      const keys: Parameters<typeof b2Accepting>[0] = { 'k-here': { accountId: ACCOUNT_ID, applicationKey: 'S-here' } };
      const b2 = b2Accepting(keys);
      const f = await fixture({ fetch: b2.fetch });
      await f.addAccount(ACCOUNT_ID, 'k-here', 'S-here');
      const contents = await file({ accounts: [backupAccount(ACCOUNT_ID, 'k-file', 'S-file')] });
      const keyNow = async () => f.service.context.managingKey((await stored(f))[ACCOUNT_ID]!);
      const replace = () => f.call('importBackup', { contents, passphrase: BACKUP_PASS, apply: true, onConflict: 'replace' });
      const keyIds = 'Added here with keyID k-here; the file has keyID k-file.';
      const staysHere = `${keyIds} B2 accepts the one here and refuses the file’s, so the one here stays whichever you choose.`;

      // The file's key was deleted since the backup: the working one stays in charge.
      const refused = await replace();
      expect([refused.replaced, refused.conflicts.map((c) => c.reason)]).toEqual([0, [staysHere]]);
      expect(b2.asked).toEqual(expect.arrayContaining([[EP, 'k-here', 'S-here'], [EP, 'k-file', 'S-file']]));
      expect(await keyNow()).toBe('S-here');
      // A key of another B2 account works, but not for this one.
      keys['k-file'] = { accountId: 'another-account', applicationKey: 'S-file' };
      expect((await replace()).conflicts.map((c) => c.reason)).toEqual([staysHere]);
      expect(await keyNow()).toBe('S-here');

      keys['k-file'] = { accountId: ACCOUNT_ID, applicationKey: 'S-file' };
      const taken = await replace();
      expect([taken.replaced, taken.conflicts.map((c) => c.reason)]).toEqual([1, [`${keyIds} B2 accepts both.`]]);
      expect([(await stored(f))[ACCOUNT_ID]!.managingKeyId, await keyNow(), await opened(f, ACCOUNT_ID, 'k-here')]).toEqual(['k-file', 'S-file', 'S-here']);
    });

    it('an account record here that fails its schema is a conflict, never written over; the file’s secrets still come in', async () => {
      const sentence = 'The account’s record stored here is damaged, so it is left as it is whichever you choose.';
      const contents = await file({ accounts: [backupAccount('acc1', 'k1', 's1'), backupAccount('acc2', 'k2', 's2')], secrets: [secret('acc1', 'ka', 'secret-a')] });
      const f = await fixture();
      await f.addAccount('acc2', 'k2', 's2');
      editItem(f, 'accounts', (v) => ({ ...v, acc1: { accountId: 'acc1', managingKeyId: 'k1', endpoint: EP, label: 7 } }));
      const damaged = f.local.data.get('accounts');
      const preview = await f.call('importBackup', { contents, passphrase: BACKUP_PASS, apply: false });
      expect([preview.added, preview.same, preview.conflicting, preview.conflicts.map((c) => [c.accountId, c.reason])]).toEqual([1, 1, 1, [['acc1', sentence]]]);
      const r = await f.call('importBackup', { contents, passphrase: BACKUP_PASS, apply: true, onConflict: 'replace' });
      expect([r.applied, r.replaced]).toEqual([true, 0]);
      expect(f.local.data.get('accounts')).toBe(damaged);
      expect(await opened(f, 'acc1', 'ka')).toBe('secret-a');

      // The whole accounts record of the wrong type: every account of the file is such a conflict.
      const g = await fixture();
      g.local.data.set('accounts', JSON.stringify('not a record'));
      const all = await g.call('importBackup', { contents, passphrase: BACKUP_PASS, apply: true, onConflict: 'replace' });
      expect([all.applied, all.added, all.conflicts.map((c) => [c.accountId, c.reason])]).toEqual([true, 1, [['acc1', sentence], ['acc2', sentence]]]);
      expect(g.local.data.get('accounts')).toBe(JSON.stringify('not a record'));
      expect(await opened(g, 'acc1', 'ka')).toBe('secret-a');
    });

    it('a damaged lost-flag or notes record here keeps out only what goes into it, and says so', async () => {
      const f = await fixture();
      await f.addAccount('acc1', 'k1', 'secret-1');
      f.local.data.set(lostKey('acc1'), JSON.stringify('garbage'));
      f.local.data.set(notesKey('acc1'), JSON.stringify(['garbage']));
      const entries = [{ origin: 'https://a.example', title: 'A', at: 3, filled: ['keyId' as const] }];
      const contents = await file({
        accounts: [backupAccount('acc1', 'k1', 'secret-1'), backupAccount('acc2', 'k2', 's2')],
        secrets: [secret('acc1', 'ka', 'secret-a')],
        lost: [{ accountId: 'acc1', applicationKeyId: 'kl', keyName: 'l', flaggedAt: 1 }],
        usage: [{ accountId: 'acc1', applicationKeyId: 'ka', entries }],
        notes: [{ accountId: 'acc1', applicationKeyId: 'ka', note: { bucketKind: 'multi' } }],
      });
      const r = await f.call('importBackup', { contents, passphrase: BACKUP_PASS, apply: true });
      expect([r.applied, r.added, r.leftOut]).toEqual([
        true,
        2,
        [
          'Account acc1: the file’s “applicationKey lost” flags were not imported, because that record here is damaged; it was left as it is.',
          'Account acc1: the file’s notes about its keys were not imported, because the notes saved here are damaged; they were left as they are.',
        ],
      ]);
      expect([await opened(f, 'acc1', 'ka'), await f.service.context.managingKey((await stored(f))['acc2']!)]).toEqual(['secret-a', 's2']);
      const usage = (await f.service.context.store.usage('acc1')).valid['ka'];
      expect(await openUsage(await f.service.context.dataKey(), 'acc1', 'ka', usage)).toEqual(entries);
      expect([f.local.data.get(lostKey('acc1')), f.local.data.get(notesKey('acc1'))]).toEqual([JSON.stringify('garbage'), JSON.stringify(['garbage'])]);
    });
  });
});

describe('an import that moves an account to an endpoint the file names (fault review 11)', () => {
  it('needs that endpoint confirmed, as adding an account there does', async () => {
    const f = await fixture();
    await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
    const moved = { accountId: ACCOUNT_ID, label: 'file', endpoint: 'https://b2-proxy.example', managingKeyId: 'k-manager', applicationKey: 'K-manager-secret', capabilities: ['listKeys'], bucketRestriction: null, namePrefix: null, s3ApiUrl: null, addedAt: 3 };
    const contents = await encryptBackup({ v: 1, exportedAt: 1, accounts: [moved], secrets: [], lost: [] }, BACKUP_PASS, { iterations: 1000 });
    const preview = await f.call('importBackup', { contents, passphrase: BACKUP_PASS, apply: false, onConflict: 'replace' });
    expect(preview.customEndpoints).toEqual([{ accountId: ACCOUNT_ID, label: 'file', endpoint: 'https://b2-proxy.example' }]);
    const refused = await failure(f.call('importBackup', { contents, passphrase: BACKUP_PASS, apply: true, onConflict: 'replace' }));
    expect([refused.code, refused.message]).toEqual([
      'ENDPOINT_UNCONFIRMED',
      `The file puts account ${ACCOUNT_ID} (file) at the API endpoint https://b2-proxy.example, which is not Backblaze’s own and was not confirmed. Open the backup again and import only if you set that address yourself.`,
    ]);
    expect((await f.service.context.store.accounts())[ACCOUNT_ID]!.endpoint).toBe(EP);
    // Kept where it is ("keep"), or replaced at the same endpoint: nothing to confirm.
    expect((await f.call('importBackup', { contents, passphrase: BACKUP_PASS, apply: false, onConflict: 'keep' })).customEndpoints).toEqual([]);
  });
});
