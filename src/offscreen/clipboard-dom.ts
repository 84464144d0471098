/**
 * Clears the clipboard if it still holds a given text, known only by a keyed digest of it (see ClipboardMatch).
 * Runs where there is a DOM: Chrome's offscreen document (a service worker has no clipboard) and Firefox's event page.
 *
 * The clipboard's text is read, hashed and compared here and goes nowhere else: the caller learns only
 * whether it matched. Reading needs the `clipboardRead` permission; it is what makes "only if it still
 * holds the key" possible, so something the person copied since (from anywhere) is never wiped.
 */
import { sha256Hex } from '../common/digest';

export type ClearOutcome = 'cleared' | 'changed' | 'failed';

/**
 * How a copied text is recognised: `mac` = HMAC-SHA-256 under `key` (random, one per copy) of the text's SHA-256
 * hex, the form the popup hands over (it never sends the text). This is what storage.local keeps while a clear is
 * pending (background/clipboard.ts says why it is keyed and why no slower hash).
 */
export interface ClipboardMatch {
  key: string;
  mac: string;
}

/** The one message the background sends to the offscreen document. */
export interface ClearRequest extends ClipboardMatch {
  b2kmOffscreen: 1;
  op: 'clearIfHolds';
}

const HEX64 = /^[0-9a-f]{64}$/;

export function isClearRequest(message: unknown): message is ClearRequest {
  const m = message as Partial<ClearRequest> | null;
  return !!m && typeof m === 'object' && m.b2kmOffscreen === 1 && m.op === 'clearIfHolds' && isMatchPart(m.key) && isMatchPart(m.mac);
}

export function isMatchPart(value: unknown): value is string {
  return typeof value === 'string' && HEX64.test(value);
}

function hexBytes(hex: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** The `mac` of a text whose SHA-256 hex is `digest`, under `key` (64 hex digits). */
export async function keyedDigest(key: string, digest: string): Promise<string> {
  const hmacKey = await crypto.subtle.importKey('raw', hexBytes(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const bytes = new Uint8Array(await crypto.subtle.sign('HMAC', hmacKey, new TextEncoder().encode(digest)));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function holds(text: string, match: ClipboardMatch): Promise<boolean> {
  return (await keyedDigest(match.key, await sha256Hex(text))) === match.mac;
}

/**
 * navigator.clipboard needs a focused document, which an offscreen document never is: there the
 * execCommand path (allowed to extensions by clipboardRead/clipboardWrite) is the one that works.
 */
export interface DomClipboardOptions {
  tryAsyncApi: boolean;
}

async function readText(doc: Document, opts: DomClipboardOptions): Promise<string | null> {
  if (opts.tryAsyncApi) {
    try {
      return await navigator.clipboard.readText();
    } catch {
      // fall through to execCommand
    }
  }
  let text: string | null = null;
  const onPaste = (e: ClipboardEvent) => {
    text = e.clipboardData?.getData('text/plain') ?? '';
    e.preventDefault();
  };
  const area = doc.createElement('textarea');
  doc.body.append(area);
  area.focus();
  doc.addEventListener('paste', onPaste);
  try {
    doc.execCommand('paste');
  } finally {
    doc.removeEventListener('paste', onPaste);
    area.remove();
  }
  return text;
}

async function writeEmpty(doc: Document, opts: DomClipboardOptions): Promise<boolean> {
  if (opts.tryAsyncApi) {
    try {
      await navigator.clipboard.writeText('');
      return true;
    } catch {
      // fall through to execCommand
    }
  }
  let written = false;
  const onCopy = (e: ClipboardEvent) => {
    if (!e.clipboardData) return;
    e.clipboardData.setData('text/plain', '');
    e.preventDefault();
    written = true;
  };
  doc.addEventListener('copy', onCopy);
  try {
    doc.execCommand('copy');
  } finally {
    doc.removeEventListener('copy', onCopy);
  }
  return written;
}

export async function clearIfHolds(doc: Document, match: ClipboardMatch, opts: DomClipboardOptions): Promise<ClearOutcome> {
  const before = await readText(doc, opts);
  if (before === null) return 'failed';
  if (!(await holds(before, match))) return 'changed';
  if (!(await writeEmpty(doc, opts))) return 'failed';
  // Checked, not assumed: a write the browser silently ignored must not count as cleared.
  const after = await readText(doc, opts);
  return after !== null && !(await holds(after, match)) ? 'cleared' : 'failed';
}
