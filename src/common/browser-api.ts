/**
 * What `import browser from 'webextension-polyfill'` gives in our builds (vite.config.ts aliases it here): the
 * browser's own `browser` namespace where it has one (Firefox, and Chromium since it added the namespace), else
 * the polyfill over `chrome` — the same choice the polyfill makes itself.
 *
 * Why not the polyfill import as it is: it is a CommonJS module, and the bundler's ES-module interop copies every
 * property of its export. When that export is Chromium's native `browser`, reading its properties' descriptors
 * builds every API's bindings at once: about 15 ms at each start of a worker or page, for APIs most never use.
 * `require` hands the export over as it is, and only when there is no native namespace.
 */
import type { Browser } from 'webextension-polyfill';

declare const require: (id: string) => unknown;

const native = (globalThis as unknown as { browser?: Browser }).browser;

// Firefox always has its own namespace: its builds leave the polyfill out (about 10 KB less for every page and the
// background to load).
const api: Browser =
  native?.runtime?.id || __B2KM_BROWSER__ === 'firefox' ? (native as Browser) : (require('webextension-polyfill/dist/browser-polyfill.js') as Browser);

export default api;
