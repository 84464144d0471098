/**
 * Review 14: a Create New Key sent as the popup closes (a documented case: "A form sent as the popup closed") reaches
 * the background while the gate looks. The service counts the call only after its auto-lock check and activity
 * stamp (service.ts:78-87), so the gate sees nothing in flight and no page open, and decides to reload while the
 * create goes on to B2.
 */
import { expect, it, vi } from 'vitest';
import { ACCOUNT_ID } from '../../../src/b2/test-support';
import { MemoryArea } from '../../../src/storage';
import { fakeB2, fixture } from '../../../src/background/test-support';
import { countingKeepAlive, UpdateGate } from '../../../src/background/update-gate';

it('no reload is decided while a createKey that already arrived goes on to b2_create_key', async () => {
  const b2 = fakeB2();
  const counted = countingKeepAlive(() => () => undefined);
  const f = await fixture({ fetch: b2.fetch, keepAlive: counted.keepAlive });
  await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
  const sessionArea = new MemoryArea();
  let reloadedWith: string[] | null = null;
  const g = new UpdateGate({
    stakes: async () => ({ held: (await f.service.context.session.heldSecrets()).length, busy: counted.inForce(), pages: 0 }),
    session: { get: (k) => sessionArea.get(k), set: (i) => sessionArea.set(i), remove: (k) => sessionArea.remove(k) },
    alarms: { create: () => undefined, clear: () => undefined },
    reload: () => (reloadedWith = [...b2.calls]),
    keepAlive: () => () => undefined,
  });
  const created = f.call('createKey', { keyName: 'reader', capabilities: ['readFiles'], requestId: 'r-1' });
  await g.available();
  await created;
  expect(b2.calls).toContain('b2_create_key');
  // Reloading here empties the background that is about to send (or is waiting for) b2_create_key.
  expect(reloadedWith).toBeNull();
});
