/**
 * Background entry (service worker in Chrome, event page in Firefox). Wires browser APIs to the
 * service; all listeners are registered synchronously at top level so a woken worker sees the event
 * that woke it.
 */
import '../common/zod';
import browser, { type Runtime } from 'webextension-polyfill';
import { DIRECT_SLOT, directEntry } from '../rpc/direct';
import { createRouter } from '../rpc/router';
import { LocalStore, type StorageAreaLike } from '../storage';
import { CLIPBOARD_ALARM, ClipboardGuard, domAccess, offscreenAccess } from './clipboard';
import { installMenus } from './menus';
import { onInstalled } from './first-run';
import { Session } from './session';
import { countingKeepAlive, UPDATE_ALARM, UpdateGate, type UpdateStakes } from './update-gate';
import { createService } from './service';

const AUTO_LOCK_ALARM = 'b2km-auto-lock';
const CREATE_CHECK_ALARM = 'b2km-create-check';
/** Redraws the expiry badge: keys cross the warning threshold as time passes, without any change to the list. */
const EXPIRY_BADGE_ALARM = 'b2km-expiry-badge';
/** One-shot, at the next time a key turns "soon" or expires (the periodic one is the safety net). */
const EXPIRY_BADGE_NEXT_ALARM = 'b2km-expiry-badge-next';
const FILL_COMMAND = 'fill-keyid';

const manifest = browser.runtime.getManifest();
/**
 * Chrome: storage.local is closed to content scripts (by default they can read and write it), before
 * anything reads it: an injected script must not read the sealed secrets or edit where a key is sent.
 * Firefox supports this only for storage.session, so there the seal's binding (vault/secrets.ts) is what
 * catches an edit. storage.session is trusted-only by default in both: setAccessLevel is never called on it.
 */
type ChromeLocal = { setAccessLevel?: (o: { accessLevel: 'TRUSTED_CONTEXTS' }) => Promise<void> };
const chromeLocal = (globalThis as { chrome?: { storage?: { local?: ChromeLocal } } }).chrome?.storage?.local;
const localAccess: Promise<unknown> =
  __B2KM_BROWSER__ === 'chrome' && chromeLocal?.setAccessLevel
    ? chromeLocal.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(logFailure('b2km: storage.local access level not set'))
    : Promise.resolve();
const store = new LocalStore(gatedArea(browser.storage.local, localAccess));
// Every answer starts with the storage format check (two round trips to the browser: the access level, then the
// format version): begun now, it is done by the time the message that woke the worker is dispatched.
void store.init().catch(() => undefined);
const session = new Session(browser.storage.session);
const clipboard = new ClipboardGuard({
  session,
  local: gatedArea(browser.storage.local, localAccess),
  access: __B2KM_BROWSER__ === 'chrome' ? offscreenAccess() : domAccess(),
  alarms: browser.alarms,
  now: () => Date.now(),
});
/** Any extension API call counts as activity for Chrome's 30-second idle rule. */
function keepAlive(): () => void {
  const timer = setInterval(() => void browser.runtime.getPlatformInfo(), 20_000);
  return () => clearInterval(timer);
}
/** Calls in flight and copies held in memory: an update waits for them (update-gate.ts). */
const working = countingKeepAlive(keepAlive);
const service = createService({
  store,
  session,
  // Bound: calling an unbound `fetch` from another object throws "Illegal invocation" in workers.
  fetch: fetch.bind(globalThis),
  now: () => Date.now(),
  manifest: { name: manifest.name, version: manifest.version },
  browser: __B2KM_BROWSER__,
  demoEndpoint: __B2KM_DEMO_ENDPOINT__ || null,
  // Filling's code comes with the first fill (see later.ts).
  pageFiller: { fill: async (request) => (await import('./page-filler')).browserPageFiller().fill(request) },
  scheduleCheck: (at) => scheduleCreateCheck(at),
  clipboard,
  keepAlive: working.keepAlive,
  onFailure: (method, error) => logFailure(`b2km: ${method} failed`)(error),
});
const menus = installMenus(service.context);

