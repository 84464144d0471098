/**
 * The wall clock can be set back (NTP correcting a fast clock, a hardware clock kept in local time, a manual change):
 * a time stored a moment ago then lies in the future. Within this much it is taken for a stamp written a moment
 * ago; beyond it, for a clock set back, and the time since is unknown.
 */
export const CLOCK_STEP_SLACK_MS = 60_000;

/** Whether `stored`, a Date.now() written earlier, lies so far after `now` that the clock was set back since. */
export function clockSetBackSince(stored: number, now: number): boolean {
  return stored > now + CLOCK_STEP_SLACK_MS;
}
