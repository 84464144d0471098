import { describe, expect, it } from 'vitest';
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
