import { describe, expect, it } from 'vitest';
import { MemoryArea } from '../storage';
import { KEEP_UNSAVED_MS, MAX_UNSAVED, Session, TOUCH_EVERY_MS } from './session';

/** The endpoint the tokens here were given by. */
const E = 'https://api.backblazeb2.com';

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

describe('Session reads kept', () => {
  function counted() {
    const area = new MemoryArea();
    let gets = 0;
    const get = area.get.bind(area);
    area.get = (keys) => {
      gets++;
      return get(keys);
    };
    return { area, gets: () => gets };
  }

  it('a read is kept: checks one after another make one storage call until a write', async () => {
    const { area, gets } = counted();
    const session = new Session(area);
    await session.unlocked('key', 5);
    expect(await session.isUnlocked()).toBe(true);
    expect(await session.lastActivity()).toBe(5);
    expect(await session.unlockMisses()).toBeNull();
    expect(gets()).toBe(1);
    // Each kind of write drops it, and the next read sees what was written.
    await session.touch(5 + TOUCH_EVERY_MS);
    expect(await session.lastActivity()).toBe(5 + TOUCH_EVERY_MS);
    expect(gets()).toBe(2);
    await session.setUnlockMisses({ count: 2, lastMissAt: 9 });
    expect(await session.unlockMisses()).toEqual({ count: 2, lastMissAt: 9 });
    await session.lock();
    expect(await session.isUnlocked()).toBe(false);
    expect(await session.lastActivity()).toBeNull();
    expect(gets()).toBe(4);
  });

  it('a change made behind its back is not seen until forget(); then it is', async () => {
    const { area, gets } = counted();
    const session = new Session(area);
    await session.unlocked('key', 5);
    expect(await session.isUnlocked()).toBe(true);
    await area.remove('dataKey');
    expect(await session.isUnlocked()).toBe(true);
    session.forget();
    expect(await session.isUnlocked()).toBe(false);
    expect(gets()).toBe(2);
  });

  it('a read that a write overtook is not kept, and neither is a read that failed', async () => {
    const area = new MemoryArea();
    const session = new Session(area);
    const get = area.get.bind(area);
    let release: () => void = () => undefined;
    area.get = async (keys) => {
      const got = await get(keys);
      await new Promise<void>((resolve) => (release = resolve));
      return got;
    };
    const slow = session.isUnlocked();
    await Promise.resolve();
    await area.set({ dataKey: 'key' });
    await session.setUnlockMisses(null);
    release();
    expect(await slow).toBe(false);
    area.get = get;
    expect(await session.isUnlocked()).toBe(true);

    session.forget();
    area.get = () => Promise.reject(new Error('storage failed'));
    await expect(session.isUnlocked()).rejects.toThrow('storage failed');
    area.get = get;
    expect(await session.isUnlocked()).toBe(true);
  });

  it('a read that fails after a newer one was kept does not drop the newer one', async () => {
    const area = new MemoryArea();
    const session = new Session(area);
    const get = area.get.bind(area);
    let fail: (e: Error) => void = () => undefined;
    area.get = () => new Promise((_resolve, reject) => (fail = reject));
    const failing = session.isUnlocked();
    failing.catch(() => undefined);
    await session.unlocked('key', 1);
    let gets = 0;
    area.get = (keys) => {
      gets++;
      return get(keys);
    };
    expect(await session.isUnlocked()).toBe(true);
    fail(new Error('storage failed'));
    await expect(failing).rejects.toThrow('storage failed');
    expect(await session.lastActivity()).toBe(1);
    expect(gets).toBe(1);
  });
});

