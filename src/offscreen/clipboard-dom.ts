/**
 * Clears the clipboard if it still holds a text with a given SHA-256 digest. Runs where there is a DOM:
 * Chrome's offscreen document (a service worker has no clipboard) and Firefox's event page.
 *
 * The clipboard's text is read, hashed and compared here and goes nowhere else: the caller learns only
 * whether it matched. Reading needs the `clipboardRead` permission; it is what makes "only if it still
 * holds the key" possible, so something the person copied since (from anywhere) is never wiped.
 */
import { sha256Hex } from '../common/digest';

export type ClearOutcome = 'cleared' | 'changed' | 'failed';

/** The one message the background sends to the offscreen document. */
export interface ClearRequest {
  b2kmOffscreen: 1;
  op: 'clearIfHolds';
  digest: string;
}

export function isClearRequest(message: unknown): message is ClearRequest {
  const m = message as Partial<ClearRequest> | null;
  return !!m && typeof m === 'object' && m.b2kmOffscreen === 1 && m.op === 'clearIfHolds' && typeof m.digest === 'string';
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

export async function clearIfHolds(doc: Document, digest: string, opts: DomClipboardOptions): Promise<ClearOutcome> {
  const before = await readText(doc, opts);
  if (before === null) return 'failed';
  if ((await sha256Hex(before)) !== digest) return 'changed';
  if (!(await writeEmpty(doc, opts))) return 'failed';
  // Checked, not assumed: a write the browser silently ignored must not count as cleared.
  const after = await readText(doc, opts);
  return after !== null && (await sha256Hex(after)) !== digest ? 'cleared' : 'failed';
}
