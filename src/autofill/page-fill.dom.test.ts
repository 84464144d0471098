// @vitest-environment happy-dom
//
// page-fill.ts in Node over happy-dom: what fillCredentials fills, what it refuses and with which reason, and
// what probeCredentials reports. happy-dom has no layout, and page-fill judges visibility with the real
// visibility.ts (a field nobody can see is never filled), so each test lays the page out by hand: every
// field gets a box of its own and the hit test answers with the boxes under a point. A field is hidden by
// taking its box away, as `display: none` would.
import { afterEach, describe, expect, it } from 'vitest';
import type { FillableField } from './detect';
import { fillCredentials, probeCredentials } from './page-fill';

function box(left: number, top: number, width: number, height: number): DOMRect {
  return { x: left, y: top, left, top, width, height, right: left + width, bottom: top + height, toJSON: () => ({}) } as DOMRect;
}

const NO_BOX = box(0, 0, 0, 0);
let boxes = new Map<Element, DOMRect>();

/** Sets the page and gives every field a box of its own, one under the other. */
function page(html: string): void {
  document.body.innerHTML = html;
  boxes = new Map();
  let top = 10;
  for (const el of Array.from(document.querySelectorAll('input, textarea'))) {
    boxes.set(el, box(10, top, 200, 24));
    top += 40;
  }
  for (const [el, r] of boxes) el.getBoundingClientRect = () => (boxes.has(el) ? r : NO_BOX);
  Object.defineProperty(document, 'elementsFromPoint', {
    configurable: true,
    value: (x: number, y: number) =>
      [...boxes]
        .filter(([, r]) => x >= r.left && x < r.right && y >= r.top && y < r.bottom)
        .map(([el]) => el)
        .reverse(),
  });
}

/** Takes the field's box away: it is no longer rendered. */
function hide(el: Element): void {
  boxes.delete(el);
}

const $ = (sel: string) => document.querySelector(sel) as FillableField;

const KEY_ID = '<label for="k">Application Key ID</label><input id="k" name="kid">';
const SECRET = '<label for="s">Application Key</label><input id="s" name="sec" type="password">';
const FORM = `${KEY_ID}${SECRET}`;

afterEach(() => {
  document.body.innerHTML = '';
  delete (document as { elementsFromPoint?: unknown }).elementsFromPoint;
});

describe('fillCredentials: detected fields', () => {
  it('fills both detected fields, each with its own value', () => {
    page(FORM);
    expect(fillCredentials({ target: 'both', keyId: 'K001', secret: 'S001' })).toEqual({ ok: true, filled: ['keyId', 'secret'] });
    expect($('#k').value).toBe('K001');
    expect($('#s').value).toBe('S001');
  });

  it('fills only the role asked for, and only roles a value was given for', () => {
    page(FORM);
    expect(fillCredentials({ target: 'keyId', keyId: 'K001', secret: 'S001' })).toEqual({ ok: true, filled: ['keyId'] });
    expect($('#s').value).toBe('');
    page(FORM);
    expect(fillCredentials({ target: 'secret', keyId: 'K001', secret: 'S001' })).toEqual({ ok: true, filled: ['secret'] });
    expect($('#k').value).toBe('');
    page(FORM);
    expect(fillCredentials({ target: 'both', keyId: 'K001' })).toEqual({ ok: true, filled: ['keyId'] });
    expect($('#s').value).toBe('');
  });

  it('reports a value it found no field for, next to the one it filled', () => {
    page(KEY_ID);
    expect(fillCredentials({ target: 'both', keyId: 'K001', secret: 'S001' })).toEqual({ ok: true, filled: ['keyId'], unplaced: [{ role: 'secret', reason: 'NO_FIELD' }] });
  });

  it('says which field it found nothing for, and changes nothing', () => {
    page('<label for="n">Notes</label><input id="n">');
    expect(fillCredentials({ target: 'both', keyId: 'K001', secret: 'S001' })).toEqual({
      ok: false,
      reason: 'NO_FIELD',
      message: 'No keyID or applicationKey field was found on this page. Click into the field and try again.',
    });
    expect(fillCredentials({ target: 'secret', secret: 'S001' })).toMatchObject({ ok: false, reason: 'NO_FIELD', message: expect.stringMatching(/^No applicationKey field was found/) });
    expect($('#n').value).toBe('');
  });

  it('never fills a field nobody can see: a hidden secret field is not detected', () => {
    page(FORM);
    hide($('#s'));
    expect(fillCredentials({ target: 'both', keyId: 'K001', secret: 'S001' })).toEqual({ ok: true, filled: ['keyId'], unplaced: [{ role: 'secret', reason: 'NO_FIELD' }] });
    expect($('#s').value).toBe('');
  });

  it('looks again before each value goes in: a field the page hid after the first fill stays empty', () => {
    page(FORM);
    $('#k').addEventListener('input', () => hide($('#s')));
    expect(fillCredentials({ target: 'both', keyId: 'K001', secret: 'S001' })).toEqual({ ok: true, filled: ['keyId'], unplaced: [{ role: 'secret', reason: 'HIDDEN_FIELD' }] });
    expect($('#s').value).toBe('');
  });

  it('reports a value the page changed back, and HIDDEN_FIELD when nothing went in and a field was hidden', () => {
    page(FORM);
    const k = $('#k');
    k.addEventListener('input', () => (k.value = ''));
    expect(fillCredentials({ target: 'both', keyId: 'K001', secret: 'S001' })).toEqual({ ok: true, filled: ['secret'], unplaced: [{ role: 'keyId', reason: 'REJECTED' }] });
    page(FORM);
    const k2 = $('#k');
    k2.addEventListener('input', () => (k2.value = ''));
    expect(fillCredentials({ target: 'keyId', keyId: 'K001' })).toMatchObject({ ok: false, reason: 'REJECTED', message: expect.stringMatching(/did not accept the value/) });
    page(FORM);
    const k3 = $('#k');
    k3.addEventListener('input', () => {
      k3.value = '';
      hide($('#s'));
    });
    expect(fillCredentials({ target: 'both', keyId: 'K001', secret: 'S001' })).toMatchObject({ ok: false, reason: 'HIDDEN_FIELD' });
  });
});

