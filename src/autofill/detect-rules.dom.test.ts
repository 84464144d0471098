// @vitest-environment happy-dom
//
// detect.ts rules one at a time, in Node over happy-dom (no layout: the visibility check is passed in). Each
// test compares a field with the same field minus one thing (the focus, a type, a section title, …), so it
// fails when that rule stops counting or counts the wrong way.
import { afterEach, describe, expect, it } from 'vitest';
import { deepActiveElement, findCredentialFields, isEditable, isTextField, scoreField, THRESHOLD, type FillableField, type VisibilityCheck } from './detect';

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

function scored(html: string, selector = 'input, textarea', focused?: Element | null) {
  page(html);
  const el = field(selector);
  return scoreField(el, { visibility: SEEN, focused: focused === undefined ? null : focused });
}

function detect(html: string, opts: { visibility?: VisibilityCheck; focused?: Element | null } = {}) {
  page(html);
  const result = findCredentialFields(document, { visibility: opts.visibility ?? SEEN, focused: opts.focused ?? null });
  const name = (el: Element | null) => (el ? (el.getAttribute('name') ?? el.id) : null);
  return { keyId: name(result.keyId), secret: name(result.secret), result };
}

/** Boxes from `data-box="left top right bottom"` (happy-dom lays nothing out). */
const drawn: VisibilityCheck = {
  ...SEEN,
  box: (el) => {
    const b = el.getAttribute('data-box')?.split(' ').map(Number);
    return b ? { left: b[0]!, top: b[1]!, right: b[2]!, bottom: b[3]! } : null;
  },
};

const KEY_ID = '<label for="k">Application Key ID</label><input id="k" name="kid">';
const SECRET = '<label for="s">Application Key</label><input id="s" name="sec" type="password">';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('which elements are text fields', () => {
  it('takes text-like inputs and textareas, not hidden, checkbox, number or other elements', () => {
    page(`<input id="a"><input id="b" type="password"><input id="c" type="foo"><textarea id="d"></textarea>
      <input id="e" type="hidden"><input id="f" type="checkbox"><input id="g" type="number"><select id="h"></select><div id="i"></div>`);
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    expect(ids.filter((id) => isTextField(document.getElementById(id)))).toEqual(['a', 'b', 'c', 'd']);
    expect(isTextField(null)).toBe(false);
    expect(isTextField(undefined)).toBe(false);
  });

  it('lists every text field as a candidate, in document order, and nothing else', () => {
    const { result } = detect(`${KEY_ID}<input type="hidden" name="h"><input type="checkbox" name="c">${SECRET}<textarea name="t"></textarea>`);
    expect(result.candidates.map((c) => c.el.getAttribute('name'))).toEqual(['kid', 'sec', 't']);
  });

  it('is editable unless disabled, read-only or inside a disabled fieldset', () => {
    page(`<input id="a"><input id="b" disabled><input id="c" readonly><fieldset disabled><input id="d"></fieldset><fieldset><input id="e"></fieldset>`);
    expect(['a', 'b', 'c', 'd', 'e'].filter((id) => isEditable(field(`#${id}`)))).toEqual(['a', 'e']);
  });
});

describe('penalties and bonuses', () => {
  it('never chooses a disabled or read-only field', () => {
    for (const attr of ['disabled', 'readonly']) {
      const found = detect(`<label for="k">Application Key ID</label><input id="k" name="kid" ${attr}>${SECRET}`);
      expect(found.keyId).toBeNull();
      expect(found.secret).toBe('sec');
      expect(scoreField(field('#k'), { visibility: SEEN }).reasons).toContain('disabled or read-only (−50)');
    }
  });

  it('counts an email, url or tel field less than a text field, and a search field much less', () => {
    const base = scored(KEY_ID).keyIdScore;
    for (const type of ['email', 'url', 'tel']) {
      const s = scored(KEY_ID.replace('<input id="k"', `<input id="k" type="${type}"`));
      expect(s.keyIdScore).toBeLessThan(base);
      expect(s.keyIdScore).toBeGreaterThan(base - 30);
      expect(s.reasons.some((r) => r.startsWith(`type=${type} (−`))).toBe(true);
    }
    expect(scored(KEY_ID.replace('<input id="k"', '<input id="k" type="search"')).keyIdScore).toBeLessThan(base - 8);
  });

  it('counts a field less whose autocomplete says it is a site login, for both roles', () => {
    const plain = scored('<input name="application_key_id">');
    for (const ac of ['username', 'email', 'current-password']) {
      const s = scored(`<input name="application_key_id" autocomplete="${ac}">`);
      expect(s.keyIdScore).toBeLessThan(plain.keyIdScore);
      expect(s.reasons).toContain(`site login autocomplete=${ac} (−4)`);
    }
    // Other autocomplete values are no site login.
    expect(scored('<input name="application_key_id" autocomplete="off">').keyIdScore).toBe(plain.keyIdScore);
    expect(scored('<input name="application_key_id" autocomplete="new-password">').reasons.join('; ')).not.toMatch(/site login/);
  });

  it('does not count the site-login autocomplete against a role a visible B2 label already decided', () => {
    const s = scored('<label for="u">Application Key ID</label><input id="u" name="username" autocomplete="username">');
    expect(s.reasons.some((r) => r.startsWith('visible label outweighs the markup for keyId'))).toBe(true);
    expect(s.reasons).toContain('site login autocomplete=username (−4 secret)');
  });

  it('adds to the secret of a masked field and takes from its keyID', () => {
    const text = scored('<label for="s">Application Key</label><input id="s" name="sec">');
    const masked = scored(SECRET);
    expect(masked.secretScore).toBeGreaterThan(text.secretScore);
    expect(masked.reasons.some((r) => r.startsWith('password field (+'))).toBe(true);
    const idText = scored(KEY_ID);
    const idMasked = scored(KEY_ID.replace('<input id="k"', '<input id="k" type="password"'));
    expect(idMasked.keyIdScore).toBeLessThan(idText.keyIdScore);
    // No bonus for a masked field that names no secret at all.
    expect(scored('<label for="p">Notes</label><input id="p" type="password">').reasons.join('; ')).not.toMatch(/password field/);
  });

  it('reads a masked "Access key" as the secret, an unmasked one as the keyID', () => {
    const unmasked = scored('<label for="a">Access key</label><input id="a">');
    const masked = scored('<label for="a">Access key</label><input id="a" type="password">');
    expect(unmasked.keyIdScore).toBeGreaterThan(unmasked.secretScore);
    expect(masked.secretScore).toBeGreaterThan(masked.keyIdScore);
    expect(masked.keyIdScore).toBeLessThanOrEqual(0);
  });

  it('gives the focused field a little more for the roles it already scores for, and says so', () => {
    page(`${KEY_ID}`);
    const el = field('#k');
    const plain = scoreField(el, { visibility: SEEN });
    const focused = scoreField(el, { visibility: SEEN, focused: el });
    expect(focused.keyIdScore).toBeGreaterThan(plain.keyIdScore);
    // A role the field does not score for gets nothing from the focus.
    expect(plain.secretScore).toBeLessThanOrEqual(0);
    expect(focused.secretScore).toBe(plain.secretScore);
    expect(focused.reasons.at(-1)).toBe('has the focus');
    expect(scoreField(el, { visibility: SEEN, focused: document.body }).keyIdScore).toBe(plain.keyIdScore);
  });

  it('lets the focus decide between two equal fields', () => {
    const html = `${KEY_ID}<label for="s1">Application Key</label><input id="s1" name="s1"><label for="s2">Application Key</label><input id="s2" name="s2">`;
    page(html);
    expect(detect(html).secret).toBe('s1');
    page(html);
    expect(findCredentialFields(document, { visibility: SEEN, focused: field('#s2') }).secret?.getAttribute('name')).toBe('s2');
  });

  it('never chooses a field that styles hide, and says why', () => {
    const hideSecret: VisibilityCheck = { hiddenByStyle: (el) => (el.getAttribute('name') === 'sec' ? 'display: none' : null), coveredBy: () => null };
    const found = detect(`${KEY_ID}${SECRET}`, { visibility: hideSecret });
    expect(found).toMatchObject({ keyId: 'kid', secret: null });
    const sec = found.result.candidates.find((c) => c.el.getAttribute('name') === 'sec')!;
    expect(sec.hidden).toBe('display: none');
    expect(sec.reasons).toContain('not visible: display: none (−50)');
  });
});

describe('choosing', () => {
  it('never gives both roles to one field, and takes the higher-scoring of two for a role', () => {
    const found = detect(`<label for="a">Key ID</label><input id="a" name="a"><label for="b">Application Key ID</label><input id="b" name="b">${SECRET}`);
    expect(found).toMatchObject({ keyId: 'b', secret: 'sec' });
    const scores = found.result.candidates.map((c) => c.keyIdScore);
    expect(scores[1]).toBeGreaterThan(scores[0]!);
  });

  it('keeps the first of two fields that score the same', () => {
    expect(detect(`${KEY_ID.replace('name="kid"', 'name="k1"')}<label for="k2">Application Key ID</label><input id="k2" name="k2">${SECRET}`).keyId).toBe('k1');
  });

  it('takes a field for the role it scores higher for only', () => {
    const found = detect(`${KEY_ID}${SECRET}`);
    for (const c of found.result.candidates) {
      if (c.el === found.result.keyId) expect(c.keyIdScore).toBeGreaterThan(c.secretScore);
      if (c.el === found.result.secret) expect(c.secretScore).toBeGreaterThan(c.keyIdScore);
    }
    expect(found.result.candidates.every((c) => Math.max(c.keyIdScore, c.secretScore) >= THRESHOLD)).toBe(true);
  });

  it('chooses a specific keyID field alone, but not a lone generic "Key"', () => {
    expect(detect(KEY_ID)).toMatchObject({ keyId: 'kid', secret: null });
    expect(detect(SECRET)).toMatchObject({ keyId: null, secret: 'sec' });
  });
});

