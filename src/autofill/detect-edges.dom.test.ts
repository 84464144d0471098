// @vitest-environment happy-dom
//
// detect.ts, the cases a mutation run (`npm run mutate`) found untested, grouped by the rule they check:
// where the text describing a field comes from (and how it is cleaned), the visible label against the
// markup, masked fields, sections and providers, frames, and what the final choice keeps. Like
// detect-rules.dom.test.ts, each test sets a field beside the same field minus one thing, in Node over
// happy-dom (no layout: the visibility check is passed in, or a frame is given a box by hand).
import { afterEach, describe, expect, it } from 'vitest';
import { deepActiveElement, findCredentialFields, scoreField, THRESHOLD, type Candidate, type FillableField, type VisibilityCheck } from './detect';

const SEEN: VisibilityCheck = { hiddenByStyle: () => null, coveredBy: () => null };

function page(html: string): Document {
  document.body.innerHTML = html;
  return document;
}

function field(selector: string, root: ParentNode = document): FillableField {
  const el = root.querySelector(selector);
  if (!el) throw new Error(`no ${selector}`);
  return el as FillableField;
}

function scored(html: string, selector = 'input, textarea'): Candidate {
  page(html);
  return scoreField(field(selector), { visibility: SEEN });
}

function detect(html: string, visibility: VisibilityCheck = SEEN) {
  page(html);
  const result = findCredentialFields(document, { visibility });
  const name = (el: Element | null) => (el ? (el.getAttribute('name') ?? el.id) : null);
  const byName = (n: string) => result.candidates.find((c) => c.el.getAttribute('name') === n)!;
  return { keyId: name(result.keyId), secret: name(result.secret), result, byName };
}

/** The reason a source gave, e.g. `nearby text "Application Key ID": application/access key id (…)`. */
function reasonOf(c: Candidate, source: string): string | undefined {
  return c.reasons.find((r) => r.startsWith(`${source} "`));
}

/** The text a source contributed, as the reasons quote it. */
function textOf(c: Candidate, source: string): string | undefined {
  const r = reasonOf(c, source);
  return r === undefined ? undefined : r.slice(source.length + 2, r.indexOf('": '));
}

const KEY_ID = '<label for="k">Application Key ID</label><input id="k" name="kid">';
const SECRET = '<label for="s">Application Key</label><input id="s" name="sec" type="password">';

afterEach(() => {
  document.body.innerHTML = '';
  document.head.innerHTML = '';
});

