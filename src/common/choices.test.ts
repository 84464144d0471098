import { describe, expect, it } from 'vitest';
import { clearChoices, clearChoiceValue, parseClearChoice } from './choices';

describe('the options page choice', () => {
  it('offers 30 s, 1 min, 2 min and never, showing the default when nothing was saved', () => {
    expect(clearChoices(undefined).map((c) => c.label)).toEqual(['After 30 seconds', 'After 1 minute', 'After 2 minutes', 'Never (only when the vault locks)']);
    expect(clearChoiceValue(undefined)).toBe('60');
    expect(clearChoiceValue(null)).toBe('never');
  });

  it('shows a value set another way rather than replacing it', () => {
    expect(clearChoices(5).map((c) => c.value)).toEqual(['5', '30', '60', '120', 'never']);
  });

  it('parses the choice back', () => {
    expect(parseClearChoice('never')).toBeNull();
    expect(parseClearChoice('120')).toBe(120);
    expect(parseClearChoice('0')).toBeUndefined();
    expect(parseClearChoice('abc')).toBeUndefined();
  });

  it('allows at most an hour', () => {
    expect(parseClearChoice('3600')).toBe(3600);
    expect(parseClearChoice('3601')).toBeUndefined();
  });
});
