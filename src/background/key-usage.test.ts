import { describe, expect, it } from 'vitest';
import { mergeUsage, openUsage, sealUsage, suggestionsFor, unionUsage, USAGE_PER_KEY, type UsageEntry } from './key-usage';
import { openSecret } from '../vault';

const e = (origin: string, at: number, title = 'T'): UsageEntry => ({ origin, title, at, filled: ['keyId'] });

describe('mergeUsage', () => {
  it('keeps the latest fill per origin, newest first', () => {
    const list = mergeUsage(mergeUsage(mergeUsage([], e('https://a', 1)), e('https://b', 2)), e('https://a', 3, 'again'));
    expect(list.map((x) => [x.origin, x.at, x.title])).toEqual([
      ['https://a', 3, 'again'],
      ['https://b', 2, 'T'],
    ]);
  });
  it('is bounded per key, dropping the oldest origin', () => {
    let list: UsageEntry[] = [];
    for (let i = 0; i < USAGE_PER_KEY + 3; i++) list = mergeUsage(list, e(`https://h${i}`, i));
    expect(list).toHaveLength(USAGE_PER_KEY);
    expect(list.at(-1)!.origin).toBe('https://h3');
  });
  it('cuts a long title', () => {
    expect(mergeUsage([], e('https://a', 1, 'x'.repeat(1000)))[0]!.title).toHaveLength(200);
  });
  it('a union keeps the later of two entries for one origin', () => {
    expect(unionUsage([e('https://a', 5, 'here')], [e('https://a', 3, 'file'), e('https://b', 4)]).map((x) => x.title)).toEqual(['here', 'T']);
  });
});

describe('suggestionsFor', () => {
  const usage = new Map([
    ['old', [e('https://site', 10), e('https://other', 11)]],
    ['plain', [e('https://site', 5)]],
    ['elsewhere', [e('https://other', 20)]],
  ]);
  const lineage: Record<string, { applicationKeyId: string; keyName: string }> = { old: { applicationKeyId: 'mid', keyName: 'mid' }, mid: { applicationKeyId: 'new', keyName: 'new' } };
  it('offers the newest successor of a rotated key first, then the key itself, then other keys used there', () => {
    expect(suggestionsFor('https://site', usage, (k) => lineage[k]).map((s) => [s.applicationKeyId, s.replaces])).toEqual([
      ['new', 'old'],
      ['old', null],
      ['plain', null],
    ]);
  });
  it('keys never used on the origin are not offered', () => {
    expect(suggestionsFor('https://nowhere', usage, () => undefined)).toEqual([]);
  });
  it('a loop in damaged lineage notes ends', () => {
    const loop: Record<string, { applicationKeyId: string; keyName: string }> = { old: { applicationKeyId: 'x', keyName: '' }, x: { applicationKeyId: 'old', keyName: '' } };
    expect(suggestionsFor('https://site', new Map([['old', [e('https://site', 1)]]]), (k) => loop[k]).map((s) => s.applicationKeyId)).toEqual(['x', 'old']);
  });
});

describe('sealed where-used lists', () => {
  it('hold no origin or title in plain text, open only for their own key, and never pass for a secret', async () => {
    const dataKey = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    const list = [e('https://private.example', 1, 'My Secret Dashboard')];
    const sealed = await sealUsage(dataKey, 'acc', 'k1', list);
    expect(JSON.stringify(sealed)).not.toMatch(/private\.example|Secret Dashboard/);
    expect(await openUsage(dataKey, 'acc', 'k1', sealed)).toEqual(list);
    // Moved onto another key: reads as empty, not as that key's list.
    expect(await openUsage(dataKey, 'acc', 'k2', sealed)).toEqual([]);
    // The same binding as an applicationKey does not open it.
    await expect(openSecret(dataKey, { accountId: 'acc', applicationKeyId: 'k1' }, sealed)).rejects.toThrow();
  });
});