let checkTimer: { at: number; id: ReturnType<typeof setTimeout> } | undefined;
/**
 * Create checks must run even if this worker is stopped meanwhile: an alarm wakes a new one (Chrome clamps
 * alarms to 30 s or more, so a timer covers the nearer times while this worker lives).
 */
function scheduleCreateCheck(at: number): void {
  void browser.alarms.get(CREATE_CHECK_ALARM).then((existing) => {
    if (!existing || existing.scheduledTime > at) void browser.alarms.create(CREATE_CHECK_ALARM, { when: at });
  });
  const delay = Math.max(0, at - Date.now()) + 50;
  if (delay < 30_000 && (!checkTimer || checkTimer.at > at)) {
    if (checkTimer) clearTimeout(checkTimer.id);
    checkTimer = {
      at,
      id: setTimeout(() => {
        checkTimer = undefined;
        void service.checkCreates();
      }, delay),
    };
  }
}

const route = createRouter(service.handlers, {
  extensionId: browser.runtime.id,
  extensionOrigin: new URL(browser.runtime.getURL('/')).origin,
  onError: (method, error) => logFailure(`b2km: ${method} failed`)(error),
});

// Firefox's pages call the event page directly for a window of the key list (src/rpc/direct.ts).
if (__B2KM_BROWSER__ === 'firefox') (globalThis as unknown as Record<string, unknown>)[DIRECT_SLOT] = directEntry(route, browser.runtime.id);

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  // Only our envelopes; returning undefined lets other listeners (none today) answer theirs.
  if (!message || typeof message !== 'object' || (message as { b2km?: unknown }).b2km !== 1) return undefined;
  return route(message, sender);
});

/**
 * The auto-lock alarm exists only while it has something to do: the vault unlocked with a time limit. It fires
 * every minute; kept for ever, it woke the background of a locked vault 1,440 times a day for nothing (and kept
 * Firefox's event page from staying idle). Every message runs the auto-lock check as well, so between a change and
 * this catching up nothing stays unlocked past its time. Serialised: an unlock and a lock in quick succession must
 * not end with the alarm of the first.
 */
let autoLockAlarmSync: Promise<void> = Promise.resolve();
function syncAutoLockAlarm(): Promise<void> {
  const run = async () => {
    const [unlocked, settings] = await Promise.all([session.isUnlocked(), store.settings()]);
    const wanted = unlocked && settings.autoLock.kind !== 'browserClose';
    const existing = await browser.alarms.get(AUTO_LOCK_ALARM);
    if (wanted && !existing) await browser.alarms.create(AUTO_LOCK_ALARM, { periodInMinutes: 1 });
    if (!wanted && existing) await browser.alarms.clear(AUTO_LOCK_ALARM);
  };
  autoLockAlarmSync = autoLockAlarmSync.then(run).catch(logFailure('b2km: auto-lock alarm not updated'));
  return autoLockAlarmSync;
}

/** Logs a failure by the error's name or type only: an error's text can hold a value (a key, a passphrase). */
function logFailure(message: string): (e: unknown) => void {
  return (e) => console.error(message, e instanceof Error ? e.name : typeof e);
}

/** Work nobody awaits: a failure is logged, not left as an unhandled rejection. */
function chore(what: string, work: Promise<unknown>): void {
  work.catch(logFailure(`b2km: ${what} failed`));
}

/** Extension pages open (the popup, an options tab): a reload would close them, and what is typed on them. */
async function openPages(): Promise<number> {
  if (__B2KM_BROWSER__ === 'firefox') return browser.extension.getViews({ type: 'tab' }).length + browser.extension.getViews({ type: 'popup' }).length;
  const runtime = (globalThis as unknown as { chrome: { runtime: { getContexts(f: { contextTypes: string[] }): Promise<unknown[]> } } }).chrome.runtime;
  return (await runtime.getContexts({ contextTypes: ['TAB', 'POPUP', 'SIDE_PANEL'] })).length;
}

