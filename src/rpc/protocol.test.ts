import { describe, expect, it } from 'vitest';
import { accessTypeSchema, fillOutcomeSchema, keyWindowRequestSchema } from './protocol';

describe('RPC table schemas', () => {
  it('a key window asks for 1 to 500 rows and a query of at most 500 characters', () => {
    const ok = (v: unknown) => keyWindowRequestSchema.safeParse(v).success;
    expect([ok({ limit: 1 }), ok({ limit: 500 }), ok({ query: 'q'.repeat(500) }), ok({})]).toEqual([true, true, true, true]);
    expect([ok({ limit: 0 }), ok({ limit: 501 }), ok({ query: 'q'.repeat(501) })]).toEqual([false, false, false]);
  });

  it('access types are the console’s three and custom', () => {
    for (const t of ['readWrite', 'readOnly', 'writeOnly', 'custom']) expect(accessTypeSchema.parse(t)).toBe(t);
    expect(accessTypeSchema.safeParse('').success).toBe(false);
  });

  it('a fill outcome is told apart by its status', () => {
    expect(fillOutcomeSchema.parse({ status: 'notFound', message: 'No field.' })).toEqual({ status: 'notFound', message: 'No field.' });
    expect(fillOutcomeSchema.safeParse({ status: 'filled', message: 'x' }).success).toBe(false);
    expect(fillOutcomeSchema.safeParse({ message: 'No field.' }).success).toBe(false);
  });
});
