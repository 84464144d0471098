import { describe, expect, it } from 'vitest';
import { MemoryArea } from './area';
import { DEFAULT_SETTINGS, SCHEMA_VERSION } from './schema';
import { salvageSettings, settingsSchema } from './settings';
import { LocalStore } from './store';

const valid = { autoLock: { kind: 'minutes', minutes: 15 }, lockOnScreenLock: true, endpoint: 'https://api.backblazeb2.com' };
const accepts = (patch: Record<string, unknown>) => settingsSchema.safeParse({ ...valid, ...patch }).success;

describe('settings schema: the bounds hold at both ends', () => {
  it('auto-lock after 1 to 1,440 whole minutes, or when the browser closes; nothing else', () => {
    for (const minutes of [1, 1440]) expect(accepts({ autoLock: { kind: 'minutes', minutes } })).toBe(true);
    for (const minutes of [0, 1441, 1.5, -5]) expect(accepts({ autoLock: { kind: 'minutes', minutes } })).toBe(false);
    expect(accepts({ autoLock: { kind: 'browserClose' } })).toBe(true);
    expect(accepts({ autoLock: { kind: 'never' } })).toBe(false);
    expect(accepts({ autoLock: { kind: 'minutes' } })).toBe(false);
  });

  it('refresh after 0 to 1,440 whole minutes or never (null); absent is allowed', () => {
    for (const v of [0, 1440, null, undefined]) expect(accepts({ refreshAfterMinutes: v })).toBe(true);
    for (const v of [-1, 1441, 2.5]) expect(accepts({ refreshAfterMinutes: v })).toBe(false);
  });

  it('clipboard clearing after 1 to 3,600 whole seconds or only on lock (null)', () => {
    for (const v of [1, 3600, null, undefined]) expect(accepts({ clipboardClearSeconds: v })).toBe(true);
    for (const v of [0, 3601, 1.5, -1]) expect(accepts({ clipboardClearSeconds: v })).toBe(false);
  });

  it('expiry warning 1 to 365 whole days', () => {
    for (const v of [1, 365, undefined]) expect(accepts({ expiryWarningDays: v })).toBe(true);
    for (const v of [0, 366, 1.5, null]) expect(accepts({ expiryWarningDays: v })).toBe(false);
  });

  it('the required fields are required and typed', () => {
    expect(accepts({ lockOnScreenLock: 'yes' })).toBe(false);
    expect(accepts({ endpoint: 7 })).toBe(false);
    expect(accepts({ recordUsage: 'on' })).toBe(false);
    expect(settingsSchema.safeParse({ autoLock: valid.autoLock, endpoint: valid.endpoint }).success).toBe(false);
  });
});

describe('settings of a fresh install', () => {
  it('lock after 15 minutes and on screen lock, clear the clipboard after 60 s, refresh after 5 minutes, the public B2 endpoint', async () => {
    const area = new MemoryArea();
    await area.set({ schemaVersion: SCHEMA_VERSION });
    expect(await new LocalStore(area).settings()).toEqual({
      autoLock: { kind: 'minutes', minutes: 15 },
      lockOnScreenLock: true,
      endpoint: 'https://api.backblazeb2.com',
      clipboardClearSeconds: 60,
      refreshAfterMinutes: 5,
    });
    expect(settingsSchema.safeParse(DEFAULT_SETTINGS).success).toBe(true);
  });

  it('settings that no longer parse are read field by field (a damaged auto-lock as the strictest), and the stored value is left as it is', async () => {
    const area = new MemoryArea();
    const broken = { ...valid, autoLock: { kind: 'minutes', minutes: 0 } };
    await area.set({ schemaVersion: SCHEMA_VERSION, settings: broken });
    expect((await new LocalStore(area).settings()).autoLock).toEqual({ kind: 'minutes', minutes: 1 });
    expect((await area.get('settings')).settings).toEqual(broken);
  });
});

describe('a settings record that fails the schema (one field damaged at rest)', () => {
  const chosen = { ...DEFAULT_SETTINGS, autoLock: { kind: 'minutes', minutes: 5 }, clipboardClearSeconds: 120, recordUsage: false, refreshAfterMinutes: null, expiryWarningDays: 30 };

  it('keeps every field valid on its own; an unrelated damaged field becomes its default', () => {
    expect(salvageSettings({ ...chosen, expiryWarningDays: 0, extra: 'x' }, DEFAULT_SETTINGS)).toEqual({ ...chosen, expiryWarningDays: undefined });
    expect(salvageSettings({ ...chosen, lockOnScreenLock: 'yes' }, DEFAULT_SETTINGS)).toEqual({ ...chosen, lockOnScreenLock: true });
  });

  it('a damaged auto-lock or clipboard time becomes the strictest choice, never a longer one', () => {
    expect(salvageSettings({ ...chosen, autoLock: { kind: 'never' } }, DEFAULT_SETTINGS).autoLock).toEqual({ kind: 'minutes', minutes: 1 });
    expect(salvageSettings({ ...chosen, clipboardClearSeconds: -1 }, DEFAULT_SETTINGS).clipboardClearSeconds).toBe(30);
    for (const raw of [null, 'settings', [1, 2]]) {
      expect(salvageSettings(raw, DEFAULT_SETTINGS)).toEqual({ ...DEFAULT_SETTINGS, autoLock: { kind: 'minutes', minutes: 1 }, clipboardClearSeconds: 30 });
    }
  });

  it('the store reads it so, and a save keeps the other stored choices (the damaged field repaired)', async () => {
    const area = new MemoryArea();
    await area.set({ schemaVersion: SCHEMA_VERSION, settings: { ...chosen, expiryWarningDays: 0 } });
    const store = new LocalStore(area);
    expect(await store.settings()).toMatchObject({ autoLock: { kind: 'minutes', minutes: 5 }, clipboardClearSeconds: 120, recordUsage: false, refreshAfterMinutes: null });
    await store.write(async (tx) => tx.set('settings', { ...(await store.settings()), expiryWarningDays: 7 }));
    expect(settingsSchema.safeParse((await area.get('settings')).settings).success).toBe(true);
    expect(await store.settings()).toMatchObject({ autoLock: { kind: 'minutes', minutes: 5 }, clipboardClearSeconds: 120, recordUsage: false, refreshAfterMinutes: null, expiryWarningDays: 7 });
  });
});