describe('fillCredentials: requests without a value', () => {
  it('answers NO_VALUE for no value, empty values, a value of the other role or an unknown target', () => {
    page(FORM);
    $('#k').focus();
    const requests: unknown[] = [
      { target: 'both' },
      { target: 'both', keyId: '', secret: '' },
      { target: 'keyId', secret: 'S001' },
      { target: 'secret', keyId: 'K001' },
      { target: 'all', keyId: 'K001', secret: 'S001' },
      { target: 'focused' },
      { target: 'focused', keyId: 42 },
      undefined,
      null,
    ];
    for (const req of requests) expect(fillCredentials(req as Parameters<typeof fillCredentials>[0]), JSON.stringify(req)).toMatchObject({ ok: false, reason: 'NO_VALUE' });
    expect($('#k').value).toBe('');
    expect($('#s').value).toBe('');
  });
});

describe('fillCredentials: the expected origin', () => {
  it('fills only when the frame is still at the origin the user confirmed', () => {
    page(FORM);
    const origin = probeCredentials().origin;
    expect(fillCredentials({ target: 'keyId', keyId: 'K001', expectedOrigin: 'https://elsewhere.example' })).toMatchObject({ ok: false, reason: 'ORIGIN_CHANGED' });
    expect($('#k').value).toBe('');
    expect(fillCredentials({ target: 'keyId', keyId: 'K001', expectedOrigin: origin })).toEqual({ ok: true, filled: ['keyId'] });
  });

  it('never matches an opaque origin, which every sandboxed frame shares', () => {
    page(FORM);
    Object.defineProperty(window, 'origin', { value: 'null', configurable: true });
    try {
      expect(probeCredentials().origin).toBe('null');
      expect(fillCredentials({ target: 'keyId', keyId: 'K001', expectedOrigin: 'null' })).toMatchObject({ ok: false, reason: 'ORIGIN_CHANGED' });
      expect($('#k').value).toBe('');
    } finally {
      delete (window as { origin?: unknown }).origin;
    }
  });
});