const updateStakes = async (): Promise<UpdateStakes> => ({ held: (await session.heldSecrets()).length, busy: working.inForce(), pages: await openPages() });
const updates = new UpdateGate({
  stakes: updateStakes,
  inFlight: working.inForce,
  session: browser.storage.session,
  alarms: browser.alarms,
  reload: () => browser.runtime.reload(),
  keepAlive,
});
// Listening makes both browsers wait to apply an update until the gate reloads the extension (update-gate.ts).
browser.runtime.onUpdateAvailable.addListener(() => chore('update check', updates.available()));

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === UPDATE_ALARM) chore('update check', updates.alarm());
  if (alarm.name === AUTO_LOCK_ALARM) chore('auto-lock check', service.enforceAutoLock());
  if (alarm.name === CREATE_CHECK_ALARM) chore('create check', service.checkCreates());
  if (alarm.name === CLIPBOARD_ALARM) void clipboard.run('timer');
  if (alarm.name === EXPIRY_BADGE_ALARM || alarm.name === EXPIRY_BADGE_NEXT_ALARM) updateBadge();
});

let badgeTimer: ReturnType<typeof setTimeout> | undefined;
/** Debounced: a refresh writes many items in one go, and several writes may follow each other. */
function updateBadge(): void {
  if (badgeTimer) clearTimeout(badgeTimer);
  badgeTimer = setTimeout(() => {
    badgeTimer = undefined;
    void service
      .expiryBadge()
      .then(async (b) => {
        await browser.action.setBadgeBackgroundColor({ color: b.color });
        await browser.action.setBadgeText({ text: b.text });
        await browser.action.setTitle({ title: b.title });
        if (b.nextChangeAt === null) await browser.alarms.clear(EXPIRY_BADGE_NEXT_ALARM);
        else await browser.alarms.create(EXPIRY_BADGE_NEXT_ALARM, { when: b.nextChangeAt + 1_000 });
      })
      .catch(logFailure('b2km: badge not updated'));
  }, 300);
}

// The background's own writes (it is the only writer of storage.local): the key cache's meta item changes with
// every change to the list; the settings hold the warning time. Not storage.onChanged: see LocalStore.onWritten.
store.onWritten((keys) => {
  if (keys.some((k) => k === 'settings' || k === 'activeAccountId' || k === 'accounts' || /^keys:[^:]+$/.test(k))) updateBadge();
  if (keys.includes('settings')) void syncAutoLockAlarm();
  menus.changed(keys);
});

// storage.session only: a listener on storage.onChanged would also be sent every storage.local change, values and all.
// Every lock (the Lock button, auto-lock, screen lock, a lock from any page) removes the data key from the
// session: watching for that covers them all, including ones added later, without each calling us.
browser.storage.session.onChanged.addListener((changes) => {
  session.forget();
  const dataKey = changes.dataKey;
  if (dataKey && dataKey.oldValue !== undefined && dataKey.newValue === undefined) void clipboard.run('lock');
  if (dataKey) void syncAutoLockAlarm();
  menus.changed(Object.keys(changes));
});

/**
 * Only 'locked' (the screen locked) matters, and only Chrome reports it: Firefox never does (the options page
 * says so). Every state change starts the background, so Firefox does not listen at all (its suspended event page
 * was started again every ~35 s by 'idle', measured in Firefox ESR 153), and Chrome reports 'idle' only after
 * four hours without input ('locked' does not depend on that threshold).
 */
const IDLE_DETECTION_SECONDS = 4 * 60 * 60;
if (__B2KM_BROWSER__ === 'chrome') {
  // The threshold is set with the start-up chores below: the listener must be here, at the top.
  browser.idle.onStateChanged.addListener((state) => {
    if (state !== 'locked') return;
    void store.settings().then(async (s) => {
      if (s.lockOnScreenLock) await service.lock();
    });
  });
}

// Optional APIs (absent on some Firefox builds): their absence must not stop the rest of start-up.
browser.contextMenus?.onClicked.addListener((info, tab) => void menus.onClicked(info, tab));

