import { describe, expect, it } from 'vitest';
import { conflictsOutcome, importLabel } from './import-outcome';

describe('conflictsOutcome', () => {
  it('says what the import did with the conflicts, not what was asked', () => {
    expect(conflictsOutcome({ conflicting: 0, replaced: 0 }, 'replace')).toBe('');
    expect(conflictsOutcome({ conflicting: 2, replaced: 2 }, 'replace')).toBe(' The conflicting entries now hold the file’s.');
    expect(conflictsOutcome({ conflicting: 2, replaced: 0 }, 'keep')).toBe(' The conflicting entries were left as they are here.');
    // "Replace" chosen, but B2 refuses the file's (or could not be asked, or the record here is damaged): nothing was replaced.
    expect(conflictsOutcome({ conflicting: 1, replaced: 0 }, 'replace')).toBe(
      ' The conflicting entries were left as they are here, because B2 did not accept the file’s or could not be asked, or the record here is damaged (a secret B2 accepts is never replaced by one it refuses).',
    );
    expect(conflictsOutcome({ conflicting: 3, replaced: 1 }, 'replace')).toBe(
      ' 1 conflicting entry now holds the file’s; 2 were left as they are here, because B2 did not accept the file’s or could not be asked, or the record here is damaged (a secret B2 accepts is never replaced by one it refuses).',
    );
    expect(conflictsOutcome({ conflicting: 3, replaced: 2 }, 'replace')).toMatch(/^ 2 conflicting entries now hold the file’s; 1 was left as it is here, because/);
  });
});

describe('importLabel', () => {
  it('is the plain Import unless the file adds accounts at endpoints that are not built in, which it names', () => {
    expect(importLabel([])).toBe('Import');
    expect(importLabel([{ endpoint: 'https://b2-proxy.example.com' }, { endpoint: 'https://b2-proxy.example.com' }])).toBe('I set https://b2-proxy.example.com myself: import');
    expect(importLabel([{ endpoint: 'https://b2-proxy.example.com' }, { endpoint: 'http://127.0.0.1:8787' }])).toBe('I set these endpoints myself: import');
  });
});
