import { describe, expect, it } from 'vitest';
import { findSecrets } from '../helpers/secrets-scan';

// The scan guards every browser test; it must itself be able to fail.
describe('findSecrets', () => {
  const secret = 'K004abcdefGHIJKLmnop/qrstuv+wxyz';
  it('finds a secret stored plainly, in base64 at any alignment, URL-safe base64 and hex', () => {
    for (const prefix of ['', 'a', 'ab', 'abc']) {
      const stored = { blob: Buffer.from(prefix + secret + 'tail').toString('base64') };
      expect(findSecrets(stored, { s: secret }).length, `prefix ${prefix.length}`).toBeGreaterThan(0);
      const urlSafe = { blob: Buffer.from(prefix + secret).toString('base64url') };
      expect(findSecrets(urlSafe, { s: secret }).length, `url-safe prefix ${prefix.length}`).toBeGreaterThan(0);
    }
    expect(findSecrets({ x: `..${secret}..` }, { s: secret })).not.toEqual([]);
    expect(findSecrets({ x: Buffer.from(secret).toString('hex') }, { s: secret })).not.toEqual([]);
  });
  it('is quiet on unrelated data', () => {
    expect(findSecrets({ x: 'nothing to see', y: Buffer.from('other secret value!').toString('base64') }, { s: secret })).toEqual([]);
  });
});
