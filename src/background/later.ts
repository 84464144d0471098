/**
 * The handler groups a woken background does not need for its first answers (the status, the popup's first screen,
 * a key window, unlock, the accounts). service.ts reaches them only through `import('./later')`: Firefox's build
 * makes this a file of its own, parsed on the first call of one of its methods, not on every wake (Firefox keeps no
 * compiled copy of an event page's script, and parsing the whole background was most of a cold start). Chrome's
 * service worker cannot load code later, so its build inlines it (vite.config.ts). Firefox's build puts every module
 * the entry reaches only by a dynamic import in that same file: this one, the B2 client (b2-code.ts), filling
 * (menu-fill.ts, page-filler.ts; imported on their own, since they need the browser's APIs and these run in Node).
 */
export { backupHandlers } from './backup-methods';
export { clipboardHandlers } from './clipboard-methods';
export { createMethods } from './create-methods';
export { fillHandlers } from './fill-methods';
export { insightHandlers, rememberChecks } from './insight-methods';
export { lifecycleHandlers } from './lifecycle-methods';