describe('providers', () => {
  const s3 = `<section><h2>Amazon S3</h2><label for="s1">Access key ID</label><input id="s1" name="ak"><label for="s2">Secret access key</label><input id="s2" name="sk" type="password"></section>`;
  const b2 = `<section><h2>Backblaze B2</h2>${KEY_ID}${SECRET}</section>`;

  it('a provider B2 is never entered under (Wasabi, Cloudflare R2, an SFTP server) offers no B2 key, even with no B2 section on the page', () => {
    const pair = (title: string, prefix = 'x') =>
      `<section><h2>${title}</h2><label for="a">Access key ID</label><input id="a" name="${prefix}[access_key_id]"><label for="b">Secret access key</label><input id="b" name="${prefix}[secret_access_key]" type="password"></section>`;
    for (const title of ['Wasabi', 'Cloudflare R2 bucket', 'Azure Blob Storage']) {
      const found = detect(pair(title));
      expect([title, found.keyId, found.secret]).toEqual([title, null, null]);
      expect(found.result.candidates.find((c) => c.el.id === 'a')!.reasons).toContain('section or name is for a provider B2 is not entered under (Wasabi, R2, Azure, SFTP, …): not a B2 key');
    }
    // Named by the fields alone, under a title that names no provider.
    expect(detect(pair('Video storage', 'wasabi'))).toMatchObject({ keyId: null, secret: null });
    // An SFTP target's "Key ID" names an SSH key.
    expect(detect(`<section><h2>SFTP</h2><label for="k">Key ID</label><input id="k" name="sftp_key_id"></section>`).keyId).toBeNull();
    // Amazon S3 and MinIO name the protocol S3-compatible forms for B2 use: still filled with no B2 section.
    for (const title of ['Amazon S3', 'S3 compatible (MinIO client)']) expect([title, detect(pair(title)).keyId, detect(pair(title)).secret]).toEqual([title, 'x[access_key_id]', 'x[secret_access_key]']);
  });

  it('takes from the other provider and adds to the B2 section once a B2 section is there', () => {
    const alone = detect(s3).result.candidates;
    const both = detect(`${s3}${b2}`).result.candidates;
    const byName = (cs: typeof both, n: string) => cs.find((c) => c.el.getAttribute('name') === n)!;
    expect(byName(both, 'ak').keyIdScore).toBeLessThan(byName(alone, 'ak').keyIdScore);
    expect(byName(both, 'sk').secretScore).toBeLessThan(byName(alone, 'sk').secretScore);
    expect(byName(both, 'ak').reasons.some((r) => r.startsWith('section names another provider while the page has a B2 section'))).toBe(true);
    const b2Alone = detect(b2).result.candidates;
    const untitled = detect(b2.replace('Backblaze B2', 'Storage')).result.candidates;
    expect(byName(b2Alone, 'kid').keyIdScore).toBeGreaterThan(byName(untitled, 'kid').keyIdScore);
    expect(byName(b2Alone, 'sec').secretScore).toBeGreaterThan(byName(untitled, 'sec').secretScore);
    expect(byName(both, 'kid').keyIdScore).toBe(byName(b2Alone, 'kid').keyIdScore);
    expect(byName(both, 'kid').reasons.some((r) => r.startsWith('section names Backblaze B2 (+'))).toBe(true);
    expect(byName(untitled, 'kid').reasons.join('; ')).not.toMatch(/section names/);
    expect(byName(b2Alone, 'kid').provider).toBe('b2');
    expect(byName(alone, 'ak').provider).toBe('other');
  });

  it('reads a disclosure\'s <summary> and a table\'s <caption> as the section title', () => {
    const inDetails = (title: string, body: string) => `<details open><summary>${title}</summary><div>${body}</div></details>`;
    const s3Fields = '<label for="s1">Access key ID</label><input id="s1" name="ak"><label for="s2">Secret access key</label><input id="s2" name="sk" type="password">';
    const b2Fields = '<label for="x1">Access key ID</label><input id="x1" name="bk"><label for="x2">Secret access key</label><input id="x2" name="bs" type="password">';
    expect(detect(inDetails('Amazon S3', s3Fields) + inDetails('Backblaze B2', b2Fields))).toMatchObject({ keyId: 'bk', secret: 'bs' });
    expect(detect(inDetails('One', s3Fields) + inDetails('Two', b2Fields)).result.candidates.some((c) => c.reasons.some((r) => r.includes('section names')))).toBe(false);
    const row = (f: string) => `<tr><td>${f}</td></tr>`;
    const table = (title: string, f: string) => `<table><caption>${title}</caption><tbody>${row(f)}</tbody></table>`;
    expect(detect(table('Wasabi', s3Fields) + table('B2 Cloud Storage', b2Fields))).toMatchObject({ keyId: 'bk', secret: 'bs' });
  });

  it('a section for a service that stores no files (payments, email, maps) offers no B2 key, with or without a B2 section', () => {
    const payments = '<div><h3>Payments</h3><label for="p1">Publishable key</label><input id="p1" name="pub"><label for="p2">Secret key</label><input id="p2" name="psec" type="password"></div>';
    const mail = '<div><h3>Transactional email</h3><label for="m1">API key</label><input id="m1" name="mkey" type="password"></div>';
    const connected = '<div><h3>Backblaze B2</h3><p>keyID: 0051a2b3c4d5e6f0000000012</p></div>';
    expect(detect(payments + mail)).toMatchObject({ keyId: null, secret: null });
    expect(detect(connected + payments + mail)).toMatchObject({ keyId: null, secret: null });
    const psec = detect(payments).result.candidates.find((c) => c.el.getAttribute('name') === 'psec')!;
    expect(psec.provider).toBe('notStorage');
    expect(psec.reasons.some((r) => r.startsWith('section is for a service that stores no files'))).toBe(true);
    // The same fields under a title about storing files, or with no title, are offered as before.
    expect(detect(payments.replace('Payments', 'Email attachments storage'))).toMatchObject({ secret: 'psec' });
    expect(detect(payments.replace('<h3>Payments</h3>', ''))).toMatchObject({ secret: 'psec' });
    // A B2 form below the other services is still found.
    expect(detect(payments + b2)).toMatchObject({ keyId: 'kid', secret: 'sec' });
  });

  it('does not lift a B2 section role that scores nothing', () => {
    const b2Alone = detect(b2).result.candidates;
    const untitled = detect(b2.replace('Backblaze B2', 'Storage')).result.candidates;
    const kid = (cs: typeof b2Alone) => cs.find((c) => c.el.getAttribute('name') === 'kid')!;
    expect(kid(untitled).secretScore).toBeLessThanOrEqual(0);
    expect(kid(b2Alone).secretScore).toBe(kid(untitled).secretScore);
  });

  it('a field named only "Key" under another heading is not the other half of a keyID in the B2 section', () => {
    // A media server's B2 sync (its secret behind a closed "Change the application key") and, further down, a movie
    // database's "API key": the keyID is B2's, the key is the metadata service's (heldout-12).
    const hideSec: VisibilityCheck = { hiddenByStyle: (el) => (el.getAttribute('name') === 'sec' ? 'display: none' : null), coveredBy: () => null };
    const meta = '<section><h2>Metadata</h2><label for="m">API key</label><input id="m" name="meta" type="password"></section>';
    expect(detect(`${b2}${meta}`, { visibility: hideSec })).toMatchObject({ keyId: 'kid', secret: null });
    // The B2 section's own secret, once shown, is chosen as before.
    expect(detect(`${b2}${meta}`)).toMatchObject({ keyId: 'kid', secret: 'sec' });
    // A "Key" beside the keyID in the B2 section is its other half.
    const hideAll: VisibilityCheck = { hiddenByStyle: () => null, coveredBy: () => null };
    expect(detect(`<section><h2>Backblaze B2</h2>${KEY_ID}<label for="g">Key</label><input id="g" name="gkey" type="password"></section>`, { visibility: hideAll })).toMatchObject({ keyId: 'kid', secret: 'gkey' });
  });

  it('a section titled for mail ("Outgoing mail") offers no B2 key; one that stores mail in a bucket does', () => {
    // A helpdesk's mail service key above its attachment storage, whose fields are named username/password (heldout-12).
    const mail = (title: string) => `<section><h2>${title}</h2><label for="m">Mail service secret key</label><input id="m" name="mail[secret_key]" type="password"></section>`;
    const storage = '<section><h2>Attachment storage</h2><label for="u">Application key ID</label><input id="u" name="storage[username]" autocomplete="username"><label for="p">Application key</label><input id="p" name="storage[password]" type="password" autocomplete="current-password"></section>';
    expect(detect(mail('Outgoing mail') + storage)).toMatchObject({ keyId: 'storage[username]', secret: 'storage[password]' });
    expect(detect(mail('Mail archive storage')).secret).toBe('mail[secret_key]');
  });

  it('"SMS" written in the language\'s own script titles a service that stores no files', () => {
    const sms = (title: string) => `<section><h2>${title}</h2><label for="k">एपीआई कुंजी</label><input id="k" name="sms.api_key"><label for="s">सीक्रेट कुंजी</label><input id="s" name="sms.secret_key" type="password"></section>`;
    expect(detect(sms('एसएमएस गेटवे'))).toMatchObject({ keyId: null, secret: null });
    expect(detect(sms('СМС-шлюз'))).toMatchObject({ keyId: null, secret: null });
    expect(detect(sms('क्लाउड स्टोरेज')).secret).toBe('sms.secret_key');
  });

  it('a B2 section not opened yet (hidden by style, or its fields disabled) makes the other provider’s section step back', () => {
    // A tab not selected, a provider's form shown only once chosen: the page offers B2 by name, so the section
    // shown is the other provider's (heldout-12, a Norwegian S3 browser with its Google Cloud Storage tab selected).
    const hideB2: VisibilityCheck = { hiddenByStyle: (el) => (['kid', 'sec'].includes(el.getAttribute('name') ?? '') ? 'display: none' : null), coveredBy: () => null };
    const hidden = detect(`${s3}${b2}`, { visibility: hideB2 });
    expect(hidden).toMatchObject({ keyId: null, secret: null });
    expect(hidden.result.candidates.find((c) => c.el.getAttribute('name') === 'ak')!.reasons).toContain('section names another provider while the page has a B2 section (−10)');
    expect(detect(`${s3}${b2.replace(/<input /g, '<input disabled ')}`)).toMatchObject({ keyId: null, secret: null });
    // A B2 section whose hidden fields would not be chosen anyway (nothing named B2-like) is no such offer.
    expect(detect(`${s3}${b2.replace(/name="(kid|sec)"/g, 'name="x$1"').replace(/>[^<]*(Key ID|Application Key|keyID|applicationKey)[^<]*</gi, '>Notes<')}`, { visibility: hideB2 })).toMatchObject({ keyId: 'ak', secret: 'sk' });
  });

  it('reads the provider from an aria-label of a section, and from the field name without a title', () => {
    page(`<div aria-label="Wasabi storage"><input name="x" placeholder="Access key ID"></div><input name="b2_key_id" placeholder="Key ID"><input name="plain" placeholder="Key ID">`);
    const cs = findCredentialFields(document, { visibility: SEEN }).candidates;
    expect(cs.map((c) => c.provider)).toEqual(['other', 'b2', null]);
  });
});

