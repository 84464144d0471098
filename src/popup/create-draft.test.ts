import { describe, expect, it } from 'vitest';
import { clearDraft, draftItem, DRAFT_MAX_AGE_MS, LEGACY_DRAFT_ITEM, readDraft, writeDraft } from './create-draft';

const DRAFT_ITEM = draftItem('acc1');
import { INITIAL_CREATE_FORM, type CreateFormState } from './createForm';
import { MemoryStorage } from './test-support';

const T = Date.UTC(2026, 11, 3, 9);
const typed: CreateFormState = { ...INITIAL_CREATE_FORM, keyName: 'nas-backup', bucketMode: 'some', bucketIds: ['b1'], accessType: 'custom', customCapabilities: ['readFiles'], namePrefix: 'photos/', durationValue: '30' };

describe('the Create New Key draft', () => {
  it('comes back for the same account while recent, and not for another account, which keeps it', () => {
    const s = new MemoryStorage();
    writeDraft(s, 'acc1', typed, T);
    expect(readDraft(s, 'acc1', T + DRAFT_MAX_AGE_MS - 1)).toEqual({ form: typed, sent: null });
    expect(readDraft(s, 'acc2', T)).toBeNull();
    expect(readDraft(s, 'acc1', T)).toEqual({ form: typed, sent: null });
    expect(readDraft(s, null, T)).toBeNull();
  });

  it('an old draft, or one of the wrong shape, is dropped; one from before the clock was set back is kept', () => {
    const s = new MemoryStorage();
    writeDraft(s, 'acc1', typed, T);
    expect(readDraft(s, 'acc1', T + DRAFT_MAX_AGE_MS)).toBeNull();
    expect(s.items.has(DRAFT_ITEM)).toBe(false);
    // Typed, the popup closed, the clock set back five minutes, opened a minute later.
    writeDraft(s, 'acc1', typed, T + 5 * 60_000);
    expect(readDraft(s, 'acc1', T + 60_000)).toEqual({ form: typed, sent: null });
    expect(s.items.has(DRAFT_ITEM)).toBe(true);
    // Saved by a clock a year fast: not kept for the year.
    writeDraft(s, 'acc1', typed, T + 365 * 24 * 3_600_000);
    expect(readDraft(s, 'acc1', T)).toBeNull();
    expect(s.items.has(DRAFT_ITEM)).toBe(false);
    for (const bad of ['{', '7', JSON.stringify({ v: 0, accountId: 'acc1', savedAt: T, form: typed }), JSON.stringify({ v: 1, accountId: 'acc1', savedAt: T, form: { ...typed, accessType: 'admin' } }), JSON.stringify({ v: 1, accountId: 'acc1', savedAt: T, form: { ...typed, bucketIds: [1] } })]) {
      s.items.set(DRAFT_ITEM, bad);
      expect(readDraft(s, 'acc1', T)).toBeNull();
      if (bad !== '{') expect(s.items.has(DRAFT_ITEM), bad).toBe(false);
    }
  });

  it('a later version’s draft is neither read nor dropped (it may be a sent form awaiting B2’s answer)', () => {
    const s = new MemoryStorage();
    const later = JSON.stringify({ v: 2, accountId: 'acc1', savedAt: T, form: { name: 'x' }, sent: { requestId: 'r', at: T } });
    s.items.set(DRAFT_ITEM, later);
    expect(readDraft(s, 'acc1', T)).toBeNull();
    expect(s.items.get(DRAFT_ITEM)).toBe(later);
  });

  it('a form with any one field of the wrong type is no draft', () => {
    const s = new MemoryStorage();
    const wrong: Record<string, unknown[]> = {
      keyName: [7, null],
      bucketMode: ['', 'none'],
      bucketIds: ['b1', ['b1', 2], null],
      accessType: ['admin', ''],
      customCapabilities: ['readFiles', ['readFiles', null]],
      allowListAllBucketNames: ['yes'],
      namePrefix: [null],
      durationValue: [30],
      durationUnit: ['', 'hours'],
      v4OneBucket: [1],
    };
    for (const [field, values] of Object.entries(wrong)) {
      for (const value of values) {
        s.items.set(DRAFT_ITEM, JSON.stringify({ v: 1, accountId: 'acc1', savedAt: T, form: { ...typed, [field]: value } }));
        expect([field, value, readDraft(s, 'acc1', T)]).toEqual([field, value, null]);
      }
    }
    for (const form of [null, 'form', 7]) {
      s.items.set(DRAFT_ITEM, JSON.stringify({ v: 1, accountId: 'acc1', savedAt: T, form }));
      expect(readDraft(s, 'acc1', T)).toBeNull();
    }
    // Every unit and mode the form has is a draft.
    for (const patch of [{ durationUnit: 'seconds' as const }, { bucketMode: 'all' as const }, { accessType: 'writeOnly' as const }]) {
      writeDraft(s, 'acc1', { ...typed, ...patch }, T);
      expect(readDraft(s, 'acc1', T)?.form).toEqual({ ...typed, ...patch });
    }
  });

  it('a draft whose form is missing, null or no object is dropped, like any other unusable one', () => {
    const s = new MemoryStorage();
    for (const form of [undefined, null, 'form', 7]) {
      s.items.set(DRAFT_ITEM, JSON.stringify({ v: 1, accountId: 'acc1', savedAt: T, form }));
      expect(readDraft(s, 'acc1', T)).toBeNull();
      expect(s.items.has(DRAFT_ITEM), String(form)).toBe(false);
    }
  });

  it('an untouched form is no draft; clearing forgets it; a storage that refuses or is missing changes nothing', () => {
    const s = new MemoryStorage();
    writeDraft(s, 'acc1', typed, T);
    writeDraft(s, 'acc1', { ...INITIAL_CREATE_FORM }, T);
    expect(s.items.has(DRAFT_ITEM)).toBe(false);
    writeDraft(s, 'acc1', typed, T);
    clearDraft(s, 'acc1');
    expect(readDraft(s, 'acc1', T)).toBeNull();
    s.refuse = true;
    expect(() => writeDraft(s, 'acc1', typed, T)).not.toThrow();
    expect(() => clearDraft(null, 'acc1')).not.toThrow();
    expect(readDraft(null, 'acc1', T)).toBeNull();
    writeDraft(null, 'acc1', typed, T);
    // Without an account there is nothing to keep it for.
    s.refuse = false;
    writeDraft(s, null, typed, T);
    expect(s.items.has(DRAFT_ITEM)).toBe(false);
    writeDraft(s, 'acc1', typed, T);
    expect(readDraft(s, null, T)).toBeNull();
    expect(s.items.has(DRAFT_ITEM)).toBe(true);
  });

  it('a sent form is kept marked with its request id until the answer is known; a plain draft written over it drops the mark', () => {
    const s = new MemoryStorage();
    const sent = { requestId: 'r-1', at: T };
    writeDraft(s, 'acc1', typed, T, sent);
    expect(readDraft(s, 'acc1', T + 1)).toEqual({ form: typed, sent });
    // Another account's popup neither sees it nor drops it; it is as old as any draft.
    expect(readDraft(s, 'acc2', T)).toBeNull();
    expect(readDraft(s, 'acc1', T + DRAFT_MAX_AGE_MS)).toBeNull();
    writeDraft(s, 'acc1', typed, T, sent);
    writeDraft(s, 'acc1', typed, T + 2);
    expect(readDraft(s, 'acc1', T + 2)).toEqual({ form: typed, sent: null });
    // A mark of the wrong shape leaves a plain draft: the form still comes back.
    for (const bad of [{ requestId: '', at: T }, { requestId: 7, at: T }, { requestId: 'r', at: 'now' }, 'r-1', null]) {
      s.items.set(DRAFT_ITEM, JSON.stringify({ v: 1, accountId: 'acc1', savedAt: T, form: typed, sent: bad }));
      expect(readDraft(s, 'acc1', T)).toEqual({ form: typed, sent: null });
    }
  });

  it('each account keeps its own: a form sent for one is not replaced by typing or cancelling in another', () => {
    const s = new MemoryStorage();
    const sent = { requestId: 'r-1', at: T };
    writeDraft(s, 'acc1', typed, T, sent);
    writeDraft(s, 'acc2', { ...typed, keyName: 'other' }, T);
    clearDraft(s, 'acc2');
    expect(readDraft(s, 'acc2', T)).toBeNull();
    expect(readDraft(s, 'acc1', T)).toEqual({ form: typed, sent });
  });

  it('the one draft of an older build comes back for its account, and goes once that account writes or clears its own', () => {
    const s = new MemoryStorage();
    s.items.set(LEGACY_DRAFT_ITEM, JSON.stringify({ v: 1, accountId: 'acc1', savedAt: T, form: typed }));
    expect(readDraft(s, 'acc2', T)).toBeNull();
    writeDraft(s, 'acc2', typed, T);
    expect(s.items.has(LEGACY_DRAFT_ITEM)).toBe(true);
    expect(readDraft(s, 'acc1', T)).toEqual({ form: typed, sent: null });
    writeDraft(s, 'acc1', { ...typed, keyName: 'newer' }, T);
    expect(s.items.has(LEGACY_DRAFT_ITEM)).toBe(false);
    expect(readDraft(s, 'acc1', T)?.form.keyName).toBe('newer');
    s.items.set(LEGACY_DRAFT_ITEM, JSON.stringify({ v: 1, accountId: 'acc1', savedAt: T, form: typed }));
    clearDraft(s, 'acc1');
    expect(s.items.has(LEGACY_DRAFT_ITEM)).toBe(false);
    // An unreadable one is nobody's, and goes too; an old one is dropped when read.
    s.items.set(LEGACY_DRAFT_ITEM, '{');
    clearDraft(s, 'acc2');
    expect(s.items.has(LEGACY_DRAFT_ITEM)).toBe(false);
    s.items.set(LEGACY_DRAFT_ITEM, JSON.stringify({ v: 1, accountId: 'acc1', savedAt: T, form: typed }));
    expect(readDraft(s, 'acc1', T + DRAFT_MAX_AGE_MS)).toBeNull();
    expect(s.items.has(LEGACY_DRAFT_ITEM)).toBe(false);
  });

  it('holds no more than the form: never a secret field', () => {
    const s = new MemoryStorage();
    writeDraft(s, 'acc1', typed, T);
    expect(Object.keys(JSON.parse(s.items.get(DRAFT_ITEM)!) as object).sort()).toEqual(['accountId', 'form', 'savedAt', 'v']);
    writeDraft(s, 'acc1', typed, T, { requestId: 'r-1', at: T });
    expect(Object.keys(JSON.parse(s.items.get(DRAFT_ITEM)!) as object).sort()).toEqual(['accountId', 'form', 'savedAt', 'sent', 'v']);
    expect(Object.keys((JSON.parse(s.items.get(DRAFT_ITEM)!) as { form: object }).form).sort()).toEqual(Object.keys(INITIAL_CREATE_FORM).sort());
  });
});
