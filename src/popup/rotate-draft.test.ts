import { describe, expect, it } from 'vitest';
import { DRAFT_MAX_AGE_MS } from './create-draft';
import { clearRotateDraft, readRotateDraft, ROTATE_DRAFT_ITEM, writeRotateDraft, type RotateFields } from './rotate-draft';
import { MemoryStorage } from './test-support';

const T = Date.UTC(2026, 11, 4, 9);
const suggested: RotateFields = { keyName: 'nightly-2', durationValue: '30', durationUnit: 'days' };
const typed: RotateFields = { keyName: 'nightly-december', durationValue: '7', durationUnit: 'days' };
const about = { accountId: 'acc1', applicationKeyId: 'k1', suggested };

describe('the Rotate key draft', () => {
  it('comes back with the key and account it rotates while recent; untouched, there is none', () => {
    const s = new MemoryStorage();
    writeRotateDraft(s, { ...about, fields: typed }, T);
    expect(readRotateDraft(s, T + DRAFT_MAX_AGE_MS - 1)).toEqual({ accountId: 'acc1', applicationKeyId: 'k1', fields: typed, sent: null });
    // Typed back to the suggestion: nothing would be lost, so nothing is kept.
    writeRotateDraft(s, { ...about, fields: suggested }, T);
    expect(s.items.has(ROTATE_DRAFT_ITEM)).toBe(false);
    expect(readRotateDraft(s, T)).toBeNull();
  });

  it('a sent form is kept as sent even when untouched: its answer is still to be asked for', () => {
    const s = new MemoryStorage();
    writeRotateDraft(s, { ...about, fields: suggested }, T, { requestId: 'r-1', at: T });
    expect(readRotateDraft(s, T)).toEqual({ accountId: 'acc1', applicationKeyId: 'k1', fields: suggested, sent: { requestId: 'r-1', at: T } });
  });

  it('an old one, or one of the wrong shape, is dropped; one from before the clock was set back is kept; a later version’s is left', () => {
    const s = new MemoryStorage();
    writeRotateDraft(s, { ...about, fields: typed }, T);
    expect(readRotateDraft(s, T + DRAFT_MAX_AGE_MS)).toBeNull();
    expect(s.items.has(ROTATE_DRAFT_ITEM)).toBe(false);
    writeRotateDraft(s, { ...about, fields: typed }, T);
    expect(readRotateDraft(s, T - 5 * 60_000)?.fields).toEqual(typed);
    const bad = [
      { v: 1, accountId: 'acc1', applicationKeyId: 'k1', savedAt: T, fields: { ...typed, durationUnit: 'weeks' } },
      { v: 1, accountId: 'acc1', applicationKeyId: '', savedAt: T, fields: typed },
      { v: 1, accountId: 7, applicationKeyId: 'k1', savedAt: T, fields: typed },
      { v: 1, accountId: 'acc1', applicationKeyId: 'k1', savedAt: 'now', fields: typed },
      { accountId: 'acc1', applicationKeyId: 'k1', savedAt: T, fields: typed },
    ];
    for (const record of bad) {
      s.items.set(ROTATE_DRAFT_ITEM, JSON.stringify(record));
      expect(readRotateDraft(s, T)).toBeNull();
      expect(s.items.has(ROTATE_DRAFT_ITEM)).toBe(false);
    }
    s.items.set(ROTATE_DRAFT_ITEM, '{not json');
    expect(readRotateDraft(s, T)).toBeNull();
    const later = JSON.stringify({ v: 2, accountId: 'acc1', applicationKeyId: 'k1', savedAt: T, fields: typed, sent: { requestId: 'r', at: T } });
    s.items.set(ROTATE_DRAFT_ITEM, later);
    expect(readRotateDraft(s, T)).toBeNull();
    expect(s.items.get(ROTATE_DRAFT_ITEM)).toBe(later);
  });

  it('storage refusing or missing costs only the draft', () => {
    const s = new MemoryStorage();
    s.refuse = true;
    expect(() => writeRotateDraft(s, { ...about, fields: typed }, T)).not.toThrow();
    expect(readRotateDraft(null, T)).toBeNull();
    expect(() => writeRotateDraft(null, { ...about, fields: typed }, T)).not.toThrow();
    expect(() => clearRotateDraft(null, about, T)).not.toThrow();
    s.refuse = false;
    writeRotateDraft(s, { ...about, fields: typed }, T);
    clearRotateDraft(s, about, T);
    expect(s.items.size).toBe(0);
  });

  it('a form another key sent is neither replaced nor cleared by this key’s form until it is old; a typed one is', () => {
    const s = new MemoryStorage();
    const other = { accountId: 'acc1', applicationKeyId: 'k2', suggested };
    const sentByOther = { requestId: 'r-2', at: T };
    writeRotateDraft(s, { ...other, fields: typed }, T, sentByOther);
    // Key k1's form opens (untouched: would remove), is typed in (would replace), is left (would clear).
    writeRotateDraft(s, { ...about, fields: suggested }, T + 1);
    writeRotateDraft(s, { ...about, fields: { ...typed, keyName: 'k1-next' } }, T + 2);
    writeRotateDraft(s, { ...about, fields: typed }, T + 3, { requestId: 'r-1', at: T + 3 });
    clearRotateDraft(s, about, T + 4);
    expect(readRotateDraft(s, T + 5)).toEqual({ accountId: 'acc1', applicationKeyId: 'k2', fields: typed, sent: sentByOther });
    // The same key's form owns it: its answer came (cleared).
    clearRotateDraft(s, other, T + 6);
    expect(s.items.has(ROTATE_DRAFT_ITEM)).toBe(false);
    // Another key's form that was only typed (not sent) is replaced, as one form at a time is kept.
    writeRotateDraft(s, { ...other, fields: typed }, T);
    writeRotateDraft(s, { ...about, fields: { ...typed, keyName: 'k1-next' } }, T + 1);
    expect(readRotateDraft(s, T + 1)?.applicationKeyId).toBe('k1');
    // Another key's sent form of over an hour ago no longer holds the place (readRotateDraft drops it as well).
    writeRotateDraft(s, { ...other, fields: typed }, T, sentByOther);
    writeRotateDraft(s, { ...about, fields: { ...typed, keyName: 'k1-next' } }, T + DRAFT_MAX_AGE_MS);
    expect(readRotateDraft(s, T + DRAFT_MAX_AGE_MS)?.applicationKeyId).toBe('k1');
    // Another account's key of the same keyID is another key.
    writeRotateDraft(s, { ...about, accountId: 'acc2', fields: typed }, T, sentByOther);
    clearRotateDraft(s, about, T + 1);
    expect(readRotateDraft(s, T + 1)?.accountId).toBe('acc2');
  });

  it('a later version’s draft is left by every form, its own key’s too', () => {
    const s = new MemoryStorage();
    const later = JSON.stringify({ v: 2, accountId: 'acc1', applicationKeyId: 'k1', savedAt: T, fields: typed });
    s.items.set(ROTATE_DRAFT_ITEM, later);
    writeRotateDraft(s, { ...about, fields: suggested }, T);
    writeRotateDraft(s, { ...about, applicationKeyId: 'k2', fields: typed }, T);
    clearRotateDraft(s, about, T);
    expect(s.items.get(ROTATE_DRAFT_ITEM)).toBe(later);
  });
});