describe('where fields are looked for', () => {
  it('looks into open shadow roots unless told not to', () => {
    page(`<div id="host"></div>`);
    document.getElementById('host')!.attachShadow({ mode: 'open' }).innerHTML = `${KEY_ID}${SECRET}`;
    expect(findCredentialFields(document, { visibility: SEEN }).candidates).toHaveLength(2);
    expect(findCredentialFields(document, { visibility: SEEN, includeShadowRoots: false }).candidates).toHaveLength(0);
  });

  it('finds the focused field through a shadow root', () => {
    page(`<div id="host"></div><input id="outside">`);
    const root = document.getElementById('host')!.attachShadow({ mode: 'open' });
    root.innerHTML = `<input id="inner">`;
    const inner = field('#inner', root);
    inner.focus();
    expect(deepActiveElement(document)).toBe(inner);
    field('#outside').focus();
    expect(deepActiveElement(document)).toBe(field('#outside'));
  });
});

describe('text that describes a field', () => {
  it('skips aria-hidden text and the text of other controls in a label', () => {
    const s = scored('<label for="k"><span aria-hidden="true">Application Key ID</span><select><option>Application Key ID</option></select> Notes</label><input id="k">');
    expect(s.keyIdScore).toBeLessThan(THRESHOLD);
  });

  it('reads the row text before a field but stops at a sibling that holds another field', () => {
    expect(scored('<div>Application Key ID <input name="a"></div>').keyIdScore).toBeGreaterThanOrEqual(THRESHOLD);
    page('<div><span>Application Key ID</span><span><input name="other"></span><input name="a"></div>');
    expect(scoreField(field('[name=a]'), { visibility: SEEN }).keyIdScore).toBeLessThan(THRESHOLD);
  });

  it('does not read nearby text across a form boundary', () => {
    page('<p>Application Key ID</p><form><input name="a"></form>');
    expect(scoreField(field('[name=a]'), { visibility: SEEN }).keyIdScore).toBeLessThan(THRESHOLD);
  });

  it('reads a word whose letter is marked as an access key (<u>T</u>ajny) as one word, and keeps a badge apart', () => {
    expect(scored('<label for="k"><u>A</u>pplication Key ID:</label><input id="k">').keyIdScore).toBeGreaterThanOrEqual(THRESHOLD);
    expect(scored('<label for="k">Application <b>K</b>ey <span>ID</span></label><input id="k">').keyIdScore).toBeGreaterThanOrEqual(THRESHOLD);
    expect(scored('<label for="s">Application <u>k</u>ey</label><input id="s" type="password">').secretScore).toBeGreaterThanOrEqual(THRESHOLD);
    expect(scored('<label for="s">Application <u><b>k</b></u>ey</label><input id="s" type="password">').secretScore).toBeGreaterThanOrEqual(THRESHOLD);
    // Longer pieces stay apart: "ID" and a "required" badge are not glued to the word before or after them.
    const badge = scored('<label for="k"><span>Application Key ID</span><span class="badge">required</span></label><input id="k">');
    expect(badge.keyIdScore).toBeGreaterThanOrEqual(THRESHOLD);
    expect(scored('<label for="k"><span>Application</span><span>Key</span><span>ID</span></label><input id="k">').keyIdScore).toBeGreaterThanOrEqual(THRESHOLD);
    // A letter in a block of its own is no access key: "A" over "pplication key" stays two lines.
    expect(scored('<label for="s"><div>A</div>pplication key</label><input id="s">').secretScore).toBeLessThan(THRESHOLD);
  });

  it('reads the row\'s text beside a name that says nothing known ("Value"), and not beside one that does', () => {
    const table = (cell: string, aria: string) => `<table><tr><td><code>${cell}</code></td><td><input name="v" aria-label="${aria}"></td></tr></table>`;
    const value = scored(table('B2_APPLICATION_KEY_ID', 'Value'));
    const bare = scored(table('B2_APPLICATION_KEY_ID', ''));
    expect(value.keyIdScore).toBeGreaterThan(0);
    expect(value.keyIdScore).toBeCloseTo(bare.keyIdScore, 5);
    expect(value.reasons.some((r) => r.startsWith('nearby text "B2_APPLICATION_KEY_ID"'))).toBe(true);
    // A name that says something (a password) keeps the row's text out.
    expect(scored(table('B2_APPLICATION_KEY_ID', 'Password')).reasons.join('; ')).not.toMatch(/nearby text/);
    // A key/value table: the two values are the pair.
    const rows = (a: string, b: string) =>
      `<table><tr><td><code>${a}</code></td><td><input name="v1" aria-label="Value"></td></tr><tr><td><code>${b}</code></td><td><input name="v2" type="password" aria-label="Value"></td></tr></table>`;
    expect(detect(rows('B2_ACCOUNT_ID', 'B2_ACCOUNT_KEY'))).toMatchObject({ keyId: 'v1', secret: 'v2' });
    expect(detect(rows('DATABASE_URL', 'SMTP_HOST'))).toMatchObject({ keyId: null, secret: null });
  });

  it('counts aria-describedby help text only a little', () => {
    const described = scored('<input aria-describedby="h"><p id="h">Application Key ID</p>');
    const labelled = scored('<input aria-labelledby="h"><p id="h">Application Key ID</p>');
    expect(described.keyIdScore).toBeGreaterThan(0);
    expect(described.keyIdScore).toBeLessThan(labelled.keyIdScore);
  });
});

describe('labels tied to a field only by where they are drawn', () => {
  // A grid whose label column comes first in the markup: "Download URL" is the text right before the first field.
  const grid = (keyLabel = '0 60 200 120') => `<div class="grid">
    <div data-box="0 0 200 60">Name</div>
    <div data-box="${keyLabel}">Key ID <span data-box="150 70 160 90">*</span> <span title="The keyID from the B2 console" data-box="180 70 200 90">?</span></div>
    <div data-box="0 120 200 180">Application Key <span>*</span></div>
    <div data-box="0 180 200 240">Download URL</div>
    <div data-box="220 0 600 60"><input name="f1" data-box="220 0 600 35"></div>
    <div data-box="220 60 600 120"><input name="f2" data-box="220 60 600 95"><small data-box="220 95 600 115">Shown in the console.</small></div>
    <div data-box="220 120 600 180"><input name="f3" type="password" data-box="220 120 600 155"></div>
    <div data-box="220 180 600 240"><input name="f4" data-box="220 180 600 215"></div>
  </div>`;

  it('reads the label drawn on the field’s row, whole, where the markup puts all labels first', () => {
    expect(detect(grid(), { visibility: drawn })).toMatchObject({ keyId: 'f2', secret: 'f3' });
    // Without the layout (or with it and no rule) nothing ties them.
    expect(detect(grid(), { visibility: SEEN })).toMatchObject({ keyId: null, secret: null });
  });

  it('text before a field in the markup but drawn on another row is not its label', () => {
    page(grid());
    // f1's text before it in the markup is "Download URL" (an endpoint: a decoy); drawn beside it is "Name".
    expect(scoreField(field('[name=f1]'), { visibility: SEEN, focused: null }).reasons.join(' ')).toMatch(/Download URL/);
    expect(scoreField(field('[name=f1]'), { visibility: drawn, focused: null }).reasons.join(' ')).not.toMatch(/Download URL/);
  });

  it('a label farther than the gap from the field is another column’s text', () => {
    // The "Key ID" block ends 241 px before f2: too far; at 240 it is read.
    expect(detect(grid('-300 60 -21 120'), { visibility: drawn }).keyId).toBeNull();
    expect(detect(grid('-300 60 -20 120'), { visibility: drawn }).keyId).toBe('f2');
  });

  it('text before the field in the markup stays its label when drawn just above it (help text between fits), not when drawn far above', () => {
    const above = (bottom: number) =>
      `<div><div data-box="0 0 100 ${bottom}">Application Key ID</div><div data-box="0 100 300 126"><input name="k" data-box="0 100 300 126"></div></div>`;
    expect(detect(above(52), { visibility: drawn }).keyId).toBe('k');
    expect(detect(above(51), { visibility: drawn }).keyId).toBeNull();
  });

  it('a label is never read past another field on the row', () => {
    const row = `<div data-box="0 0 600 30"><span data-box="0 0 150 30">Application Key ID</span>
      <input name="kid" data-box="160 0 300 30"><input name="app_key" type="password" data-box="310 0 500 30"></div>`;
    expect(detect(row, { visibility: drawn })).toMatchObject({ keyId: 'kid', secret: 'app_key' });
  });

  it('in a right-to-left form the label is the block on the field’s right, also when the fields are written left to right', () => {
    const rtl = (fieldDir: string) => `<div style="direction: rtl">
      <div data-box="400 0 600 40">Application Key ID</div><div data-box="400 40 600 80">Application Key</div>
      <div data-box="0 0 380 40"><input name="k" style="direction: ${fieldDir}" data-box="0 0 380 40"></div>
      <div data-box="0 40 380 80"><input name="s" type="password" style="direction: ${fieldDir}" data-box="0 40 380 80"></div>
    </div>`;
    expect(detect(rtl('rtl'), { visibility: drawn })).toMatchObject({ keyId: 'k', secret: 's' });
    expect(detect(rtl('ltr'), { visibility: drawn })).toMatchObject({ keyId: 'k', secret: 's' });
  });
});

describe('a visible label against markup naming the other value', () => {
  it('a field labelled "Key ID" whose id says app_key is the keyID, and the other way round', () => {
    const swapped = scored('<label for="a">Key ID</label><input id="a" name="app_key">');
    expect(swapped.keyIdScore).toBeGreaterThanOrEqual(THRESHOLD);
    expect(swapped.secretScore).toBeLessThanOrEqual(0);
    expect(swapped.specific.secret).toBe(false);
    const other = scored('<label for="b">Application Key</label><input id="b" name="key_id">');
    expect(other.secretScore).toBeGreaterThanOrEqual(THRESHOLD);
    expect(other.keyIdScore).toBeLessThanOrEqual(0);
    // Markup that agrees with the label is kept.
    expect(scored('<label for="c">Key ID</label><input id="c" name="key_id">').keyIdScore).toBeGreaterThan(swapped.keyIdScore);
  });
});

