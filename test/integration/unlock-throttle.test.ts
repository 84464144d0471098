/**
 * The guessing limit through the whole service in Node: real vault crypto (600,000 PBKDF2 iterations),
 * in-memory storage areas, an injected clock. A new Service over the same session area stands for a
 * closed popup or a restarted worker. No B2 call is made, so no emulator is needed.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createService, type Service } from '../../src/background/service';
import { Session } from '../../src/background/session';
import { RpcError } from '../../src/rpc/errors';
import type { MethodName, ParsedRequestOf, ReplyOf } from '../../src/rpc/protocol';
import { LocalStore, MemoryArea } from '../../src/storage';

const PASS = 'correct horse battery staple';
let local: MemoryArea;
let sessionArea: MemoryArea;
let clock: number;
let service: Service;
let pbkdf2Runs: number;

function makeService(): Service {
  return createService({
    store: new LocalStore(local),
    session: new Session(sessionArea),
    fetch: () => Promise.reject(new Error('no network in this test')),
    now: () => clock,
    sleep: async () => undefined,
    manifest: { name: 'B2 Key Manager', version: '0.0.0-test' },
    browser: 'chrome',
    demoEndpoint: null,
  });
}

async function call<M extends MethodName>(m: M, params: ParsedRequestOf<M>, s: Service = service): Promise<ReplyOf<M>> {
  const handler = s.handlers[m] as (p: ParsedRequestOf<M>, c: { sender: object; senderClass: 'page' }) => Promise<ReplyOf<M>>;
  return handler(params, { sender: {}, senderClass: 'page' });
}

async function attempt(passphrase: string, s: Service = service): Promise<RpcError | 'unlocked'> {
  try {
    await call('unlock', { passphrase }, s);
    return 'unlocked';
  } catch (e) {
    if (e instanceof RpcError) return e;
    throw e;
  }
}

async function missTimes(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const e = await attempt(`wrong ${i}`);
    expect(e).toBeInstanceOf(RpcError);
    expect((e as RpcError).code).toBe('WRONG_PASSPHRASE');
  }
}

beforeEach(async () => {
  local = new MemoryArea();
  sessionArea = new MemoryArea();
  clock = Date.UTC(2026, 10, 30, 9);
  service = makeService();
  await call('createVault', { passphrase: PASS });
  await call('lock', {});
  pbkdf2Runs = 0;
  const subtle = globalThis.crypto.subtle;
  const derive = subtle.deriveKey.bind(subtle);
  vi.spyOn(subtle, 'deriveKey').mockImplementation((alg, ...rest) => {
    if ((alg as { name?: string }).name === 'PBKDF2') pbkdf2Runs++;
    return derive(alg, ...rest);
  });
});
afterEach(() => vi.restoreAllMocks());

describe('wrong passphrases: 5 free, then 1 s doubling to 30 s', () => {
  it('refuses the 6th try before 1 s has passed even with the right passphrase, without running PBKDF2; accepts it after', async () => {
    await missTimes(4);
    // The 5th miss already says how long to wait, so the form can count down.
    const fifth = (await attempt('wrong again')) as RpcError;
    expect(fifth).toMatchObject({ code: 'WRONG_PASSPHRASE', retryAfterSeconds: 1 });
    expect(fifth.message).toMatch(/Try again in 1 s\.$/);
    expect(pbkdf2Runs).toBe(5);

    clock += 999;
    const refused = (await attempt(PASS)) as RpcError;
    expect(refused).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 1, message: 'Too many wrong passphrases in a row. Try again in 1 s.' });
    expect(pbkdf2Runs).toBe(5);
    expect((await call('getStatus', {})).vault).toBe('locked');

    clock += 1;
    expect(await attempt(PASS)).toBe('unlocked');
    expect(pbkdf2Runs).toBe(6);
    // A success resets the count: the next miss is free again.
    expect((await sessionArea.get('unlockMisses')).unlockMisses).toBeUndefined();
    await call('lock', {});
    const after = (await attempt('wrong once more')) as RpcError;
    expect(after.code).toBe('WRONG_PASSPHRASE');
    expect(after.retryAfterSeconds).toBeUndefined();
  }, 60_000);

  it('doubles per further miss: 2 s after the 6th, 4 s after the 7th', async () => {
    await missTimes(5);
    clock += 1000;
    expect(await attempt('sixth')).toMatchObject({ code: 'WRONG_PASSPHRASE', retryAfterSeconds: 2 });
    clock += 1999;
    expect(await attempt(PASS)).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 1 });
    clock += 1;
    expect(await attempt('seventh')).toMatchObject({ code: 'WRONG_PASSPHRASE', retryAfterSeconds: 4 });
    clock += 1000;
    expect(await attempt(PASS)).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 3 });
  }, 60_000);

  it('the count survives a new Service over the same session area (popup closed, worker restarted)', async () => {
    await missTimes(5);
    const restarted = makeService();
    expect(await attempt(PASS, restarted)).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    expect(pbkdf2Runs).toBe(5);
    clock += 1000;
    expect(await attempt(PASS, restarted)).toBe('unlocked');
  }, 60_000);

  it('lock does not reset the count', async () => {
    await missTimes(5);
    await call('lock', {});
    expect(await attempt(PASS)).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
  }, 60_000);

  it('tries sent at once are taken one at a time: only one runs after the wait', async () => {
    await missTimes(5);
    clock += 1000;
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((p) => attempt(`wrong ${p}`)));
    expect(results.map((r) => (r as RpcError).code).sort()).toEqual(['TOO_MANY_ATTEMPTS', 'TOO_MANY_ATTEMPTS', 'TOO_MANY_ATTEMPTS', 'WRONG_PASSPHRASE']);
    expect(pbkdf2Runs).toBe(6);
  }, 60_000);

  it('changePassphrase shares the limit: its wrong old passphrases count, and it is refused while waiting', async () => {
    await call('unlock', { passphrase: PASS });
    const header = JSON.stringify((await local.get('vault')).vault);
    for (let i = 0; i < 5; i++) {
      await expect(call('changePassphrase', { oldPassphrase: `wrong ${i}`, newPassphrase: 'a new long passphrase here' })).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    }
    await expect(call('changePassphrase', { oldPassphrase: PASS, newPassphrase: 'a new long passphrase here' })).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 1 });
    expect(JSON.stringify((await local.get('vault')).vault)).toBe(header);
    await call('lock', {});
    expect(await attempt(PASS)).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    clock += 1000;
    await call('changePassphrase', { oldPassphrase: PASS, newPassphrase: 'a new long passphrase here' });
    expect((await sessionArea.get('unlockMisses')).unlockMisses).toBeUndefined();
  }, 60_000);
});
