/** Build-time constants injected by vite.config.ts. */
declare const __B2KM_BROWSER__: 'chrome' | 'firefox';
declare const __B2KM_FLAVOR__: 'release' | 'demo' | 'test';
/** Set only in the demo build (npm start): the local emulator's URL. Empty otherwise. */
declare const __B2KM_DEMO_ENDPOINT__: string;