describe('a table whose column headers are the only labels', () => {
  const table = (head: string, extra = '') =>
    `<table>${head}<tr><td>${extra}<input name="k"></td><td><input name="s" type="password"></td></tr></table>`;

  it('a field in a table cell with nothing else naming it takes its column’s header', () => {
    const d = detect(table('<thead><tr><th>Application Key ID</th><th>Application Key</th></tr></thead>'));
    expect([d.keyId, d.secret]).toEqual(['k', 's']);
    // A first row of headers only, without <thead>, is a header row too.
    expect(detect(table('<tr><th>Application Key ID</th><th>Application Key</th></tr>')).keyId).toBe('k');
    // Without the headers, nothing names them.
    expect(detect(table('<thead><tr><th></th><th></th></tr></thead>')).keyId).toBeNull();
  });

  it('not a single header across the table (it titles the row under it), nor for a field with text beside it or a name of its own', () => {
    expect(scored(table('<tr><th colspan="2">Application Key ID</th></tr>'), '[name=k]').reasons.join(' ')).not.toMatch(/column header/);
    expect(scored(table('<thead><tr><th>Application Key ID</th><th>x</th></tr></thead>', 'Bucket '), '[name=k]').reasons.join(' ')).not.toMatch(/column header/);
    const labelled = `<table><thead><tr><th>Application Key ID</th></tr></thead><tr><td><input name="k" aria-label="Bucket"></td></tr></table>`;
    expect(scored(labelled).reasons.join(' ')).not.toMatch(/column header/);
  });

  it('the header over the cell’s column counts the cells’ spans', () => {
    const html = `<table><thead><tr><th colspan="2">Bucket</th><th>Application Key ID</th></tr></thead><tr><td><input name="x"></td><td><input name="y"></td><td><input name="k"></td></tr></table>`;
    expect(scored(html, '[name=k]').reasons.join(' ')).toMatch(/column header "Application Key ID"/);
    expect(scored(html, '[name=y]').reasons.join(' ')).toMatch(/column header "Bucket"/);
  });
});

describe('services that store no files, beyond the section’s own title', () => {
  const form = `<section><h2>API keys</h2>${KEY_ID}${SECRET}</section>`;

  it('a page titled for payments makes its untitled-for-storage sections offer no key, in other languages too', () => {
    expect(detect(`<main><h1>Card payments</h1>${form}</main>`)).toMatchObject({ keyId: null, secret: null });
    expect(detect(`<main><h1>Korttimaksut</h1>${form}</main>`)).toMatchObject({ keyId: null, secret: null });
    expect(detect(`<main><h1>Zahlungsanbieter</h1>${form}</main>`)).toMatchObject({ keyId: null, secret: null });
    expect(detect(`<main><h1>Settings</h1>${form}</main>`)).toMatchObject({ keyId: 'kid', secret: 'sec' });
  });

  it('a nearer title about storage or a provider ends the search', () => {
    expect(detect(`<main><h1>Payments</h1><div><h2>Invoice archive storage</h2>${form}</div></main>`)).toMatchObject({ keyId: 'kid', secret: 'sec' });
    expect(detect(`<main><h1>Payments</h1><div><h2>Backblaze B2</h2>${KEY_ID}${SECRET}</div></main>`)).toMatchObject({ keyId: 'kid', secret: 'sec' });
  });

  it('a field whose own name names such a service, or holding a payment gateway’s key format', () => {
    expect(detect(`<label for="a">Site key ID</label><input id="a" name="config[captcha_key_id]"><label for="b">Secret key</label><input id="b" name="config[captcha_secret_key]" type="password">`)).toMatchObject({ keyId: null, secret: null });
    expect(detect(`${KEY_ID}<label for="s">Application Key</label><input id="s" name="llm_secret_key" type="password">`).secret).toBeNull();
    expect(detect(`<label for="a">Access key ID</label><input id="a" name="a" placeholder="pk_test_…"><label for="b">Secret key</label><input id="b" name="b" value="sk_live_123">`)).toMatchObject({ keyId: null, secret: null });
    expect(detect(`<label for="a">Access key ID</label><input id="a" name="a" placeholder="0051a2b3c4d5"><label for="b">Secret key</label><input id="b" name="b">`)).toMatchObject({ keyId: 'a', secret: 'b' });
  });
});

describe('ordinary B2 forms the rules about services leave alone (cases from a review of those rules)', () => {
  const B2 = { keyId: 'kid', secret: 'sec' };
  const pair = (html: string) => {
    const d = detect(html);
    return { keyId: d.keyId, secret: d.secret };
  };
  it.each([
    ['a zh-Hant section titled 授權 (authorization)', `<main><h1>雲端同步</h1><section><h2>授權資訊</h2><label for="k">應用程式金鑰 ID</label><input id="k" name="kid"><label for="s">應用程式金鑰</label><input id="s" name="sec" type="password"></section></main>`],
    ['a section titled 存取授權', `<main><section><h2>存取授權</h2>${KEY_ID}${SECRET}</section></main>`],
    ['a sidebar whose first heading is "Email"', `<nav><h2>Email</h2><ul><li><a>SMTP</a></li></ul><h2>Storage</h2></nav><main><h1>Settings</h1><section><h2>Cloud credentials</h2>${KEY_ID}${SECRET}</section></main>`],
    ['a brand name holding a stem ("Platinum")', `<header><h1>Platinum Hosting</h1></header><main><h2>Remote target</h2>${KEY_ID}${SECRET}</main>`],
    ['"templating" as an outer title', `<h1>Site templating</h1><div><h2>Deploy credentials</h2>${KEY_ID}${SECRET}</div>`],
    ['"Почти готово" (almost done) as the page title', `<main><h1>Почти готово</h1><section><h2>Ключи</h2>${KEY_ID}${SECRET}</section></main>`],
    ['a wizard’s earlier step titled "Licence"', `<div class="wizard"><section><h2>Licence</h2><p>Accepted</p></section><section><h2>Step 3: Credentials</h2>${KEY_ID}${SECRET}</section></div>`],
    ['a step list holding "Licence" before a step about buckets', `<div class="wizard"><ol><li><h3>Licence</h3></li></ol><div class="step"><h2>Connect your bucket provider</h2>${KEY_ID}${SECRET}</div></div>`],
    ['an "Email notifications" section above the credentials', `<main><h1>Settings</h1><section><h2>Email notifications</h2><p>Configured by the administrator.</p></section><section><h2>Remote credentials</h2>${KEY_ID}${SECRET}</section></main>`],
    ['a "Webhooks" card above the connection card', `<main><div class="card"><h3>Webhooks</h3><p>None yet.</p></div><div class="card"><h3>Connection</h3>${KEY_ID}${SECRET}</div></main>`],
    ['a German hint sentence beginning with "ID"', `<label for="k">Schlüssel-ID</label><input id="k" name="kid"><label for="s">Anwendungsschlüssel</label><input id="s" name="sec" type="password" aria-describedby="h"><p id="h">Anwendungsschlüssel. ID und Schlüssel findest du in der B2-Konsole.</p>`],
  ])('%s', (_, html) => {
    expect(pair(html)).toEqual(B2);
  });

  it('fields named for an analytics archive in a section titled for storage or B2', () => {
    const fields = `<label for="k">Application Key ID</label><input id="k" name="analytics_archive_key_id"><label for="s">Application Key</label><input id="s" name="analytics_archive_app_key" type="password">`;
    const expected = { keyId: 'analytics_archive_key_id', secret: 'analytics_archive_app_key' };
    expect(pair(`<section><h2>Archive storage</h2>${fields}</section>`)).toEqual(expected);
    expect(pair(`<h2>Backblaze archive</h2>${fields}`)).toEqual(expected);
  });

  it('filter boxes in a table body under credential headers are no credentials', () => {
    const html = `<table><thead><tr><th>Name</th><th>Application Key ID</th><th>Application Key</th></tr></thead><tbody><tr><td><input name="fname" placeholder="Filter"></td><td><input name="fkid" placeholder="Filter"></td><td><input name="fsec" placeholder="Filter"></td></tr></tbody></table>`;
    expect(pair(html)).toEqual({ keyId: null, secret: null });
  });
});

describe('which row is a table’s column headers', () => {
  /** The reason the field in the last cell of the body row got from its column header, or ''. */
  const header = (table: string) => {
    const why = scored(table, '[name=k]').reasons.find((r) => r.startsWith('column header'));
    return why ? why.slice('column header "'.length, why.indexOf('"', 'column header "'.length)) : '';
  };
  // The cell before holds a field, so no text beside the field names it.
  const body = '<tr><td><input name="x"></td><td><input name="k"></td></tr>';

  it('the last row of the <thead>, and only its <th> cells', () => {
    expect(header(`<table><thead><tr><th colspan="2">Remote</th></tr><tr><th>Name</th><th>Access Key ID</th></tr></thead>${body}</table>`)).toBe('Access Key ID');
    expect(header(`<table><thead><tr><th>Name</th><td>Access Key ID</td></tr></thead>${body}</table>`)).toBe('');
  });

  it('without a <thead>, the first row only when all of it is header cells', () => {
    expect(header(`<table><tr><th>Name</th><th>Access Key ID</th></tr>${body}</table>`)).toBe('Access Key ID');
    expect(header(`<table><tr><td>Name</td><th>Access Key ID</th></tr>${body}</table>`)).toBe('');
    expect(header(`<table>${body}<tr><th>Name</th><th>Access Key ID</th></tr></table>`)).toBe('');
  });

  it('a table inside a cell has its own headers, which are not the outer table’s', () => {
    const inner = `<table><thead><tr><th>Size</th><th>Files</th></tr></thead><tr><td>1</td><td>2</td></tr></table>`;
    expect(header(`<table><thead><tr><th>Name</th><th>Access Key ID</th></tr></thead><tr><td>${inner}</td><td></td></tr>${body}</table>`)).toBe('Access Key ID');
  });
});

