/**
 * The comparison the offscreen document (Chrome) and the event page (Firefox) make before clearing, over a stand-in
 * for navigator.clipboard: a record made by the background from the popup's SHA-256 matches the text copied, and
 * nothing else.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sha256Hex } from '../common/digest';
import { clearIfHolds, isClearRequest, keyedDigest, type ClipboardMatch } from './clipboard-dom';

const SECRET = 'K005clipboardDomSecret0123456789';
const KEY = '0123456789abcdef'.repeat(4);
let board: string;

function stubClipboard(opts: { ignoreWrites?: boolean } = {}): void {
  vi.stubGlobal('navigator', {
    clipboard: {
      readText: async () => board,
      writeText: async (text: string) => void (opts.ignoreWrites ? undefined : (board = text)),
    },
  });
}

async function matchFor(text: string, key = KEY): Promise<ClipboardMatch> {
  return { key, mac: await keyedDigest(key, await sha256Hex(text)) };
}

const doc = {} as Document;
afterEach(() => vi.unstubAllGlobals());

describe('clearIfHolds', () => {
  it('clears the text the record was made for, and says so', async () => {
    stubClipboard();
    board = SECRET;
    expect(await clearIfHolds(doc, await matchFor(SECRET), { tryAsyncApi: true })).toBe('cleared');
    expect(board).toBe('');
  });

  it('leaves any other text alone, a snippet holding the secret included; a record under another key does not match', async () => {
    stubClipboard();
    for (const other of ['copied since', `export B2_APPLICATION_KEY=${SECRET}\n`]) {
      board = other;
      expect(await clearIfHolds(doc, await matchFor(SECRET), { tryAsyncApi: true })).toBe('changed');
      expect(board).toBe(other);
    }
    board = SECRET;
    const wrongKey = { key: 'f'.repeat(64), mac: (await matchFor(SECRET)).mac };
    expect(await clearIfHolds(doc, wrongKey, { tryAsyncApi: true })).toBe('changed');
    // The plain digest is not a mac: a record of the old form cannot clear anything.
    expect(await clearIfHolds(doc, { key: KEY, mac: await sha256Hex(SECRET) }, { tryAsyncApi: true })).toBe('changed');
    expect(board).toBe(SECRET);
  });

  it('a write the browser ignored is a failure, not a clear', async () => {
    stubClipboard({ ignoreWrites: true });
    board = SECRET;
    expect(await clearIfHolds(doc, await matchFor(SECRET), { tryAsyncApi: true })).toBe('failed');
  });
});

describe('isClearRequest', () => {
  it('takes our message with a key and a mac of 64 lowercase hex digits, nothing else', () => {
    const ok = { b2kmOffscreen: 1, op: 'clearIfHolds', key: KEY, mac: 'a'.repeat(64) };
    expect(isClearRequest(ok)).toBe(true);
    for (const bad of [null, 'x', { ...ok, op: 'read' }, { ...ok, key: undefined }, { ...ok, mac: 'A'.repeat(64) }, { b2kmOffscreen: 1, op: 'clearIfHolds', digest: 'a'.repeat(64) }]) {
      expect(isClearRequest(bad)).toBe(false);
    }
  });
});
