import { describe, expect, it, vi } from 'vitest';
import { once, onFirstCall } from './on-first-call';

const page = { sender: { id: 'ext' }, senderClass: 'page' as const };

describe('once', () => {
  it('makes the value once for callers at the same time and after', async () => {
    const make = vi.fn(async () => ({ made: true }));
    const get = once(make);
    const [a, b] = await Promise.all([get(), get()]);
    expect(await get()).toBe(a);
    expect(b).toBe(a);
    expect(make).toHaveBeenCalledTimes(1);
  });

  it('tries again after a failure, and keeps the attempt that worked', async () => {
    const make = vi.fn<() => Promise<string>>().mockRejectedValueOnce(new Error('no file')).mockResolvedValue('loaded');
    const get = once(make);
    await expect(get()).rejects.toThrow('no file');
    await expect(get()).resolves.toBe('loaded');
    await expect(get()).resolves.toBe('loaded');
    expect(make).toHaveBeenCalledTimes(2);
  });

  it('a failure does not clear an attempt begun after it, even from inside its own rejection', async () => {
    let fail!: (e: Error) => void;
    const make = vi
      .fn<() => Promise<string>>()
      .mockImplementationOnce(() => new Promise((_, reject) => (fail = reject)))
      .mockResolvedValue('second');
    const get = once(make);
    const first = get();
    // A caller that asks again as soon as its call failed: the second attempt starts between the first's handlers.
    const retried = first.catch(() => get());
    const alsoWaiting = get();
    fail(new Error('no file'));
    await expect(retried).resolves.toBe('second');
    await expect(alsoWaiting).rejects.toThrow('no file');
    await expect(get()).resolves.toBe('second');
    expect(make).toHaveBeenCalledTimes(2);
  });
});

describe('onFirstCall', () => {
  it('loads nothing until a method is called, then once for every method of the group', async () => {
    const load = vi.fn(async () => ({
      keyUsage: vi.fn(async (params: unknown) => ({ asked: params })),
      clearKeyUsage: vi.fn(async () => ({ cleared: 1 })),
    }));
    const handlers = onFirstCall(['keyUsage', 'clearKeyUsage'], load as never);
    expect(Object.keys(handlers).sort()).toEqual(['clearKeyUsage', 'keyUsage']);
    expect(load).not.toHaveBeenCalled();
    const call = handlers as unknown as Record<string, (p: unknown, c: typeof page) => Promise<unknown>>;
    expect(await call.keyUsage!({ applicationKeyId: 'k1' }, page)).toEqual({ asked: { applicationKeyId: 'k1' } });
    expect(await call.clearKeyUsage!({}, page)).toEqual({ cleared: 1 });
    expect(load).toHaveBeenCalledTimes(1);
    const group = await load.mock.results[0]!.value;
    expect(group.keyUsage).toHaveBeenCalledWith({ applicationKeyId: 'k1' }, page);
    expect(group.clearKeyUsage).toHaveBeenCalledWith({}, page);
  });

  it('a group that did not load fails that call only: the next one loads it again', async () => {
    const load = vi
      .fn()
      .mockRejectedValueOnce(new Error('no file'))
      .mockResolvedValue({ secretCopied: async () => ({ clearsAt: null }) });
    const call = onFirstCall(['secretCopied'], load) as unknown as Record<string, (p: unknown, c: typeof page) => Promise<unknown>>;
    await expect(call.secretCopied!({}, page)).rejects.toThrow('no file');
    await expect(call.secretCopied!({}, page)).resolves.toEqual({ clearsAt: null });
    expect(load).toHaveBeenCalledTimes(2);
  });
});
