import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findSecrets, sessionSecrets } from '../helpers/secrets-scan';

// The scan guards every storage test; it must itself be able to fail.
describe('findSecrets', () => {
  // Chosen so that its base64 has '+' and '/' at every alignment: the URL-safe form then differs from the
  // standard one, and a scanner that skipped either would miss it.
  const secret = 'K004~~~abcdef???GHIJKL>>>mnop~~qrstuv??';
  const prefixes = ['', 'a', 'ab', 'abc', 'abcd', 'abcde'];

  it('uses a test secret whose base64 differs from its URL-safe base64 at every alignment', () => {
    for (const prefix of prefixes) {
      const std = Buffer.from(prefix + secret).toString('base64');
      expect(std, `prefix ${prefix.length}`).toMatch(/\+/);
      expect(std, `prefix ${prefix.length}`).toMatch(/\//);
    }
  });

  it('finds a secret stored plainly, JSON-escaped, URL-encoded and in hex', () => {
    expect(findSecrets({ x: `..${secret}..` }, { s: secret })).not.toEqual([]);
    expect(findSecrets(JSON.stringify({ x: `say "${secret}"` }), { s: `"${secret}"` })).not.toEqual([]);
    expect(findSecrets({ x: encodeURIComponent(`?k=${secret}`) }, { s: secret })).not.toEqual([]);
    expect(findSecrets({ x: Buffer.from(secret).toString('hex') }, { s: secret })).not.toEqual([]);
    expect(findSecrets({ x: Buffer.from(secret).toString('hex').toUpperCase() }, { s: secret })).not.toEqual([]);
  });

  it('finds a secret inside a longer base64 run at any alignment, standard and URL-safe', () => {
    for (const prefix of prefixes) {
      for (const tail of ['', 't', 'tail']) {
        const bytes = Buffer.from(prefix + secret + tail);
        const std = { blob: bytes.toString('base64') };
        expect(findSecrets(std, { s: secret }).length, `prefix ${prefix.length} tail ${tail.length}`).toBeGreaterThan(0);
        const urlSafe = { blob: bytes.toString('base64url') };
        expect(findSecrets(urlSafe, { s: secret }).length, `url-safe prefix ${prefix.length} tail ${tail.length}`).toBeGreaterThan(0);
      }
    }
  });

  it('finds a base64 secret (a data key) stored as its decoded bytes, in hex or re-encoded at any alignment', () => {
    const raw = randomBytes(32);
    const dataKey = raw.toString('base64');
    expect(findSecrets({ x: raw.toString('hex') }, { dataKey })).not.toEqual([]);
    expect(findSecrets({ x: raw.toString('hex').toUpperCase() }, { dataKey })).not.toEqual([]);
    for (const pre of [0, 1, 2]) {
      const run = Buffer.concat([randomBytes(pre), raw, randomBytes(5)]);
      expect(findSecrets({ x: run.toString('base64') }, { dataKey }), `prefix ${pre}`).not.toEqual([]);
      expect(findSecrets({ x: run.toString('base64url') }, { dataKey }), `url-safe prefix ${pre}`).not.toEqual([]);
    }
  });

  it('is quiet on unrelated data', () => {
    expect(findSecrets({ x: 'nothing to see', y: Buffer.from('other secret value!').toString('base64') }, { s: secret })).toEqual([]);
    expect(findSecrets({ x: randomBytes(200).toString('base64') }, { dataKey: randomBytes(32).toString('base64') })).toEqual([]);
  });

  it('refuses a secret too short to scan for', () => {
    expect(() => findSecrets({}, { s: 'short' })).toThrow(/too short/);
  });
});

describe('sessionSecrets', () => {
  it('returns the data key and every auth token', () => {
    expect(sessionSecrets({ dataKey: 'D'.repeat(44), tokens: { a: { authorizationToken: 'tok-aaaaaaaa' } } })).toEqual({
      'unlocked data key': 'D'.repeat(44),
      'auth token a': 'tok-aaaaaaaa',
    });
  });
  it('refuses a locked session unless told the scan may go without the data key', () => {
    expect(() => sessionSecrets({})).toThrow(/locked/);
    expect(sessionSecrets({}, false)).toEqual({});
  });
});
