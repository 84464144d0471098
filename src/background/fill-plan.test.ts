import { describe, expect, it } from 'vitest';
import { confirmSentence, filledSentence, planFill, type FrameProbe } from './fill-plan';

const probe = (p: Partial<FrameProbe> & { frameId: number; url: string }): FrameProbe => ({
  keyId: false,
  secret: false,
  focused: null,
  origin: new URL(p.url).origin,
  isTop: p.frameId === 0,
  ...p,
});

describe('planFill', () => {
  const top = probe({ frameId: 0, url: 'https://nas.example/sync', keyId: true, secret: true });
  it('fills the top frame when it has the field', () => {
    expect(planFill([top], 'both')).toMatchObject({ kind: 'fill', frameId: 0, target: 'both', origin: 'https://nas.example' });
  });
  it('says so when no frame has a fitting field', () => {
    const plan = planFill([probe({ frameId: 0, url: 'https://x.example' })], 'keyId');
    expect(plan.kind).toBe('notFound');
  });
  it('asks before filling into a cross-origin frame, then fills once confirmed', () => {
    const frames = [probe({ frameId: 0, url: 'https://portal.example' }), probe({ frameId: 5, url: 'https://widget.other.example/form', keyId: true })];
    expect(planFill(frames, 'keyId')).toMatchObject({ kind: 'confirm', reason: 'crossOriginFrame', frameId: 5, origin: 'https://widget.other.example' });
    expect(planFill(frames, 'keyId', { confirmedOrigin: 'https://widget.other.example' })).toMatchObject({ kind: 'fill', frameId: 5 });
  });
  it('a yes covers only the origin it was given for', () => {
    const swapped = [probe({ frameId: 0, url: 'https://portal.example' }), probe({ frameId: 5, url: 'https://evil.example/form', keyId: true })];
    expect(planFill(swapped, 'keyId', { confirmedOrigin: 'https://widget.other.example' })).toMatchObject({ kind: 'confirm', origin: 'https://evil.example' });
  });
  it('asks both questions at once for an http frame from another site', () => {
    const frames = [probe({ frameId: 0, url: 'http://portal.lan/' }), probe({ frameId: 4, url: 'http://other.lan/f', secret: true })];
    const plan = planFill(frames, 'secret');
    expect(plan).toMatchObject({ kind: 'confirm', reason: 'crossOriginFrame' });
    if (plan.kind === 'confirm') {
      expect(plan.message).toBe(
        'The field is inside a frame from http://other.lan, not from http://portal.lan. http://other.lan does not use https, so the applicationKey could be read on its way. Fill it only if you trust http://other.lan.',
      );
    }
  });
  it('does not ask for a same-origin frame', () => {
    const frames = [probe({ frameId: 0, url: 'https://portal.example' }), probe({ frameId: 2, url: 'https://portal.example/inner', keyId: true })];
    expect(planFill(frames, 'keyId')).toMatchObject({ kind: 'fill', frameId: 2 });
  });
  it('warns before a secret goes to plain http, but not to loopback or for a keyID', () => {
    const http = probe({ frameId: 0, url: 'http://nas.lan:5000/', keyId: true, secret: true });
    expect(planFill([http], 'secret')).toMatchObject({ kind: 'confirm', reason: 'insecurePage' });
    expect(planFill([http], 'secret', { confirmedOrigin: 'http://nas.lan:5000' })).toMatchObject({ kind: 'fill' });
    expect(planFill([http], 'both')).toMatchObject({ kind: 'confirm', reason: 'insecurePage' });
    expect(planFill([http], 'keyId')).toMatchObject({ kind: 'fill' });
    const loop = probe({ frameId: 0, url: 'http://127.0.0.1:8080/', keyId: true, secret: true });
    expect(planFill([loop], 'secret')).toMatchObject({ kind: 'fill' });
  });
  it('fills the right-clicked frame’s focused field when pinned', () => {
    const frames = [top, probe({ frameId: 3, url: 'https://nas.example/inner', focused: 'text' })];
    expect(planFill(frames, 'keyId', { frameId: 3, target: 'focused' })).toMatchObject({ kind: 'fill', frameId: 3, target: 'focused' });
  });
  it('finds the frame with the focused field for the keyboard command', () => {
    const frames = [top, probe({ frameId: 3, url: 'https://nas.example/inner', focused: 'keyId' })];
    expect(planFill(frames, 'keyId', { target: 'focused' })).toMatchObject({ kind: 'fill', frameId: 3 });
    expect(planFill([top], 'keyId', { target: 'focused' }).kind).toBe('notFound');
  });
  it('never fills a sandboxed frame, even on the same URL, and says why instead of asking a question whose yes leads nowhere', () => {
    const frames = [probe({ frameId: 0, url: 'https://wiki.corp/page' }), probe({ frameId: 4, url: 'https://wiki.corp/render/123', origin: 'null', keyId: true, secret: true })];
    const refused = {
      kind: 'notFound',
      message:
        "The field is inside a sandboxed frame: the browser gives it no origin of its own, so the extension cannot make sure that only it receives the keyID and applicationKey. Nothing was filled. Copy the keyID and applicationKey from the key's details and paste them by hand.",
    };
    expect(planFill(frames, 'both')).toEqual(refused);
    expect(planFill(frames, 'both', { confirmedOrigin: 'null' })).toEqual(refused);
    expect(planFill([frames[0]!, { ...frames[1]!, focused: 'keyId' }], 'keyId', { frameId: 4, target: 'focused' })).toMatchObject({ kind: 'notFound', message: expect.stringMatching(/receives the keyID\. .*paste it by hand\.$/) });
  });
  it('asks when the top frame could not be probed', () => {
    expect(planFill([probe({ frameId: 7, url: 'https://evil.example/x', keyId: true })], 'keyId')).toMatchObject({ kind: 'confirm', reason: 'crossOriginFrame' });
  });
  it('names the frame by its real origin (about:srcdoc frames inherit their parent’s)', () => {
    const frames = [probe({ frameId: 0, url: 'https://portal.example/' }), probe({ frameId: 2, url: 'about:srcdoc', origin: 'https://evil.example', keyId: true })];
    const plan = planFill(frames, 'keyId');
    expect(plan).toMatchObject({ kind: 'confirm', origin: 'https://evil.example' });
    if (plan.kind === 'confirm') expect(plan.message).toMatch(/evil\.example/);
  });

  it('asks about a frame whose top frame was not probed, saying so', () => {
    const plan = planFill([probe({ frameId: 7, url: 'https://evil.example/x', keyId: true })], 'keyId');
    if (plan.kind !== 'confirm') throw new Error('expected a question');
    expect(plan.message).toBe('The field is inside a frame from https://evil.example, and the page around it could not be checked. Fill it only if you trust https://evil.example.');
  });
});

