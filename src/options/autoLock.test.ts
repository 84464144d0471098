import { describe, expect, it } from 'vitest';
import { autoLockOptions, autoLockValue, minutesLabel, parseAutoLock } from './autoLock';

describe('auto-lock select', () => {
  it('offers the minute choices and browser close', () => {
    const opts = autoLockOptions({ kind: 'minutes', minutes: 15 });
    expect(opts.at(-1)).toEqual({ value: 'browserClose', label: 'When the browser closes' });
    expect(opts.map((o) => o.value)).toContain('15');
    expect(opts.find((o) => o.value === '60')?.label).toBe('After 1 hour without use');
  });
  it('keeps an unusual stored value visible', () => {
    expect(autoLockOptions({ kind: 'minutes', minutes: 7 }).map((o) => o.value)).toContain('7');
  });
  it('lists the choices from the shortest to the longest, an unusual stored value in its place', () => {
    expect(autoLockOptions({ kind: 'minutes', minutes: 7 }).map((o) => o.value)).toEqual(['1', '5', '7', '15', '30', '60', '240', '480', 'browserClose']);
    expect(autoLockOptions({ kind: 'minutes', minutes: 7 }).find((o) => o.value === '7')?.label).toBe('After 7 minutes without use');
  });
  it('accepts from 1 minute to 24 hours', () => {
    expect(parseAutoLock('1')).toEqual({ kind: 'minutes', minutes: 1 });
    expect(parseAutoLock('1440')).toEqual({ kind: 'minutes', minutes: 1440 });
    expect(parseAutoLock('1441')).toBeNull();
  });
  it('round-trips values', () => {
    expect(parseAutoLock(autoLockValue({ kind: 'browserClose' }))).toEqual({ kind: 'browserClose' });
    expect(parseAutoLock(autoLockValue({ kind: 'minutes', minutes: 30 }))).toEqual({ kind: 'minutes', minutes: 30 });
    expect(parseAutoLock('nonsense')).toBeNull();
    expect(parseAutoLock('0')).toBeNull();
  });
  it('words minutes and hours', () => {
    expect(minutesLabel(1)).toBe('After 1 minute');
    expect(minutesLabel(5)).toBe('After 5 minutes');
    expect(minutesLabel(480)).toBe('After 8 hours');
  });
});
