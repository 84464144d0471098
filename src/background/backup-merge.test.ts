import { describe, expect, it } from 'vitest';
import type { BackupPayload } from '../vault/backup';
import { planImport, secretPairs, verdictKey, type LocalVault, type Verdict } from './backup-merge';

const account = (id: string, keyId: string, key: string, endpoint = 'https://api.backblazeb2.com') => ({ accountId: id, label: id, endpoint, managingKeyId: keyId, applicationKey: key, capabilities: [], bucketRestriction: null, namePrefix: null, s3ApiUrl: null, addedAt: 1 });
const secret = (accountId: string, id: string, key: string) => ({ accountId, applicationKeyId: id, keyName: `name-${id}`, savedAt: 5, applicationKey: key });
const file: BackupPayload = {
  v: 1,
  exportedAt: 1,
  accounts: [account('new', 'new', 'newkey'), account('same', 'same', 'samekey'), account('other', 'k2', 'k2secret'), account('evil', 'e', 'ekey', 'http://example.com')],
  secrets: [secret('same', 'a', 'sa'), secret('same', 'b', 'sb'), secret('same', 'c', 'sc-file'), secret('same', 'd', 'sd'), secret('bad', 'x', 'sx')],
  lost: [{ accountId: 'same', applicationKeyId: 'l', keyName: 'l', flaggedAt: 1 }, { accountId: 'same', applicationKeyId: 'a', keyName: 'a', flaggedAt: 1 }],
};
const local: LocalVault = {
  accounts: { same: { managingKeyId: 'same', endpoint: 'https://api.backblazeb2.com', applicationKey: 'samekey' }, other: { managingKeyId: 'k1', endpoint: 'https://api.backblazeb2.com', applicationKey: 'k1secret' } },
  secrets: { same: { b: 'sb', c: 'sc-here', d: 'damaged' } },
  corruptSecrets: new Set(['bad']),
  lost: {},
};
const httpsOnly = (e: string) => e.startsWith('https://');

