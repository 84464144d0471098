/**
 * The create journal in Firefox ESR's event page: creates whose answer is lost after B2 acted (a dropped
 * connection, a server error after the action) end with every key saved or flagged "applicationKey lost".
 */
import { describe, expect, it } from 'vitest';
import type { KeyList, MethodName } from '../../src/rpc/protocol';
import { firefoxSuite } from '../helpers/firefox-rpc';
import { findSecrets, sessionSecrets } from '../helpers/secrets-scan';

const PASS = 'firefox journal passphrase';
const suite = firefoxSuite();
const { rpc, ok: okRaw } = suite;
const ok = async <T = Record<string, unknown>>(method: MethodName, params: unknown): Promise<T> => (await okRaw(method, params as never)) as T;

async function admin(path: string, body?: unknown): Promise<unknown> {
  const init: RequestInit = body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
  return (await fetch(`${suite.emu().url}/__emulator/${path}`, init)).json();
}

describe('create journal in Firefox ESR', () => {
  it('answers lost after B2 acted: every key saved or flagged, never "nothing was created"', async () => {
    await ok('createVault', { passphrase: PASS });
    await ok('addAccount', { applicationKeyId: suite.emu().applicationKeyId, applicationKey: suite.emu().applicationKey, endpoint: suite.emu().url });
    await ok('refreshKeys', {});
    await admin('faults', { endpoint: 'b2_create_key', count: 1, drop: true, afterHandling: true });
    const dropped = await rpc('createKey', { keyName: 'ff-dropped', capabilities: ['readFiles'] });
    await admin('faults', { endpoint: 'b2_create_key', count: 1, status: 500, code: 'internal_error', afterHandling: true });
    const failed = await rpc('createKey', { keyName: 'ff-server-error', capabilities: ['readFiles'] });
    expect(failed).toMatchObject({ ok: false, error: { code: 'AMBIGUOUS_CREATE' } });
    for (const r of [dropped, failed]) if (!r.ok) expect(r.error.message).not.toMatch(/nothing was created|safe to try again/i);
    const saved = await ok<{ applicationKey: string; key: { applicationKeyId: string } }>('createKey', { keyName: 'ff-plain', capabilities: ['readFiles'] });

    const deadline = Date.now() + 150_000;
    let list: KeyList;
    for (;;) {
      list = await ok<KeyList>('listKeys', {});
      if (!list.createChecks.some((c) => c.status === 'checking')) break;
      if (Date.now() > deadline) throw new Error(`checks still open: ${JSON.stringify(list.createChecks)}`);
      await new Promise((r) => setTimeout(r, 2_000));
    }
    list = await ok<KeyList>('refreshKeys', {});
    const issued = (await admin('keys')) as { applicationKeyId: string; applicationKey: string; keyName: string }[];
    const view = new Map(list.keys.map((k) => [k.applicationKeyId, k]));
    const mine = issued.filter((k) => k.applicationKeyId !== suite.emu().applicationKeyId);
    expect(mine.filter((k) => !view.get(k.applicationKeyId)?.hasSecret && !view.get(k.applicationKeyId)?.lost).map((k) => k.keyName)).toEqual([]);
    expect(mine.filter((k) => view.get(k.applicationKeyId)?.lost).map((k) => k.keyName)).toContain('ff-server-error');
    expect(view.get(saved.key.applicationKeyId)).toMatchObject({ hasSecret: true, lost: false });

    const dump = await suite.page().evaluate(async () => {
      type Area = { get(k: null): Promise<Record<string, unknown>> };
      const b = (globalThis as unknown as { browser: { storage: { local: Area; sync: Area; session: Area } } }).browser;
      return { local: await b.storage.local.get(null), sync: await b.storage.sync.get(null), session: await b.storage.session.get(null) };
    });
    const { session, ...disk } = dump;
    const known: Record<string, string> = { ...sessionSecrets(session), passphrase: PASS, masterKey: suite.emu().applicationKey };
    for (const k of issued) known[`key ${k.applicationKeyId}`] = k.applicationKey;
    expect(findSecrets(disk, known)).toEqual([]);
  });
});
