import { describe, expect, it } from 'vitest';
import { KEEP_OUTCOME_MS, MAX_OUTCOMES, outcomeOf, outcomeView, parseOutcome, withOutcome, type CreateOutcome } from './create-outcomes';

const T = Date.UTC(2026, 11, 3, 9);
const created: CreateOutcome = { state: 'created', at: T, keyName: 'nas', applicationKeyId: 'k1', saved: true };
const failed: CreateOutcome = { state: 'failed', at: T, error: { code: 'B2', message: 'B2 refused this.', fields: { bucketIds: 'No such bucket.' }, b2: { status: 400, code: 'bad_request' } } };

describe('create outcomes', () => {
  it('read back what was stored, each state whole', () => {
    for (const o of [created, failed, { state: 'pending', at: T, workerId: 'w1', accountId: 'a1', keyName: 'nas' } as const, { state: 'pending', at: T, workerId: 'w1', accountId: null, keyName: 'nas' } as const, { ...created, saved: false }]) expect(parseOutcome(JSON.parse(JSON.stringify(o)))).toEqual(o);
  });

  it('anything of another shape is no outcome (a newer version’s, an edit)', () => {
    const bad: unknown[] = [
      null,
      'created',
      { ...created, at: 'now' },
      { ...created, at: Infinity },
      { ...created, state: 'done' },
      { ...created, keyName: 7 },
      { ...created, applicationKeyId: null },
      { ...created, saved: 'yes' },
      { state: 'pending', at: T },
      { state: 'pending', at: T, workerId: 'w1', accountId: 'a1' },
      { state: 'pending', at: T, workerId: 'w1', accountId: 7, keyName: 'nas' },
      { ...failed, error: null },
      { ...failed, error: { code: 'MADE_UP', message: 'x' } },
      { ...failed, error: { code: 'B2', message: 7 } },
      { ...failed, error: { code: 'B2', message: 'x', fields: { a: 1 } } },
      { ...failed, error: { code: 'B2', message: 'x', fields: ['a'] } },
      { ...failed, error: { code: 'B2', message: 'x', fields: { a: 'x', b: 1 } } },
      { state: 'pending', at: T, accountId: 'a1', keyName: 'nas' },
      { ...failed, error: { code: 'B2', message: 'x', b2: { status: '400', code: 'x' } } },
      { ...failed, error: { code: 'B2', message: 'x', b2: { status: 400 } } },
    ];
    for (const b of bad) expect(parseOutcome(b)).toBeNull();
  });

  it('a failure keeps only what the form reads', () => {
    const extra = { ...failed, error: { ...failed.error, keyChange: { accountId: 'a' }, stack: 'at x' } };
    expect(parseOutcome(extra)).toEqual(failed);
  });

  it('keeps an hour of outcomes, at most the newest twenty, and replaces one sent again under its id', () => {
    let all: Record<string, CreateOutcome> = {};
    for (let i = 0; i < MAX_OUTCOMES + 5; i++) all = withOutcome(all, `r${i}`, { ...created, at: T + i }, T + i);
    expect(Object.keys(all)).toHaveLength(MAX_OUTCOMES);
    expect(all['r4']).toBeUndefined();
    expect(all['r5']).toBeDefined();
    const later = T + MAX_OUTCOMES + 4 + KEEP_OUTCOME_MS;
    const kept = withOutcome(all, 'new', { ...failed, at: later }, later);
    // r5..r23 are older than an hour by then; r24 is exactly an hour old, and goes too.
    expect(Object.keys(kept)).toEqual(['new']);
    const again = withOutcome({ r1: { ...created, at: T } }, 'r1', { ...failed, at: T + 1 }, T + 1);
    expect(again).toEqual({ r1: { ...failed, at: T + 1 } });
    // Junk and outcomes from the future are dropped; a store that is no object starts afresh.
    expect(Object.keys(withOutcome({ junk: 1, future: { ...created, at: T + 10 } }, 'r', created, T))).toEqual(['r']);
    expect(withOutcome('x', 'r', created, T)).toEqual({ r: created });
    // One made this very millisecond is kept.
    expect(Object.keys(withOutcome({ now: { ...created, at: T } }, 'r', created, T))).toEqual(['now', 'r']);
  });

  it('the newest are kept whatever order they were stored in', () => {
    const stored: Record<string, CreateOutcome> = {};
    for (let i = MAX_OUTCOMES; i >= 1; i--) stored[`r${i}`] = { ...created, at: T + i };
    const all = withOutcome(stored, 'new', { ...created, at: T + 100 }, T + 100);
    expect(Object.keys(all)).toHaveLength(MAX_OUTCOMES);
    expect(all['r1']).toBeUndefined();
    expect(all['r2']).toBeDefined();
  });

  it('one request’s outcome out of what is stored: none for another id, an inherited name, junk or nothing stored', () => {
    const stored = withOutcome({}, 'r1', created, T);
    expect(outcomeOf(stored, 'r1')).toEqual(created);
    expect(outcomeOf(stored, 'r2')).toBeNull();
    expect(outcomeOf(stored, 'toString')).toBeNull();
    expect(outcomeOf({ r1: 'junk' }, 'r1')).toBeNull();
    for (const nothing of [undefined, null, 'x']) expect(outcomeOf(nothing, 'r1')).toBeNull();
  });

  it('pending only while the background instance that sent it lives; then no answer, as a live form is told', () => {
    const pending: CreateOutcome = { state: 'pending', at: T, workerId: 'w1', accountId: 'a1', keyName: 'nas' };
    expect(outcomeView(pending, 'w1')).toEqual({ state: 'pending' });
    expect(outcomeView(pending, 'w2')).toMatchObject({ state: 'failed', error: { code: 'NO_ANSWER' } });
    expect(outcomeView(created, 'w2')).toEqual({ state: 'created', keyName: 'nas', applicationKeyId: 'k1', saved: true, held: false });
    // Held only when not saved: a saved secret is in the vault, whatever the session still holds.
    expect(outcomeView(created, 'w2', true)).toMatchObject({ saved: true, held: false });
    expect(outcomeView({ ...created, saved: false }, 'w2', true)).toMatchObject({ saved: false, held: true });
    expect(outcomeView({ ...created, saved: false }, 'w2')).toMatchObject({ saved: false, held: false });
    expect(outcomeView(failed, 'w2')).toEqual({ state: 'failed', error: failed.error });
    expect(outcomeView(null, 'w1')).toBeNull();
  });
});
