/** The choices of "Refresh the key list when the popup opens" (settings.refreshAfterMinutes). Pure, shared by pages and tests. */

export const REFRESH_CHOICES: readonly { minutes: number | null; label: string }[] = [
  { minutes: 0, label: 'Every time' },
  { minutes: 1, label: 'If older than 1 minute' },
  { minutes: 5, label: 'If older than 5 minutes' },
  { minutes: 15, label: 'If older than 15 minutes' },
  { minutes: 60, label: 'If older than 1 hour' },
  { minutes: null, label: 'Only when I click Refresh' },
];

/** The select's value for a stored setting (absent = the default, 5 minutes). */
export function refreshChoiceValue(minutes: number | null | undefined): string {
  return minutes === null ? 'never' : String(minutes ?? 5);
}

export function parseRefreshChoice(value: string): number | null | undefined {
  if (value === 'never') return null;
  const n = Number(value);
  return REFRESH_CHOICES.some((c) => c.minutes === n) ? n : undefined;
}
