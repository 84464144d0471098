// @vitest-environment happy-dom
//
// detect.ts in Node, over a DOM without layout (happy-dom): label gathering and scoring. Visibility needs a
// real layout engine, so these tests pass a check that sees every field (or hides chosen ones); the real
// rule is tested in Chromium (test/e2e/autofill-detection.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { findCredentialFields, scoreField, THRESHOLD, type FillableField, type VisibilityCheck } from './detect';

const SEEN: VisibilityCheck = { hiddenByStyle: () => null, coveredBy: () => null };

function page(html: string): Document {
  document.body.innerHTML = html;
  return document;
}

function detect(html: string, visibility: VisibilityCheck = SEEN) {
  const doc = page(html);
  const result = findCredentialFields(doc, { visibility });
  const name = (el: Element | null) => (el ? el.getAttribute('name') ?? el.id : null);
  return { keyId: name(result.keyId), secret: name(result.secret), result };
}

function field(selector: string, root: ParentNode = document): FillableField {
  const el = root.querySelector(selector);
  if (!el) throw new Error(`no ${selector}`);
  return el as FillableField;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('labels in languages other than English', () => {
  it.each([
    ['de', 'Anwendungsschlüssel-ID', 'Anwendungsschlüssel'],
    ['fr', "ID de clé d'application", "Clé d'application"],
    ['es', 'ID de clave de aplicación', 'Clave de aplicación'],
    ['it', "ID chiave dell'applicazione", "Chiave dell'applicazione"],
    ['pt', 'ID da chave de aplicativo', 'Chave de aplicativo'],
    ['nl', 'Toegangssleutel-ID', 'Geheime toegangssleutel'],
    ['pl', 'Identyfikator klucza aplikacji', 'Klucz aplikacji'],
    ['ru', 'Идентификатор ключа', 'Секретный ключ'],
    ['ja', 'アクセスキーID', 'シークレットアクセスキー'],
    ['zh', '应用程序密钥 ID', '应用程序密钥'],
    ['ko', '액세스 키 ID', '비밀 액세스 키'],
    ['sv', 'Åtkomstnyckel-ID', 'Hemlig åtkomstnyckel'],
    ['da', 'Applikationsnøgle-ID', 'Applikationsnøgle'],
    ['nb', 'Nøkkel-ID', 'Applikasjonsnøkkel'],
    ['fi', 'Sovellusavaimen tunnus', 'Sovellusavain'],
    ['cs', 'ID klíče aplikace', 'Klíč aplikace'],
    ['sk', 'ID prístupového kľúča', 'Tajný prístupový kľúč'],
    ['hu', 'Alkalmazáskulcs-azonosító', 'Alkalmazáskulcs'],
    ['ro', 'ID cheie de acces', 'Cheie secretă'],
    ['tr', 'Erişim anahtarı kimliği', 'Gizli erişim anahtarı'],
    ['uk', 'Ідентифікатор ключа застосунку', 'Ключ застосунку'],
    ['bg', 'ID на ключа за достъп', 'Таен ключ за достъп'],
    ['el', 'Αναγνωριστικό κλειδιού εφαρμογής', 'Κλειδί εφαρμογής'],
    ['vi', 'ID khóa ứng dụng', 'Khóa ứng dụng'],
    ['id', 'ID kunci akses', 'Kunci akses rahasia'],
    ['hr', 'ID ključa aplikacije', 'Ključ aplikacije'],
    ['ca', "ID de la clau d'accés", "Clau d'accés secreta"],
    ['ar', 'معرف مفتاح التطبيق', 'مفتاح التطبيق'],
    ['he', 'מזהה מפתח גישה', 'מפתח גישה סודי'],
  ])('%s: chooses the fields whose labels name the keyID and the applicationKey', (_lang, keyLabel, secretLabel) => {
    const found = detect(`
      <label for="a">${keyLabel}</label><input id="a" name="f1">
      <label for="b">${secretLabel}</label><input id="b" name="f2" type="password">
      <label for="c">Bucket</label><input id="c" name="f3">`);
    expect([found.keyId, found.secret]).toEqual(['f1', 'f2']);
  });

  it('reads folded and upper-case labels alike', () => {
    expect(detect(`<label>SCHLUSSEL-ID <input name="x"></label><label>ANWENDUNGSSCHLÜSSEL <input name="y"></label>`)).toMatchObject({ keyId: 'x', secret: 'y' });
  });

  it('leaves decoys alone in those languages', () => {
    const found = detect(`
      <label for="u">Benutzername</label><input id="u" name="key_id">
      <label for="p">Passwort</label><input id="p" name="application_key" type="password">`);
    expect([found.keyId, found.secret]).toEqual([null, null]);
  });
});

describe('label text gathered like an accessible name', () => {
  it('reads a wrapping label, aria-label and aria-labelledby', () => {
    expect(
      detect(`
        <label>Key ID <input name="wrapped"></label>
        <span id="l2">Application key</span><input name="byid" aria-labelledby="l2">`),
    ).toMatchObject({ keyId: 'wrapped', secret: 'byid' });
    expect(detect(`<input name="n1" aria-label="Application Key ID"><input name="n2" aria-label="Application Key">`)).toMatchObject({ keyId: 'n1', secret: 'n2' });
  });

  it('reads label text that reaches the label through slots (nested shadow roots, flattened)', () => {
    page(`<outer-row id="r1"><span slot="caption">Schlüssel-ID</span></outer-row><outer-row id="r2"><span slot="caption">Anwendungsschlüssel</span></outer-row>`);
    for (const id of ['r1', 'r2']) {
      const host = document.getElementById(id)!;
      const outer = host.attachShadow({ mode: 'open' });
      outer.innerHTML = `<div class="inner-host"><slot name="caption" slot="label"></slot></div>`;
      const innerHost = outer.querySelector('.inner-host')!;
      const inner = innerHost.attachShadow({ mode: 'open' });
      inner.innerHTML = `<label for="i"><slot name="label"></slot></label><input id="i">`;
    }
    const inputOf = (id: string) => field('input', document.getElementById(id)!.shadowRoot!.querySelector('.inner-host')!.shadowRoot!);
    const result = findCredentialFields(document, { visibility: SEEN });
    expect(result.keyId).toBe(inputOf('r1'));
    expect(result.secret).toBe(inputOf('r2'));
    // Without the slotted text the inputs carry nothing at all.
    expect(scoreField(inputOf('r1'), { visibility: SEEN }).reasons.join('; ')).toMatch(/label "Schlüssel-ID"/);
  });

  it('reads a slotted field\'s label where the component renders it (the slot\'s row, not the light DOM order)', () => {
    page(`<wiz-field id="w1"><input slot="control" name="f1"><span slot="label">Anwendungsschlüssel-ID</span></wiz-field>
      <wiz-field id="w2"><input slot="control" name="f2" type="password"><span slot="label">Anwendungsschlüssel</span></wiz-field>`);
    for (const id of ['w1', 'w2']) {
      document.getElementById(id)!.attachShadow({ mode: 'open' }).innerHTML = `<div class="l"><slot name="label"></slot></div><slot name="control"></slot>`;
    }
    // In the light DOM the label comes after the input; rendered, it comes before.
    const result = findCredentialFields(document, { visibility: SEEN });
    expect(result.keyId?.getAttribute('name')).toBe('f1');
    expect(result.secret?.getAttribute('name')).toBe('f2');
  });

  it('follows aria-labelledby out of a shadow root to the page', () => {
    page(`<p id="outside">Application Key ID</p><div id="host"></div>`);
    const root = document.getElementById('host')!.attachShadow({ mode: 'open' });
    root.innerHTML = `<input aria-labelledby="outside" name="inner">`;
    expect(scoreField(field('input', root), { visibility: SEEN }).keyIdScore).toBeGreaterThanOrEqual(6);
  });

  it('reads a floating label: a <label> after the field, tied to nothing, the only field in its box', () => {
    const found = detect(`
      <div><input name="f1" placeholder=" "><label>Key ID</label></div>
      <div><input name="f2" type="password" placeholder=" "><span>*</span><label>Application Key</label></div>`);
    expect([found.keyId, found.secret]).toEqual(['f1', 'f2']);
    expect(scoreField(field('[name=f1]')).reasons.join(' ')).toContain('label "Key ID"');
  });

  it('a label after a field is not its label when it names another field, a box holds two fields, or a label names it', () => {
    page(`
      <div><input name="f1"><label for="x">Key ID</label><input id="x" type="hidden"></div>
      <div><input name="f2"><label>Key ID</label><input name="f3"></div>
      <div><label for="f4">Bucket</label><input id="f4"><label>Key ID</label></div>`);
    for (const name of ['f1', 'f2']) expect(scoreField(field(`[name=${name}]`)).reasons.join(' '), name).not.toContain('label "Key ID"');
    expect(scoreField(field('#f4')).reasons.join(' ')).not.toContain('Key ID');
  });

  it('passes over a "required" or "*" mark between a label and its field', () => {
    const found = detect(`
      <div class="grid">
        <div>Key ID</div><div>required</div><div><input name="f1"></div>
        <div>Secret Key</div><div>*</div><div><input name="f2" type="password"></div>
        <div>Bucket</div><div>Pflichtfeld</div><div><input name="f3"></div>
      </div>`);
    expect([found.keyId, found.secret]).toEqual(['f1', 'f2']);
    expect(scoreField(field('[name=f1]')).reasons.join(' ')).toContain('nearby text "Key ID"');
  });

  it('reads an icon that stands for a label: its title, aria-label or SVG title', () => {
    const found = detect(`
      <div><span title="Access Key ID"><svg></svg></span><input name="f1"></div>
      <div><span><svg><title>Secret Access Key</title></svg></span><input name="f2" type="password"></div>
      <div><i aria-label="Bucket"></i><input name="f3"></div>`);
    expect([found.keyId, found.secret]).toEqual(['f1', 'f2']);
    expect(scoreField(field('[name=f3]')).reasons.join(' ')).toContain('nearby text "Bucket"');
  });

  it('reads the variable name typed before a value in a key/value editor, and only a name in that shape', () => {
    const found = detect(`
      <div class="row"><input name="k1" value="B2_APPLICATION_KEY_ID" placeholder="Key"><input name="v1" placeholder="Value"></div>
      <div class="row"><div><input name="k2" value="B2_APPLICATION_KEY"></div><div><input name="v2" type="password"></div></div>
      <div class="row"><input name="k3" value="RESTIC_PASSWORD"><input name="v3" type="password"></div>`);
    expect([found.keyId, found.secret]).toEqual(['v1', 'v2']);
    page(`
      <div><input name="a" value="0051a2b3c4d5e6f0000000012"><input name="b"></div>
      <div><input name="c" value="Account_id"><input name="d"></div>
      <div><div><input name="e" value="B2_ACCOUNT_ID"><input name="f" value="x"></div><div><input name="g"></div></div>`);
    for (const name of ['b', 'd', 'g']) expect(scoreField(field(`[name=${name}]`), { visibility: SEEN }).reasons, name).toEqual([]);
  });

  it('reads the nearby text of the same row, and the placeholder only half beside a label', () => {
    expect(detect(`<table><tr><td>Key ID</td><td><input name="t1"></td></tr><tr><td>Application Key</td><td><input name="t2"></td></tr></table>`)).toMatchObject({
      keyId: 't1',
      secret: 't2',
    });
    page(`<label for="p">Notes</label><input id="p" placeholder="Application Key ID">`);
    expect(scoreField(field('#p'), { visibility: SEEN }).reasons.join('; ')).toMatch(/placeholder "Application Key ID": [^(]*\(keyId 5,/);
  });
});

describe('what the person reads outweighs the markup', () => {
  it('a visible B2 label beats id, name and autocomplete saying username/password', () => {
    const found = detect(`
      <label for="username">Application Key ID</label><input id="username" name="username" autocomplete="username">
      <label for="password">Application Key</label><input id="password" name="password" type="password" autocomplete="current-password">`);
    expect([found.keyId, found.secret]).toEqual(['username', 'password']);
  });

  it("a site's own sign-in stays empty even when its markup says accessKeyId", () => {
    const found = detect(`
      <label for="a">Username or email</label><input id="a" name="accessKeyId" autocomplete="username">
      <label for="b">Password</label><input id="b" name="applicationKey" type="password" autocomplete="current-password">`);
    expect([found.keyId, found.secret]).toEqual([null, null]);
  });
});

describe('"Key" and "Secret" as a pair', () => {
  it('a field named only "Key" beside one named only "Secret" is the keyID (S3-compatible consoles)', () => {
    const found = detect(`<label for="k">Key</label><input id="k" name="f1"><label for="s">Secret</label><input id="s" name="f2" type="password">`);
    expect([found.keyId, found.secret]).toEqual(['f1', 'f2']);
    expect(detect(`<label for="k">Schlüssel</label><input id="k" name="f1"><label for="s">Geheimnis</label><input id="s" name="f2">`)).toMatchObject({ keyId: 'f1', secret: 'f2' });
  });

  it('but not two such fields, nor one the person cannot use or see, nor "Key" with "Value"', () => {
    const two = `<label for="a">Key</label><input id="a" name="f1"><label for="b">Key</label><input id="b" name="f3"><label for="s">Secret</label><input id="s" name="f2" type="password">`;
    expect(detect(two)).toMatchObject({ keyId: null, secret: null });
    expect(detect(`<label for="k">Key</label><input id="k" name="f1" readonly><label for="s">Secret</label><input id="s" name="f2" type="password">`)).toMatchObject({ keyId: null, secret: null });
    const covered: VisibilityCheck = { hiddenByStyle: () => null, coveredBy: (el) => (el.getAttribute('name') === 'f1' ? 'covered by a div' : null) };
    const result = detect(`<label for="k">Key</label><input id="k" name="f1"><label for="s">Secret</label><input id="s" name="f2" type="password">`, covered);
    expect(result).toMatchObject({ keyId: null, secret: null });
    expect(result.result.candidates[0]!.reasons).toContain('not visible: covered by a div');
    expect(detect(`<label for="k">Key</label><input id="k" name="f1"><label for="v">Value</label><input id="v" name="f2">`)).toMatchObject({ keyId: null, secret: null });
  });
});

describe('pages that must get nothing', () => {
  it('a CI/CD page with Name + Secret', () => {
    expect(detect(`<label for="n">Name</label><input id="n" name="secret_name"><label for="s">Secret</label><textarea id="s" name="secret_value"></textarea>`)).toMatchObject({
      keyId: null,
      secret: null,
    });
  });

  it('a CI/CD page with Key + Value', () => {
    expect(detect(`<label for="k">Key</label><input id="k" name="variable[key]"><label for="v">Value</label><textarea id="v" name="variable[secret_value]"></textarea>`)).toMatchObject({
      keyId: null,
      secret: null,
    });
  });

  it('fields the visibility check hides, whatever they score', () => {
    const hideAll: VisibilityCheck = { hiddenByStyle: () => 'display: none', coveredBy: () => null };
    expect(detect(`<label>keyID <input name="a"></label><label>applicationKey <input name="b"></label>`, hideAll)).toMatchObject({ keyId: null, secret: null });
    const covered: VisibilityCheck = { hiddenByStyle: () => null, coveredBy: () => 'covered by another element' };
    expect(detect(`<label>keyID <input name="a"></label><label>applicationKey <input name="b"></label>`, covered)).toMatchObject({ keyId: null, secret: null });
  });
});

describe('several providers on one page', () => {
  it('the section titled Backblaze B2 wins over Amazon S3 and Azure', () => {
    const found = detect(`
      <section><h2>Amazon S3</h2><label for="s1">Access key ID</label><input id="s1" name="aws_access_key_id">
        <label for="s2">Secret access key</label><input id="s2" name="aws_secret_access_key" type="password"></section>
      <section><h2>Backblaze B2</h2><label for="b1">Application key ID</label><input id="b1" name="b1">
        <label for="b2">Application key</label><input id="b2" name="b2" type="password"></section>
      <section><h2>Azure</h2><label for="z1">Account name</label><input id="z1" name="z1">
        <label for="z2">Account key</label><input id="z2" name="z2" type="password"></section>`);
    expect([found.keyId, found.secret]).toEqual(['b1', 'b2']);
  });

  it('without section titles, the fields\' names tell the providers apart', () => {
    const found = detect(`
      <label>Access key ID <input name="aws_access_key_id"></label><label>Secret access key <input name="aws_secret_access_key" type="password"></label>
      <label>Key ID <input name="b2_key_id"></label><label>Application key <input name="b2_application_key" type="password"></label>`);
    expect([found.keyId, found.secret]).toEqual(['b2_key_id', 'b2_application_key']);
  });

  it("the B2 section's fields win over a section named by a provider this module does not know", () => {
    const found = detect(`
      <section><h3>Backblaze B2</h3>
        <label for="b1">Application Key ID</label><input id="b1" name="b_1">
        <label for="b2">Application Key</label><input id="b2" name="b_2" type="password"></section>
      <section><h3>Sakura Object Storage</h3>
        <label for="s1">Access Key ID</label><input id="s1" name="sakura_access_key_id">
        <label for="s2">Secret Access Key</label><input id="s2" name="sakura_secret_access_key" type="password"></section>`);
    expect([found.keyId, found.secret]).toEqual(['b_1', 'b_2']);
  });

  it('an S3 form alone is still filled (B2 is often entered as S3-compatible)', () => {
    const found = detect(`<h2>Amazon S3</h2><label for="s1">Access key ID</label><input id="s1" name="ak"><label for="s2">Secret access key</label><input id="s2" name="sk" type="password">`);
    expect([found.keyId, found.secret]).toEqual(['ak', 'sk']);
  });
});

describe('the threshold (THRESHOLD, imported: the test keeps no copy of it)', () => {
  const keyIdField = '<label for="k">Key ID</label><input id="k" name="kid">';

  it('chooses a field that scores exactly THRESHOLD, and not one just below it', () => {
    page(`${keyIdField}<input id="a" name="key" placeholder="key">`);
    expect(scoreField(field('#a'), { visibility: SEEN }).secretScore).toBe(THRESHOLD);
    expect(detect(`${keyIdField}<input id="a" name="key" placeholder="key">`)).toMatchObject({ keyId: 'kid', secret: 'key' });

    page(`${keyIdField}<input id="a" name="key" title="key">`);
    const below = scoreField(field('#a'), { visibility: SEEN }).secretScore;
    expect(below).toBeLessThan(THRESHOLD);
    expect(below).toBeGreaterThan(THRESHOLD - 1);
    expect(detect(`${keyIdField}<input id="a" name="key" title="key">`)).toMatchObject({ keyId: 'kid', secret: null });
  });

  it('asks the hit test about a field at THRESHOLD, and a covered one is not chosen', () => {
    const asked: string[] = [];
    const coverA: VisibilityCheck = {
      hiddenByStyle: () => null,
      coveredBy: (el) => {
        asked.push(el.getAttribute('name') ?? '');
        return el.getAttribute('name') === 'key' ? 'covered by another element' : null;
      },
    };
    expect(detect(`${keyIdField}<input id="a" name="key" placeholder="key"><input name="below" title="key">`, coverA)).toMatchObject({ keyId: 'kid', secret: null });
    // Only fields that could be chosen are hit-tested (it may scroll the page): not the one below THRESHOLD.
    expect(asked.sort()).toEqual(['key', 'kid']);
  });
});

describe('search boxes', () => {
  const secretField = '<label for="s">Application Key</label><input id="s" name="secret">';

  it.each([
    ['role=search', '<div role="search">', '</div>'],
    ['<search>', '<search>', '</search>'],
    ['form role=search', '<form role="search">', '</form>'],
  ])('a field labelled Key ID inside a search region (%s) is never the keyID field', (_what, open, close) => {
    const html = `${open}<label for="k">Key ID</label><input id="k" name="kid">${close}${secretField}`;
    expect(detect(html)).toMatchObject({ keyId: null, secret: 'secret' });
    const scored = scoreField(field('#k'), { visibility: SEEN });
    expect(scored.reasons).toContain('inside a search region (−30)');
    // The same field outside the region is chosen: the region is the reason.
    expect(detect(`<label for="k">Key ID</label><input id="k" name="kid">${secretField}`)).toMatchObject({ keyId: 'kid', secret: 'secret' });
  });

  it('a search-typed field is never chosen, however it is labelled', () => {
    expect(detect(`<label for="k">Key ID</label><input id="k" name="kid" type="search">${secretField}`)).toMatchObject({ keyId: null, secret: 'secret' });
    expect(scoreField(field('#k'), { visibility: SEEN }).reasons).toContain('type=search (−30)');
  });

  it('a region that merely mentions search (a class, an id) is no search region', () => {
    expect(detect(`<div class="search" id="search"><label for="k">Key ID</label><input id="k" name="kid"></div>${secretField}`)).toMatchObject({ keyId: 'kid', secret: 'secret' });
  });
});
