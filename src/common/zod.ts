/**
 * The one way product code reaches zod: its functional `zod/mini` API, configured before any schema is built.
 *
 * Why mini: Chromium deserialises the whole code cache of the background script on every wake, so its size
 * costs start-up whether used or not; classic zod (methods on every schema, JSON-schema code) was about 40% of
 * the bundle. Why here: `zod/mini` loads no locale, so without the English one every message zod writes itself
 * ("Invalid input: expected string, received number") would become a bare "Invalid input". Importing z from
 * this module, not from 'zod/mini', is what makes every context that parses (the background, Node tests) say
 * the same thing.
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// MV3's CSP forbids eval. zod/mini's objects never compile parsers (classic zod's did, after probing
// `new Function` and tripping a CSP report), so this is only a guard should a compiling schema come back.
z.config({ ...en(), jitless: true });

export { z };
