import { describe, expect, it } from 'vitest';
import { DAY, describeExpiry, formatAgo, formatSpan, HOUR, MINUTE } from './format';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

describe('describeExpiry', () => {
  it('says a key without expiry never expires', () => {
    expect(describeExpiry(null, NOW)).toEqual({ level: 'never', relative: null, label: 'No expiry' });
  });
  it('says "in 3 days" and warns under 7 days', () => {
    expect(describeExpiry(NOW + 3 * DAY + 5 * HOUR, NOW)).toEqual({ level: 'soon', relative: 'in 3 days', label: 'Expires in 3 days' });
  });
  it('does not warn at 7 days or more', () => {
    expect(describeExpiry(NOW + 7 * DAY, NOW).level).toBe('ok');
    expect(describeExpiry(NOW + 6.5 * DAY, NOW)).toMatchObject({ level: 'soon', relative: 'in 6 days' });
    expect(describeExpiry(NOW + 7 * DAY - 1, NOW)).toMatchObject({ level: 'soon' });
    expect(describeExpiry(NOW + 400 * DAY, NOW).relative).toBe('in 400 days');
  });
  it('follows the warning setting when one is given', () => {
    expect(describeExpiry(NOW + 20 * DAY, NOW, 30 * DAY).level).toBe('soon');
    expect(describeExpiry(NOW + 2 * DAY, NOW, 1 * DAY).level).toBe('ok');
  });
  it('does not show a fresh 3-day key as 2 days', () => {
    expect(describeExpiry(NOW + 3 * DAY - 2_000, NOW).relative).toBe('in 3 days');
  });
  it('uses hours and minutes for the last day, rounding down', () => {
    expect(describeExpiry(NOW + 1 * DAY + 23 * HOUR, NOW).relative).toBe('in 1 day');
    expect(describeExpiry(NOW + 5 * HOUR + 59 * MINUTE, NOW).relative).toBe('in 5 hours');
    expect(describeExpiry(NOW + 1 * MINUTE, NOW).relative).toBe('in 1 minute');
    expect(describeExpiry(NOW + 30_000, NOW).relative).toBe('in less than a minute');
  });
  it('says "expired" at and after the moment', () => {
    expect(describeExpiry(NOW, NOW)).toEqual({ level: 'expired', relative: 'expired', label: 'Expired' });
    expect(describeExpiry(NOW - DAY, NOW).relative).toBe('expired');
  });
});

describe('formatAgo / formatSpan', () => {
  it('words the last refresh', () => {
    expect(formatAgo(NOW - 10_000, NOW)).toBe('just now');
    expect(formatAgo(NOW - 2 * MINUTE, NOW)).toBe('2 minutes ago');
    expect(formatAgo(NOW - HOUR, NOW)).toBe('1 hour ago');
    expect(formatAgo(NOW - 3 * DAY, NOW)).toBe('3 days ago');
  });
  it('a whole minute ago is no longer just now', () => {
    expect(formatAgo(NOW - MINUTE + 1, NOW)).toBe('just now');
    expect(formatAgo(NOW - MINUTE, NOW)).toBe('1 minute ago');
  });
  it('groups thousands', () => {
    expect(formatSpan(1000 * DAY)).toBe('1,000 days');
  });
});
