import { describe, expect, it } from 'vitest';
import { conflictsOutcome } from './import-outcome';

describe('conflictsOutcome', () => {
  it('says what the import did with the conflicts, not what was asked', () => {
    expect(conflictsOutcome({ conflicting: 0, replaced: 0 }, 'replace')).toBe('');
    expect(conflictsOutcome({ conflicting: 2, replaced: 2 }, 'replace')).toBe(' The conflicting entries now hold the file’s.');
    expect(conflictsOutcome({ conflicting: 2, replaced: 0 }, 'keep')).toBe(' The conflicting entries were left as they are here.');
    // "Replace" chosen, but B2 accepts the copy here (or could not be asked): nothing was replaced.
    expect(conflictsOutcome({ conflicting: 1, replaced: 0 }, 'replace')).toBe(
      ' The conflicting entries were left as they are here, because B2 accepts the one here or could not be asked (a secret B2 accepts is never replaced by one it refuses).',
    );
    expect(conflictsOutcome({ conflicting: 3, replaced: 1 }, 'replace')).toBe(
      ' 1 conflicting entry now holds the file’s; 2 were left as they are here, because B2 accepts the one here or could not be asked (a secret B2 accepts is never replaced by one it refuses).',
    );
    expect(conflictsOutcome({ conflicting: 3, replaced: 2 }, 'replace')).toMatch(/^ 2 conflicting entries now hold the file’s; 1 was left as it is here, because/);
  });
});
