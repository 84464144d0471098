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
