/**
 * What the background needs from the B2 client only when it contacts B2, loaded then (context.ts): answers from
 * storage, a woken background's first ones, do without it. A file of its own rather than `import('../b2')`: a
 * dynamic import of the whole public API would take all of it into the first file, since parts of it (the error
 * classes, the capability names) are used there.
 */
export { authorize, B2Client } from '../b2';
