/**
 * Clears a copied applicationKey from the clipboard after the set time, and when the vault locks, if the
 * clipboard still holds it. Owned by the background because the popup that copied closes.
 *
 * How "still holds it" is known without keeping the secret: the popup sends only the SHA-256 of what it
 * copied; at clear time the clipboard is read where there is a DOM (Chrome: an offscreen document, reason
 * CLIPBOARD; Firefox: the event page), hashed and compared there, and cleared only on a match
 * (offscreen/clipboard-dom.ts). Alternatives weighed:
 * - clearing without reading (no clipboardRead permission) would wipe whatever the person copied since,
 *   from any app, which is worse than the install warning;
 * - decrypting the key's saved secret at clear time to compare would need the vault unlocked (a lock is
 *   one of the moments to clear) and fails for a one-time secret that could not be saved, and snippets.
 *
 * Where the pending copy is kept: storage.local, because the OS clipboard outlives the browser. Kept in
 * storage.session it vanished when the browser closed, and the key stayed on the clipboard for good; from
 * storage.local the next start (the worker's start-up run, runtime.onStartup) clears it. What is written there is
 * an HMAC-SHA-256 of the SHA-256, under a random key made for that copy and stored beside it, never the
 * SHA-256 the popup sent: a plain digest matches any other place that digest appears (a list of leaked keys'
 * hashes, a precomputed table) and, unsalted, tells whether two copies were the same text. Someone who copies the
 * profile while a clear is pending gets the key too, so a guess costs them one SHA-256 and one HMAC: what a keyed
 * hash allows, and no more. A slow hash (PBKDF2) was not used: what is hashed is an applicationKey (31 random
 * characters) or a snippet holding one, out of reach of guessing, and a person who already holds a candidate key
 * pays a slow hash only once to confirm it, while every copy and every check would pay it too. The record is
 * removed once handled; a removed item may linger in the browser's database files, which is why nothing more than
 * this is written.
 *
 * Timing: an in-memory timer for the exact time, plus an alarm (alarms survive a stopped worker; Chrome
 * raises any alarm sooner than 30 s to 30 s) that runs the same check. Never logs a value.
 */
import { WriteQueue, type StorageAreaLike } from '../storage';
import { clearIfHolds, keyedDigest, type ClearOutcome, type ClearRequest, type ClipboardMatch } from '../offscreen/clipboard-dom';
import { alarmTime, isLaterStoredClear, MAX_FAILED_CHECKS, nextStep, parseStoredClear, RETRY_AFTER_MS, STORED_CLEAR_VERSION, type PendingClear, type StoredClear } from './clipboard-schedule';
import type { Session } from './session';

export const CLIPBOARD_ALARM = 'b2km-clipboard-clear';
/** The storage.local item of the pending clear (at most one: only the last copy can still be on the clipboard). */
export const CLIPBOARD_ITEM = 'clipboardClear';

export interface ClipboardAccess {
  clearIfHolds(match: ClipboardMatch): Promise<ClearOutcome>;
}

export interface AlarmsLike {
  create(name: string, info: { when: number }): void | Promise<void>;
  clear(name: string): unknown;
}

function randomKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * `schedule`'s rejection when storage.local refused the record (a full disk, its quota) but the copy is held in
 * memory with its timer armed: cleared at its time and at a lock while this background runs, not after a restart.
 */
export class ClearNotRecorded extends Error {
  override readonly name = 'ClearNotRecorded';
  constructor(options?: { cause?: unknown }) {
    super('The clipboard clear was not recorded in storage; it is held in memory only', options);
  }
}

export class ClipboardGuard {
  private timer: ReturnType<typeof setTimeout> | null = null;
  /**
   * The last copy, when storage.local refused its record: without it that copy would never be cleared. Newer than
   * anything stored, so it is the one checked while it lasts.
   */
  private held: StoredClear | null = null;
  /** Ends the keep-alive begun for `held`: Chrome stops an idle worker, and its memory with it, after 30 s. */
  private releaseHeld: (() => void) | null = null;
  /**
   * One step at a time, for records and checks alike: the timer, the alarm and a lock can all fire for the same
   * copy, and a copy made during a check must not be dropped as the one checked.
   */
  private readonly queue = new WriteQueue();

  constructor(
    private readonly deps: {
      /** Only asked whether the vault is unlocked. */
      session: Pick<Session, 'isUnlocked'>;
      /** storage.local (in Chrome behind its access level, like every other read of it). */
      local: StorageAreaLike;
      access: ClipboardAccess;
      alarms: AlarmsLike;
      now: () => number;
    },
  ) {}

