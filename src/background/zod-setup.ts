import { z } from 'zod';

// Extension pages and workers forbid eval under MV3's CSP; zod 4 would otherwise probe `new Function`
// for its fast path (and trip a CSP report) before falling back.
z.config({ jitless: true });
