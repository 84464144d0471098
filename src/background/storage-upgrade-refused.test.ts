// An update from storage format 2 whose upgrade the browser refuses (a full disk, an I/O error): every call waits for
// the upgrade, so each must say what is wrong and that nothing was lost, not "reload the extension" (a reload runs
// the same refused step again); once the browser stores again, everything works, the saved applicationKeys included
// (fault review 15).
import { expect, it, vi } from 'vitest';
import { ACCOUNT_ID } from '../b2/test-support';
import { LocalStore } from '../storage';
import { sealSecret } from '../vault';
import { createService } from './service';
import { Session } from './session';
import { failure, fixture } from './test-support';

it('a refused upgrade says so in every call, and everything works once the browser stores again', async () => {
  const f = await fixture();
  await f.addAccount(ACCOUNT_ID, 'k-manager', 'K-manager-secret');
  const ctx = f.service.context;
  const sealed = await sealSecret(await ctx.dataKey(), { accountId: ACCOUNT_ID, applicationKeyId: 'k-saved' }, 'K-saved-secret');
  await ctx.store.write(async (tx) => tx.putSecret(ACCOUNT_ID, 'k-saved', { sealed, keyName: 'saved', savedAt: 1 }));
  // As format 2 left it: the one-item key cache.
  f.local.data.set('schemaVersion', '2');
  f.local.data.set(`cache:${ACCOUNT_ID}`, JSON.stringify({ fetchedAt: 1, lastError: null, buckets: [], keys: [] }));
  for (const k of [...f.local.data.keys()]) if (k.startsWith('keys:')) f.local.data.delete(k);
  // The browser refuses every change for now, even removing the old cache.
  const refusing = { on: true };
  const [set, remove] = [f.local.set.bind(f.local), f.local.remove.bind(f.local)];
  f.local.set = async (items) => (refusing.on ? Promise.reject(new Error('IO error: No space left on device')) : set(items));
  f.local.remove = async (keys) => (refusing.on ? Promise.reject(new Error('IO error: No space left on device')) : remove(keys));
  const failures: [string, unknown][] = [];
  // The updated extension's background starts; the session still holds the unlocked data key.
  const service = createService({
    store: new LocalStore(f.local, () => f.clock.now),
    session: new Session(f.sessionArea),
    fetch: () => Promise.reject(new Error('no network')),
    now: () => f.clock.now,
    manifest: { name: 'B2 Key Manager', version: '1' },
    browser: 'chrome',
    demoEndpoint: null,
    onFailure: (method, error) => failures.push([method, error]),
  });
  const call = (method: 'getStatus' | 'revealSecret', params: object) => (service.handlers[method] as (p: unknown, c: object) => Promise<unknown>)(params, { sender: {}, senderClass: 'page' });
  const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    for (const [method, params] of [['getStatus', {}], ['revealSecret', { applicationKeyId: 'k-saved' }]] as const) {
      const refused = await failure(call(method, params));
      expect([method, refused.message]).toEqual([method, 'B2 Key Manager cannot open its saved data: the browser refused to read or store it (the disk may be full). Nothing saved was lost. Free some space, then try again.']);
    }
  } finally {
    quiet.mockRestore();
  }
  // Logged by name (index.ts logs the name only), the browser's own error kept as the cause for a developer.
  expect(failures.map(([method, e]) => [method, (e as Error).name, ((e as Error).cause as Error).message])).toEqual([
    ['getStatus', 'StorageUpgradeError', 'IO error: No space left on device'],
    ['revealSecret', 'StorageUpgradeError', 'IO error: No space left on device'],
  ]);
  refusing.on = false;
  await expect(call('revealSecret', { applicationKeyId: 'k-saved' })).resolves.toEqual({ applicationKey: 'K-saved-secret' });
  expect(f.local.data.has(`cache:${ACCOUNT_ID}`)).toBe(false);
});
