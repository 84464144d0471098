import { describe, expect, it, vi } from 'vitest';
import { checkEndpoint, isLoopbackHost } from './endpoint';

describe('checkEndpoint', () => {
  it('accepts Backblaze and normalises the trailing slash', () => {
    expect(checkEndpoint('https://api.backblazeb2.com/')).toEqual({ ok: true, endpoint: 'https://api.backblazeb2.com' });
  });
  it('accepts http only on loopback', () => {
    expect(checkEndpoint('http://127.0.0.1:8787')).toEqual({ ok: true, endpoint: 'http://127.0.0.1:8787' });
    expect(checkEndpoint('http://localhost:9000/')).toEqual({ ok: true, endpoint: 'http://localhost:9000' });
    expect(checkEndpoint('http://[::1]:9000')).toEqual({ ok: true, endpoint: 'http://[::1]:9000' });
    const remote = checkEndpoint('http://api.backblazeb2.com');
    expect(remote.ok).toBe(false);
    expect(checkEndpoint('http://192.168.1.10').ok).toBe(false);
  });
  it('refuses other schemes, credentials in the URL and garbage with a sentence', () => {
    for (const bad of ['ftp://x.example', 'https://u:p@api.backblazeb2.com', 'not a url', '', 'https://x.example/?a=1']) {
      const r = checkEndpoint(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/\.$/);
    }
  });
  it('knows the loopback range', () => {
    expect(isLoopbackHost('127.10.0.3')).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
    expect(isLoopbackHost('localhost.evil.com')).toBe(false);
  });
});

describe('checkEndpoint, the edges', () => {
  it('a user name alone, or a password alone, is refused too', () => {
    for (const bad of ['https://u@api.backblazeb2.com', 'https://:p@api.backblazeb2.com']) {
      expect(checkEndpoint(bad), bad).toEqual({ ok: false, message: 'The address must not contain a user name or password.' });
    }
  });
  it('every trailing slash goes, and the path before them stays', () => {
    expect(checkEndpoint('https://api.backblazeb2.com//')).toEqual({ ok: true, endpoint: 'https://api.backblazeb2.com' });
    expect(checkEndpoint('https://proxy.example/b2///')).toEqual({ ok: true, endpoint: 'https://proxy.example/b2' });
  });
  it('an address pasted with spaces of any kind around it (a non-breaking space from a web page) is accepted', () => {
    expect(checkEndpoint('\u00a0https://api.backblazeb2.com\u00a0')).toEqual({ ok: true, endpoint: 'https://api.backblazeb2.com' });
    expect(checkEndpoint('  https://api.backblazeb2.com \n')).toEqual({ ok: true, endpoint: 'https://api.backblazeb2.com' });
  });
  it('a host that only starts or ends like a loopback address gets no plain http', () => {
    expect(checkEndpoint('http://127.0.0.1.evil.example')).toMatchObject({ ok: false, message: expect.stringMatching(/^Only https addresses/) });
    expect(isLoopbackHost('127.0.0.1.evil.example')).toBe(false);
    expect(isLoopbackHost('1127.0.0.1')).toBe(false);
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
  });
});

/** The loopback names are a module-level table, built once when the module loads: read here from a fresh load. */
describe('the loopback names, through a fresh load', () => {
  it('localhost and ::1, bracketed or not, are this computer', async () => {
    vi.resetModules();
    const fresh = await import('./endpoint');
    for (const host of ['localhost', '[::1]', '::1']) expect(fresh.isLoopbackHost(host), host).toBe(true);
    expect(fresh.checkEndpoint('http://localhost:9000')).toEqual({ ok: true, endpoint: 'http://localhost:9000' });
    expect(fresh.checkEndpoint('http://[::1]:9000')).toEqual({ ok: true, endpoint: 'http://[::1]:9000' });
  });
});