describe('the text of a label, a section or a nearby element', () => {
  it('is cleaned: white space collapsed and trimmed, parts of elements kept apart by a space', () => {
    const s = scored('<div>\n  <span><b>Application\n\n   Key</b><b>ID</b></span>  \n  <input name="a"></div>');
    expect(textOf(s, 'nearby text')).toBe('Application Key ID');
    expect(textOf(scored('<div>Application\n\n   Key ID  <input name="a"></div>'), 'nearby text')).toBe('Application Key ID');
  });

  it('keeps text assigned to a slot apart from the text after the slot', () => {
    page('<div id="host"></div>');
    const host = document.getElementById('host')!;
    host.append('Application Key');
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = '<label for="k"><slot></slot>ID</label><input id="k">';
    expect(textOf(scoreField(field('#k', root), { visibility: SEEN }), 'label')).toBe('Application Key ID');
  });

  it('follows an aria-labelledby id out through nine shadow roots, not ten (a bounded walk)', () => {
    const nested = (levels: number): FillableField => {
      page('<p id="t">Application Key ID</p><div id="h"></div>');
      let host = document.getElementById('h')!;
      for (let i = 1; i <= levels; i++) {
        const root = host.attachShadow({ mode: 'open' });
        root.innerHTML = i === levels ? '<input aria-labelledby="t">' : '<div></div>';
        host = root.firstElementChild as HTMLElement;
      }
      return host as FillableField;
    };
    expect(textOf(scoreField(nested(9), { visibility: SEEN }), 'aria-labelledby')).toBe('Application Key ID');
    expect(reasonOf(scoreField(nested(10), { visibility: SEEN }), 'aria-labelledby')).toBeUndefined();
  });

  it('reads past comments in a label and beside the field', () => {
    expect(textOf(scored('<label for="k">Application <!-- a note --> Key ID</label><input id="k">'), 'label')).toBe('Application Key ID');
    expect(textOf(scored('<div><span>Application Key ID</span><!-- a note --><input name="a"></div>'), 'nearby text')).toBe('Application Key ID');
  });

  it('joins two labels of one field with a space, without an empty one adding any', () => {
    const s = scored('<label for="k"></label><label for="k">Application Key</label><label for="k">ID</label><input id="k">');
    expect(textOf(s, 'label')).toBe('Application Key ID');
  });

  it('joins the texts of several aria-labelledby ids with a space, skipping empty and missing ones', () => {
    const s = scored('<span id="e"></span><span id="a">Application Key</span><span id="b">ID</span><input aria-labelledby="e nowhere a b">');
    expect(textOf(s, 'aria-labelledby')).toBe('Application Key ID');
    // Only missing ids: no text, and no error.
    expect(reasonOf(scored('<input aria-labelledby="nowhere" aria-describedby="gone">'), 'aria-labelledby')).toBeUndefined();
  });

  it('reads aria-labelledby element references set from script (ariaLabelledByElements), for labelledby only', () => {
    page('<p id="l">Application Key ID</p><p id="h">Application Key</p><input aria-describedby="h">');
    const el = field('input') as FillableField & { ariaLabelledByElements?: Element[] };
    el.ariaLabelledByElements = [document.getElementById('l')!];
    const s = scoreField(el, { visibility: SEEN });
    expect(textOf(s, 'aria-labelledby')).toBe('Application Key ID');
    expect(textOf(s, 'aria-describedby')).toBe('Application Key');
    // An empty list of references falls back to the ids.
    el.ariaLabelledByElements = [];
    el.setAttribute('aria-labelledby', 'h');
    expect(textOf(scoreField(el, { visibility: SEEN }), 'aria-labelledby')).toBe('Application Key');
  });

  it('scores a field outside any document, or in a fragment, without failing on its id references', () => {
    const lone = document.createElement('input');
    lone.setAttribute('aria-labelledby', 'x');
    lone.setAttribute('placeholder', 'Application Key ID');
    expect(scoreField(lone, { visibility: SEEN }).keyIdScore).toBeGreaterThanOrEqual(THRESHOLD);
    const frag = document.createDocumentFragment();
    const inFrag = document.createElement('input');
    inFrag.setAttribute('aria-labelledby', 'x');
    inFrag.setAttribute('placeholder', 'Application Key ID');
    frag.appendChild(inFrag);
    expect(scoreField(inFrag, { visibility: SEEN }).keyIdScore).toBeGreaterThanOrEqual(THRESHOLD);
  });

  it('reads a slot\'s fallback content when nothing is assigned to it', () => {
    page('<div id="host"></div>');
    const root = document.getElementById('host')!.attachShadow({ mode: 'open' });
    root.innerHTML = '<label for="k"><slot name="label">Application Key ID</slot></label><input id="k">';
    expect(textOf(scoreField(field('#k', root), { visibility: SEEN }), 'label')).toBe('Application Key ID');
  });

  it('reads the row text of a field slotted into an unnamed slot', () => {
    page('<div id="host"><input name="a"></div>');
    const root = document.getElementById('host')!.attachShadow({ mode: 'open' });
    root.innerHTML = '<div><span>Application Key ID</span><slot></slot></div>';
    expect(textOf(scoreField(field('[name=a]'), { visibility: SEEN }), 'nearby text')).toBe('Application Key ID');
  });

  it('quotes at most 60 characters of a text in the reasons, and lists every hit', () => {
    const long = `Application Key ID ${'x'.repeat(80)}`;
    expect(reasonOf(scored(`<input placeholder="${long}">`), 'placeholder')).toMatch(new RegExp(`^placeholder "${long.slice(0, 60)}": `));
    expect(reasonOf(scored('<input placeholder="Bucket name">'), 'placeholder')).toMatch(/^placeholder "Bucket name": not:bucket, not:name\/description \(/);
  });

  it('lists no reason for a text without a hit, and starts with nothing', () => {
    expect(scored('<label for="n">Colour</label><input id="n" name="colour">').reasons).toEqual([]);
    expect(scored(KEY_ID).reasons[0]).toMatch(/^label "Application Key ID"/);
  });
});

describe('nearby text', () => {
  it('skips white space, empty elements and a select between the text and the field', () => {
    for (const between of ['\n   ', '<br>', '<i class="icon"></i>', '<select><option>EU</option></select>', '<script>1</script>']) {
      const s = scored(`<div><span>Application Key ID</span>${between}<input name="a"></div>`);
      expect(textOf(s, 'nearby text'), between).toBe('Application Key ID');
    }
    // A text node made of white space only is skipped too.
    const el = document.createElement('div');
    el.append('Application Key ID', document.createElement('span'), '   ');
    el.append(document.createElement('input'));
    page('');
    document.body.append(el);
    expect(textOf(scoreField(field('input'), { visibility: SEEN }), 'nearby text')).toBe('Application Key ID');
  });

  it('stops at a textarea or an input between the text and the field (that text is theirs)', () => {
    for (const between of ['<textarea name="t"></textarea>', '<input name="o">']) {
      const s = scored(`<div><span>Application Key ID</span>${between}<input name="a"></div>`, '[name=a]');
      expect(reasonOf(s, 'nearby text'), between).toBeUndefined();
    }
  });

  it('climbs three levels of wrappers, not four', () => {
    expect(textOf(scored('<div>Application Key ID<div><div><div><input name="a"></div></div></div></div>'), 'nearby text')).toBe('Application Key ID');
    expect(reasonOf(scored('<div>Application Key ID<div><div><div><div><input name="a"></div></div></div></div></div>'), 'nearby text')).toBeUndefined();
  });

  it('cuts a long text at 200 characters', () => {
    const s = scored(`<div>${'x '.repeat(100)}Application Key ID <input name="a"></div>`);
    expect(reasonOf(s, 'nearby text')).toBeUndefined();
  });

  it('does not cross a fieldset or the body', () => {
    expect(reasonOf(scored('<div><p>Application Key ID</p><fieldset><input name="a"></fieldset></div>'), 'nearby text')).toBeUndefined();
    document.head.innerHTML = '<title>Application Key ID</title>';
    expect(scored('<input name="a">').reasons).toEqual([]);
  });

  it('reads the text before the shadow host of a field at the top of a shadow root', () => {
    page('<div><span>Application Key ID</span><div id="host"></div></div>');
    const root = document.getElementById('host')!.attachShadow({ mode: 'open' });
    root.innerHTML = '<input name="a">';
    expect(textOf(scoreField(field('[name=a]', root), { visibility: SEEN }), 'nearby text')).toBe('Application Key ID');
  });

  it('is not read for a field with a label, an aria-label or an aria-labelledby, where the placeholder counts half', () => {
    const row = (attrs: string, before = '') => `${before}<div><span>Secret access key</span><input name="a" ${attrs} placeholder="Application Key ID"></div>`;
    const variants = [row('id="a"', '<label for="a">Account</label>'), row('aria-label="Account"'), row('aria-labelledby="t"', '<p id="t">Account</p>')];
    for (const html of variants) {
      const s = scored(html, '[name=a]');
      expect(reasonOf(s, 'nearby text'), html).toBeUndefined();
      expect(reasonOf(s, 'placeholder'), html).toMatch(/\(keyId 5, secret 0\)$/);
    }
  });

  it('counts the placeholder in full when there is neither a label nor nearby text, half beside nearby text', () => {
    const alone = scored('<div><input name="a" placeholder="Application Key ID"></div>');
    const beside = scored('<div><span>Colour</span><input name="a" placeholder="Application Key ID"></div>');
    expect(reasonOf(alone, 'placeholder')).toMatch(/\(keyId 10, secret 0\)$/);
    expect(reasonOf(beside, 'placeholder')).toMatch(/\(keyId 5, secret 0\)$/);
  });
});

describe('the section a field is in', () => {
  const s3 = '<section><h2>Amazon S3</h2><label for="s1">Access key ID</label><input id="s1" name="ak"><label for="s2">Secret access key</label><input id="s2" name="sk" type="password"></section>';

  it('is titled by a role=heading, an aria-labelledby, or a heading above a shadow host', () => {
    page(`<div><div role="heading">Backblaze B2</div><div><input name="a"></div></div>
      <p id="t">Backblaze B2</p><div aria-labelledby="t"><input name="b"></div>
      <section><h3>Backblaze B2</h3><div id="host"></div></section>`);
    document.getElementById('host')!.attachShadow({ mode: 'open' }).innerHTML = '<input name="c">';
    const cs = findCredentialFields(document, { visibility: SEEN }).candidates;
    expect(cs.map((c) => [c.el.getAttribute('name'), c.provider])).toEqual([
      ['a', 'b2'],
      ['b', 'b2'],
      ['c', 'b2'],
    ]);
  });

  it('is not titled by a heading straight in the body, a custom element named like a heading, or a heading inside another field\'s box', () => {
    page(`<h1>Backblaze B2</h1><div><input name="a"></div>`);
    expect(findCredentialFields(document, { visibility: SEEN }).candidates[0]!.provider).toBeNull();
    page(`<div><app-legend>Backblaze B2</app-legend><h2-note>Backblaze B2</h2-note><div><input name="a"></div></div>`);
    expect(findCredentialFields(document, { visibility: SEEN }).candidates[0]!.provider).toBeNull();
    page(`<div><div><h3>Backblaze B2</h3><input name="other"></div><div><input name="a"></div></div>`);
    const cs = findCredentialFields(document, { visibility: SEEN }).candidates;
    expect(cs.find((c) => c.el.getAttribute('name') === 'a')!.provider).toBeNull();
  });

  it('looks up to eight levels above the field', () => {
    const wrap = (n: number, inner: string) => '<div>'.repeat(n) + inner + '</div>'.repeat(n);
    page(`<div><h2>Backblaze B2</h2>${wrap(7, '<input name="a">')}</div>`);
    expect(findCredentialFields(document, { visibility: SEEN }).candidates[0]!.provider).toBe('b2');
    page(`<div><h2>Backblaze B2</h2>${wrap(8, '<input name="a">')}</div>`);
    expect(findCredentialFields(document, { visibility: SEEN }).candidates[0]!.provider).toBeNull();
  });

  it('a B2 section that is covered, or that has no credential field, changes nothing for the other provider', () => {
    const b2 = `<section><h2>Backblaze B2</h2>${KEY_ID}${SECRET}</section>`;
    const coverB2: VisibilityCheck = { hiddenByStyle: () => null, coveredBy: (el) => (['kid', 'sec'].includes(el.getAttribute('name') ?? '') ? 'covered by another element (div)' : null) };
    const alone = detect(s3);
    const covered = detect(`${s3}${b2}`, coverB2);
    expect(covered).toMatchObject({ keyId: 'ak', secret: 'sk' });
    expect(covered.byName('ak').keyIdScore).toBe(alone.byName('ak').keyIdScore);
    const empty = detect(`${s3}<section><h2>Backblaze B2</h2><label for="n">Bucket notes</label><input id="n" name="n"></section>`);
    expect(empty.byName('ak').keyIdScore).toBe(alone.byName('ak').keyIdScore);
    expect(empty.byName('sk').secretScore).toBe(alone.byName('sk').secretScore);
  });

  it('a B2 section whose field scores exactly THRESHOLD is a B2 section that counts', () => {
    // The checkbox's row stops the nearby text, so the placeholder counts in full: "key" twice is THRESHOLD.
    const exact = '<section><h2>Backblaze B2</h2><div><input type="checkbox"></div><div><input id="a" name="key" placeholder="key"></div></section>';
    page(exact);
    expect(scoreField(field('#a'), { visibility: SEEN }).secretScore).toBe(THRESHOLD);
    const withB2 = detect(`${s3}${exact}`);
    expect(withB2.byName('key').secretScore).toBeGreaterThan(THRESHOLD);
    expect(withB2.byName('ak').keyIdScore).toBeLessThan(detect(s3).byName('ak').keyIdScore);
  });

  it('a B2 section lifts neither a field outside any section nor a role its own field does not score for', () => {
    const b2 = `<section><h2>Backblaze B2</h2>${KEY_ID}${SECRET}</section>`;
    const loose = '<div><label for="x">Account ID</label><input id="x" name="x"></div>';
    const without = detect(loose).byName('x');
    const withB2 = detect(`${loose}${b2}`);
    expect(withB2.byName('x').provider).toBeNull();
    expect(withB2.byName('x').keyIdScore).toBe(without.keyIdScore);
    expect(withB2.byName('x').reasons.join('; ')).not.toMatch(/section names/);
    // The masked secret field scores nothing for the keyID, B2 section or not.
    expect(withB2.byName('sec').keyIdScore).toBe(detect(b2.replace('Backblaze B2', 'Storage')).byName('sec').keyIdScore);
    expect(withB2.byName('sec').keyIdScore).toBeLessThanOrEqual(0);
  });
});

describe('what the person reads against the markup', () => {
  it('markup alone (name, formcontrolname, ng-model) is enough to choose a field', () => {
    expect(detect('<input name="application_key_id"><input name="application_key" type="password">')).toMatchObject({ keyId: 'application_key_id', secret: 'application_key' });
    const fc = scored('<input formcontrolname="applicationKeyId">');
    expect(textOf(fc, 'formcontrolname')).toBe('applicationKeyId');
    expect(fc.keyIdScore).toBeGreaterThanOrEqual(THRESHOLD);
    const ng = scored('<input ng-model="applicationKeyId">');
    expect(textOf(ng, 'formcontrolname')).toBe('applicationKeyId');
    expect(ng.keyIdScore).toBeGreaterThanOrEqual(THRESHOLD);
  });

  it('reads the autocomplete token (trimmed, any case) and counts a site login one against the field', () => {
    const s = scored('<input name="application_key_id" autocomplete=" Username ">');
    expect(textOf(s, 'autocomplete')).toBe('username');
    expect(s.reasons).toContain('site login autocomplete=username (−4)');
    expect(reasonOf(scored('<input name="application_key_id" autocomplete="off">'), 'autocomplete')).toBeUndefined();
  });

  it('a visible label naming something else drops the markup\'s keyID or secret hints', () => {
    for (const [name, role] of [
      ['accessKeyId', 'keyIdScore'],
      ['secretAccessKey', 'secretScore'],
    ] as const) {
      const labelled = scored(`<label for="u">Username</label><input id="u" name="${name}">`);
      const bare = scored(`<label for="u">Username</label><input id="u">`);
      expect(labelled[role]).toBe(bare[role]);
      expect(labelled.specific).toEqual({ keyId: false, secret: false });
      expect(labelled.reasons.some((r) => r.startsWith('visible label names something else: markup hints dropped'))).toBe(true);
    }
    // Nothing to drop when the markup names nothing.
    expect(scored('<label for="u">Username</label><input id="u" name="x">').reasons.join('; ')).not.toMatch(/markup hints dropped/);
  });

  it('keeps the markup when another visible text names a B2 value beside the one naming something else', () => {
    const s = scored('<label for="u">Username</label><input id="u" name="accessKeyId" title="Access key ID">');
    expect(s.reasons.join('; ')).not.toMatch(/markup hints dropped/);
    expect(s.keyIdScore).toBeGreaterThan(scored('<label for="u">Username</label><input id="u" title="Access key ID">').keyIdScore);
    // The same when the other visible text names the secret.
    const sec = scored('<label for="u">Username</label><input id="u" name="secretAccessKey" title="Secret access key">');
    expect(sec.reasons.join('; ')).not.toMatch(/markup hints dropped/);
    expect(sec.secretScore).toBeGreaterThan(scored('<label for="u">Username</label><input id="u" title="Secret access key">').secretScore);
  });

  it('says the label outweighs the markup only when the markup was against it', () => {
    expect(scored(KEY_ID).reasons.join('; ')).not.toMatch(/outweighs/);
    const s = scored('<label for="u">Application Key ID</label><input id="u" autocomplete="username">');
    expect(s.reasons.some((r) => r.startsWith('visible label outweighs the markup for keyId'))).toBe(true);
    // The site-login penalty then applies to the secret only; the keyID is as without the autocomplete.
    expect(s.keyIdScore).toBe(scored('<label for="u">Application Key ID</label><input id="u">').keyIdScore);
    const sec = scored('<label for="u">Application Key</label><input id="u" autocomplete="username">');
    expect(sec.reasons).toContain('site login autocomplete=username (−4 keyId)');
    expect(sec.secretScore).toBe(scored('<label for="u">Application Key</label><input id="u">').secretScore);
  });

  it('counts a site login autocomplete against neither role when visible texts decide both', () => {
    const s = scored('<label for="u">Application Key ID</label><input id="u" aria-label="Application Key" autocomplete="username">');
    expect(s.reasons.filter((r) => r.startsWith('visible label outweighs'))).toHaveLength(2);
    expect(s.reasons.join('; ')).not.toMatch(/site login/);
  });

  it('counts a site login autocomplete against the secret as well', () => {
    const plain = scored('<input name="application_key">');
    expect(scored('<input name="application_key" autocomplete="username">').secretScore).toBeLessThan(plain.secretScore);
  });

  it('counts aria-describedby help text for the secret too', () => {
    const s = scored('<input aria-describedby="h"><p id="h">Application Key</p>');
    expect(s.secretScore).toBeGreaterThan(0);
  });
});

describe('masked fields', () => {
  it('a bare field gets no bonus: neither the password one nor the focus one', () => {
    page('<input name="a" type="password">');
    const el = field('input');
    for (const s of [scoreField(el, { visibility: SEEN }), scoreField(el, { visibility: SEEN, focused: el })]) {
      expect(s.keyIdScore).toBe(0);
      expect(s.secretScore).toBe(0);
    }
    expect(scoreField(el, { visibility: SEEN }).reasons).toEqual([]);
  });

  it('a masked keyID field stays a keyID field (only "Access key" alone is read as the secret)', () => {
    const s = scored('<label for="k">Application Key ID</label><input id="k" type="password">');
    expect(s.keyIdScore).toBeGreaterThan(s.secretScore);
    expect(s.specific).toEqual({ keyId: true, secret: false });
  });

  it('reads a masked "Access key" next to other hints as the secret only when the others are decoys', () => {
    // "not your username" is a decoy hint: the masked access key is the secret. What the text gave the keyID
    // (the decoy already taken off) goes to the secret; the decoy's own minus on the secret does not count twice.
    const decoy = scored('<label for="a">Access key (not your username)</label><input id="a" type="password">');
    const unmasked = scored('<label for="a">Access key (not your username)</label><input id="a">');
    const bonus = Number(/^password field \(\+(\d+) secret\)$/.exec(decoy.reasons.find((r) => r.startsWith('password field')) ?? '')?.[1]);
    expect(bonus).toBeGreaterThan(0);
    expect(decoy.keyIdScore).toBe(0);
    expect(decoy.secretScore).toBeCloseTo(unmasked.keyIdScore + bonus, 5);
    // Beside a hint that names the keyID, a masked "Access key" stays the keyID.
    const both = scored('<label for="a">Access key or account ID</label><input id="a" type="password">');
    expect(both.keyIdScore).toBeGreaterThan(both.secretScore);
    // A masked field labelled with a decoy only is no secret field.
    const user = scored('<label for="a">Username</label><input id="a" type="password">');
    expect(user.keyIdScore).toBeLessThan(0);
    expect(user.secretScore).toBeLessThan(0);
  });
});

describe('choosing', () => {
  it('a lone generic "Secret" or "Key" field is no B2 form; beside its partner it is chosen', () => {
    expect(detect('<label for="s">Secret</label><input id="s" name="s" type="password">')).toMatchObject({ keyId: null, secret: null });
    expect(detect('<label for="s">Secret</label><input id="s" name="s" type="password">').byName('s').specific).toEqual({ keyId: false, secret: false });
    expect(detect(`${KEY_ID}<label for="s">Secret</label><input id="s" name="s" type="password">`)).toMatchObject({ keyId: 'kid', secret: 's' });
    const account = '<label for="a">Account</label><input id="a" name="account">';
    const lone = detect(account);
    expect(lone.byName('account').keyIdScore).toBeGreaterThanOrEqual(THRESHOLD);
    expect(lone.byName('account').specific.keyId).toBe(false);
    expect(lone).toMatchObject({ keyId: null, secret: null });
    expect(detect(`${account}${SECRET}`)).toMatchObject({ keyId: 'account', secret: 'sec' });
  });

  it('a field that scores the same for both roles is chosen for neither', () => {
    const found = detect('<label for="x">Application Key ID</label><input id="x" name="x" aria-label="Application Key">');
    const c = found.byName('x');
    expect(c.keyIdScore).toBe(c.secretScore);
    expect(c.keyIdScore).toBeGreaterThanOrEqual(THRESHOLD);
    expect(found).toMatchObject({ keyId: null, secret: null });
  });

  it('never chooses a field for the secret that is disabled, a search box or hidden by styles, however it is named', () => {
    const named = 'name="application_key" aria-label="Application Key"';
    // Named so many times that it scores above THRESHOLD even after the penalty for being hidden.
    const overNamed = `${named} id="applicationKey" formcontrolname="applicationKey" type="password" title="Secret access key"><label for="applicationKey">Application Key</label`;
    for (const [attrs, visibility] of [
      [`${named} disabled`, SEEN],
      [`${named} type="search"`, SEEN],
      [overNamed, { hiddenByStyle: () => 'display: none', coveredBy: () => null }],
    ] as const) {
      const asked: string[] = [];
      const check: VisibilityCheck = { hiddenByStyle: visibility.hiddenByStyle, coveredBy: (el) => (asked.push(el.getAttribute('name') ?? ''), visibility.coveredBy(el)) };
      const found = detect(`${KEY_ID}<input ${attrs}>`, check);
      expect(found.secret, attrs).toBeNull();
      expect(asked, attrs).not.toContain('application_key');
    }
  });

  it('asks the hit test only about fields that could be chosen, and says what covers one', () => {
    const asked: string[] = [];
    const check: VisibilityCheck = {
      hiddenByStyle: (el) => (el.getAttribute('name') === 'gone' ? 'display: none' : null),
      coveredBy: (el) => {
        asked.push(el.getAttribute('name') ?? '');
        return el.getAttribute('name') === 'sec' ? 'covered by another element (div)' : null;
      },
    };
    const found = detect(`${KEY_ID}<input name="colour"><label for="g">Application Key</label><input id="g" name="gone">${SECRET}`, check);
    expect(asked).toEqual(['kid', 'sec']);
    expect(found).toMatchObject({ keyId: 'kid', secret: null });
    expect(found.byName('sec').reasons.at(-1)).toBe('not visible: covered by another element (div)');
    expect(found.byName('kid').reasons.join('; ')).not.toMatch(/not visible/);
  });
});

// ---------------------------------------------------------------------------------------------------
// Frames. happy-dom loads no frame and lays nothing out: a frame gets a document, a box and a hit test by
// hand, as a same-origin frame has in a browser.

function visibleFrame(frame: Element, doc: Document): void {
  Object.defineProperty(frame, 'contentDocument', { value: doc, configurable: true });
  frame.getBoundingClientRect = () => ({ x: 10, y: 10, left: 10, top: 10, width: 300, height: 150, right: 310, bottom: 160, toJSON: () => ({}) }) as DOMRect;
}

function frameDoc(html: string): Document {
  const doc = document.implementation.createHTMLDocument('frame');
  // A same-origin frame's document has a window; this one borrows the page's (for styles and the viewport).
  Object.defineProperty(doc, 'defaultView', { value: window, configurable: true });
  doc.body.innerHTML = html;
  return doc;
}

describe('same-origin frames', () => {
  afterEach(() => {
    delete (document as { elementsFromPoint?: unknown }).elementsFromPoint;
    delete (document as { activeElement?: unknown }).activeElement;
  });

  function framed(tag: 'iframe' | 'frame', html: string): Element {
    // srcdoc: happy-dom would try (and fail) to load about:blank into an iframe without it.
    page(tag === 'iframe' ? '<iframe id="f" srcdoc=" "></iframe>' : '<frame id="f">');
    const frame = document.getElementById('f')!;
    visibleFrame(frame, frameDoc(html));
    Object.defineProperty(document, 'elementsFromPoint', { value: () => [frame], configurable: true });
    return frame;
  }

  it('finds the fields of a visible same-origin iframe or frame, unless told not to', () => {
    for (const tag of ['iframe', 'frame'] as const) {
      framed(tag, `${KEY_ID}${SECRET}`);
      expect(findCredentialFields(document, { visibility: SEEN })).toMatchObject({ keyId: { name: 'kid' }, secret: { name: 'sec' } });
      expect(findCredentialFields(document, { visibility: SEEN, includeSameOriginFrames: false }).candidates).toHaveLength(0);
    }
  });

  it('skips a frame a person cannot see, and one it cannot read', () => {
    const frame = framed('iframe', `${KEY_ID}${SECRET}`);
    Object.defineProperty(document, 'elementsFromPoint', { value: () => [], configurable: true });
    expect(findCredentialFields(document, { visibility: SEEN }).candidates).toHaveLength(0);
    Object.defineProperty(document, 'elementsFromPoint', { value: () => [frame], configurable: true });
    Object.defineProperty(frame, 'contentDocument', {
      get() {
        throw new DOMException('Blocked a frame with origin', 'SecurityError');
      },
      configurable: true,
    });
    expect(findCredentialFields(document, { visibility: SEEN }).candidates).toHaveLength(0);
  });

  it('goes three frames deep, not four', () => {
    const nest = (levels: number): Element => {
      const top = framed('iframe', '');
      let doc = (top as HTMLIFrameElement).contentDocument!;
      for (let i = 1; i < levels; i++) {
        doc.body.innerHTML = '<frame>';
        const inner = doc.querySelector('frame')!;
        const next = frameDoc('');
        visibleFrame(inner, next);
        Object.defineProperty(doc, 'elementsFromPoint', { value: () => [inner], configurable: true });
        doc = next;
      }
      doc.body.innerHTML = `${KEY_ID}${SECRET}`;
      return top;
    };
    nest(3);
    expect(findCredentialFields(document, { visibility: SEEN }).candidates).toHaveLength(2);
    nest(4);
    expect(findCredentialFields(document, { visibility: SEEN }).candidates).toHaveLength(0);
  });

  it('follows the focus into a same-origin frame, and stays on the frame when its body has it', () => {
    for (const tag of ['iframe', 'frame'] as const) {
      const frame = framed(tag, '<input id="in"><input id="other">');
      const inner = (frame as HTMLIFrameElement).contentDocument!;
      Object.defineProperty(document, 'activeElement', { get: () => frame, configurable: true });
      Object.defineProperty(inner, 'activeElement', { value: inner.getElementById('in'), configurable: true });
      expect(deepActiveElement(document)).toBe(inner.getElementById('in'));
      Object.defineProperty(inner, 'activeElement', { value: inner.body, configurable: true });
      expect(deepActiveElement(document)).toBe(frame);
    }
  });

  it('stops following the focus after twenty nested shadow roots (a loop through frames cannot hang it)', () => {
    page('<div id="h0"></div>');
    const hosts: Element[] = [document.getElementById('h0')!];
    for (let i = 1; i <= 25; i++) {
      const root = hosts[i - 1]!.attachShadow({ mode: 'open' });
      root.innerHTML = i === 25 ? '<input id="deep">' : `<div id="h${i}" tabindex="0"></div>`;
      hosts.push(root.firstElementChild!);
    }
    (hosts[25] as HTMLInputElement).focus();
    const found = deepActiveElement(document);
    expect(found).not.toBeNull();
    expect(hosts.indexOf(found!)).toBe(20);
  });
});
