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
