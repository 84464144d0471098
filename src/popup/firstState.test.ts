import { afterEach, describe, expect, it, vi } from 'vitest';

// The popup's first message, as /popup-early.js would have sent it; `rpc` is a fresh ask.
const calls = { rpc: 0 };
let earlyReply: Promise<unknown> | null = null;
vi.mock('webextension-polyfill', () => ({ default: { runtime: { sendMessage: () => Promise.reject(new Error('not in these tests')) } } }));
vi.mock('../rpc/client', async (actual) => ({
  ...(await actual<typeof import('../rpc/client')>()),
  takeEarly: () => {
    const p = earlyReply;
    earlyReply = null;
    return p;
  },
  rpc: () => {
    calls.rpc++;
    return Promise.resolve({ fresh: calls.rpc });
  },
}));

async function load(reply: Promise<unknown> | null) {
  vi.resetModules();
  calls.rpc = 0;
  earlyReply = reply;
  if (reply) reply.catch(() => undefined);
  return import('./firstState');
}

afterEach(() => vi.useRealTimers());

describe('the popup’s first state', () => {
  it('an answer in time is drawn by the first render and taken: the popup asks afresh after that', async () => {
    const m = await load(Promise.resolve({ early: true }));
    await expect(m.firstStateWithin()).resolves.toEqual({ early: true });
    await expect(m.takeFirstState()).resolves.toEqual({ fresh: 1 });
  });

  it('a late answer: the popup draws "Loading…" first, then gets that same answer, without asking again', async () => {
    vi.useFakeTimers();
    let answer!: (v: unknown) => void;
    const m = await load(new Promise((r) => (answer = r)));
    const within = m.firstStateWithin(300);
    await vi.advanceTimersByTimeAsync(300);
    await expect(within).resolves.toBeNull();
    answer({ early: 'late' });
    await expect(m.takeFirstState()).resolves.toEqual({ early: 'late' });
    expect(calls.rpc).toBe(0);
  });

  it('a failed answer: the popup draws "Loading…" and then the error, from the same message', async () => {
    const m = await load(Promise.reject(new Error('no worker')));
    await expect(m.firstStateWithin()).resolves.toBeNull();
    await expect(m.takeFirstState()).rejects.toThrow('no worker');
    expect(calls.rpc).toBe(0);
  });

  it('without the early script the module asks itself, and that answer is the first state', async () => {
    const m = await load(null);
    await expect(m.firstStateWithin()).resolves.toEqual({ fresh: 1 });
    expect(calls.rpc).toBe(1);
  });
});
