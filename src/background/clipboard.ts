/**
 * Clears a copied applicationKey from the clipboard after the set time, and when the vault locks, if the
 * clipboard still holds it. Owned by the background because the popup that copied closes.
 *
 * How "still holds it" is known without keeping the secret: the popup sends only the SHA-256 of what it
 * copied (kept in storage.session, memory only); at clear time the clipboard is read where there is a DOM
 * (Chrome: an offscreen document, reason CLIPBOARD; Firefox: the event page), hashed and compared there,
 * and cleared only on a match (offscreen/clipboard-dom.ts). Alternatives weighed:
 * - clearing without reading (no clipboardRead permission) would wipe whatever the person copied since,
 *   from any app, which is worse than the install warning;
 * - decrypting the key's saved secret at clear time to compare would need the vault unlocked (a lock is
 *   one of the moments to clear) and fails for a one-time secret that could not be saved, and snippets.
 * Timing: an in-memory timer for the exact time, plus an alarm (alarms survive a stopped worker; Chrome
 * raises any alarm sooner than 30 s to 30 s) that runs the same check. Never logs a value.
 */
import { WriteQueue } from '../storage';
import { clearIfHolds, type ClearOutcome, type ClearRequest } from '../offscreen/clipboard-dom';
import { alarmTime, nextStep, type PendingClear } from './clipboard-schedule';
import type { Session } from './session';

export const CLIPBOARD_ALARM = 'b2km-clipboard-clear';

export interface ClipboardAccess {
  clearIfHolds(digest: string): Promise<ClearOutcome>;
}

export interface AlarmsLike {
  create(name: string, info: { when: number }): void | Promise<void>;
  clear(name: string): unknown;
}

export class ClipboardGuard {
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** One check at a time: the timer, the alarm and a lock can all fire for the same copy. */
  private readonly queue = new WriteQueue();

  constructor(
    private readonly deps: {
      session: Session;
      access: ClipboardAccess;
      alarms: AlarmsLike;
      now: () => number;
    },
  ) {}

  /** Called after a copy was recorded in the session. */
  schedule(pending: PendingClear): void {
    this.arm(pending);
  }

  private arm(pending: PendingClear): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (pending.clearAt === null) {
      void this.deps.alarms.clear(CLIPBOARD_ALARM);
      return;
    }
    const now = this.deps.now();
    this.timer = setTimeout(() => void this.run('timer'), Math.max(0, pending.clearAt - now));
    void this.deps.alarms.create(CLIPBOARD_ALARM, { when: alarmTime(pending.clearAt, now) });
  }

  /** The timer, the alarm, a worker start ('timer'), or a lock. */
  run(cause: 'timer' | 'lock'): Promise<void> {
    return this.queue.run(async () => {
      const pending = await this.deps.session.clipboardClear();
      const step = nextStep(pending, this.deps.now(), cause);
      if (step.kind === 'none' || !pending) return;
      if (step.kind === 'wait') {
        // A stale timer or an early alarm: the newest copy's time is what counts.
        this.arm(pending);
        return;
      }
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      let outcome: ClearOutcome;
      try {
        outcome = await this.deps.access.clearIfHolds(pending.digest);
      } catch {
        outcome = 'failed';
      }
      await this.deps.session.dropClipboardClear(pending);
      void this.deps.alarms.clear(CLIPBOARD_ALARM);
      if (outcome === 'failed') console.error('b2km: the clipboard could not be checked or cleared');
    });
  }
}

/** Chrome: a service worker has no clipboard; an offscreen document is made for each check and closed after. */
interface ChromeOffscreen {
  runtime: {
    getURL(path: string): string;
    getContexts?(filter: { contextTypes: string[]; documentUrls?: string[] }): Promise<unknown[]>;
    sendMessage(message: ClearRequest): Promise<ClearOutcome | undefined>;
  };
  offscreen: {
    createDocument(params: { url: string; reasons: string[]; justification: string }): Promise<void>;
    closeDocument(): Promise<void>;
  };
}

const OFFSCREEN_PATH = 'src/offscreen/index.html';

export function offscreenAccess(): ClipboardAccess {
  const chrome = (globalThis as unknown as { chrome: ChromeOffscreen }).chrome;
  let creating: Promise<void> | null = null;
  async function ensureDocument(): Promise<void> {
    const url = chrome.runtime.getURL(OFFSCREEN_PATH);
    const open = (await chrome.runtime.getContexts?.({ contextTypes: ['OFFSCREEN_DOCUMENT'], documentUrls: [url] })) ?? [];
    if (open.length > 0) return;
    creating ??= chrome.offscreen
      .createDocument({
        url: OFFSCREEN_PATH,
        reasons: ['CLIPBOARD'],
        justification: 'Clears a copied applicationKey from the clipboard after the time set in the options, or when the vault locks.',
      })
      .finally(() => (creating = null));
    await creating;
  }
  return {
    async clearIfHolds(digest) {
      await ensureDocument();
      try {
        return (await chrome.runtime.sendMessage({ b2kmOffscreen: 1, op: 'clearIfHolds', digest })) ?? 'failed';
      } finally {
        await chrome.offscreen.closeDocument().catch(() => undefined);
      }
    },
  };
}

/** Firefox: the event page has a DOM and, with clipboardRead/clipboardWrite, the clipboard itself. */
export function domAccess(): ClipboardAccess {
  return {
    clearIfHolds: (digest) => clearIfHolds(document, digest, { tryAsyncApi: true }),
  };
}
