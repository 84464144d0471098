import { describe, expect, it } from 'vitest';
import { MemoryArea } from '../storage';
import { Session, TOUCH_EVERY_MS } from './session';

describe('Session.touch', () => {
  const stamp = async (area: MemoryArea) => (await area.get('lastActivity')).lastActivity;

  it('writes the activity stamp at most every TOUCH_EVERY_MS, and again once that has passed', async () => {
    const area = new MemoryArea();
    const session = new Session(area);
    await session.unlocked('key', 1_000_000);
    await session.touch(1_000_000 + TOUCH_EVERY_MS - 1);
    expect(await stamp(area)).toBe(1_000_000);
    await session.touch(1_000_000 + TOUCH_EVERY_MS);
    expect(await stamp(area)).toBe(1_000_000 + TOUCH_EVERY_MS);
  });

  it('writes nothing while locked, and a clock that went back is not a reason to skip', async () => {
    const area = new MemoryArea();
    const session = new Session(area);
    await session.touch(5_000_000);
    expect(await stamp(area)).toBeUndefined();
    await session.unlocked('key', 5_000_000);
    await session.touch(4_000_000);
    expect(await stamp(area)).toBe(4_000_000);
  });
});

describe('Session reads', () => {
  it('reads asked for while one is under way share it; a read asked for after a write is sent sees the write', async () => {
    const area = new MemoryArea();
    const session = new Session(area);
    let gets = 0;
    let release: () => void = () => undefined;
    const get = area.get.bind(area);
    area.get = async (keys) => {
      gets++;
      // The first read answers only when the test says, as a slow storage call would: with what it read at once.
      if (gets > 1) return get(keys);
      const got = await get(keys);
      await new Promise<void>((resolve) => (release = resolve));
      return got;
    };
    const before = [session.isUnlocked(), session.lastActivity(), session.isUnlocked()];
    await session.unlocked('key', 7);
    const after = session.isUnlocked();
    release();
    expect(await Promise.all(before)).toEqual([false, null, false]);
    expect(await after).toBe(true);
    expect(gets).toBe(2);
    await session.lock();
    expect(await session.isUnlocked()).toBe(false);
  });
});
