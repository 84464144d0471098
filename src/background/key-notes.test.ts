import { describe, expect, it } from 'vitest';
import type { CachedKey } from '../storage';
import { bucketKindOf, rotationInput, successorName, suggestedDuration } from './key-notes';

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
