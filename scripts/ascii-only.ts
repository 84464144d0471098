/**
 * Built scripts are kept to ASCII. Chromium reads a script holding even one non-ASCII character as two-byte text:
 * decoding the service worker's 188 KB took 3.6 ms of a 41 ms cold start with 38 such characters (curly quotes in
 * messages), 0.9 ms without (Chromium 156, trace of a cold start). rolldown escapes them itself (`charset: 'ascii'`);
 * esbuild leaves them in regular expression literals, which is what `escapeNonAscii` is for.
 */

/**
 * Writes every non-ASCII UTF-16 unit as `\uXXXX`, which means the same inside strings, templates, regular expressions
 * (with or without the u flag: an escaped surrogate pair is still one code point there) and identifiers. Not inside
 * a tagged template's raw text, which the bundles here do not use.
 */
export function escapeNonAscii(code: string): string {
  // After a backslash, `\uXXXX` would be read as an escaped backslash followed by text.
  const escaped = /\\[\u0080-\uffff]/.exec(code);
  if (escaped) throw new Error(`a non-ASCII character follows a backslash at offset ${escaped.index}: write it as \\uXXXX in the source`);
  return code.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The offset of the first non-ASCII character, or -1. */
export function firstNonAscii(code: string): number {
  return code.search(/[\u0080-\uffff]/);
}
