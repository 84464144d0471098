import { describe, expect, it, vi } from 'vitest';
import { parseRefreshChoice, refreshChoiceValue } from './refresh-choices';

describe('"Refresh the key list when the popup opens"', () => {
  // REFRESH_CHOICES is a module-level table, built once when the module loads: read from a fresh load here.
  it('offers every time, 1, 5, 15 and 60 minutes, and only on Refresh, in that order and those words', async () => {
    vi.resetModules();
    const { REFRESH_CHOICES } = await import('./refresh-choices');
    expect(REFRESH_CHOICES).toEqual([
      { minutes: 0, label: 'Every time' },
      { minutes: 1, label: 'If older than 1 minute' },
      { minutes: 5, label: 'If older than 5 minutes' },
      { minutes: 15, label: 'If older than 15 minutes' },
      { minutes: 60, label: 'If older than 1 hour' },
      { minutes: null, label: 'Only when I click Refresh' },
    ]);
  });

  it('shows the stored setting, and 5 minutes when nothing was saved', () => {
    expect(refreshChoiceValue(undefined)).toBe('5');
    expect(refreshChoiceValue(null)).toBe('never');
    expect(refreshChoiceValue(0)).toBe('0');
    expect(refreshChoiceValue(15)).toBe('15');
    expect(refreshChoiceValue(60)).toBe('60');
  });

  it('parses a choice back, and nothing it does not offer', () => {
    expect(parseRefreshChoice('never')).toBeNull();
    expect(parseRefreshChoice('0')).toBe(0);
    expect(parseRefreshChoice('15')).toBe(15);
    expect(parseRefreshChoice('60')).toBe(60);
    expect(parseRefreshChoice('7')).toBeUndefined();
    expect(parseRefreshChoice('-1')).toBeUndefined();
    expect(parseRefreshChoice('abc')).toBeUndefined();
  });
});
