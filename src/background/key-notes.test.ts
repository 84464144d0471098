import { describe, expect, it } from 'vitest';
import { MAX_VALID_DURATION_SECONDS } from '../b2/limits';
import { validateCreateKeyInput } from '../b2/validate';
import { LocalStore, MemoryArea, notesKey, type CachedKey, type StoredAccount } from '../storage';
import { bucketKindOf, rotationInput, rotationRefusal, successorName, suggestedDuration, writeCreatedNotes } from './key-notes';

const key = (over: Partial<CachedKey> = {}): CachedKey => ({
  accountId: 'acc',
  applicationKeyId: 'k1',
  keyName: 'backup',
  capabilities: ['readFiles'],
  bucketIds: null,
  namePrefix: null,
  expirationTimestamp: null,
  options: [],
  ...over,
});

describe('successorName', () => {
  it('adds or counts up a number, within 100 characters', () => {
    expect(successorName('backup')).toBe('backup-2');
    expect(successorName('backup-2')).toBe('backup-3');
    expect(successorName('backup-09')).toBe('backup-10');
    expect(successorName('x'.repeat(100))).toBe(`${'x'.repeat(98)}-2`);
    expect(successorName(`${'y'.repeat(97)}-99`)).toHaveLength(100);
  });
});

describe('bucket kind and rotation input', () => {
  it('knows a multi-bucket key by its bucket count, a one-bucket key only from its note', () => {
    expect(bucketKindOf(key(), undefined)).toBe('allBuckets');
    expect(bucketKindOf(key({ bucketIds: ['a', 'b'] }), { bucketKind: 'single' })).toBe('multi');
    expect(bucketKindOf(key({ bucketIds: ['a'] }), undefined)).toBe('unknown');
    expect(bucketKindOf(key({ bucketIds: ['a'] }), { bucketKind: 'multi' })).toBe('multi');
  });

  it('a one-bucket key of unknown kind is rotated into a single-bucket key; a known v4 one stays v4', () => {
    const chosen = { keyName: 'n', validDurationInSeconds: null };
    expect(rotationInput(key({ bucketIds: ['a'] }), undefined, chosen).legacySingleBucket).toBe(true);
    expect(rotationInput(key({ bucketIds: ['a'] }), { bucketKind: 'multi' }, chosen).legacySingleBucket).toBeUndefined();
    expect(rotationInput(key({ bucketIds: ['a', 'b'] }), undefined, chosen).legacySingleBucket).toBeUndefined();
  });
});

describe('suggestedDuration', () => {
  const now = Date.UTC(2026, 0, 1);
  it('the original duration when noted, else what is left in whole days, else none', () => {
    expect(suggestedDuration(key({ expirationTimestamp: now + 5 }), { validDurationInSeconds: 86_400 * 90 }, now)).toEqual({ seconds: 86_400 * 90, known: true });
    expect(suggestedDuration(key({ expirationTimestamp: now + 36 * 3_600_000 }), undefined, now)).toEqual({ seconds: 2 * 86_400, known: false });
    expect(suggestedDuration(key({ expirationTimestamp: now - 1 }), undefined, now)).toEqual({ seconds: 86_400, known: false });
    expect(suggestedDuration(key(), undefined, now)).toEqual({ seconds: null, known: true });
  });
});

describe('successorName edges', () => {
  it('counts only a dash and one to six digits at the very end', () => {
    expect(successorName('v-1234567')).toBe('v-1234567-2');
    expect(successorName('v-999999')).toBe('v-1000000');
    expect(successorName('v-')).toBe('v--2');
    expect(successorName('v-12x')).toBe('v-12x-2');
    expect(successorName('a-b-3')).toBe('a-b-4');
    expect(successorName('3')).toBe('3-2');
    expect(successorName('x-1-')).toBe('x-1--2');
  });
});

describe('suggestedDuration edges', () => {
  const now = Date.UTC(2026, 0, 1);
  it('a noted "never expires" wins over the expiry; a far expiry is cut to the longest B2 allows', () => {
    expect(suggestedDuration(key({ expirationTimestamp: now + 86_400_000 }), { validDurationInSeconds: null }, now)).toEqual({ seconds: null, known: true });
    expect(suggestedDuration(key({ expirationTimestamp: now + 86_400_000 }), {}, now)).toEqual({ seconds: 86_400, known: false });
    expect(suggestedDuration(key({ expirationTimestamp: now + 5000 * 86_400_000 }), undefined, now)).toEqual({ seconds: MAX_VALID_DURATION_SECONDS, known: false });
    expect(suggestedDuration(key({ expirationTimestamp: now + 3 * 86_400_000 }), undefined, now)).toEqual({ seconds: 3 * 86_400, known: false });
  });
});

