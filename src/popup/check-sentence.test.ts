import { describe, expect, it } from 'vitest';
import type { CreateCheckView } from '../rpc/protocol';
import { formatDateTime } from '../ui/format';
import { checkSentence } from './check-sentence';

const AT = Date.UTC(2026, 11, 3, 9);
const view = (v: Partial<CreateCheckView>): CreateCheckView => ({ id: 'r', keyName: 'backup', startedAt: AT, status: 'checking', checkAt: AT + 30_000, lostKeyIds: [], detail: null, saved: false, ...v });
const when = formatDateTime(AT);

describe('checkSentence', () => {
  it('a check under way says what went wrong, and when the list is checked', () => {
    expect(checkSentence(view({ detail: 'B2 did not answer in time.' }), AT)).toBe(
      `Create New Key “backup” (${when}): B2 did not answer in time. B2 Key Manager checks the key list within a minute and flags the key if B2 made it.`,
    );
    expect(checkSentence(view({ detail: 'B2 created the key and sent its applicationKey, but saving it to the vault failed.', checkAt: AT + 5 * 60_000 }), AT)).toMatch(
      /^Create New Key “backup” \(.+\): B2 created the key and sent its applicationKey, but saving it to the vault failed\. B2 Key Manager checks the key list in about /,
    );
    expect(checkSentence(view({}), AT)).toContain(': it ended without B2’s answer. B2 Key Manager');
    // A minute exactly is still "within a minute"; a little more is said in minutes.
    expect(checkSentence(view({ checkAt: AT + 60_000 }), AT)).toContain('checks the key list within a minute');
    expect(checkSentence(view({ checkAt: AT + 61_000 }), AT)).toMatch(/checks the key list in about \S/);
  });

  it('a check long past its time (the tries failed) does not promise one within a minute, and says what to do', () => {
    const late = `Create New Key “backup” (${when}): it ended without B2’s answer. B2 Key Manager could not check the key list yet (B2 did not answer, or refused the key it manages the account with). It tries again later and when the vault is unlocked; Refresh checks now, and flags the key if B2 made it.`;
    expect(checkSentence(view({ checkAt: AT - 10 * 60_000 }), AT)).toBe(late);
    // Within a try of its time, still the usual sentence.
    expect(checkSentence(view({ checkAt: AT - 2 * 60_000 }), AT)).toContain('checks the key list within a minute');
  });

  it('a finished check says whether B2 made the key', () => {
    expect(checkSentence(view({ status: 'created', checkAt: null }), AT)).toBe(`B2 did create “backup” (${when}); its applicationKey is saved.`);
    expect(checkSentence(view({ status: 'notCreated', checkAt: null }), AT)).toBe(`B2 did not create “backup” (${when}). It is safe to create it again.`);
  });

  it('a lost key after an unanswered create is that create\'s own; after a saved one, another of that name, and not "delete it" outright', () => {
    expect(checkSentence(view({ status: 'lost', checkAt: null, lostKeyIds: ['k1'] }), AT)).toBe(
      `B2 created “backup” (${when}), but its applicationKey never reached your vault: that key is flagged “applicationKey lost”. Delete it, or save its applicationKey if you have it.`,
    );
    expect(checkSentence(view({ status: 'lost', checkAt: null, lostKeyIds: ['k1'], saved: true }), AT)).toBe(
      `B2 created “backup” (${when}) and its applicationKey is saved. Another key of that name, unknown to B2 Key Manager before, is listed without a saved applicationKey (flagged “applicationKey lost”): made elsewhere, or by a request sent twice. Delete it only if nobody made it on purpose.`,
    );
    expect(checkSentence(view({ status: 'lost', checkAt: null, lostKeyIds: ['k1', 'k2'], saved: true }), AT)).toBe(
      `B2 created “backup” (${when}) and its applicationKey is saved. 2 other keys of that name, unknown to B2 Key Manager before, are listed without a saved applicationKey (flagged “applicationKey lost”): made elsewhere, or by a request sent twice. Delete them only if nobody made them on purpose.`,
    );
    expect(checkSentence(view({ status: 'lost', checkAt: null, lostKeyIds: ['k1', 'k2'] }), AT)).toContain('its applicationKey never reached your vault: 2 keys are flagged');
  });

  it('a key whose applicationKey is held (the vault refused it) is not called lost, nor is its deletion advised', () => {
    const held = new Set(['k1']);
    const c = view({ status: 'lost', checkAt: null, lostKeyIds: ['k1'] });
    const said = checkSentence(c, AT, held);
    expect(said).toBe(
      `B2 created “backup” (${when}), but your vault could not save its applicationKey (the disk may be full). B2 Key Manager holds it, encrypted, in memory until the browser closes, and saves it as soon as the vault takes it. Open the key and use “Show applicationKey” to copy it somewhere safe meanwhile; the key works, do not delete it.`,
    );
    expect(said).not.toMatch(/Delete it|applicationKey lost|never reached/);
    // Not held (the browser was closed since): lost, as before.
    expect(checkSentence(c, AT, new Set())).toMatch(/never reached your vault: that key is flagged “applicationKey lost”\. Delete it/);
    // Held, and another of that name truly lost: each said for what it is.
    expect(checkSentence(view({ status: 'lost', checkAt: null, lostKeyIds: ['k1', 'k2'] }), AT, held)).toMatch(
      /holds it, encrypted.*do not delete it\. Another key of that name, unknown to B2 Key Manager before, is listed without a saved applicationKey \(flagged “applicationKey lost”\).*Delete it only if nobody made it on purpose\.$/,
    );
    // After a saved create, another of that name that is held: not "delete it".
    const saved = checkSentence(view({ status: 'lost', checkAt: null, lostKeyIds: ['k1'], saved: true }), AT, held);
    expect(saved).toBe(`B2 created “backup” (${when}) and its applicationKey is saved. B2 Key Manager holds the applicationKey of another key of that name in memory, not saved yet: open that key and use “Show applicationKey”; do not delete it.`);
  });
});
