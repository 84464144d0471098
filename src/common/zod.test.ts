import { describe, expect, it } from 'vitest';
// Only the product's entry module: no classic 'zod' in this file's graph, which would load English by itself.
import { z } from './zod';

describe('common/zod', () => {
  it("writes zod's own messages in English, as classic zod did (they reach INVALID_INPUT fields and B2 errors)", () => {
    const r = z.strictObject({ limit: z.number().check(z.int(), z.gte(1)), name: z.string().check(z.minLength(1)) }).safeParse({ limit: 'x', name: '', extra: 1 });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message)).toEqual([
      'Invalid input: expected number, received string',
      'Too small: expected string to have >=1 characters',
      'Unrecognized key: "extra"',
    ]);
  });

  it('never lets zod probe eval (MV3 CSP forbids it)', () => {
    expect(z.config().jitless).toBe(true);
  });
});