describe('rotationInput', () => {
  it('copies the old key’s restrictions with the chosen name and duration', () => {
    const old = key({ capabilities: ['readFiles', 'listFiles'], bucketIds: ['a'], namePrefix: 'p/' });
    const input = rotationInput(old, { bucketKind: 'single' }, { keyName: 'n', validDurationInSeconds: 60 });
    expect(input).toEqual({ keyName: 'n', capabilities: ['readFiles', 'listFiles'], bucketIds: ['a'], namePrefix: 'p/', validDurationInSeconds: 60, legacySingleBucket: true, copiedFromExistingKey: true });
    expect(input.capabilities).not.toBe(old.capabilities);
    expect(input.bucketIds).not.toBe(old.bucketIds);
    expect(rotationInput(key(), undefined, { keyName: 'n', validDurationInSeconds: null })).toEqual({ keyName: 'n', capabilities: ['readFiles'], bucketIds: null, namePrefix: null, validDurationInSeconds: null, copiedFromExistingKey: true });
  });
});

describe('rotationRefusal', () => {
  const account = (over: Partial<StoredAccount> = {}): StoredAccount => ({
    accountId: 'acc', managingKeyId: 'mk', label: 'A', endpoint: 'https://api.backblazeb2.com', capabilities: ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets'],
    bucketRestriction: null, namePrefix: null, s3ApiUrl: null, addedAt: 1, sealedKey: {} as never, ...over,
  });

  it('refuses the managing key and the master key (keyID = accountId)', () => {
    expect(rotationRefusal(account(), key({ applicationKeyId: 'mk' }), undefined, null)).toMatch(/^This is the key B2 Key Manager manages this account with/);
    expect(rotationRefusal(account(), key({ applicationKeyId: 'acc' }), undefined, null)).toMatch(/^This is the key B2 Key Manager manages this account with/);
  });

  it('refuses without writeKeys', () => {
    expect(rotationRefusal(account({ capabilities: ['listKeys'] }), key(), undefined, null)).toMatch(/lacks writeKeys/);
  });

  it('refuses a key reaching beyond the managing key’s prefix, accepts one inside it', () => {
    expect(rotationRefusal(account({ namePrefix: 'logs/' }), key({ namePrefix: null }), undefined, null)).toBe('The key this account is managed with only reaches files starting with “logs/”, so it cannot create a key with this key’s reach. Add the account again with the master key to rotate it.');
    expect(rotationRefusal(account({ namePrefix: 'logs/' }), key({ namePrefix: 'other/' }), undefined, null)).toMatch(/only reaches files starting with/);
    expect(rotationRefusal(account({ namePrefix: 'logs/' }), key({ namePrefix: 'logs/2026/' }), undefined, null)).toBeNull();
    expect(rotationRefusal(account({ namePrefix: '' }), key({ namePrefix: null }), undefined, null)).toBeNull();
    // A key without a prefix reaches every file, so any prefix on the managing key is too narrow for it.
    for (const prefix of ['S', 'Str', 'a']) expect(rotationRefusal(account({ namePrefix: prefix }), key({ namePrefix: null }), undefined, null)).toMatch(/only reaches files starting with/);
  });

  it('refuses a key B2 would not create again, with the first reason', () => {
    expect(rotationRefusal(account(), key({ capabilities: [] }), undefined, null)).toBe('An equivalent key cannot be created: Choose at least one capability.');
    expect(rotationRefusal(account(), key(), undefined, null)).toBeNull();
  });

  it('copies a bucket-scoped key holding writeBuckets as it is: B2 made it, so B2 decides (the create form’s pick does not apply)', () => {
    const consoleKey = key({ capabilities: ['listBuckets', 'listFiles', 'readFiles', 'writeFiles', 'deleteFiles', 'writeBuckets'], bucketIds: ['b1'] });
    expect(rotationRefusal(account(), consoleKey, { bucketKind: 'single' }, new Set(['b1']))).toBeNull();
    const input = rotationInput(consoleKey, { bucketKind: 'single' }, { keyName: 'next', validDurationInSeconds: null });
    expect([input.capabilities, input.copiedFromExistingKey, validateCreateKeyInput(input)]).toEqual([consoleKey.capabilities, true, []]);
    // The form's own create keeps the pick.
    expect(validateCreateKeyInput({ ...input, copiedFromExistingKey: false }).map((i) => i.field)).toEqual(['capabilities']);
  });

  it('refuses a key whose bucket the last good refresh did not list, before B2 answers bad_bucket_id to a form with no bucket to change', () => {
    const scoped = key({ bucketIds: ['b1', 'b2'] });
    expect(rotationRefusal(account(), scoped, undefined, new Set(['b2', 'b3']))).toBe(
      'This key’s bucket b1 no longer exists in B2 (the last refresh did not list it), so an equivalent key cannot be created. Refresh if it was made again; otherwise create a new key for the buckets it should reach.',
    );
    expect(rotationRefusal(account(), scoped, undefined, new Set())).toBe(
      '2 of this key’s buckets no longer exist in B2 (the last refresh did not list them), so an equivalent key cannot be created. Refresh if they were made again; otherwise create a new key for the buckets it should reach.',
    );
    expect(rotationRefusal(account(), scoped, undefined, new Set(['b1', 'b2']))).toBeNull();
    // Without a good listing nothing is known to be gone, and a key for all buckets has none to lose.
    expect(rotationRefusal(account(), scoped, undefined, null)).toBeNull();
    expect(rotationRefusal(account(), key({ bucketIds: null }), undefined, new Set())).toBeNull();
  });
});

