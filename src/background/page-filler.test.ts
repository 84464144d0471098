/**
 * browserPageFiller's order of steps in Node, over a stand-in for browser.scripting and browser.tabs that keeps
 * a list of frames (each with what its probe answers and what its fill answers). What the page script does in a
 * real frame is tested in Chromium (test/e2e/autofill-*.test.ts); here: which frames are injected and probed,
 * that the values are asked for only once the plan says fill, and that only our own sentences come back.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { callFill, callProbe } from '../autofill/inject-call';
import type { FillResult, ProbeResult } from '../autofill/types';
import { RpcError } from '../rpc/errors';

interface Frame {
  probe: ProbeResult | null;
  fill?: FillResult | undefined;
}
let frames: Map<number, Frame>;
let log: unknown[];
let injectFails: boolean;
/** Which later executeScript call the browser refuses (the page navigated or closed after the injection). */
let refuses: 'probe' | 'fill' | null;
let activeTab: { id?: number } | undefined;
let title: string | undefined | Error;

function targets(t: { tabId: number; frameIds?: number[]; allFrames?: boolean }): number[] {
  return t.allFrames ? [...frames.keys()] : (t.frameIds ?? []);
}

vi.mock('webextension-polyfill', () => ({
  default: {
    tabs: {
      query: async (q: unknown) => (log.push(['query', q]), activeTab ? [activeTab] : []),
      get: async (id: number) => {
        log.push(['get', id]);
        if (title instanceof Error) throw title;
        return { id, title };
      },
    },
    scripting: {
      executeScript: async (d: { target: { tabId: number; frameIds?: number[]; allFrames?: boolean }; files?: string[]; func?: unknown; args?: unknown[] }) => {
        if (d.files) {
          log.push(['inject', d.target, d.files]);
          if (injectFails) throw new Error('Cannot access contents of the page');
          return [];
        }
        if (d.func === callProbe) {
          log.push(['probe', d.target]);
          if (refuses === 'probe') throw new Error('Frame with ID 0 was removed.');
          return targets(d.target).map((frameId) => ({ frameId, result: frames.get(frameId)?.probe ?? null }));
        }
        if (d.func === callFill) {
          log.push(['fill', d.target, d.args]);
          if (refuses === 'fill') throw new Error('Cannot access contents of url "https://other.example/".');
          return targets(d.target).map((frameId) => ({ frameId, result: frames.get(frameId)?.fill }));
        }
        throw new Error('unexpected executeScript');
      },
    },
  },
}));

const { AUTOFILL_FILE, browserPageFiller, failureSentence } = await import('./page-filler');

const probe = (url: string, p: Partial<ProbeResult> = {}): ProbeResult => ({ keyId: false, secret: false, focused: null, url, origin: new URL(url).origin, isTop: false, ...p });
const VALUES = { keyId: 'K-ID', secret: 'K005-the-secret' };

let asked: number;
const values = async () => (asked++, VALUES);

beforeEach(() => {
  frames = new Map();
  log = [];
  injectFails = false;
  refuses = null;
  activeTab = { id: 7 };
  title = 'Cloud Sync';
  asked = 0;
});

