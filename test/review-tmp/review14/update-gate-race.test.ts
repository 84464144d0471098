/**
 * Review 14: the update gate reloads (emptying storage.session and the background's memory) on a view of what is
 * "in flight" that has holes. Gate + service over in-memory storage and a fake B2, as in update-gate.test.ts;
 * `stakes` has the shape index.ts:149 gives it (held read first, busy sampled, then the open pages asked for).
 */
import { describe, expect, it, vi } from 'vitest';
import { ACCOUNT_ID } from '../../../src/b2/test-support';
import { MemoryArea } from '../../../src/storage';
import { createdReply, fakeB2, fixture } from '../../../src/background/test-support';
import { countingKeepAlive, UpdateGate } from '../../../src/background/update-gate';

const input = { keyName: 'reader', capabilities: ['readFiles'], requestId: 'r-1' };

async function setup() {
  const b2 = fakeB2();
  const counted = countingKeepAlive(() => () => undefined);
  const f = await fixture({ fetch: b2.fetch, keepAlive: counted.keepAlive });
  await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
  return { f, b2, counted };
}

function gate(stakes: () => Promise<{ held: number; busy: number; pages: number }>, clear: () => Promise<void> = async () => undefined) {
  const sessionArea = new MemoryArea();
  const reload = vi.fn();
  let alive = 0;
  const g = new UpdateGate({
    stakes,
    session: { get: (k) => sessionArea.get(k), set: (i) => sessionArea.set(i), remove: (k) => sessionArea.remove(k) },
    alarms: { create: () => undefined, clear },
    reload,
    keepAlive: () => {
      alive++;
      return () => alive--;
    },
  });
  return { g, reload, alive: () => alive };
}

describe('update gate: a create that starts while the gate decides', () => {
  it('is not cut off by a reload decided on a "busy" count sampled before it began (b2_create_key already sent)', async () => {
    const { f, b2, counted } = await setup();
    // The browser's alarms.clear / getContexts take a round trip: the gate awaits them between its look and the reload.
    let releaseClear!: () => void;
    const clearing = new Promise<void>((r) => (releaseClear = r));
    let clearAsked!: () => void;
    const clearCalled = new Promise<void>((r) => (clearAsked = r));
    const { g, reload } = gate(
      async () => ({ held: (await f.service.context.session.heldSecrets()).length, busy: counted.inForce(), pages: 0 }),
      () => {
        clearAsked();
        return clearing;
      },
    );
    let answer!: () => void;
    const answered = new Promise<void>((r) => (answer = r));
    b2.creates.push(async () => {
      await answered;
      return createdReply('k-new', 'reader');
    });
    const checked = g.available();
    await clearCalled; // nothing at stake when it looked
    const created = f.call('createKey', input); // a form sent as the popup closed arrives now
    await vi.waitFor(() => expect(b2.calls).toContain('b2_create_key'));
    expect(counted.inForce()).toBe(1);
    releaseClear();
    await checked;
    // A reload now empties the background: B2's answer (the one-time applicationKey) would arrive to nobody.
    expect(reload).not.toHaveBeenCalled();
    answer();
    await created;
  });

  it('a call counts as in flight from the moment it arrives, not only after the auto-lock check and activity stamp', async () => {
    const { f, counted } = await setup();
    const created = f.call('createKey', input);
    // The message has been handed to the background; a gate looking now must see it.
    expect(counted.inForce()).toBe(1);
    await created.catch(() => undefined);
  });
});