describe('fillCredentials: the focused field', () => {
  it('needs a focused, editable, visible text field', () => {
    page('<input id="c" type="checkbox"><input id="d" disabled value=""><input id="t">');
    expect(fillCredentials({ target: 'focused', keyId: 'K001' })).toMatchObject({ ok: false, reason: 'NO_FOCUSED_FIELD', message: expect.stringMatching(/^No text field has the focus/) });
    $('#c').focus();
    expect(fillCredentials({ target: 'focused', keyId: 'K001' })).toMatchObject({ ok: false, reason: 'NO_FOCUSED_FIELD' });
    page('<input id="r" readonly>');
    $('#r').focus();
    expect(fillCredentials({ target: 'focused', keyId: 'K001' })).toMatchObject({ ok: false, reason: 'NO_FOCUSED_FIELD' });
    page('<input id="t">');
    $('#t').focus();
    hide($('#t'));
    expect(fillCredentials({ target: 'focused', keyId: 'K001' })).toMatchObject({ ok: false, reason: 'HIDDEN_FIELD', message: expect.stringMatching(/cannot be seen/) });
    expect($('#t').value).toBe('');
  });

  it('with one value, fills that value into the focused field whatever it looks like', () => {
    page(FORM);
    $('#s').focus();
    expect(fillCredentials({ target: 'focused', keyId: 'K001' })).toEqual({ ok: true, filled: ['keyId'] });
    expect($('#s').value).toBe('K001');
    page(FORM);
    $('#k').focus();
    expect(fillCredentials({ target: 'focused', secret: 'S001' })).toEqual({ ok: true, filled: ['secret'] });
    expect($('#k').value).toBe('S001');
  });

  it('with both values, fills the one the focused field looks like', () => {
    const cases: [string, string, 'keyId' | 'secret'][] = [
      [FORM, '#s', 'secret'],
      [FORM, '#k', 'keyId'],
      // Not detected (a generic word alone, below the threshold, or nothing), so read from the field itself:
      ['<label for="x">Key</label><input id="x">', '#x', 'secret'],
      ['<label for="x">Account</label><input id="x">', '#x', 'keyId'],
      ['<input id="x">', '#x', 'keyId'],
      ['<input id="x" type="password">', '#x', 'secret'],
      ['<label for="x">Notes</label><input id="x" type="password">', '#x', 'secret'],
      ['<label for="x">Notes</label><textarea id="x"></textarea>', '#x', 'keyId'],
      // Scored for neither role, or more for the keyID: the keyID, masked or not.
      ['<label for="x">Username</label><input id="x" placeholder="Key">', '#x', 'keyId'],
      ['<label for="x">Account</label><input id="x" placeholder="Key">', '#x', 'keyId'],
      ['<label for="x">Account</label><input id="x" type="password">', '#x', 'keyId'],
    ];
    for (const [html, sel, role] of cases) {
      page(html);
      $(sel).focus();
      expect(fillCredentials({ target: 'focused', keyId: 'K001', secret: 'S001' }), html).toEqual({ ok: true, filled: [role] });
      expect($(sel).value, html).toBe(role === 'keyId' ? 'K001' : 'S001');
    }
  });

  it('a focused field the page changes back is REJECTED', () => {
    page('<input id="x">');
    const x = $('#x');
    x.focus();
    x.addEventListener('input', () => (x.value = x.value.slice(0, 2)));
    expect(fillCredentials({ target: 'focused', keyId: 'K001' })).toMatchObject({ ok: false, reason: 'REJECTED' });
  });
});