describe('rules learned from heldout-5 (2026-12-03)', () => {
  it('reads an element’s text as a word apart from the text before it ("…applicazione<span>obbligatorio</span>")', () => {
    const s = scored('<label for="k">Application Key ID<span class="req">required</span></label><input id="k">');
    expect(s.keyIdScore).toBeGreaterThanOrEqual(THRESHOLD);
    expect(s.keyIdScore).toBeGreaterThan(s.secretScore);
  });

  it('a field with a label of its own does not take the help text drawn above it, under the field before', () => {
    // Labels in a language no table knows: only the help under the first field names anything.
    const html = `<div><input id="a" data-box="0 0 300 40"><label for="a">Kitu cha kwanza</label></div>
      <p data-box="0 42 300 60">The keyID from the App Keys page.</p>
      <div><input id="b" type="password" data-box="0 64 300 104"><label for="b">Kitu cha pili</label></div>`;
    page(html);
    const withLayout = scoreField(field('#b'), { visibility: drawn });
    expect(withLayout.keyIdScore).toBe(0);
    expect(withLayout.reasons.join('; ')).not.toMatch(/nearby text/);
    // On the field's own row the text is still read (a key/value table's variable name).
    page(html.replace('data-box="0 42 300 60"', 'data-box="310 64 500 104"'));
    expect(scoreField(field('#b'), { visibility: drawn }).reasons.some((r) => r.startsWith('nearby text "The keyID'))).toBe(true);
  });

  it('never takes a one-time code field, one too short for a key, or one for digits', () => {
    const base = scored('<label for="k">Key ID</label><input id="k">');
    expect(base.keyIdScore).toBeGreaterThanOrEqual(THRESHOLD);
    const otp = scored('<label for="k">Key ID</label><input id="k" autocomplete="one-time-code">');
    expect(otp.keyIdScore).toBeLessThan(0);
    expect(otp.reasons).toContain('one-time code field (−30)');
    const short = scored('<label for="k">Key ID</label><input id="k" maxlength="6">');
    expect(short.keyIdScore).toBeLessThan(0);
    expect(short.reasons).toContain('holds at most 6 characters (−30)');
    // A master key's keyID has 12 characters: a field that holds 12 is long enough.
    expect(scored('<label for="k">Key ID</label><input id="k" maxlength="12">').keyIdScore).toBe(base.keyIdScore);
    for (const mode of ['numeric', 'decimal', 'tel']) {
      expect(scored(`<label for="k">Key ID</label><input id="k" inputmode="${mode}">`).reasons).toContain(`inputmode=${mode} (−30)`);
    }
    expect(scored('<label for="k">Key ID</label><input id="k" inputmode="text">').keyIdScore).toBe(base.keyIdScore);
  });

  it('a provider’s service that stores no files is that service, and a provider’s section on a page titled for one is too', () => {
    const section = (title: string) => `<section><h2>${title}</h2>${KEY_ID}${SECRET}</section>`;
    expect(detect(section('Amazon Bedrock'))).toMatchObject({ keyId: null, secret: null });
    expect(detect(section('Google Maps'))).toMatchObject({ keyId: null, secret: null });
    // A provider's storage stays a form for keys.
    expect(detect(section('Amazon S3'))).toMatchObject({ keyId: 'kid', secret: 'sec' });
    expect(detect(section('Google Cloud Storage'))).toMatchObject({ keyId: 'kid', secret: 'sec' });
    expect(detect(`<main><h1>AI assistant</h1>${section('Amazon')}</main>`)).toMatchObject({ keyId: null, secret: null });
    expect(detect(`<main><h1>Backups</h1>${section('Amazon')}</main>`)).toMatchObject({ keyId: 'kid', secret: 'sec' });
  });

  it('reads "AI" (KI, IA) as a service only in capitals: folded, "ai" is also a word', () => {
    expect(detect(`<main><h1>AIアシスタント</h1><section><h2>API</h2>${KEY_ID}${SECRET}</section></main>`)).toMatchObject({ keyId: null, secret: null });
    expect(detect(`<section><h2>Assistant IA</h2>${KEY_ID}${SECRET}</section>`)).toMatchObject({ keyId: null, secret: null });
    expect(detect(`<section><h2>KI-Funktionen</h2>${KEY_ID}${SECRET}</section>`)).toMatchObject({ keyId: null, secret: null });
    expect(detect(`<section><h2>Accesso ai servizi</h2>${KEY_ID}${SECRET}</section>`)).toMatchObject({ keyId: 'kid', secret: 'sec' });
    expect(detect(`<section><h2>IAM credentials</h2>${KEY_ID}${SECRET}</section>`)).toMatchObject({ keyId: 'kid', secret: 'sec' });
  });

  it('reads a card’s header bar as its section’s title: by class name, or bold text first in it', () => {
    const card = (head: string) => `<div class="card">${head}<div class="card-body">${KEY_ID}${SECRET}</div></div>`;
    expect(detect(card('<div class="card-header">Payments</div>'))).toMatchObject({ keyId: null, secret: null });
    expect(detect(card('<div class="gw-h"><b>Ví điện tử MoMo</b><span>Đang bật</span></div>'))).toMatchObject({ keyId: null, secret: null });
    expect(detect(card('<div><strong>E-wallet</strong> (on)</div>'))).toMatchObject({ keyId: null, secret: null });
    // Not a header: plain text, a box that is not first in its section, or a long paragraph.
    expect(detect(card('<div>Payments</div>'))).toMatchObject({ keyId: 'kid', secret: 'sec' });
    expect(detect(`<div class="card"><p>x</p><div class="card-header">Payments</div><div>${KEY_ID}${SECRET}</div></div>`)).toMatchObject({ keyId: 'kid', secret: 'sec' });
    expect(detect(card(`<div class="card-header">${'Payments are not what this long explanation is about at all, it goes on and on '.repeat(2)}</div>`))).toMatchObject({
      keyId: 'kid',
      secret: 'sec',
    });
  });

  it('a header bar by bold text only when the bold text comes first, and only when short (80 characters at most)', () => {
    const card = (head: string) => `<div class="card">${head}<div class="card-body">${KEY_ID}${SECRET}</div></div>`;
    expect(detect(card('<div><b>Payments</b></div>'))).toMatchObject({ keyId: null, secret: null });
    expect(detect(card('<div><span>Payments</span></div>'))).toMatchObject({ keyId: 'kid', secret: 'sec' });
    expect(detect(card('<div>Our <b>Payments</b></div>'))).toMatchObject({ keyId: 'kid', secret: 'sec' });
    const title = (n: number) => `Payments ${'x'.repeat(n - 9)}`;
    expect(detect(card(`<div class="card-header">${title(80)}</div>`))).toMatchObject({ keyId: null, secret: null });
    expect(detect(card(`<div class="card-header">${title(81)}</div>`))).toMatchObject({ keyId: 'kid', secret: 'sec' });
  });

  it('a section whose title names no provider does not step back beside a B2 section', () => {
    const html = `<section><h2>Backblaze B2</h2>${KEY_ID}</section><section><h2>Credentials</h2>${SECRET}</section>`;
    expect(detect(html)).toMatchObject({ keyId: 'kid', secret: 'sec' });
    expect(detect(html.replace('Credentials', 'Amazon S3'))).toMatchObject({ keyId: 'kid', secret: null });
  });

  it('reads inputmode as the browser does: case and spaces aside', () => {
    expect(scored('<label for="k">Key ID</label><input id="k" inputmode=" Numeric ">').reasons).toContain('inputmode=numeric (−30)');
  });

  it('reads a table row’s help column after the field as a description', () => {
    const row = (opt: string, input: string, help: string) => `<tr><td><code>${opt}</code></td><td>${input}</td><td>${help}</td></tr>`;
    const html = `<table>${row('account', '<input id="a">', 'Account ID or application key ID.')}${row('key', '<input id="b" type="password">', 'Application key.')}</table>`;
    expect(detect(html)).toMatchObject({ keyId: 'a', secret: 'b' });
    page(html);
    expect(scoreField(field('#a'), { visibility: SEEN }).reasons.some((r) => r.startsWith('help in its row "Account ID or application key ID."'))).toBe(true);
    // Without the help column the two generic words are not enough.
    expect(detect(`<table>${row('account', '<input id="a">', '')}${row('key', '<input id="b" type="password">', '')}</table>`)).toMatchObject({ keyId: null, secret: null });
    // Help is read up to the next field on the row only.
    page(`<table><tr><td><input id="x"></td><td><input id="y"></td><td>Application key ID</td></tr></table>`);
    expect(scoreField(field('#x'), { visibility: SEEN }).reasons.join('; ')).not.toMatch(/help in its row/);
  });

  it('does not read "Key" beside a lone "Secret" as the keyID in a section for a service that stores no files', () => {
    const html = `<section><h2>Card payments</h2><label for="p">Publishable key</label><input id="p"></section>
      <section><h2>Signing</h2><label for="h">Hash secret</label><input id="h" type="password"></section>`;
    expect(detect(html)).toMatchObject({ keyId: null, secret: null });
  });
});