describe('planImport', () => {
  it('adds what is missing, counts what is equal, and keeps every differing secret unless told to replace', () => {
    const keep = planImport(file, local, 'keep', httpsOnly);
    // added: account new, secret a; same: account same, secret b; conflicting: account other, secrets c and d; skipped: account evil, secret x.
    expect(keep.counts).toEqual({ added: 2, same: 2, conflicting: 3, replaced: 0, skipped: 2 });
    expect(keep.addAccounts.map((a) => a.accountId)).toEqual(['new']);
    expect(keep.replaceAccounts).toEqual([]);
    expect(keep.putSecrets.map((s) => s.applicationKeyId)).toEqual(['a']);
    expect(keep.conflicts.map((c) => [c.kind, c.applicationKeyId])).toEqual([['account', 'k2'], ['secret', 'c'], ['secret', 'd']]);
    expect(keep.conflicts[2]!.reason).toMatch(/damaged/);
    // A lost flag for a key whose secret the import brings is not a note worth keeping.
    expect(keep.flagLost.map((l) => l.applicationKeyId)).toEqual(['l']);
    expect(keep.skipped.join(' ')).toMatch(/not allowed here.*damaged/s);
  });

  it('replaces only the conflicts when asked, with the same counts; two readable secrets only on B2\'s word', () => {
    // c: the same keyID with two readable secrets, and account other's key of another keyID, which B2 has not
    // settled: the ones here stay.
    const replace = planImport(file, local, 'replace', httpsOnly);
    expect(replace.counts).toEqual({ added: 2, same: 2, conflicting: 3, replaced: 1, skipped: 2 });
    expect(replace.replaceAccounts).toEqual([]);
    expect(replace.putSecrets.map((s) => s.applicationKeyId)).toEqual(['a', 'd']);
    expect(replace.conflicts[1]!.reason).toBe('The applicationKey saved here differs from the file’s. B2 could not be asked which one it accepts, so the one here stays whichever you choose; import again when B2 can be reached.');
    const settled = planImport(file, local, 'replace', httpsOnly, new Map([[verdictKey('same', 'c'), 'file' as const], [verdictKey('other', 'k2'), 'file' as const]]));
    expect(settled.replaceAccounts.map((a) => a.accountId)).toEqual(['other']);
    expect(settled.putSecrets.map((s) => s.applicationKeyId)).toEqual(['a', 'c', 'd']);
    expect(settled.counts.replaced).toBe(3);
  });

  it('lists as B2\'s to settle only two secrets that both open: for one keyID, or an account\'s two managing keys', () => {
    const here: LocalVault = {
      accounts: {
        m: { managingKeyId: 'm', endpoint: 'https://api.backblazeb2.com', applicationKey: 'm-here' },
        n: { managingKeyId: 'kn', endpoint: 'https://api.backblazeb2.com', applicationKey: 'n-here' },
        o: { managingKeyId: 'o', endpoint: 'https://api.backblazeb2.com', applicationKey: 'damaged' },
        p: { managingKeyId: 'p', endpoint: 'https://api.backblazeb2.com', applicationKey: 'p-same' },
      },
      secrets: { m: { s1: 's1-here', s2: 'damaged', s3: 's3-same' }, q: { s4: 's4-here' } },
      corruptSecrets: new Set(['q']),
      lost: {},
    };
    const withFile: BackupPayload = {
      v: 1,
      exportedAt: 1,
      accounts: [account('m', 'm', 'm-file'), account('n', 'kn2', 'n-file'), account('o', 'o', 'o-file'), account('p', 'p', 'p-same', 'https://api002.backblazeb2.com')],
      secrets: [secret('m', 's1', 's1-file'), secret('m', 's2', 's2-file'), secret('m', 's3', 's3-same'), secret('m', 's5', 's5-new'), secret('q', 's4', 's4-file')],
      lost: [],
    };
    expect(secretPairs(withFile, here)).toEqual([
      { accountId: 'm', applicationKeyId: 'm', hereKeyId: 'm', here: 'm-here', file: 'm-file' },
      { accountId: 'n', applicationKeyId: 'kn2', hereKeyId: 'kn', here: 'n-here', file: 'n-file' },
      { accountId: 'm', applicationKeyId: 's1', hereKeyId: 's1', here: 's1-here', file: 's1-file' },
    ]);
  });

  it('follows B2\'s word: the secret it accepts is never replaced by one it refuses, and each sentence says so', () => {
    const here: LocalVault = {
      accounts: { m: { managingKeyId: 'm', endpoint: 'https://api.backblazeb2.com', applicationKey: 'm-here' } },
      secrets: { m: { s1: 's1-here' } },
      corruptSecrets: new Set(),
      lost: {},
    };
    const withFile: BackupPayload = { v: 1, exportedAt: 1, accounts: [account('m', 'm', 'm-file')], secrets: [secret('m', 's1', 's1-file')], lost: [] };
    const run = (verdict: Verdict, choice: 'keep' | 'replace') => {
      const plan = planImport(withFile, here, choice, () => true, new Map([[verdictKey('m', 'm'), verdict], [verdictKey('m', 's1'), verdict]]));
      expect(plan.counts).toEqual({ added: 0, same: 0, conflicting: 2, replaced: plan.replaceAccounts.length + plan.putSecrets.length, skipped: 0 });
      return [plan.replaceAccounts.length, plan.putSecrets.length, plan.conflicts[0]!.reason, plan.conflicts[1]!.reason];
    };
    const account_ = 'Its applicationKey here differs from the file’s.';
    const secret_ = 'The applicationKey saved here differs from the file’s.';
    const says = {
      here: ' B2 accepts the one here and refuses the file’s, so the one here stays whichever you choose.',
      file: ' B2 accepts the file’s and refuses the one here: choose “Replace them with the file’s” to take it.',
      neither: ' B2 refuses both.',
      unknown: ' B2 could not be asked which one it accepts, so the one here stays whichever you choose; import again when B2 can be reached.',
    };
    expect(run('here', 'replace')).toEqual([0, 0, account_ + says.here, secret_ + says.here]);
    expect(run('here', 'keep')).toEqual([0, 0, account_ + says.here, secret_ + says.here]);
    expect(run('file', 'replace')).toEqual([1, 1, account_ + says.file, secret_ + says.file]);
    expect(run('file', 'keep')).toEqual([0, 0, account_ + says.file, secret_ + says.file]);
    expect(run('neither', 'replace')).toEqual([1, 1, account_ + says.neither, secret_ + says.neither]);
    expect(run('neither', 'keep')).toEqual([0, 0, account_ + says.neither, secret_ + says.neither]);
    expect(run('unknown', 'replace')).toEqual([0, 0, account_ + says.unknown, secret_ + says.unknown]);
    // A verdict for another key settles nothing here.
    const other = planImport(withFile, here, 'replace', () => true, new Map([[verdictKey('m', 'zz'), 'file']]));
    expect([other.replaceAccounts.length, other.putSecrets.length]).toEqual([0, 0]);
  });

  it('an account\'s key of another keyID replaces the one here only when B2 accepts it', () => {
    const here: LocalVault = { accounts: { m: { managingKeyId: 'k-here', endpoint: 'https://api.backblazeb2.com', applicationKey: 's-here' } }, secrets: {}, corruptSecrets: new Set(), lost: {} };
    const withFile: BackupPayload = { v: 1, exportedAt: 1, accounts: [account('m', 'k-file', 's-file')], secrets: [], lost: [] };
    expect(secretPairs(withFile, here)).toEqual([{ accountId: 'm', applicationKeyId: 'k-file', hereKeyId: 'k-here', here: 's-here', file: 's-file' }]);
    const run = (verdict: Verdict | null, choice: 'keep' | 'replace' = 'replace') => {
      const plan = planImport(withFile, here, choice, () => true, new Map(verdict ? [[verdictKey('m', 'k-file'), verdict]] : []));
      expect(plan.counts.replaced).toBe(plan.replaceAccounts.length);
      return [plan.replaceAccounts.length, plan.conflicts[0]!.reason];
    };
    const differs = 'Added here with keyID k-here; the file has keyID k-file.';
    const unasked = ' B2 could not be asked which one it accepts, so the one here stays whichever you choose; import again when B2 can be reached.';
    expect(run(null)).toEqual([0, differs + unasked]);
    expect(run('unknown')).toEqual([0, differs + unasked]);
    expect(run('here')).toEqual([0, `${differs} B2 accepts the one here and refuses the file’s, so the one here stays whichever you choose.`]);
    // Unlike two secrets of one keyID: the key in charge of the account is not traded for another dead one.
    expect(run('neither')).toEqual([0, `${differs} B2 refuses both, so the one here stays whichever you choose.`]);
    expect(run('file')).toEqual([1, `${differs} B2 accepts the file’s and refuses the one here: choose “Replace them with the file’s” to take it.`]);
    expect(run('both')).toEqual([1, `${differs} B2 accepts both.`]);
    expect(run('both', 'keep')).toEqual([0, `${differs} B2 accepts both.`]);
    // Where the file's key would be sent from then on is said too.
    const elsewhere = planImport({ ...withFile, accounts: [account('m', 'k-file', 's-file', 'https://b2-proxy.example.com')] }, here, 'keep', () => true);
    expect(elsewhere.conflicts[0]!.reason).toBe(`${differs} Its API endpoint here is https://api.backblazeb2.com; the file has https://b2-proxy.example.com.${unasked}`);
  });

  it('an account whose record here is damaged is a conflict, never added or replaced over it', () => {
    const here: LocalVault = { accounts: {}, secrets: {}, corruptSecrets: new Set(), lost: {}, damagedAccounts: new Set(['d']) };
    const withFile: BackupPayload = { v: 1, exportedAt: 1, accounts: [account('d', 'kd', 'sd'), account('n', 'kn', 'sn')], secrets: [secret('d', 'a', 'sa')], lost: [] };
    for (const choice of ['keep', 'replace'] as const) {
      const plan = planImport(withFile, here, choice, () => true);
      expect([plan.addAccounts.map((a) => a.accountId), plan.replaceAccounts]).toEqual([['n'], []]);
      expect(plan.counts).toEqual({ added: 2, same: 0, conflicting: 1, replaced: 0, skipped: 0 });
      expect(plan.conflicts).toEqual([{ kind: 'account', accountId: 'd', applicationKeyId: 'kd', keyName: 'd', reason: 'The account’s record stored here is damaged, so it is left as it is whichever you choose.' }]);
      // Its saved secrets are a record of their own, and this one is missing here.
      expect(plan.putSecrets.map((p) => p.applicationKeyId)).toEqual(['a']);
    }
  });

  it('importing the same file twice adds nothing the second time', () => {
    const once = planImport(file, { accounts: {}, secrets: {}, corruptSecrets: new Set(), lost: {} }, 'keep', () => true);
    const after: LocalVault = {
      accounts: Object.fromEntries(once.addAccounts.map((a) => [a.accountId, { managingKeyId: a.managingKeyId, endpoint: a.endpoint, applicationKey: a.applicationKey }])),
      secrets: {},
      corruptSecrets: new Set(),
      lost: { same: new Set(once.flagLost.map((l) => l.applicationKeyId)) },
    };
    for (const s of once.putSecrets) (after.secrets[s.accountId] ??= {})[s.applicationKeyId] = s.applicationKey;
    const twice = planImport(file, after, 'keep', () => true);
    expect(twice.counts).toEqual({ added: 0, same: 9, conflicting: 0, replaced: 0, skipped: 0 });
    expect(twice.flagLost).toEqual([]);
  });

  it('says what differs about an account: its key here is damaged, another keyID, another endpoint, another secret', () => {
    const here: LocalVault = {
      accounts: {
        a: { managingKeyId: 'ka', endpoint: 'https://api.backblazeb2.com', applicationKey: 'damaged' },
        b: { managingKeyId: 'kb', endpoint: 'https://api.backblazeb2.com', applicationKey: 'sb' },
        c: { managingKeyId: 'kc', endpoint: 'https://api.backblazeb2.com', applicationKey: 'sc' },
        d: { managingKeyId: 'kd', endpoint: 'https://api.backblazeb2.com', applicationKey: 'sd' },
        e: { managingKeyId: 'ke', endpoint: 'https://api.backblazeb2.com', applicationKey: 'damaged' },
      },
      secrets: {},
      corruptSecrets: new Set(),
      lost: {},
    };
    const withFile: BackupPayload = {
      v: 1,
      exportedAt: 1,
      accounts: [
        account('a', 'ka', 'sa'),
        account('b', 'kb2', 'sb'),
        account('c', 'kc', 'sc', 'https://api002.backblazeb2.com'),
        account('d', 'kd', 'other'),
        // The file's key is the word "damaged": a damaged key here never equals it.
        account('e', 'ke', 'damaged'),
      ],
      secrets: [],
      lost: [],
    };
    const plan = planImport(withFile, here, 'keep', () => true);
    expect(plan.conflicts.map((c) => [c.accountId, c.applicationKeyId, c.keyName, c.reason])).toEqual([
      ['a', 'ka', 'a', 'The account’s key stored here is damaged.'],
      ['b', 'kb2', 'b', 'Added here with keyID kb; the file has keyID kb2. B2 could not be asked which one it accepts, so the one here stays whichever you choose; import again when B2 can be reached.'],
      ['c', 'kc', 'c', 'Its API endpoint here is https://api.backblazeb2.com; the file has https://api002.backblazeb2.com.'],
      ['d', 'kd', 'd', 'Its applicationKey here differs from the file’s. B2 could not be asked which one it accepts, so the one here stays whichever you choose; import again when B2 can be reached.'],
      ['e', 'ke', 'e', 'The account’s key stored here is damaged.'],
    ]);
    expect(plan.counts).toEqual({ added: 0, same: 0, conflicting: 5, replaced: 0, skipped: 0 });
  });

  it('a lost flag is kept only when no secret for that key is here or coming, and its account’s secrets are readable', () => {
    const lost = (accountId: string, id: string) => ({ accountId, applicationKeyId: id, keyName: id, flaggedAt: 1 });
    const plan = planImport(
      { v: 1, exportedAt: 1, accounts: [], secrets: [secret('x', 'k2', 's2')], lost: [lost('x', 'k1'), lost('x', 'k2'), lost('x', 'k3'), lost('y', 'k4'), lost('z', 'k5')] },
      { accounts: {}, secrets: { x: { k3: 'damaged' } }, corruptSecrets: new Set(['y']), lost: { z: new Set(['k5']) } },
      'keep',
      () => true,
    );
    expect(plan.flagLost.map((l) => l.applicationKeyId)).toEqual(['k1']);
  });
});
