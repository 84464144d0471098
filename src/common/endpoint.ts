/**
 * Which API endpoints the extension will send credentials to. Backblaze's own is https; plain http is
 * allowed only to this machine (the local emulator), because a keyID:applicationKey pair sent over
 * http anywhere else can be read on the way.
 */
export type EndpointCheck = { ok: true; endpoint: string } | { ok: false; message: string };

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

export function checkEndpoint(input: string): EndpointCheck {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: 'Enter a full address such as https://api.backblazeb2.com.' };
  }
  if (url.username || url.password) return { ok: false, message: 'The address must not contain a user name or password.' };
  if (url.search || url.hash) return { ok: false, message: 'The address must not contain ? or # parts.' };
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return { ok: false, message: 'Only https addresses are allowed, except http on this computer (127.0.0.1 or localhost) for a local emulator.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, message: 'The address must start with https://.' };
  // Normalise: no trailing slash, path kept (a proxy may live under a path).
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, endpoint: `${url.protocol}//${url.host}${path}` };
}
