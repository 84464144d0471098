/**
 * "Check all saved secrets", kept pure: a bounded number of checks at a time (each is a b2_authorize_account,
 * which B2 rate-limits), progress after each, and a summary by outcome.
 */
import type { SecretCheck } from '../rpc/protocol';

/** At most this many authorizations in flight: fast enough for hundreds of keys, gentle on B2's authorize limit. */
export const CHECK_CONCURRENCY = 3;

export type CheckItem = { applicationKeyId: string; keyName: string };
export type CheckOutcome = SecretCheck['outcome'] | 'notChecked';
export type CheckResult = CheckItem & { outcome: CheckOutcome; message: string };

/**
 * Runs `check` over `items` with at most `limit` running at once, in order of start; `shouldStop` is asked before
 * each start (a stopped run finishes the checks already under way). A check that throws counts as notChecked.
 */
export async function runBounded(
  items: readonly CheckItem[],
  limit: number,
  check: (item: CheckItem) => Promise<{ outcome: SecretCheck['outcome']; message: string }>,
  onResult: (result: CheckResult, done: number) => void,
  shouldStop: () => boolean = () => false,
  errorMessage: (e: unknown) => string = () => 'Could not be checked.',
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length && !shouldStop()) {
      const item = items[next++]!;
      let result: CheckResult;
      try {
        const r = await check(item);
        result = { ...item, outcome: r.outcome, message: r.message };
      } catch (e) {
        result = { ...item, outcome: 'notChecked', message: errorMessage(e) };
      }
      results.push(result);
      onResult(result, results.length);
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

export const OUTCOME_LABELS: Record<CheckOutcome, string> = {
  works: 'work',
  deleted: 'deleted in B2',
  expired: 'expired',
  mismatch: 'do not match their key',
  refused: 'refused by B2',
  notChecked: 'could not be checked',
};

/** One key's outcome, in the list under the summary. */
export const ITEM_LABELS: Record<CheckOutcome, string> = {
  works: 'works',
  deleted: 'deleted in B2',
  expired: 'expired',
  mismatch: 'does not match',
  refused: 'refused by B2',
  notChecked: 'not checked',
};

const ORDER: CheckOutcome[] = ['works', 'deleted', 'expired', 'mismatch', 'refused', 'notChecked'];

/** Counts by outcome (only outcomes that occurred, in a fixed order) and one sentence for the whole run. */
export function summarize(results: readonly CheckResult[], total: number): { counts: [CheckOutcome, number][]; sentence: string } {
  const counts = ORDER.map((o) => [o, results.filter((r) => r.outcome === o).length] as [CheckOutcome, number]).filter(([, n]) => n > 0);
  const stopped = results.length < total ? ` Stopped after ${results.length} of ${total}.` : '';
  const parts = counts.map(([o, n]) => `${n} ${OUTCOME_LABELS[o]}`);
  const sentence = `${results.length} checked: ${parts.join(', ') || 'none'}.${stopped}`;
  return { counts, sentence };
}