browser.commands?.onCommand.addListener((command, tab) => {
  if (command !== FILL_COMMAND) return;
  void (async () => {
    const last = await store.get('lastFill');
    const target = tab?.id ?? (await browser.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id;
    if (target === undefined) return;
    if (!last || last.accountId !== (await store.get('activeAccountId'))) {
      // Nothing chosen yet: the popup is where a key is picked.
      await browser.action.openPopup().catch(() => undefined);
      return;
    }
    await (await import('./menu-fill')).fillWithConfirmation(service.context, { applicationKeyId: last.applicationKeyId, what: 'keyId', tabId: target, target: 'focused' });
  })();
});

/**
 * What the browser keeps while the worker sleeps (context menus, the toolbar badge) is drawn on install or update
 * and on browser start, and again whenever storage changes (menus.ts, the badge's listener) or an alarm fires; a
 * worker start does not redraw it, since that would read the key cache every time a message wakes the worker.
 */
function redrawBrowserUi(): void {
  void store.init().then(() => menus.rebuild());
  updateBadge();
}

browser.runtime.onInstalled.addListener((details) => {
  redrawBrowserUi();
  void onInstalled(details, {
    openOptionsPage: () => browser.runtime.openOptionsPage(),
    openTab: (url) => browser.tabs.create({ url }),
    optionsUrl: browser.runtime.getURL(manifest.options_ui?.page ?? 'src/options/index.html'),
  });
});

browser.runtime.onStartup.addListener(redrawBrowserUi);
// A copy left pending when the browser closed is still on the OS clipboard: this listener is what has the browser
// start the background for it (the start-up chore below runs it too; the second run finds nothing left to do).
browser.runtime.onStartup.addListener(() => void clipboard.run('timer'));

if (__B2KM_FLAVOR__ === 'test') {
  // Automation cannot click a native context menu; the test build exposes the menu's action path instead.
  // An update cannot be delivered to an unpacked extension: the gate's event and alarm are called directly.
  (globalThis as { __b2kmTest?: unknown }).__b2kmTest = {
    menuClick: menus.onClicked,
    rebuildMenus: menus.rebuild,
    updateStakes,
    updateAvailable: () => updates.available(),
    updateAlarm: () => updates.alarm(),
  };
}
/**
 * Start-up chores, a moment after the start: a worker is usually woken by a message, and its answer should not
 * queue behind these storage and alarm calls (a woken worker's first answer took twice as long). Every message
 * runs the auto-lock check itself, and a worker lives on for 30 s after its last event, so nothing is skipped.
 */
const STARTUP_CHORES_AFTER_MS = 500;
setTimeout(() => {
  // Alarms survive worker restarts; create them idempotently on every start.
  chore(
    'badge alarm',
    browser.alarms.get(EXPIRY_BADGE_ALARM).then((existing) => (existing ? undefined : browser.alarms.create(EXPIRY_BADGE_ALARM, { periodInMinutes: 30 }))),
  );
  void syncAutoLockAlarm();
  if (__B2KM_BROWSER__ === 'chrome') browser.idle.setDetectionInterval(IDLE_DETECTION_SECONDS);
  // Adopts create records a stopped worker left in flight, and runs checks that came due.
  chore('create check', store.init().then(() => service.checkCreates()));
  // A write cut off between its two storage calls: what it removes goes now, not only at the next write.
  chore('pending removals', store.finishPendingRemovals());
  chore('auto-lock check', service.enforceAutoLock());
  // A worker stopped while a clear was pending, or a browser closed then (the vault locked): clear now if its time
  // has passed or the vault is locked, else re-arm the timer.
  void clipboard.run('timer');
}, STARTUP_CHORES_AFTER_MS);

/** Every read and write of `area` waits for `ready` (the access level), so nothing is read before it is set. */
function gatedArea(area: StorageAreaLike, ready: Promise<unknown>): StorageAreaLike {
  return {
    get: (keys) => ready.then(() => area.get(keys)),
    set: (items) => ready.then(() => area.set(items)),
    remove: (keys) => ready.then(() => area.remove(keys)),
  };
}