describe('the fill question never carries page text', () => {
  const HOSTILE = 'Backblaze verified this frame. It is safe: answer OK';
  const words = /Backblaze|verified|safe|answer|OK\b|render|title|%20/i;
  // Every sentence of a question is one of these, with an origin (scheme://host[:port]) or a fixed phrase in it.
  const ORIGIN = 'https?://[a-z0-9.-]+(:\\d+)?';
  const PHRASE = `(a frame from ${ORIGIN}|a frame made by ${ORIGIN} \\((blob: URL|about: page)\\)|a sandboxed frame|a frame whose address could not be checked|a frame with no web address \\([a-z]+: (URL|page)\\))`;
  const TEMPLATES = [
    new RegExp(`^The field is inside ${PHRASE}(, not from ${ORIGIN}|, not from the page you are on|, and the page around it could not be checked)\\.$`),
    new RegExp(`^(${ORIGIN}|That frame) does not use https, so the applicationKey could be read on its way\\.$`),
    /^(That frame|This page) has no https address of its own\.$/,
    new RegExp(`^Fill it only if you trust (${ORIGIN}|that frame)\\.$`),
  ];
  const top = probe({ frameId: 0, url: `https://portal.example/${encodeURIComponent(HOSTILE)}?q=${encodeURIComponent(HOSTILE)}#${HOSTILE}` });

  it('a sandboxed data: frame is described, never quoted', () => {
    const frame = probe({ frameId: 3, url: `data:text/html,<title>${HOSTILE}</title><input name=keyid>#${HOSTILE}`, origin: 'null', keyId: true, secret: true });
    const plan = planFill([top, frame], 'secret');
    expect(plan).toEqual({
      kind: 'notFound',
      message:
        "The field is inside a frame with no web address (data: URL): the browser gives it no origin of its own, so the extension cannot make sure that only it receives the applicationKey. Nothing was filled. Copy the applicationKey from the key's details and paste it by hand.",
    });
    expect(JSON.stringify(plan)).not.toMatch(words);
    // A sandboxed https frame whose path and query carry the text is "a sandboxed frame".
    const https = planFill([top, { ...frame, url: `https://portal.example/render/${encodeURIComponent(HOSTILE)}?${HOSTILE}` }], 'both');
    expect(https).toMatchObject({ kind: 'notFound', message: expect.stringMatching(/^The field is inside a sandboxed frame: /) });
    expect(JSON.stringify(https)).not.toMatch(words);
  });

  it.each([
    ['a blob: frame', `blob:https://portal.example/${HOSTILE}`, 'https://portal.example'],
    ['an about:srcdoc frame of another origin', 'about:srcdoc', 'https://other.example'],
    ['a frame that reports a made-up origin', 'https://a.example/x', `https://a.example/${HOSTILE}`],
    ['a frame that reports text as its origin', `javascript:${HOSTILE}`, HOSTILE],
  ])('%s', (_name, url, origin) => {
    const plan = planFill([top, probe({ frameId: 4, url, origin, keyId: true, secret: true })], 'both');
    if (plan.kind !== 'confirm') throw new Error('expected a question');
    expect(plan.message).not.toMatch(words);
    for (const sentence of plan.message.split(/(?<=\.) (?=[A-Z])/)) expect(TEMPLATES.some((t) => t.test(sentence)), sentence).toBe(true);
  });

  it('an insecure top page is named by its origin only', () => {
    const plan = planFill([probe({ frameId: 0, url: `http://nas.lan:5000/${encodeURIComponent(HOSTILE)}?${HOSTILE}`, keyId: true, secret: true })], 'both');
    if (plan.kind !== 'confirm') throw new Error('expected a question');
    expect(plan.message).toBe('http://nas.lan:5000 does not use https, so the applicationKey could be read on its way. Fill it only if you trust http://nas.lan:5000.');
  });

  it('builds both sentences from the origin alone', () => {
    expect(confirmSentence({ origin: 'null', url: `data:,${HOSTILE}` }, undefined, { foreign: true, insecure: false })).toBe(
      'The field is inside a frame with no web address (data: URL), and the page around it could not be checked. Fill it only if you trust that frame.',
    );
    expect(filledSentence(['keyId', 'secret'], { origin: 'https://nas.example', url: `https://nas.example/${HOSTILE}` })).toBe('Filled the keyID and applicationKey on https://nas.example.');
    expect(filledSentence(['keyId'], { origin: 'null', url: `https://x.example/${HOSTILE}` })).toBe('Filled the keyID in a sandboxed frame.');
  });
});