describe('Session state', () => {
  const RAW = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='; // 32 bytes
  const OTHER = 'HwAeAB0AHAAbABoAGQAYABcAFgAVABQAEwASABEAEAA='; // another 32 bytes
  const auth = (id: string) => ({ accountId: id, authorizationToken: `token-${id}`, apiUrl: 'https://api.example', authorizedAt: 1 }) as never;

  it('is unlocked exactly while a data key is stored, and unlocking starts with no tokens and fresh stamps', async () => {
    const area = new MemoryArea();
    const session = new Session(area);
    expect(await session.isUnlocked()).toBe(false);
    expect(await session.dataKey()).toBeNull();
    expect(await session.lastActivity()).toBeNull();
    await area.set({ tokens: { old: auth('old') } });
    await session.unlocked(RAW, 42);
    expect(await session.isUnlocked()).toBe(true);
    expect(await area.get(null)).toEqual({ dataKey: RAW, tokens: {}, lastActivity: 42, unlockedAt: 42 });
    expect(await session.lastActivity()).toBe(42);
    const key = await session.dataKey();
    expect(key?.type).toBe('secret');
    expect(key?.algorithm.name).toBe('AES-GCM');
  });

  it('re-imports the data key when the stored one changes (another worker unlocked with another vault), not before', async () => {
    const area = new MemoryArea();
    const session = new Session(area);
    await session.unlocked(RAW, 1);
    const first = await session.dataKey();
    expect(await session.dataKey()).toBe(first);
    // A change made behind this instance's back is seen once storage.session.onChanged says so (forget).
    await area.set({ dataKey: OTHER });
    session.forget();
    const second = await session.dataKey();
    expect(second).not.toBe(first);
    // The new key really is the other one: what it seals, a key imported from OTHER opens.
    const iv = new Uint8Array(12);
    const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, second!, new Uint8Array([7]));
    const fromOther = await crypto.subtle.importKey('raw', Uint8Array.from(atob(OTHER), (c) => c.charCodeAt(0)), 'AES-GCM', false, ['decrypt']);
    expect([...new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, fromOther, sealed))]).toEqual([7]);
    await area.remove('dataKey');
    session.forget();
    expect(await session.dataKey()).toBeNull();
    await area.set({ dataKey: OTHER });
    session.forget();
    expect(await session.dataKey()).not.toBe(second);
  });

  it('a stored data key that is not a string counts as locked', async () => {
    const area = new MemoryArea();
    await area.set({ dataKey: 12, lastActivity: 'soon' });
    const session = new Session(area);
    expect(await session.isUnlocked()).toBe(false);
    expect(await session.dataKey()).toBeNull();
    expect(await session.lastActivity()).toBeNull();
  });

  it('lock removes the data key, tokens and stamps but keeps the guessing count', async () => {
    const area = new MemoryArea();
    const session = new Session(area);
    await session.unlocked(RAW, 10);
    await session.setToken('acc', 'k', E, auth('acc'));
    await session.setUnlockMisses({ count: 3, lastMissAt: 9 });
    await session.dataKey();
    await session.lock();
    expect(await area.get(null)).toEqual({ unlockMisses: { count: 3, lastMissAt: 9 } });
    expect(await session.dataKey()).toBeNull();
    expect(await session.unlockMisses()).toEqual({ count: 3, lastMissAt: 9 });
  });

  it('a lock drops the cached key: after it, the same worker does not hand out the old key even if the area still had it', async () => {
    // An area whose remove is lost (as if another context wrote the key back): only the cache is under test.
    const area = new MemoryArea();
    const session = new Session(area);
    await session.unlocked(RAW, 1);
    const first = await session.dataKey();
    await session.lock();
    await area.set({ dataKey: RAW });
    expect(await session.dataKey()).not.toBe(first);
  });

  it('keeps one token per account, keyID and endpoint, only while unlocked, and drops an account\'s without touching the others', async () => {
    const area = new MemoryArea();
    const session = new Session(area);
    await session.setToken('a', 'ka', E, auth('a'));
    expect(await session.token('a', 'ka', E)).toBeUndefined();
    expect(await area.get('tokens')).toEqual({});
    await session.unlocked(RAW, 1);
    await session.setToken('a', 'ka', E, auth('a'));
    await session.setToken('b', 'kb', E, auth('b'));
    expect(await session.token('a', 'ka', E)).toEqual(auth('a'));
    expect(await session.token('b', 'kb', E)).toEqual(auth('b'));
    // Another key of the account (its key replaced): not the old key's token, and a late one of the old key does not
    // take the new key's place.
    expect(await session.token('a', 'ka2', E)).toBeUndefined();
    await session.setToken('a', 'ka2', E, auth('a2'));
    await session.setToken('a', 'ka', E, auth('a-late'));
    expect(await session.token('a', 'ka2', E)).toEqual(auth('a2'));
    // The same key at another endpoint (the account moved there): not the token the first endpoint gave.
    expect(await session.token('a', 'ka2', 'http://127.0.0.1:8787')).toBeUndefined();
    await session.dropToken('a');
    expect(await session.token('a', 'ka', E)).toBeUndefined();
    expect(await session.token('a', 'ka2', E)).toBeUndefined();
    expect(await area.get('tokens')).toEqual({ tokens: { b: { [`kb ${E}`]: auth('b') } } });
    // What earlier versions stored (one token per account; one per keyID) is no token.
    await area.set({ tokens: { c: auth('c') } });
    session.forget();
    expect(await session.token('c', 'authorizationToken', E)).toBeUndefined();
    expect(await session.token('c', 'kc', E)).toBeUndefined();
    await area.set({ tokens: { d: { kd: auth('d') } } });
    session.forget();
    expect(await session.token('d', 'kd', E)).toBeUndefined();
    // Dropping an account without a token writes nothing.
    let writes = 0;
    const set = area.set.bind(area);
    area.set = async (items) => {
      writes++;
      await set(items);
    };
    await session.dropToken('nobody');
    expect(writes).toBe(0);
    await session.lock();
    await session.dropToken('b');
    expect(writes).toBe(0);
  });

  it('a token minted by a call that raced a lock does not outlive the lock (writes are serialised)', async () => {
    const area = new MemoryArea();
    const session = new Session(area);
    await session.unlocked(RAW, 1);
    await Promise.all([session.lock(), session.setToken('late', 'k', E, auth('late')), session.touch(100_000)]);
    expect(await area.get(null)).toEqual({});
  });

  it('stores and clears the count of wrong passphrases; an invalid record reads as none', async () => {
    const area = new MemoryArea();
    const session = new Session(area);
    expect(await session.unlockMisses()).toBeNull();
    await session.setUnlockMisses({ count: 2, lastMissAt: 5 });
    expect(await session.unlockMisses()).toEqual({ count: 2, lastMissAt: 5 });
    await session.setUnlockMisses(null);
    expect(await area.get(null)).toEqual({});
    await area.set({ unlockMisses: { count: 'x' } });
    expect(await session.unlockMisses()).toBeNull();
  });
});

