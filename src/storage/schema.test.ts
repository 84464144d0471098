import { describe, expect, it } from 'vitest';
import {
  checksKey,
  createRecordSchema,
  JOURNAL_KEY,
  keyNoteSchema,
  layout,
  lostKey,
  lostKeysSchema,
  notesKey,
  secretCheckRecordSchema,
  secretsKey,
  secretsSchema,
  storedAccountSchema,
  storedSecretSchema,
  usageKey,
} from './schema';

const SEALED = { v: 1 as const, iv: 'AAAAAAAAAAAAAAAA', ct: 'AAAAAAAAAAAAAAAAAAAAAA==' };
const record = {
  id: 'r1',
  accountId: 'acct',
  keyName: 'k',
  capabilities: ['readFiles'],
  bucketIds: ['b1'],
  namePrefix: 'p/',
  validDurationInSeconds: 3600,
  startedAt: 1,
  workerId: 'w',
  priorKeyIds: ['old'],
  state: 'inFlight',
  endedAt: 2,
  savedKeyId: 'new',
  detail: 'sent',
  resolution: { at: 3, lostKeyIds: ['lost1'], created: true },
};
const account = {
  accountId: 'acct',
  label: 'Main',
  endpoint: 'https://api.backblazeb2.com',
  managingKeyId: 'mk',
  sealedKey: SEALED,
  capabilities: ['listKeys', 'writeKeys'],
  bucketRestriction: [{ id: 'b1', name: 'bucket' }],
  namePrefix: null,
  s3ApiUrl: 'https://s3.example',
  addedAt: 5,
  needsRebind: true,
};

describe('stored shapes', () => {
  it('every field of a create record, an account and a secret is kept as stored', () => {
    expect(createRecordSchema.parse(record)).toEqual(record);
    expect(storedAccountSchema.parse(account)).toEqual(account);
    expect(secretsSchema.parse({ k: { sealed: SEALED, keyName: 'k', savedAt: 1 } })).toEqual({ k: { sealed: SEALED, keyName: 'k', savedAt: 1 } });
    expect(lostKeysSchema.parse({ k: { keyName: 'k', flaggedAt: 1, recordId: 'r' } })).toEqual({ k: { keyName: 'k', flaggedAt: 1, recordId: 'r' } });
  });

  it('each create-record state, check outcome and bucket kind parses; any other word does not', () => {
    for (const state of ['inFlight', 'saved', 'uncertain']) expect(createRecordSchema.safeParse({ ...record, state }).success).toBe(true);
    expect(createRecordSchema.safeParse({ ...record, state: 'done' }).success).toBe(false);
    for (const outcome of ['works', 'deleted', 'expired', 'mismatch', 'refused']) expect(secretCheckRecordSchema.parse({ outcome, at: 1 })).toEqual({ outcome, at: 1 });
    expect(secretCheckRecordSchema.safeParse({ outcome: 'ok', at: 1 }).success).toBe(false);
    for (const bucketKind of ['single', 'multi']) expect(keyNoteSchema.parse({ bucketKind })).toEqual({ bucketKind });
    expect(keyNoteSchema.safeParse({ bucketKind: 'all' }).success).toBe(false);
  });

  it('a key note keeps its lineage and duration, and rejects a lineage without a keyID', () => {
    const note = { replaces: { applicationKeyId: 'a', keyName: 'n' }, replacedBy: { applicationKeyId: 'b', keyName: 'm' }, validDurationInSeconds: null };
    expect(keyNoteSchema.parse(note)).toEqual(note);
    expect(keyNoteSchema.safeParse({ replaces: { keyName: 'n' } }).success).toBe(false);
    expect(keyNoteSchema.safeParse({ replacedBy: { applicationKeyId: 'b' } }).success).toBe(false);
  });

  it('wrong types in a nested part are refused, not dropped', () => {
    expect(createRecordSchema.safeParse({ ...record, resolution: { at: 3, lostKeyIds: 'lost1', created: true } }).success).toBe(false);
    expect(storedAccountSchema.safeParse({ ...account, bucketRestriction: [{ id: 'b1' }] }).success).toBe(false);
    expect(storedSecretSchema.safeParse({ sealed: { ...SEALED, iv: 1 }, keyName: 'k', savedAt: 1 }).success).toBe(false);
  });

  it('top-level items: a whole-number format version, the last fill as a keyID or null', () => {
    expect(layout.schemaVersion.safeParse(2.5).success).toBe(false);
    expect(layout.lastFill.parse({ accountId: 'a', applicationKeyId: 'k' })).toEqual({ accountId: 'a', applicationKeyId: 'k' });
    expect(layout.lastFill.safeParse({ accountId: 'a' }).success).toBe(false);
    expect(layout.activeAccountId.parse(null)).toBeNull();
  });

  it('per-account item names', () => {
    expect([secretsKey('a'), lostKey('a'), notesKey('a'), usageKey('a'), checksKey('a'), JOURNAL_KEY]).toEqual(['secrets:a', 'lost:a', 'notes:a', 'usage:a', 'checks:a', 'createJournal']);
  });
});