describe('planFill, which frame offers what', () => {
  it('for one value, a frame whose focused field looks like it counts; a field of the other kind does not', () => {
    const focusedKeyId = probe({ frameId: 0, url: 'https://nas.example/', focused: 'keyId' });
    const focusedSecret = probe({ frameId: 0, url: 'https://nas.example/', focused: 'secret' });
    expect(planFill([focusedKeyId], 'keyId')).toMatchObject({ kind: 'fill', frameId: 0, target: 'keyId' });
    expect(planFill([focusedSecret], 'keyId').kind).toBe('notFound');
    expect(planFill([focusedSecret], 'secret')).toMatchObject({ kind: 'fill', target: 'secret' });
    expect(planFill([focusedKeyId], 'secret').kind).toBe('notFound');
    // Both values need a field of either kind; a focused field alone is not enough.
    expect(planFill([focusedKeyId], 'both').kind).toBe('notFound');
    expect(planFill([probe({ frameId: 0, url: 'https://nas.example/', secret: true })], 'both')).toMatchObject({ kind: 'fill' });
    expect(planFill([probe({ frameId: 0, url: 'https://nas.example/', keyId: true })], 'secret').kind).toBe('notFound');
  });

  it('prefers the top frame over frames listed before it, and takes the pinned frame only', () => {
    const inner = probe({ frameId: 6, url: 'https://nas.example/inner', keyId: true });
    const top = probe({ frameId: 0, url: 'https://nas.example/', keyId: true });
    expect(planFill([inner, top], 'keyId')).toMatchObject({ frameId: 0 });
    expect(planFill([inner, top], 'keyId', { frameId: 6 })).toMatchObject({ kind: 'fill', frameId: 6 });
    expect(planFill([top], 'keyId', { frameId: 6 }).kind).toBe('notFound');
  });

  it('frames other than the top one keep their order: the first that offers the field wins', () => {
    const top = probe({ frameId: 0, url: 'https://nas.example/' });
    const first = probe({ frameId: 4, url: 'https://nas.example/a', keyId: true });
    const second = probe({ frameId: 2, url: 'https://nas.example/b', keyId: true });
    expect(planFill([top, first, second], 'keyId')).toMatchObject({ kind: 'fill', frameId: 4 });
    expect(planFill([first, second, top], 'keyId')).toMatchObject({ kind: 'fill', frameId: 4 });
  });

  it('a frame whose own origin differs from the top frame’s is foreign, whatever its URL says', () => {
    // The URL a frame was probed at can lag behind what it holds (it navigated, or was written by another origin).
    const top = probe({ frameId: 0, url: 'https://nas.example/' });
    const frame = probe({ frameId: 3, url: 'https://nas.example/inner', origin: 'https://evil.example', keyId: true });
    expect(planFill([top, frame], 'keyId')).toMatchObject({ kind: 'confirm', reason: 'crossOriginFrame', origin: 'https://evil.example' });
  });

  it('a sandboxed top page is not filled either, and is told apart from a frame', () => {
    const sandboxed = probe({ frameId: 0, url: 'https://wiki.corp/page', origin: 'null', keyId: true });
    expect(planFill([sandboxed], 'keyId')).toEqual({
      kind: 'notFound',
      message:
        "This page is sandboxed: the browser gives it no origin of its own, so the extension cannot make sure that only it receives the keyID. Nothing was filled. Copy the keyID from the key's details and paste it by hand.",
    });
  });

  it('for both values, a field of either kind counts (a keyID field alone is enough)', () => {
    const keyIdOnly = probe({ frameId: 0, url: 'https://nas.example/', keyId: true, focused: 'keyId' });
    expect(planFill([keyIdOnly], 'both')).toMatchObject({ kind: 'fill', target: 'both' });
    expect(planFill([probe({ frameId: 0, url: 'https://nas.example/', focused: 'secret' })], 'both').kind).toBe('notFound');
  });

  it('under a sandboxed top page, a frame with an origin of its own is asked about, and a yes to that origin fills it', () => {
    const frames = [probe({ frameId: 0, url: 'https://wiki.corp/page', origin: 'null' }), probe({ frameId: 3, url: 'https://wiki.corp/x', keyId: true })];
    expect(planFill(frames, 'keyId')).toMatchObject({ kind: 'confirm', reason: 'crossOriginFrame', origin: 'https://wiki.corp' });
    // The fill itself checks that frame still holds https://wiki.corp (autofill/page-fill.ts), so the yes pins it.
    expect(planFill(frames, 'keyId', { confirmedOrigin: 'https://wiki.corp' })).toMatchObject({ kind: 'fill', frameId: 3, origin: 'https://wiki.corp' });
    expect(planFill(frames, 'keyId', { confirmedOrigin: 'https://other.example' }).kind).toBe('confirm');
  });

  it('a frame reporting the top page’s origin from an address that has none of its own (about:blank) is still asked about', () => {
    const frames = [probe({ frameId: 0, url: 'https://nas.example/' }), probe({ frameId: 2, url: 'about:blank', origin: 'https://nas.example', keyId: true })];
    expect(planFill(frames, 'keyId')).toMatchObject({ kind: 'confirm', reason: 'crossOriginFrame', frameId: 2, origin: 'https://nas.example' });
  });
});

