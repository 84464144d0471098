// Pure policy helpers for autofill, used by the extension side (popup, background) before it hands a
// value to a page. No DOM, no extension APIs.

function isLoopbackHost(hostname: string): boolean {
  // URL has already normalised the host: lower case, IPv4 shorthand expanded ("127.1" → "127.0.0.1"),
  // IPv6 compressed and bracketed ("[0:0:0:0:0:0:0:1]" → "[::1]").
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return true;
  if (hostname === '[::1]') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * True when filling a secret into a page at `url` should first ask the user: anything but https, except
 * plain http on loopback (127.0.0.0/8, localhost and its subdomains, [::1]), which never leaves the
 * machine. Unparsable URLs, file:, data:, blob: and about: pages warn too.
 */
export function secretNeedsWarning(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return true;
  }
  if (parsed.protocol === 'https:') return false;
  if (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)) return false;
  return true;
}

/**
 * True when filling into a frame at `frameUrl` inside a tab showing `topUrl` needs the user's
 * confirmation: the frame's origin differs from the top page's (or either cannot be parsed, or is opaque).
 */
export function frameNeedsConfirmation(topUrl: string, frameUrl: string): boolean {
  let top: URL;
  let frame: URL;
  try {
    top = new URL(topUrl);
    frame = new URL(frameUrl);
  } catch {
    return true;
  }
  if (top.origin === 'null' || frame.origin === 'null') return true;
  return top.origin !== frame.origin;
}

/**
 * The frame's origin as `scheme://host[:port]` when it is a web (http or https) origin, else null. The value
 * comes from the page's side, so it is parsed again and only the parsed origin is kept: a path, query,
 * fragment or any other text can never come through.
 */
export function webOrigin(origin: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  return parsed.origin;
}

/** Schemes of documents that have no web address of their own. */
const NO_ADDRESS: Record<string, string> = {
  'data:': 'a data: URL',
  'blob:': 'a blob: URL',
  'about:': 'an about: page',
  'javascript:': 'a javascript: URL',
};

function schemeOf(url: string): string {
  // Only the scheme, and only if it looks like one: the rest of the URL is the page's text.
  const m = /^([a-z][a-z0-9+.-]{0,20}:)/i.exec(url.trim());
  return m ? m[1]!.toLowerCase() : '';
}

/**
 * How our sentences name a frame: by its web origin only, or, for a frame without one, by a fixed
 * description ("a sandboxed frame", "a frame with no web address (data: URL)"). Never any text of the
 * page: no path, query, fragment, title, and never the body of a data: URL.
 */
export interface FramePlace {
  /** `scheme://host[:port]`, or null when the frame has no web origin. */
  origin: string | null;
  /** A noun phrase for the frame: "a frame from https://host", "a sandboxed frame", … */
  phrase: string;
}

export function framePlace(origin: string, url: string): FramePlace {
  const web = webOrigin(origin);
  const scheme = schemeOf(url);
  const noAddress = NO_ADDRESS[scheme];
  if (web) {
    // blob: and about:srcdoc/blank documents run with the origin of the page that made them.
    return { origin: web, phrase: noAddress ? `a frame made by ${web} (${noAddress.replace(/^an? /, '')})` : `a frame from ${web}` };
  }
  if (noAddress) return { origin: null, phrase: `a frame with no web address (${noAddress.replace(/^an? /, '')})` };
  if (scheme === 'file:') return { origin: null, phrase: 'a frame showing a file from this computer' };
  // The opaque origin "null" with a web URL: the frame is sandboxed.
  if (origin === 'null') return { origin: null, phrase: 'a sandboxed frame' };
  return { origin: null, phrase: 'a frame whose address could not be checked' };
}