describe('rules learned from heldout-6 (2026-12-03)', () => {
  it('takes a floating label that sits in a wrapper after its field (Angular Material)', () => {
    const box = (id: string, text: string, type = 'text') =>
      `<div class="infix"><input id="${id}" name="${id}" type="${type}"><span class="label-wrapper"><label><span>${text}</span><span aria-hidden="true"> *</span></label></span></div>`;
    expect(detect(box('kid', 'Application Key ID') + box('ak', 'Application Key', 'password'))).toMatchObject({ keyId: 'kid', secret: 'ak' });
    // A label tied to another field is not this one's.
    expect(scored('<div><input id="x"><span><label for="y">Application Key ID</label></span></div><input id="y">', '#x').keyIdScore).toBe(0);
  });

  it('reads the label-like element above a line of help between it and the field ("<h4>label</h4><p>help</p><input>")', () => {
    const html = `<h4>Идентификатор ключа</h4><p class="hint">Открытая часть, 25 символов.</p><input id="k" name="a">
      <h4>Ключ приложения</h4><p class="hint">Показывается один раз.</p><input id="s" name="b" type="password">`;
    expect(detect(html)).toMatchObject({ keyId: 'a', secret: 'b' });
    expect(scored(html, '#k').reasons.some((r) => r.startsWith('nearby text "Идентификатор ключа Открытая часть'))).toBe(true);
    // Whitespace between the label and its help is no gap; other text between them is.
    expect(detect(html.replace('</h4><p', '</h4>\n  <p'))).toMatchObject({ keyId: 'a', secret: 'b' });
    expect(scored('<h4>Application Key ID</h4>stray words<p>Some words here.</p><input id="f2" name="f2">').keyIdScore).toBe(0);
    // Only help (a paragraph, a small print, a plain box) is read past; a bold caption is a label of its own.
    expect(scored('<h4>Application Key ID</h4><b>Kitu</b><input id="f3" name="f3">').keyIdScore).toBe(0);
    // A label tied to nothing is a label like a heading is.
    expect(scored('<label>Application Key ID</label><p>Some words here.</p><input id="f5" name="f5">').keyIdScore).toBeGreaterThanOrEqual(THRESHOLD);
    // A label tied to another field is that field's.
    expect(scored('<label for="other">Application Key ID</label><p>Some words here.</p><input id="f4" name="f4"><input id="other">', '#f4').keyIdScore).toBe(0);
    // A section title over an intro paragraph is no field's label.
    const titled = scored('<h2>Application Key ID</h2><p>Some words here.</p><input id="f1" name="f1">');
    expect([titled.keyIdScore, titled.reasons]).toEqual([0, []]);
  });

  it('reads brand names written in camel case as the service they name ("OAuth", "WebHook", "OpenAI", "PayPal")', () => {
    const section = (title: string) => `<section><h2>${title}</h2><label for="i">Client ID</label><input id="i" name="i"><label for="s">Client secret key</label><input id="s" name="s" type="password"></section>`;
    for (const title of ['Sign in with Google (OAuth 2.0)', 'WebHook delivery', 'OpenAI', 'PayPal checkout', 'SendGrid', 'OpenID Connect']) {
      const { result } = detect(section(title));
      expect([title, result.secret, result.keyId]).toEqual([title, null, null]);
      expect(result.candidates.find((c) => c.el.id === 's')!.provider).toBe('notStorage');
    }
    // A field whose own name says OAuth, on a page whose titles say nothing.
    expect(scored('<label for="s">Secret key</label><input id="s" name="oauth_client_secret" type="password">').reasons).toContain(
      'section is for a service that stores no files (payments, email, maps, …): not a B2 key',
    );
  });

  it('"Access key" beside a field named as the secret is the keyID (placeholders only: "Access key" / "Secret key")', () => {
    // Labels no table knows: the placeholders count half beside them, and "Access key" alone stays under the threshold.
    const ak = (name = 'ak') => `<label for="${name}">Kitu ${name}</label><input id="${name}" name="${name}" placeholder="Access key">`;
    const sk = '<label for="sk">Kitu sk</label><input id="sk" name="sk" type="password" placeholder="Secret key">';
    const html = ak() + sk;
    expect(scored(html, '[name=ak]').keyIdScore).toBeGreaterThan(0);
    expect(scored(html, '[name=ak]').keyIdScore).toBeLessThan(THRESHOLD);
    expect(detect(html)).toMatchObject({ keyId: 'ak', secret: 'sk' });
    // Alone it stays unchosen; two such fields are no pair.
    expect(detect(ak())).toMatchObject({ keyId: null });
    expect(detect(ak() + ak('a2') + sk)).toMatchObject({ keyId: null, secret: 'sk' });
    // Beside a secret named only "Secret" (generic), the pair rule of "Key" applies, not this one.
    expect(detect(ak() + '<label for="g">Secret</label><input id="g" name="g" type="password">')).toMatchObject({ keyId: null });
    // Nor is a "Key" beside a lone "Secret" when hidden (the hit test after the choice would not see it).
    const key = '<label for="kk">Key</label><input id="kk" name="kk"><label for="ss">Secret</label><input id="ss" name="ss" type="password">';
    expect(detect(key)).toMatchObject({ keyId: 'kk', secret: 'ss' });
    const keyHidden: VisibilityCheck = { ...SEEN, hiddenByStyle: (el) => (el.id === 'kk' ? 'not rendered' : null) };
    expect(detect(key, { visibility: keyHidden }).keyId).toBeNull();
    // Hidden, made for something short, or beside another field scoring for the keyID, it is not taken.
    const hidden: VisibilityCheck = { ...SEEN, hiddenByStyle: (el) => (el.getAttribute('name') === 'ak' ? 'not rendered' : null) };
    expect(detect(html, { visibility: hidden })).toMatchObject({ keyId: null, secret: 'sk' });
    expect(detect(ak().replace('placeholder="Access key"', 'placeholder="Access key" maxlength="6"') + sk)).toMatchObject({ keyId: null, secret: 'sk' });
    expect(detect(ak() + '<label for="ac">Account</label><input id="ac" name="ac">' + sk).keyId).toBe('ak');
    // Covered, it is not taken.
    const covered: VisibilityCheck = { ...SEEN, coveredBy: (el) => (el.getAttribute('name') === 'ak' ? 'covered by a banner' : null) };
    expect(detect(html, { visibility: covered })).toMatchObject({ keyId: null, secret: 'sk' });
  });

  it('reads the term a tooltip description explains ("Term: what it is"), apart from the explanation', () => {
    const html = `<input id="a" name="a" aria-describedby="t1"><span role="tooltip" id="t1">애플리케이션 키 ID(keyID): Backblaze 계정의 ‘앱 키’ 화면에 표시됩니다.</span>
      <input id="b" name="b" type="password" aria-describedby="t2"><span role="tooltip" id="t2">애플리케이션 키(applicationKey): 한 번만 표시되는 값입니다.</span>`;
    expect(detect(html)).toMatchObject({ keyId: 'a', secret: 'b' });
    expect(scored(html, '#a').reasons.some((r) => r.startsWith('term its description explains "애플리케이션 키 ID(keyID)"'))).toBe(true);
    // No space after the colon is still a term; a first sentence longer than a term, or nothing after the colon, is not.
    expect(scored('<input id="a" aria-describedby="t"><span id="t">Application Key ID:the public part</span>').reasons.some((r) => r.startsWith('term its description explains "Application Key ID"'))).toBe(true);
    const long = 'This value comes from the page where you manage every one of your keys, Application Key ID: see there';
    expect(scored(`<input id="a" aria-describedby="t"><span id="t">${long}</span>`).reasons.some((r) => r.startsWith('term its'))).toBe(false);
    expect(scored('<input id="a" aria-describedby="t"><span id="t">Application Key ID: </span>').reasons.some((r) => r.startsWith('term its'))).toBe(false);
    // Without a colon there is no term; a term naming nothing adds nothing.
    expect(scored('<input id="a" aria-describedby="t"><span id="t">Format: 25 characters</span>').reasons.some((r) => r.startsWith('term its'))).toBe(false);
  });
});

describe('rules learned from heldout-7 (2026-12-03)', () => {
  it('reads the document’s title as the outermost title ("Payments · Store admin")', () => {
    const form = '<h2>Card gateway</h2><label for="k">Key ID</label><input id="k" name="k"><label for="s">Key secret</label><input id="s" name="s" type="password">';
    document.title = 'Payments · Chaiwala Store admin';
    expect(detect(form)).toMatchObject({ keyId: null, secret: null });
    // A page titled for storage, or for nothing, leaves the form as it is.
    for (const title of ['Cloud storage · NAS', 'Settings', '']) {
      document.title = title;
      expect([title, detect(form).keyId]).toEqual([title, 'k']);
    }
    document.title = '';
  });

  it('IoT consoles and GPG/SSH sections store no files', () => {
    const section = (title: string) => `<section><h2>${title}</h2><label for="k">Key ID</label><input id="k" name="k"><label for="s">Secret</label><input id="s" name="s" type="password"></section>`;
    for (const title of ['IoT device provisioning', 'Encrypt archives to a GPG recipient', 'SSH access', 'PGP signing']) expect([title, detect(section(title)).keyId]).toEqual([title, null]);
  });

  it('keys of other things are no B2 value ("Encryption key ID", "Recovery key", "Device key ID")', () => {
    for (const label of ['Encryption key ID', 'Recovery key', 'Device key ID', 'SSH private key', 'License key', 'Host key']) {
      const s = scored(`<label for="x">${label}</label><input id="x" type="password">`);
      expect([label, s.keyIdScore <= 0, s.secretScore <= 0]).toEqual([label, true, true]);
    }
    // "Master key" and "Application key ID" are B2's words still.
    expect(scored('<label for="x">Application key ID</label><input id="x">').keyIdScore).toBeGreaterThanOrEqual(THRESHOLD);
  });

  it('reads labels in ten more languages (Icelandic, Albanian, Afrikaans, Filipino, Kazakh, Georgian, Armenian, Amharic, Bengali, Tamil)', () => {
    const pairs: [string, string][] = [
      ['Auðkenni forritslykils', 'Forritslykill'],
      ['ID-ja e çelësit të aplikacionit', 'Çelësi i aplikacionit'],
      ['Toepassingsleutel-ID', 'Toepassingsleutel'],
      ['ID ng susi ng aplikasyon', 'Lihim na susi'],
      ['Қолданба кілтінің идентификаторы', 'Құпия кілт'],
      ['აპლიკაციის გასაღების იდენტიფიკატორი', 'აპლიკაციის გასაღები'],
      ['Հավելվածի բանալու ID', 'Հավելվածի բանալի'],
      ['የመተግበሪያ ቁልፍ መታወቂያ', 'የመተግበሪያ ቁልፍ'],
      ['অ্যাপ্লিকেশন কী আইডি', 'অ্যাপ্লিকেশন কী'],
      ['பயன்பாட்டு விசை ஐடி', 'பயன்பாட்டு விசை'],
    ];
    for (const [id, secret] of pairs) {
      const html = `<label for="a">${id}</label><input id="a" name="a"><label for="b">${secret}</label><input id="b" name="b" type="password">`;
      expect([id, detect(html).keyId, detect(html).secret]).toEqual([id, 'a', 'b']);
    }
  });
});

