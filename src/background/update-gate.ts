/**
 * When an update of the extension is applied. Applying one reloads the extension, and a reload empties
 * storage.session and the background's memory, which is where some things live that exist nowhere else:
 * - a held applicationKey (the vault refused it; B2 will not show it again),
 * - a call in flight, such as a create whose answer (the applicationKey) is on its way,
 * - a copied applicationKey whose clear could not be recorded (it is kept in memory),
 * - what someone is typing on an open extension page (the popup, the options page), closed by the reload.
 * With a listener on runtime.onUpdateAvailable, Firefox waits to apply an update until the extension reloads itself
 * or the browser restarts (which ends all of the above anyway); Chrome's docs say it applies one once the background
 * is unloaded, so the gate also keeps the background running while it waits. It reloads as soon as nothing is at
 * stake, looking again every minute.
 */

export const UPDATE_ALARM = 'b2km-update-waiting';
/** storage.session: an update is waiting (gone with the reload that applies it, or with a browser restart). */
export const UPDATE_WAITING_ITEM = 'updateWaiting';

export interface UpdateStakes {
  /** Held applicationKeys. */
  held: number;
  /** Calls in flight and copies held in memory (the background's keep-alives). */
  busy: number;
  /** Extension pages open: a popup, an options or other tab of ours. */
  pages: number;
}

/** Why an update cannot be applied now; empty when it can. */
export function updateBlockers(s: UpdateStakes): (keyof UpdateStakes)[] {
  return (['held', 'busy', 'pages'] as const).filter((k) => s[k] > 0);
}

/**
 * Wraps the background's keep-alive so that the keep-alives in force can be counted: each is a call in flight or a
 * copy held in memory (service.ts, clipboard.ts). Releasing one twice counts once.
 */
export function countingKeepAlive(keepAlive: () => () => void): { keepAlive: () => () => void; inForce: () => number } {
  let inForce = 0;
  return {
    keepAlive: () => {
      inForce++;
      const stop = keepAlive();
      let stopped = false;
      return () => {
        if (stopped) return;
        stopped = true;
        inForce--;
        stop();
      };
    },
    inForce: () => inForce,
  };
}

export interface UpdateGateDeps {
  stakes(): Promise<UpdateStakes>;
  /**
   * The calls in flight now, read with nothing awaited before the reload: a call that arrives while the gate awaits
   * the browser (the alarm, the open pages) is counted from its arrival (service.ts), and a reload must not cut it off.
   * A held applicationKey only comes from such a call.
   */
  inFlight(): number;
  /** storage.session. */
  session: { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> };
  alarms: { create(name: string, info: { periodInMinutes: number }): unknown; clear(name: string): unknown };
  /** runtime.reload: applies the waiting update. */
  reload(): void;
  keepAlive(): () => void;
}

/**
 * Every failure here means "wait": waiting costs a minute, a wrong reload may cost an applicationKey. The keep-alive
 * is taken before anything that can fail, since in Chrome it alone keeps the update from being applied meanwhile.
 */
/** A browser call whose failure changes nothing here: the next alarm, or the next check, does it again. */
const quietly = (call: unknown): Promise<unknown> => Promise.resolve(call).catch(() => undefined);

export class UpdateGate {
  private release: (() => void) | null = null;
  /** Seen by this background; storage.session tells a later one (the one the alarm starts). */
  private waiting = false;
  private reloading = false;
  /** One check at a time: the event and the alarm may come together, and only one may reload. */
  private checking: Promise<void> = Promise.resolve();

  constructor(private readonly deps: UpdateGateDeps) {}

  /** runtime.onUpdateAvailable. */
  available(): Promise<void> {
    return this.step(async () => {
      this.waiting = true;
      this.hold();
      await this.deps.session.set({ [UPDATE_WAITING_ITEM]: true }).catch(() => undefined);
      await this.check();
    });
  }

  /** The gate's alarm: a new background (the one that saw the event may have stopped) looks again. */
  alarm(): Promise<void> {
    return this.step(async () => {
      const stored = await this.deps.session.get(UPDATE_WAITING_ITEM).then(
        (items) => items[UPDATE_WAITING_ITEM] === true,
        () => null,
      );
      if (this.waiting || stored) await this.check();
      // No update waiting (the browser restarted since): the alarm is a leftover. Unreadable: the next alarm looks again.
      else if (stored === false) await this.stopWaiting();
    });
  }

  private step(work: () => Promise<void>): Promise<void> {
    this.checking = this.checking.then(work, work);
    return this.checking;
  }

  private hold(): void {
    this.release ??= this.deps.keepAlive();
  }

  private async check(): Promise<void> {
    if (this.reloading) return;
    let blockers: string[];
    try {
      blockers = updateBlockers(await this.deps.stakes());
    } catch {
      blockers = ['unknown'];
    }
    if (blockers.length === 0) {
      await this.stopWaiting();
      // Nothing awaited from here to the reload.
      if (this.deps.inFlight() === 0) {
        this.reloading = true;
        this.deps.reload();
        return;
      }
    }
    this.hold();
    await quietly(this.deps.alarms.create(UPDATE_ALARM, { periodInMinutes: 1 }));
  }

  private async stopWaiting(): Promise<void> {
    this.release?.();
    this.release = null;
    await quietly(this.deps.alarms.clear(UPDATE_ALARM));
  }
}
