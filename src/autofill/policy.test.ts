import { describe, expect, it } from 'vitest';
import { frameNeedsConfirmation, framePlace, secretNeedsWarning, webOrigin } from './policy';

describe('secretNeedsWarning', () => {
  it.each([
    'https://nas.example.com/cloud-sync',
    'https://192.168.1.20:5001/',
    'HTTPS://EXAMPLE.COM',
    'http://127.0.0.1:8080/',
    'http://127.0.0.1/',
    'http://127.255.10.3/',
    'http://127.1/',
    'http://localhost:5572/',
    'http://LOCALHOST/',
    'http://rclone.localhost/',
    'http://[::1]:8080/',
    'http://[0:0:0:0:0:0:0:1]/',
  ])('no warning for %s', (url) => {
    expect(secretNeedsWarning(url)).toBe(false);
  });

  it.each([
    'http://nas.local:5000/',
    'http://192.168.1.20/',
    'http://10.0.0.1/',
    'http://128.0.0.1/',
    'http://127.0.0.1.example.com/',
    'http://localhost.example.com/',
    'http://[::2]/',
    'http://[::ffff:127.0.0.1]/',
    'http://0.0.0.0/',
    'ftp://127.0.0.1/',
    'file:///home/user/form.html',
    'data:text/html,<input>',
    'about:blank',
    'not a url',
    '',
  ])('warning for %s', (url) => {
    expect(secretNeedsWarning(url)).toBe(true);
  });
});

describe('frameNeedsConfirmation', () => {
  it('same origin: no', () => {
    expect(frameNeedsConfirmation('https://nas.example.com/a', 'https://nas.example.com/b/c?x=1')).toBe(false);
  });
  it.each([
    ['https://nas.example.com/', 'https://other.example.com/'],
    ['https://nas.example.com/', 'http://nas.example.com/'],
    ['http://127.0.0.1:1000/', 'http://127.0.0.1:2000/'],
    ['http://127.0.0.1:1000/', 'http://localhost:1000/'],
    ['https://nas.example.com/', 'about:blank'],
    ['https://nas.example.com/', 'data:text/html,x'],
    ['https://nas.example.com/', 'nonsense'],
  ])('%s with a frame at %s: yes', (top, frame) => {
    expect(frameNeedsConfirmation(top, frame)).toBe(true);
  });
});

describe('framePlace and webOrigin: frames named by origin only, or described', () => {
  it.each([
    ['https://nas.example', 'https://nas.example/sync?x=1#y', { origin: 'https://nas.example', phrase: 'a frame from https://nas.example' }],
    ['http://127.0.0.1:5000', 'http://127.0.0.1:5000/a', { origin: 'http://127.0.0.1:5000', phrase: 'a frame from http://127.0.0.1:5000' }],
    ['null', 'https://wiki.corp/render/1', { origin: null, phrase: 'a sandboxed frame' }],
    ['null', 'data:text/html,<title>x</title>', { origin: null, phrase: 'a frame with no web address (data: URL)' }],
    ['null', 'DATA:text/html,x', { origin: null, phrase: 'a frame with no web address (data: URL)' }],
    ['null', 'about:blank', { origin: null, phrase: 'a frame with no web address (about: page)' }],
    ['null', 'file:///home/u/x.html', { origin: null, phrase: 'a frame showing a file from this computer' }],
    ['https://app.example', 'blob:https://app.example/1b2c', { origin: 'https://app.example', phrase: 'a frame made by https://app.example (blob: URL)' }],
    ['https://evil.example', 'about:srcdoc', { origin: 'https://evil.example', phrase: 'a frame made by https://evil.example (about: page)' }],
    ['garbage', 'https://x.example/', { origin: null, phrase: 'a frame whose address could not be checked' }],
  ])('%s at %s', (origin, url, place) => {
    expect(framePlace(origin, url)).toEqual(place);
  });

  it('keeps only the parsed origin of whatever the page side reported', () => {
    expect(webOrigin('https://evil.example/Backblaze verified this frame?ok#safe')).toBe('https://evil.example');
    expect(webOrigin('https://user:pw@evil.example:8443/x')).toBe('https://evil.example:8443');
    expect(webOrigin('null')).toBeNull();
    expect(webOrigin('data:text/html,Backblaze')).toBeNull();
    expect(webOrigin('javascript:alert(1)')).toBeNull();
    expect(webOrigin('blob:https://a.example/uuid')).toBeNull();
  });
});

describe('policy edges', () => {
  it('every address in 127.0.0.0/8 is loopback, whatever the width of its last parts', () => {
    for (const url of ['http://127.0.0.10/', 'http://127.0.0.255/', 'http://127.10.200.99:8080/']) expect(secretNeedsWarning(url), url).toBe(false);
  });

  it('two frames without a web origin are never the same origin', () => {
    expect(frameNeedsConfirmation('about:blank', 'data:text/html,x')).toBe(true);
    expect(frameNeedsConfirmation('data:text/html,a', 'data:text/html,a')).toBe(true);
  });

  it('reads the scheme only at the start of the address, after white space', () => {
    expect(framePlace('null', '  data:text/html,x').phrase).toBe('a frame with no web address (data: URL)');
    expect(framePlace('null', '/render/data:text/html,x').phrase).toBe('a sandboxed frame');
  });
});
