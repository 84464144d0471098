/**
 * Review 14: the gate's hold on the background depends on writes that are not needed for it. Chrome applies a waiting
 * update as soon as the (idle) background unloads; only the gate's keep-alive stops that. A refused storage.session
 * write of the "update waiting" flag (or a refused alarm) ends the check before the keep-alive is taken, although
 * an applicationKey is held in storage.session, which the reload empties.
 */
import { describe, expect, it, vi } from 'vitest';
import { UpdateGate, type UpdateStakes } from '../../../src/background/update-gate';

function gateWith(stakes: UpdateStakes, faults: { sessionSet?: boolean; alarmCreate?: boolean }) {
  let alive = 0;
  const reload = vi.fn();
  const g = new UpdateGate({
    stakes: async () => stakes,
    session: {
      get: async () => ({}),
      set: async () => {
        if (faults.sessionSet) throw new Error('storage.session: quota exceeded');
      },
      remove: async () => undefined,
    },
    alarms: {
      create: async () => {
        if (faults.alarmCreate) throw new Error('alarms refused');
      },
      clear: async () => undefined,
    },
    reload,
    keepAlive: () => {
      alive++;
      return () => alive--;
    },
  });
  return { g, reload, alive: () => alive };
}

describe('update gate under a refused write', () => {
  it('keeps the background running while an applicationKey is held even when storage.session refuses the "waiting" flag', async () => {
    const t = gateWith({ held: 1, busy: 0, pages: 0 }, { sessionSet: true });
    await t.g.available().catch(() => undefined);
    expect(t.reload).not.toHaveBeenCalled();
    // Without the keep-alive Chrome stops the idle worker within 30 s and installs the update: the held key is gone.
    expect(t.alive()).toBe(1);
  });

  it('keeps the background running while an applicationKey is held even when the alarm cannot be made', async () => {
    const t = gateWith({ held: 1, busy: 0, pages: 0 }, { alarmCreate: true });
    await t.g.available().catch(() => undefined);
    expect(t.reload).not.toHaveBeenCalled();
    expect(t.alive()).toBe(1);
  });
});
