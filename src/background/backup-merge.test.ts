import { describe, expect, it } from 'vitest';
import type { BackupPayload } from '../vault/backup';
import { planImport, type LocalVault } from './backup-merge';

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
    expect(keep.counts).toEqual({ added: 2, same: 2, conflicting: 3, skipped: 2 });
    expect(keep.addAccounts.map((a) => a.accountId)).toEqual(['new']);
    expect(keep.replaceAccounts).toEqual([]);
    expect(keep.putSecrets.map((s) => s.applicationKeyId)).toEqual(['a']);
    expect(keep.conflicts.map((c) => [c.kind, c.applicationKeyId])).toEqual([['account', 'k2'], ['secret', 'c'], ['secret', 'd']]);
    expect(keep.conflicts[2]!.reason).toMatch(/damaged/);
    // A lost flag for a key whose secret the import brings is not a note worth keeping.
    expect(keep.flagLost.map((l) => l.applicationKeyId)).toEqual(['l']);
    expect(keep.skipped.join(' ')).toMatch(/not allowed here.*damaged/s);
  });

  it('replaces only the conflicts when asked, with the same counts', () => {
    const replace = planImport(file, local, 'replace', httpsOnly);
    expect(replace.counts).toEqual({ added: 2, same: 2, conflicting: 3, skipped: 2 });
    expect(replace.replaceAccounts.map((a) => a.accountId)).toEqual(['other']);
    expect(replace.putSecrets.map((s) => s.applicationKeyId)).toEqual(['a', 'c', 'd']);
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
    expect(twice.counts).toEqual({ added: 0, same: 9, conflicting: 0, skipped: 0 });
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
      ['b', 'kb2', 'b', 'Added here with keyID kb; the file has keyID kb2.'],
      ['c', 'kc', 'c', 'Its API endpoint here is https://api.backblazeb2.com; the file has https://api002.backblazeb2.com.'],
      ['d', 'kd', 'd', 'Its applicationKey here differs from the file’s.'],
      ['e', 'ke', 'e', 'The account’s key stored here is damaged.'],
    ]);
    expect(plan.counts).toEqual({ added: 0, same: 0, conflicting: 5, skipped: 0 });
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
