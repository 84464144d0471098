/**
 * What `import browser from 'webextension-polyfill'` gives in our builds (vite.config.ts aliases it here): the
 * browser's own `browser` namespace. Firefox has always had it, and Chrome has since 148 (the manifest's
 * minimum_chrome_version), with promise-returning APIs and message listeners that may answer with a promise, which
 * is all the polyfill adds; from 148 on the polyfill itself steps aside when it finds `browser`. So its code is not
 * shipped (about 10 KB less for every page and for the background, whose whole code Chromium reads back at each
 * worker start); its types still describe the API we call.
 *
 * Why not the polyfill import as it was: a CommonJS module, whose ES-module interop copied every property of its
 * export; with Chromium's native `browser` that read every property descriptor, building every API's bindings at
 * once (about 15 ms at each start of a worker or page).
 */
import type { Browser } from 'webextension-polyfill';

const api = (globalThis as unknown as { browser: Browser }).browser;

export default api;
