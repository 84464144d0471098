/** What the popup says about a Create New Key the create journal is checking or has checked (CreateChecks). */
import type { CreateCheckView } from '../rpc/protocol';
import { formatDateTime, formatSpan, MINUTE } from '../ui/format';

export function checkSentence(c: CreateCheckView, now: number): string {
  const when = formatDateTime(c.startedAt);
  switch (c.status) {
    case 'checking': {
      const left = c.checkAt === null ? 0 : c.checkAt - now;
      const wait = left > MINUTE ? ` in about ${formatSpan(left)}` : ' within a minute';
      // The detail says what went wrong (no answer, an unreadable one, or an answer whose secret could not be saved).
      return `Create New Key “${c.keyName}” (${when}): ${c.detail ?? 'it ended without B2’s answer.'} B2 Key Manager checks the key list${wait} and flags the key if B2 made it.`;
    }
    case 'lost':
      // After a create that was answered and saved, the key without a secret is another of that name the cache did
      // not know of: a re-sent request may have made it, or someone made it elsewhere. Not "delete it" outright.
      if (c.saved) {
        const one = c.lostKeyIds.length === 1;
        return `B2 created “${c.keyName}” (${when}) and its applicationKey is saved. ${one ? 'Another key' : `${c.lostKeyIds.length} other keys`} of that name, unknown to B2 Key Manager before, ${one ? 'is' : 'are'} listed without a saved applicationKey (flagged “applicationKey lost”): made elsewhere, or by a request sent twice. Delete ${one ? 'it' : 'them'} only if nobody made ${one ? 'it' : 'them'} on purpose.`;
      }
      return `B2 created “${c.keyName}” (${when}), but its applicationKey never reached your vault: ${c.lostKeyIds.length === 1 ? 'that key is' : `${c.lostKeyIds.length} keys are`} flagged “applicationKey lost”. Delete it, or save its applicationKey if you have it.`;
    case 'created':
      return `B2 did create “${c.keyName}” (${when}); its applicationKey is saved.`;
    case 'notCreated':
      return `B2 did not create “${c.keyName}” (${when}). It is safe to create it again.`;
  }
}
