/**
 * The background service in Node for integration tests: real B2 client and vault crypto, in-memory storage
 * areas, a settable clock, and the real emulator over loopback HTTP.
 */
import { createService, type Service } from '../../src/background/service';
import { Session } from '../../src/background/session';
import type { JournalTiming } from '../../src/background/create-journal';
import { RpcError } from '../../src/rpc/errors';
import type { MethodName, ParsedRequestOf, ReplyOf } from '../../src/rpc/protocol';
import { LocalStore, MemoryArea } from '../../src/storage';
import type { RunningEmulator } from '../b2-emulator/server';
import { RecordingArea } from './recording-area';

export interface Harness {
  local: MemoryArea;
  /** Remembers every data key and token it held, for the storage scans. */
  sessionArea: RecordingArea;
  clock: { now: number };
  /** A new service over the same storage: what a restarted worker (a new background instance) sees. */
  makeService(opts?: { fetch?: typeof fetch; journalTiming?: JournalTiming }): Service;
}

export function harness(): Harness {
  const local = new MemoryArea();
  const sessionArea = new RecordingArea();
  const clock = { now: Date.UTC(2026, 10, 27, 12) };
  return {
    local,
    sessionArea,
    clock,
    makeService: (opts = {}) =>
      createService({
        store: new LocalStore(local),
        session: new Session(sessionArea),
        fetch: opts.fetch ?? fetch.bind(globalThis),
        now: () => clock.now,
        sleep: async () => undefined,
        manifest: { name: 'B2 Key Manager', version: '0.0.0-test' },
        browser: 'chrome',
        demoEndpoint: null,
        ...(opts.journalTiming ? { journalTiming: opts.journalTiming } : {}),
      }),
  };
}

/** A fresh emulator state and a service over a new vault with the emulator's account added and listed once. */
export async function serviceWithEmulatorAccount(emu: RunningEmulator, passphrase: string, h: Harness = harness()): Promise<Service> {
  await emulatorAdmin(emu, 'reset', {});
  const service = h.makeService();
  await call(service, 'createVault', { passphrase });
  await call(service, 'addAccount', { applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey, endpoint: emu.url });
  await call(service, 'refreshKeys', {});
  return service;
}

export async function call<M extends MethodName>(service: Service, m: M, params: ParsedRequestOf<M>): Promise<ReplyOf<M>> {
  const handler = service.handlers[m] as (p: ParsedRequestOf<M>, c: { sender: object; senderClass: 'page' }) => Promise<ReplyOf<M>>;
  return handler(params, { sender: {}, senderClass: 'page' });
}

export async function callError(service: Service, m: MethodName, params: unknown): Promise<RpcError> {
  try {
    await call(service, m, params as never);
  } catch (e) {
    if (e instanceof RpcError) return e;
    throw e;
  }
  throw new Error(`${m} did not fail`);
}

export async function emulatorAdmin(emu: RunningEmulator, path: string, body?: unknown): Promise<unknown> {
  const init: RequestInit = body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) };
  const res = await fetch(`${emu.url}/__emulator/${path}`, { ...init, headers: { 'content-type': 'application/json' } });
  return res.json();
}

export type IssuedKey = { applicationKeyId: string; applicationKey: string; keyName: string };

export async function issuedKeys(emu: RunningEmulator): Promise<IssuedKey[]> {
  const keys = (await emulatorAdmin(emu, 'keys')) as IssuedKey[] | { keys: IssuedKey[] };
  return Array.isArray(keys) ? keys : keys.keys;
}
