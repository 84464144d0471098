// @vitest-environment happy-dom
//
// The options page's settings after another tab changed them: coming back into view (visibilitychange) shows what is
// in effect, the way Options.tsx re-reads the vault status, without losing what the person is typing here. The
// background is a stand-in (vi.mock of the RPC client).
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Settings as SettingsData } from '../rpc/protocol';
import { autoLockValue } from './autoLock';

vi.stubGlobal('__B2KM_BROWSER__', 'chrome');

/** What the background holds: another tab writes here directly. */
let stored: SettingsData;
let reads: number;
/** While set, getSettings answers only when this is resolved (a read that overlaps a save). */
let holdRead: Promise<void> | null;
vi.mock('../rpc/client', () => ({
  rpc: async (method: string, params: Partial<SettingsData>) => {
    if (method === 'getSettings') {
      reads++;
      const snapshot = structuredClone(stored);
      if (holdRead) await holdRead;
      return snapshot;
    }
    if (method === 'setSettings') {
      stored = { ...stored, ...params };
      return structuredClone(stored);
    }
    throw new Error(`unexpected ${method}`);
  },
}));

const { Settings } = await import('./Settings');
const { WhereUsedSettings } = await import('./WhereUsedSettings');

let root: HTMLElement;
let visibility: DocumentVisibilityState;
beforeEach(() => {
  stored = { autoLock: { kind: 'minutes', minutes: 15 }, lockOnScreenLock: true, endpoint: 'https://api.backblazeb2.com', clipboardClearSeconds: 60, refreshAfterMinutes: 5, recordUsage: true };
  reads = 0;
  holdRead = null;
  visibility = 'visible';
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const settle = () => act(async () => {
  for (let i = 0; i < 4; i++) await new Promise((r) => setTimeout(r, 0));
});
const el = <T extends HTMLElement>(id: string) => root.querySelector<T>(`[data-testid="${id}"]`)!;
async function comeBack(): Promise<void> {
  visibility = 'visible';
  await act(() => void document.dispatchEvent(new Event('visibilitychange')));
  await settle();
}
async function change(id: string, value: string, event: 'change' | 'input' = 'change'): Promise<void> {
  await act(() => {
    const input = el<HTMLInputElement | HTMLSelectElement>(id);
    input.value = value;
    input.dispatchEvent(new Event(event, { bubbles: true }));
  });
  await settle();
}

describe('Settings', () => {
  async function open(): Promise<void> {
    await act(() => render(<Settings />, root));
    await settle();
    expect(el<HTMLSelectElement>('auto-lock').value).toBe('15');
  }

  it('shows the auto-lock and clipboard clearing another tab set, once this tab is back in view', async () => {
    await open();
    visibility = 'hidden';
    await act(() => void document.dispatchEvent(new Event('visibilitychange')));
    await settle();
    expect(reads).toBe(1);
    stored = { ...stored, autoLock: { kind: 'browserClose' }, clipboardClearSeconds: null };
    await comeBack();
    expect(reads).toBe(2);
    expect(el<HTMLSelectElement>('auto-lock').value).toBe(autoLockValue({ kind: 'browserClose' }));
    expect(el<HTMLSelectElement>('clipboard-clear').value).toBe('never');
  });

  it('keeps an endpoint typed here and not saved; a saved one follows the other tab', async () => {
    await open();
    stored = { ...stored, endpoint: 'https://api001.backblazeb2.com', autoLock: { kind: 'minutes', minutes: 60 } };
    await comeBack();
    expect(el<HTMLInputElement>('settings-endpoint').value).toBe('https://api001.backblazeb2.com');
    await change('settings-endpoint', 'http://127.0.0.1:9000', 'input');
    stored = { ...stored, endpoint: 'https://api002.backblazeb2.com', autoLock: { kind: 'minutes', minutes: 5 } };
    await comeBack();
    expect(el<HTMLInputElement>('settings-endpoint').value).toBe('http://127.0.0.1:9000');
    expect(el<HTMLSelectElement>('auto-lock').value).toBe('5');
  });

  it('a read that overlaps a save does not put back the value the save replaced', async () => {
    await open();
    let release!: () => void;
    holdRead = new Promise((r) => (release = r));
    await comeBack();
    holdRead = null;
    await change('auto-lock', '60');
    expect(stored.autoLock).toEqual({ kind: 'minutes', minutes: 60 });
    release();
    await settle();
    expect(el<HTMLSelectElement>('auto-lock').value).toBe('60');
  });
});

describe('WhereUsedSettings', () => {
  it('shows recording turned off in another tab once this tab is back in view', async () => {
    await act(() => render(<WhereUsedSettings readOnly={false} />, root));
    await settle();
    expect(el<HTMLInputElement>('record-usage').checked).toBe(true);
    stored = { ...stored, recordUsage: false };
    await comeBack();
    expect(el<HTMLInputElement>('record-usage').checked).toBe(false);
  });

  it('a read that overlaps turning it on does not turn it back off', async () => {
    stored = { ...stored, recordUsage: false };
    await act(() => render(<WhereUsedSettings readOnly={false} />, root));
    await settle();
    let release!: () => void;
    holdRead = new Promise((r) => (release = r));
    await comeBack();
    holdRead = null;
    await act(() => el<HTMLInputElement>('record-usage').click());
    await settle();
    expect(stored.recordUsage).toBe(true);
    release();
    await settle();
    expect(el<HTMLInputElement>('record-usage').checked).toBe(true);
  });
});
