/**
 * Context-menu entries on editable fields: "Fill B2 keyID" and, while unlocked, "Fill B2 applicationKey",
 * each listing the active account's keys. Rebuilt from storage whenever what they show changes.
 */
import browser, { type Menus, type Tabs } from 'webextension-polyfill';
import type { Context } from './context';
import type { FillWhat } from './fill-plan';
import { enforceAutoLock } from './vault-methods';

/** Keeps the menu usable; the popup's search is the way to the rest. */
const MAX_KEYS = 25;
const ROOT_KEY_ID = 'b2km-fill-keyid';
const ROOT_SECRET = 'b2km-fill-secret';

/** Storage keys whose changes do not affect the menus (activity stamps, tokens). */
const IRRELEVANT = new Set(['lastActivity', 'tokens', 'lastFill', 'unlockedAt']);

function label(name: string, id: string): string {
  return `${name || '(no name)'} — ${id}`;
}

export function installMenus(ctx: Context): {
  rebuild: () => Promise<void>;
  /** Storage items (local or session) that changed: the menus are rebuilt unless none of them matters. */
  changed: (keys: readonly string[]) => void;
  onClicked: (info: Menus.OnClickData, tab: Tabs.Tab | undefined) => Promise<void>;
} {
  let running: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function build(): Promise<void> {
    await browser.contextMenus.removeAll();
    const accountId = await ctx.store.get('activeAccountId');
    if (!accountId) return;
    // The first keys in list order are one shard away; the menu never reads the whole list.
    const meta = await ctx.keyCache.meta(accountId);
    const keys = (await ctx.keyCache.window(accountId, 0, MAX_KEYS, meta)).map((r) => ({ applicationKeyId: r[0], keyName: r[1] }));
    if (keys.length === 0) return;
    await enforceAutoLock(ctx);
    const unlocked = await ctx.session.isUnlocked();
    const secrets = unlocked ? await ctx.store.secrets(accountId) : {};
    browser.contextMenus.create({ id: ROOT_KEY_ID, title: 'Fill B2 keyID', contexts: ['editable'] });
    for (const k of keys.slice(0, MAX_KEYS)) {
      browser.contextMenus.create({ id: `keyId:${k.applicationKeyId}`, parentId: ROOT_KEY_ID, title: label(k.keyName, k.applicationKeyId), contexts: ['editable'] });
    }
    if (meta.count > MAX_KEYS) {
      browser.contextMenus.create({ id: 'b2km-more', parentId: ROOT_KEY_ID, title: `${meta.count - MAX_KEYS} more: use the popup`, enabled: false, contexts: ['editable'] });
    }
    const withSecret = keys.filter((k) => secrets[k.applicationKeyId]);
    if (unlocked && withSecret.length) {
      browser.contextMenus.create({ id: ROOT_SECRET, title: 'Fill B2 applicationKey', contexts: ['editable'] });
      for (const k of withSecret.slice(0, MAX_KEYS)) {
        browser.contextMenus.create({ id: `secret:${k.applicationKeyId}`, parentId: ROOT_SECRET, title: label(k.keyName, k.applicationKeyId), contexts: ['editable'] });
      }
    }
  }

  function rebuild(): Promise<void> {
    running = running.then(build, build).catch((e: unknown) => console.error('b2km: menus', e instanceof Error ? e.name : typeof e));
    return running;
  }

  function changed(keys: readonly string[]): void {
    // Where-used records and check outcomes are not in the menus either (a fill writes one).
    if (keys.every((k) => IRRELEVANT.has(k) || k.startsWith('usage:') || k.startsWith('checks:'))) return;
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), 250);
  }

  /** The menu's action path; exported so the keyboard command and tests share it. */
  async function onClicked(info: Menus.OnClickData, tab: Tabs.Tab | undefined): Promise<void> {
    const match = /^(keyId|secret):(.+)$/.exec(String(info.menuItemId));
    if (!match || tab?.id === undefined) return;
    const what = match[1] as FillWhat;
    const request = { applicationKeyId: match[2]!, what, tabId: tab.id, frameId: info.frameId ?? 0, target: 'focused' as const };
    // Filling's code comes with the first fill (see later.ts): the menus are rebuilt far more often than clicked.
    await (await import('./menu-fill')).fillWithConfirmation(ctx, request);
  }

  return { rebuild, changed, onClicked };
}