describe('rules learned from heldout-8 (2026-12-03)', () => {
  it('OAuth client credentials ("Client ID", "Client secret") are no B2 value, and single sign-on stores no files', () => {
    const html = '<label for="ci">Client ID</label><input id="ci" name="ci"><label for="cs">Client secret</label><input id="cs" name="cs" type="password">';
    expect(detect(html)).toMatchObject({ keyId: null, secret: null });
    const sso = detect('<section><h2>Single sign-on</h2><label for="a">Access key</label><input id="a" name="a"><label for="s">Secret</label><input id="s" name="s" type="password"></section>');
    expect(sso).toMatchObject({ keyId: null, secret: null });
    expect(sso.result.candidates.find((c) => c.el.id === 's')!.provider).toBe('notStorage');
  });

  it('a sign-in form\'s user name is no keyID, even labelled "Account ID"', () => {
    const form = (password: string) =>
      `<form><label for="acct">Account ID</label><input id="acct" name="account_id" autocomplete="username">` +
      `<label for="pw">${password}</label><input id="pw" name="pw" type="password" autocomplete="current-password"></form>`;
    const signIn = detect(form('Password'));
    expect(signIn).toMatchObject({ keyId: null, secret: null });
    expect(signIn.result.candidates.find((c) => c.el.id === 'acct')!.reasons).toContain('the user name of a sign-in form (beside a password that names no key): not a B2 value');
    // The same markup around a real key pair (a desktop client's dialog) is filled: its password names the key.
    expect(detect(form('Application key'))).toMatchObject({ keyId: 'account_id', secret: 'pw' });
    // A B2 pair whose keyID borrowed a login's markup, in one form with the site's own sign-in, is still the B2 pair.
    const both =
      '<form><label for="k">Key ID</label><input id="k" name="k" autocomplete="username"><label for="s">Application key</label><input id="s" name="s" type="password">' +
      '<label for="u">Username</label><input id="u" name="u" autocomplete="username"><label for="p">Password</label><input id="p" name="p" type="password" autocomplete="current-password"></form>';
    expect(detect(both)).toMatchObject({ keyId: 'k', secret: 's' });
    // A keyID named as B2's (not "Account ID" alone), or under a B2 title, beside a plain "Password" is still B2's.
    const named = (label: string, title = '') =>
      `<form>${title}<label for="k">${label}</label><input id="k" name="k" autocomplete="username">` +
      '<label for="p">Password</label><input id="p" name="p" type="password" autocomplete="current-password"></form>';
    for (const [label, title] of [['Application Key ID', ''], ['Key ID', ''], ['Account ID', '<h2>Backblaze B2</h2>']]) {
      const k = detect(named(label!, title)).result.candidates.find((c) => c.el.id === 'k')!;
      expect([label, k.reasons.join('; ')]).not.toEqual([label, expect.stringMatching(/sign-in form/)]);
      expect([label, k.keyIdScore > 0]).toEqual([label, true]);
    }
    // Not in one form: a site's sign-in beside a B2 form is no reason to doubt the B2 form.
    const apart =
      '<form><label for="u">Email</label><input id="u" name="u" autocomplete="email"><label for="p">Password</label><input id="p" name="p" type="password" autocomplete="current-password"></form>' +
      '<form><label for="k">Key ID</label><input id="k" name="k" autocomplete="username"><label for="s">Application key</label><input id="s" name="s" type="password"></form>';
    expect(detect(apart)).toMatchObject({ keyId: 'k', secret: 's' });
  });

  it('"ID" in the small group of a field named as the secret is that key\'s ID', () => {
    const group = (id: string) => `<div><label for="i">${id}</label><input id="i" name="i"><label for="k">Application key</label><input id="k" name="k" type="password"></div>`;
    expect(detect(group('ID'))).toMatchObject({ keyId: 'i', secret: 'k' });
    expect(detect(group('Id:'))).toMatchObject({ keyId: 'i', secret: 'k' });
    // Not "Order ID" or anything else with more words, nor a secret named only generically.
    expect(detect(group('Order ID'))).toMatchObject({ keyId: null });
    expect(detect('<div><label for="i">ID</label><input id="i" name="i"><label for="k">Secret</label><input id="k" name="k" type="password"></div>')).toMatchObject({ keyId: null });
    // An "ID" far from the secret (another part of a long page) is not taken.
    const far = `<div><label for="i">ID</label><input id="i" name="i">${'<input name="x">'.repeat(8)}</div><div><label for="k">Application key</label><input id="k" name="k" type="password"></div>`;
    expect(detect(far)).toMatchObject({ keyId: null, secret: 'k' });
    // Nor a user name called "ID" (its markup says so), nor one of two "ID" fields.
    expect(detect('<div><label for="i">ID</label><input id="i" name="username"><label for="k">Application key</label><input id="k" name="k" type="password"></div>')).toMatchObject({ keyId: null });
    expect(detect(`<div><label for="i">ID</label><input id="i" name="i"><label for="j">ID</label><input id="j" name="j"><label for="k">Application key</label><input id="k" name="k" type="password"></div>`)).toMatchObject({ keyId: null });
  });
});

describe('rules learned from heldout-9 (2026-12-04)', () => {
  it('push notification services store no files, and keys of other things may say "primary" or "secondary"', () => {
    const push = detect('<section><h2>Push notifications</h2><label for="a">Access key</label><input id="a" name="a"><label for="s">Secret</label><input id="s" name="s" type="password"></section>');
    expect(push).toMatchObject({ keyId: null, secret: null });
    expect(push.result.candidates.find((c) => c.el.id === 's')!.provider).toBe('notStorage');
    for (const label of ['Device primary key', 'Primary key', 'Secondary key', 'APNs key ID', 'FCM key']) {
      expect([label, detect(`<label for="k">${label}</label><input id="k" name="k" type="password">`)]).toMatchObject([label, { keyId: null, secret: null }]);
    }
    // "Application key" is still the secret.
    expect(detect('<label for="k">Application key</label><input id="k" name="k" type="password">')).toMatchObject({ secret: 'k' });
  });

  it('a table\'s group row (one cell across the columns) titles the rows under it, up to the next one', () => {
    const row = (name: string, type = 'text') => `<tr><td><input value="${name}"></td><td><input name="v-${name}" type="${type}"></td></tr>`;
    const html =
      '<table><thead><tr><th>Key</th><th>Value</th></tr></thead><tbody>' +
      row('APP_KEY') +
      '<tr><td colspan="2"># File storage (Backblaze B2 through the s3 driver)</td></tr>' +
      row('AWS_ACCESS_KEY_ID') +
      row('AWS_SECRET_ACCESS_KEY') +
      '<tr><td colspan="2"># Mail</td></tr>' +
      row('OTHER_APP_KEY') +
      '</tbody></table>';
    const found = detect(html);
    expect(found).toMatchObject({ keyId: 'v-AWS_ACCESS_KEY_ID', secret: 'v-AWS_SECRET_ACCESS_KEY' });
    const provider = (name: string) => found.result.candidates.find((c) => c.el.getAttribute('name') === `v-${name}`)!.provider;
    // The "# Mail" row ends the B2 group (and titles a service that stores no files).
    expect([provider('APP_KEY'), provider('AWS_SECRET_ACCESS_KEY'), provider('OTHER_APP_KEY')]).toEqual([null, 'b2', 'notStorage']);
    // A help or error row across the columns is no title: the B2 group's title still holds for the rows under it.
    const help =
      '<table><tbody><tr><th colspan="2">Backblaze B2</th></tr>' +
      '<tr><th><label for="a">Key ID</label></th><td><input id="a" name="a"></td></tr>' +
      '<tr><td colspan="2">We email you a reminder before this key expires.</td></tr>' +
      '<tr><th><label for="s">Application key</label></th><td><input id="s" name="s" type="password"></td></tr></tbody></table>';
    const withHelp = detect(help);
    expect(withHelp).toMatchObject({ keyId: 'a', secret: 's' });
    expect(withHelp.result.candidates.find((c) => c.el.id === 's')!.provider).toBe('b2');
  });

  it('a key/value editor\'s variable name naming a service that stores no files says so, even among storage rows', () => {
    const html =
      '<table><tbody><tr><td colspan="2">Backblaze B2</td></tr>' +
      '<tr><td><input value="AWS_SECRET_ACCESS_KEY"></td><td><input name="a"></td></tr>' +
      '<tr><td><input value="STRIPE_SECRET"></td><td><input name="b" type="password"></td></tr></tbody></table>';
    const found = detect(html);
    expect(found).toMatchObject({ secret: 'a' });
    expect(found.result.candidates.find((c) => c.el.getAttribute('name') === 'b')!.provider).toBe('notStorage');
    // AWS_* names no other provider: S3-compatible drivers take B2's keys so.
    expect(found.result.candidates.find((c) => c.el.getAttribute('name') === 'a')!.provider).toBe('b2');
    // A name that also names B2 or storage is B2's or storage's ("ANALYTICS_B2_…": the analytics app's B2 keys).
    const analytics =
      '<table><tbody><tr><td colspan="2"># Backblaze B2</td></tr>' +
      '<tr><td><input value="ANALYTICS_B2_KEY_ID"></td><td><input name="k"></td></tr>' +
      '<tr><td><input value="ANALYTICS_B2_APPLICATION_KEY"></td><td><input name="s" type="password"></td></tr></tbody></table>';
    expect(detect(analytics)).toMatchObject({ keyId: 'k', secret: 's' });
  });

  it('payments in Icelandic (a compound: "Kortagreiðslur"), Latvian, Basque, Welsh, Swahili, Filipino, Kazakh, Mongolian, Amharic, Bengali and Tamil', () => {
    for (const title of ['Kortagreiðslur', 'Maksājumi', 'Ordainketak', 'Taliadau', 'Malipo', 'Pagbabayad', 'Төлемдер', 'Төлбөр', 'ክፍያዎች', 'অর্থপ্রদান', 'கட்டணங்கள்']) {
      const found = detect(`<section><h2>${title}</h2><label for="a">Access key</label><input id="a" name="a"><label for="s">Secret key</label><input id="s" name="s" type="password"></section>`);
      expect([title, found.result.candidates.find((c) => c.el.id === 's')!.provider]).toEqual([title, 'notStorage']);
    }
  });
});

describe('rules learned from heldout-11 (2026-12-04)', () => {
  it('a protocol\'s shared secret is no B2 value, in English and in the tables\' languages, whatever its markup says', () => {
    for (const label of ['Shared secret', 'Secreto compartido', 'Secret partagé', 'Segredo compartilhado', '共有シークレット']) {
      const found = detect(`<label for="s">${label}</label><input id="s" name="api_secret" type="password">`);
      expect([label, found.keyId, found.secret]).toEqual([label, null, null]);
    }
    // Beside an S3-compatible pair, the pair's secret is chosen, not the API's shared secret scoring on markup.
    const html =
      '<section><h2>API</h2><label for="x">Shared secret</label><input id="x" name="shared_secret" type="password"></section>' +
      '<section><h2>Recordings</h2><label for="a">Access key ID</label><input id="a" name="a"><label for="s">Secret access key</label><input id="s" name="s" type="password"></section>';
    expect(detect(html)).toMatchObject({ keyId: 'a', secret: 's' });
  });

  it('a key\'s ID whose label names an encryption service (KMS, HSM, SSE) is that service\'s, even where the label outweighs other markup', () => {
    for (const label of ['Sleutel-ID (KMS)', 'KMS key ID', 'Key ID (SSE-KMS)', 'HSM key ID', 'Schlüssel-ID (SSE-C)']) {
      for (const name of ['sse.kms_key_id', 'field_7']) {
        const found = detect(`<label for="k">${label}</label><input id="k" name="${name}">`);
        expect([label, name, found.keyId]).toEqual([label, name, null]);
      }
    }
    // Markup copied from a login form is still outweighed by a label naming the keyID alone.
    expect(detect('<label for="k">Sleutel-ID</label><input id="k" name="username" autocomplete="username"><label for="s">Geheime sleutel</label><input id="s" name="password" type="password">')).toMatchObject({ keyId: 'username', secret: 'password' });
  });
});