  /**
   * Records a copy (it replaces any earlier one) and arms its timer; settles once the record is stored. When the
   * record is refused it rejects with ClearNotRecorded, after arming the timer for the copy held in memory: the
   * page must say so, as a browser closed before the clear leaves the applicationKey on the clipboard. `keepAlive`
   * holds the worker while such a copy waits (Context's keep-alive).
   */
  schedule(pending: PendingClear, keepAlive?: () => () => void): Promise<void> {
    return this.queue.run(async () => {
      const key = randomKey();
      const stored: StoredClear = { v: STORED_CLEAR_VERSION, key, mac: await keyedDigest(key, pending.digest), clearAt: pending.clearAt, copiedAt: pending.copiedAt, failures: 0, retryAt: null };
      try {
        await this.deps.local.set({ [CLIPBOARD_ITEM]: stored });
      } catch (e) {
        this.hold(stored, keepAlive);
        this.arm(stored.clearAt, stored.key);
        throw new ClearNotRecorded({ cause: e });
      }
      this.hold(null);
      this.arm(stored.clearAt, stored.key);
    });
  }

  private hold(copy: StoredClear | null, keepAlive?: () => () => void): void {
    this.releaseHeld?.();
    this.releaseHeld = null;
    this.held = copy;
    if (copy) this.releaseHeld = keepAlive?.() ?? null;
  }

  /**
   * `copy`: the record the timer is armed for with the whole wait of its copy. Timers count on a monotonic clock, so
   * when that timer fires the copy's time is up whatever the wall clock says now (set back a few minutes since).
   */
  private arm(at: number | null, copy?: string): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (at === null) {
      void this.deps.alarms.clear(CLIPBOARD_ALARM);
      return;
    }
    const now = this.deps.now();
    this.timer = setTimeout(() => void this.run('timer', copy), Math.max(0, at - now));
    void this.deps.alarms.create(CLIPBOARD_ALARM, { when: alarmTime(at, now) });
  }

  /** The timer, the alarm, a worker or browser start ('timer'), or a lock. Never rejects: nobody awaits it. */
  run(cause: 'timer' | 'lock', timedCopy?: string): Promise<void> {
    return this.queue.run(() => this.check(cause, timedCopy)).catch((e: unknown) => console.error('b2km: the clipboard clear failed', e instanceof Error ? e.name : typeof e));
  }

  private async check(cause: 'timer' | 'lock', timedCopy?: string): Promise<void> {
    const held = this.held;
    const raw = held ?? (await this.deps.local.get(CLIPBOARD_ITEM))[CLIPBOARD_ITEM];
    if (raw === undefined) return;
    const pending = parseStoredClear(raw);
    if (!pending) {
      if (!isLaterStoredClear(raw)) await this.deps.local.remove(CLIPBOARD_ITEM);
      return;
    }
    // A failed read of the session follows the clock, the way it went before the vault had a say.
    const unlocked = cause === 'lock' || (await this.deps.session.isUnlocked().catch(() => true));
    const now = this.deps.now();
    const timedOut = timedCopy !== undefined && timedCopy === pending.key && pending.retryAt === null && pending.clearAt !== null;
    const step = timedOut ? ({ kind: 'clear' } as const) : nextStep(pending, now, cause, unlocked);
    if (step.kind === 'none') return;
    if (step.kind === 'wait') {
      // A stale timer, an early alarm, or a retry's wait: the stored record's time is what counts.
      this.arm(now + step.ms);
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    let outcome: ClearOutcome;
    try {
      outcome = await this.deps.access.clearIfHolds({ key: pending.key, mac: pending.mac });
    } catch {
      outcome = 'failed';
    }
    const failures = pending.failures + (outcome === 'failed' ? 1 : 0);
    if (outcome !== 'failed' || failures >= MAX_FAILED_CHECKS) {
      if (held) this.hold(null);
      // Beside a held copy, a stored record is an earlier copy's, which the held one replaced (as a stored one would).
      await this.deps.local.remove(CLIPBOARD_ITEM);
      void this.deps.alarms.clear(CLIPBOARD_ALARM);
      if (outcome === 'failed') console.error(`b2km: the clipboard could not be checked or cleared (${failures} tries); giving up`);
      return;
    }
    // Kept: the offscreen document may not have opened this once, or the clipboard was busy. The next lock tries
    // again at once, and the alarm after a pause (a browser start as well, once the pause is over).
    const retryAt = now + RETRY_AFTER_MS;
    const kept: StoredClear = { ...pending, failures, retryAt };
    if (held) {
      this.held = kept;
      // Space may have been freed since the copy: stored, the copy outlives this background too.
      if (await this.deps.local.set({ [CLIPBOARD_ITEM]: kept }).then(() => true, () => false)) this.hold(null);
    } else await this.deps.local.set({ [CLIPBOARD_ITEM]: kept });
    void this.deps.alarms.create(CLIPBOARD_ALARM, { when: alarmTime(retryAt, now) });
    console.error('b2km: the clipboard could not be checked or cleared; trying again later');
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
    async clearIfHolds({ key, mac }) {
      await ensureDocument();
      try {
        return (await chrome.runtime.sendMessage({ b2kmOffscreen: 1, op: 'clearIfHolds', key, mac })) ?? 'failed';
      } finally {
        await chrome.offscreen.closeDocument().catch(() => undefined);
      }
    },
  };
}

/** Firefox: the event page has a DOM and, with clipboardRead/clipboardWrite, the clipboard itself. */
export function domAccess(): ClipboardAccess {
  return {
    clearIfHolds: (match) => clearIfHolds(document, match, { tryAsyncApi: true }),
  };
}
