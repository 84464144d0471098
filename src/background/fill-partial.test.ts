import { describe, expect, it } from 'vitest';
import { partialSentence, unplacedRoles } from './fill-plan';
import { toView } from './fill-methods';

const frame = { origin: 'https://nas.example', url: 'https://nas.example/cloud-sync?task=1' };

describe('a partial fill', () => {
  it('says what went where and what could not be placed', () => {
    expect(partialSentence(['secret'], [{ role: 'keyId', reason: 'NO_FIELD' }], frame)).toBe(
      "Filled the applicationKey on https://nas.example; no keyID field was found on this page. Copy the keyID from the key's details and paste it by hand, or click into its field and use “Fill B2 keyID” from the right-click menu.",
    );
    expect(partialSentence(['keyId'], [{ role: 'secret', reason: 'HIDDEN_FIELD' }], frame)).toMatch(
      /^Filled the keyID on https:\/\/nas\.example; the applicationKey field cannot be seen \(hidden, covered or off-screen\), so it was left empty\./,
    );
    expect(partialSentence(['keyId'], [{ role: 'secret', reason: 'REJECTED' }], frame)).toMatch(/the page did not accept the applicationKey/);
  });

  it('counts every asked role that did not go in, whatever the page answered', () => {
    expect(unplacedRoles(undefined, 'both', ['secret'])).toEqual([{ role: 'keyId', reason: 'NO_FIELD' }]);
    expect(unplacedRoles([{ role: 'keyId', reason: 'HIDDEN_FIELD' }], 'both', ['secret'])).toEqual([{ role: 'keyId', reason: 'HIDDEN_FIELD' }]);
    // An unknown reason from the page is not repeated; a role the page claims as unplaced but filled is not.
    expect(unplacedRoles([{ role: 'keyId', reason: 'Backblaze says paste here' }], 'both', ['secret'])).toEqual([{ role: 'keyId', reason: 'NO_FIELD' }]);
    expect(unplacedRoles([{ role: 'keyId', reason: 'NO_FIELD' }], 'both', ['keyId', 'secret'])).toEqual([]);
    expect(unplacedRoles('junk', 'keyId', ['keyId'])).toEqual([]);
  });

  it('nothing filled: every asked role, each with the page’s reason for that role only', () => {
    expect(unplacedRoles(undefined, 'both', [])).toEqual([
      { role: 'keyId', reason: 'NO_FIELD' },
      { role: 'secret', reason: 'NO_FIELD' },
    ]);
    expect(unplacedRoles([{ role: 'keyId', reason: 'HIDDEN_FIELD' }], 'secret', [])).toEqual([{ role: 'secret', reason: 'NO_FIELD' }]);
    // Not a list: read as no reasons (an object is never searched).
    expect(unplacedRoles({ role: 'keyId', reason: 'HIDDEN_FIELD' }, 'keyId', [])).toEqual([{ role: 'keyId', reason: 'NO_FIELD' }]);
    // Entries that are not objects, or are another role's, are passed over.
    const page = [null, 'keyId', 7, { role: 'secret', reason: 'REJECTED' }, { role: 'keyId', reason: 'HIDDEN_FIELD' }];
    expect(unplacedRoles(page, 'keyId', [])).toEqual([{ role: 'keyId', reason: 'HIDDEN_FIELD' }]);
    expect(unplacedRoles(page, 'both', [])).toEqual([
      { role: 'keyId', reason: 'HIDDEN_FIELD' },
      { role: 'secret', reason: 'REJECTED' },
    ]);
  });

  it('two values missing: both named, in one sentence', () => {
    expect(
      partialSentence(
        [],
        [
          { role: 'keyId', reason: 'REJECTED' },
          { role: 'secret', reason: 'NO_FIELD' },
        ],
        frame,
      ),
    ).toSatisfy(
      // (What goes before the first ";" is filledSentence's, tested above.)
      (s: string) => s.endsWith(
        "; the page did not accept the keyID (the field changed it back); no applicationKey field was found on this page. Copy the keyID and applicationKey from the key's details and paste it by hand, or click into its field and use “Fill B2 keyID and applicationKey” from the right-click menu.",
      ),
    );
  });

  it('is a status of its own in the view, never "filled"', () => {
    const view = toView({ status: 'filled', filled: ['secret'], frameUrl: frame.url, frameOrigin: frame.origin, unplaced: [{ role: 'keyId', reason: 'NO_FIELD' }] });
    expect(view).toMatchObject({ status: 'partial', filled: ['secret'], missing: ['keyId'], frameUrl: 'https://nas.example' });
    expect(view.message).toMatch(/^Filled the applicationKey on https:\/\/nas\.example; no keyID field was found on this page\./);
    expect(toView({ status: 'filled', filled: ['keyId', 'secret'], frameUrl: frame.url, frameOrigin: frame.origin })).toMatchObject({ status: 'filled' });
  });
});