describe('Session: new keys whose applicationKey the vault could not take', () => {
  const T = 1_000_000;
  const key = (id: string) => ({ accountId: 'acc1', applicationKeyId: id, keyName: id, capabilities: ['readFiles'], bucketIds: null, namePrefix: null, expirationTimestamp: null, options: [] });

  it('are remembered for an hour by account and keyID, each under its own keyID only, and dropped one by one', async () => {
    const session = new Session(new MemoryArea());
    await session.keepUnsavedCreate(key('k1'), 'd1', T);
    await session.keepUnsavedCreate(key('k2'), 'd2', T + 1);
    expect(await session.unsavedCreate('acc1', 'k1', T + KEEP_UNSAVED_MS - 1)).toEqual({ digest: 'd1', key: key('k1'), at: T });
    expect(await session.unsavedCreate('acc1', 'k1', T + KEEP_UNSAVED_MS)).toBeNull();
    expect(await session.unsavedCreate('acc2', 'k1', T)).toBeNull();
    await session.dropUnsavedCreate('acc1', 'k1');
    expect(await session.unsavedCreate('acc1', 'k1', T)).toBeNull();
    expect(await session.unsavedCreate('acc1', 'k2', T)).not.toBeNull();
    // Dropping one that is not there changes nothing.
    await session.dropUnsavedCreate('acc1', 'k-none');
    expect(await session.unsavedCreate('acc1', 'k2', T)).not.toBeNull();
  });

  it('an entry filed under another keyID than its key’s, or of another shape, is none; old ones go when another is kept', async () => {
    const area = new MemoryArea();
    const session = new Session(area);
    await area.set({ unsavedCreates: { 'acc1 k1': { digest: 'd1', key: key('k2'), at: T }, 'acc1 k3': { digest: 7, key: key('k3'), at: T }, 'acc1 k4': { digest: 'd', key: key('k4') } } });
    expect(await session.unsavedCreate('acc1', 'k1', T)).toBeNull();
    expect(await session.unsavedCreate('acc1', 'k3', T)).toBeNull();
    expect(await session.unsavedCreate('acc1', 'k4', T)).toBeNull();
    await area.set({ unsavedCreates: { 'acc1 old': { digest: 'd', key: key('old'), at: T }, 'acc1 recent': { digest: 'd', key: key('recent'), at: T + 10 } } });
    session.forget();
    await session.keepUnsavedCreate(key('new'), 'd3', T + KEEP_UNSAVED_MS);
    expect(Object.keys(((await area.get('unsavedCreates')) as { unsavedCreates: object }).unsavedCreates).sort()).toEqual(['acc1 new', 'acc1 recent']);
  });

  const held = (recordId: string) => ({ recordId, sealed: { v: 1 as const, iv: 'iv', ct: `ct-${recordId}` } });
  const keyOf = (accountId: string, id: string) => ({ ...key(id), accountId });

  it('held secrets are never dropped for room or age; digests keep the newest that fit beside them (mutation testing)', async () => {
    const area = new MemoryArea();
    const session = new Session(area);
    // Three held secrets, the oldest an hour and more ago, then more digests than there is room for.
    await session.keepUnsavedCreate(key('h1'), 'dh1', T, held('r1'));
    await session.keepUnsavedCreate(key('h2'), 'dh2', T + 2, held('r2'));
    await session.keepUnsavedCreate(key('h3'), 'dh3', T + 1, held('r3'));
    const later = T + KEEP_UNSAVED_MS;
    for (let i = 0; i < MAX_UNSAVED + 5; i++) await session.keepUnsavedCreate(key(`d${i}`), `d${i}`, later + i);
    const kept = Object.keys(((await area.get('unsavedCreates')) as { unsavedCreates: object }).unsavedCreates);
    expect(kept.filter((k) => k.includes(' h')).sort()).toEqual(['acc1 h1', 'acc1 h2', 'acc1 h3']);
    // MAX_UNSAVED entries in all: the held ones take three places, the newest digests fill the rest (a slice from a
    // negative start kept only half of them before).
    const digests = kept.filter((k) => k.includes(' d')).map((k) => Number(k.slice('acc1 d'.length)));
    expect(digests.sort((a, b) => a - b)).toEqual(Array.from({ length: MAX_UNSAVED - 3 }, (_, i) => i + 5 + 3));
    // Oldest first, whatever order they were written in.
    expect((await session.heldSecrets()).map((h) => h.key.applicationKeyId)).toEqual(['h1', 'h3', 'h2']);
  });

  it('a held entry needs its record, a sealed object and a whole key; a value that is no object reads as nothing (mutation testing)', async () => {
    const area = new MemoryArea();
    const session = new Session(area);
    const whole = { digest: 'd', key: key('ok'), at: T, held: held('r') };
    await area.set({
      unsavedCreates: {
        'acc1 ok': whole,
        'acc1 a': { ...whole, at: 'T' },
        'acc1 b': { ...whole, held: { sealed: held('r').sealed } },
        'acc1 c': { ...whole, held: { recordId: 'r', sealed: null } },
        'acc1 d': { ...whole, held: { recordId: 'r', sealed: 'ct' } },
        'acc1 e': { ...whole, key: { ...key('e'), applicationKeyId: 5 } },
        'acc1 f': { ...whole, key: { ...key('f'), accountId: null } },
        'acc1 g': { ...whole, key: null },
      },
    });
    expect((await session.heldSecrets()).map((h) => h.key.applicationKeyId)).toEqual(['ok']);
    await area.set({ unsavedCreates: 'not an object' });
    session.forget();
    expect(await session.heldSecrets()).toEqual([]);
  });

  it('forgetting an account’s unsaved creates leaves every other account’s, held ones too, and writes nothing when it had none (mutation testing)', async () => {
    const area = new MemoryArea();
    const session = new Session(area);
    await session.keepUnsavedCreate(keyOf('acc1', 'a1'), 'da1', T, held('r1'));
    await session.keepUnsavedCreate(keyOf('acc1', 'a2'), 'da2', T);
    await session.keepUnsavedCreate(keyOf('acc2', 'b1'), 'db1', T, held('r2'));
    await session.keepUnsavedCreate(keyOf('acc2', 'b2'), 'db2', T);
    await session.dropUnsavedCreatesOf('acc1');
    expect(Object.keys(((await area.get('unsavedCreates')) as { unsavedCreates: object }).unsavedCreates).sort()).toEqual(['acc2 b1', 'acc2 b2']);
    expect((await session.heldSecrets()).map((h) => h.key.applicationKeyId)).toEqual(['b1']);
    let writes = 0;
    const set = area.set.bind(area);
    area.set = async (items) => {
      writes++;
      return set(items);
    };
    await session.dropUnsavedCreatesOf('acc-none');
    expect(writes).toBe(0);
  });

  it('marks saved only the creates that made that keyID, and leaves entries of other shapes as they are (mutation testing)', async () => {
    const area = new MemoryArea();
    const session = new Session(area);
    const outcomes = {
      r1: { state: 'created', applicationKeyId: 'k1', saved: false },
      r2: { state: 'created', applicationKeyId: 'k2', saved: false },
      r3: { state: 'failed', applicationKeyId: 'k1', saved: false },
      r4: 'a string',
      r5: null,
    };
    await area.set({ createOutcomes: outcomes });
    await session.markCreatesSaved('k1');
    expect(((await area.get('createOutcomes')) as { createOutcomes: object }).createOutcomes).toEqual({ ...outcomes, r1: { ...outcomes.r1, saved: true } });
    await area.set({ createOutcomes: 'not an object' });
    session.forget();
    await session.markCreatesSaved('k1');
    expect(((await area.get('createOutcomes')) as { createOutcomes: object }).createOutcomes).toEqual({});
  });
});
