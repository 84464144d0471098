/** What the popup says about a Create New Key the create journal is checking or has checked (CreateChecks). */
import type { CreateCheckView } from '../rpc/protocol';
import { formatDateTime, formatSpan, MINUTE } from '../ui/format';

/**
 * `held`: keyIDs the background holds the applicationKey of, in memory, since the vault refused it (KeyView `held`).
 * Such a key is flagged lost by design, so that it stays in sight, but it works and its applicationKey can still be
 * shown: it must never be called lost, nor its deletion advised.
 */
export function checkSentence(c: CreateCheckView, now: number, held: ReadonlySet<string> = new Set()): string {
  const when = formatDateTime(c.startedAt);
  switch (c.status) {
    case 'checking': {
      const left = c.checkAt === null ? 0 : c.checkAt - now;
      // The detail says what went wrong (no answer, an unreadable one, or an answer whose secret could not be saved).
      const what = `Create New Key “${c.keyName}” (${when}): ${c.detail ?? 'it ended without B2’s answer.'}`;
      // Past its time by more than a try: the checks failed (B2 out of reach, or refusing the managing key), and are
      // tried less often since; "within a minute" would not be true.
      if (left < -2 * MINUTE) return `${what} B2 Key Manager could not check the key list yet (B2 did not answer, or refused the key it manages the account with). It tries again later and when the vault is unlocked; Refresh checks now, and flags the key if B2 made it.`;
      const wait = left > MINUTE ? ` in about ${formatSpan(left)}` : ' within a minute';
      return `${what} B2 Key Manager checks the key list${wait} and flags the key if B2 made it.`;
    }
    case 'lost': {
      const lost = c.lostKeyIds.filter((id) => !held.has(id)).length;
      const kept = c.lostKeyIds.length - lost;
      // After a create that was answered and saved, the key without a secret is another of that name the cache did
      // not know of: a re-sent request may have made it, or someone made it elsewhere. Not "delete it" outright.
      // A held one is not lost at all; said in the words of the key's details (KeyDetails.tsx, held-note).
      const own = c.saved
        ? `B2 created “${c.keyName}” (${when}) and its applicationKey is saved.`
        : kept > 0
          ? `B2 created “${c.keyName}” (${when}), but your vault could not save its applicationKey (the disk may be full). B2 Key Manager holds it, encrypted, in memory until the browser closes, and saves it as soon as the vault takes it. Open the key and use “Show applicationKey” to copy it somewhere safe meanwhile; the key works, do not delete it.`
          : null;
      if (own === null) {
        return `B2 created “${c.keyName}” (${when}), but its applicationKey never reached your vault: ${lost === 1 ? 'that key is' : `${lost} keys are`} flagged “applicationKey lost”. Delete it, or save its applicationKey if you have it.`;
      }
      if (lost === 0) {
        return c.saved ? `${own} B2 Key Manager holds the applicationKey of another key of that name in memory, not saved yet: open that key and use “Show applicationKey”; do not delete it.` : own;
      }
      const one = lost === 1;
      return `${own} ${one ? 'Another key' : `${lost} other keys`} of that name, unknown to B2 Key Manager before, ${one ? 'is' : 'are'} listed without a saved applicationKey (flagged “applicationKey lost”): made elsewhere, or by a request sent twice. Delete ${one ? 'it' : 'them'} only if nobody made ${one ? 'it' : 'them'} on purpose.`;
    }
    case 'created':
      return `B2 did create “${c.keyName}” (${when}); its applicationKey is saved.`;
    case 'notCreated':
      return `B2 did not create “${c.keyName}” (${when}). It is safe to create it again.`;
  }
}