describe('rules learned from heldout-13 (2026-12-05)', () => {
  const pair = (title: string) =>
    `<section><h2>${title}</h2><label for="a">Access key ID</label><input id="a" name="a"><label for="s">Secret access key</label><input id="s" name="s" type="password"></section>`;

  it('a mail or payment title that also speaks of storing files, in another language, is storage first', () => {
    for (const title of ['Exportar archivo de correo a la nube', 'Sauvegarde des courriels', 'Cópia de segurança do correio', 'E-Mail-Dateien', 'Архив почты', 'Резервное копирование почты', 'Fichiers des paiements']) {
      const found = detect(pair(title));
      expect([title, found.keyId, found.secret]).toEqual([title, 'a', 's']);
    }
  });

  it('the same titles without a storage word still name a service that stores no files', () => {
    for (const title of ['Correo saliente', 'Courriel', 'Почта', 'Paiements']) {
      const found = detect(pair(title));
      expect([title, found.result.candidates.find((c) => c.el.id === 's')!.provider]).toEqual([title, 'notStorage']);
    }
  });

  it('"e-post" names e-mail as a whole word or an address compound, not as the start of another word', () => {
    const provider = (title: string) => detect(pair(title)).result.candidates.find((c) => c.el.id === 's')!.provider;
    for (const title of ['E-post', 'E-posti seaded', 'E-postadresse og passord', 'Utgående e-post', 'E-postkonto']) expect([title, provider(title)]).toEqual([title, 'notStorage']);
    for (const title of ['e-Postgres replicas', 'ePostcard uploads', 'e-Postman collections']) expect([title, provider(title)]).not.toEqual([title, 'notStorage']);
  });
});

describe('rules learned from heldout-15 (2026-12-05)', () => {
  const pair = (title: string, names = ['a', 's']) =>
    `<section><h2>${title}</h2><label for="a">API key ID</label><input id="a" name="${names[0]}"><label for="s">API secret</label><input id="s" name="${names[1]}" type="password"></section>`;
  const provider = (html: string) => detect(html).result.candidates.find((c) => c.el.id === 's')!.provider;

  it('speech to text, transcription and an MSP\'s PSA tool are services that store no files, in any of these languages', () => {
    for (const title of ['Konuşmadan metne servisi', 'Speech-to-text', 'Call transcription', 'PSA integration', 'Spracherkennung', 'Reconnaissance vocale', 'Transcripción de llamadas', 'Распознавание речи', 'Транскрипция звонков']) {
      expect([title, provider(pair(title))]).toEqual([title, 'notStorage']);
      expect([title, detect(pair(title)).keyId]).toEqual([title, null]);
    }
    // Named so in the markup only, under a title that says nothing.
    for (const names of [['stt_key_id', 'stt_secret'], ['psa_key_id', 'psa_secret']]) expect([names, provider(pair('Integration', names))]).toEqual([names, 'notStorage']);
    // A title that also speaks of storing files is storage first.
    expect(provider(pair('Transcription archive storage (Backblaze B2)'))).not.toBe('notStorage');
  });

  it('a key/value table: a value field named only "Value" is read with a lower-case variable typed before it (Terraform style)', () => {
    const row = (key: string, type = 'text', i = key) => `<tr><td><input name="vars[${i}][key]" aria-label="Key" value="${key}"></td><td><input name="vars[${i}][value]" aria-label="Value" type="${type}"></td></tr>`;
    const table = (rows: string) => `<table><thead><tr><th>Key</th><th>Value</th></tr></thead><tbody>${rows}</tbody></table>`;
    const found = detect(table(row('b2_application_key_id') + row('b2_application_key', 'password') + row('github_token', 'password')));
    expect([found.keyId, found.secret]).toEqual(['vars[b2_application_key_id][value]', 'vars[b2_application_key][value]']);
    // Not a variable's name (a keyID already typed, a sign-in's user name, a mixed-case word): nothing is read from it.
    const others = detect(table(row('0051a2b3c4d5e6f0000000001', 'text', 'a') + row('john.doe', 'password', 'b') + row('Key_id', 'text', 'c')));
    expect(others.result.candidates.filter((c) => (c.el.getAttribute('name') ?? '').endsWith('[value]')).map((c) => c.reasons)).toEqual([[], [], []]);
    // Other variables only: nothing chosen.
    expect(detect(table(row('github_token') + row('npm_token', 'password'))).keyId).toBeNull();
  });

  it('Amharic: "መለያ" after a key\'s words names its ID', () => {
    const found = detect('<label for="i">የመተግበሪያ ቁልፍ መለያ</label><input id="i" name="f1"><label for="k">የመተግበሪያ ቁልፍ</label><input id="k" name="f2" type="password">');
    expect([found.keyId, found.secret]).toEqual(['f1', 'f2']);
  });
});

describe('rules learned from heldout-14 (2026-12-05)', () => {
  it('a provider named in camel case ("DigitalOcean Spaces", "OneDrive", "WebDAV") is still that provider', () => {
    for (const title of ['DigitalOcean Spaces', 'OneDrive', 'WebDAV server', 'iDrive e2']) {
      const found = detect(`<fieldset><legend>${title}</legend><label for="a">Access key ID</label><input id="a" name="a"><label for="s">Secret access key</label><input id="s" name="s" type="password"></fieldset>`);
      expect([title, found.keyId, found.secret, found.result.candidates.find((c) => c.el.id === 's')!.provider]).toEqual([title, null, null, 'other']);
    }
    // MinIO stays open (S3-compatible clients for B2 are named after it), but is another provider beside a B2 section.
    const minio = detect('<fieldset><legend>MinIO</legend><label for="a">Access key</label><input id="a" name="a"><label for="s">Secret key</label><input id="s" name="s" type="password"></fieldset>');
    expect(minio.result.candidates.find((c) => c.el.id === 's')!.provider).toBe('other');
    expect(minio).toMatchObject({ keyId: 'a', secret: 's' });
  });

  it('an option named "…-key" and described as the key\'s ID, beside "…-key-secret", is the keyID', () => {
    const html =
      '<label for="o-key">repo1-s3-key</label><input id="o-key" name="repo1-s3-key" aria-describedby="kd"><p id="kd">Key identifier.</p>' +
      '<label for="o-secret">repo1-s3-key-secret</label><input id="o-secret" name="repo1-s3-key-secret" type="password">';
    expect(detect(html)).toMatchObject({ keyId: 'repo1-s3-key', secret: 'repo1-s3-key-secret' });
    // Without them, as before ("Key" beside "Secret").
    const bare = '<label for="k">repo1-s3-key</label><input id="k" name="repo1-s3-key"><label for="s">repo1-s3-key-secret</label><input id="s" name="repo1-s3-key-secret" type="password">';
    expect(detect(bare)).toMatchObject({ keyId: 'repo1-s3-key', secret: 'repo1-s3-key-secret' });
    // A field whose words say "key" and a keyID's but that reads as no keyID at all is not taken so.
    const decoy = '<label for="k">Key (not the key ID: a licence key)</label><input id="k" name="licence_key"><label for="s">Secret</label><input id="s" name="secret" type="password">';
    expect(detect(decoy).keyId).toBeNull();
  });

  it('e-mail in the tables\' other languages titles a service that stores no files', () => {
    for (const title of ['د برېښنالیک لېږلو خدمت', 'سرویس ایمیل', 'ای میل سروس', 'ईमेल सेवा', 'மின்னஞ்சல் சேவை', 'Υπηρεσία ηλεκτρονικού ταχυδρομείου', 'Имейл услуга', 'Huduma ya barua pepe', 'Poczta wychodząca']) {
      const found = detect(`<section><h2>${title}</h2><label for="a">API key ID</label><input id="a" name="a"><label for="s">API secret</label><input id="s" name="s" type="password"></section>`);
      expect([title, found.result.candidates.find((c) => c.el.id === 's')!.provider, found.keyId, found.secret]).toEqual([title, 'notStorage', null, null]);
    }
    // With a storage word in the title it is storage first, as in English.
    expect(detect('<section><h2>ईमेल बैकअप (Backups)</h2><label for="a">Key ID</label><input id="a" name="a"><label for="s">Application key</label><input id="s" name="s" type="password"></section>')).toMatchObject({ keyId: 'a', secret: 's' });
  });

  it('a key field named for a mail service ("mail_key_id", "smtp_secret") is that service\'s', () => {
    const found = detect('<label for="a">API key ID</label><input id="a" name="mail_key_id"><label for="s">API secret</label><input id="s" name="mail_secret" type="password">');
    expect([found.keyId, found.secret]).toEqual([null, null]);
    expect(detect('<label for="s">Secret</label><input id="s" name="smtp_secret" type="password"><label for="a">Key ID</label><input id="a" name="email_key_id">')).toMatchObject({ keyId: null, secret: null });
    // Not "mail" elsewhere in the name, nor a mail archive's backup key.
    expect(detect('<label for="a">Key ID</label><input id="a" name="key_id_mail"><label for="s">Application key</label><input id="s" name="app_key" type="password">')).toMatchObject({ keyId: 'key_id_mail', secret: 'app_key' });
    expect(detect('<label for="a">Key ID</label><input id="a" name="mail_backup_key_id"><label for="s">Application key</label><input id="s" name="mail_backup_secret" type="password">')).toMatchObject({ keyId: 'mail_backup_key_id', secret: 'mail_backup_secret' });
  });

  it('Sindhi: the application key\'s ID and the application key, captions named by aria-labelledby, beside an OCR service\'s API key', () => {
    const html =
      '<div dir="rtl"><span id="c1">ايپليڪيشن ڪنجي جي سڃاڻپ</span><input aria-labelledby="c1" name="cred_a">' +
      '<span id="c2">ايپليڪيشن ڪنجي</span><input aria-labelledby="c2" name="cred_b" type="password">' +
      '<span id="c3">OCR سروس جي API ڪنجي</span><input aria-labelledby="c3" name="ocr_key" type="password"></div>';
    expect(detect(html)).toMatchObject({ keyId: 'cred_a', secret: 'cred_b' });
  });
});