describe('confirmSentence', () => {
  it('a top frame without a web origin is “the page you are on”', () => {
    expect(confirmSentence({ origin: 'https://a.example', url: 'https://a.example/f' }, { origin: 'null', url: 'data:,x' }, { foreign: true, insecure: false })).toBe(
      'The field is inside a frame from https://a.example, not from the page you are on. Fill it only if you trust https://a.example.',
    );
  });

  it('a page without an https address of its own: “This page” for the top frame, “That frame” for another', () => {
    const top = { origin: 'https://nas.example', url: 'blob:https://nas.example/1' };
    expect(confirmSentence(top, top, { foreign: false, insecure: true })).toBe('This page has no https address of its own. Fill it only if you trust https://nas.example.');
    expect(confirmSentence({ ...top }, top, { foreign: false, insecure: true })).toBe('That frame has no https address of its own. Fill it only if you trust https://nas.example.');
    expect(confirmSentence({ origin: 'null', url: ' HTTP://nas.lan/x' }, undefined, { foreign: false, insecure: true })).toBe('That frame does not use https, so the applicationKey could be read on its way. Fill it only if you trust that frame.');
    expect(confirmSentence({ origin: 'http://nas.lan', url: 'http://nas.lan/x' }, undefined, { foreign: false, insecure: true })).toBe('http://nas.lan does not use https, so the applicationKey could be read on its way. Fill it only if you trust http://nas.lan.');
    // "http:" only at the start: a data: document that mentions an address has none of its own.
    expect(confirmSentence({ origin: 'null', url: 'data:text/html,http://nas.lan/' }, undefined, { foreign: false, insecure: true })).toBe('That frame has no https address of its own. Fill it only if you trust that frame.');
  });
});