describe('writeCreatedNotes', () => {
  async function notesAfter(setup: unknown, k: CachedKey, input: Parameters<typeof writeCreatedNotes>[4], replaces?: CachedKey) {
    const area = new MemoryArea();
    if (setup !== undefined) await area.set({ [notesKey('acc')]: setup });
    const store = new LocalStore(area);
    await store.write((tx) => writeCreatedNotes(store, tx, 'acc', k, input, replaces));
    return (await area.get(notesKey('acc')))[notesKey('acc')];
  }

  it('notes the duration, and the kind of a one-bucket key (single only when asked for)', async () => {
    expect(await notesAfter(undefined, key({ applicationKeyId: 'n1' }), { keyName: 'x', capabilities: ['readFiles'], validDurationInSeconds: 60 })).toEqual({ n1: { validDurationInSeconds: 60 } });
    expect(await notesAfter(undefined, key({ applicationKeyId: 'n1' }), { keyName: 'x', capabilities: ['readFiles'] })).toEqual({ n1: { validDurationInSeconds: null } });
    expect(await notesAfter(undefined, key({ applicationKeyId: 'n1', bucketIds: ['b'] }), { keyName: 'x', capabilities: ['readFiles'], legacySingleBucket: true })).toEqual({ n1: { validDurationInSeconds: null, bucketKind: 'single' } });
    expect(await notesAfter(undefined, key({ applicationKeyId: 'n1', bucketIds: ['b'] }), { keyName: 'x', capabilities: ['readFiles'], legacySingleBucket: false })).toEqual({ n1: { validDurationInSeconds: null, bucketKind: 'multi' } });
    expect(await notesAfter(undefined, key({ applicationKeyId: 'n1', bucketIds: ['b', 'c'] }), { keyName: 'x', capabilities: ['readFiles'] })).toEqual({ n1: { validDurationInSeconds: null } });
  });

  it('a rotation links both keys, keeping what was noted of the old one', async () => {
    const old = key({ applicationKeyId: 'o1', keyName: 'old' });
    const notes = await notesAfter({ o1: { validDurationInSeconds: 5, bucketKind: 'single' }, other: { validDurationInSeconds: 1 } }, key({ applicationKeyId: 'n1', keyName: 'new' }), { keyName: 'new', capabilities: ['readFiles'] }, old);
    expect(notes).toEqual({
      o1: { validDurationInSeconds: 5, bucketKind: 'single', replacedBy: { applicationKeyId: 'n1', keyName: 'new' } },
      n1: { validDurationInSeconds: null, replaces: { applicationKeyId: 'o1', keyName: 'old' } },
      other: { validDurationInSeconds: 1 },
    });
  });

  it('a notes record of the wrong type is left alone (and the write still succeeds)', async () => {
    for (const bad of ['text', null, [1], 5]) expect(await notesAfter(bad, key({ applicationKeyId: 'n1' }), { keyName: 'x', capabilities: ['readFiles'] })).toEqual(bad);
  });
});