describe('browserPageFiller', () => {
  it('from the popup: injects into every frame of the active tab, fills the top frame, and hands over the values there only', async () => {
    frames.set(0, { probe: probe('https://nas.example/sync', { keyId: true, secret: true, isTop: true }), fill: { ok: true, filled: ['keyId', 'secret'] } });
    frames.set(3, { probe: probe('https://nas.example/frame', { keyId: true, secret: true }) });
    const out = await browserPageFiller().fill({ what: 'both', values });
    expect(out).toEqual({ status: 'filled', filled: ['keyId', 'secret'], frameUrl: 'https://nas.example/sync', frameOrigin: 'https://nas.example', pageTitle: 'Cloud Sync' });
    expect(log).toEqual([
      ['query', { active: true, lastFocusedWindow: true }],
      ['inject', { tabId: 7, allFrames: true }, [AUTOFILL_FILE]],
      ['probe', { tabId: 7, allFrames: true }],
      ['fill', { tabId: 7, frameIds: [0] }, [{ ...VALUES, target: 'both', expectedOrigin: 'https://nas.example' }]],
      ['get', 7],
    ]);
    expect(asked).toBe(1);
  });

  it('a pinned subframe: the top frame is injected and probed too, and a cross-origin frame is asked about before any value is read', async () => {
    frames.set(0, { probe: probe('https://nas.example/', { isTop: true }) });
    frames.set(5, { probe: probe('https://widget.example/f', { focused: 'secret' }), fill: { ok: true, filled: ['secret'] } });
    const out = await browserPageFiller().fill({ tabId: 2, frameId: 5, what: 'secret', target: 'focused', values });
    expect(out).toMatchObject({ status: 'confirm', reason: 'crossOriginFrame', frameUrl: 'https://widget.example/f', frameOrigin: 'https://widget.example' });
    expect(asked).toBe(0);
    expect(log).toEqual([
      ['inject', { tabId: 2, frameIds: [5] }, [AUTOFILL_FILE]],
      ['inject', { tabId: 2, frameIds: [0] }, [AUTOFILL_FILE]],
      ['probe', { tabId: 2, frameIds: [0] }],
      ['probe', { tabId: 2, frameIds: [5] }],
    ]);
    // After the yes for that origin, the values go to that frame only.
    log = [];
    const filled = await browserPageFiller().fill({ tabId: 2, frameId: 5, what: 'secret', target: 'focused', confirmedOrigin: 'https://widget.example', values });
    expect(filled).toMatchObject({ status: 'filled', filled: ['secret'] });
    expect(log).toContainEqual(['fill', { tabId: 2, frameIds: [5] }, [{ ...VALUES, target: 'focused', expectedOrigin: 'https://widget.example' }]]);
  });

  it('the top frame pinned is injected and probed once', async () => {
    frames.set(0, { probe: probe('https://nas.example/', { isTop: true, keyId: true }), fill: { ok: true, filled: ['keyId'] } });
    await browserPageFiller().fill({ tabId: 2, frameId: 0, what: 'keyId', values });
    expect(log.filter((l) => (l as string[])[0] === 'inject')).toEqual([['inject', { tabId: 2, frameIds: [0] }, [AUTOFILL_FILE]]]);
    expect(log.filter((l) => (l as string[])[0] === 'probe')).toEqual([['probe', { tabId: 2, frameIds: [0] }]]);
  });

  it('no tab to fill, or a page the browser keeps extensions out of, is refused with a sentence', async () => {
    activeTab = undefined;
    await expect(browserPageFiller().fill({ what: 'keyId', values })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/no page to fill/) });
    activeTab = {};
    await expect(browserPageFiller().fill({ what: 'keyId', values })).rejects.toBeInstanceOf(RpcError);
    injectFails = true;
    await expect(browserPageFiller().fill({ tabId: 1, what: 'keyId', values })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'This page cannot be filled: the browser does not let extensions into it (for example its own pages or the web store), or the page was closed.',
    });
    expect(asked).toBe(0);
  });

  it('no fitting field, or frames that did not answer the probe: not found, nothing read', async () => {
    frames.set(0, { probe: null });
    frames.set(1, { probe: probe('https://nas.example/', { isTop: false }) });
    const out = await browserPageFiller().fill({ tabId: 1, what: 'both', values });
    expect(out).toMatchObject({ status: 'notFound', message: expect.stringMatching(/^No keyID or applicationKey field was found/) });
    expect(asked).toBe(0);
  });

  it('a top frame that did not answer the probe is not compared with: the question says the page around could not be checked', async () => {
    frames.set(0, { probe: null });
    frames.set(3, { probe: probe('https://a.example/f', { keyId: true }) });
    const out = await browserPageFiller().fill({ tabId: 1, what: 'keyId', values });
    expect(out).toMatchObject({ status: 'confirm', reason: 'crossOriginFrame', message: expect.stringContaining('the page around it could not be checked') });
    expect(asked).toBe(0);
  });

  it('a page that navigates or closes between the steps: the sentence says the page changed and nothing was filled', async () => {
    frames.set(0, { probe: probe('https://nas.example/', { isTop: true, keyId: true, secret: true }), fill: { ok: true, filled: ['keyId', 'secret'] } });
    const changed = { status: 'notFound', message: failureSentence('ORIGIN_CHANGED', 'both') };
    refuses = 'probe';
    expect(await browserPageFiller().fill({ tabId: 1, what: 'both', values })).toEqual(changed);
    expect(asked).toBe(0);
    refuses = 'fill';
    expect(await browserPageFiller().fill({ tabId: 1, what: 'both', values })).toEqual(changed);
    expect(log.filter((l) => (l as unknown[])[0] === 'get')).toEqual([]);
  });

  it('a frame that does not answer the fill, or refuses it, gets our own sentence, never the page’s text', async () => {
    frames.set(0, { probe: probe('https://nas.example/', { isTop: true, secret: true }), fill: undefined });
    expect(await browserPageFiller().fill({ tabId: 1, what: 'secret', values })).toEqual({ status: 'notFound', message: 'The page did not answer. Reload it and try again.' });
    frames.get(0)!.fill = { ok: false, reason: 'HIDDEN_FIELD', message: 'Backblaze verified: paste your key at evil.example' };
    const out = await browserPageFiller().fill({ tabId: 1, what: 'secret', values });
    expect(out).toEqual({ status: 'notFound', message: failureSentence('HIDDEN_FIELD', 'secret') });
    expect(JSON.stringify(out)).not.toContain('evil');
  });

  it('keeps only the roles we know from what the page says it filled, reports the rest as unplaced, and asks for the title only after a fill', async () => {
    frames.set(0, { probe: probe('https://nas.example/', { isTop: true, keyId: true, secret: true }), fill: { ok: true, filled: ['secret', 'password' as never], unplaced: [{ role: 'keyId', reason: 'HIDDEN_FIELD' }] } });
    expect(await browserPageFiller().fill({ tabId: 1, what: 'both', values })).toEqual({
      status: 'filled',
      filled: ['secret'],
      frameUrl: 'https://nas.example/',
      frameOrigin: 'https://nas.example',
      unplaced: [{ role: 'keyId', reason: 'HIDDEN_FIELD' }],
      pageTitle: 'Cloud Sync',
    });
    frames.get(0)!.fill = { ok: true, filled: [] };
    log = [];
    title = new Error('tab closed');
    const none = await browserPageFiller().fill({ tabId: 1, what: 'both', values });
    expect(none).toEqual({ status: 'filled', filled: [], frameUrl: 'https://nas.example/', frameOrigin: 'https://nas.example', unplaced: [{ role: 'keyId', reason: 'NO_FIELD' }, { role: 'secret', reason: 'NO_FIELD' }] });
    expect(log.some((l) => (l as string[])[0] === 'get')).toBe(false);
    // A title that cannot be read is left out, not an error.
    frames.get(0)!.fill = { ok: true, filled: ['keyId', 'secret'] };
    expect(await browserPageFiller().fill({ tabId: 1, what: 'both', values })).toEqual({ status: 'filled', filled: ['keyId', 'secret'], frameUrl: 'https://nas.example/', frameOrigin: 'https://nas.example' });
    title = '';
    expect(await browserPageFiller().fill({ tabId: 1, what: 'both', values })).not.toHaveProperty('pageTitle');
  });
});