describe('fillCredentials: the focused field when detection found nothing', () => {
  it('takes the focused field for a keyID, and for a secret only on a sign of one', () => {
    page('<input id="x">');
    $('#x').focus();
    expect(fillCredentials({ target: 'keyId', keyId: 'K001' })).toEqual({ ok: true, filled: ['keyId'] });
    page('<input id="x">');
    $('#x').focus();
    expect(fillCredentials({ target: 'secret', secret: 'S001' })).toMatchObject({ ok: false, reason: 'NO_FIELD' });
    for (const html of ['<input id="x" type="password">', '<label for="x">Key</label><input id="x">']) {
      page(html);
      $('#x').focus();
      expect(fillCredentials({ target: 'secret', secret: 'S001' }), html).toEqual({ ok: true, filled: ['secret'] });
    }
  });

  it('asked for both, puts the keyID first into a plain focused field', () => {
    page('<input id="x">');
    $('#x').focus();
    expect(fillCredentials({ target: 'both', keyId: 'K001', secret: 'S001' })).toEqual({ ok: true, filled: ['keyId'], unplaced: [{ role: 'secret', reason: 'NO_FIELD' }] });
    expect($('#x').value).toBe('K001');
  });

  it('does not take a decoy, the field detected for the other role, or one that looks like the other role', () => {
    const refused: [string, string, 'keyId' | 'secret'][] = [
      ['<label for="x">Username</label><input id="x">', '#x', 'keyId'],
      ['<label for="x">Search</label><input id="x">', '#x', 'keyId'],
      [SECRET, '#s', 'keyId'],
      [KEY_ID, '#k', 'secret'],
      // Named like a keyID above the threshold (but too generically to be detected alone): no secret field.
      ['<label for="x">Account</label><input id="x" name="account" placeholder="Key">', '#x', 'secret'],
    ];
    for (const [html, sel, role] of refused) {
      page(html);
      $(sel).focus();
      expect(fillCredentials({ target: role, [role]: 'V001' }), html).toMatchObject({ ok: false, reason: 'NO_FIELD' });
      expect($(sel).value, html).toBe('');
    }
  });

  it('takes a focused field named generically for the keyID (not detected alone) for the keyID', () => {
    page('<label for="x">Account</label><input id="x" name="account">');
    $('#x').focus();
    expect(fillCredentials({ target: 'keyId', keyId: 'K001' })).toEqual({ ok: true, filled: ['keyId'] });
  });

  it('is not used once detection found a field for one of the asked roles', () => {
    page(`${KEY_ID}<input id="p" type="password">`);
    $('#p').focus();
    expect(fillCredentials({ target: 'both', keyId: 'K001', secret: 'S001' })).toEqual({ ok: true, filled: ['keyId'], unplaced: [{ role: 'secret', reason: 'NO_FIELD' }] });
    expect($('#p').value).toBe('');
  });

  it('lets the focus decide between two equal fields', () => {
    const two = `${KEY_ID}<label for="s1">Application Key</label><input id="s1" type="password"><label for="s2">Application Key</label><input id="s2" type="password">`;
    page(two);
    $('#s2').focus();
    expect(fillCredentials({ target: 'secret', secret: 'S001' })).toEqual({ ok: true, filled: ['secret'] });
    expect([$('#s1').value, $('#s2').value]).toEqual(['', 'S001']);
    expect(probeCredentials().focused).toBe('secret');
  });

  it('does not take a focused field nobody can see: hidden, or covered by another element', () => {
    page('<input id="x">');
    $('#x').focus();
    hide($('#x'));
    expect(fillCredentials({ target: 'keyId', keyId: 'K001' })).toMatchObject({ ok: false, reason: 'NO_FIELD' });
    expect($('#x').value).toBe('');
    page('<input id="x"><div id="panel"></div>');
    $('#x').focus();
    // The panel is laid out over the field (placed last: on top in the hit test).
    boxes.set($('#panel'), box(0, 0, 400, 100));
    expect(fillCredentials({ target: 'keyId', keyId: 'K001' })).toMatchObject({ ok: false, reason: 'NO_FIELD' });
    expect($('#x').value).toBe('');
  });
});

describe('probeCredentials', () => {
  it('reports the detected roles, what the focused field looks like, and the frame', () => {
    page(`${FORM}<input id="n">`);
    expect(probeCredentials()).toEqual({ keyId: true, secret: true, focused: null, url: window.location.href, origin: window.location.origin, isTop: true });
    $('#k').focus();
    expect(probeCredentials().focused).toBe('keyId');
    $('#s').focus();
    expect(probeCredentials().focused).toBe('secret');
    $('#n').focus();
    expect(probeCredentials().focused).toBe('text');
    page(KEY_ID);
    expect(probeCredentials()).toMatchObject({ keyId: true, secret: false });
    page('');
    expect(probeCredentials()).toMatchObject({ keyId: false, secret: false });
  });
});

describe('fillCredentials: the focused field on the edges of its own scores', () => {
  // Each field below is scored by the texts around it alone (none is detected, or only with the focus), and
  // the expected role follows from the rules of roleOfField and focusedFits. `#d` is a description placed
  // after the field, so that it is no nearby text.
  const focusOn = (html: string): FillableField => {
    page(html);
    const x = $('#x');
    x.focus();
    return x;
  };

  it('with both values, a field that names both roles equally (or neither) gets the keyID: a secret needs clear signs', () => {
    const cases: string[] = [
      // "Key" (a secret, weakly) in the label and "Account" (a keyID, weakly) in the title, scored the same.
      '<label for="x">Key</label><input id="x" title="Account">',
      // Masked, but named a keyID as much as a secret once the mask is counted.
      '<input id="x" type="password" name="key" placeholder="Key ID">',
      // A decoy label and a bare "Secret" title: no score for the secret, below zero for the keyID.
      '<label for="x">Bucket</label><input id="x" title="Secret">',
    ];
    for (const html of cases) {
      const x = focusOn(html);
      expect(fillCredentials({ target: 'focused', keyId: 'K001', secret: 'S001' }), html).toEqual({ ok: true, filled: ['keyId'] });
      expect(x.value, html).toBe('K001');
    }
  });

  it('asked for one role, takes a field that looks like the other role only while that look stays under the threshold', () => {
    // Named a secret (generically) exactly at the threshold: not the keyID field.
    let x = focusOn('<input id="x" type="password" name="key">');
    expect(fillCredentials({ target: 'keyId', keyId: 'K001' })).toMatchObject({ ok: false, reason: 'NO_FIELD' });
    expect(x.value).toBe('');
    // Named a keyID exactly at the threshold: not the secret field.
    x = focusOn('<input id="x" type="password" name="keyId" placeholder="Key">');
    expect(fillCredentials({ target: 'secret', secret: 'S001' })).toMatchObject({ ok: false, reason: 'NO_FIELD' });
    expect(x.value).toBe('');
  });

  it('does not take the field detected for the other role, even when only the focus made it detected', () => {
    // A masked field described as an account ID: the keyID field once it has the focus, so no secret field.
    let x = focusOn('<input id="x" type="password" name="accountId">');
    expect(probeCredentials().focused).toBe('keyId');
    expect(fillCredentials({ target: 'secret', secret: 'S001' })).toMatchObject({ ok: false, reason: 'NO_FIELD' });
    expect(x.value).toBe('');
    // A field described (faintly) as the application key: the secret field once it has the focus, so no keyID field.
    x = focusOn('<input id="x" aria-describedby="d"><span id="d">Application key</span>');
    expect(probeCredentials().focused).toBe('secret');
    expect(fillCredentials({ target: 'keyId', keyId: 'K001' })).toMatchObject({ ok: false, reason: 'NO_FIELD' });
    expect(x.value).toBe('');
  });

  it('judges a field by its score for the role asked, not the other one', () => {
    // Masked and faintly a decoy for the keyID: still a secret field (the mask is the sign), score 0 for it.
    let x = focusOn('<input id="x" type="password" aria-describedby="d"><span id="d">Account</span>');
    expect(fillCredentials({ target: 'secret', secret: 'S001' })).toEqual({ ok: true, filled: ['secret'] });
    expect(x.value).toBe('S001');
    // Faintly a keyID, and below zero for the secret ("for this bucket"): still a keyID field.
    x = focusOn('<input id="x" aria-describedby="d"><span id="d">Account ID for this bucket</span>');
    expect(fillCredentials({ target: 'keyId', keyId: 'K001' })).toEqual({ ok: true, filled: ['keyId'] });
    expect(x.value).toBe('K001');
  });
});

describe('probeCredentials: the frame it runs in', () => {
  it('reports a frame that is not the top window, with its own address and origin', () => {
    const doc = document.implementation.createHTMLDocument('');
    doc.body.innerHTML = '<input id="n">';
    const frameWindow = { top: window, location: { href: 'https://frame.example/form', origin: 'https://frame.example' }, getComputedStyle: () => null };
    Object.defineProperty(doc, 'defaultView', { value: frameWindow, configurable: true });
    expect(probeCredentials(doc)).toMatchObject({ keyId: false, secret: false, focused: null, url: 'https://frame.example/form', origin: 'https://frame.example', isTop: false });
    Object.defineProperty(frameWindow, 'origin', { value: 'null' });
    expect(probeCredentials(doc).origin).toBe('null');
  });

  it('a document without a window counts as the top, at its own URL', () => {
    const doc = document.implementation.createHTMLDocument('');
    expect(probeCredentials(doc)).toMatchObject({ keyId: false, secret: false, focused: null, url: doc.URL, isTop: true });
  });
});