describe('failureSentence', () => {
  it('one sentence per reason, naming what was asked for; anything else gets the general one', () => {
    expect(failureSentence('NO_FIELD', 'keyId')).toBe('No keyID field was found on this page. Click into the field and try again.');
    expect(failureSentence('NO_FIELD', 'secret')).toBe('No applicationKey field was found on this page. Click into the field and try again.');
    expect(failureSentence('NO_FIELD', 'both')).toBe('No keyID or applicationKey field was found on this page. Click into the field and try again.');
    expect(failureSentence('NO_FIELD', 'other' as never)).toBe('No fitting field was found on this page. Click into the field and try again.');
    expect(failureSentence('NO_FOCUSED_FIELD', 'keyId')).toMatch(/^No text field has the focus\./);
    expect(failureSentence('HIDDEN_FIELD', 'keyId')).toMatch(/^The field cannot be seen on the page/);
    expect(failureSentence('REJECTED', 'keyId')).toMatch(/^The page did not accept the value/);
    expect(failureSentence('ORIGIN_CHANGED', 'keyId')).toMatch(/^The page changed before it could be filled/);
    expect(failureSentence('NO_VALUE', 'keyId')).toMatch(/^There was nothing to fill/);
    expect(failureSentence('NOT_INJECTED', 'keyId')).toBe('The page could not be filled. Reload it and try again.');
    expect(failureSentence('toString', 'keyId')).toBe('The page could not be filled. Reload it and try again.');
  });
});
